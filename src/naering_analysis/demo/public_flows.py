"""Real commuting flows (SSB 03321) from a public copy, written as SSB's answer to the default query.

``statisticsnorway/pendling`` keeps 03321 for 2017–2022 as one square matrix a year
(``data/data_pendling{year}.rds``: every residence × every workplace among the municipalities of
that year, flows of 0 included). ``scripts/convert_pendling.py`` keeps the flows that start or end
in Søndre Østfold and leaves out the zeros; :func:`flows_values` turns that frame into the cells
of the catalogue's two-part default query (the region's homes × every workplace, every home × the
region's workplaces), both ends at today's borders:

* a pair the frame does not list is **0**: the source keeps its zero flows, so a missing row is a
  zero the conversion left out, not a gap;
* the Ålesund-area codes, which csdata splits 0,5/0,5 between 1508 Ålesund and 1580 Haram in
  every year, follow their lineage instead (:data:`LINEAGE`): in 2017–2019 old 1534 Haram is
  today's 1580 Haram and 1504, 1523, 1529 and 1546 are today's 1508 Ålesund, exactly; 1507
  Ålesund of 2020–2023 goes whole to 1508 Ålesund, an approximation for the 1–14 people a year
  who commuted between Søndre Østfold and old Haram's part of it (they are counted in 1508, not
  1580). Both lie outside the region, so every region total stays exact;
* a pair fed by another split municipality (``weight`` < 1 in the code-change table) *with people
  in it* is ``.`` (not possible to state without guessed shares, as for 11618; Snillfjord 2017,
  1 person); a zero flow stays 0 however the municipality was split, so it needs no guess;
* a pair with an end the source has no figures for that year (``present``: Rindal 2019, whose
  map point in the source still has the old code 1567 with zeros) is ``..``.

>>> frame = pd.DataFrame({"year": [2022], "home_code": ["3003"], "work_code": ["3004"],
...     "persons": [4651]})
>>> changes = pd.DataFrame({"from_code": ["3003", "3004"], "year": [2022, 2022],
...     "to_code": ["3105", "3107"], "weight": [1.0, 1.0]})
>>> present = {("3105", 2022), ("3107", 2022)}
>>> values = flows_values(frame, changes, present, ["3105"], ["3105", "3107"])
>>> values["K-3105", "K-3107", "2022"], values["K-3107", "K-3105", "2022"]
((4651, None), (0, None))
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import pandas as pd

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.generate import DemoTable, answer_table
from naering_analysis.demo.public import MISSING, NOT_STATED
from naering_analysis.demo.responses import Cell, CellFunction
from naering_analysis.reference.division import current_division

TABLE = "03321"
CONTENT = "Sysselsatte"
QUERY_MEMBERS: tuple[str, ...] = (cal.SARPSBORG, *cal.NEIGHBOURS)
"""The municipalities whose flows the default query asks for (Søndre Østfold)."""
#: (code of that year, year) → today's code, where csdata's equal split is replaced by lineage.
#: 2017–2019 exact (2024 Haram is old 1534 Haram); 1507 in 2020–2022 approximate (to Ålesund).
LINEAGE: dict[tuple[str, int], str] = {
    **{("1534", year): "1580" for year in (2017, 2018, 2019)},
    **{
        (code, year): "1508"
        for code in ("1504", "1523", "1529", "1546")
        for year in (2017, 2018, 2019)
    },
    **{("1507", year): "1508" for year in (2020, 2021, 2022)},
}


def with_lineage(changes: pd.DataFrame) -> pd.DataFrame:
    """Return ``changes`` with each :data:`LINEAGE` code mapped whole (weight 1) to its successor.

    >>> changes = pd.DataFrame({"from_code": ["1507", "1507"], "year": [2021, 2021],
    ...     "to_code": ["1508", "1580"], "weight": [0.5, 0.5]})
    >>> with_lineage(changes)[["from_code", "to_code", "weight"]].values.tolist()
    [['1507', '1508', 1.0]]
    """
    year = changes["year"].astype(int)
    keys = list(zip(changes["from_code"].astype(str), year, strict=True))
    replaced = pd.Series([k in LINEAGE for k in keys], index=changes.index)
    kept = changes.loc[~replaced]
    chosen = changes.loc[replaced].copy()
    chosen = chosen.loc[
        [
            LINEAGE[(str(c), int(y))] == str(t)
            for c, y, t in zip(chosen["from_code"], chosen["year"], chosen["to_code"], strict=True)
        ]
    ].assign(weight=1.0)
    return pd.concat([kept, chosen]).sort_index()


FlowValues = dict[tuple[str, str, str], Cell]
"""(``Bokommuen`` such as ``K-3105``, ``ArbstedKomm``, period) → (value, status symbol)."""


def _to_current(frame: pd.DataFrame, column: str, changes: pd.DataFrame) -> pd.DataFrame:
    """Replace ``column``'s codes of each year by today's codes; a split code gives one row each."""
    mapped = frame.merge(
        changes[["from_code", "year", "to_code", "weight"]],
        left_on=[column, "year"],
        right_on=["from_code", "year"],
        how="left",
        validate="m:m",
    )
    unmatched = mapped[mapped["to_code"].isna()]
    if len(unmatched):
        pairs = sorted(set(zip(unmatched[column], unmatched["year"], strict=True)))
        raise ValueError(f"{column}: no current code for {pairs[:10]}")
    guessed = mapped["weight"] < 1
    if "guessed" in mapped:
        guessed = guessed | mapped["guessed"]
    return mapped.assign(**{column: mapped["to_code"], "guessed": guessed}).drop(
        columns=["from_code", "to_code", "weight"]
    )


def flows_values(
    frame: pd.DataFrame,
    changes: pd.DataFrame,
    present: Collection[tuple[str, int]],
    members: Sequence[str] = QUERY_MEMBERS,
    everyone: Sequence[str] | None = None,
) -> FlowValues:
    """Return every cell of the two-part query: ``members`` × ``everyone`` and back, each year.

    ``frame`` has ``year``, ``home_code``, ``work_code`` (codes of that year) and ``persons``
    (the non-zero flows with an end in the region); ``changes`` is the code-change table
    (``from_code``, ``year``, ``to_code``, ``weight``); ``present`` holds the (today's code,
    year) pairs the source has figures for. ``members`` are the region the query asks for
    (Sarpsborg and its neighbours), ``everyone`` the other end (default: every current
    municipality). See the module docstring for 0, ``.`` and ``..``.

    Raises
    ------
    ValueError
        If a code has no current code in ``changes`` that year, a flow is negative, or a member
        has no flow at all in a year (the frame is not this region's).
    """
    if (frame["persons"] < 0).any():
        raise ValueError("negative flows")
    everyone = list(everyone if everyone is not None else current_division().codes)
    years = sorted(int(y) for y in frame["year"].unique())
    rows = frame[frame["persons"] != 0].assign(year=frame["year"].astype(int))
    changes = with_lineage(changes.assign(year=changes["year"].astype(int)))
    current = _to_current(_to_current(rows, "home_code", changes), "work_code", changes)
    for year in years:
        part = current[current["year"] == year]
        ends = set(part["home_code"]) | set(part["work_code"])
        if absent := sorted(set(members) - ends):
            raise ValueError(f"{year}: no flows for the members {absent}")
    keys = ["home_code", "work_code", "year"]
    summed = current.groupby(keys)["persons"].sum()
    guessed = set(current.loc[current["guessed"], keys].itertuples(index=False, name=None))
    have = set(present)
    values: FlowValues = {}
    for year in years:
        pairs = {(m, c) for m in members for c in everyone} | {
            (c, m) for m in members for c in everyone
        }
        for home, work in pairs:
            key = (f"K-{home}", f"K-{work}", str(year))
            if (home, year) not in have or (work, year) not in have:
                values[key] = (None, MISSING)
            elif (home, work, year) in guessed:
                values[key] = (None, NOT_STATED)
            else:
                values[key] = (int(summed.get((home, work, year), 0)), None)
    return values


def flow_cell_function(values: Mapping[tuple[str, str, str], Cell]) -> CellFunction:
    """Return a cell function for 03321 that answers from ``values``.

    Raises
    ------
    KeyError
        When the query asks for a cell ``values`` lacks: :func:`flows_values` makes every cell
        of the default query, so a gap is a mismatch between the region and the query.
    """

    def cell(c: Mapping[str, str]) -> Cell:
        if c["ContentsCode"] != CONTENT:
            raise KeyError(f"03321 has only {CONTENT}, not {c['ContentsCode']}")
        return values[c["Bokommuen"], c["ArbstedKomm"], c["Tid"]]

    return cell


def public_flows_table(
    values: Mapping[tuple[str, str, str], Cell],
    periods: Sequence[str],
    *,
    updated: str,
    lead_note: str,
) -> DemoTable:
    """Write ``values`` as SSB's two answers to 03321's default query and their sparse union."""
    return answer_table(
        TABLE,
        flow_cell_function(values),
        list(periods),
        updated,
        synthetic=False,
        lead_note=lead_note,
    )
