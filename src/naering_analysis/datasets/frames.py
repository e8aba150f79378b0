"""Tidy domain frames built from the raw SSB snapshots.

This is the *meaning* layer: :mod:`naering_analysis.ssb.jsonstat` only parses; here region codes are
harmonised across the reforms, SN2007 groups get their focus industry (``bransje``), sectors are
grouped into private/public, and every frame is checked against its schema before it leaves.

Every frame carries ``attrs["synthetic"]`` (True when built from the demo snapshot),
``attrs["provenance"]`` (the provenance dicts of its snapshots) and ``attrs["source"]`` (the
Norwegian source line).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from naering_analysis.config import paths
from naering_analysis.datasets import schemas
from naering_analysis.datasets.cube import collapse_divisions
from naering_analysis.errors import SchemaError, SnapshotError
from naering_analysis.reference.industries import (
    GROUP_OF_DIVISION,
    SN2007_CODES,
    UNKNOWN_DIVISION,
    FocusMapping,
    industry_name,
    load_focus_mapping,
)
from naering_analysis.reference.regions import harmonise_series, region_name
from naering_analysis.reference.sources import source_line
from naering_analysis.snapshots import Snapshot, latest, read_snapshot
from naering_analysis.ssb import read_jsonstat
from naering_analysis.ssb.catalogue import load_table

#: The 07984 series changes data source (a-ordningen) between 2014 and 2015.
SERIES_BREAK_YEAR = 2015

SnapshotRef = str | Path | Snapshot | None


def load_snapshot(table: str, snapshot: SnapshotRef = None, root: Path | None = None) -> Snapshot:
    """Return a verified snapshot of ``table``.

    ``snapshot`` may be None (the newest real snapshot, else the demo), a folder label such as
    ``"2026-11-26"``, a folder path, or an already loaded :class:`Snapshot`.
    """
    if isinstance(snapshot, Snapshot):
        return snapshot
    raw = root or paths().raw
    if snapshot is None or snapshot == "":
        return latest(table, root=raw)
    folder = Path(snapshot)
    if not folder.is_absolute() and not folder.exists():
        folder = raw / table / str(snapshot)
    if not folder.is_dir():
        raise SnapshotError(
            f"Fant ikke øyeblikksbildet {snapshot!r} for tabell {table} (så etter {folder}). "
            f"Se `naering snapshots` for hva som finnes."
        )
    return read_snapshot(folder)


def _cells(table: str, snapshot: SnapshotRef, root: Path | None) -> tuple[pd.DataFrame, Snapshot]:
    snap = load_snapshot(table, snapshot, root)
    cells = read_jsonstat(snap.data)
    _check_cells(table, cells, snap)
    return cells, snap


def _check_cells(table: str, cells: pd.DataFrame, snap: Snapshot) -> None:
    """Refuse a snapshot that is another table, or holds periods before the table's first.

    ``naering fetch`` refuses such answers before saving them
    (:func:`~naering_analysis.ssb.validate.check_response`); a folder saved before it did is
    refused here, with the command that replaces it, rather than deep inside the build.
    """
    again = (
        f"Kjør `naering fetch {table}` for å hente tabellen på nytt (hentingen avviser nå slike "
        "svar, og sier fra hvis SSB fortsatt sender dem); den nye mappen legges ved siden av og "
        f"brukes. Mappen slettes ikke: flytt den ut av data/raw/ssb/{table} når du har sett på "
        "den, så brukes det forrige øyeblikksbildet."
    )
    said = cells.attrs.get("table_id")
    if said not in (None, table):
        raise SnapshotError(
            f"{snap.path}: data.json sier at den er tabell {said}, ikke {table}, og brukes "
            f"ikke.\n{again}"
        )
    first = load_table(table).first_period
    early = sorted(period for period in cells["Tid"].astype(str).unique() if period < first)
    if early:
        raise SnapshotError(
            f"{snap.path}: data.json har perioder før tabellens første periode {first} "
            f"(first_period i data/tables/{table}.yaml): {', '.join(early)}. Tall fra før en "
            "tabell starter kan være fra en annen kilde eller fra før et brudd i serien, og "
            f"øyeblikksbildet brukes ikke.\n{again}"
        )


def _part_cells(
    table: str, snapshot: SnapshotRef, root: Path | None
) -> tuple[pd.DataFrame, Snapshot, pd.DataFrame | None]:
    """Like :func:`_cells`, with a two-digit NACE2007 axis already summed into parts.

    Returns the cells (``attrs["parts"]`` True when summed), the snapshot and, when the table
    has SSB's total ``00-99``, the suppressed-cell counts as cells (:mod:`.cube`).
    """
    snap = load_snapshot(table, snapshot, root)
    collapsed = collapse_divisions(snap.data)
    cells = read_jsonstat(collapsed.doc)
    _check_cells(table, cells, snap)
    cells.attrs["parts"] = collapsed.divisions
    counts = None if collapsed.suppressed is None else read_jsonstat(collapsed.suppressed)
    return cells, snap, counts


def _with_regions(cells: pd.DataFrame) -> pd.DataFrame:
    """Add ``region_code`` (current code) and ``region_name`` from the SSB ``Region`` columns."""
    out = cells.assign(region_code=harmonise_series(cells, "Region"))
    labels = dict(zip(out["region_code"], out["Region_label"], strict=False))
    names = {code: region_name(code, default=label) for code, label in labels.items()}
    out["region_name"] = out["region_code"].map(names)
    return out


TOTAL_INDUSTRY = "00-99"
"""SSB's total over all industries in 13470/13472; fetched as a check, never counted as an industry."""
DIVISION_LEVEL, GROUP_LEVEL = "tosifret", "17 grupper"


