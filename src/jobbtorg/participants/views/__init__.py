"""The pages of participants and their cases: thin. A Django form parses what was typed, the
service decides and writes (with its audit entry), the page renders."""
