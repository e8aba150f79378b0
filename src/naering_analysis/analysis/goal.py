"""The programme goal: a fixed annual job growth rate (1.5 %) from a base year to a target year.

The target path is ``J_base · (1 + rate)^(year − base_year)``, where ``J_base`` is the region's
total jobs (summed over industries) in ``base_year``. The functions here measure the gap to it,
the growth still needed, and what the focus industries (*satsingsbransjer*) must deliver.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from naering_analysis.datasets.checks import (
    check_break,
    require_columns,
    require_no_missing,
    select_region,
    totals,
)
from naering_analysis.errors import AnalysisError

FOCUS_BRANSJER: tuple[str, ...] = (
    "Grønn industri",
    "Digitalisering og forretningsmessig tjenesteyting",
    "Helsebasert næring",
    "Handel, reiseliv, opplevelser, idrett og kultur",
    "Bygg og anlegg",
)
ALL_FOCUS_LABEL = "Alle fem satsingsbransjer"


def _check_goal(base_year: int, rate: float, target_year: int, where: str) -> None:
    if not (math.isfinite(rate) and rate > -1):
        raise AnalysisError(f"{where}: rate={rate} må være et tall større enn -1 (0.015 = 1,5 %).")
    if int(target_year) <= int(base_year):
        raise AnalysisError(
            f"{where}: target_year={target_year} må være etter base_year={base_year}."
        )


def _region_totals(
    frame: pd.DataFrame, region: str | None, base_year: int, where: str
) -> tuple[pd.DataFrame, pd.Series, str]:
    """Return the region's rows, its total jobs by year (from ``base_year``) and its code."""
    sub = select_region(frame, region, where)
    require_columns(sub, ["region_code", "year", "jobs"], where)
    used = sub.loc[sub["year"].astype(int) >= int(base_year)]
    if int(base_year) not in set(used["year"].astype(int)):
        years = sorted(sub["year"].astype(int).unique().tolist())
        raise AnalysisError(
            f"{where}: base_year={base_year} finnes ikke i dataene (har {years}). Velg et basisår "
            "med tall."
        )
    require_no_missing(used, where)
    series = totals(used, by=["year"]).set_index("year")["jobs"]
    if not series[int(base_year)] > 0:
        raise AnalysisError(
            f"{where}: regionen har {series[int(base_year)]} arbeidsplasser i base_year={base_year}; "
            "målbanen blir meningsløs. Velg et annet basisår."
        )
    return sub, series, str(sub["region_code"].iloc[0])


def target_path(
    frame: pd.DataFrame,
    base_year: int = 2022,
    rate: float = 0.015,
    target_year: int = 2030,
    region: str | None = None,
) -> pd.DataFrame:
    """Target jobs for every year from ``base_year`` to ``target_year`` inclusive.

    Returns ``region_code``, ``year``, ``target_jobs`` and ``target_rate`` (= ``rate``).
    ``region`` is required when ``frame`` holds several regions.
    """
    _check_goal(base_year, rate, target_year, "target_path")
    _, series, code = _region_totals(frame, region, base_year, "target_path")
    years = np.arange(int(base_year), int(target_year) + 1)
    target = series[int(base_year)] * (1.0 + rate) ** (years - int(base_year))
    return pd.DataFrame(
        {"region_code": code, "year": years, "target_jobs": target, "target_rate": rate}
    )


def _projected_totals(
    projection: pd.DataFrame, code: str, years: Sequence[int], where: str
) -> pd.DataFrame:
    """Sum a projection over industries for ``years``; every year must be present."""
    if "region_code" in projection.columns:
        projection = select_region(projection, code, f"{where} (framskriving)")
    require_columns(projection, ["year", "jobs"], f"{where} (framskriving)")
    picked = projection.loc[projection["year"].astype(int).isin(years)]
    missing = sorted(set(years) - set(picked["year"].astype(int)))
    if missing:
        raise AnalysisError(
            f"{where}: framskrivingen mangler årene {missing}; den må dekke året etter siste "
            "dataår til og med target_year."
        )
    require_no_missing(picked, f"{where} (framskriving)")
    values = [c for c in ("jobs", "lo80", "hi80") if c in picked.columns]
    summed = [totals(picked, by=["year"], value=v).set_index("year")[v] for v in values]
    return pd.concat(summed, axis=1).reset_index()


