"""The Norwegian source line ("Kilde: SSB, tabell 13470 (hentet 2026-11-26)") from provenance.

Kept apart from the figure style so that the data layer can use it without importing matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

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


Basis = Literal["real", "synthetic", "mixed"]


def data_basis(provenances: Iterable[Mapping[str, Any]]) -> Basis:
    """Return whether figures rest on real SSB figures, synthetic ones, or both.

    Derived from the provenance of the snapshots actually used (``df.attrs['provenance']``).

    >>> data_basis([{"synthetic": False}, {"synthetic": True}])
    'mixed'
    >>> data_basis([{"synthetic": False, "origin": {}}])
    'real'
    """
    flags = {bool(p.get("synthetic", False)) for p in provenances}
    if flags == {True}:
        return "synthetic"
    return "mixed" if flags == {True, False} else "real"


def _how(provenance: Mapping[str, Any]) -> str:
    """``hentet <date>``, ``generert <date>`` or, for converted real figures, their origin."""
    origin = provenance.get("origin")
    if isinstance(origin, Mapping):
        return f"omregnet fra {origin.get('repository')} {str(origin.get('commit', ''))[:7]}"
    verb = "generert" if provenance.get("synthetic") else "hentet"
    return f"{verb} {_fetch_date(provenance)}"


def source_line(provenances: Iterable[Mapping[str, Any]]) -> str:
    """Build the Norwegian source line from provenance dicts (keys ``table``, ``fetched_at``).

    Dates are the UTC calendar date of ``fetched_at``, the same date the snapshot folder is
    named after. Tables fetched on different days get one group per date. Real figures converted
    from a public copy name the repository and commit instead of a date. Synthetic tables are
    named as illustrations, apart from the real ones, so a figure that combines both says which
    is which.

    >>> source_line([{"table": "13470", "fetched_at": "2026-11-26T08:00:00Z"}])
    'Kilde: SSB, tabell 13470 (hentet 2026-11-26)'
    >>> source_line([{"table": "13470", "fetched_at": "2026-11-26T08:00:00Z"},
    ...              {"table": "13472", "fetched_at": "2026-11-26T08:01:00Z"}])
    'Kilde: SSB, tabell 13470 og 13472 (hentet 2026-11-26)'
    >>> source_line([{"table": "11618", "fetched_at": "2026-12-02T08:00:00Z", "synthetic": False,
    ...               "origin": {"repository": "statisticsnorway/pendling", "commit": "b3d34483cc"}},
    ...              {"table": "13470", "fetched_at": "2026-11-26T08:00:00Z", "synthetic": True}])
    'Kilde: SSB, tabell 11618 (omregnet fra statisticsnorway/pendling b3d3448); illustrasjonsdata laget etter mønster av SSB, tabell 13470 (generert 2026-11-26)'
    """
    groups: dict[bool, dict[str, list[str]]] = {False: {}, True: {}}
    for provenance in provenances:
        table = provenance.get("table")
        if not table:
            msg = (
                f"A provenance dict has no 'table' key (keys: {sorted(provenance)}); "
                "pass the dicts from provenance.json or df.attrs['provenance']."
            )
            raise SchemaError(msg)
        synthetic = bool(provenance.get("synthetic", False))
        tables = groups[synthetic].setdefault(_how(provenance), [])
        if str(table) not in tables:
            tables.append(str(table))
    if not groups[False] and not groups[True]:
        msg = (
            "No provenance given: every figure and table needs a source. "
            "Pass sources=df.attrs['provenance'] (list of provenance dicts)."
        )
        raise SchemaError(msg)

    def listed(by_how: dict[str, list[str]]) -> str:
        return "; ".join(
            f"tabell {_join_nb(tables)} ({how})" for how, tables in sorted(by_how.items())
        )

    if not groups[False]:
        return "Kilde: Illustrasjonsdata laget etter mønster av SSB, " + listed(groups[True])
    line = "Kilde: SSB, " + listed(groups[False])
    if groups[True]:
        line += "; illustrasjonsdata laget etter mønster av SSB, " + listed(groups[True])
    return line