def industry_level(codes: Sequence[str], table: str) -> str:
    """Return whether a table's industry codes are two-digit divisions or SSB's 17 groups.

    ``00`` (uoppgitt) and the total ``00-99`` belong to both. Raises :class:`SchemaError` when
    the codes are neither, or a mix of the two.
    """
    found = set(codes) - {TOTAL_INDUSTRY, UNKNOWN_DIVISION}
    if found <= set(GROUP_OF_DIVISION):
        return DIVISION_LEVEL
    if found <= set(SN2007_CODES):
        return GROUP_LEVEL
    unknown = sorted(found - set(GROUP_OF_DIVISION) - set(SN2007_CODES))
    raise SchemaError(
        f"Tabell {table} har næringskoder som verken er tosifrede SN2007-næringer eller SSBs 17 "
        f"grupper: {unknown or sorted(found)}. Se naering_analysis/data/tables/{table}.yaml og "
        "naering_analysis/data/focus_industries.yaml."
    )


def _to_parts(cells: pd.DataFrame, mapping: FocusMapping) -> pd.DataFrame:
    """Sum two-digit cells into the parts of the focus mapping (``industry_code``).

    One missing (suppressed) cell makes its part missing, never an undercount; the part's
    status is the first status symbol among its cells.
    """
    cells = cells[cells["NACE2007"] != TOTAL_INDUSTRY]
    skip = {"NACE2007", "NACE2007_label", "value", "status"}
    keys = [c for c in cells.columns if c not in skip and not c.endswith("_label")]
    keys += ["Region_label"] if "Region_label" in cells.columns else []  # names the regions
    grouped = cells.assign(industry_code=cells["NACE2007"].map(mapping.part_of_division)).groupby(
        [*keys, "industry_code"], sort=False
    )
    values = grouped["value"]
    summed = values.sum(min_count=1).where(values.count() == values.size())
    return pd.concat([summed, grouped["status"].first()], axis=1).reset_index()