def goal_gap(
    frame: pd.DataFrame,
    projection: pd.DataFrame | None = None,
    base_year: int = 2022,
    rate: float = 0.015,
    target_year: int = 2030,
    region: str | None = None,
    allow_break: bool = False,
) -> pd.DataFrame:
    """Actual (and projected) jobs against the target path, year by year.

    Actual totals run from ``base_year`` to the latest data year L (``kind`` = ``"faktisk"``);
    with a ``projection`` the years L+1 … ``target_year`` follow (``"framskrevet"``), summed over
    industries, as are ``lo80``/``hi80`` when present (a sum of bounds is wider than the bound of
    a sum; read it as a cautious band). Returns ``region_code``, ``year``, ``kind``, ``jobs``,
    ``target_jobs``, ``gap_jobs`` (jobs − target; negative = behind), ``cagr_since_base_pct`` and
    ``gap_pp`` (that growth minus the target rate, in percentage points; NaN at the base year).
    """
    _check_goal(base_year, rate, target_year, "goal_gap")
    sub, series, code = _region_totals(frame, region, base_year, "goal_gap")
    latest = int(series.index.max())
    check_break(base_year, latest, allow_break, frame=sub, where="goal_gap")
    out = series.reset_index().assign(kind="faktisk")
    if projection is not None and latest < int(target_year):
        future = list(range(latest + 1, int(target_year) + 1))
        projected = _projected_totals(projection, code, future, "goal_gap")
        out = pd.concat([out, projected.assign(kind="framskrevet")], ignore_index=True)
    base = series[int(base_year)]
    span = out["year"] - int(base_year)
    out["target_jobs"] = base * (1.0 + rate) ** span
    out["gap_jobs"] = out["jobs"] - out["target_jobs"]
    growth = ((out["jobs"] / base) ** (1.0 / span.where(span > 0)) - 1.0).where(span > 0)
    out["cagr_since_base_pct"] = growth * 100
    out["gap_pp"] = (growth - rate) * 100
    out.insert(0, "region_code", code)
    first = ["region_code", "year", "kind", "jobs"]
    return out[first + [c for c in out.columns if c not in first]]


def required_growth(
    frame: pd.DataFrame,
    base_year: int = 2022,
    rate: float = 0.015,
    target_year: int = 2030,
    region: str | None = None,
    allow_break: bool = False,
) -> float:
    """Annual growth rate (fraction) needed from the latest data year L to reach the target.

    ``(T / J_L)^(1 / (target_year − L)) − 1`` with T the target for ``target_year``.
    """
    _check_goal(base_year, rate, target_year, "required_growth")
    sub, series, _ = _region_totals(frame, region, base_year, "required_growth")
    latest = int(series.index.max())
    check_break(base_year, latest, allow_break, frame=sub, where="required_growth")
    if latest >= int(target_year):
        raise AnalysisError(
            f"required_growth: siste dataår {latest} er ikke før target_year={target_year}; "
            "bruk goal_gap for å se om målet ble nådd."
        )
    target = series[int(base_year)] * (1.0 + rate) ** (int(target_year) - int(base_year))
    return float((target / series[latest]) ** (1.0 / (int(target_year) - latest)) - 1.0)


def jobs_per_year_at_rate(
    frame: pd.DataFrame,
    rate: float = 0.015,
    year: int | None = None,
    region: str | None = None,
    target_year: int = 2030,
) -> pd.DataFrame:
    """Show what ``rate`` means in jobs per year, compounding from ``year`` (default: latest).

    Returns one row per year from ``year + 1`` to ``target_year`` (at least one row) with
    ``path_jobs`` and ``increment_jobs``; the first increment is ``rate`` × jobs in ``year``.
    ``path_jobs`` starts from ``year``, so it is not the target path (``target_jobs`` of
    :func:`target_path`), which starts from the base year.
    """
    sub = select_region(frame, region, "jobs_per_year_at_rate")
    start = int(sub["year"].astype(int).max()) if year is None else int(year)
    _check_goal(start, rate, max(int(target_year), start + 1), "jobs_per_year_at_rate")
    _, series, code = _region_totals(sub, None, start, "jobs_per_year_at_rate")
    years = np.arange(start, max(int(target_year), start + 1) + 1)
    path = series[start] * (1.0 + rate) ** (years - start)
    return pd.DataFrame(
        {
            "region_code": code,
            "year": years[1:],
            "path_jobs": path[1:],
            "increment_jobs": np.diff(path),
            "rate": rate,
        }
    )


def _group_totals(frame: pd.DataFrame, year: int, by: str, what: str) -> pd.Series:
    """Jobs per group of ``by`` in ``year``; an error if the year is absent."""
    picked = frame.loc[frame["year"].astype(int) == int(year)]
    if picked.empty:
        raise AnalysisError(f"required_focus_growth: {what} har ingen rader for år {year}.")
    require_no_missing(picked, f"required_focus_growth ({what})")
    return totals(picked, by=[by]).set_index(by)["jobs"]


