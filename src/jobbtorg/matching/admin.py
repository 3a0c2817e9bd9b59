"""Nothing of matching is in Django's admin, on purpose: the taxonomy is reference data loaded by
migration from `reference/`; employers and vacancies are kept on the matching pages, where the
matchers' rules and the contact log apply; matching profiles, proposals and fair invitations are
personal data, which the admin never shows (see `core/admin.py`)."""
