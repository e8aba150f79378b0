"""What SSB's codelists hold and answer with: the part of ``naering sjekk`` that asks.

A codelist's codes and labels (``/codelists/{id}``), whether its codes are what the catalogue
needs (:func:`fits`), and whether it answers with the catalogue's groups or with their members
(:func:`shows_groups`, which asks SSB for one small answer when the codelist's ``valueMap`` could
differ: PxWebApi 2's codelist JSON carries no display setting, as far as the public API
description shows; ASSUMED). :func:`other_codelists` finds the alternatives ``naering sjekk
--rett`` may switch to. Used by :mod:`.check`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from naering_analysis.errors import SSBFormatError, SSBQueryError
from naering_analysis.ssb.catalogue import (
    REGION_DIMENSION,
    TIME_DIMENSION,
    DimensionSpec,
    RegionLevel,
    TableSpec,
)
from naering_analysis.ssb.cells import DimensionInfo, codelist_values
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.query import Query, Selection


def codelist_codes(
    codelist: str,
    client: SSBClient,
    found: dict[str, dict[str, Any]],
    lang: str,
    table: str,
) -> tuple[list[str] | None, str]:
    """Return the codes of ``codelist`` (None and a reason when it cannot be read)."""
    try:
        doc = client.codelist(codelist, lang, table=table)
        values = codelist_values(doc, codelist)
    except (SSBQueryError, SSBFormatError) as exc:
        return None, str(exc).splitlines()[0]
    found[codelist] = doc
    return [code for code, _ in values], ""


def codelist_labels(doc: Mapping[str, Any]) -> dict[str, str]:
    """Return ``code → label`` of a codelist document."""
    return {
        str(v.get("code")): str(v.get("label", ""))
        for v in doc.get("values") or []
        if isinstance(v, dict)
    }


def members(doc: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Return ``group code → member codes`` of a codelist document (its ``valueMap``)."""
    out = {}
    for value in doc.get("values") or []:
        if isinstance(value, dict) and "code" in value:
            code = str(value["code"])
            out[code] = tuple(map(str, value.get("valueMap") or [code]))
    return out


def fits(dim: DimensionSpec, codes: list[str]) -> bool:
    """Return True when a codelist's codes are what the catalogue needs for ``dim``.

    Every value the catalogue asks for is there and, for a ``complete`` dimension, nothing else
    but its declared totals (otherwise the catalogue would miss categories).
    """
    if not set(dim.values) <= set(codes):
        return False
    return not dim.complete or set(codes) <= set(dim.values) | set(dim.totals)


def probe(
    spec: TableSpec,
    dim_id: str,
    codelist: str,
    values: tuple[str, ...],
    client: SSBClient,
    lang: str,
    kommune: str,
) -> list[str] | None:
    """Ask SSB for a small answer through ``codelist``; return the codes it answers with.

    One municipality, the last period, ``values`` of ``dim_id`` through ``codelist``. PxWebApi 2
    decides from the codelist's own display setting whether it answers with the groups or with
    their members, and (as far as the public API description shows: a codelist's JSON has
    ``id``, ``label``, ``type``, ``values`` with ``valueMap``, and no display setting; ASSUMED)
    only an answer shows which. None when SSB refuses the query.
    """
    query = spec.query(kommune=kommune)
    part = query.parts[0] if spec.flow_dimensions is not None else query.part("municipality")
    selections = []
    for name, selection in part.query.selections:
        if name in spec.geo_dimensions:
            selection = Selection(selection.value_codes[:1], selection.codelist)
        elif name == TIME_DIMENSION:
            selection = Selection(("top(1)",), None)
        elif name == dim_id:
            selection = Selection(values, codelist)
        selections.append((name, selection))
    try:
        doc = client.data(spec.id, Query(tuple(selections)), lang).dataset
        category = doc["dimension"][dim_id]["category"]
    except (SSBQueryError, SSBFormatError, KeyError, TypeError):
        return None
    index = category.get("index") or category.get("label") or {}
    return [str(code) for code in index]


def probe_region(
    spec: TableSpec,
    level: RegionLevel,
    codelist: str,
    code: str,
    client: SSBClient,
    lang: str,
    kommune: str,
    dim_id: str = REGION_DIMENSION,
) -> list[str] | None:
    """Ask SSB for one region ``code`` of a level through ``codelist``; return what it answers.

    The level's own query part, the last period only. A codelist set to display single values
    answers with the members (``3101``, ``3103`` …) instead of the group (``F-31``). For a flow
    table ``dim_id`` is one end (``Bokommuen``) and the other end asks for the kommune only, so
    the answer stays one cell per code. None when SSB refuses the query.
    """
    query = spec.query(kommune=kommune)
    part = query.parts[0] if spec.flow_dimensions is not None else query.part(level)
    selections = []
    for name, selection in part.query.selections:
        if name == dim_id:
            selection = Selection((code,), codelist)
        elif name in spec.geo_dimensions:
            selection = Selection(selection.value_codes[:1], selection.codelist)
        elif name == TIME_DIMENSION:
            selection = Selection(("top(1)",), None)
        selections.append((name, selection))
    try:
        doc = client.data(spec.id, Query(tuple(selections)), lang).dataset
        category = doc["dimension"][dim_id]["category"]
    except (SSBQueryError, SSBFormatError, KeyError, TypeError):
        return None
    index = category.get("index") or category.get("label") or {}
    return [str(c) for c in index]


def shows_groups(
    spec: TableSpec,
    dim: DimensionSpec,
    codelist: str,
    doc: Mapping[str, Any],
    client: SSBClient,
    lang: str,
    kommune: str,
) -> tuple[bool | None, list[str]]:
    """Return whether ``codelist`` answers with the catalogue's groups, and what it answered.

    A codelist whose every ``valueMap`` is the code itself cannot differ: True without a request.
    """
    mapped = members(doc)
    if all(mapped.get(code, (code,)) == (code,) for code in dim.values):
        return True, []
    answered = probe(spec, dim.id, codelist, dim.values, client, lang, kommune)
    if answered is None:
        return None, []
    return set(answered) <= set(dim.values) | set(dim.totals), answered


def other_codelists(
    spec: TableSpec,
    dim: DimensionSpec,
    info: DimensionInfo,
    client: SSBClient,
    found: dict[str, dict[str, Any]],
    lang: str,
    kommune: str,
) -> list[str]:
    """Return the codelists SSB offers for ``dim`` that give exactly the catalogue's groups."""
    out = []
    for other in info.codelists:
        if other == dim.codelist:
            continue
        codes, _why = codelist_codes(other, client, found, lang, spec.id)
        if codes is None or not fits(dim, codes):
            continue
        groups, _answer = shows_groups(spec, dim, other, found[other], client, lang, kommune)
        if groups:
            out.append(other)
    return out
