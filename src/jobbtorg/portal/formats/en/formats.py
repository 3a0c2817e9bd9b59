# A day written out, as in "Tuesday 14 March" (docs/portal.md).
PORTAL_DAY_FORMAT = "l j F"
