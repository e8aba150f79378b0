"""New businesses: newly established enterprises per 1 000 inhabitants, by bransje, among peers.

Measures (table 08316 for the enterprises, 07459 for the population on 1 January):

* **new enterprises per 1 000 inhabitants** in year *t*: ``1000 · N_t / P_t``, with ``N_t`` the
  enterprises established in *t* (the sum over the industries) and ``P_t`` the population on
  1 January of *t*;
* **the three-year average**: ``1000 · (N_{t-2} + N_{t-1} + N_t) / (P_{t-2} + P_{t-1} + P_t)``,
  the pooled rate of the three years up to *t*. A small municipality may see 40 new enterprises
  one year and 60 the next; pooling three years steadies the rate without letting one year's
  population weigh more than another's. It is missing unless all three years are there;
* **by bransje**: the same per focus industry (the industries summed by the focus mapping);
  the bransjer, «Øvrige næringer» included, add up to the total.

A suppressed (missing) industry cell makes its bransje and the total missing for that year,
never an undercount. Rankings among peers reuse :mod:`.ranking` (rank 1 is the highest rate).

Example: 60 new enterprises and 6 000 inhabitants give 10 per 1 000.

>>> import pandas as pd
>>> e = pd.DataFrame({"region_code": ["9"], "industry_code": ["41-43"], "bransje": ["Bygg"],
...                   "year": [2024], "enterprises": [60]})
>>> p = pd.DataFrame({"region_code": ["9"], "year": [2024], "population": [6000]})
>>> float(per_thousand(e, p)["per_1000"].iloc[0])
10.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from naering_analysis.analysis.comparison import resolve_groups
from naering_analysis.analysis.ranking import ranks
from naering_analysis.datasets.checks import require_columns
from naering_analysis.errors import AnalysisError
from naering_analysis.reference.industries import load_focus_mapping

WINDOW = 3
"""Years pooled in the average rate."""
TOTAL = "Alle næringer"
"""The ``bransje`` value of the total in :func:`per_thousand` with ``by_bransje=True``."""
RATE = "per_1000"
RATE_3Y = "per_1000_3y"


def _summed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum ``enterprises`` over ``keys``; missing when any summed cell is missing."""
    values = pd.to_numeric(frame["enterprises"], errors="coerce").astype("float64")
    grouped = frame.assign(_v=values).groupby(keys, sort=True)["_v"]
    total = grouped.sum(min_count=1).where(grouped.count() == grouped.size())
    return total.rename("enterprises").reset_index()


def totals(enterprises: pd.DataFrame, *, by_bransje: bool = False) -> pd.DataFrame:
    """Return new enterprises per region and year (and bransje): the industries summed.

    Columns ``region_code``, ``year``, (``bransje``,) ``enterprises`` (float; NaN where a
    summed cell is suppressed).
    """
    keys = ["region_code", "year", *(["bransje"] if by_bransje else [])]
    require_columns(enterprises, [*keys, "enterprises"], "totals")
    return _summed(enterprises, keys)


def _population(population: pd.DataFrame) -> pd.DataFrame:
    require_columns(population, ["region_code", "year", "population"], "per_thousand")
    out = population[["region_code", "year", "population"]].copy()
    out["population"] = pd.to_numeric(out["population"], errors="coerce").astype("float64")
    return out


def pooled_rate(
    frame: pd.DataFrame,
    keys: list[str],
    window: int,
    *,
    count: str = "enterprises",
    base: str = "population",
    scale: float = 1000.0,
) -> pd.Series:
    """Return the pooled rate over ``window`` consecutive years up to each row's year.

    ``scale × Σ count / Σ base`` over the window (per 1 000 inhabitants by default); NaN when
    the window has fewer years, a gap, a missing value, or no base. Rolling sums per group (a
    missing value leaves fewer than ``window`` values, so the sum is NaN), not a loop over rows.
    :mod:`.bankruptcies` uses it for bankruptcies per inhabitant and per new enterprise.
    """
    order = frame.sort_values([*keys, "year"], kind="stable")
    grouped = order.groupby(keys, sort=False)

    def rolled(column: str) -> np.ndarray:
        values = order[column].astype("float64").groupby([order[k] for k in keys], sort=False)
        summed = values.rolling(window, min_periods=window).sum()
        return (
            summed.reset_index(level=list(range(len(keys))), drop=True)
            .reindex(order.index)
            .to_numpy()
        )

    counted, based = rolled(count), rolled(base)
    first = grouped["year"].shift(window - 1).to_numpy(dtype="float64")
    span = order["year"].to_numpy(dtype="float64") - first
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where((span == window - 1) & (based > 0), scale * counted / based, np.nan)
    return pd.Series(rate, index=order.index, dtype="float64").reindex(frame.index)


