"""Count the cells of a PxWebApi 2 query before sending it, and split it to fit SSB's limit.

:func:`dimension_extents` expands each selection against the table metadata (or the codelist's
values) to count the cells, and :func:`split_query` cuts a query that exceeds SSB's
800,000-cell limit into parts that fit.

Selection expressions follow the PxWebApi 2 server: ``*`` (all), ``?``/``*`` wildcards
(case-insensitive), ``top(n[,offset])`` and ``bottom(n[,offset])``, ``from(x)``, ``to(x)`` and
``range(x,y)``. For the time dimension ``top(n)`` means the latest ``n`` periods and
``from``/``to``/``range`` run over the periods in ascending order; for other dimensions
``top(n)`` takes the first ``n`` values in metadata order, as the server does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from naering_analysis.errors import SSBFormatError, SSBQueryError
from naering_analysis.ssb.query import Query

TIME_DIMENSION = "Tid"
CodelistValues = tuple[tuple[str, tuple[str, ...]], ...]
"""A codelist as ``((code, members), ...)``: its value codes and the table codes they map to."""

_COUNTED = re.compile(r"(?i)(top|bottom)\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)")
_ANCHORED = re.compile(r"(?i)(from|to)\(\s*([^,()]+?)\s*\)")
_RANGE = re.compile(r"(?i)range\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)")


@dataclass(frozen=True)
class DimensionInfo:
    """One dimension of the table metadata: its codes in metadata order and flags."""

    id: str
    codes: tuple[str, ...]
    elimination: bool
    is_time: bool
    codelists: tuple[str, ...]
    codelist_types: tuple[str, ...] = ()
    label: str = ""


def metadata_dimensions(meta: Mapping[str, Any], table: str) -> dict[str, DimensionInfo]:
    """Read the dimensions of a PxWebApi 2 ``/metadata`` document (JSON-stat 2.0 form)."""
    where = f"Metadata for tabell {table}"
    ids, dimension = meta.get("id"), meta.get("dimension")
    if not isinstance(ids, list) or not isinstance(dimension, dict):
        raise SSBFormatError(f"{where} mangler `id` eller `dimension`; hent metadata på nytt.")
    role = meta.get("role")
    time_ids = set(role.get("time") or []) if isinstance(role, dict) else set()
    time_ids = time_ids or {TIME_DIMENSION}
    out = {}
    for dim in ids:
        obj = _mapping(dimension.get(dim))
        category = _mapping(obj.get("category"))
        index, labels = category.get("index"), category.get("label")
        if isinstance(index, dict):
            codes = tuple(sorted(index, key=index.__getitem__))
        elif isinstance(index, list):
            codes = tuple(index)
        elif index is None and isinstance(labels, dict) and len(labels) == 1:
            codes = tuple(labels)  # JSON-stat lets a one-category dimension omit the index
        else:
            raise SSBFormatError(f"{where}: dimensjonen {dim!r} mangler `category.index`.")
        ext = _mapping(obj.get("extension"))
        lists = [c for c in ext.get("codelists") or [] if isinstance(c, dict)]
        out[dim] = DimensionInfo(
            dim,
            codes,
            bool(ext.get("elimination", False)),
            dim in time_ids,
            tuple(str(c.get("id")) for c in lists),
            tuple(str(c.get("type", "")) for c in lists),
            str(obj.get("label") or dim),
        )
    return out


def _mapping(value: Any) -> dict[str, Any]:
    """Return ``value`` if it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def codelist_values(doc: Mapping[str, Any], codelist: str) -> CodelistValues:
    """Read ``((code, members), ...)`` from a PxWebApi 2 ``/codelists/{id}`` document."""
    values = doc.get("values")
    if not isinstance(values, list) or not all(isinstance(v, dict) and "code" in v for v in values):
        raise SSBFormatError(f"Kodelisten {codelist} fra SSB mangler `values` med `code`.")
    return tuple(
        (str(v["code"]), tuple(map(str, v.get("valueMap") or [v["code"]]))) for v in values
    )


def is_explicit(item: str) -> bool:
    """Return True for a plain code (no wildcard, no ``top()``/``from()``-style expression)."""
    return not ("*" in item or "?" in item or re.fullmatch(r"(?i)[a-z]+\(.*\)", item))


def expand_selection(
    items: Sequence[str], codes: Sequence[str], *, is_time: bool, where: str
) -> list[str]:
    """Return the codes that ``items`` select, in the order of ``codes``, without repeats.

    >>> expand_selection(["top(2)"], ["2021", "2022", "2023"], is_time=True, where="Tid")
    ['2022', '2023']
    >>> expand_selection(["from(2022)", "01-03"], ["01-03", "2022", "2023"], is_time=False,
    ...                  where="x")
    ['01-03', '2022', '2023']
    """
    chosen: set[str] = set()
    for item in items:
        matched = _match(item.strip(), list(codes), is_time, where)
        if not matched:
            raise SSBQueryError(
                f"{where}: utvalget {item!r} treffer ingen koder. Sjekk koden mot tabellens "
                f"metadata (første koder: {', '.join(list(codes)[:8])})."
            )
        chosen.update(matched)
    return [code for code in codes if code in chosen]


