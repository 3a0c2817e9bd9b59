"""The summer-job pages, one module per noun: the application (the public form and the staff's
list and page), the applicant's own page, priority grounds, workplaces and seasons. Thin: forms
parse, the services decide and write, the selectors read (and write the read-audit)."""