def _with_industries(cells: pd.DataFrame, table: str) -> tuple[pd.DataFrame, str]:
    """Give each cell its unit, name and bransje; two-digit cells are summed into parts first.

    Returns the frame (``industry_code``, ``industry_name``, ``bransje``)
    and the level of the data (:data:`DIVISION_LEVEL` or :data:`GROUP_LEVEL`).
    """
    mapping = load_focus_mapping()
    if cells.attrs.get("parts"):  # summed on the cube already (see _part_cells)
        out = cells[cells["NACE2007"] != TOTAL_INDUSTRY].rename(
            columns={"NACE2007": "industry_code"}
        )
        out["industry_name"] = out["industry_code"].map(mapping.part_names)
        return mapping.apply(out), DIVISION_LEVEL
    level = industry_level(cells["NACE2007"].drop_duplicates().tolist(), table)
    if level == DIVISION_LEVEL:
        out = _to_parts(cells, mapping)
        names = mapping.part_names
    else:
        out = cells[cells["NACE2007"] != TOTAL_INDUSTRY].rename(
            columns={"NACE2007": "industry_code"}
        )
        names = {c: industry_name(c) for c in SN2007_CODES}
    out["industry_name"] = out["industry_code"].map(names)
    return mapping.apply(out), level


def _jobs(values: pd.Series) -> pd.Series:
    """Whole persons as nullable Int64 (SSB counts are integers; null stays <NA>)."""
    return values.round().astype("Int64")


def _finish(
    frame: pd.DataFrame, columns: list[str], snaps: Sequence[Snapshot], schema: Any
) -> pd.DataFrame:
    """Order, aggregate duplicates from merged codes, validate, and attach provenance."""
    values = ("jobs", "population", "persons", "enterprises", "bankruptcies")
    keys = [c for c in columns if c not in {*values, "status"}]
    value_col = next(c for c in values if c in columns)
    if frame.duplicated(keys).any():
        # Several old codes that merged into one current code: sum them (never silently drop).
        status = frame.groupby(keys, sort=False)["status"].first()
        summed = frame.groupby(keys, sort=False)[value_col].sum(min_count=1)
        frame = pd.concat([summed, status], axis=1).reset_index()
    out = frame[columns].sort_values(keys, kind="stable").reset_index(drop=True)
    schemas.validate(out, schema)
    tables = sorted({s.table for s in snaps})
    out.attrs = {
        "synthetic": any(s.synthetic for s in snaps),
        "provenance": [frame_provenance(s.provenance) for s in snaps],
        "source": source_line([s.provenance for s in snaps]),
        "tables": tables,
    }
    return out


#: Provenance keys a frame does not carry: the query, URLs and answer list. A frame's ``attrs``
#: are deep-copied by pandas on every operation, and these made a national 13472 frame's
#: provenance 18 kB: the key figures spent 12 of 27 seconds copying them. ``provenance.json``
#: keeps them all.
HEAVY_PROVENANCE = ("query", "urls", "responses")


def frame_provenance(provenance: dict[str, Any]) -> dict[str, Any]:
    """Return the provenance a frame carries in ``attrs``: everything but the heavy keys.

    The number of requests stays, as ``requests``.

    >>> frame_provenance({"table": "13470", "urls": ["a", "b"], "query": [{"level": "x"}]})
    {'table': '13470', 'requests': 2}
    """
    light = {k: v for k, v in provenance.items() if k not in HEAVY_PROVENANCE}
    light["requests"] = len(provenance.get("urls") or [])
    return light


def _pick_contents(cells: pd.DataFrame, table: str, code: str) -> pd.DataFrame:
    if "ContentsCode" not in cells:
        return cells
    present = cells["ContentsCode"].unique()
    if len(present) == 1 and present[0] == code:
        return cells  # one statistic: nothing to pick (saves a copy of a large table)
    picked = cells[cells["ContentsCode"] == code]
    if picked.empty:
        found = sorted(present)
        raise SchemaError(
            f"Tabell {table} har ikke statistikkvariabelen {code!r} (fant {found}). "
            f"Sjekk tabellkatalogen naering_analysis/data/tables/{table}.yaml."
        )
    return picked


