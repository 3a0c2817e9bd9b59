"""Plan versions, activities and follow-ups name people: none of them is in the admin (the
activity types a plan names are the catalog's)."""
