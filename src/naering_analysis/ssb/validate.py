"""Check a data answer against its catalogue entry before anything is saved.

The JSON-stat reader (:mod:`.jsonstat`) refuses malformed documents; :func:`check_response` refuses
well-formed answers the analysis cannot use: other dimensions than the catalogue's, periods that
are not years (``2026K1``), and counts that are not whole non-negative numbers. ``naering fetch``
calls it for every answer, so a build never meets what it cannot read.

The dimensions are compared as a set: JSON-stat names every dimension, and without ``heading`` or
``stub`` SSB sends them in the table's own order, which need not be the catalogue's. The reader
(:func:`~naering_analysis.ssb.jsonstat.read_jsonstat`) follows the answer's ``id``, and every later
step reads columns by name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from naering_analysis.errors import SSBFormatError
from naering_analysis.ssb.catalogue import TIME_DIMENSION, TableSpec

_QUARTER = re.compile(r"^\d{4}K[1-4]$")
_YEAR = re.compile(r"^\d{4}$")


def check_response(spec: TableSpec, doc: Mapping[str, Any], level: str = "") -> None:
    """Raise :class:`SSBFormatError` unless a data answer fits the catalogue entry ``spec``.

    The reader has already refused malformed JSON-stat; here the answer must have the table's
    dimensions (in any order), yearly periods (``2024``, not ``2026K1``) and counts that are whole,
    non-negative numbers, so a build never meets what it cannot read.
    """
    where = f"Svaret fra SSB for tabell {spec.id}" + (f" ({level})" if level else "")
    fix = (
        "Ingenting er lagret. Kjør `naering sjekk`; prøv igjen senere (tabellene revideres "
        "kl. 05–08), og meld fra til SSB hvis det varer."
    )
    ids = [str(dim) for dim in doc.get("id") or []]
    if sorted(ids) != sorted(spec.ids):
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
            f"{', '.join(spec.ids)} (i hvilken som helst rekkefølge): svaret {what}.\n{fix}"
        )
    periods = list(doc["dimension"][TIME_DIMENSION]["category"].get("index") or [])
    quarters = spec.dimension(TIME_DIMENSION).label == "kvartal"  # 01223: 2023K4
    pattern, kind = (_QUARTER, "kvartaler (ÅÅÅÅK1–K4)") if quarters else (_YEAR, "årstall")
    odd = [str(p) for p in periods if not pattern.match(str(p))]
    if odd:
        raise SSBFormatError(
            f"{where} har perioder som ikke er {kind}: {', '.join(odd[:5])}.\n{fix}"
        )
    values = doc.get("value")
    signed = _signed_cells(doc, spec.signed_contents)
    cells = values.items() if isinstance(values, dict) else enumerate(values or [])
    bad = [
        v for i, v in cells if v is not None and (v != int(v) or (v < 0 and int(i) not in signed))
    ]
    if bad:
        raise SSBFormatError(
            f"{where} har {len(bad)} verdi(er) som ikke er hele, ikke-negative antall "
            f"(f.eks. {bad[0]!r}).\n{fix}"
        )


def _signed_cells(doc: Mapping[str, Any], signed: tuple[str, ...]) -> set[int]:
    """Return the positions of the cells whose content code may be negative (``signed``)."""
    ids = [str(d) for d in doc.get("id") or []]
    if not signed or "ContentsCode" not in ids:
        return set()
    sizes = [int(n) for n in doc.get("size") or []]
    k = ids.index("ContentsCode")
    codes = list(doc["dimension"]["ContentsCode"]["category"].get("index") or [])
    if isinstance(doc["dimension"]["ContentsCode"]["category"].get("index"), dict):
        order = doc["dimension"]["ContentsCode"]["category"]["index"]
        codes = sorted(order, key=order.get)
    inner = math.prod(sizes[k + 1 :])
    return {i for i in range(math.prod(sizes)) if codes[(i // inner) % sizes[k]] in signed}
