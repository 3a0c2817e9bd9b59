"""Distances between districts, from their centroids.

Great-circle distance (haversine, earth radius 6371.0 km) between two districts' centroids,
rounded to 0.1 km: a district is an area, so a finer figure would pretend a precision the data
does not have. A district is 0 km from itself. A district without a known centroid has no
distance (``None``) to any other; the scoring treats that as ``Weights.far_km`` (no travel
points, but never excluded for travel): missing data must not shut a person out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

EARTH_RADIUS_KM = 6371.0


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance in km between two (lat, lon) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class DistrictDistances:
    """Km between districts by slug, computed once from ``{slug: (lat, lon)}``."""

    def __init__(self, centroids: Mapping[str, tuple[float, float]]) -> None:
        self.centroids = dict(centroids)
        self._km: dict[tuple[str, str], float] = {}
        for a, pa in self.centroids.items():
            for b, pb in self.centroids.items():
                self._km[a, b] = 0.0 if a == b else round(great_circle_km(pa, pb), 1)

    def km(self, a: str, b: str) -> float | None:
        """Km from district ``a`` to ``b``; 0 for the same slug, ``None`` if either is unknown."""
        if a == b:
            return 0.0
        return self._km.get((a, b))

    def slugs(self, more: Iterable[str] = ()) -> list[str]:
        """The known slugs and any others given, sorted and without repeats."""
        return sorted(set(self.centroids) | set(more))
