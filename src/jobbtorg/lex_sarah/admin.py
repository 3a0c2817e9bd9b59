"""Nothing of lex Sarah is in Django's admin. The reports hold what happened to named people
(tests/core/test_admin_no_personal_data.py: the administrator sees no personal data), and the
officers' designations are made and ended on their own page (/lex-sarah/handlaggare/), through
the services that audit them: an admin form would write past the audit."""
