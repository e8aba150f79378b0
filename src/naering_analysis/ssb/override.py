"""User-level corrections of the table catalogue, written by ``naering sjekk --rett``.

The package's table files (``naering_analysis/data/tables/<id>.yaml``) are never edited. A
correction SSB's metadata settles (a codelist's id, a renamed content code, a total code) goes to
``katalog/<id>.yaml`` under the project root (:attr:`naering_analysis.config.Paths.
catalogue_overrides`), and :func:`naering_analysis.ssb.catalogue.load_table` applies it.

Precedence, in this order: the package's table file, then the user's override on top of it; the
result is validated as one table. An override names only what it changes::

    table: "13470"
    package_sha256: 3f…        # the package file it was made against
    changes:
      dimensions:
        NACE2007:                 # a dimension, by id
          codelist: agg_Nace17    # each named field replaces the package's value
      region_levels:
        county:
          codelist: agg_Fylker2024
    reasons:                      # what `naering sjekk --rett` saw, old → new
      - "NACE2007 → codelist: agg_NACE2007arb11 → agg_Nace17 (…)"

Only ``dimensions`` and ``region_levels`` can be changed, one field at a time; a dimension or
region level the package does not have is an error. Delete the file to go back to the package.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.config import paths
from naering_analysis.errors import NaeringError

SECTIONS = ("dimensions", "region_levels")
_TOP_KEYS = {"table", "package_sha256", "made", "changes", "reasons"}


class OverrideError(NaeringError, ValueError):
    """A user's catalogue override (``katalog/<id>.yaml``) cannot be read or applied."""


Changes = dict[str, dict[str, dict[str, Any]]]


def override_dir(root: Path | None = None) -> Path:
    """Return the folder of the user's catalogue overrides (``<root>/katalog``)."""
    return paths(root).catalogue_overrides


def override_path(table_id: str, folder: Path | None = None) -> Path:
    """Return the override file of ``table_id`` (it may not exist)."""
    return (folder or override_dir()) / f"{table_id}.yaml"


def shown(path: Path) -> str:
    """Return ``path`` relative to the project root when it lies below it (for messages)."""
    try:
        return str(path.relative_to(paths().root))
    except ValueError:
        return str(path)


def package_sha256(text: str) -> str:
    """Return the sha256 of a package table file's text (recorded in an override)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_override(text: str, table_id: str, where: str) -> dict[str, Any]:
    """Parse and check an override file's text; raise :class:`OverrideError` naming ``where``."""
    fix = (
        f"Rett fila, eller slett den for å bruke pakkens tabellfil (kjør så `naering sjekk "
        f"{table_id} --rett` på nytt)."
    )
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise OverrideError(
            f"Katalogoverstyringen {where} er ikke gyldig YAML ({first}).\n{fix}"
        ) from exc
    if not isinstance(doc, dict):
        raise OverrideError(
            f"Katalogoverstyringen {where} er ikke en YAML-tabell (nøkkel: verdi).\n{fix}"
        )
    unknown = sorted(set(map(str, doc)) - _TOP_KEYS)
    if unknown:
        raise OverrideError(
            f"Katalogoverstyringen {where} har ukjente nøkler {', '.join(unknown)}; bare "
            f"{', '.join(sorted(_TOP_KEYS))} er tillatt.\n{fix}"
        )
    if str(doc.get("table")) != table_id:
        raise OverrideError(
            f"Katalogoverstyringen {where} sier table: {doc.get('table')!r}, men gjelder tabell "
            f"{table_id}.\n{fix}"
        )
    changes = doc.get("changes") or {}
    if not isinstance(changes, dict) or set(map(str, changes)) - set(SECTIONS):
        raise OverrideError(
            f"Katalogoverstyringen {where}: changes kan bare ha {' og '.join(SECTIONS)}.\n{fix}"
        )
    for section, items in changes.items():
        if not isinstance(items, dict) or not all(isinstance(v, dict) for v in items.values()):
            raise OverrideError(
                f"Katalogoverstyringen {where}: changes → {section} må være <id>: {{felt: "
                f"verdi}}.\n{fix}"
            )
    reasons = doc.get("reasons") or []
    if not isinstance(reasons, list):
        raise OverrideError(f"Katalogoverstyringen {where}: reasons må være en liste.\n{fix}")
    return doc


def apply_changes(raw: Mapping[str, Any], changes: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Return the package's table (``raw``, parsed YAML) with ``changes`` applied on top.

    >>> raw = {"dimensions": [{"id": "NACE2007", "codelist": "a"}], "region_levels": {}}
    >>> apply_changes(raw, {"dimensions": {"NACE2007": {"codelist": "b"}}}, "x")["dimensions"]
    [{'id': 'NACE2007', 'codelist': 'b'}]
    """
    out = copy.deepcopy(dict(raw))
    for dim_id, fields in (changes.get("dimensions") or {}).items():
        dims = out.get("dimensions") or []
        match = [dim for dim in dims if isinstance(dim, dict) and dim.get("id") == dim_id]
        if not match:
            raise OverrideError(
                f"Katalogoverstyringen {where} endrer dimensjonen {dim_id}, som pakkens tabellfil "
                "ikke har. Slett fila og kjør `naering sjekk --rett` på nytt."
            )
        match[0].update(copy.deepcopy(fields))
    for level, fields in (changes.get("region_levels") or {}).items():
        levels = out.get("region_levels") or {}
        if level not in levels:
            raise OverrideError(
                f"Katalogoverstyringen {where} endrer regionnivået {level}, som pakkens tabellfil "
                "ikke har. Slett fila og kjør `naering sjekk --rett` på nytt."
            )
        levels[level] = {**levels[level], **copy.deepcopy(fields)}
    return out


def merge_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Changes:
    """Return ``old`` with ``new`` on top, field by field (``new`` wins)."""
    out: Changes = {}
    for changes in (old, new):
        for section, items in (changes or {}).items():
            for item, fields in items.items():
                out.setdefault(section, {}).setdefault(item, {}).update(copy.deepcopy(fields))
    return out


def write_override(
    table_id: str,
    changes: Mapping[str, Any],
    reasons: list[str],
    package_text: str,
    *,
    made: str,
    folder: Path | None = None,
) -> Path:
    """Write (or extend) ``katalog/<table_id>.yaml`` with ``changes``; return its path.

    Changes already in the file stay unless a new one replaces the same field. Written atomically,
    so a reader never sees half a file.
    """
    path = override_path(table_id, folder)
    before: dict[str, Any] = {}
    if path.is_file():
        before = parse_override(path.read_text("utf-8"), table_id, shown(path))
    doc = {
        "table": table_id,
        "made": made,
        "package_sha256": package_sha256(package_text),
        "changes": merge_changes(before.get("changes") or {}, changes),
        "reasons": [*(before.get("reasons") or []), *reasons],
    }
    head = (
        f"# Katalogoverstyring for tabell {table_id}, skrevet av `naering sjekk --rett`.\n"
        f"# Legges over src/naering_analysis/data/tables/{table_id}.yaml (som ikke endres).\n"
        "# Slett fila for å bruke pakkens tabellfil igjen.\n"
    )
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    atomic_write_bytes(path, (head + body).encode("utf-8"))
    return path
