"""Suppressed cells (``:``) in the municipality's 13470 series, filled from SSB's own total.

13470 is fetched at two-digit level together with SSB's total over all industries (00-99). A
part of the focus mapping with a suppressed division is missing (a sum with a missing cell is
missing). In a year where only *one* part of the municipality is missing, its value is SSB's
total less the other parts: no estimate, the same arithmetic as the table. Those cells are filled
before the projections (the scenario engine refuses series with holes), and the notebooks say
which. Where two or more parts are missing in one year only their sum is known: it is shared
between them after their values in the nearest year they are known, an estimate the notes call
one (the municipality's total stays exact).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis.datasets.frames import suppressed_jobs
from naering_analysis.numfmt import fmt_int

#: ``attrs`` key of the filled cells: a list of {industry_code, industry_name, year, jobs}.
FILLED = "filled_from_total"


def _share(weights: list[float], amount: float) -> list[float]:
    """Split a whole ``amount`` in proportion to ``weights`` (largest remainder; sums exactly).

    >>> _share([3.0, 1.0], 10.0), _share([0.0, 0.0], 3.0)
    ([8.0, 2.0], [2.0, 1.0])
    """
    total = sum(weights)
    raw = (
        [amount * w / total for w in weights]
        if total > 0
        else [amount / len(weights)] * len(weights)
    )
    whole = [float(int(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda k: (whole[k] - raw[k], k))
    for k in order[: round(amount - sum(whole))]:
        whole[k] += 1
    return whole


def fill_from_total(
    frame: pd.DataFrame, kommune: str, totals: pd.Series, *, split: bool = True
) -> pd.DataFrame:
    """Return ``frame`` with ``kommune``'s missing parts filled from SSB's total, year by year.

    ``totals`` is SSB's total over all industries (00-99) for ``kommune``, indexed by year. A
    lone missing part is the total less the other parts (exact). With ``split``, two or more
    missing parts in one year share what is left of the total (exact as a sum) in proportion to
    each part's value in the nearest year it is known (the earlier on a tie; equally when none
    is): an estimate, marked
    ``exact: False``. A year without a total, or whose shown parts exceed it, is left as it is.
    The filled cells are listed in ``attrs[FILLED]``; the status symbol (``:``) is kept.

    >>> f = pd.DataFrame({"region_code": ["R"] * 3, "industry_code": ["a", "b", "c"],
    ...     "industry_name": ["A", "B", "C"], "year": [2016] * 3, "jobs": [10.0, None, 5.0]})
    >>> fill_from_total(f, "R", pd.Series({2016: 19}))["jobs"].tolist()
    [10.0, 4.0, 5.0]
    """
    out = frame.copy()
    filled: list[dict[str, object]] = []
    own = out["region_code"] == kommune

    def put(index: Any, value: float, year: int, exact: bool) -> None:
        out.loc[index, "jobs"] = value
        row = out.loc[index]
        filled.append(
            {
                "industry_code": str(row["industry_code"]),
                "industry_name": str(row["industry_name"]),
                "year": year,
                "jobs": value,
                "exact": exact,
            }
        )

    several: list[tuple[int, pd.Index, float]] = []
    for key, rows in out.loc[own].groupby("year"):
        year = int(str(key))
        missing = rows.index[rows["jobs"].isna()]
        if not len(missing) or year not in totals.index or pd.isna(totals[year]):
            continue
        rest = float(totals[year]) - float(rows["jobs"].sum())
        if rest < 0:
            continue  # the total does not hold the parts: leave it missing rather than guess
        if len(missing) == 1:
            put(missing[0], rest, year, True)
        else:
            several.append((year, missing, rest))
    for year, missing, rest in several if split else []:
        weights = []
        for index in missing:
            known = out.loc[own & (out["industry_code"] == out.loc[index, "industry_code"])]
            known = known.loc[known["jobs"].notna()]
            nearest = (known["year"] - year).abs().sort_values(kind="stable").index[:1]
            weights.append(float(known.loc[nearest, "jobs"].sum()))
        for index, value in zip(missing, _share(weights, rest), strict=True):
            put(index, value, year, False)
    out.attrs = {**frame.attrs, FILLED: filled}
    return out


def fill_employment(
    frame: pd.DataFrame, kommune: str, snapshot: str | None = None, raw: Path | None = None
) -> pd.DataFrame:
    """Fill ``kommune``'s lone suppressed parts in a 13470 frame (unchanged when it has none).

    ``raw`` is the folder of raw snapshots (default: the project's ``data/raw``).
    """
    if kommune not in frame.attrs.get("suppressed_jobs", {}):
        return frame
    counts = suppressed_jobs(snapshot, root=raw)
    own = counts.loc[counts["region_code"] == kommune].set_index("year")["total_jobs"]
    return fill_from_total(frame, kommune, own)


def fill_sector(sector: pd.DataFrame, kommune: str, employment: pd.DataFrame) -> pd.DataFrame:
    """Return a 13472 frame with ``kommune``'s cells filled where 13470's filled cells give them.

    13472's all-sector count is 13470's (the same register; they agree cell for cell), so a
    cell filled in ``employment`` (:func:`fill_from_total`) fills the all-sector cell; then
    private is all less public (or public all less private) where the other is known.

    >>> e = pd.DataFrame({"region_code": ["R"], "industry_code": ["a"], "year": [2016],
    ...                   "jobs": [4.0]})
    >>> e.attrs[FILLED] = [{"industry_code": "a", "industry_name": "A", "year": 2016, "jobs": 4.0}]
    >>> s = pd.DataFrame({"region_code": ["R"] * 3, "sector_code": ["all", "private", "public"],
    ...     "industry_code": ["a"] * 3, "year": [2016] * 3, "jobs": [None, None, 1.0]})
    >>> fill_sector(s, "R", e)["jobs"].tolist()
    [4.0, 3.0, 1.0]
    """
    filled = {(c["industry_code"], c["year"]): c["jobs"] for c in employment.attrs.get(FILLED, [])}
    if not filled:
        return sector
    out = sector.copy()
    own = out["region_code"] == kommune
    for (industry, year), value in filled.items():
        at = own & (out["industry_code"] == industry) & (out["year"] == year)
        rows = out.loc[at].set_index("sector_code")["jobs"]
        whole = rows.get("all")
        if whole is None or pd.isna(whole):
            out.loc[at & (out["sector_code"] == "all"), "jobs"] = value
            whole = value
        private, public = rows.get("private"), rows.get("public")
        if private is not None and pd.isna(private) and public is not None and pd.notna(public):
            out.loc[at & (out["sector_code"] == "private"), "jobs"] = whole - float(public)
        if public is not None and pd.isna(public) and private is not None and pd.notna(private):
            out.loc[at & (out["sector_code"] == "public"), "jobs"] = whole - float(private)
    out.attrs = sector.attrs
    return out


def filled_note(frame: pd.DataFrame, region_name: str) -> str:
    """Return the Norwegian note on the cells filled from SSB's total (empty when none were).

    >>> f = pd.DataFrame().assign()
    >>> f.attrs[FILLED] = [{"industry_code": "05-09", "industry_name": "Bergverk",
    ...                     "year": 2016, "jobs": 4.0, "exact": True}]
    >>> filled_note(f, "Hvaler")[:60]
    'SSB har skjult tall for Hvaler i tabell 13470 (Bergverk 2016'
    """
    filled = frame.attrs.get(FILLED, [])
    if not filled:
        return ""
    cells = ", ".join(
        f"{c['industry_name']} {c['year']}: {fmt_int(c['jobs'])}"
        + ("" if c.get("exact", True) else " (anslag)")
        for c in filled
    )
    text = (
        f"SSB har skjult tall for {region_name} i tabell 13470 ({cells}). Der bare én næring "
        "mangler et år, er den regnet ut som SSBs total for alle næringer minus de andre "
        "næringene; de tallene er eksakte."
    )
    if not all(c.get("exact", True) for c in filled):
        text += (
            " Der flere næringer mangler samme år, er bare summen deres kjent (totalen minus "
            "resten); den er fordelt etter hver nærings tall i nærmeste år med kjent verdi. "
            "Fordelingen er et anslag, totalen er eksakt."
        )
    return text
