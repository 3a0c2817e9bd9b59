"""How long occupation suggestions take over the 258 real 2019 ads (shared/data).

The first run builds the taxonomy's index; later runs reuse it. Baseline: lower-casing and
splitting the same texts into words, the least any suggestion must do. Medians in this process.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))


def main():
    from tests.matching.shared_data import free_text_ads

    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from jobbtorg.matching import taxonomy

        ads = [(a.get("content") or "", a.get("header") or "") for a in free_text_ads()]

        def baseline():
            return [(text.lower().split(), head.lower().split()) for text, head in ads]

        def suggest():
            return [taxonomy.suggest_occupations(text, headline=head) for text, head in ads]

        def timed(action, repeats):
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                action()
                times.append((time.perf_counter() - start) * 1000)
            return statistics.median(times)

        taxonomy.clear_cache()
        start = time.perf_counter()
        suggest()
        cold = (time.perf_counter() - start) * 1000
        warm = timed(suggest, REPEATS)
        base = timed(baseline, REPEATS)
        print(f"{connection.vendor}, {len(ads)} ads, median of {REPEATS}")
        print(f"  baseline: split the texts into words   {base:9.1f} ms  x{1:7.1f}")
        print(f"  suggestions, index built first          {cold:9.1f} ms  x{cold / base:7.1f}")
        print(f"  suggestions, index ready                {warm:9.1f} ms  x{warm / base:7.1f}")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
