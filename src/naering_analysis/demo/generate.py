"""Generate the synthetic demo snapshot: every catalogue table as SSB would answer its query.

For each table the query ``naering fetch --alle-kommuner`` sends (Sarpsborg and its Søndre
Østfold neighbours; every municipality of Østfold for a table with ``county_municipalities``;
every current municipality for a table with ``national_panel``, which is all of them but 03321)
has one part per region level (the flow table 03321 one per end of the flows, :mod:`.flows`);
each part gets one response, byte for byte as PxWebApi 2 would send it, and ``data.json`` is
their combination (:func:`naering_analysis.ssb.combine.combine_datasets`).
No network, and the industry shocks are pseudo-random from fixed seeds: the same code always
gives the same bytes. 13470 and 13472 are answered at two-digit SN2007: the job model's 17 groups
split over their divisions (:mod:`naering_analysis.demo.divisions`), exactly, plus SSB's total
``00-99`` over all industries, hidden cells included.

>>> demo = generate_table("07459")
>>> len(demo.responses), demo.urls[0].startswith("https://data.ssb.no/api/pxwebapi/v2/")
(3, True)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from naering_analysis.demo import calibration as cal
from naering_analysis.demo import divisions
from naering_analysis.demo import flows as flows_demo
from naering_analysis.demo import migration as migration_demo
from naering_analysis.demo.arith import round_half_up
from naering_analysis.demo.bankruptcies import PERIODS as BANKRUPTCY_PERIODS
from naering_analysis.demo.bankruptcies import bankruptcies
from naering_analysis.demo.enterprises import YEARS as ENTERPRISE_YEARS
from naering_analysis.demo.enterprises import new_enterprises
from naering_analysis.demo.jobs import YearGroups, long_jobs, sectors, split_sectors
from naering_analysis.demo.national import (
    national_commuting,
    national_jobs,
    national_long_jobs,
    national_population,
    national_residents,
    others,
    working_age_share,
)
from naering_analysis.demo.people import commuting, population, residents
from naering_analysis.demo.projection import YEARS as PROJECTION_YEARS
from naering_analysis.demo.projection import projected_ages
from naering_analysis.demo.responses import SYNTHETIC_NOTE, Cell, CellFunction, build_response
from naering_analysis.reference.division import current_division
from naering_analysis.reference.industries import GROUP_OF_DIVISION
from naering_analysis.ssb.catalogue import (
    SSB_API_BASE,
    QueryPart,
    TableSpec,
    load_table,
    table_ids,
)
from naering_analysis.ssb.client import MAX_GET_URL_LENGTH
from naering_analysis.ssb.combine import combine_datasets, dumps_dataset
from naering_analysis.ssb.query import encode_params

GENERATOR = "scripts/make_demo_snapshot.py"
FETCHED_AT = datetime(2026, 11, 26, tzinfo=UTC)
NOTE = (
    "SYNTETISKE DEMODATA – illustrasjonsdata, ikke offisielle tall fra SSB. Laget uten nett av "
    f"{GENERATOR} (naering_analysis.demo), kalibrert til publiserte nøkkeltall (DOMAIN.md) slik "
    "at hele pakken kan kjøres uten internett. Bytt dem ut med ekte tall via `make fetch`."
)
_CONTENTS_11616 = ("Sysselsatte", "Innpendlere", "Utpendlere", "SysselsatteArb")
_NATIONAL = frozenset(others())
TOTAL = "00-99"  # SSB's total over all industries in 13470/13472


@cache
def _sectors_of(region: str) -> dict[int, dict[str, dict[str, int]]]:
    return split_sectors(national_jobs()[region]) if region in _NATIONAL else sectors(region)


@cache
def _divisions_of(region: str, year: int) -> dict[str, dict[str, int]]:
    """Return one region-year of jobs by 13472 sector and two-digit division (``ALLE`` = 13470).

    A municipality (or Norway) splits each sector's group value over the divisions
    (:mod:`naering_analysis.demo.divisions`); Østfold is the sum of its twelve municipalities, as
    its groups are.
    """
    if region == cal.COUNTY:
        return divisions.summed(_divisions_of(code, year) for code in cal.MUNICIPALITIES)
    return divisions.split_sectors(_sectors_of(region)[year], region, year)


@cache
def _sector_totals(region: str, year: int) -> dict[str, int]:
    """Return each 13472 sector's total over all groups (``00-99``), hidden cells included."""
    cells = _sectors_of(region)[year]
    return {sector: sum(row[sector] for row in cells.values()) for sector in divisions.SECTORS}


