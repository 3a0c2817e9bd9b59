"""The audit log: one append-only entry for every read and write of personal data.

Write entries only through the named functions in `events`.
"""
