"""Data-quality overviews for notebook 01: SSB status symbols, the 2014/2015 break and the reforms."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from naering_analysis.datasets.checks import select_region
from naering_analysis.reference.regions import load_code_history

#: SSB's symbols for empty cells, with their Norwegian meaning.
STATUS_MEANING = {
    ".": "Lar seg ikke føre opp",
    "..": "Tall mangler",
    ":": "Vises ikke av konfidensialitetshensyn",
    "-": "Null",
}


def status_overview(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Count cells per table and SSB status symbol (``Tabell``, ``Symbol``, ``Betydning``, ``Celler``).

    ``tables`` maps a display name (e.g. ``"13470"``) to a tidy frame with a ``status`` column.
    A table with no flagged cells gets one row with symbol ``–`` and 0 cells, so it is not omitted.
    """
    rows = []
    for name, frame in tables.items():
        counts = frame["status"].dropna().value_counts()
        if counts.empty:
            rows.append({"Tabell": name, "Symbol": "–", "Betydning": "Ingen", "Celler": 0})
        for symbol, count in counts.items():
            rows.append(
                {
                    "Tabell": name,
                    "Symbol": symbol,
                    "Betydning": STATUS_MEANING.get(str(symbol), "Ukjent symbol"),
                    "Celler": int(count),
                }
            )
        rows.append(
            {"Tabell": name, "Symbol": "", "Betydning": "Celler i alt", "Celler": len(frame)}
        )
    return pd.DataFrame(rows)


def flagged_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the rows whose value is missing or carries an SSB status symbol."""
    value = next(c for c in ("jobs", "population", "persons") if c in frame.columns)
    return frame.loc[frame["status"].notna() | frame[value].isna()].reset_index(drop=True)


def reform_history(kommune: str) -> pd.DataFrame:
    """Return every code that harmonises to ``kommune`` with its validity years.

    Columns ``Kode``, ``Navn``, ``Fra``, ``Til`` (years; empty = open-ended), ``Merknad``.
    """
    history = load_code_history()
    rows = [
        {
            "Kode": r.code,
            "Navn": r.name,
            "Fra": r.valid_from,
            "Til": r.valid_to,
            "Merknad": r.note,
        }
        for r in history.municipalities.values()
        if r.current_code == kommune or r.code == kommune
    ]
    frame = pd.DataFrame(rows, columns=["Kode", "Navn", "Fra", "Til", "Merknad"])
    return frame.astype({"Fra": "Int64", "Til": "Int64"}).sort_values("Til", na_position="last")


def break_overview(long_frame: pd.DataFrame, region: str) -> pd.DataFrame:
    """Year-on-year change in the long series around the 2014/2015 break for one region.

    Columns ``year``, ``jobs``, ``change_jobs``, ``change_pct`` and ``series``; the 2015 row shows
    the jump that comes from the new data source, not from real growth. A year with a suppressed
    cell (SSB's ``:``, jobs missing) has no total (NaN, shown as «–»): the sum of the cells shown
    would be an undercount, and the changes into and out of that year would be wrong.
    """
    sub = select_region(long_frame, region, "break_overview")
    cells = sub.groupby(["year", "series"])["jobs"]
    summed = cells.sum(min_count=1).where(cells.count() == cells.size())
    totals = summed.reset_index().sort_values("year").reset_index(drop=True)
    totals["jobs"] = totals["jobs"].astype("float64")
    totals["change_jobs"] = totals["jobs"].diff()
    totals["change_pct"] = totals["jobs"].pct_change(fill_method=None) * 100
    return totals[["year", "jobs", "change_jobs", "change_pct", "series"]]
