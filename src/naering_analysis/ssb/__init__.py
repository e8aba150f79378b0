"""Statistics Norway (SSB): the PxWebApi 2 client, the table catalogue and the JSON-stat reader.

:mod:`.client` talks to SSB through :mod:`.transport` (requests, retries) and :mod:`.ratelimit`;
:mod:`.query` and :mod:`.cells` build and size queries; :mod:`.catalogue` declares the tables
(YAML in ``naering_analysis/data/tables``); :mod:`.check` compares it with SSB's metadata
(``naering sjekk``) and :mod:`.validate` checks each data answer against it; :mod:`.jsonstat`
reads JSON-stat 2.0 into tidy frames and :mod:`.combine` joins several responses into one dataset.

May import: ``reference`` and the ground floor. Independent of its sibling ``snapshots``.
"""

from naering_analysis.errors import SSBFormatError, SSBQueryError, SSBUnavailable
from naering_analysis.ssb.jsonstat import (
    dataset_cell_count,
    load_jsonstat_document,
    read_jsonstat,
    read_jsonstat_covered,
)

__all__ = [
    "SSBFormatError",
    "SSBQueryError",
    "SSBUnavailable",
    "dataset_cell_count",
    "load_jsonstat_document",
    "read_jsonstat",
    "read_jsonstat_covered",
]
