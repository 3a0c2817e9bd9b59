"""Every write about participants and their cases, one module per thing written."""
