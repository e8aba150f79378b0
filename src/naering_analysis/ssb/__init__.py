"""Statistics Norway (SSB): reading JSON-stat 2.0 datasets (the API client lives beside it)."""

from naering_analysis.errors import SSBFormatError, SSBQueryError, SSBUnavailable
from naering_analysis.ssb.jsonstat import dataset_cell_count, load_jsonstat_document, read_jsonstat

__all__ = [
    "SSBFormatError",
    "SSBQueryError",
    "SSBUnavailable",
    "dataset_cell_count",
    "load_jsonstat_document",
    "read_jsonstat",
]
