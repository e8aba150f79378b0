"""Shared pieces of the snapshot store: layout constants, result types and small helpers."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from naering_analysis.errors import SnapshotError

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.no"
SOURCE = "Statistisk sentralbyrå (SSB)"
DATA_FILE = "data.json"
PROVENANCE_FILE = "provenance.json"
RESPONSES_DIR = "responses"
ORIGIN_KEYS = (
    "repository",
    "repository_url",
    "commit",
    "inputs",
    "licence",
    "script",
    "derivation",
)
"""Keys every ``origin`` (real figures converted from a public copy, not fetched) must have."""
LABEL_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")
TABLE_RE = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class SaveResult:
    """Outcome of :func:`save_snapshot`: the folder and whether it was written or already there."""

    path: Path
    status: Literal["saved", "skipped-identical"]
    provenance: dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    """A verified snapshot: the bytes of ``data.json`` and its provenance."""

    path: Path
    table: str
    data: bytes
    provenance: dict[str, Any]
    synthetic: bool
    date_label: str

    @property
    def origin(self) -> dict[str, Any] | None:
        """Where converted real figures came from (``provenance["origin"]``); None when fetched."""
        origin = self.provenance.get("origin")
        return origin if isinstance(origin, dict) else None

    def response_bytes(self) -> list[bytes]:
        """Return the raw responses (``responses/*.json``) in request order; empty for one request."""
        return [(self.path / entry["file"]).read_bytes() for entry in self.provenance["responses"]]


@dataclass(frozen=True)
class SnapshotInfo:
    """One row of :func:`list_snapshots` (read from provenance.json, checksums not verified)."""

    table: str
    path: Path
    date_label: str
    fetched_at: datetime
    synthetic: bool
    ssb_updated: str | None
    sha256: str
    converted: bool = False
    """True for real SSB figures converted from a public copy (``origin``), not fetched from SSB."""


def origin_problems(origin: Any) -> list[str]:
    """Return what is wrong with an ``origin`` provenance field (empty list: well formed).

    >>> origin_problems({"repository": "a/b"})[0]
    "mangler nøklene ['repository_url', 'commit', 'inputs', 'licence', 'script', 'derivation']"
    """
    if not isinstance(origin, dict):
        return ["er ikke et JSON-objekt"]
    missing = [key for key in ORIGIN_KEYS if key not in origin]
    if missing:
        return [f"mangler nøklene {missing}"]
    problems = []
    if not (isinstance(origin["commit"], str) and re.fullmatch(r"[0-9a-f]{40}", origin["commit"])):
        problems.append("commit er ikke en full git-commit (40 heksadesimale tegn)")
    inputs = origin["inputs"]
    if not (
        isinstance(inputs, list)
        and inputs
        and all(
            isinstance(i, dict)
            and isinstance(i.get("path"), str)
            and isinstance(i.get("sha256"), str)
            and re.fullmatch(r"[0-9a-f]{64}", i["sha256"])
            for i in inputs
        )
    ):
        problems.append("inputs må være en liste med path og sha256 for hver kildefil")
    return problems


def sha256_hex(data: bytes) -> str:
    """Return the hex sha256 digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def format_utc(moment: datetime) -> str:
    """Format an aware datetime as ISO 8601 UTC with ``Z``, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def label_key(label: str) -> tuple[str, int]:
    """Split a folder label ``YYYY-MM-DD[-N]`` into its date and suffix (1 without suffix)."""
    match = LABEL_RE.match(label)
    if match is None:
        raise SnapshotError(f"Mappenavnet {label!r} er ikke et snapshot-navn (YYYY-MM-DD[-N]).")
    return match.group(1), int(match.group(2) or 1)


def check_table(table: str) -> None:
    """Raise SnapshotError unless ``table`` is a safe folder name such as ``13470``."""
    if not TABLE_RE.match(table):
        raise SnapshotError(
            f"Ugyldig tabellnavn {table!r}: bruk SSB-tabellnummeret (f.eks. '13470'), "
            "bare bokstaver, sifre og understrek."
        )
