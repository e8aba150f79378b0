"""Tidy datasets: from SSB snapshots to the frames the analysis reads, and back to SSB.

This layer turns raw snapshots into tidy frames with one vocabulary (``region_code``,
``industry_code``, ``year``, ``jobs``; see ``docs/CONTRACTS.md``): :mod:`.frames` parses and
harmonises, :mod:`.schemas` holds the pandera contracts, :mod:`.checks` the input checks the
analysis functions share, :mod:`.quality` the data-quality overviews, :mod:`.build` the
parquet cache in ``data/processed`` and :mod:`.fetch` the fetch of new snapshots from SSB.
``build`` here is the module (``build.build`` makes the cache).

May import: ``reference``, ``ssb``, ``snapshots`` and the ground floor. Never the analysis,
forecasts, scenarios, figures or report above it.
"""

from naering_analysis.datasets.build import BuildResult, load
from naering_analysis.datasets.fetch import FetchedTable, fetch_table, fetch_tables
from naering_analysis.datasets.frames import (
    commuting,
    employment,
    employment_by_sector,
    employment_long,
    labour,
    population,
)

__all__ = [
    "BuildResult",
    "FetchedTable",
    "commuting",
    "employment",
    "employment_by_sector",
    "employment_long",
    "fetch_table",
    "fetch_tables",
    "labour",
    "load",
    "population",
]
