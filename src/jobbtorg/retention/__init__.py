"""Retention (gallring): culling the case files of people whose last entry is older than the
period, keeping what the key figures need without personal data (docs/operations.md)."""
