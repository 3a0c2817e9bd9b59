# A day written out, as in "الثلاثاء 14 مارس"; digits stay Western (docs/portal.md).
PORTAL_DAY_FORMAT = "l j F"
