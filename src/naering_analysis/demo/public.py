"""Real SSB figures from public copies, written as SSB's answer to a table's default query.

Some SSB figures are public in repositories (statisticsnorway/pendling keeps 11618 for every
municipality 2017–2022; niphr/csdata keeps 07459 by age at 2024 borders). They are real, but they
were not fetched by ``naering fetch``: the development scripts (``scripts/make_public_snapshots.py``)
read them, and this module turns the tidy result into the JSON-stat documents SSB would send for
the table's default query (:func:`naering_analysis.demo.generate.answer_table`), so the normal
build reads them unchanged. The snapshot's provenance says so (``synthetic: false`` plus
``origin``), and :func:`naering_analysis.snapshots.latest` prefers a real fetch over them.

The default query asks for *current* municipalities (``agg_KommSummer``, ``K-3105``), Østfold
(``F-31``) and Norway (``0``). :func:`to_current_borders` sums each year's codes into today's
municipalities with a code-change table; a municipality-year that rests on a split municipality
(csdata's guessed shares) or that the source lacks is left empty, never guessed.

>>> from naering_analysis.demo.public import cell_function
>>> cell = cell_function({("K-3105", "Personer1", "2025"): (60139, None)})
>>> cell({"Region": "K-3105", "ContentsCode": "Personer1", "Tid": "2025"})
(60139, None)
>>> cell({"Region": "K-3105", "ContentsCode": "Personer1", "Tid": "2026"})
(None, '..')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from naering_analysis.demo.generate import DemoTable, answer_table
from naering_analysis.demo.responses import Cell, CellFunction
from naering_analysis.reference.division import current_division
from naering_analysis.ssb.catalogue import load_table

NOT_STATED = "."
"""SSB's symbol "not possible to state": the figure at current borders would need guessed shares."""
MISSING = ".."
"""SSB's symbol "data missing": the public copy has no figure."""
Values = dict[tuple[str, str, str], Cell]
"""(response region code such as ``K-3105``, ContentsCode, period) → (value, status symbol)."""


def cell_function(values: Mapping[tuple[str, str, str], Cell]) -> CellFunction:
    """Return a cell function that answers from ``values``; a cell not there is missing (``..``)."""

    def cell(c: Mapping[str, str]) -> Cell:
        return values.get((c["Region"], c["ContentsCode"], c["Tid"]), (None, MISSING))

    return cell


def split_cells(changes: pd.DataFrame) -> set[tuple[str, int]]:
    """Return the (current code, year) pairs fed by a split municipality (``weight`` < 1).

    ``changes`` is a code-change table with ``from_code``, ``year``, ``to_code``, ``weight``
    (niphr/csdata's redistricting table). A current municipality's figure for such a year could
    only be had with guessed shares.
    """
    split = changes[changes["weight"] < 1]
    return set(zip(split["to_code"], split["year"].astype(int), strict=True))


def to_current_borders(
    frame: pd.DataFrame, changes: pd.DataFrame, value_columns: Sequence[str]
) -> pd.DataFrame:
    """Sum each year's municipality codes into today's municipalities.

    ``frame`` has ``region_code`` (the code of that year), ``year`` and ``value_columns``
    (nullable integers; a row whose values are all missing is a gap in the source). Returns
    ``region_code`` (current), ``year``, the value columns and ``status``: ``None`` with the sum,
    or :data:`NOT_STATED` with empty values where a code feeding it was split (weight < 1).
    A current municipality-year with no source row is absent (it will be answered ``..``).

    Raises
    ------
    ValueError
        If a code with figures has no current code in ``changes`` that year, or a code-year has
        a value in some but not all ``value_columns``.
    """
    columns = list(value_columns)
    empty = frame[columns].isna()
    if (empty.any(axis=1) & ~empty.all(axis=1)).any():
        raise ValueError("rows with some but not all values missing")
    rows = frame[~empty.all(axis=1)]
    mapped = rows.merge(
        changes[["from_code", "year", "to_code", "weight"]],
        left_on=["region_code", "year"],
        right_on=["from_code", "year"],
        how="left",
        validate="1:m",
    )
    unmatched = mapped[mapped["to_code"].isna()]
    if len(unmatched):
        pairs = sorted(set(zip(unmatched["region_code"], unmatched["year"], strict=True)))
        raise ValueError(f"no current code for {pairs[:10]}")
    summed = mapped.groupby(["to_code", "year"], as_index=False)[columns].sum()
    summed = summed.rename(columns={"to_code": "region_code"})
    guessed = split_cells(changes)
    is_split = pd.Series(
        [
            (code, int(year)) in guessed
            for code, year in zip(summed["region_code"], summed["year"], strict=True)
        ],
        index=summed.index,
    )
    summed["status"] = is_split.map({True: NOT_STATED, False: None})
    for column in columns:
        summed[column] = summed[column].astype("Int64").mask(is_split)
    return summed.sort_values(["region_code", "year"], ignore_index=True)


