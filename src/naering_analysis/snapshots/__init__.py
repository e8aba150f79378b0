"""Immutable, dated raw snapshots of SSB responses with a provenance sidecar.

Layout (see ``docs/CONTRACTS.md``): ``<root>/<table>/<YYYY-MM-DD>[-N]/`` holds ``data.json``,
``provenance.json`` and, for multi-request fetches, ``responses/001.json``, ``002.json``, ...
A snapshot is written once, atomically, and never changed; reading it verifies its checksums.
The default root is ``naering_analysis.config.paths().raw`` (``data/raw/ssb``).

May import: the ground floor only. Independent of its sibling ``ssb``.
"""

from naering_analysis.snapshots.model import (
    DATA_FILE,
    LICENCE,
    LICENCE_URL,
    PROVENANCE_FILE,
    RESPONSES_DIR,
    SOURCE,
    SaveResult,
    Snapshot,
    SnapshotInfo,
)
from naering_analysis.snapshots.read import (
    DamagedSnapshot,
    damaged_snapshots,
    latest,
    list_snapshots,
    read_snapshot,
    report_damaged,
    scan_snapshots,
)
from naering_analysis.snapshots.write import remove_stale_tmp, save_metadata, save_snapshot

__all__ = [
    "DATA_FILE",
    "LICENCE",
    "LICENCE_URL",
    "PROVENANCE_FILE",
    "RESPONSES_DIR",
    "SOURCE",
    "DamagedSnapshot",
    "SaveResult",
    "Snapshot",
    "SnapshotInfo",
    "damaged_snapshots",
    "latest",
    "list_snapshots",
    "read_snapshot",
    "remove_stale_tmp",
    "report_damaged",
    "save_metadata",
    "save_snapshot",
    "scan_snapshots",
]