def _long_jobs_of(region: str) -> YearGroups:
    return national_long_jobs()[region] if region in _NATIONAL else long_jobs(region)


def _residents_of(region: str) -> YearGroups:
    return national_residents(region) if region in _NATIONAL else residents(region)


def _population_of(region: str) -> dict[int, int]:
    return national_population()[region] if region in _NATIONAL else population(region)


def _commuting_of(region: str) -> Mapping[int, tuple[int, int | None, int | None, int]]:
    return national_commuting(region) if region in _NATIONAL else commuting(region)


@dataclass(frozen=True)
class DemoTable:
    """One generated table: the responses, their combination and what provenance needs."""

    table: str
    title: str
    responses: tuple[bytes, ...]
    data: bytes
    urls: tuple[str, ...]
    query: tuple[dict[str, Any], ...]


@cache  # a few hundred codes, asked for millions of cells
def _region(code: str) -> str:
    """Return the model's region key for a response code.

    ``K-3105`` and ``K.3105`` (07984's ``agg_KommSummerS``) give ``3105``; ``F-31`` gives ``31``.
    """
    return re.sub(r"^[KF][-.]", "", code)


@cache
def _confidential(table: str, region: str, group: str, content: str | None, year: int) -> bool:
    years = cal.CONFIDENTIAL.get((table, region, group, content), ())
    return year in years


def _hidden_division(table: str, region: str, code: str, year: int) -> bool:
    """Return whether a two-digit cell is hidden: with its whole group, or on its own."""
    group = GROUP_OF_DIVISION[code]
    return _confidential(table, region, group, None, year) or _confidential(
        table, region, code, None, year
    )


def _cell_13470(c: Mapping[str, str]) -> Cell:
    """Return a 13470 cell: ``00-99`` is the true total; small divisions are hidden.

    A division is hidden with its group or on its own (:data:`~.calibration.CONFIDENTIAL`).
    """
    region, code, year = _region(c["Region"]), c["NACE2007"], int(c["Tid"])
    if code == TOTAL:
        return _sector_totals(region, year)[divisions.ALL_SECTORS], None
    if _hidden_division("13470", region, code, year):
        return None, ":"
    return _divisions_of(region, year)[divisions.ALL_SECTORS][code], None


def _cell_13472(c: Mapping[str, str]) -> Cell:
    """Return a 13472 cell: as 13470 per sector; only all-sector and private cells are hidden."""
    region, code, year, sector = _region(c["Region"]), c["NACE2007"], int(c["Tid"]), c["Sektor"]
    if code == TOTAL:
        return _sector_totals(region, year)[sector], None
    hidden = _hidden_division("13472", region, code, year)
    if hidden and sector in (divisions.ALL_SECTORS, divisions.PRIVATE_SECTOR):
        return None, ":"
    return _divisions_of(region, year)[sector][code], None


def _cell_07984(c: Mapping[str, str]) -> Cell:
    region, group, year = _region(c["Region"]), c["NACE2007"], int(c["Tid"])
    content = c["ContentsCode"]
    if _confidential("07984", region, group, content, year):
        return None, ":"
    source = _residents_of if content == "Sysselsatte" else _long_jobs_of
    return source(region)[year][group], None


def _cell_07459(c: Mapping[str, str]) -> Cell:
    return _population_of(_region(c["Region"]))[int(c["Tid"])], None


def _cell_11616(c: Mapping[str, str]) -> Cell:
    row = _commuting_of(_region(c["Region"]))[int(c["Tid"])]
    value = row[_CONTENTS_11616.index(c["ContentsCode"])]
    return (value, None) if value is not None else (None, ".")


def _cell_11618(c: Mapping[str, str]) -> Cell:
    """Return population 15-74 (4th quarter: about the next 1 January), residents or jobs.

    The employed residents and the jobs are 11616's, so the two tables agree.
    """
    region, year, content = _region(c["Region"]), int(c["Tid"]), c["ContentsCode"]
    living, _in, _out, jobs_now = _commuting_of(region)[year]
    if content == "SysselBosted":
        return living, None
    if content == "SysselArbsted":
        return jobs_now, None
    people = _population_of(region)[year + 1]
    return round_half_up(people * working_age_share(region)), None


def _cell_14746(c: Mapping[str, str]) -> Cell:
    """Return one single year of age of the projected population (:mod:`.projection`)."""
    ages = projected_ages(_region(c["Region"]), c["ContentsCode"], int(c["Tid"]))
    return ages[int(c["Alder"]) - 15], None


