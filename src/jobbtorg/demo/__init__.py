"""Demo data for `make run`: one account per role and fictional people in every stage."""
