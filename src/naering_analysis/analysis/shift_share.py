"""Shift-share analysis: national component, industry mix and the regional (competitive) shift.

One call compares a ``region`` with a ``reference`` (Østfold ``"31"`` or Norway ``"0"``):

* ``shift_share(frame, "3105", "0", 2017, 2022)`` – both regions in one tidy frame;
* ``shift_share(sarpsborg, None, norway, 2017, 2022)`` – two one-region frames.

With e = region jobs, E = reference jobs, 0/1 = start/end, i = industry, G = E_1/E_0 − 1,
g_i = E_i1/E_i0 − 1 and r_i = e_i1/e_i0 − 1:

* ``national_share`` = e_i0 · G, ``industry_mix`` = e_i0 · (g_i − G),
  ``regional_shift`` = e_i0 · (r_i − g_i);
* Esteban-Marquillas splits the shift with homothetic jobs ê_i0 = e_0 · E_i0/E_0 into
  ``competitive`` = ê_i0 · (r_i − g_i) and ``allocation`` = (e_i0 − ê_i0) · (r_i − g_i).

The components sum to ``actual_change`` = e_i1 − e_i0. An industry with no regional jobs at the
start (r_i undefined) puts its whole change in ``regional_shift`` (and in ``competitive``). An
industry with no reference jobs at the start (g_i undefined) is an error.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from naering_analysis.datasets.checks import (
    check_break,
    check_period,
    require_columns,
    require_no_missing,
    require_years,
    select_region,
    totals,
)
from naering_analysis.errors import AnalysisError
from naering_analysis.reference.terms import label as term_label

Method = Literal["classic", "esteban_marquillas"]
METHODS: tuple[str, ...] = ("classic", "esteban_marquillas")
#: Norwegian names of the components, from the terms registry (data/terms.yaml). The national
#: component is "Nasjonal komponent", not "Nasjonal vekst", which is a scenario's name.
COMPONENT_LABELS = {
    key: term_label(term)
    for key, term in {
        "actual_change": "faktisk_endring",
        "national_share": "nasjonal_komponent",
        "industry_mix": "bransjestruktur",
        "regional_shift": "regional_effekt",
        "competitive": "konkurranseeffekt",
        "allocation": "allokeringseffekt",
    }.items()
}
STRUCTURAL_LABELS = {
    key: term_label(term)
    for key, term in {
        "national_share": "nasjonal_komponent",
        "industry_mix": "bransjestruktur",
        "structural": "strukturell_vekst",
        "attractiveness": "attraktivitet",
        "actual": "faktisk_vekst",
    }.items()
}


def _pair(
    frame: pd.DataFrame,
    region: str | None,
    reference: str | pd.DataFrame,
    years: list[int],
    by: str,
    allow_break: bool,
    where: str,
) -> tuple[pd.DataFrame, str, str]:
    """Return ``by``, ``year``, ``jobs``, ``reference_jobs`` for ``years``, plus both codes."""
    if separate := isinstance(reference, pd.DataFrame):
        ref = select_region(reference, None, f"{where} (referanse)")
    else:
        ref = select_region(frame, reference, f"{where} (referanse)")
    rest = frame if separate else frame.loc[frame["region_code"].astype(str) != str(reference)]
    own = select_region(rest, region, where)
    check_period(years[0], years[-1], where)
    for part in (own, ref):
        require_columns(part, [by, "year", "jobs"], where)
        check_break(years[0], years[-1], allow_break, frame=part, where=where)
        require_years(part, years, where)
    pick = [part.loc[part["year"].astype(int).isin(years)] for part in (own, ref)]
    for part in pick:
        require_no_missing(part, where)
    left, right = (totals(part, by=[by, "year"]) for part in pick)
    merged = left.merge(
        right.rename(columns={"jobs": "reference_jobs"}),
        on=[by, "year"],
        how="outer",
        validate="1:1",
        indicator=True,
    )
    unmatched = merged["_merge"] != "both"
    if unmatched.any():
        bad = merged.loc[unmatched, [by, "year", "_merge"]].astype(str).to_numpy().tolist()[:8]
        raise AnalysisError(
            f"{where}: region og referanse har ikke de samme {by} og år ({bad}; left_only = bare "
            "regionen, right_only = bare referansen). Bruk samme næringsinndeling for begge."
        )
    codes = (str(own["region_code"].iloc[0]), str(ref["region_code"].iloc[0]))
    return merged.drop(columns="_merge").sort_values([by, "year"], ignore_index=True), *codes


def _decompose(long: pd.DataFrame, by: str, method: str, where: str) -> pd.DataFrame:
    """Shift-share over each consecutive pair of years in ``long`` (vectorised)."""
    if method not in METHODS:
        raise AnalysisError(f"{where}: method='{method}' er ukjent; bruk en av {list(METHODS)}.")
    year_totals = long.groupby("year")[["jobs", "reference_jobs"]].transform("sum")
    previous = long.groupby(by, sort=False)[["year", "jobs", "reference_jobs"]].shift(1)
    previous_totals = year_totals.groupby(long[by], sort=False).shift(1)
    has_base = previous["year"].notna()
    zero_base = has_base & (previous["reference_jobs"] <= 0)
    if zero_base.any():
        bad = long.loc[zero_base, [by, "year"]].astype(str).to_numpy().tolist()[:8]
        raise AnalysisError(
            f"{where}: referansen har 0 arbeidsplasser i startåret for {by}/sluttår {bad}, så "
            "referansens vekstrate er udefinert. Slå sammen eller fjern næringen før analysen."
        )
    e0, e1 = previous["jobs"], long["jobs"]
    growth_i = long["reference_jobs"] / previous["reference_jobs"] - 1.0
    growth_all = year_totals["reference_jobs"] / previous_totals["reference_jobs"] - 1.0
    out = pd.DataFrame(
        {
            by: long[by],
            "start_year": previous["year"],
            "end_year": long["year"],
            "jobs_start": e0,
            "jobs_end": e1,
            "actual_change": e1 - e0,
            "national_share": e0 * growth_all,
            "industry_mix": e0 * (growth_i - growth_all),
            "region_rate": e1 / e0.where(e0 != 0) - 1.0,
            "reference_industry_rate": growth_i,
            "reference_rate": growth_all,
        }
    )
    out.insert(
        8, "regional_shift", out["actual_change"] - out["national_share"] - out["industry_mix"]
    )
    if method == "esteban_marquillas":
        homothetic = previous_totals["jobs"] * previous["reference_jobs"]
        homothetic = homothetic / previous_totals["reference_jobs"]
        differential = out["region_rate"] - growth_i
        competitive = (homothetic * differential).where(e0 != 0, out["regional_shift"])
        out.insert(9, "homothetic_jobs_start", homothetic)
        out.insert(10, "competitive", competitive)
        out.insert(11, "allocation", out["regional_shift"] - competitive)
    out = out.loc[has_base].reset_index(drop=True)
    out[["start_year", "end_year"]] = out[["start_year", "end_year"]].astype("int64")
    return out


def _label(out: pd.DataFrame, region: str, reference: str, method: str) -> pd.DataFrame:
    out.insert(0, "region_code", region)
    out.insert(1, "reference_code", reference)
    out.attrs["method"] = method
    return out


def shift_share(
    frame: pd.DataFrame,
    region: str | None,
    reference: str | pd.DataFrame,
    start: int,
    end: int,
    method: Method = "classic",
    by: str = "industry_code",
    allow_break: bool = False,
) -> pd.DataFrame:
    """Compute a static shift-share from ``start`` to ``end``, one row per group of ``by``.

    ``reference`` is a region code in ``frame`` or a separate one-region frame; ``region=None``
    takes the only (other) region in ``frame``. Returns ``region_code``, ``reference_code``,
    ``by``, ``start_year``, ``end_year``, ``jobs_start``, ``jobs_end``, ``actual_change``,
    ``national_share``, ``industry_mix``, ``regional_shift`` (for Esteban-Marquillas also
    ``homothetic_jobs_start``, ``competitive``, ``allocation``), and the rates ``region_rate``
    (r_i, NaN for a zero base), ``reference_industry_rate`` (g_i) and ``reference_rate`` (G).
    Use :func:`shift_share_summary` for the totals.
    """
    long, own, ref = _pair(frame, region, reference, [start, end], by, allow_break, "shift_share")
    return _label(_decompose(long, by, method, "shift_share"), own, ref, method)


def dynamic_shift_share(
    frame: pd.DataFrame,
    region: str | None,
    reference: str | pd.DataFrame,
    start: int,
    end: int,
    method: Method = "classic",
    by: str = "industry_code",
    allow_break: bool = False,
    yearly: bool = False,
) -> pd.DataFrame:
    """Shift-share for each consecutive year pair from ``start`` to ``end``, summed per group.

    Every year in between must be present. With ``yearly=True`` the per-pair rows are returned
    instead of the sums. Summed rows carry the components and the start/end jobs; rates are only
    meaningful per pair and are dropped from the sums.
    """
    check_period(start, end, "dynamic_shift_share")
    years = list(range(int(start), int(end) + 1))
    long, own, ref = _pair(frame, region, reference, years, by, allow_break, "dynamic_shift_share")
    pairs = _decompose(long, by, method, "dynamic_shift_share")
    if yearly:
        return _label(pairs, own, ref, method)
    components = [c for c in COMPONENT_LABELS if c in pairs.columns]
    grouped = pairs.groupby(by, sort=True)
    out = grouped[components].sum()
    out.insert(0, "start_year", int(start))
    out.insert(1, "end_year", int(end))
    out.insert(2, "jobs_start", grouped["jobs_start"].first())
    out.insert(3, "jobs_end", grouped["jobs_end"].last())
    return _label(out.reset_index(), own, ref, method)


def shift_share_summary(result: pd.DataFrame) -> pd.DataFrame:
    """Sum a (static or dynamic) shift-share result over its groups into a long table.

    Returns one row per component with ``component``, ``component_label`` (Norwegian),
    ``jobs`` and ``share_of_start_pct`` (component / start jobs × 100), per region pair and
    period.
    """
    components = [c for c in COMPONENT_LABELS if c in result.columns]
    require_columns(result, ["jobs_start", "actual_change"], "shift_share_summary")
    keys = [c for c in ("region_code", "reference_code", "start_year", "end_year") if c in result]
    sums = result.groupby(keys, sort=True)[["jobs_start", *components]].sum().reset_index()
    out = sums.melt(
        id_vars=[*keys, "jobs_start"],
        value_vars=components,
        var_name="component",
        value_name="jobs",
    )
    out["component_label"] = out["component"].map(COMPONENT_LABELS)
    out["share_of_start_pct"] = out["jobs"] / out["jobs_start"].where(out["jobs_start"] != 0) * 100
    return out[[*keys, "component", "component_label", "jobs", "share_of_start_pct"]]


def structural_vs_attractiveness(
    frame: pd.DataFrame,
    region: str | None,
    reference: str | pd.DataFrame,
    start: int,
    end: int,
    dynamic: bool = False,
    by: str = "industry_code",
    allow_break: bool = False,
) -> pd.DataFrame:
    """Split actual growth into structural growth and attractiveness (Telemarksforsking style).

    Structural growth (``structural`` = ``national_share`` + ``industry_mix``) is the growth the
    region would have had if every industry grew as in the reference; attractiveness is the rest
    (the regional shift). Returns one row per component with ``jobs``, ``share_of_start_pct`` and
    ``annual_pct``: for ``national_share``, ``structural`` and ``actual`` the annualised growth
    (1 + jobs/e_0)^(1/n) − 1 in percent; for ``industry_mix`` and ``attractiveness`` the
    difference in percentage points (structural − national, actual − structural), so the rows
    add up.
    """
    call = dynamic_shift_share if dynamic else shift_share
    result = call(frame, region, reference, start, end, by=by, allow_break=allow_break)
    base = float(result["jobs_start"].sum())
    if base <= 0:
        raise AnalysisError(
            f"structural_vs_attractiveness: regionen har {base} arbeidsplasser i {start}; "
            "vekst kan ikke annualiseres. Velg et annet startår."
        )
    sums = result[["national_share", "industry_mix", "regional_shift", "actual_change"]].sum()
    jobs = {
        "national_share": sums["national_share"],
        "industry_mix": sums["industry_mix"],
        "structural": sums["national_share"] + sums["industry_mix"],
        "attractiveness": sums["regional_shift"],
        "actual": sums["actual_change"],
    }
    levels = np.array([jobs["national_share"], jobs["structural"], jobs["actual"]])
    national, structural, actual = ((1.0 + levels / base) ** (1.0 / (end - start)) - 1.0) * 100
    annual = [national, structural - national, structural, actual - structural, actual]
    out = pd.DataFrame(
        {
            "region_code": result["region_code"].iloc[0],
            "reference_code": result["reference_code"].iloc[0],
            "start_year": int(start),
            "end_year": int(end),
            "component": list(jobs),
            "component_label": [STRUCTURAL_LABELS[c] for c in jobs],
            "jobs": [float(v) for v in jobs.values()],
            "share_of_start_pct": [float(v) / base * 100 for v in jobs.values()],
            "annual_pct": annual,
        }
    )
    out.attrs["method"] = "dynamic" if dynamic else "classic"
    return out
