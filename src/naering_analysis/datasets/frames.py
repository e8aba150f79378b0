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
from naering_analysis.errors import SchemaError, SnapshotError
from naering_analysis.reference.industries import industry_name, load_focus_mapping
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
    if cells.attrs.get("table_id") not in (None, table):
        raise SnapshotError(
            f"{snap.path}: data.json er tabell {cells.attrs['table_id']}, ikke {table}."
        )
    return cells, snap


def _with_regions(cells: pd.DataFrame) -> pd.DataFrame:
    """Add ``region_code`` (current code) and ``region_name`` from the SSB ``Region`` columns."""
    out = cells.assign(region_code=harmonise_series(cells, "Region"))
    labels = dict(zip(out["region_code"], out["Region_label"], strict=False))
    names = {code: region_name(code, default=label) for code, label in labels.items()}
    out["region_name"] = out["region_code"].map(names)
    return out


def _with_industries(cells: pd.DataFrame) -> pd.DataFrame:
    out = cells.rename(columns={"NACE2007": "industry_code"})
    codes = out["industry_code"].drop_duplicates()
    out["industry_name"] = out["industry_code"].map({c: industry_name(c) for c in codes})
    return load_focus_mapping().apply(out)


def _jobs(values: pd.Series) -> pd.Series:
    """Whole persons as nullable Int64 (SSB counts are integers; null stays <NA>)."""
    return values.round().astype("Int64")


def _finish(
    frame: pd.DataFrame, columns: list[str], snaps: Sequence[Snapshot], schema: Any
) -> pd.DataFrame:
    """Order, aggregate duplicates from merged codes, validate, and attach provenance."""
    keys = [c for c in columns if c not in {"jobs", "population", "persons", "status"}]
    value_col = next(c for c in ("jobs", "population", "persons") if c in columns)
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
        "provenance": [s.provenance for s in snaps],
        "source": source_line([s.provenance for s in snaps]),
        "tables": tables,
    }
    return out


def _pick_contents(cells: pd.DataFrame, table: str, code: str) -> pd.DataFrame:
    if "ContentsCode" not in cells:
        return cells
    picked = cells[cells["ContentsCode"] == code]
    if picked.empty:
        found = sorted(cells["ContentsCode"].unique())
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
    cells, snap = _cells("13470", snapshot, root)
    cells = _pick_contents(cells, "13470", "SysselsatteArb")
    tidy = _with_industries(_with_regions(cells))
    tidy = tidy.assign(year=tidy["Tid"].astype(int), jobs=_jobs(tidy["value"]))
    return _finish(tidy, schemas.EMPLOYMENT_COLUMNS, [snap], schemas.EMPLOYMENT)


def employment_by_sector(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Jobs by workplace and sector (table 13472), with ``sector_code`` all/private/public.

    The SSB sector codes are grouped as declared in the table catalogue (``category_groups``):
    public enterprises count as public, like public administration.
    """
    cells, snap = _cells("13472", snapshot, root)
    cells = _pick_contents(cells, "13472", "SysselEtterArbste")
    groups = load_table("13472").category_groups["Sektor"]
    sector_of = {code: group for group, codes in groups.items() for code in codes}
    unknown = sorted(set(cells["Sektor"]) - set(sector_of))
    if unknown:
        raise SchemaError(
            f"Tabell 13472 har sektorkoder som ikke er gruppert i katalogen: {unknown}. "
            f"Legg dem til under category_groups i naering_analysis/data/tables/13472.yaml."
        )
    tidy = _with_industries(_with_regions(cells))
    tidy = tidy.assign(
        sector_code=tidy["Sektor"].map(sector_of),
        year=tidy["Tid"].astype(int),
        jobs=_jobs(tidy["value"]),
    )
    return _finish(tidy, schemas.SECTOR_COLUMNS, [snap], schemas.SECTOR)


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
    tidy = _with_industries(_with_regions(cells))
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