def required_focus_growth(
    frame: pd.DataFrame,
    projection: pd.DataFrame,
    base_year: int = 2022,
    rate: float = 0.015,
    target_year: int = 2030,
    region: str | None = None,
    focus: Sequence[str] | None = None,
    by: str = "bransje",
    allow_break: bool = False,
) -> pd.DataFrame:
    """Solve for the common annual growth the focus groups must deliver from the latest year L.

    The groups not being solved for follow ``projection`` to ``target_year`` (their sum is
    ``rest_jobs_target``). For the row ``"Alle fem satsingsbransjer"`` all ``focus`` groups share
    one rate; each following row solves for one focus group alone. Closed form with T the target
    and F_L the group's jobs in L: ``((T − rest) / F_L)^(1 / (target_year − L)) − 1``.

    Returns ``region_code``, ``by``, ``latest_year``, ``target_year``, ``jobs_latest``,
    ``projected_jobs_target``, ``rest_jobs_target``, ``target_jobs``, ``required_rate``,
    ``required_pct``, ``projected_rate`` (the group's projected CAGR from L), ``projected_pct``,
    ``extra_jobs_2030`` (jobs needed in ``target_year`` beyond the projection), ``feasible`` and a
    Norwegian ``note``. ``feasible`` is False when the rest alone reaches the target (T − rest ≤
    0) or the group has no jobs in L; the rate is then NaN. A negative rate means the target is
    reached even if the group shrinks.
    """
    where = "required_focus_growth"
    _check_goal(base_year, rate, target_year, where)
    sub, series, code = _region_totals(frame, region, base_year, where)
    latest = int(series.index.max())
    check_break(base_year, latest, allow_break, frame=sub, where=where)
    if latest >= int(target_year):
        raise AnalysisError(
            f"{where}: siste dataår {latest} er ikke før target_year={target_year}."
        )
    if focus is None and by != "bransje":
        raise AnalysisError(f"{where}: angi focus=[...] (grupper i '{by}') når by='{by}'.")
    focus = list(FOCUS_BRANSJER if focus is None else focus)
    if "region_code" in projection.columns:
        projection = select_region(projection, code, f"{where} (framskriving)")
    for part, what in ((sub, "dataene"), (projection, "framskrivingen")):
        require_columns(part, [by, "year", "jobs"], f"{where} ({what})")
    now = _group_totals(sub, latest, by, "dataene")
    then = _group_totals(projection, int(target_year), by, "framskrivingen")
    if set(now.index) != set(then.index) or not set(focus) <= set(now.index):
        raise AnalysisError(
            f"{where}: gruppene i '{by}' stemmer ikke: data {sorted(now.index)}, framskriving "
            f"{sorted(then.index)}, focus {focus}. Bruk samme inndeling og gyldige navn."
        )
    label = (
        ALL_FOCUS_LABEL if focus == list(FOCUS_BRANSJER) else f"Alle valgte grupper ({len(focus)})"
    )
    labels = [label, *focus]
    members = np.array(
        [[g in focus for g in now.index], *([g == f for g in now.index] for f in focus)]
    )
    jobs_latest = members @ now.to_numpy(dtype=float)
    projected = members @ then.reindex(now.index).to_numpy(dtype=float)
    rest = then.sum() - projected
    target = series[int(base_year)] * (1.0 + rate) ** (int(target_year) - int(base_year))
    need, horizon = target - rest, int(target_year) - latest
    feasible = (need > 0) & (jobs_latest > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        required = np.where(feasible, (need / jobs_latest) ** (1.0 / horizon) - 1.0, np.nan)
        trend = np.where(
            jobs_latest > 0, (projected / jobs_latest) ** (1.0 / horizon) - 1.0, np.nan
        )
    note = np.select(
        [jobs_latest <= 0, need <= 0, required < 0, required <= trend],
        [
            f"Gruppen har ingen arbeidsplasser i {latest}; vekstrate kan ikke beregnes.",
            "Målet nås allerede av resten av næringslivet.",
            "Negativ rate: målet nås selv om gruppen krymper.",
            "Framskrivingen er nok til å nå målet.",
        ],
        default="Krever høyere vekst enn framskrevet.",
    )
    return pd.DataFrame(
        {
            "region_code": code,
            by: labels,
            "latest_year": latest,
            "target_year": int(target_year),
            "jobs_latest": jobs_latest,
            "projected_jobs_target": projected,
            "rest_jobs_target": rest,
            "target_jobs": target,
            "required_rate": required,
            "required_pct": required * 100,
            "projected_rate": trend,
            "projected_pct": trend * 100,
            "extra_jobs_2030": need - projected,
            "feasible": feasible,
            "note": note,
        }
    )
