"""Will there be people for the jobs? The jobs goal set against SSB's population projection.

The programme's goal gives the jobs in the target year: ``J_T = J_base · (1 + rate)^(T − base)``
(:func:`naering_analysis.analysis.goal.target_path`, 13470, all ages). Three facts of the latest
year ``L`` of tables 11616/11618 (4th quarter, ages 15–74) turn jobs into people:

* the share of jobs held by people aged 15–74, ``a = W / J_L`` (``W``: jobs by workplace 15–74
  in 11616, ``J_L``: 13470's total in the same year), so ``W_T = a · J_T``;
* the in-commuter share of those jobs, ``i = I / W``;
* the out-commuter share of employed residents, ``o = O / E``.

With the shares held as they are, the identity ``W = E + I − O`` (jobs = employed residents +
in-commuters − out-commuters) gives ``W = E + i·W − o·E``, so the employed residents needed are
``E_T = W_T · (1 − i) / (1 − o)``. Set against the projected population 15–74 ``P_T`` this is
an employment rate ``100 · E_T / P_T`` (:func:`implied_rate`), to compare with today's
(:func:`naering_analysis.analysis.employment_rate.employment_rate`). The 4th quarter of ``T`` is
compared with the population on 1 January ``T + 1`` (as 11618 does: its population 15–74 in the
4th quarter is, within days, that of the next 1 January).

The gap (:func:`labour_balance`) is what must come from commuting or a higher employment rate:
``E_T − rate_L · P_T`` residents, or, with the rate as today, ``(E_T − rate_L · P_T) · (1 − o)``
more jobs held by net in-commuting.

>>> round(residents_needed(1000.0, in_share=0.4, out_share=0.25), 6)
800.0
>>> implied_rate(800.0, 1000.0)
80.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from naering_analysis.analysis.goal import target_path
from naering_analysis.datasets.checks import require_columns
from naering_analysis.errors import AnalysisError


def residents_needed(jobs_15_74: float, *, in_share: float, out_share: float) -> float:
    """Return the employed residents that fill ``jobs_15_74`` with the commuting shares held.

    ``E = W · (1 − i) / (1 − o)``: in-commuters take the share ``i`` of the jobs, and the
    share ``o`` of employed residents works elsewhere.
    """
    if not (0.0 <= in_share < 1.0 and 0.0 <= out_share < 1.0):
        raise AnalysisError(
            f"residents_needed: pendlerandelene må være mellom 0 og 1 (inn {in_share}, ut "
            f"{out_share})."
        )
    return jobs_15_74 * (1.0 - in_share) / (1.0 - out_share)


def implied_rate(employed_residents: float, population_15_74: float) -> float:
    """Return the employment rate in percent (NaN when the population is missing or zero)."""
    if not np.isfinite(population_15_74) or population_15_74 <= 0:
        return float("nan")
    return 100.0 * employed_residents / population_15_74


@dataclass(frozen=True)
class LabourBase:
    """The latest year of 11616/11618 (4th quarter, ages 15–74) and the jobs goal."""

    region_code: str
    year: int
    """The latest year ``L`` of 11616/11618."""
    jobs_all_ages: float
    """13470's total jobs in ``year`` (``J_L``)."""
    jobs_15_74: float
    residents_employed: float
    in_commuters: float
    out_commuters: float
    population_15_74: float
    target_year: int
    jobs_target: float
    """The goal's jobs in ``target_year`` (13470, all ages)."""

    @property
    def age_share(self) -> float:
        """Return the share of jobs held by people aged 15–74 (``W / J_L``)."""
        return self.jobs_15_74 / self.jobs_all_ages

    @property
    def in_share(self) -> float:
        """Return the in-commuters' share of the jobs 15–74 (``I / W``)."""
        return self.in_commuters / self.jobs_15_74

    @property
    def out_share(self) -> float:
        """Return the out-commuters' share of employed residents (``O / E``)."""
        return self.out_commuters / self.residents_employed

    @property
    def rate_pct(self) -> float:
        """Return today's employment rate (employed residents / population 15–74), percent."""
        return implied_rate(self.residents_employed, self.population_15_74)


def _value(frame: pd.DataFrame, region: str, year: int, measure: str, table: str) -> float:
    row = frame.loc[
        (frame["region_code"] == region) & (frame["year"] == year) & (frame["measure"] == measure),
        "persons",
    ]
    value = pd.to_numeric(row, errors="coerce").astype("float64")
    if len(value) != 1 or not np.isfinite(value.iloc[0]):
        raise AnalysisError(
            f"labour_base: tabell {table} mangler {measure} for {region} i {year}; hent tabellen "
            "på nytt (`naering fetch`)."
        )
    return float(value.iloc[0])


