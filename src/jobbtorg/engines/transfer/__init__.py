"""Bulk transfer of case files (R34): the format as data, reading, validating, writing.

Plain Python: the Django app `jobbtorg.transfer` reads the code lists and the people already in
the database, passes them in, and writes the records it gets back.
"""
