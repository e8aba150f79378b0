"""Suppressed cells (``:``) in the municipality's 13470 series that SSB's own total gives exactly.

13470 is fetched at two-digit level together with SSB's total over all industries (00-99). A
part of the focus mapping with a suppressed division is missing (a sum with a missing cell is
missing). In a year where only *one* part of the municipality is missing, its value is SSB's
total less the other parts: no estimate, the same arithmetic as the table. Those cells are filled
before the projections (the scenario engine refuses series with holes), and the notebooks say
which. Where two or more parts are missing in one year only their sum is known; they stay
missing, and the sections that need them are left out (:mod:`.coverage`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from naering_analysis.datasets.frames import suppressed_jobs
from naering_analysis.numfmt import fmt_int

#: ``attrs`` key of the filled cells: a list of {industry_code, industry_name, year, jobs}.
FILLED = "filled_from_total"


def fill_from_total(frame: pd.DataFrame, kommune: str, totals: pd.Series) -> pd.DataFrame:
    """Return ``frame`` with ``kommune``'s lone missing part per year set to total less the rest.

    ``totals`` is SSB's total over all industries (00-99) for ``kommune``, indexed by year. A
    year with two or more missing parts, or without a total, is left as it is. The filled cells
    are listed in ``attrs[FILLED]``; the status symbol (``:``) is kept, as SSB published it.

    >>> f = pd.DataFrame({"region_code": ["R"] * 3, "industry_code": ["a", "b", "c"],
    ...     "industry_name": ["A", "B", "C"], "year": [2016] * 3, "jobs": [10.0, None, 5.0]})
    >>> fill_from_total(f, "R", pd.Series({2016: 19}))["jobs"].tolist()
    [10.0, 4.0, 5.0]
    """
    out = frame.copy()
    filled: list[dict[str, object]] = []
    own = out["region_code"] == kommune
    for key, rows in out.loc[own].groupby("year"):
        year = int(str(key))
        missing = rows.index[rows["jobs"].isna()]
        if len(missing) != 1 or year not in totals.index or pd.isna(totals[year]):
            continue
        value = float(totals[year]) - float(rows["jobs"].sum())
        if value < 0:
            continue  # the total does not hold the parts: leave it missing rather than guess
        out.loc[missing[0], "jobs"] = value
        row = out.loc[missing[0]]
        filled.append(
            {
                "industry_code": str(row["industry_code"]),
                "industry_name": str(row["industry_name"]),
                "year": year,
                "jobs": value,
            }
        )
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
    ...                     "year": 2016, "jobs": 4.0}]
    >>> filled_note(f, "Hvaler")[:60]
    'SSB har skjult tall for Hvaler i tabell 13470 (Bergverk 2016'
    """
    filled = frame.attrs.get(FILLED, [])
    if not filled:
        return ""
    cells = ", ".join(f"{c['industry_name']} {c['year']}: {fmt_int(c['jobs'])}" for c in filled)
    return (
        f"SSB har skjult tall for {region_name} i tabell 13470 ({cells}). Der bare én næring "
        "mangler et år, er den regnet ut som SSBs total for alle næringer minus de andre "
        "næringene; tallene er eksakte, ikke anslag."
    )
