"""Descriptive analysis of jobs: growth, contributions, shift-share and the programme goal.

Pure functions on tidy frames, each checked against a hand-computed example in the tests:
:mod:`.growth` (annual change, CAGR, contributions, sectors, location quotients),
:mod:`.shift_share` (classic, Esteban-Marquillas and dynamic), :mod:`.goal` (the target
path at 1.5 % a year, the gap and the growth needed to close it), :mod:`.peers` (structural
growth and attractiveness for every municipality at once) and :mod:`.ranking` ("nr. 12 av 41"). The names ``goal``,
``growth`` and ``shift_share`` are the modules (``shift_share.shift_share`` is the function).

May import: ``datasets`` (for its input checks), ``reference`` and the ground floor. Siblings
``forecast`` and ``analysis`` do not import each other.
"""

from naering_analysis.analysis.goal import (
    goal_gap,
    jobs_per_year_at_rate,
    required_focus_growth,
    required_growth,
    target_path,
)
from naering_analysis.analysis.growth import (
    annual_change,
    cagr,
    cagr_value,
    contributions,
    location_quotients,
    sector_decomposition,
)
from naering_analysis.analysis.peers import municipality_measures
from naering_analysis.analysis.ranking import MEASURES, all_ranks, rank_label, ranks
from naering_analysis.analysis.shift_share import (
    dynamic_shift_share,
    shift_share_summary,
    structural_vs_attractiveness,
)

__all__ = [
    "MEASURES",
    "all_ranks",
    "annual_change",
    "cagr",
    "cagr_value",
    "contributions",
    "dynamic_shift_share",
    "goal_gap",
    "jobs_per_year_at_rate",
    "location_quotients",
    "municipality_measures",
    "rank_label",
    "ranks",
    "required_focus_growth",
    "required_growth",
    "sector_decomposition",
    "shift_share_summary",
    "structural_vs_attractiveness",
    "target_path",
]
