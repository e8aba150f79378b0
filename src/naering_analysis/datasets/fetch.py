"""Fetch the catalogue's tables from SSB and save them as immutable snapshots.

One table's default query has one part per region level (municipalities through
``agg_KommSummer``, the county, the country). Every HTTP response is kept byte for byte; the parts
are combined into ``data.json`` (see ``docs/CONTRACTS.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from naering_analysis.config import paths
from naering_analysis.snapshots import SaveResult, save_snapshot
from naering_analysis.ssb.catalogue import load_table, table_ids
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.combine import combine_datasets, dumps_dataset

#: Norwegian names of the query parts, for progress messages.
LEVEL_NAMES = {"municipality": "kommunene", "county": "fylket", "country": "hele landet"}


@dataclass(frozen=True)
class FetchedTable:
    """One fetched table: the snapshot folder, whether it was new, and the number of requests."""

    table: str
    result: SaveResult
    requests: int
    cells: int


def fetch_table(
    table: str,
    *,
    kommune: str = "3105",
    neighbours: list[str] | None = None,
    client: SSBClient | None = None,
    root: Path | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    progress: Callable[[str], None] = lambda _msg: None,
) -> FetchedTable:
    """Fetch ``table`` for ``kommune`` (and its comparison regions) and save a snapshot.

    Raises :class:`~naering_analysis.errors.SSBQueryError` or
    :class:`~naering_analysis.errors.SSBUnavailable` from the client; nothing is saved then.
    """
    spec = load_table(table)
    query = spec.query(kommune=kommune, neighbours=neighbours)
    own_client = client is None
    ssb = client or SSBClient()
    try:
        results = []
        for part in query.parts:
            progress(f"  {table}: henter {LEVEL_NAMES.get(part.level, part.level)} …")
            results.append(ssb.data(table, part.query))
    finally:
        if own_client:
            ssb.close()
    responses = [body for r in results for body in r.responses]
    urls = [url for r in results for url in r.urls]
    # Same shape as the demo's provenance: the region level and the selection of each request.
    queries = [
        {"level": part.level, "selection": q.to_dict()}
        for part, r in zip(query.parts, results, strict=True)
        for q in r.queries
    ]
    docs = [r.dataset for r in results]
    combined = dumps_dataset(combine_datasets(docs)) if len(responses) > 1 else None
    saved = save_snapshot(
        table,
        responses,
        urls=urls,
        query=queries if len(queries) > 1 else queries[0],
        fetched_at=now(),
        synthetic=False,
        combined=combined,
        note=f"Standardspørring for kommune {query.kommune} med {', '.join(query.neighbours)}.",
        root=root or paths().raw,
    )
    return FetchedTable(table, saved, len(responses), sum(r.cells for r in results))


def fetch_tables(
    tables: Sequence[str] = (),
    *,
    kommune: str = "3105",
    client: SSBClient | None = None,
    root: Path | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
) -> list[FetchedTable]:
    """Fetch several tables (default: the whole catalogue) in order, reporting progress."""
    wanted = list(tables) or table_ids()
    for table in wanted:
        load_table(table)  # unknown tables fail before any request is sent
    fetched = []
    for number, table in enumerate(wanted, start=1):
        progress(f"[{number}/{len(wanted)}] Tabell {table}: {load_table(table).title}")
        fetched.append(
            fetch_table(table, kommune=kommune, client=client, root=root, progress=progress)
        )
    return fetched