def _match(item: str, codes: list[str], is_time: bool, where: str) -> list[str]:
    """Return the codes one selection item picks (server semantics, see module docstring)."""
    ascending = sorted(codes) if is_time else codes
    if m := _COUNTED.fullmatch(item):
        count, offset = int(m.group(2)), int(m.group(3) or 0)
        seq = ascending[::-1] if is_time else codes
        seq = seq if m.group(1).lower() == "top" else seq[::-1]
        return seq[offset : offset + count]
    if m := _ANCHORED.fullmatch(item):
        at = _position(m.group(2), ascending, where)
        return ascending[at:] if m.group(1).lower() == "from" else ascending[: at + 1]
    if m := _RANGE.fullmatch(item):
        a, b = sorted(
            (_position(m.group(1), ascending, where), _position(m.group(2), ascending, where))
        )
        return ascending[a : b + 1]
    if "*" in item or "?" in item:
        pattern = re.compile(re.escape(item).replace(r"\*", ".*").replace(r"\?", "."), re.I)
        return [code for code in codes if pattern.fullmatch(code)]
    return [codes[_position(item, codes, where)]]


def _position(code: str, codes: Sequence[str], where: str) -> int:
    """Return the position of ``code`` (exact, else case-insensitive) or raise."""
    if code in codes:
        return list(codes).index(code)
    lowered = [c.lower() for c in codes]
    if code.lower() in lowered:
        return lowered.index(code.lower())
    raise SSBQueryError(
        f"{where}: koden {code!r} finnes ikke. Sjekk den mot tabellens metadata "
        f"(første koder: {', '.join(list(codes)[:8])})."
    )


@dataclass(frozen=True)
class Extent:
    """How many categories a dimension contributes, and the codes to split it by (if known)."""

    count: int
    codes: tuple[str, ...] | None
    is_time: bool = False


def dimension_extents(
    query: Query,
    dims: Mapping[str, DimensionInfo],
    codelists: Mapping[str, CodelistValues | None],
    table: str,
) -> dict[str, Extent]:
    """Expand every selection and return each dimension's :class:`Extent`, in metadata order.

    Eliminated dimensions count 1. Under a codelist the table metadata does not list the codes,
    so the codelist's own values (``codelists[id]``) are used: each selected codelist value is
    one category, whatever the kind of list (an aggregation gives one summed value per group, a
    value set one value per code; PxWebApi 2 has no ``outputValues`` that could change this).
    When the values are unknown (None) each item of ``valueCodes`` counts as one category,
    ``*`` included, and only a list of plain codes can be split.
    """
    unknown = [dim for dim, _ in query.selections if dim not in dims]
    if unknown:
        raise SSBQueryError(
            f"Tabell {table} har ikke variabelen/variablene {unknown}; gyldige er {list(dims)}.",
            table=table,
            query=query.to_dict(),
        )
    out = {}
    for dim, info in dims.items():
        sel, where = query.selection(dim), f"Tabell {table}, variabel {dim}"
        if sel is None:
            if not info.elimination:
                raise SSBQueryError(
                    f"{where} kan ikke utelates (elimination=false); velg verdier, f.eks. "
                    f"valueCodes[{dim}]=*.",
                    table=table,
                    query=query.to_dict(),
                )
            out[dim] = Extent(1, None, info.is_time)
            continue
        values = codelists.get(sel.codelist) if sel.codelist else None
        if sel.codelist is None:
            codes = expand_selection(sel.value_codes, info.codes, is_time=info.is_time, where=where)
            out[dim] = Extent(len(codes), tuple(codes), info.is_time)
        elif values is None:
            items = tuple(dict.fromkeys(sel.value_codes))
            explicit = all(map(is_explicit, items))
            out[dim] = Extent(len(items), items if explicit else None, info.is_time)
        else:
            codes = expand_selection(
                sel.value_codes,
                [code for code, _ in values],
                is_time=info.is_time,
                where=f"{where} ({sel.codelist})",
            )
            out[dim] = Extent(len(codes), tuple(codes), info.is_time)
    return out


def cell_count(extents: Mapping[str, Extent]) -> int:
    """Return the number of cells a query asks for: the product of the extents."""
    return math.prod(e.count for e in extents.values())


def split_query(
    query: Query, extents: Mapping[str, Extent], max_cells: int, table: str
) -> list[Query]:
    """Split ``query`` into parts of at most ``max_cells`` cells each.

    The time dimension is cut first (else the largest splittable one) into chunks that fit,
    and a chunk that still does not fit is cut along the next dimension. Parts come in order,
    so combining their answers keeps the categories in query order.
    """
    total = cell_count(extents)
    if total <= max_cells:
        return [query]
    candidates = [(d, e) for d, e in extents.items() if e.codes is not None and e.count > 1]
    if not candidates:
        raise SSBQueryError(
            f"Spørringen mot tabell {table} gir {_thousands(total)} celler, over SSBs grense på "
            f"{_thousands(max_cells)} celler per uttrekk, og kan ikke deles automatisk. Velg "
            "færre verdier eller del spørringen selv (f.eks. etter Tid).",
            table=table,
            query=query.to_dict(),
        )
    timed = [c for c in candidates if c[1].is_time]
    dim, extent = timed[0] if timed else max(candidates, key=lambda c: c[1].count)
    all_codes = extent.codes or ()
    per_part = max(1, max_cells // (total // extent.count))
    parts: list[Query] = []
    for start in range(0, extent.count, per_part):
        chunk = all_codes[start : start + per_part]
        sub_extents = {**extents, dim: Extent(len(chunk), chunk, extent.is_time)}
        parts.extend(split_query(query.with_value_codes(dim, chunk), sub_extents, max_cells, table))
    return parts


def _thousands(number: int) -> str:
    """Format ``number`` the Norwegian way, with spaces between thousands (800 000)."""
    return f"{number:,}".replace(",", "\u00a0")
