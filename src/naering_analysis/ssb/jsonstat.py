"""Read JSON-stat 2.0 datasets, as SSB sends them, into long pandas frames.

This module only parses, validates, types and melts. It knows nothing about regions, industries or
focus industries; mapping codes to meaning belongs to the layers above it.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from naering_analysis.errors import SSBFormatError

JsonStatSource = str | os.PathLike[str] | bytes | bytearray | Mapping[str, Any]

MAX_ABS_VALUE = 2.0**53
"""Largest magnitude read: beyond it float64 no longer holds every integer exactly."""
_BOM = b"\xef\xbb\xbf"
_NUMERIC_KINDS = frozenset({"integer", "floating", "mixed-integer-float", "empty"})
_STRING_KINDS = frozenset({"string", "empty"})
_FIX = "Kontroller at dokumentet er en uendret JSON-stat 2.0-respons fra SSB (outputFormat=json-stat2)."


@dataclass(frozen=True)
class _Dimension:
    """One validated dimension: category codes and labels in position order."""

    id: str
    label: str
    codes: np.ndarray
    labels: np.ndarray


def read_jsonstat(source: JsonStatSource) -> pd.DataFrame:
    """Read a JSON-stat 2.0 dataset into one row per cell, in JSON-stat row-major order.

    ``source`` is a path to a ``.json`` file (``str`` or ``Path``; a ``str`` starting with ``{``
    is JSON text), JSON text as ``str``/``bytes``, or a parsed ``dict``. For each dimension ``D``
    in ``id`` order the frame has ``D`` (category code) and ``D_label`` (category label), both
    ``object`` columns of ``str``; then ``value`` (float64, NaN where null) and ``status`` (SSB
    symbol such as ``".."``, or None). ``df.attrs`` holds ``label``, ``source``, ``updated``,
    ``table_id``, ``notes``, ``dimension_notes``, ``roles`` and ``dimension_labels``. Raises
    :class:`SSBFormatError` when the input is not JSON or not a well-formed JSON-stat dataset.

    Examples
    --------
    >>> doc = {"version": "2.0", "class": "dataset", "id": ["Tid"], "size": [2],
    ...        "dimension": {"Tid": {"category": {"index": ["2022", "2023"]}}},
    ...        "value": [10, None], "status": {"1": ".."}}
    >>> read_jsonstat(doc)[["Tid", "value", "status"]]
        Tid  value status
    0  2022   10.0   None
    1  2023    NaN     ..
    """
    doc, where = _load(source)
    dims, values, status = _decode(doc, where)
    sizes = [dim.codes.size for dim in dims]
    columns: dict[str, np.ndarray] = {}
    for d, dim in enumerate(dims):
        inner, outer = math.prod(sizes[d + 1 :]), math.prod(sizes[:d])
        positions = np.tile(np.repeat(np.arange(sizes[d], dtype=np.intp), inner), outer)
        columns[dim.id] = dim.codes.take(positions)
        columns[f"{dim.id}_label"] = dim.labels.take(positions)
    columns["value"] = values
    columns["status"] = status
    frame = pd.DataFrame(columns, copy=False)  # no consolidation: it would copy every cell
    frame.attrs.update(_attrs(doc, dims))
    return frame


def read_jsonstat_covered(source: JsonStatSource) -> pd.DataFrame:
    """Like :func:`read_jsonstat`, but only the cells the document lists.

    A dataset whose ``value`` is an array lists every cell (the result equals
    :func:`read_jsonstat`'s); one whose ``value`` is an object (JSON-stat's sparse form, as in
    the combination of a flow table's parts, :func:`~naering_analysis.ssb.combine.combine_datasets`
    with ``sparse``) lists only its keys, in position order. A listed null stays a row (a
    suppressed cell); an unlisted cell is no row at all.

    >>> doc = {"version": "2.0", "class": "dataset", "id": ["Tid"], "size": [3],
    ...        "dimension": {"Tid": {"category": {"index": ["2021", "2022", "2023"]}}},
    ...        "value": {"2": 7, "0": None}, "status": {"0": ":"}}
    >>> read_jsonstat_covered(doc)[["Tid", "value", "status"]].to_dict("list")
    {'Tid': ['2021', '2023'], 'value': [nan, 7.0], 'status': [':', None]}
    """
    doc, where = _load(source)
    dims, values, status = _decode(doc, where)
    raw = doc["value"]
    rows = (
        np.sort(np.array(list(raw), dtype=str).astype(np.intp))
        if isinstance(raw, dict)
        else np.arange(values.size, dtype=np.intp)
    )
    sizes = [dim.codes.size for dim in dims]
    columns: dict[str, np.ndarray] = {}
    for d, dim in enumerate(dims):
        positions = (rows // math.prod(sizes[d + 1 :])) % sizes[d]
        columns[dim.id] = dim.codes.take(positions)
        columns[f"{dim.id}_label"] = dim.labels.take(positions)
    columns["value"] = values.take(rows)
    columns["status"] = status.take(rows)
    frame = pd.DataFrame(columns, copy=False)
    frame.attrs.update(_attrs(doc, dims))
    return frame


def decode_jsonstat(
    source: JsonStatSource,
) -> tuple[dict[str, Any], list[tuple[str, list[str], list[str]]], np.ndarray, np.ndarray]:
    """Return a validated dataset as arrays: the document, its dimensions, values and status.

    Each dimension is ``(id, codes, labels)`` in ``id`` order; ``values`` (float64, NaN where
    null) and ``status`` (object, None where no symbol) are flat in JSON-stat row-major order.
    For code that works on the cube (summing one axis) before melting it to a long frame.
    """
    doc, where = _load(source)
    dims, values, status = _decode(doc, where)
    return doc, [(d.id, d.codes.tolist(), d.labels.tolist()) for d in dims], values, status


def load_jsonstat_document(source: JsonStatSource) -> dict[str, Any]:
    """Parse and fully validate a JSON-stat 2.0 dataset and return it as a dict.

    Every check that :func:`read_jsonstat` makes is made here (it raises
    :class:`SSBFormatError`), so a returned dict can be read.
    """
    doc, where = _load(source)
    _decode(doc, where)
    return doc


def dataset_cell_count(doc: Mapping[str, Any]) -> int:
    """Return the number of cells in a JSON-stat dataset: the product of ``size``.

    >>> dataset_cell_count({"id": ["a", "b"], "size": [3, 4]})
    12
    """
    return math.prod(_sizes(doc, "JSON-stat-dokumentet"))


def _load(source: JsonStatSource) -> tuple[dict[str, Any], str]:
    """Return the parsed document and a description of where it came from, for messages."""
    if isinstance(source, Mapping):
        doc: Any = source if isinstance(source, dict) else dict(source)
        where = "JSON-stat-dokumentet"
    else:
        text, where = _text(source)
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        if raw.startswith(_BOM) or raw.startswith("\ufeff".encode()):
            raise SSBFormatError(
                f"{where} starter med et byte-order-merke (BOM), som SSB ikke sender. {_FIX}"
            )
        try:
            doc = json.loads(text, parse_constant=_reject_constant)
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError and NaN/Infinity
            raise SSBFormatError(f"{where} er ikke gyldig JSON ({exc}). {_FIX}") from exc
    if not isinstance(doc, dict):
        raise SSBFormatError(f"{where} er ikke et JSON-objekt, men {type(doc).__name__}. {_FIX}")
    table_id = _table_id(doc)
    return doc, f"{where} (tabell {table_id})" if table_id else where


def _reject_constant(name: str) -> Any:
    """Refuse ``NaN``, ``Infinity`` and ``-Infinity``, which are not JSON (RFC 8259)."""
    raise ValueError(f"{name} er ikke et gyldig JSON-tall")


def _text(source: object) -> tuple[str | bytes | bytearray, str]:
    """Return JSON text, and where it came from, from JSON ``str``/``bytes`` or a file path."""
    if isinstance(source, bytes | bytearray):
        return source, "JSON-bytene"
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return source, "JSON-teksten"
    if not isinstance(source, str | os.PathLike):
        raise SSBFormatError(
            f"Kan ikke lese JSON-stat fra {type(source).__name__}; "
            "gi en filsti, JSON-tekst (str/bytes) eller et dict."
        )
    try:
        return Path(source).read_bytes(), f"Fila {source}"
    except OSError as exc:  # missing file, a folder, no permission
        raise SSBFormatError(f"Fila {source} kan ikke leses ({exc}). Kontroller stien.") from exc


def _table_id(doc: Mapping[str, Any]) -> str | None:
    """Return ``extension.px.tableid`` when present."""
    extension = doc.get("extension")
    px = extension.get("px") if isinstance(extension, dict) else None
    table_id = px.get("tableid") if isinstance(px, dict) else None
    return str(table_id) if table_id is not None else None


def _sizes(doc: Mapping[str, Any], where: str) -> list[int]:
    """Return the validated ``size`` list (one non-negative integer per ``id``)."""
    ids, sizes = doc.get("id"), doc.get("size")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise SSBFormatError(f"{where}: `id` må være en liste med dimensjons-id-er (tekst). {_FIX}")
    if not isinstance(sizes, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes
    ):
        raise SSBFormatError(f"{where}: `size` må være en liste med heltall >= 0. {_FIX}")
    if len(sizes) != len(ids):
        raise SSBFormatError(
            f"{where}: `size` har {len(sizes)} elementer, men `id` har {len(ids)} "
            f"dimensjoner ({', '.join(ids)}); de må være like lange. {_FIX}"
        )
    return sizes


def _decode(doc: dict[str, Any], where: str) -> tuple[list[_Dimension], np.ndarray, np.ndarray]:
    """Validate the whole document; return its dimensions, values (float64) and status."""
    for key, expected in (("version", "2.0"), ("class", "dataset")):
        if doc.get(key) != expected:
            raise SSBFormatError(
                f'{where}: `{key}` er {doc.get(key)!r}, men må være "{expected}". {_FIX}'
            )
    sizes = _sizes(doc, where)
    ids: list[str] = doc["id"]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise SSBFormatError(f"{where}: `id` nevner dimensjonen(e) {duplicated} flere ganger.")
    dimension = doc.get("dimension")
    if not isinstance(dimension, dict):
        raise SSBFormatError(f"{where}: `dimension` mangler eller er ikke et objekt. {_FIX}")
    dims = []
    for dim_id, size in zip(ids, sizes, strict=True):
        if not isinstance(dimension.get(dim_id), dict):
            raise SSBFormatError(
                f"{where}: dimensjonen {dim_id!r} står i `id`, men mangler i `dimension`. {_FIX}"
            )
        dims.append(_dimension(dim_id, dimension[dim_id], size, where))
    names = [name for dim in dims for name in (dim.id, f"{dim.id}_label")] + ["value", "status"]
    if len(set(names)) != len(names):
        raise SSBFormatError(f"{where}: dimensjons-id-ene {ids} gir like kolonnenavn {names}.")
    count, status = math.prod(sizes), doc.get("status")
    if "value" not in doc:
        raise SSBFormatError(f"{where}: `value` mangler. {_FIX}")
    values = _numbers(_cells(doc["value"], count, "value", where, _NUMERIC_KINDS), where)
    if isinstance(status, list) and len(status) == 1 and count != 1:
        status = status[0]  # JSON-stat: a one-element array applies to every cell
    if status is None or isinstance(status, str):  # a single status applies to every cell
        return dims, values, np.full(count, status, dtype=object)
    return dims, values, _cells(status, count, "status", where, _STRING_KINDS)


def _dimension(dim_id: str, obj: dict[str, Any], size: int, where: str) -> _Dimension:
    """Validate one dimension and return its codes and labels in position order."""
    here = f"{where}, dimensjon {dim_id!r}"
    category = obj.get("category")
    if not isinstance(category, dict):
        raise SSBFormatError(f"{here}: `category` mangler eller er ikke et objekt. {_FIX}")
    index, labels = category.get("index"), category.get("label")
    if labels is not None and not isinstance(labels, dict):
        raise SSBFormatError(f"{here}: `category.label` må være et objekt {{kode: etikett}}.")
    if index is None:
        if labels is None or len(labels) != 1:
            raise SSBFormatError(
                f"{here}: `category.index` mangler; det er bare lov når `category.label` "
                f"har nøyaktig én kategori. {_FIX}"
            )
        codes = np.array(list(labels), dtype=object)
    elif isinstance(index, list):
        codes = _codes_from_list(index, here)
    elif isinstance(index, dict):
        codes = _codes_from_positions(index, here)
    else:
        raise SSBFormatError(f"{here}: `category.index` må være en liste eller et objekt.")
    if codes.size != size:
        raise SSBFormatError(
            f"{here}: `size` sier {size} kategorier, men `category.index` har {codes.size}. {_FIX}"
        )
    label = obj.get("label")
    dim_label = str(label) if label else dim_id
    if labels is None:  # JSON-stat (and pyjstat) then use the codes as labels
        return _Dimension(dim_id, dim_label, codes, codes)
    missing = [code for code in codes if code not in labels]
    extra = sorted(set(labels) - set(codes.tolist()))
    if missing or extra:
        raise SSBFormatError(
            f"{here}: `category.label` passer ikke med `category.index`; mangler etikett for "
            f"{missing[:10]}, etikett uten kategori for {extra[:10]}. {_FIX}"
        )
    texts = np.array([labels[code] for code in codes], dtype=object)
    if infer_dtype(texts, skipna=False) not in _STRING_KINDS:
        raise SSBFormatError(f"{here}: alle etiketter i `category.label` må være tekst.")
    return _Dimension(dim_id, dim_label, codes, texts)


def _codes_from_list(index: list[Any], here: str) -> np.ndarray:
    """Return codes from an array-form index, rejecting non-text and duplicate codes."""
    codes = np.fromiter(index, dtype=object, count=len(index))
    if infer_dtype(codes, skipna=False) not in _STRING_KINDS:
        raise SSBFormatError(f"{here}: alle koder i `category.index` må være tekst.")
    if len(set(index)) != len(index):
        duplicated = sorted({code for code in index if index.count(code) > 1})
        raise SSBFormatError(f"{here}: `category.index` har kodene {duplicated} flere ganger.")
    return codes


def _codes_from_positions(index: dict[str, Any], here: str) -> np.ndarray:
    """Return codes ordered by position from an object-form index ``{code: position}``."""
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in index.values()):
        raise SSBFormatError(f"{here}: posisjonene i `category.index` må være heltall.")
    positions = np.fromiter(index.values(), dtype=np.int64, count=len(index))
    _check_positions(positions, len(index), f"{here}: `category.index`")
    codes = np.empty(len(index), dtype=object)
    codes[positions] = list(index)
    return codes


def _check_positions(positions: np.ndarray, count: int, what: str) -> None:
    """Raise unless all positions lie in ``[0, count)`` and none repeats."""
    outside = positions[(positions < 0) | (positions >= count)]
    if outside.size:
        raise SSBFormatError(
            f"{what} har posisjon(er) {outside[:10].tolist()} utenfor 0–{count - 1}. {_FIX}"
        )
    unique, counts = np.unique(positions, return_counts=True)
    if unique.size != positions.size:
        repeated = unique[counts > 1][:10].tolist()
        raise SSBFormatError(f"{what} har duplikate posisjoner {repeated}. {_FIX}")


def _cells(raw: Any, count: int, name: str, where: str, kinds: frozenset[str]) -> np.ndarray:
    """Return ``count`` cells from array or ``{position: cell}`` form; nulls become None."""
    if isinstance(raw, list):
        if len(raw) != count:
            raise SSBFormatError(
                f"{where}: `{name}` har {len(raw)} elementer, men produktet av `size` "
                f"er {count} celler. {_FIX}"
            )
        cells = np.fromiter(raw, dtype=object, count=count)
    elif isinstance(raw, dict):
        try:
            positions = np.array(list(raw), dtype=str).astype(np.int64)
        except (ValueError, OverflowError) as exc:
            raise SSBFormatError(
                f"{where}: `{name}` har nøkler som ikke er heltall. {_FIX}"
            ) from exc
        _check_positions(positions, count, f"{where}: `{name}`")
        cells = np.full(count, None, dtype=object)
        cells[positions] = np.fromiter(raw.values(), dtype=object, count=len(raw))
    else:
        raise SSBFormatError(f"{where}: `{name}` må være en liste eller et objekt. {_FIX}")
    kind = infer_dtype(cells, skipna=True)
    if kind not in kinds:
        expected = "tall" if name == "value" else "tekst"
        raise SSBFormatError(f"{where}: `{name}` må inneholde {expected} eller null, fant {kind}.")
    return cells


def _numbers(cells: np.ndarray, where: str) -> np.ndarray:
    """Return ``value`` as float64 (null → NaN); refuse non-finite or unreadably large numbers.

    JSON text cannot hold NaN (``_load`` refuses the ``NaN`` literal), so after the conversion
    a NaN is a null cell and anything else must be finite and at most :data:`MAX_ABS_VALUE`.
    """
    try:
        values = cells.astype(np.float64)
    except OverflowError:  # an integer beyond float64
        values = np.array([_float_or_inf(cell) for cell in cells], dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(values) & ~(np.abs(values) <= MAX_ABS_VALUE)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise SSBFormatError(
            f"{where}: `value` har {int(bad.sum())} tall som ikke er endelige eller er større "
            f"enn {MAX_ABS_VALUE:.0f} i absoluttverdi (første i posisjon {first}: "
            f"{str(cells[first])[:30]}). {_FIX}"
        )
    return values


def _float_or_inf(cell: Any) -> float:
    """Return ``cell`` as a float; an integer too large for float64 becomes infinity."""
    if cell is None:
        return math.nan
    try:
        return float(cell)
    except OverflowError:
        return math.inf


def _attrs(doc: dict[str, Any], dims: list[_Dimension]) -> dict[str, Any]:
    """Collect the dataset metadata kept in ``DataFrame.attrs``."""
    notes = {dim.id: _as_list(doc["dimension"][dim.id].get("note")) for dim in dims}
    role = doc.get("role")
    return {
        "label": doc.get("label"),
        "source": doc.get("source"),
        "updated": doc.get("updated"),
        "table_id": _table_id(doc),
        "notes": _as_list(doc.get("note")),
        "dimension_notes": {dim_id: note for dim_id, note in notes.items() if note},
        "roles": dict(role) if isinstance(role, dict) else {},
        "dimension_labels": {dim.id: dim.label for dim in dims},
    }


def _as_list(note: Any) -> list[Any]:
    """Return a JSON-stat ``note`` as a list (it may be absent or a single string)."""
    if note is None:
        return []
    return [note] if isinstance(note, str) else list(note)
