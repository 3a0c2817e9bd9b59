# A day written out, as in "tisdag 14 mars" (docs/portal.md).
PORTAL_DAY_FORMAT = "l j F"
