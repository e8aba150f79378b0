"""Validate save arguments and build the provenance sidecar (keys fixed in docs/CONTRACTS.md)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from naering_analysis import __version__
from naering_analysis.snapshots.model import (
    LICENCE,
    LICENCE_URL,
    RESPONSES_DIR,
    SOURCE,
    format_utc,
    origin_problems,
    sha256_hex,
)


def json_document(data: bytes, what: str) -> dict[str, Any]:
    """Parse ``data`` as a UTF-8 JSON object; ValueError naming ``what`` otherwise."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(
            f"{what} er ikke gyldig UTF-8 JSON ({exc}); ingenting ble lagret."
        ) from exc
    if not isinstance(document, dict):
        raise ValueError(
            f"{what} er ikke et JSON-objekt (JSON-stat-datasett); ingenting ble lagret."
        )
    return document


def check_inputs(
    responses: list[bytes],
    urls: list[str],
    query: Any,
    combined: bytes | None,
    synthetic: bool,
    generator: str | None,
    origin: dict[str, Any] | None = None,
) -> bytes:
    """Validate the arguments of :func:`save_snapshot`; return the bytes that become data.json."""
    if origin is not None:
        if synthetic:
            raise ValueError(
                "origin gjelder ekte tall omregnet fra en offentlig kopi; et syntetisk snapshot "
                "kan ikke ha origin."
            )
        problems = origin_problems(origin)
        if problems:
            raise ValueError(f"origin {'; '.join(problems)}; ingenting ble lagret.")
    if not responses:
        raise ValueError("save_snapshot trenger minst ett svar (responses er tom).")
    if not all(isinstance(r, bytes) for r in [*responses, combined or b""]):
        raise ValueError("Svarene må gis som bytes, nøyaktig slik SSB sendte dem (ikke str/dict).")
    if len(urls) != len(responses):
        raise ValueError(
            f"urls har {len(urls)} element, men det er {len(responses)} svar; gi én URL per forespørsel."
        )
    if isinstance(query, list) and len(query) != len(responses):
        raise ValueError(
            f"query har {len(query)} element, men det er {len(responses)} svar; gi én spørring per forespørsel."
        )
    if synthetic and not generator:
        raise ValueError(
            "Syntetiske snapshot må oppgi generator (navnet på skriptet som lagde dem)."
        )
    if generator and not synthetic:
        raise ValueError(
            "generator gjelder bare syntetiske snapshot; sett synthetic=True eller fjern generator."
        )
    if len(responses) == 1:
        if combined is not None and combined != responses[0]:
            raise ValueError(
                "Med ett svar er data.json svaret byte for byte; ikke gi et annet 'combined'."
            )
        return responses[0]
    if combined is None:
        raise ValueError(
            "Med flere svar må 'combined' gis (lag det med naering_analysis.ssb.combine.combine_datasets)."
        )
    return combined


def build_provenance(
    table: str,
    data: bytes,
    responses: list[bytes],
    urls: list[str],
    query: Any,
    fetched_at: datetime,
    ssb_updated: str | None,
    title: str,
    synthetic: bool,
    generator: str | None,
    note: str,
    origin: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the provenance dict; ``ssb_updated``/``title`` default to the document's own.

    ``origin`` (only for real figures converted from a public copy rather than fetched from SSB)
    is stored as its own key; fetched and synthetic snapshots have none.
    """
    document = json_document(data, "data.json")
    for number, response in enumerate(responses, start=1):
        json_document(response, f"Svar nr. {number}")
    if ssb_updated is None and isinstance(document.get("updated"), str):
        ssb_updated = document["updated"]
    if not title and isinstance(document.get("label"), str):
        title = document["label"]
    entries = (
        []
        if len(responses) == 1
        else [
            {
                "file": f"{RESPONSES_DIR}/{n:03d}.json",
                "sha256": sha256_hex(r),
                "bytes": len(r),
                "url": u,
            }
            for n, (r, u) in enumerate(zip(responses, urls, strict=True), start=1)
        ]
    )
    provenance = {
        "table": table,
        "title": title,
        "urls": list(urls),
        "query": query,
        "fetched_at": format_utc(fetched_at),
        "ssb_updated": ssb_updated,
        "sha256": sha256_hex(data),
        "bytes": len(data),
        "responses": entries,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "source": SOURCE,
        "package_version": __version__,
        "synthetic": synthetic,
        "generator": generator,
        "note": note,
    }
    if origin is not None:
        provenance["origin"] = origin
    try:
        json.dumps(provenance)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"query kan ikke lagres som JSON ({exc}); bruk dict/list med tekst og tall."
        ) from exc
    return provenance
