"""The newest vintage of a table SSB publishes anew each time (the population projection).

SSB's municipal population projection is a new table every second year (12882 for 2020, 13600
for 2022, 14288 for 2024, 14746 for 2026). A catalogue entry with ``find_by_title``
(:class:`naering_analysis.ssb.catalogue.TitleSearch`) says how to find the newest: one search of
SSB's table list (``GET tables?query=title:Framskrevet folkemengde``,
:meth:`naering_analysis.ssb.client.SSBClient.search_tables`), the hits whose title matches the
pattern, the latest ``firstPeriod`` first. Public code finds the projection the same way
(evensrii/Telemark: the title search, then «(K)» in the label and the latest ``firstPeriod``).
``naering sjekk`` (:mod:`.check`) reports it, blocking nothing.

>>> hits = [
...     {"id": "14288", "label": "14288: Framskrevet folkemengde (K)", "firstPeriod": "2024"},
...     {"id": "14746", "label": "14746: Framskrevet folkemengde (K)", "firstPeriod": "2026"},
...     {"id": "14747", "label": "14747: Framskrevet folkevekst (K)", "firstPeriod": "2026"},
... ]
>>> [hit.id for hit in vintages(hits, "Framskrevet folkemengde.*[(]K[)]")]
['14746', '14288']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Vintage:
    """One table of SSB's list that matches a catalogue entry's title pattern."""

    id: str
    title: str
    first_period: str
    last_period: str

    @property
    def span(self) -> str:
        """Return «2026–2050» (or the first period alone when the last is unknown)."""
        if self.last_period and self.last_period != self.first_period:
            return f"{self.first_period}–{self.last_period}"
        return self.first_period


def _number(text: str) -> int:
    return int(text) if text.isdigit() else -1


def vintages(hits: Iterable[Mapping[str, Any]], pattern: str) -> list[Vintage]:
    """Return the hits whose title matches ``pattern``, newest first.

    Newest means the latest ``firstPeriod``, then the highest table id. A hit marked
    ``discontinued`` is left out; the title is the ``label`` without its ``"NNNNN: "`` prefix.
    """
    wanted = re.compile(pattern, re.IGNORECASE)
    out = []
    for hit in hits:
        hit_id, label = str(hit.get("id") or ""), str(hit.get("label") or "")
        if not hit_id or hit.get("discontinued") is True:
            continue
        title = re.sub(rf"^{re.escape(hit_id)}:\s*", "", label)
        if wanted.search(title):
            first, last = str(hit.get("firstPeriod") or ""), str(hit.get("lastPeriod") or "")
            out.append(Vintage(hit_id, title, first, last))
    return sorted(out, key=lambda v: (_number(v.first_period), _number(v.id)), reverse=True)


def newer_than(found: list[Vintage], table: str, first_period: str) -> Vintage | None:
    """Return the newest vintage when it is newer than the catalogue's ``table``, else None.

    Newer means a later first period, or the same first period under a higher table id.

    >>> v = [Vintage("15200", "Framskrevet folkemengde (K)", "2028", "2052")]
    >>> newer_than(v, "14746", "2026").id, newer_than(v, "15200", "2028")
    ('15200', None)
    """
    if not found or found[0].id == table:
        return None
    top = found[0]
    mine = (_number(first_period), _number(table))
    return top if (_number(top.first_period), _number(top.id)) > mine else None
