"""Check a data answer against its catalogue entry and its query before anything is saved.

The JSON-stat reader (:mod:`.jsonstat`) refuses malformed documents; :func:`check_response` refuses
well-formed answers the analysis cannot use or that are not what was asked for:

- an answer that says it is another table (``extension.px.tableid`` or the ``label``'s
  ``13472: …``) than the one asked for;
- other dimensions than the catalogue's;
- periods that are not years (``2026K1``), periods before the table's ``first_period`` in the
  catalogue, and periods outside the query's own time selection (``from(2015)``, ``top(n)``);
- codes the query did not ask for, or asked for and did not get: a region nobody asked for (a
  new municipality code), and for 03321 both flow ends; a new industry, sector or content code.
  The comparison is with the query part's own ``valueCodes``, never with the code history in
  :mod:`naering_analysis.reference.regions` (which lets an unknown four-digit code in a current
  county through, for reading old snapshots);
- counts that are not whole non-negative numbers.

``naering fetch`` calls it for every answer, so a build never meets what it cannot read; a refusal
names the table, the query part and the codes, and says what to do.

The dimensions are compared as a set: JSON-stat names every dimension, and without ``heading`` or
``stub`` SSB sends them in the table's own order, which need not be the catalogue's. The reader
(:func:`~naering_analysis.ssb.jsonstat.read_jsonstat`) follows the answer's ``id``, and every later
step reads columns by name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from naering_analysis.errors import SSBFormatError
from naering_analysis.reference.division import current_division
from naering_analysis.ssb.catalogue import TIME_DIMENSION, TableSpec
from naering_analysis.ssb.cells import is_explicit
from naering_analysis.ssb.query import Query

_QUARTER = re.compile(r"^\d{4}K[1-4]$")
_MONTH = re.compile(r"^\d{4}M(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")
_LABEL_TABLE = re.compile(r"^\s*(\d{5})\s*:")
_FROM = re.compile(r"(?i)^from\((\d{4}(?:K[1-4])?)\)$")
_TOP = re.compile(r"(?i)^top\((\d+)\)$")
_PREFIX = re.compile(r"^[KF][-.]")
_SHOWN = 6  # codes named in a message before "og N til"

#: Norwegian names of the query parts, for progress messages and refusals.
PART_NAMES = {
    "municipality": "kommunene",
    "county": "fylket",
    "country": "hele landet",
    "home_region": "pendlingen fra regionen",
    "work_region": "pendlingen til regionen",
}

_FIX = (
    "Ingenting er lagret. Kjør `naering sjekk`; prøv igjen senere (tabellene revideres "
    "kl. 05–08), og meld fra til SSB hvis det varer."
)


def check_response(
    spec: TableSpec, doc: Mapping[str, Any], level: str = "", query: Query | None = None
) -> None:
    """Raise :class:`SSBFormatError` unless a data answer fits ``spec`` and the ``query`` sent.

    The reader has already refused malformed JSON-stat; here the answer must be the table asked
    for, have the table's dimensions (in any order), periods of the table's kind from its
    ``first_period`` on, and counts that are whole, non-negative numbers. With ``query`` (the
    query part ``level`` that was sent) every dimension must hold exactly the codes it asked for
    (a time expression such as ``from(2015)`` or ``*``: periods it can give).
    """
    where = f"Svaret fra SSB for tabell {spec.id}" + (
        f" (delen «{PART_NAMES.get(level, level)}» av spørringen)" if level else ""
    )
    _check_table_id(spec, doc, where)
    _check_dimensions(spec, doc, where)
    _check_periods(spec, doc, where, query)
    if query is not None:
        _check_codes(spec, doc, where, query)
    _check_values(spec, doc, where)


def _check_table_id(spec: TableSpec, doc: Mapping[str, Any], where: str) -> None:
    """Refuse an answer whose ``extension.px.tableid`` or ``label`` names another table."""
    extension = doc.get("extension")
    px = extension.get("px") if isinstance(extension, Mapping) else None
    said = px.get("tableid") if isinstance(px, Mapping) else None
    label = doc.get("label")
    labelled = _LABEL_TABLE.match(label) if isinstance(label, str) else None
    claims: dict[str, list[str]] = {}  # the other table -> where the answer says so
    if said is not None and str(said) != spec.id:
        claims.setdefault(str(said), []).append(f"extension.px.tableid er {str(said)!r}")
    if labelled and labelled.group(1) != spec.id:
        claims.setdefault(labelled.group(1), []).append(f"label er «{label}»")
    if claims:
        other = " eller ".join(claims)
        how = "; ".join(text for texts in claims.values() for text in texts)
        raise SSBFormatError(
            f"{where} sier at det er tabell {other}, ikke tabell {spec.id} som ble spurt etter "
            f"({how}).\nIngenting er lagret. Sjekk SSB-adressen (--ssb-url eller "
            "NAERING_SSB_URL): et speil eller en mellomtjener kan ha svart med feil tabell. "
            f"Kjør `naering sjekk {spec.id}`; prøv igjen senere, og meld fra til SSB hvis det "
            "varer."
        )


def _check_dimensions(spec: TableSpec, doc: Mapping[str, Any], where: str) -> None:
    ids = [str(dim) for dim in doc.get("id") or []]
    if sorted(ids) == sorted(spec.ids):
        return
    missing = [dim for dim in spec.ids if dim not in ids]
    extra = [dim for dim in ids if dim not in spec.ids]
    what = "; ".join(
        part
        for part in (
            f"mangler {', '.join(missing)}" if missing else "",
            f"har i tillegg {', '.join(extra)}" if extra else "",
        )
        if part
    )
    raise SSBFormatError(
        f"{where} har dimensjonene {', '.join(ids)}, men katalogen venter "
        f"{', '.join(spec.ids)} (i hvilken som helst rekkefølge): svaret {what}.\n{_FIX}"
    )


def _period_kind(spec: TableSpec) -> tuple[re.Pattern[str], str]:
    """Return the period pattern and its Norwegian name from the time dimension's label.

    Quarters (01223: ``2023K4``), months (08551: ``2024M01``) or years.
    """
    label = spec.dimension(TIME_DIMENSION).label
    if label == "kvartal":
        return _QUARTER, "kvartaler (ÅÅÅÅK1–K4)"
    if label == "måned":
        return _MONTH, "måneder (ÅÅÅÅM01–M12)"
    return _YEAR, "årstall"


def _check_periods(
    spec: TableSpec, doc: Mapping[str, Any], where: str, query: Query | None
) -> None:
    """Refuse periods of another kind, before ``first_period``, or outside the time selection."""
    periods = [str(p) for p in _codes(doc, TIME_DIMENSION)]
    pattern, kind = _period_kind(spec)
    odd = [p for p in periods if not pattern.match(p)]
    if odd:
        raise SSBFormatError(f"{where} har perioder som ikke er {kind}: {_listed(odd)}.\n{_FIX}")
    early = [p for p in periods if p < spec.first_period]  # ÅÅÅÅ and ÅÅÅÅK1 sort as text
    if early:
        raise SSBFormatError(
            f"{where} har perioder før tabellens første periode {spec.first_period} "
            f"(first_period i data/tables/{spec.id}.yaml): {_listed(early)}.\nTall fra før en "
            "tabell starter kan være fra en annen kilde eller fra før et brudd i serien. "
            f"Ingenting er lagret. Kjør `naering sjekk {spec.id}`; prøv igjen "
            "senere (tabellene revideres kl. 05–08), og meld fra til SSB hvis det varer."
        )
    selection = query.selection(TIME_DIMENSION) if query is not None else None
    if selection is None or len(selection.value_codes) != 1:
        return
    asked = selection.value_codes[0]
    start, top = _FROM.match(asked), _TOP.match(asked)
    if start and (before := [p for p in periods if p < start.group(1)]):
        raise SSBFormatError(
            f"{where} har perioder før {start.group(1)}, men spørringen ba om Tid = {asked}: "
            f"{_listed(before)}.\n{_FIX}"
        )
    if top and len(periods) > int(top.group(1)):
        raise SSBFormatError(
            f"{where} har {len(periods)} perioder ({periods[0]}–{periods[-1]}), men spørringen "
            f"ba om Tid = {asked}.\n{_FIX}"
        )


def _check_codes(spec: TableSpec, doc: Mapping[str, Any], where: str, query: Query) -> None:
    """Refuse codes the query part did not ask for, and asked-for codes the answer lacks.

    A dimension selected with explicit codes (every region, industry, sector and content code
    of the catalogue's queries) must answer with exactly those; the time dimension is checked by
    :func:`_check_periods`.
    """
    problems = []
    unknown_somewhere = False
    for dim, selection in query.selections:
        if dim == TIME_DIMENSION or dim not in (doc.get("dimension") or {}):
            continue
        asked = list(selection.value_codes)
        if not all(is_explicit(code) for code in asked):
            continue
        got = [str(code) for code in _codes(doc, dim)]
        labels = doc["dimension"][dim]["category"].get("label") or {}
        # Region codes are compared without their codelist prefix: that SSB answers a
        # ``K-3105`` query with ``K-3105`` (not ``3105``) is assumed, not confirmed, and the
        # reader harmonises both forms alike.
        bare = dim in spec.geo_dimensions
        key = (lambda code: _PREFIX.sub("", code)) if bare else (lambda code: code)
        asked_keys, got_keys = {key(code) for code in asked}, {key(code) for code in got}
        extra = [code for code in got if key(code) not in asked_keys]
        missing = [code for code in asked if key(code) not in got_keys]
        if extra:
            unknown = [code for code in extra if not _known(spec, dim, code)]
            known = [code for code in extra if code not in unknown]
            unknown_somewhere |= bool(unknown)
            if unknown:
                problems.append(
                    f"  {dim}: {_listed(unknown, labels)} ble ikke spurt etter, og "
                    f"{_unknown_to(spec, dim)}"
                )
            if known:
                problems.append(f"  {dim}: {_listed(known, labels)} ble ikke spurt etter")
        if missing:
            problems.append(f"  {dim}: mangler {_listed(missing)}, som ble spurt etter")
    if not problems:
        return
    head = f"{where} holder andre koder enn spørringen ba om:"
    advice = (
        "En ny kode (en ny kommune, næring, sektor eller statistikkvariabel) må inn i katalogen "
        "eller kodehistorikken før den kan tas med i tallene. "
        if unknown_somewhere
        else ""
    )
    raise SSBFormatError(
        "\n".join([head, *problems])
        + f"\n{advice}Ingenting er lagret. Kjør `naering sjekk {spec.id}`; prøv igjen senere "
        "(tabellene revideres kl. 05–08), og meld fra til SSB hvis det varer."
    )


def _known(spec: TableSpec, dim: str, code: str) -> bool:
    """Return whether the catalogue (or, for a region, today's division) knows ``code``."""
    if dim in spec.geo_dimensions:
        bare = _PREFIX.sub("", code)
        if len(bare) == 4:
            return bare in current_division().codes
        levels = spec.region_levels.values()
        return any(code in level.values for level in levels)
    declared = spec.dimension(dim)
    return code in declared.categories or code in declared.totals


def _unknown_to(spec: TableSpec, dim: str) -> str:
    """Say, in Norwegian, what does not know a code :func:`_known` refused."""
    if dim in spec.geo_dimensions:
        return "er ikke i dagens kommuneinndeling eller katalogen"
    return f"er ukjent for katalogen (data/tables/{spec.id}.yaml)"


def _codes(doc: Mapping[str, Any], dim: str) -> list[str]:
    """Return ``dim``'s codes in position order (``category.index`` as a list or an object)."""
    index = doc["dimension"][dim]["category"].get("index")
    if isinstance(index, Mapping):
        return sorted(index, key=index.get)  # type: ignore[arg-type]
    if index is None:  # a single category may be given by its label alone
        return list(doc["dimension"][dim]["category"].get("label") or [])
    return list(index)


def _listed(codes: Sequence[str], labels: Mapping[str, Any] | None = None) -> str:
    """Return the first codes (with their labels) and how many more: ``K-3199 (Ny), 04 og 3 til``."""
    shown = [
        f"{code} ({labels[code]})" if labels and labels.get(code) not in (None, code) else code
        for code in codes[:_SHOWN]
    ]
    more = f" og {len(codes) - _SHOWN} til" if len(codes) > _SHOWN else ""
    return ", ".join(shown) + more


def _check_values(spec: TableSpec, doc: Mapping[str, Any], where: str) -> None:
    values = doc.get("value")
    signed = _signed_cells(doc, spec.signed_contents)
    cells = values.items() if isinstance(values, dict) else enumerate(values or [])
    bad = [
        v for i, v in cells if v is not None and (v != int(v) or (v < 0 and int(i) not in signed))
    ]
    if bad:
        raise SSBFormatError(
            f"{where} har {len(bad)} verdi(er) som ikke er hele, ikke-negative antall "
            f"(f.eks. {bad[0]!r}).\n{_FIX}"
        )


def _signed_cells(doc: Mapping[str, Any], signed: tuple[str, ...]) -> set[int]:
    """Return the positions of the cells whose content code may be negative (``signed``)."""
    ids = [str(d) for d in doc.get("id") or []]
    if not signed or "ContentsCode" not in ids:
        return set()
    sizes = [int(n) for n in doc.get("size") or []]
    k = ids.index("ContentsCode")
    codes = _codes(doc, "ContentsCode")
    inner = math.prod(sizes[k + 1 :])
    return {i for i in range(math.prod(sizes)) if codes[(i // inner) % sizes[k]] in signed}
