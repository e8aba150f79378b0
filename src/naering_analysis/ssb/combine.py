"""Combine JSON-stat 2.0 datasets fetched in several requests into one dataset.

A fetch is split into several requests when it exceeds SSB's 800,000-cell limit (split along
``Tid``) or when region levels come from different codelists (municipalities as ``K-`` codes,
counties and the country in other requests). :func:`combine_datasets` puts the parts back
together: same dimension ids in the same order, categories united, every value in its place.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from naering_analysis.errors import SSBFormatError
from naering_analysis.ssb.jsonstat import load_jsonstat_document

_CONFLICT_FIX = (
    "Delene overlapper med ulike tall; hent alle delene på nytt fra samme publisering "
    "(sammenlign `updated`)."
)


@dataclass(frozen=True)
class _Part:
    """One validated input dataset in normalised form."""

    doc: Mapping[str, Any]
    ids: list[str]
    codes: dict[str, list[str]]
    values: np.ndarray
    status: dict[int, str]


def combine_datasets(docs: Sequence[Mapping[str, Any]], *, sparse: bool = False) -> dict[str, Any]:
    """Combine JSON-stat 2.0 datasets that share their dimension ids (in the same order).

    Categories are united per dimension in order of first appearance (documents in order), each
    value lands at its new position and cells no document covers are null. With ``sparse``
    (a flow table, whose parts differ in two dimensions and cover a small corner of the united
    cube) ``value`` is JSON-stat's object form ``{position: value}`` holding only the covered
    cells, so an uncovered cell is absent rather than null. ``status`` becomes an
    object keyed by position, ``updated`` the latest of the inputs, notes are merged without
    duplicates, and ``label``, ``source``, ``extension`` and dimension metadata come from the
    first document. The same input always gives the same output.

    Raises
    ------
    SSBFormatError
        If a document is not a valid dataset, the dimension ids differ, or two documents give
        the same cell different values or statuses.

    Examples
    --------
    >>> def part(year, value):
    ...     return {"version": "2.0", "class": "dataset", "id": ["Tid"], "size": [1],
    ...             "dimension": {"Tid": {"category": {"index": {year: 0}}}}, "value": [value]}
    >>> combined = combine_datasets([part("2022", 5), part("2023", 7)])
    >>> combined["dimension"]["Tid"]["category"]["index"], combined["value"]
    ({'2022': 0, '2023': 1}, [5, 7])
    """
    if not docs:
        raise SSBFormatError(
            "combine_datasets fikk ingen datasett; gi minst ett JSON-stat-dokument."
        )
    parts = [_read_part(doc, n) for n, doc in enumerate(docs, start=1)]
    ids = parts[0].ids
    for n, part in enumerate(parts[1:], start=2):
        if part.ids != ids:
            raise SSBFormatError(
                f"Datasett nr. {n} har dimensjonene {part.ids}, men nr. 1 har {ids}. Bare datasett "
                "med samme dimensjoner i samme rekkefølge kan kombineres; hent delene med de samme "
                "variablene (og samme eliminering)."
            )
    codes = {dim: list(dict.fromkeys(c for p in parts for c in p.codes[dim])) for dim in ids}
    sizes = [len(codes[dim]) for dim in ids]
    values = np.full(math.prod(sizes), None, dtype=object)
    filled = np.zeros(values.size, dtype=bool)
    status: dict[int, str] = {}
    for n, part in enumerate(parts, start=1):
        target = _target_positions(part, codes, ids, sizes)
        _check_overlap(part, target, values, filled, status, n, codes, ids, sizes)
        fresh = ~filled[target]
        values[target[fresh]] = part.values[fresh]
        filled[target] = True
        for position, symbol in part.status.items():
            status.setdefault(int(target[position]), symbol)
    first = parts[0].doc
    replacements: dict[str, Any] = {
        "id": list(ids),
        "size": sizes,
        "dimension": {dim: _dimension(dim, codes[dim], parts) for dim in ids},
        "value": (
            {str(pos): values[pos] for pos in np.flatnonzero(filled)} if sparse else values.tolist()
        ),
    }
    notes = _merged_notes(p.doc.get("note") for p in parts)
    if notes:
        replacements["note"] = notes
    updated = _latest_updated(parts)
    if updated is not None:
        replacements["updated"] = updated
    role = _merged_role(parts)
    if role:
        replacements["role"] = role
    if status:
        replacements["status"] = {str(pos): status[pos] for pos in sorted(status)}
    out = {key: replacements.get(key, copy.deepcopy(val)) for key, val in first.items()}
    if not status:
        out.pop("status", None)
    for key in ("updated", "note", "role", "id", "size", "dimension", "value", "status"):
        if key in replacements and key not in out:
            out[key] = replacements[key]
    return out


def dumps_dataset(doc: Mapping[str, Any]) -> bytes:
    """Serialise a dataset as compact UTF-8 JSON, like SSB's own responses.

    Compact form (no spaces, no trailing newline, ``ensure_ascii=False``) matches the bytes SSB
    sends, keeps combined ``data.json`` files small, and is byte-for-byte stable for the same
    input, so its sha256 can be recorded in the provenance file.

    >>> dumps_dataset({"label": "Sysselsatte, Østfold", "value": [1, None]}).decode("utf-8")
    '{"label":"Sysselsatte, Østfold","value":[1,null]}'
    """
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def _read_part(doc: Mapping[str, Any], n: int) -> _Part:
    """Validate one input and return its codes, dense values and statuses by position."""
    try:
        checked = load_jsonstat_document(doc)
    except SSBFormatError as exc:
        raise SSBFormatError(f"Datasett nr. {n} kan ikke kombineres: {exc}") from exc
    ids = list(checked["id"])
    codes = {dim: _category_codes(checked["dimension"][dim]["category"]) for dim in ids}
    count = math.prod(checked["size"])
    values = _dense(checked["value"], count)
    return _Part(checked, ids, codes, values, _statuses(checked.get("status"), count))


def _category_codes(category: Mapping[str, Any]) -> list[str]:
    """Return a validated category's codes in position order."""
    index = category.get("index")
    if index is None:
        return list(category["label"])
    if isinstance(index, list):
        return list(index)
    return sorted(index, key=index.__getitem__)


