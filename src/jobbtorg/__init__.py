"""Jobbtorg: the city's job centres, end to end."""
