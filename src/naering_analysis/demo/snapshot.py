"""Write the generated demo as dated raw snapshots, or check the committed ones byte for byte."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from naering_analysis.config import paths
from naering_analysis.demo.generate import FETCHED_AT, GENERATOR, NOTE, DemoTable, generate_all
from naering_analysis.errors import SnapshotError
from naering_analysis.snapshots import PROVENANCE_FILE, SaveResult, read_snapshot, save_snapshot

FOLDER = FETCHED_AT.date().isoformat()  # "2026-11-26"
_PROVENANCE_KEYS = ("title", "urls", "query", "synthetic", "generator", "note")


@dataclass(frozen=True)
class CheckResult:
    """Outcome of :func:`check_demo` for one table: ``problems`` is empty when it matches."""

    table: str
    path: Path
    problems: tuple[str, ...]


def demo_folder(table: str, root: Path | None = None) -> Path:
    """Return the folder of the committed demo snapshot of ``table``."""
    return (root or paths().raw) / table / FOLDER


def _expected_provenance(demo: DemoTable) -> dict[str, object]:
    return {
        "title": demo.title,
        "urls": list(demo.urls),
        "query": list(demo.query),
        "synthetic": True,
        "generator": GENERATOR,
        "note": NOTE,
    }


def compare(demo: DemoTable, folder: Path) -> list[str]:
    """Return how the snapshot in ``folder`` differs from ``demo`` (empty list: identical).

    ``package_version`` and ``fetched_at`` in provenance are not compared; the data files are.
    """
    if not folder.is_dir():
        return [f"{folder} finnes ikke"]
    try:
        snapshot = read_snapshot(folder)
    except SnapshotError as exc:
        return [str(exc)]
    problems = []
    if snapshot.data != demo.data:
        problems.append("data.json er ikke lik det generatoren lager")
    if snapshot.response_bytes() != list(demo.responses):
        problems.append("responses/*.json er ikke like det generatoren lager")
    expected = _expected_provenance(demo)
    problems += [
        f"provenance.json: {key} er annerledes"
        for key in _PROVENANCE_KEYS
        if snapshot.provenance.get(key) != expected[key]
    ]
    return problems


def check_demo(root: Path | None = None) -> list[CheckResult]:
    """Regenerate every table in memory and compare it with the committed demo snapshots."""
    results = []
    for demo in generate_all():
        folder = demo_folder(demo.table, root)
        results.append(CheckResult(demo.table, folder, tuple(compare(demo, folder))))
    return results


def _is_synthetic(folder: Path) -> bool:
    try:
        provenance = json.loads((folder / PROVENANCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(provenance, dict) and provenance.get("synthetic") is True


def write_demo(root: Path | None = None, *, replace: bool = False) -> list[SaveResult]:
    """Write every table's demo snapshot under ``root`` (default ``data/raw/ssb``).

    An identical existing snapshot is left alone. A different one is an error, unless
    ``replace`` is set and it is synthetic: raw data is never edited, but a regenerated demo
    replaces the old demo rather than piling up ``-2`` folders beside it.

    Raises
    ------
    SnapshotError
        If a differing demo folder exists and ``replace`` is not set, or the folder holds real
        (non-synthetic) data.
    """
    demos = generate_all()
    for demo in demos:
        folder = demo_folder(demo.table, root)
        if not folder.exists() or not compare(demo, folder):
            continue
        if not _is_synthetic(folder):
            raise SnapshotError(
                f"{folder} finnes og er ikke et syntetisk demo-snapshot; det røres ikke. Flytt det "
                "bort manuelt hvis det virkelig skal erstattes."
            )
        if not replace:
            raise SnapshotError(
                f"{folder} finnes, men avviker fra det generatoren lager nå. Kjør med --replace "
                "for å erstatte det syntetiske demo-snapshotet."
            )
        shutil.rmtree(folder)
    return [
        save_snapshot(
            demo.table,
            list(demo.responses),
            urls=list(demo.urls),
            query=list(demo.query),
            fetched_at=FETCHED_AT,
            title=demo.title,
            synthetic=True,
            generator=GENERATOR,
            note=NOTE,
            combined=demo.data if len(demo.responses) > 1 else None,
            root=root or paths().raw,
        )
        for demo in demos
    ]
