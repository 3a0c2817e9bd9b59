"""Where the project's shared reference data lives (`../shared/data` beside the repository);
tests read the ads there, the project never copies them."""

import json
import os
from pathlib import Path
from typing import Any

# JOBBTORG_SHARED_DATA points elsewhere when the checkout is not beside `shared/`.
SHARED_DATA = Path(
    os.environ.get("JOBBTORG_SHARED_DATA")
    or (Path(__file__).resolve().parents[2] / "../shared/data")
).resolve()
JOBSEARCH_ADS = SHARED_DATA / "jobsearch_format_fixture_ads.json"
FREE_TEXT_ADS = SHARED_DATA / "jobscanning_ads_2019.json"


def jobsearch_ads() -> list[dict[str, Any]]:
    return json.loads(JOBSEARCH_ADS.read_text(encoding="utf-8"))


def free_text_ads() -> list[dict[str, Any]]:
    return json.loads(FREE_TEXT_ADS.read_text(encoding="utf-8"))
