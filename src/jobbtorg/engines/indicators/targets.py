"""How a key figure stands against the committee's target (R31): met, near or not met.

One rule for the dashboard, its overview, the tertial report and the API; documented in
docs/key-figures.md ("Targets and statuses")."""

from __future__ import annotations

MET = "met"
NEAR = "near"
NOT_MET = "not_met"

# Shares are floats: 0.84 computed as 42/50 must count as meeting a target of 0.84.
_TOLERANCE = 1e-9


def target_status(value: float | None, target: float, higher_is_better: bool, margin: float) -> str:
    """Met: at or beyond the target in the good direction; near: short of it by at most the
    margin (the committee's, in the indicator's unit); not met: further off. No value: no
    status ("")."""
    if value is None:
        return ""
    shortfall = target - value if higher_is_better else value - target
    if shortfall <= _TOLERANCE:
        return MET
    if shortfall <= margin + _TOLERANCE:
        return NEAR
    return NOT_MET
