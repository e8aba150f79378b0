"""Rankings: where a municipality stands on each measure within a group ("nr. 12 av 41").

Rank 1 is the highest value. Ties share the best rank they cover (competition ranking: two
municipalities tied for second are both "nr. 2", the next is "nr. 4"). A municipality whose
value is missing (a suppressed cell) is not ranked, and the group size counts only the
municipalities that are ranked, so "av 41" is always the number of values compared.

>>> import pandas as pd
>>> m = pd.DataFrame({"region_code": ["a", "b", "c", "d"], "x": [3.0, 5.0, 5.0, None]})
>>> rank_in_group(m, "x", ["a", "b", "c", "d"])["rank"].tolist()
[3.0, 1.0, 1.0, nan]
>>> rank_label(12, 41), rank_label(float("nan"), 41)
('nr. 12 av 41', 'ikke rangert')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from naering_analysis.datasets.checks import require_columns
from naering_analysis.errors import AnalysisError

Unit = Literal["pct", "pp", "jobs", "ratio", "persons"]


@dataclass(frozen=True)
class Measure:
    """A ranked measure: its column in :func:`~.peers.municipality_measures`, label and unit."""

    column: str
    label: str
    unit: Unit


#: The measures ranked in the report, in reading order (Norwegian labels as shown to readers).
MEASURES: tuple[Measure, ...] = (
    Measure("jobs_annual_pct", "Arbeidsplassvekst per år", "pct"),
    Measure("private_jobs_annual_pct", "Vekst i private arbeidsplasser per år", "pct"),
    Measure("structural_annual_pct", "Strukturell vekst per år", "pct"),
    Measure("attractiveness_annual_pp", "Attraktivitet, prosentpoeng per år", "pp"),
    Measure("attractiveness_jobs", "Attraktivitet, arbeidsplasser", "jobs"),
    Measure("job_coverage", "Arbeidsplassdekning", "ratio"),
    Measure("net_commuting", "Netto innpendling", "persons"),
    Measure("employment_rate_pct", "Sysselsettingsandel 15–74 år", "pct"),
    Measure("population_annual_pct", "Befolkningsvekst per år", "pct"),
)
MEASURE_BY_COLUMN = {m.column: m for m in MEASURES}


def rank_label(rank: float, size: int) -> str:
    """Return ``"nr. 12 av 41"``, or ``"ikke rangert"`` when there is no rank."""
    if rank is None or (isinstance(rank, float) and math.isnan(rank)):
        return "ikke rangert"
    return f"nr. {int(rank)} av {int(size)}"


def rank_in_group(measures: pd.DataFrame, column: str, members: Sequence[str]) -> pd.DataFrame:
    """Rank ``column`` among ``members``: ``region_code``, ``value``, ``rank``, ``size``."""
    require_columns(measures, ["region_code", column], "rank_in_group")
    part = measures.loc[measures["region_code"].isin(list(members)), ["region_code", column]]
    values = pd.to_numeric(part[column], errors="coerce").astype("float64")
    rank = values.rank(method="min", ascending=False)
    return pd.DataFrame(
        {
            "region_code": part["region_code"].to_numpy(),
            "value": values.to_numpy(),
            "rank": rank.to_numpy(),
            "size": int(values.notna().sum()),
        }
    )


def ranks(
    measures: pd.DataFrame,
    kommune: str,
    groups: Mapping[str, Sequence[str]],
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return ``kommune``'s rank on each measure within each group, one row per pair.

    ``groups`` maps a Norwegian group label (``"Fylket"``) to its member codes. Columns:
    ``measure`` (column name), ``measure_label``, ``group``, ``value``, ``rank``, ``size`` and
    ``text`` (``"nr. 12 av 41"``).
    """
    wanted = [c for c in (columns or [m.column for m in MEASURES]) if c in measures.columns]
    codes = measures["region_code"].astype(str).tolist()
    if kommune not in set(codes):
        raise AnalysisError(f"ranks: kommunen {kommune} finnes ikke i måltallene.")
    # Positions instead of a filtered frame per measure and group (192 of them for the peer
    # comparison): the rank is one more than the members with a higher value, as
    # ``rank(method="min", ascending=False)`` gives (:func:`rank_in_group`, tested equal).
    where = {code: i for i, code in enumerate(codes)}
    own = where[kommune]
    members_at = {
        group: np.array(sorted({where[c] for c in [*members, kommune] if c in where}))
        for group, members in groups.items()
    }
    rows = []
    for column in wanted:
        label = MEASURE_BY_COLUMN[column].label if column in MEASURE_BY_COLUMN else column
        values = pd.to_numeric(measures[column], errors="coerce").to_numpy(dtype="float64")
        mine = float(values[own])
        for group, at in members_at.items():
            part = values[at]
            size = int(np.count_nonzero(~np.isnan(part)))
            rank = math.nan if math.isnan(mine) else float(1 + np.count_nonzero(part > mine))
            rows.append(
                {
                    "measure": column,
                    "measure_label": label,
                    "group": group,
                    "value": mine,
                    "rank": rank,
                    "size": size,
                    "text": rank_label(rank, size),
                }
            )
    return pd.DataFrame(rows)


def all_ranks(
    measures: pd.DataFrame, counties: Mapping[str, str], columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Rank every municipality within its county and the country on each measure, at once.

    Returns one row per municipality with ``county_code`` and, per measure column ``c``,
    ``c_rank_county``, ``c_size_county``, ``c_rank_country`` and ``c_size_country``.
    """
    wanted = [c for c in (columns or [m.column for m in MEASURES]) if c in measures.columns]
    out = measures[["region_code"]].copy()
    out["county_code"] = out["region_code"].map(counties)
    if out["county_code"].isna().any():
        missing = out.loc[out["county_code"].isna(), "region_code"].tolist()
        raise AnalysisError(f"all_ranks: fylke mangler for {missing[:5]}.")
    block = measures[wanted].apply(pd.to_numeric, errors="coerce").astype("float64")
    by_county = block.groupby(out["county_code"])
    county_rank = by_county.rank(method="min", ascending=False)
    county_size = by_county.transform("count")
    country_rank = block.rank(method="min", ascending=False)
    country_size = block.notna().sum()
    parts = {}
    for c in wanted:
        parts[f"{c}_rank_county"] = county_rank[c]
        parts[f"{c}_size_county"] = county_size[c].astype("int64")
        parts[f"{c}_rank_country"] = country_rank[c]
        parts[f"{c}_size_country"] = int(country_size[c])
    return pd.concat([out, pd.DataFrame(parts, index=out.index)], axis=1)