def _dense(raw: Any, count: int) -> np.ndarray:
    """Return ``value`` as an object array of length ``count`` (a sparse object fills nulls)."""
    if isinstance(raw, list):
        return np.fromiter(raw, dtype=object, count=count)
    dense = np.full(count, None, dtype=object)
    for key, val in raw.items():
        dense[int(key)] = val
    return dense


def _statuses(raw: Any, count: int) -> dict[int, str]:
    """Return the status symbols by position from any JSON-stat form (string, array, object)."""
    if raw is None:
        return {}
    if isinstance(raw, str):
        return dict.fromkeys(range(count), raw)
    if isinstance(raw, list):
        if len(raw) == 1 and count != 1:  # one status in an array applies to every cell
            return {} if raw[0] is None else dict.fromkeys(range(count), str(raw[0]))
        return {pos: str(sym) for pos, sym in enumerate(raw) if sym is not None}
    return {int(pos): str(sym) for pos, sym in raw.items() if sym is not None}


def _target_positions(
    part: _Part, codes: Mapping[str, list[str]], ids: list[str], sizes: list[int]
) -> np.ndarray:
    """Return, for each cell of ``part`` in row-major order, its position in the union."""
    strides = [math.prod(sizes[d + 1 :]) for d in range(len(ids))]
    shape = [len(part.codes[dim]) for dim in ids]
    target = np.zeros(shape, dtype=np.int64)
    for d, dim in enumerate(ids):
        where = {code: i for i, code in enumerate(codes[dim])}
        mapped = np.array([where[c] for c in part.codes[dim]], dtype=np.int64) * strides[d]
        target += mapped.reshape([-1 if k == d else 1 for k in range(len(ids))])
    return target.ravel()


