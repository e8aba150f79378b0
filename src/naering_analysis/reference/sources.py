"""The Norwegian source line ("Kilde: SSB, tabell 13470 (hentet 2026-11-26)") from provenance.

Kept apart from the figure style so that the data layer can use it without importing matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from naering_analysis.errors import SchemaError


def _fetch_date(provenance: Mapping[str, Any]) -> str:
    """Return the UTC date (``YYYY-MM-DD``) of a provenance dict's ``fetched_at``."""
    raw = provenance.get("fetched_at")
    if not isinstance(raw, str):
        msg = (
            f"Provenance for table {provenance.get('table')!r} has no 'fetched_at' string (got {raw!r}); "
            "pass the dict from the snapshot's provenance.json."
        )
        raise SchemaError(msg)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        msg = (
            f"Provenance for table {provenance.get('table')!r}: 'fetched_at'={raw!r} is not ISO 8601 (expected e.g. "
            "'2026-11-26T08:15:00Z')."
        )
        raise SchemaError(msg) from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date().isoformat()


def _join_nb(items: list[str]) -> str:
    """Join with commas and a final ``og``: ``['a', 'b', 'c'] -> 'a, b og c'``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def source_line(provenances: Iterable[Mapping[str, Any]]) -> str:
    """Build the Norwegian source line from provenance dicts (keys ``table``, ``fetched_at``).

    Dates are the UTC calendar date of ``fetched_at``, the same date the snapshot folder is
    named after. Tables fetched on different days get one group per date. When any provenance
    is synthetic the line says the numbers are illustrations, not SSB's.

    >>> source_line([{"table": "13470", "fetched_at": "2026-11-26T08:00:00Z"}])
    'Kilde: SSB, tabell 13470 (hentet 2026-11-26)'
    >>> source_line([{"table": "13470", "fetched_at": "2026-11-26T08:00:00Z"},
    ...              {"table": "13472", "fetched_at": "2026-11-26T08:01:00Z"}])
    'Kilde: SSB, tabell 13470 og 13472 (hentet 2026-11-26)'
    """
    by_date: dict[str, list[str]] = {}
    synthetic = False
    for provenance in provenances:
        table = provenance.get("table")
        if not table:
            msg = (
                f"A provenance dict has no 'table' key (keys: {sorted(provenance)}); "
                "pass the dicts from provenance.json or df.attrs['provenance']."
            )
            raise SchemaError(msg)
        tables = by_date.setdefault(_fetch_date(provenance), [])
        if str(table) not in tables:
            tables.append(str(table))
        synthetic = synthetic or bool(provenance.get("synthetic", False))
    if not by_date:
        msg = (
            "No provenance given: every figure and table needs a source. "
            "Pass sources=df.attrs['provenance'] (list of provenance dicts)."
        )
        raise SchemaError(msg)
    verb = "generert" if synthetic else "hentet"
    groups = [
        f"tabell {_join_nb(tables)} ({verb} {day})" for day, tables in sorted(by_date.items())
    ]
    if synthetic:
        return "Kilde: Illustrasjonsdata laget etter mønster av SSB, " + "; ".join(groups)
    return "Kilde: SSB, " + "; ".join(groups)
