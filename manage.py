#!/usr/bin/env python
"""Same as `.venv/bin/jobbtorg`, for those used to manage.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from jobbtorg.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