def employment(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Jobs by workplace (table 13470): one row per region, SN2007 group and year.

    Columns: ``region_code``, ``region_name``, ``industry_code``, ``industry_name``, ``bransje``,
    ``year``, ``jobs`` (Int64), ``status``.
    """
    cells, snap, counts = _part_cells("13470", snapshot, root)
    cells = _pick_contents(cells, "13470", "SysselsatteArb")
    tidy, level = _with_industries(cells, "13470")
    tidy = _with_regions(tidy)
    tidy = tidy.assign(year=tidy["Tid"].astype(int), jobs=_jobs(tidy["value"]))
    out = _finish(tidy, schemas.EMPLOYMENT_COLUMNS, [snap], schemas.EMPLOYMENT)
    out.attrs["industry_level"] = level
    out.attrs["suppressed_jobs"] = _suppressed_attr(counts)
    return out


def employment_divisions(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Jobs by workplace at two-digit SN2007 (13470): one row per region, division and year.

    Columns ``region_code``, ``region_name``, ``division_code``, ``division_name`` (SSB's label),
    ``industry_code`` (the part it counts in), ``bransje`` (by the two-digit mapping),
    ``bransje_17`` (by the 17-group mapping), ``year``, ``jobs`` (Int64; suppressed cells stay
    missing) and ``status``. Raises :class:`SchemaError` for a snapshot with only the 17 groups.
    """
    cells, snap = _cells("13470", snapshot, root)
    cells = _pick_contents(cells, "13470", "SysselsatteArb")
    if industry_level(cells["NACE2007"].drop_duplicates().tolist(), "13470") != DIVISION_LEVEL:
        raise SchemaError(
            f"{snap.path}: øyeblikksbildet av 13470 har bare SSBs 17 næringsgrupper, ikke tosifrede "
            "næringer. Hent tabellen på nytt med `naering fetch`."
        )
    mapping = load_focus_mapping()
    tidy = _with_regions(cells[cells["NACE2007"] != TOTAL_INDUSTRY])
    division = tidy["NACE2007"]
    tidy = tidy.assign(
        division_code=division,
        division_name=tidy["NACE2007_label"],
        industry_code=division.map(mapping.part_of_division),
        bransje=division.map(mapping.division_lookup),
        bransje_17=division.map(GROUP_OF_DIVISION).map(mapping.coarse_lookup),
        year=tidy["Tid"].astype(int),
        jobs=_jobs(tidy["value"]),
    )
    columns = [
        "region_code", "region_name", "division_code", "division_name", "industry_code",
        "bransje", "bransje_17", "year", "jobs", "status",
    ]  # fmt: skip
    out = tidy[columns].sort_values(["region_code", "division_code", "year"], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs = {
        "synthetic": snap.synthetic,
        "provenance": [frame_provenance(snap.provenance)],
        "source": source_line([snap.provenance]),
        "tables": ["13470"],
    }
    return out


_SUPPRESSED_COLUMNS = [
    "region_code", "year", "total_jobs", "shown_jobs", "suppressed_jobs", "suppressed_cells",
]  # fmt: skip


def _suppressed(counts: pd.DataFrame | None) -> pd.DataFrame:
    """Return jobs in suppressed cells per region and year from the cube's counts (:mod:`.cube`)."""
    if counts is None:
        return pd.DataFrame(columns=_SUPPRESSED_COLUMNS)
    tidy = counts.assign(
        region_code=harmonise_series(counts, "Region"), year=counts["Tid"].astype(int)
    )
    wide = tidy.pivot_table(
        index=["region_code", "year"], columns="NACE2007", values="value", aggfunc="sum"
    ).reset_index()
    out = pd.DataFrame(
        {
            "region_code": wide["region_code"],
            "year": wide["year"],
            "total_jobs": wide["total"],
            "shown_jobs": wide["shown"],
            "suppressed_cells": wide["hidden_cells"].astype(int),
        }
    )
    out["suppressed_jobs"] = (out["total_jobs"] - out["shown_jobs"]).where(
        out["suppressed_cells"] > 0, 0.0
    )
    for column in ("total_jobs", "shown_jobs", "suppressed_jobs"):
        out[column] = _jobs(out[column])
    return out[_SUPPRESSED_COLUMNS].reset_index(drop=True)


def _suppressed_attr(counts: pd.DataFrame | None) -> dict[str, dict[str, int]]:
    """Return ``{region: {year: jobs}}`` where suppressed cells hide jobs (JSON-ready, for attrs)."""
    found = _suppressed(counts)
    found = found[found["suppressed_jobs"].fillna(0) > 0]
    out: dict[str, dict[str, int]] = {}
    for region, year, jobs in found[["region_code", "year", "suppressed_jobs"]].to_numpy().tolist():
        out.setdefault(str(region), {})[str(year)] = int(jobs)
    return out


def suppressed_jobs(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Jobs that sit in suppressed two-digit cells of 13470, per region and year.

    SSB's total over all industries (``00-99``) less the sum of the divisions it shows.
    Columns ``region_code``, ``year``, ``total_jobs``, ``shown_jobs``, ``suppressed_jobs``,
    ``suppressed_cells``. Empty for a snapshot with only the 17 groups or without the total.
    """
    *_, counts = _part_cells("13470", snapshot, root)
    return _suppressed(counts)


def sn2007_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum a frame of parts into SSB's 17 groups, with the bransje of the 17-group mapping.

    The comparison view of the two-digit data: a frame from :func:`employment` or
    :func:`employment_by_sector` comes back with the same columns, ``industry_code`` now the
    17 groups. A group with a missing (suppressed) part is missing. A frame already at the 17
    groups comes back unchanged.
    """
    if set(frame["industry_code"]) <= set(SN2007_CODES):
        return frame.copy()
    mapping = load_focus_mapping()
    group_of = mapping.group_of
    unknown = sorted(set(frame["industry_code"]) - set(group_of))
    if unknown:
        raise SchemaError(f"Ukjente næringskoder {unknown}; se focus_industries.yaml.")
    groups = frame["industry_code"].map(group_of)
    keys = [
        c
        for c in frame.columns
        if c not in {"industry_code", "industry_name", "bransje", "jobs", "status"}
    ]
    grouped = frame.assign(industry_code=groups).groupby([*keys, "industry_code"], sort=False)
    jobs = grouped["jobs"]
    summed = jobs.sum(min_count=1).where(jobs.count() == jobs.size())
    out = pd.concat([summed, grouped["status"].first()], axis=1).reset_index()
    out["industry_name"] = out["industry_code"].map(industry_name)
    out["bransje"] = out["industry_code"].map(mapping.coarse_lookup)
    out["jobs"] = out["jobs"].astype("Int64")
    rank = {code: i for i, code in enumerate(SN2007_CODES)}
    order = [k for k in keys if k != "year"] + ["_rank"] + (["year"] if "year" in keys else [])
    out = out.assign(_rank=out["industry_code"].map(rank)).sort_values(order, kind="stable")
    out = out[list(frame.columns)].reset_index(drop=True)
    out.attrs = {**frame.attrs, "industry_level": GROUP_LEVEL}
    return out


def employment_by_sector(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Jobs by workplace and sector (table 13472), with ``sector_code`` all/private/public.

    The SSB sector codes are grouped as declared in the table catalogue (``category_groups``):
    public enterprises count as public, like public administration.
    """
    cells, snap, _counts = _part_cells("13472", snapshot, root)
    cells = _pick_contents(cells, "13472", "SysselEtterArbste")
    groups = load_table("13472").category_groups["Sektor"]
    sector_of = {code: group for group, codes in groups.items() for code in codes}
    unknown = sorted(set(cells["Sektor"]) - set(sector_of))
    if unknown:
        raise SchemaError(
            f"Tabell 13472 har sektorkoder som ikke er gruppert i katalogen: {unknown}. "
            f"Legg dem til under category_groups i naering_analysis/data/tables/13472.yaml."
        )
    tidy, level = _with_industries(cells, "13472")
    tidy = _with_regions(tidy)
    tidy = tidy.assign(
        sector_code=tidy["Sektor"].map(sector_of),
        year=tidy["Tid"].astype(int),
        jobs=_jobs(tidy["value"]),
    )
    out = _finish(tidy, schemas.SECTOR_COLUMNS, [snap], schemas.SECTOR)
    out.attrs["industry_level"] = level
    return out


def employment_long(
    snapshot: SnapshotRef = None, *, by: str = "workplace", root: Path | None = None
) -> pd.DataFrame:
    """Return the long series from 2008 (table 07984), by workplace (default) or by residence.

    The series changes data source between 2014 and 2015. The break is *flagged*, never bridged:
    ``break_before`` is True for 2015, ``series`` names the source period, and
    ``attrs["series_break_year"]`` is 2015. Growth functions refuse to cross it unless told to.
    """
    contents = {"workplace": "SysselsatteArb", "residence": "Sysselsatte"}
    if by not in contents:
        raise ValueError(f"by må være 'workplace' eller 'residence', ikke {by!r}.")
    cells, snap = _cells("07984", snapshot, root)
    cells = _pick_contents(cells, "07984", contents[by])
    tidy, _level = _with_industries(cells, "07984")
    tidy = _with_regions(tidy)
    year = tidy["Tid"].astype(int)
    tidy = tidy.assign(
        year=year,
        jobs=_jobs(tidy["value"]),
        series=np.where(year < SERIES_BREAK_YEAR, "2008–2014", "2015–"),
        break_before=year == SERIES_BREAK_YEAR,
    )
    out = _finish(tidy, schemas.LONG_COLUMNS, [snap], schemas.LONG)
    out.attrs["series_break_year"] = SERIES_BREAK_YEAR
    return out


def population(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Return population on 1 January (07459): region_code, region_name, year, population."""
    cells, snap = _cells("07459", snapshot, root)
    cells = _pick_contents(cells, "07459", "Personer1")
    tidy = _with_regions(cells)
    tidy = tidy.assign(year=tidy["Tid"].astype(int), population=_jobs(tidy["value"]))
    return _finish(tidy, schemas.POPULATION_COLUMNS, [snap], schemas.POPULATION)


#: 11616 statistic codes → tidy ``measure`` names.
COMMUTING_MEASURES = {
    "Sysselsatte": "residents_employed",
    "Innpendlere": "in_commuters",
    "Utpendlere": "out_commuters",
    "SysselsatteArb": "jobs",
}


def commuting(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Commuting balance (table 11616): residents employed, in- and out-commuters, and jobs.

    Columns ``region_code``, ``region_name``, ``year``, ``measure`` (see :data:`COMMUTING_MEASURES`),
    ``persons``, ``status``. For each region and year, jobs = residents employed + in − out.
    """
    cells, snap = _cells("11616", snapshot, root)
    unknown = sorted(set(cells["ContentsCode"]) - set(COMMUTING_MEASURES))
    if unknown:
        raise SchemaError(f"Tabell 11616 har ukjente statistikkvariabler: {unknown}.")
    tidy = _with_regions(cells)
    tidy = tidy.assign(
        year=tidy["Tid"].astype(int),
        measure=tidy["ContentsCode"].map(COMMUTING_MEASURES),
        persons=_jobs(tidy["value"]),
    )
    return _finish(tidy, schemas.COMMUTING_COLUMNS, [snap], schemas.COMMUTING)


#: 11618 statistic codes → tidy ``measure`` names (the same names as in :func:`commuting`).
LABOUR_MEASURES = {
    "BefolkningBosted": "population_15_74",
    "SysselBosted": "residents_employed",
    "SysselArbsted": "jobs",
}


def labour(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Return population 15–74, employed residents 15–74 and jobs by workplace (table 11618).

    Columns ``region_code``, ``region_name``, ``year``, ``measure`` (see
    :data:`LABOUR_MEASURES`), ``persons``, ``status``. The employment rate
    (*sysselsettingsandel*) is ``residents_employed / population_15_74``.
    """
    cells, snap = _cells("11618", snapshot, root)
    unknown = sorted(set(cells["ContentsCode"]) - set(LABOUR_MEASURES))
    if unknown:
        raise SchemaError(
            f"Tabell 11618 har ukjente statistikkvariabler: {unknown}. Legg dem til i "
            "LABOUR_MEASURES (naering_analysis/datasets/frames.py) eller fjern dem fra "
            "naering_analysis/data/tables/11618.yaml."
        )
    tidy = _with_regions(cells)
    tidy = tidy.assign(
        year=tidy["Tid"].astype(int),
        measure=tidy["ContentsCode"].map(LABOUR_MEASURES),
        persons=_jobs(tidy["value"]),
    )
    return _finish(tidy, schemas.LABOUR_COLUMNS, [snap], schemas.LABOUR)
