"""Development (`make run`): debug on, demo logins shown, SQLite unless DATABASE_URL says
otherwise."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("JOBBTORG_DEMO_MODE", "true")

from jobbtorg.config.env import env_str  # noqa: E402
from jobbtorg.config.settings.base import *  # noqa: E402,F403
from jobbtorg.config.settings.base import DATA_DIR  # noqa: E402

DATA_DIR.mkdir(parents=True, exist_ok=True)
# A fixed development key: prod.py refuses any key with this prefix.
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-never-in-production")
