"""Where a scenario's growth would place the municipality among its peers' past growth.

The explorer shows, for the chosen peer group, what rank the scenario's yearly job growth from
the latest year to the target year would have had among the other members' actual yearly growth
over the last five years: "nr. 9 av 30". It answers "is this scenario ambitious compared with
what similar places have achieved?", not a forecast of the others.

>>> import pandas as pd
>>> past = pd.Series({"a": 2.0, "b": 1.0, "c": 0.5, "own": 0.8})
>>> placement = PeerPlacement("own", "Sarpsborg", "2020–2025", {"Gruppen": past})
>>> placement.rank(1.2, "Gruppen")
(2, 4)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from naering_analysis.analysis.comparison import PeerComparison
from naering_analysis.analysis.ranking import rank_label
from naering_analysis.numfmt import fmt_pct


@dataclass(frozen=True)
class PeerPlacement:
    """Each group's members' past yearly job growth (%), to place a scenario's growth among."""

    kommune: str
    region_name: str
    period: str
    growth_by_group: Mapping[str, pd.Series]

    @classmethod
    def from_comparison(cls, comparison: PeerComparison) -> PeerPlacement:
        """Build the placement from a comparison (use the latest five years)."""
        growth = comparison.measures.set_index("region_code")["jobs_annual_pct"]
        groups = {
            name: growth.reindex(list(members)).dropna()
            for name, members in comparison.groups.items()
        }
        return cls(comparison.kommune, comparison.region_name, comparison.period, groups)

    @property
    def groups(self) -> list[str]:
        """The group names, in the comparison's order (the chosen peer group first)."""
        return list(self.growth_by_group)

    def rank(self, rate_pct: float, group: str) -> tuple[int, int]:
        """Return (rank, size) of ``rate_pct`` among the group's other members' growth.

        The municipality's own past growth is replaced by the scenario's; ties share the best
        rank, as in the report's rankings.
        """
        others = self.growth_by_group[group].drop(self.kommune, errors="ignore")
        return 1 + int((others > rate_pct).sum()), len(others) + 1

    def describe(self, rate_pct: float, target_year: int, group: str) -> str:
        """Return the Norwegian sentence the explorer shows under the key figures."""
        rank, size = self.rank(rate_pct, group)
        return (
            f"Med {fmt_pct(rate_pct / 100, 1)} vekst per år fram til {target_year} ville "
            f"{self.region_name} vært {rank_label(rank, size)} i «{group}», målt mot de andre "
            f"kommunenes faktiske vekst per år {self.period}."
        )
