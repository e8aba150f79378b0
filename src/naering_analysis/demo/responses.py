"""Write JSON-stat 2.0 datasets in the exact shape of SSB's PxWebApi 2 data responses.

The key order, the dimension ``extension`` (``elimination``, ``show``, and for the statistics
variable ``refperiod``, ``measuringType``, ``priceType``, ``adjustment``), ``category.unit``,
the KLASS links and the root ``extension.px`` follow PxWebApi 2's JSON-stat 2 serializer
(PxTools/PCAxis.Serializers) as SSB runs it. Synthetic data is marked twice inside the document:
the first table note (mandatory, ``extension.noteMandatory``) and ``extension.synthetic``. Real
figures converted from a public copy (:mod:`naering_analysis.demo.public`) are written by the same
function with ``synthetic=False``: their first, mandatory note says where they were converted from.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from naering_analysis.ssb.catalogue import QueryPart, TableSpec

SYNTHETIC_NOTE = "SYNTETISKE DEMODATA – ikke offisielle tall fra SSB"
SOURCE = "Statistisk sentralbyrå"
Cell = tuple[int | None, str | None]
CellFunction = Callable[[Mapping[str, str]], Cell]
"""Return (value, status) for a cell given ``{dimension id: category code}``."""


def category_codes(
    spec: TableSpec, part: QueryPart, periods: Sequence[str]
) -> dict[str, list[str]]:
    """Return the category codes of each dimension of a response to ``part``, in ``id`` order.

    ``periods`` are the periods the (synthetic) table holds; the time selection (``*``,
    ``from(2008)``) is expanded against them as the server does.
    """
    out: dict[str, list[str]] = {}
    for dim in spec.dimensions:
        selection = part.query.selection(dim.id)
        if selection is None:
            raise ValueError(f"Query part {part.level} of table {spec.id} lacks {dim.id}")
        codes = list(selection.value_codes)
        if dim.role == "time":
            codes = expand_periods(codes, periods)
        out[dim.id] = codes
    return out


def expand_periods(selection: Sequence[str], periods: Sequence[str]) -> list[str]:
    """Return the periods a time selection picks (``*``, ``from(x)``, ``top(n)``), ascending.

    >>> expand_periods(["from(2009)"], ["2008", "2009", "2010"]), expand_periods(["top(1)"], ["1", "2"])
    (['2009', '2010'], ['2'])
    """
    ordered = sorted(periods)
    if list(selection) == ["*"]:
        return ordered
    if len(selection) == 1 and (m := re.fullmatch(r"from\((\w+)\)", selection[0])):
        return [p for p in ordered if p >= m.group(1)]
    if len(selection) == 1 and (m := re.fullmatch(r"top\((\d+)\)", selection[0])):
        return ordered[-int(m.group(1)) :]
    missing = [p for p in selection if p not in ordered]
    if missing:
        raise ValueError(f"The demo has no periods {missing}; it has {ordered[0]}-{ordered[-1]}")
    return [p for p in ordered if p in selection]


def build_response(
    spec: TableSpec,
    part: QueryPart,
    cell: CellFunction,
    *,
    periods: Sequence[str],
    region_labels: Mapping[str, str],
    updated: str,
    synthetic: bool = True,
    lead_note: str = SYNTHETIC_NOTE,
) -> dict[str, Any]:
    """Return the JSON-stat 2.0 dataset SSB would send for ``part``.

    The values come from ``cell``: synthetic (the default) or, with ``synthetic=False``, real
    figures converted from a public copy. ``lead_note`` is the first, mandatory table note.
    """
    codes = category_codes(spec, part, periods)
    values: list[int | None] = []
    status: dict[str, str] = {}
    for position, combo in enumerate(itertools.product(*codes.values())):
        value, symbol = cell(dict(zip(codes, combo, strict=True)))
        values.append(value)
        if symbol is not None:
            status[str(position)] = symbol
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": spec.response_label,
        "source": SOURCE,
        "updated": updated,
        "note": [lead_note, *spec.ssb_notes],
        "role": _role(spec),
        "id": list(codes),
        "size": [len(c) for c in codes.values()],
        "dimension": {
            d.id: _dimension(spec, d.id, codes[d.id], region_labels) for d in spec.dimensions
        },
        "extension": _extension(spec, synthetic),
        "value": values,
    }
    if status:
        doc["status"] = status
    return doc


def _role(spec: TableSpec) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for kind in ("time", "geo", "metric"):
        roles[kind] = [dim.id for dim in spec.dimensions if dim.role == kind]
    return roles


def _dimension(
    spec: TableSpec, dim_id: str, codes: list[str], region_labels: Mapping[str, str]
) -> dict[str, Any]:
    dim = spec.dimension(dim_id)
    if dim.role == "geo":
        labels = {code: region_labels[code] for code in codes}
    elif dim.role == "time":
        labels = {code: code for code in codes}
    else:
        labels = {code: dim.categories[code] for code in codes}
    category: dict[str, Any] = {"index": {code: i for i, code in enumerate(codes)}, "label": labels}
    extension: dict[str, Any] = {"elimination": dim.elimination}
    if dim.role == "metric":
        category["unit"] = {code: {"base": spec.unit, "decimals": 0} for code in codes}
        extension["refperiod"] = dict.fromkeys(codes, spec.reference_time)
    notes = {
        code: list(n) for code, n in spec.category_notes.get(dim_id, {}).items() if code in codes
    }
    if notes:
        category["note"] = notes
    extension["show"] = "code" if dim.role == "time" else "value"
    if dim.role == "metric":
        extension["measuringType"] = dict.fromkeys(codes, "Stock")
        extension["priceType"] = dict.fromkeys(codes, "NotApplicable")
        extension["adjustment"] = dict.fromkeys(codes, "None")
    out: dict[str, Any] = {"label": dim.label, "category": category, "extension": extension}
    if dim.klass is not None:
        urn = f"urn:ssb:classification:klass:{dim.klass}"
        out["link"] = {"describedby": [{"extension": {dim_id: urn}}]}
    return out


def _extension(spec: TableSpec, synthetic: bool) -> dict[str, Any]:
    metric = spec.metric.id
    time = next(dim.id for dim in spec.dimensions if dim.role == "time")
    return {
        "noteMandatory": {"0": True},
        "px": {
            "infofile": "None",
            "tableid": spec.id,
            "decimals": 0,
            "official-statistics": True,
            "aggregallowed": True,
            "language": "no",
            "contents": spec.contents,
            "descriptiondefault": False,
            "heading": [metric, time],
            "stub": [dim.id for dim in spec.dimensions if dim.id not in (metric, time)],
            "subject-code": spec.subject_code,
            "subject-area": spec.subject_area,
        },
        "synthetic": synthetic,
    }