def _cell_08316(c: Mapping[str, str]) -> Cell:
    """Return new enterprises in one region, SN2007 group and year (:mod:`.enterprises`)."""
    return new_enterprises(_region(c["Region"]))[int(c["Tid"])][c["NACE2007"]], None


def _cell_08551(c: Mapping[str, str]) -> Cell:
    """Return opened bankruptcies in one region and month (:mod:`.bankruptcies`)."""
    return bankruptcies(_region(c["Region"]))[c["Tid"]], None


_CELLS: dict[str, tuple[Callable[[Mapping[str, str]], Cell], tuple[int | str, ...]]] = {
    "13470": (_cell_13470, cal.JOB_YEARS),
    "13472": (_cell_13472, cal.JOB_YEARS),
    "07984": (_cell_07984, cal.LONG_YEARS),
    "07459": (_cell_07459, cal.POPULATION_YEARS),
    "11616": (_cell_11616, cal.JOB_YEARS),
    "11618": (_cell_11618, cal.JOB_YEARS),
    "14746": (_cell_14746, PROJECTION_YEARS),
    "08316": (_cell_08316, ENTERPRISE_YEARS),
    "08551": (_cell_08551, BANKRUPTCY_PERIODS),  # months 2016M01 … 2024M12
    "01223": (migration_demo.cell, migration_demo.PERIODS),  # periods 2015K4 … 2025K4
    "03321": (flows_demo.cell, flows_demo.YEARS),  # flows that add up to 11616/11618
}


def _region_labels(spec: TableSpec) -> dict[str, str]:
    labels: dict[str, str] = {}
    for level, level_spec in spec.region_levels.items():
        labels.update(level_spec.labels)
        if level == "municipality":
            for code, name in current_division().names.items():
                labels[f"{level_spec.prefix}{code}"] = name
    return labels


def _recorded_url(part: QueryPart) -> str:
    """Return the URL a real fetch records: the GET URL, or the POST address when too long."""
    url = part.url()
    if len(url) <= MAX_GET_URL_LENGTH:
        return url
    params = encode_params([("lang", "no"), ("outputFormat", "json-stat2")])
    return f"{SSB_API_BASE}tables/{part.table_id}/data?{params}"


def answer_table(
    table: str,
    cell: CellFunction,
    periods: Sequence[str],
    updated: str,
    *,
    synthetic: bool = True,
    lead_note: str = SYNTHETIC_NOTE,
) -> DemoTable:
    """Return the responses to ``table``'s default query, with values from ``cell``.

    The query is the one ``naering fetch --alle-kommuner`` sends (Sarpsborg, its neighbours and,
    for a table with a national panel, every current municipality), one response per region level
    and ``data.json`` their combination. The demo and the real public figures
    (:mod:`naering_analysis.demo.public`) both go through here, so both have SSB's exact shape.
    """
    spec = load_table(table)
    query = spec.query(
        kommune=cal.SARPSBORG, neighbours=list(cal.NEIGHBOURS), all_municipalities=True
    )
    labels = _region_labels(spec)
    docs = [
        build_response(
            spec,
            part,
            cell,
            periods=periods,
            region_labels=labels,
            updated=updated,
            synthetic=synthetic,
            lead_note=lead_note,
        )
        for part in query.parts
    ]
    responses = tuple(dumps_dataset(doc) for doc in docs)
    sparse = spec.flow_dimensions is not None  # two parts that differ in both region ends
    data = (
        responses[0]
        if len(responses) == 1
        else dumps_dataset(combine_datasets(docs, sparse=sparse))
    )
    return DemoTable(
        table=table,
        title=spec.response_label,
        responses=responses,
        data=data,
        urls=tuple(_recorded_url(part) for part in query.parts),
        query=tuple(part.as_dict() for part in query.parts),
    )


def generate_table(table: str) -> DemoTable:
    """Return the synthetic responses and ``data.json`` bytes for catalogue table ``table``."""
    if table not in _CELLS:
        raise ValueError(f"The demo generator has no model for table {table}; add one to _CELLS.")
    cell, years = _CELLS[table]
    return answer_table(table, cell, [str(year) for year in years], cal.UPDATED[table])


def generate_all() -> list[DemoTable]:
    """Return the generated demo for every table in the catalogue, sorted by table id."""
    return [generate_table(table) for table in table_ids()]