def county_totals(
    frame: pd.DataFrame, changes: pd.DataFrame, value_columns: Sequence[str], county: str
) -> pd.DataFrame:
    """Sum every source row that belongs to ``county`` (two digits, today's county) per year.

    A split municipality counts in full when every part lies in the county (csdata's splits all
    stay within one county), so the county total needs no guessed shares. Returns ``year`` and the
    value columns.

    Raises
    ------
    ValueError
        If a code in the source is split between ``county`` and another county.
    """
    columns = list(value_columns)
    rows = frame[~frame[columns].isna().all(axis=1)]
    targets = changes.assign(inside=changes["to_code"].str[:2] == county)
    share = targets.groupby(["from_code", "year"])["inside"].agg(["any", "all"]).reset_index()
    straddling = share[share["any"] & ~share["all"]]
    if len(straddling):
        raise ValueError(f"codes split across county {county}: {straddling.to_dict('records')}")
    inside = share.loc[share["all"], ["from_code", "year"]]
    picked = rows.merge(
        inside, left_on=["region_code", "year"], right_on=["from_code", "year"], validate="1:1"
    )
    return picked.groupby("year", as_index=False)[columns].sum()


def response_values(
    municipalities: pd.DataFrame,
    county: pd.DataFrame,
    country: pd.DataFrame,
    contents: Mapping[str, str],
    *,
    county_code: str = "F-31",
    country_code: str = "0",
) -> Values:
    """Return the cells of the three region levels, keyed as the response's codes.

    ``municipalities`` comes from :func:`to_current_borders`; ``county`` and ``country`` have
    ``year`` and the value columns. ``contents`` maps SSB's ``ContentsCode`` to a value column.
    """
    values: Values = {}
    levels = (
        (municipalities, lambda row: f"K-{row['region_code']}"),
        (county, lambda _row: county_code),
        (country, lambda _row: country_code),
    )
    for frame, code_of in levels:
        for row in frame.to_dict("records"):
            region, period = code_of(row), str(int(row["year"]))
            status = row.get("status")
            status = status if isinstance(status, str) else None  # NaN/None: a plain value
            for code, column in contents.items():
                value = row[column]
                if status or pd.isna(value):
                    values[region, code, period] = (None, status or MISSING)
                else:
                    values[region, code, period] = (int(value), None)
    return values


def public_table(
    table: str, values: Values, periods: Sequence[str], *, updated: str, lead_note: str
) -> DemoTable:
    """Write ``values`` as SSB's answer to ``table``'s default query (real, not synthetic).

    Every current municipality the query asks for must be in ``values`` for some period;
    otherwise the public copy does not cover the table and a ValueError says which are missing.
    """
    spec = load_table(table)
    asked = {f"{spec.region_levels['municipality'].prefix}{c}" for c in current_division().codes}
    missing = sorted(asked - {region for region, _code, _period in values})
    if missing:
        raise ValueError(f"table {table}: the public copy has no figures for {missing}")
    return answer_table(
        table,
        cell_function(values),
        list(periods),
        updated,
        synthetic=False,
        lead_note=lead_note,
    )


# --- the tables ---------------------------------------------------------------------------------

COUNTY = "31"  # Østfold: the county level of the default query (F-31)
LABOUR_CONTENTS = {
    "BefolkningBosted": "population_15_74",
    "SysselBosted": "employed_residents",
    "SysselArbsted": "jobs",
}
"""11618's statistics and the columns of ``scripts/convert_pendling.py``'s tidy frame."""
POPULATION_CONTENTS = {"Personer1": "population"}


def labour_values(frame: pd.DataFrame, changes: pd.DataFrame) -> Values:
    """Return 11618's cells from the tidy pendling frame (every municipality, codes of each year).

    Municipalities are summed to current borders (:func:`to_current_borders`), Østfold is the sum
    of the source rows that lie in today's Østfold, and Norway the sum of every municipality in
    the source (SSB's own national figure may differ slightly: the source has no workplace abroad,
    on the shelf or unknown).
    """
    columns = list(LABOUR_CONTENTS.values())
    municipalities = to_current_borders(frame, changes, columns)
    county = county_totals(frame, changes, columns, COUNTY)
    country = frame.groupby("year", as_index=False)[columns].sum()
    return response_values(municipalities, county, country, LABOUR_CONTENTS)


def population_values(
    municipalities: pd.DataFrame, country: pd.DataFrame, changes: pd.DataFrame
) -> Values:
    """Return 07459's cells from population at current borders (``region_code, year, population``).

    ``municipalities`` is already at today's borders (csdata's redistricting); a municipality-year
    fed by a split code (csdata's guessed shares, :func:`split_cells`) is left empty. Østfold is the
    sum of its municipalities; ``country`` (``year, population``) is SSB's national figure.

    Raises
    ------
    ValueError
        If a municipality of Østfold rests on a split, so its sum would rest on guesses.
    """
    guessed = split_cells(changes)
    is_split = pd.Series(
        [
            (code, int(year)) in guessed
            for code, year in zip(
                municipalities["region_code"], municipalities["year"], strict=True
            )
        ],
        index=municipalities.index,
    )
    out = municipalities.assign(
        population=municipalities["population"].astype("Int64").mask(is_split),
        status=is_split.map({True: NOT_STATED, False: None}),
    )
    inside = out["region_code"].str[:2] == COUNTY
    if out.loc[inside, "status"].notna().any():
        raise ValueError(f"a municipality of county {COUNTY} rests on a split")
    county = out.loc[inside, ["year", "population"]].groupby("year", as_index=False).sum()
    return response_values(out, county, country, POPULATION_CONTENTS)
