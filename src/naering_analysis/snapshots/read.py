"""Read, verify, list and pick snapshots.

A folder that cannot be read or verified (a truncated ``provenance.json``, a missing or changed
file, a stray file) is *damaged*: it is reported, named, and set aside. :func:`list_snapshots`
and :func:`latest` skip it, :func:`damaged_snapshots` lists it, and nothing ever deletes it; a
fresh ``naering fetch`` writes a new folder beside it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from naering_analysis.config import paths
from naering_analysis.errors import SnapshotError
from naering_analysis.snapshots.model import (
    DATA_FILE,
    LABEL_RE,
    PROVENANCE_FILE,
    RESPONSES_DIR,
    Snapshot,
    SnapshotInfo,
    check_table,
    label_key,
    origin_problems,
    sha256_hex,
)

log = logging.getLogger(__name__)
_REPORTED: set[Path] = set()


@dataclass(frozen=True)
class DamagedSnapshot:
    """A snapshot folder that failed to read or verify, and why."""

    table: str
    path: Path
    reason: str

    def advice(self) -> str:
        """Return the Norwegian message: what is wrong, that it is not used, and what to do."""
        return (
            f"Øyeblikksbildet {self.path} er skadet og brukes ikke: {self.reason.splitlines()[0]}\n"
            f"Mappen slettes ikke. Kjør `naering fetch {self.table}` for å hente tabellen på nytt "
            "(den nye mappen legges ved siden av), og flytt den skadde mappen ut av data/raw/ssb "
            "når du har sett på den."
        )


def _report(damaged: DamagedSnapshot) -> None:
    """Warn once per process about a damaged folder (the CLI prints warnings)."""
    if damaged.path not in _REPORTED:
        _REPORTED.add(damaged.path)
        log.warning(damaged.advice())


def load_provenance(folder: Path) -> dict[str, Any]:
    """Read ``provenance.json`` of ``folder``; SnapshotError if missing, unreadable or incomplete."""
    path = folder / PROVENANCE_FILE
    refetch = f"Hent tabellen på nytt (`naering fetch {folder.parent.name}`)"
    try:
        provenance = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SnapshotError(
            f"{path} mangler: {folder} er ikke et gyldig snapshot. {refetch} "
            "i stedet for å lage eller endre snapshot-mapper for hånd."
        ) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"Kan ikke lese {path}: {exc}. {refetch}.") from exc
    if not isinstance(provenance, dict):
        raise SnapshotError(f"{path} er ikke et JSON-objekt. {refetch}.")
    missing = [
        k
        for k in ("table", "fetched_at", "sha256", "bytes", "responses", "synthetic")
        if k not in provenance
    ]
    if missing:
        raise SnapshotError(f"{path} mangler nøklene {missing}. {refetch}.")
    entries = provenance["responses"]
    well_formed = (
        isinstance(provenance["sha256"], str)
        and isinstance(provenance["bytes"], int)
        and isinstance(entries, list)
        and all(
            isinstance(e, dict)
            and isinstance(e.get("file"), str)
            and e["file"].startswith(f"{RESPONSES_DIR}/")
            and ".." not in e["file"]
            and isinstance(e.get("sha256"), str)
            and isinstance(e.get("bytes"), int)
            for e in entries
        )
    )
    if not well_formed:
        raise SnapshotError(f"{path} har ugyldige sha256/bytes/responses-felt. {refetch}.")
    if "origin" in provenance:
        # Real figures converted from a public copy: the claim must be complete and not synthetic.
        problems = origin_problems(provenance["origin"])
        if provenance["synthetic"] is not False:
            problems.append("et snapshot med origin må ha synthetic: false")
        if problems:
            raise SnapshotError(
                f"{path}: origin (opprinnelsen til omregnede ekte tall) {'; '.join(problems)}. "
                f"{refetch}."
            )
    return provenance


def _verify_file(folder: Path, name: str, sha256: str, size: int, table: str) -> bytes:
    path = folder / name
    hint = (
        f"Rådata er endret etter nedlasting. Rådata skal aldri redigeres: hent tabellen på nytt "
        f"(`naering fetch {table}`)."
    )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"{path} kan ikke leses ({exc}). {hint}") from exc
    if len(data) != size or sha256_hex(data) != sha256:
        raise SnapshotError(
            f"{path} stemmer ikke med provenance.json ({len(data)} byte, forventet {size}; "
            f"sha256 {sha256_hex(data)[:12]}…, forventet {sha256[:12]}…). {hint}"
        )
    return data


def read_snapshot(path: Path) -> Snapshot:
    """Read a snapshot folder and verify the size and sha256 of every data file."""
    folder = Path(path)
    provenance = load_provenance(folder)
    table = str(provenance["table"])
    data = _verify_file(folder, DATA_FILE, provenance["sha256"], provenance["bytes"], table)
    listed = set()
    for entry in provenance["responses"]:
        _verify_file(folder, entry["file"], entry["sha256"], entry["bytes"], table)
        listed.add(entry["file"])
    if (folder / RESPONSES_DIR).is_dir():
        extra = sorted(
            f"{RESPONSES_DIR}/{p.name}"
            for p in (folder / RESPONSES_DIR).iterdir()
            if f"{RESPONSES_DIR}/{p.name}" not in listed
        )
        if extra:
            raise SnapshotError(
                f"{folder} inneholder filer som ikke står i provenance.json: {extra}. Rådata er endret "
                f"etter nedlasting; hent tabellen på nytt (`naering fetch {table}`)."
            )
    return Snapshot(folder, table, data, provenance, bool(provenance["synthetic"]), folder.name)


def _snapshot_info(folder: Path) -> SnapshotInfo:
    provenance = load_provenance(folder)
    try:
        fetched = datetime.fromisoformat(provenance["fetched_at"].replace("Z", "+00:00"))
    except (AttributeError, ValueError) as exc:
        raise SnapshotError(
            f"{folder / PROVENANCE_FILE}: fetched_at er ikke en ISO 8601-tid."
        ) from exc
    table = str(provenance["table"])
    if table != folder.parent.name:
        raise SnapshotError(
            f"{folder / PROVENANCE_FILE} gjelder tabell {table}, men ligger i mappen for tabell "
            f"{folder.parent.name}. Snapshot-mapper skal ikke flyttes for hånd; hent tabellen på nytt."
        )
    return SnapshotInfo(
        table=table,
        path=folder,
        date_label=folder.name,
        fetched_at=fetched,
        synthetic=bool(provenance["synthetic"]),
        ssb_updated=provenance.get("ssb_updated"),
        sha256=str(provenance["sha256"]),
        converted="origin" in provenance,
    )


def _folders(table: str | None, root: Path | None) -> list[Path]:
    """Return every snapshot-named folder (all tables, or one)."""
    base = root or paths().raw
    if table is not None:
        check_table(table)
        table_dirs = [base / table]
    else:
        table_dirs = (
            sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))
            if base.is_dir()
            else []
        )
    return [
        folder
        for table_dir in table_dirs
        if table_dir.is_dir()
        for folder in table_dir.iterdir()
        if folder.is_dir() and LABEL_RE.match(folder.name)
    ]


def scan_snapshots(
    table: str | None = None, root: Path | None = None, *, verify: bool = False
) -> tuple[list[SnapshotInfo], list[DamagedSnapshot]]:
    """Return the readable snapshots (sorted as :func:`list_snapshots`) and the damaged ones.

    With ``verify`` every file's size and sha256 is checked too (``naering snapshots`` does).
    """
    infos, damaged = [], []
    for folder in _folders(table, root):
        try:
            info = _snapshot_info(folder)
            if verify:
                read_snapshot(folder)
        except SnapshotError as exc:
            damaged.append(DamagedSnapshot(folder.parent.name, folder, str(exc)))
        else:
            infos.append(info)
    infos.sort(key=lambda i: (i.table, i.fetched_at, label_key(i.date_label)))
    damaged.sort(key=lambda d: (d.table, d.path.name))
    return infos, damaged


def list_snapshots(table: str | None = None, root: Path | None = None) -> list[SnapshotInfo]:
    """List readable snapshots (all tables, or one), sorted by table, fetch time and suffix.

    Folders whose ``provenance.json`` cannot be read are skipped and reported once (a warning);
    see :func:`damaged_snapshots`.
    """
    infos, damaged = scan_snapshots(table, root)
    for item in damaged:
        _report(item)
    return infos


def damaged_snapshots(
    table: str | None = None, root: Path | None = None, *, verify: bool = True
) -> list[DamagedSnapshot]:
    """Return the snapshot folders that fail to read or (with ``verify``) to verify."""
    return scan_snapshots(table, root, verify=verify)[1]


def report_damaged(table: str | None = None, root: Path | None = None) -> list[DamagedSnapshot]:
    """Verify every snapshot folder, warn once about each damaged one, and return them."""
    damaged = damaged_snapshots(table, root, verify=True)
    for item in damaged:
        _report(item)
    return damaged


def latest(table: str, root: Path | None = None, allow_synthetic: bool = True) -> Snapshot:
    """Return the newest snapshot of ``table`` fetched from SSB, else the newest converted one.

    Real figures come first: a snapshot fetched from SSB (``naering fetch``), then real figures
    converted from a public copy (``origin`` in the provenance; they ship with the project and
    cover fewer years), and only then, if allowed, the newest synthetic demo. A damaged folder is
    skipped (and reported once), so the next one is used.
    """
    infos, damaged = scan_snapshots(table, root)
    fetched = [i for i in infos if not i.synthetic and not i.converted]
    converted = [i for i in infos if not i.synthetic and i.converted]
    real = [*converted, *fetched]
    synthetic = [i for i in infos if i.synthetic] if allow_synthetic else []
    for info in [*reversed(fetched), *reversed(converted), *reversed(synthetic)]:
        try:
            snapshot = read_snapshot(info.path)
        except SnapshotError as exc:
            damaged.append(DamagedSnapshot(table, info.path, str(exc)))
            continue
        for item in damaged:  # set aside and named once; the error below names them otherwise
            _report(item)
        return snapshot
    base = root or paths().raw
    only_demo = (
        " (det finnes bare syntetiske demodata, og de er slått av her)"
        if infos and not real and not allow_synthetic
        else ""
    )
    hurt = "".join(f"\nSkadet, brukes ikke: {d.path} ({d.reason.splitlines()[0]})" for d in damaged)
    raise SnapshotError(
        f"Fant ikke noe brukbart snapshot av tabell {table} i {base}{only_demo}.\n"
        f"Kjør `naering fetch {table}` for å hente tabellen fra SSB. Uten nett skal det "
        "syntetiske demo-snapshotet ligge i data/raw/ssb; mangler det, er prosjektmappen "
        f"ufullstendig.{hurt}"
    )
