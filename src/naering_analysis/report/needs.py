"""What each part of the report needs beyond 13470 and 13472, as :class:`~.coverage.Gap` lists.

One place for the notebooks (which leave a section out) and the council export (which leaves a
figure or table out): the labour balance needs the population projection (14746), 11616 and
11618 for the municipality; migration 01223; new enterprises 08316 and bankruptcies 08551;
commuting the municipality's whole row and column of the 03321 matrix; the long series 07984.
Each function returns the gaps found (an empty list when nothing is missing).
"""

from __future__ import annotations

import pandas as pd

from naering_analysis.datasets.build import frame
from naering_analysis.errors import SnapshotError
from naering_analysis.report.coverage import Gap, flows_gap, measure_gap, region_gap


def table_or_none(name: str, snapshot: str | None = None) -> pd.DataFrame | None:
    """Return the processed frame ``name``, or None when no snapshot of its table exists."""
    try:
        return frame(name, snapshot)
    except SnapshotError:
        return None


def _found(*gaps: Gap | None) -> list[Gap]:
    return [gap for gap in gaps if gap is not None]


def labour_balance_gaps(kommune: str, target_year: int, snapshot: str | None = None) -> list[Gap]:
    """Return the gaps of the projection (14746) a year after the target year, 11616 and 11618."""
    return _found(
        region_gap(
            table_or_none("projection_population", snapshot),
            "14746",
            kommune,
            years=[target_year + 1],
        ),
        region_gap(table_or_none("commuting", snapshot), "11616", kommune),
        region_gap(table_or_none("labour", snapshot), "11618", kommune),
    )


def projection_gaps(kommune: str, snapshot: str | None = None) -> list[Gap]:
    """Return the gap of the population projection (14746) for the municipality."""
    return _found(region_gap(table_or_none("projection_population", snapshot), "14746", kommune))


def migration_gaps(kommune: str, snapshot: str | None = None) -> list[Gap]:
    """Return the gaps of population change by component (01223) and population (07459)."""
    return _found(
        region_gap(table_or_none("migration", snapshot), "01223", kommune),
        region_gap(table_or_none("population", snapshot), "07459", kommune),
    )


def enterprise_gaps(kommune: str, snapshot: str | None = None) -> list[Gap]:
    """Return the gaps of new enterprises (08316) and population (07459)."""
    return _found(
        region_gap(table_or_none("new_enterprises", snapshot), "08316", kommune),
        region_gap(table_or_none("population", snapshot), "07459", kommune),
    )


def bankruptcy_gaps(kommune: str, snapshot: str | None = None) -> list[Gap]:
    """Return the gap of opened bankruptcies (08551), besides what new enterprises need."""
    return _found(region_gap(table_or_none("bankruptcies", snapshot), "08551", kommune))


def flow_gaps(kommune: str, snapshot: str | None = None) -> list[Gap]:
    """Return the gap of the municipality's own commuting flows (03321): row and column."""
    flows = table_or_none("commuting_flows", snapshot)
    if flows is None:
        return [Gap("03321", kommune, "table")]
    return _found(flows_gap(flows, kommune))


def living_gaps(kommune: str, snapshot: str | None = None) -> list[Gap]:
    """Return the gaps of the living attractiveness figure (latest period) for the municipality.

    Besides 01223 and 07459 it needs the municipality's job growth (13470): a suppressed cell
    in the period leaves its living attractiveness missing.
    """
    from naering_analysis.report.migration import load_living

    found = migration_gaps(kommune, snapshot)
    if found:
        return found
    last = load_living(kommune, snapshot)[1][-1]
    years = range(last.comparison.start, last.comparison.end + 1)
    jobs = frame("employment", snapshot)
    return _found(measure_gap(last.measures, kommune, "living_attractiveness", jobs, years))
