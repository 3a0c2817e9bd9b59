"""Results-based payment of providers (R27): payment models as data, the monthly run.

Plain Python: the Django app `jobbtorg.providers` reads contracts, participations and the lines
of earlier runs, passes them in as the facts of `model`, and stores the lines it gets back.
"""
