"""Check a data answer against its catalogue entry before anything is saved.

The JSON-stat reader (:mod:`.jsonstat`) refuses malformed documents; :func:`check_response` refuses
well-formed answers the analysis cannot use: other dimensions than the catalogue's, periods that
are not years (``2026K1``), and counts that are not whole non-negative numbers. ``naering fetch``
calls it for every answer, so a build never meets what it cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from naering_analysis.errors import SSBFormatError
from naering_analysis.ssb.catalogue import TIME_DIMENSION, TableSpec

_YEAR = re.compile(r"^\d{4}$")


def check_response(spec: TableSpec, doc: Mapping[str, Any], level: str = "") -> None:
    """Raise :class:`SSBFormatError` unless a data answer fits the catalogue entry ``spec``.

    The reader has already refused malformed JSON-stat; here the answer must have the table's
    dimensions in its order, yearly periods (``2024``, not ``2026K1``) and counts that are whole,
    non-negative numbers, so a build never meets what it cannot read.
    """
    where = f"Svaret fra SSB for tabell {spec.id}" + (f" ({level})" if level else "")
    fix = (
        "Ingenting er lagret. Kjør `naering sjekk`; prøv igjen senere (tabellene revideres "
        "kl. 05–08), og meld fra til SSB hvis det varer."
    )
    ids = list(doc.get("id") or [])
    if ids != spec.ids:
        raise SSBFormatError(
            f"{where} har dimensjonene {ids}, men katalogen venter {spec.ids}.\n{fix}"
        )
    periods = list(doc["dimension"][TIME_DIMENSION]["category"].get("index") or [])
    odd = [str(p) for p in periods if not _YEAR.match(str(p))]
    if odd:
        raise SSBFormatError(
            f"{where} har perioder som ikke er årstall: {', '.join(odd[:5])}.\n{fix}"
        )
    values = doc.get("value")
    cells = values.values() if isinstance(values, dict) else (values or [])
    bad = [v for v in cells if v is not None and (v < 0 or v != int(v))]
    if bad:
        raise SSBFormatError(
            f"{where} har {len(bad)} verdi(er) som ikke er hele, ikke-negative antall "
            f"(f.eks. {bad[0]!r}).\n{fix}"
        )