def _check_overlap(
    part: _Part,
    target: np.ndarray,
    values: np.ndarray,
    filled: np.ndarray,
    status: Mapping[int, str],
    n: int,
    codes: Mapping[str, list[str]],
    ids: list[str],
    sizes: list[int],
) -> None:
    """Raise if a cell already filled by an earlier part gets another value or status here."""
    for i in np.flatnonzero(filled[target]).tolist():
        pos = int(target[i])
        old, new = (values[pos], status.get(pos)), (part.values[i], part.status.get(i))
        if old[0] != new[0] or old[1] != new[1]:
            where = np.unravel_index(pos, sizes)
            cell = ", ".join(
                f"{dim}={codes[dim][int(k)]}" for dim, k in zip(ids, where, strict=True)
            )
            raise SSBFormatError(
                f"Datasett nr. {n} gir cellen ({cell}) verdien {new[0]!r} (status {new[1]!r}), "
                f"men et tidligere datasett ga {old[0]!r} (status {old[1]!r}). {_CONFLICT_FIX}"
            )


def _dimension(dim: str, codes: list[str], parts: Sequence[_Part]) -> dict[str, Any]:
    """Return the united dimension object: first part's metadata, merged categories."""
    objs = [p.doc["dimension"][dim] for p in parts]
    out = {key: copy.deepcopy(val) for key, val in objs[0].items()}
    categories = [obj["category"] for obj in objs]
    category: dict[str, Any] = {"index": {code: i for i, code in enumerate(codes)}}
    if any("label" in cat for cat in categories):
        labels = _merged_maps(cat.get("label") for cat in categories)
        category["label"] = {code: labels.get(code, code) for code in codes}
    for key in dict.fromkeys(k for cat in categories for k in cat if k not in ("index", "label")):
        given = [cat[key] for cat in categories if key in cat]
        if all(isinstance(g, dict) for g in given):
            merged = _merged_maps(given)
            category[key] = merged if key != "note" else _merged_note_map(given)
        else:
            category[key] = copy.deepcopy(given[0])
    out["category"] = category
    notes = _merged_notes(obj.get("note") for obj in objs)
    if notes:
        out["note"] = notes
    return out


def _merged_maps(maps: Any) -> dict[str, Any]:
    """Merge mappings key by key; the first mapping to give a key wins."""
    merged: dict[str, Any] = {}
    for mapping in maps:
        for key, val in (mapping or {}).items():
            merged.setdefault(key, copy.deepcopy(val))
    return merged


def _merged_note_map(maps: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """Merge ``{code: notes}`` mappings, uniting each code's notes without duplicates."""
    keys = dict.fromkeys(k for mapping in maps for k in mapping)
    return {k: _merged_notes(mapping.get(k) for mapping in maps) for k in keys}


def _merged_notes(notes: Any) -> list[Any]:
    """Unite JSON-stat notes (absent, a string or a list) in order, without duplicates."""
    merged: list[Any] = []
    for note in notes:
        for item in [note] if isinstance(note, str) else (note or []):
            if item not in merged:
                merged.append(copy.deepcopy(item))
    return merged


def _merged_role(parts: Sequence[_Part]) -> dict[str, list[str]]:
    """Unite the ``role`` objects: each role's dimension ids in order of first appearance."""
    role: dict[str, list[str]] = {}
    for part in parts:
        for kind, dims in (part.doc.get("role") or {}).items():
            role.setdefault(kind, [])
            role[kind].extend(d for d in dims if d not in role[kind])
    return role


def _latest_updated(parts: Sequence[_Part]) -> str | None:
    """Return the latest ``updated`` string (as written), or None when no part has one."""
    best: tuple[datetime, str] | None = None
    for n, part in enumerate(parts, start=1):
        text = part.doc.get("updated")
        if text is None:
            continue
        try:
            when = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        except ValueError as exc:
            raise SSBFormatError(
                f"Datasett nr. {n} har `updated`={text!r}, som ikke er en ISO 8601-tid. "
                "Kontroller at dokumentet er en uendret SSB-respons."
            ) from exc
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        if best is None or when > best[0]:
            best = (when, str(text))
    return best[1] if best else None
