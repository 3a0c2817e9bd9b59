"""Every weight and threshold of the matching engine, in this one place (R23-R24).

A match is scored in points; the points of a pair are divided by the most a pair can get
(``Weights.maximum``, the same for every pair) and shown as 0-100. Why these numbers:

- **Occupation counts most** (up to 40 of 90). The vacancy's SSYK 2012 4-digit group against
  the person's: the same group 40, the same 3-digit minor group 25, the same 2-digit sub-major
  group 15, the same 1-digit major group 5. A wished occupation counts at full weight; an
  occupation from work history counts by years, because a short spell says less: 40 % plus
  20 % per year, so 1 year counts 60 % and 3 years or more 100 %. The better of wish and
  experience counts, never both (a person is not paid twice for one occupation).
- **Required skills** (up to 20): the share of the vacancy's required skills the person has.
  Skills are the taxonomy's concept ids, so a skill either is or is not there.
- **Desired skills** (up to 10) and **desired languages** (up to 5): the share met; these are
  "nice to have", so they count less than required skills.
- A vacancy that asks for nothing in one of these three leaves nothing missing: every person
  gets that factor's full points. So the maximum is the same for every pair and a score means
  the same thing across vacancies.
- **Travel** (up to 10): the distance between the person's home district and the workplace's
  district: full points within ``near_km``, falling linearly to 0 at ``far_km``; beyond
  ``max_travel_km`` the match is excluded, unless the person listed the workplace's district as
  one they can travel to (then full points: the person's own word beats the map).
- **Extent** (up to 5): a full-time person and a full-time job, a part-time person and a
  part-time job, or a person who takes either, get 5; a part-time job for a full-time seeker 3
  (it does not give them what they asked for, but they may still want it).

Hard requirements exclude a match (score 0, never in a best list): the person is not available,
lacks a required language, lacks a required driving licence, can only work part time and the job
is full time, or lives beyond ``max_travel_km`` from a district they did not list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """Points per factor and the thresholds; see the module's text for the reasons."""

    occupation_exact: float = 40.0  # same SSYK 4-digit unit group
    occupation_shared_3: float = 25.0  # same 3-digit minor group
    occupation_shared_2: float = 15.0  # same 2-digit sub-major group
    occupation_shared_1: float = 5.0  # same 1-digit major group
    experience_base_share: float = 0.4  # share of occupation points for experience, plus ...
    experience_share_per_year: float = 0.2  # ... this much per year, at most 1.0 (3 years)
    required_skills: float = 20.0
    desired_skills: float = 10.0
    desired_languages: float = 5.0
    travel: float = 10.0
    near_km: float = 3.0  # full travel points within this distance
    far_km: float = 20.0  # travel points fall linearly to 0 here
    max_travel_km: float = 30.0  # beyond this excluded, unless the district is listed
    extent: float = 5.0  # the kind of extent the person asked for
    extent_part_time_for_full_time_seeker: float = 3.0

    def occupation_points(self, shared_digits: int) -> float:
        """Points for a vacancy's and a person's SSYK codes sharing the first digits."""
        return (
            0.0,
            self.occupation_shared_1,
            self.occupation_shared_2,
            self.occupation_shared_3,
            self.occupation_exact,
        )[shared_digits]

    def experience_share(self, years: float) -> float:
        """The share of an occupation's points that this many years of experience earn."""
        if years <= 0:
            return 0.0
        return min(1.0, self.experience_base_share + self.experience_share_per_year * years)

    def travel_points(self, km: float | None) -> float:
        """Points for the distance; an unknown distance is treated as ``far_km`` (0 points)."""
        if km is None or km >= self.far_km:
            return 0.0
        if km <= self.near_km:
            return self.travel
        return self.travel * (self.far_km - km) / (self.far_km - self.near_km)

    def travel_excluded(self, km: float | None) -> bool:
        """Beyond ``max_travel_km`` (an unknown distance is never excluded)."""
        return km is not None and km > self.max_travel_km

    @property
    def maximum(self) -> float:
        """The most points a pair can get; scores are points / maximum * 100."""
        return (
            self.occupation_exact
            + self.required_skills
            + self.desired_skills
            + self.desired_languages
            + self.travel
            + self.extent
        )


DEFAULT_WEIGHTS = Weights()
