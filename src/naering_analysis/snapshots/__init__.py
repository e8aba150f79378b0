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
from naering_analysis.snapshots.read import latest, list_snapshots, read_snapshot
from naering_analysis.snapshots.write import save_snapshot

__all__ = [
    "DATA_FILE",
    "LICENCE",
    "LICENCE_URL",
    "PROVENANCE_FILE",
    "RESPONSES_DIR",
    "SOURCE",
    "SaveResult",
    "Snapshot",
    "SnapshotInfo",
    "latest",
    "list_snapshots",
    "read_snapshot",
    "save_snapshot",
]
