"""Write snapshots atomically: temporary sibling folder, fsync, then one ``os.rename``.

A fetch that was killed leaves its hidden temporary folder (``.<date>.tmp-…``) behind; the next
save removes such folders once they are an hour old. :func:`save_metadata` keeps the metadata SSB
sent (``naering sjekk``) beside the snapshots, in ``<table>/metadata/``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.config import paths
from naering_analysis.errors import SnapshotError
from naering_analysis.snapshots.model import (
    DATA_FILE,
    LABEL_RE,
    PROVENANCE_FILE,
    RESPONSES_DIR,
    SaveResult,
    check_table,
    label_key,
)
from naering_analysis.snapshots.provenance import build_provenance, check_inputs
from naering_analysis.snapshots.read import read_snapshot

METADATA_DIR = "metadata"
STALE_TMP_SECONDS = 3600.0
"""A temporary folder this old belongs to a fetch that died; a running one takes seconds."""


def _write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file, flush it to disk and make it read-only."""
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    path.chmod(0o444)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same_day_labels(table_dir: Path, day: str) -> list[str]:
    if not table_dir.is_dir():
        return []
    labels = [p.name for p in table_dir.iterdir() if p.is_dir() and LABEL_RE.match(p.name)]
    return sorted((lab for lab in labels if label_key(lab)[0] == day), key=label_key)


def remove_stale_tmp(table_dir: Path, *, now: float | None = None) -> list[Path]:
    """Remove hidden ``.<date>.tmp-*`` folders older than an hour; return what was removed."""
    if not table_dir.is_dir():
        return []
    cutoff = (time.time() if now is None else now) - STALE_TMP_SECONDS
    removed = []
    for folder in table_dir.glob(".*.tmp-*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder)
                removed.append(folder)
    return removed


def _same_day_twin(table_dir: Path, day: str, data: bytes) -> Path | None:
    """Return today's newest folder when it holds ``data`` and verifies; a damaged one is not."""
    existing = _same_day_labels(table_dir, day)
    if not existing:
        return None
    newest = table_dir / existing[-1]
    try:
        if (newest / DATA_FILE).read_bytes() != data:
            return None
        read_snapshot(newest)
    except (OSError, SnapshotError):
        return None  # damaged: never defer to it; the new snapshot gets the next suffix
    return newest


def _make_dirs(path: Path) -> list[Path]:
    """Create ``path`` and missing parents; return the folders created, outermost first."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def _write_snapshot_dir(
    tmp: Path, data: bytes, responses: list[bytes], provenance: dict[str, Any]
) -> None:
    tmp.mkdir()
    _write_file(tmp / DATA_FILE, data)
    if provenance["responses"]:
        (tmp / RESPONSES_DIR).mkdir()
        for entry, response in zip(provenance["responses"], responses, strict=True):
            _write_file(tmp / entry["file"], response)
        _fsync_dir(tmp / RESPONSES_DIR)
    text = json.dumps(provenance, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    _write_file(tmp / PROVENANCE_FILE, text.encode("utf-8"))
    _fsync_dir(tmp)


def _rename_into_place(tmp: Path, table_dir: Path, day: str) -> Path:
    """Rename ``tmp`` to the first free ``<day>``, ``<day>-2``, ... folder; never overwrite."""
    existing = _same_day_labels(table_dir, day)
    suffix = label_key(existing[-1])[1] + 1 if existing else 1
    while True:
        target = table_dir / (day if suffix == 1 else f"{day}-{suffix}")
        if not target.exists():
            try:
                os.rename(tmp, target)
            except OSError as exc:  # another process took the name in between
                if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
            else:
                _fsync_dir(table_dir)
                return target
        suffix += 1


def save_snapshot(
    table: str,
    responses: list[bytes],
    *,
    urls: list[str],
    query: Any,
    fetched_at: datetime | None = None,
    ssb_updated: str | None = None,
    title: str = "",
    synthetic: bool = False,
    generator: str | None = None,
    note: str = "",
    combined: bytes | None = None,
    root: Path | None = None,
    origin: dict[str, Any] | None = None,
) -> SaveResult:
    """Store SSB responses as a new dated snapshot; skip if the newest same-day one is identical.

    Parameters
    ----------
    table
        SSB table id, e.g. ``"13470"``.
    responses
        The raw response bodies, byte for byte, one per request.
    urls, query
        One URL (and, as a list, one query) per request.
    fetched_at
        Timezone-aware fetch time (default: now, UTC); its UTC date names the folder.
    combined
        Required with several responses: their combination, which becomes ``data.json``.
    root
        Snapshot root (default ``paths().raw``).
    origin
        Only for real SSB figures converted from a public copy (not fetched): repository, URL,
        commit, input paths with sha256, licence, the conversion script and how derived rows were
        made (see :data:`~naering_analysis.snapshots.model.ORIGIN_KEYS`). ``fetched_at`` is then
        the time of the conversion.

    Raises
    ------
    ValueError
        If the arguments are inconsistent (nothing is written).
    SnapshotError
        If writing failed; the temporary folder is removed, so nothing is written.
    """
    check_table(table)
    if fetched_at is None:
        fetched_at = datetime.now(UTC)
    elif fetched_at.tzinfo is None:
        raise ValueError(
            "fetched_at må ha tidssone (f.eks. datetime.now(UTC)); ingenting ble lagret."
        )
    data = check_inputs(responses, urls, query, combined, synthetic, generator, origin)
    provenance = build_provenance(
        table,
        data,
        responses,
        urls,
        query,
        fetched_at,
        ssb_updated,
        title,
        synthetic,
        generator,
        note,
        origin,
    )
    table_dir = (root or paths().raw) / table
    day = fetched_at.astimezone(UTC).date().isoformat()
    twin = _same_day_twin(table_dir, day, data)
    if twin is not None:  # report its (not our) provenance
        return SaveResult(twin, "skipped-identical", read_snapshot(twin).provenance)
    remove_stale_tmp(table_dir)
    tmp = table_dir / f".{day}.tmp-{secrets.token_hex(4)}"
    created: list[Path] = []
    try:
        created = _make_dirs(table_dir)
        _write_snapshot_dir(tmp, data, responses, provenance)
        target = _rename_into_place(tmp, table_dir, day)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only succeeds while empty
        if not isinstance(exc, Exception):
            raise
        raise SnapshotError(
            f"Kunne ikke skrive snapshot av tabell {table} til {table_dir}: {exc}. "
            "Ingenting ble lagret. Frigjør diskplass (eller sjekk skrivetilgangen) og prøv igjen."
        ) from exc
    return SaveResult(target, "saved", provenance)


def save_metadata(
    table: str, document: dict[str, Any], *, fetched_at: datetime, root: Path | None = None
) -> Path:
    """Write the metadata SSB sent for ``table`` to ``<root>/<table>/metadata/<time>.json``.

    A new file each time (never overwritten), written atomically; returns its path.
    """
    check_table(table)
    folder = (root or paths().raw) / table / METADATA_DIR
    stamp = fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    suffix = 1
    while True:
        target = folder / (f"{stamp}.json" if suffix == 1 else f"{stamp}-{suffix}.json")
        if not target.exists():
            return atomic_write_bytes(target, text.encode("utf-8"))
        suffix += 1