def labour_base(
    employment: pd.DataFrame,
    commuting: pd.DataFrame,
    labour: pd.DataFrame,
    region: str,
    *,
    base_year: int = 2022,
    rate: float = 0.015,
    target_year: int = 2030,
) -> LabourBase:
    """Collect the latest year of 11616/11618 and the goal's jobs in ``target_year``.

    ``employment`` is 13470's frame, ``commuting`` 11616's and ``labour`` 11618's. The latest
    year is the last year both 11616 and 11618 have for ``region``; 13470 must have it too.
    """
    for frame, name in ((commuting, "11616"), (labour, "11618")):
        require_columns(frame, ["region_code", "year", "measure", "persons"], f"tabell {name}")
    years = set(commuting.loc[commuting["region_code"] == region, "year"]) & set(
        labour.loc[labour["region_code"] == region, "year"]
    )
    if not years:
        raise AnalysisError(f"labour_base: {region} har ingen år i både 11616 og 11618.")
    latest = int(max(years))
    own = employment.loc[
        (employment["region_code"] == region) & (employment["year"] == latest), "jobs"
    ]
    jobs_all = float(pd.to_numeric(own, errors="coerce").sum(min_count=1))
    if not np.isfinite(jobs_all) or jobs_all <= 0:
        raise AnalysisError(
            f"labour_base: tabell 13470 mangler arbeidsplasser for {region} i {latest}."
        )
    path = target_path(employment, base_year, rate, target_year, region=region)
    return LabourBase(
        region_code=region,
        year=latest,
        jobs_all_ages=jobs_all,
        jobs_15_74=_value(commuting, region, latest, "jobs", "11616"),
        residents_employed=_value(commuting, region, latest, "residents_employed", "11616"),
        in_commuters=_value(commuting, region, latest, "in_commuters", "11616"),
        out_commuters=_value(commuting, region, latest, "out_commuters", "11616"),
        population_15_74=_value(labour, region, latest, "population_15_74", "11618"),
        target_year=int(target_year),
        jobs_target=float(path["target_jobs"].iloc[-1]),
    )


BALANCE_COLUMNS = [
    "alternative",
    "jobs_target",
    "jobs_15_74_target",
    "residents_needed",
    "population_15_74_latest",
    "population_15_74_target",
    "population_gain",
    "rate_today_pct",
    "implied_rate_pct",
    "rate_change_pp",
    "residents_at_today_rate",
    "gap_residents",
    "gap_net_commuting",
]


def labour_balance(base: LabourBase, projection: pd.DataFrame) -> pd.DataFrame:
    """Return the balance per projection alternative (one row each, :data:`BALANCE_COLUMNS`).

    ``projection`` is :func:`naering_analysis.datasets.projection_population.
    projection_population` (``region_code``, ``year``, ``alternative``, ``persons``); its
    population on 1 January ``target_year + 1`` is compared with the 4th quarter of the target
    year. A missing projected population gives missing rates and gaps, never made-up ones.
    """
    require_columns(projection, ["region_code", "year", "alternative", "persons"], "labour_balance")
    year = base.target_year + 1
    own = projection.loc[
        (projection["region_code"] == base.region_code) & (projection["year"] == year)
    ]
    if own.empty:
        raise AnalysisError(
            f"labour_balance: framskrivingen har ikke {base.region_code} per 1. januar {year}; "
            "hent befolkningsframskrivingen (tabell 14746 eller nyere)."
        )
    jobs_15_74 = base.jobs_target * base.age_share
    needed = residents_needed(jobs_15_74, in_share=base.in_share, out_share=base.out_share)
    rows = []
    for alternative, persons in zip(own["alternative"], own["persons"], strict=True):
        population = float(persons) if pd.notna(persons) else float("nan")
        at_today = base.rate_pct / 100.0 * population
        gap = needed - at_today
        rows.append(
            {
                "alternative": str(alternative),
                "jobs_target": base.jobs_target,
                "jobs_15_74_target": jobs_15_74,
                "residents_needed": needed,
                "population_15_74_latest": base.population_15_74,
                "population_15_74_target": population,
                "population_gain": population - base.population_15_74,
                "rate_today_pct": base.rate_pct,
                "implied_rate_pct": implied_rate(needed, population),
                "rate_change_pp": implied_rate(needed, population) - base.rate_pct,
                "residents_at_today_rate": at_today,
                "gap_residents": gap,
                "gap_net_commuting": gap * (1.0 - base.out_share),
            }
        )
    out = pd.DataFrame(rows, columns=BALANCE_COLUMNS)
    order = {"LLML": 0, "MMMM": 1, "HHMH": 2}
    out = out.sort_values("alternative", key=lambda s: s.map(order).fillna(9), kind="stable")
    out = out.reset_index(drop=True)
    out.attrs = {"region_code": base.region_code, "latest_year": base.year, "year": year}
    return out


def commuting_path(base: LabourBase, jobs_15_74: pd.Series) -> pd.DataFrame:
    """Return employed residents, in- and out-commuters along a path of jobs 15–74, shares held.

    For each value ``W``: ``E = W(1 − i)/(1 − o)``, ``I = i·W``, ``O = o·E``; so ``W = E + I − O``
    holds in every year (the identity of 11616).
    """
    employed = jobs_15_74 * (1.0 - base.in_share) / (1.0 - base.out_share)
    return pd.DataFrame(
        {
            "jobs": jobs_15_74,
            "residents_employed": employed,
            "in_commuters": jobs_15_74 * base.in_share,
            "out_commuters": employed * base.out_share,
        }
    )
