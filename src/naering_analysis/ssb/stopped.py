"""Whether a table has stopped being updated, and which SN2025 table may replace it.

:func:`stopped_reasons` reads SSB's metadata (``updated`` and the last period);
:func:`search_words` turns a catalogue title into words for SSB's table search
(``GET tables?query=…``, :meth:`naering_analysis.ssb.client.SSBClient.search_tables`), and
:func:`successors` picks the hits that look like SN2025 tables. ``naering sjekk``
(:mod:`.check`) says what they find, blocking nothing.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Mapping
from datetime import date
from typing import Any

STALE_MONTHS = 15
"""A table whose metadata ``updated`` is older than this many months seems to have stopped."""

_YEAR = re.compile(r"^\d{4}$")
_SN2025 = re.compile(r"(SN|NACE)\s?2025", re.IGNORECASE)
_SEARCH_SKIP = {"per", "etter", "og", "i", "kvartal", "år", "for", "med", "av", "på"}


def _months_before(day: date, months: int) -> date:
    """Return ``day`` moved back ``months`` calendar months (the day clamped to the month).

    >>> _months_before(date(2027, 5, 31), 15)
    datetime.date(2026, 2, 28)
    """
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def stopped_reasons(metadata: Mapping[str, Any], latest: str | None, today: date) -> list[str]:
    """Return why a table seems to have stopped being updated (empty when it does not).

    Either SSB's ``updated`` is more than :data:`STALE_MONTHS` months before ``today``, or the
    last period is before the year before last (``today.year - 2``).

    >>> meta = {"updated": "2025-06-01T06:00:00Z"}
    >>> stopped_reasons(meta, "2025", date(2027, 3, 1))
    ['SSB oppdaterte den sist 2025-06-01, over 15 måneder før 2027-03-01']
    >>> stopped_reasons(meta, "2023", date(2026, 3, 1))
    ['siste periode er 2023']
    >>> stopped_reasons(meta, "2025", date(2026, 3, 1))
    []
    """
    reasons = []
    stamp = str(metadata.get("updated") or "")
    try:
        updated: date | None = date.fromisoformat(stamp[:10])
    except ValueError:
        updated = None
    if updated is not None and updated < _months_before(today, STALE_MONTHS):
        reasons.append(
            f"SSB oppdaterte den sist {updated.isoformat()}, over {STALE_MONTHS} måneder før "
            f"{today.isoformat()}"
        )
    if latest is not None and _YEAR.match(latest) and int(latest) < today.year - 2:
        reasons.append(f"siste periode er {latest}")
    return reasons


def search_words(title: str) -> str:
    """Return the words of a catalogue title to search SSB's table list with (at most four).

    Parentheses, numbers and small words go; what is left names the statistic.

    >>> search_words("Sysselsatte per 4. kvartal, etter arbeidssted og næring (17 grupper, SN2007)")
    'Sysselsatte arbeidssted næring'
    """
    bare = re.sub(r"\([^)]*\)", " ", title)
    words = [w for w in re.findall(r"[^\W\d_][\w-]*", bare) if w.casefold() not in _SEARCH_SKIP]
    return " ".join(words[:4])


def successors(hits: list[dict[str, Any]], table: str) -> list[tuple[str, str]]:
    """Return ``(id, title)`` of the search hits that look like SN2025 tables (not ``table``).

    A hit counts when its title (``label``) or one of its ``variableNames`` mentions SN2025 or
    NACE2025; a hit marked ``discontinued`` does not.
    """
    out = []
    for hit in hits:
        hit_id, label = str(hit.get("id") or ""), str(hit.get("label") or "")
        names = [str(n) for n in hit.get("variableNames") or [] if isinstance(n, str)]
        if not hit_id or hit_id == table or hit.get("discontinued") is True:
            continue
        if _SN2025.search(label) or any(_SN2025.search(name) for name in names):
            out.append((hit_id, re.sub(rf"^{re.escape(hit_id)}:\s*", "", label)))
    return out