def per_thousand(
    enterprises: pd.DataFrame,
    population: pd.DataFrame,
    *,
    by_bransje: bool = False,
    window: int = WINDOW,
) -> pd.DataFrame:
    """Return new enterprises per 1 000 inhabitants per region and year (and bransje).

    Columns ``region_code``, ``year``, (``bransje``,) ``enterprises``, ``population``
    (1 January of the year), ``per_1000`` and ``per_1000_3y`` (the pooled rate of the
    ``window`` years up to the year; see the module docstring). Years without a population
    figure have no rate. With ``by_bransje`` a ``bransje`` column holds each focus industry.
    """
    counted = totals(enterprises, by_bransje=by_bransje)
    merged = counted.merge(
        _population(population), on=["region_code", "year"], how="left", validate="m:1"
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        merged[RATE] = 1000.0 * merged["enterprises"] / merged["population"]
    keys = ["region_code", *(["bransje"] if by_bransje else [])]
    merged[RATE_3Y] = pooled_rate(merged, keys, window)
    return merged.reset_index(drop=True)


def bransje_table(
    enterprises: pd.DataFrame, population: pd.DataFrame, region: str, year: int
) -> pd.DataFrame:
    """Return one region's new enterprises by bransje in ``year``, with the total last.

    Columns ``bransje`` (the focus mapping's order, then :data:`TOTAL`), ``enterprises``,
    ``share_pct`` (of the total), ``per_1000`` and ``per_1000_3y``.
    """
    rates = per_thousand(enterprises, population, by_bransje=True)
    part = rates.loc[(rates["region_code"] == region) & (rates["year"] == year)]
    if part.empty:
        raise AnalysisError(f"bransje_table: ingen nyetablerte foretak for {region} i {year}.")
    order = {name: i for i, name in enumerate(load_focus_mapping().names)}
    part = part.assign(_o=part["bransje"].map(order)).sort_values("_o")
    total = per_thousand(enterprises, population)
    own = total.loc[(total["region_code"] == region) & (total["year"] == year)].iloc[0]
    rows = part[["bransje", "enterprises", RATE, RATE_3Y]].to_dict("records")
    rows.append(
        {
            "bransje": TOTAL,
            "enterprises": own["enterprises"],
            RATE: own[RATE],
            RATE_3Y: own[RATE_3Y],
        }
    )
    out = pd.DataFrame(rows)
    with np.errstate(invalid="ignore", divide="ignore"):
        out.insert(2, "share_pct", 100.0 * out["enterprises"] / float(own["enterprises"]))
    return out.reset_index(drop=True)


def measures(
    enterprises: pd.DataFrame, population: pd.DataFrame, year: int
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return one row per municipality with its rates in ``year``, and the column labels.

    Columns ``region_code``, ``per_1000``, ``per_1000_3y`` and ``per_1000_<bransje id>`` for
    each bransje (the three-year average rate of that focus industry). The labels map each
    column to its Norwegian label for :func:`ranks_among_peers`.
    """
    mapping = load_focus_mapping()
    total = per_thousand(enterprises, population)
    total = total.loc[total["year"] == year]
    wide = total.set_index("region_code")[[RATE, RATE_3Y]]
    labels = {
        RATE: "Nyetablerte foretak per 1 000 innbyggere",
        RATE_3Y: "Nyetablerte foretak per 1 000 innbyggere, treårssnitt",
    }
    by = per_thousand(enterprises, population, by_bransje=True)
    by = by.loc[by["year"] == year]
    for bransje_id, name in zip(mapping.ids, mapping.names, strict=True):
        column = f"{RATE}_{bransje_id}"
        rows = by.loc[by["bransje"] == name].set_index("region_code")[RATE_3Y]
        wide[column] = rows.reindex(wide.index)
        labels[column] = f"{name}, nyetablerte per 1 000 innbyggere, treårssnitt"
    codes = wide.index.astype(str)
    wide = wide.loc[(codes.str.len() == 4) & codes.str.isdigit()]
    return wide.reset_index(), labels


def peer_groups_for(
    kommune: str,
    population: Mapping[str, float] | None,
    available: Sequence[str],
    group_id: str | None = None,
) -> tuple[str, dict[str, tuple[str, ...]]]:
    """Resolve the peer groups of ``data/peer_groups.yaml`` for ``kommune``.

    Returns the chosen group's name and ``{group name: member codes}`` for the chosen group and
    the standard ones (county, business region, country), as :func:`.comparison.compare` does,
    keeping only municipalities in ``available``. A population-band group is skipped when
    ``population`` is None.
    """
    chosen, groups, _kinds = resolve_groups(kommune, population, available, group_id)
    return chosen.name, groups


def ranks_among_peers(
    enterprises: pd.DataFrame,
    population: pd.DataFrame,
    kommune: str,
    year: int,
    group_id: str | None = None,
) -> pd.DataFrame:
    """Rank ``kommune``'s new-enterprise rates in ``year`` within each peer group.

    One row per measure and group (as :func:`.ranking.ranks`): ``measure``, ``measure_label``,
    ``group``, ``value``, ``rank`` (1 = most new enterprises per inhabitant), ``size``,
    ``text`` (``"nr. 12 av 41"``). The population band uses the population on 1 January of
    ``year``.
    """
    wide, labels = measures(enterprises, population, year)
    pop = _population(population)
    pop = pop.loc[pop["year"] == year]
    by_code = dict(zip(pop["region_code"].astype(str), pop["population"], strict=True))
    _chosen, groups = peer_groups_for(
        kommune, by_code or None, wide["region_code"].astype(str).tolist(), group_id
    )
    out = ranks(wide, kommune, groups, columns=list(labels))
    out["measure_label"] = out["measure"].map(labels)
    return out
