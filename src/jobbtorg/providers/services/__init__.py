"""Every write of the providers app, one module per noun: the catalog, participations, the
provider's reports, attendance, free choice; and the comparison's reads for its table."""
