"""Every read of matching, one module per domain noun. Each model that holds or names a person
starts from its `<model>s_visible_to(user)`; the reads that return people for a page to show
write the read-audit entry themselves (one write for a list), so no page can forget it."""
