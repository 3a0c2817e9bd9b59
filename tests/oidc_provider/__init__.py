"""A real OpenID provider for the sign-in tests: django-oidc-provider in a small Django project
of its own, run as a separate process (`serve.py`) with its own SQLite database. Jobbtorg signs
in against it exactly as against the city's provider; nothing of the protocol is mocked."""
