"""Check the catalogue against SSB, fetch its tables, and save them as immutable snapshots.

One table's default query has one part per region level (municipalities through a summed
codelist, the county, the country). Every HTTP response is kept byte for byte; the parts are
combined into ``data.json`` (see ``docs/CONTRACTS.md``).

A fetch runs in three steps and writes nothing until the last:

1. **check**: ``naering sjekk``'s comparison of each table's ``/metadata`` with its YAML file
   (:func:`check_tables`); a blocking difference (a new industry code, a renamed codelist) stops
   the fetch before any data is asked for;
2. **download**: every table's responses are fetched into memory and checked against the
   catalogue and the query part sent (:func:`~naering_analysis.ssb.validate.check_response`:
   the table id, dimension ids, periods from the table's ``first_period``, exactly the codes
   asked for, plain counts), so a wrong table or a code nobody asked for is refused here;
3. **publish**: the snapshots are saved. A multi-table fetch is all-or-nothing: when a table
   fails in step 1 or 2 nothing is written, and when a save fails in step 3 the folders this
   fetch already wrote are removed again, so ``data/raw`` never mixes a half-finished fetch.
   Damaged snapshot folders of the fetched tables are then named (once) and left alone.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from naering_analysis.config import paths
from naering_analysis.errors import NaeringError, SSBFormatError
from naering_analysis.snapshots import SaveResult, report_damaged, save_metadata, save_snapshot
from naering_analysis.ssb.catalogue import (
    TableQuery,
    TableSpec,
    load_table,
    override_in_use,
    package_text,
    table_ids,
)
from naering_analysis.ssb.check import TableCheck, check_table
from naering_analysis.ssb.client import DEFAULT_BASE_URL, FetchResult, SSBClient
from naering_analysis.ssb.combine import combine_datasets, dumps_dataset
from naering_analysis.ssb.override import shown, write_override
from naering_analysis.ssb.validate import PART_NAMES, check_response

SSB_URL_ENV = "NAERING_SSB_URL"
"""Environment variable naming another PxWebApi 2 root (a mirror); ``--ssb-url`` overrides it."""

OSLO = ZoneInfo("Europe/Oslo")
REVISION_HOURS = (5, 8)
"""SSB revises its tables between 05:00 and 08:00 Norwegian time; values can then read 0 or «.»."""

#: Norwegian names of the query parts, for progress messages.
LEVEL_NAMES = PART_NAMES
Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    """Say nothing: the default progress (a caller that passes its own sees every line)."""


class CatalogueMismatch(NaeringError):
    """SSB's metadata differs from the catalogue in a way that would make a fetch wrong.

    With ``shown`` the difference lines were already printed (``naering fetch`` prints each
    table's check as it goes), so the message names the tables and points up to them instead of
    printing every line a second time.
    """

    def __init__(self, checks: Sequence[TableCheck], *, shown: bool = False):
        tables = ", ".join(check.table for check in checks if check.blocking)
        head = (
            f"SSB har endret tabell {tables}, og katalogen må rettes før noe hentes; ingenting "
            "er lagret."
        )
        if shown:
            detail = (
                "Forskjellene står over, hver med nøkkelen i tabellfila som skal rettes. Kjør "
                "`naering sjekk` for å se dem igjen."
            )
        else:
            detail = "\n".join(
                line for check in checks if check.blocking for line in check.lines(found=False)
            )
        super().__init__(f"{head}\n{detail}")
        self.checks = tuple(checks)


@dataclass(frozen=True)
class FetchedTable:
    """One fetched table: the snapshot folder, whether it was new, and the number of requests."""

    table: str
    result: SaveResult
    requests: int
    cells: int


class Fetched(list[FetchedTable]):
    """The tables a fetch saved, and (``--bare-godkjente``) the checks of those it left out."""

    def __init__(self, items: Sequence[FetchedTable], left_out: Sequence[TableCheck] = ()):
        super().__init__(items)
        self.left_out = tuple(left_out)


@dataclass(frozen=True)
class _Download:
    """One table's answers, held in memory until every table has been fetched."""

    spec: TableSpec
    query: TableQuery
    results: list[FetchResult]


def oslo_now() -> datetime:
    """Return the time now in Norway (``naering fetch`` reads it; tests replace it)."""
    return datetime.now(OSLO)


def revision_warning(when: datetime) -> str | None:
    """Return the warning for a fetch inside SSB's revision window (05–08 Norwegian time).

    >>> revision_warning(datetime(2027, 3, 1, 5, 30, tzinfo=UTC))  # 06:30 in Oslo (CET)
    'Klokka er 06:30 norsk tid: SSB reviderer tabellene mellom kl. 05 og 08, og tall kan da vises som 0 eller «.».'
    >>> revision_warning(datetime(2027, 7, 1, 6, 0, tzinfo=UTC)) is None  # 08:00 in summer
    True
    """
    local = when.astimezone(OSLO)
    start, end = REVISION_HOURS
    if not start <= local.hour < end:
        return None
    return (
        f"Klokka er {local:%H:%M} norsk tid: SSB reviderer tabellene mellom kl. {start:02d} og "
        f"{end:02d}, og tall kan da vises som 0 eller «.»."
    )


def ssb_base_url(url: str | None = None) -> str:
    """Return the API root: ``url``, else ``$NAERING_SSB_URL``, else SSB's own."""
    chosen = url or os.environ.get(SSB_URL_ENV) or DEFAULT_BASE_URL
    if not chosen.startswith(("http://", "https://")):
        raise NaeringError(
            f"SSB-adressen {chosen!r} er ikke en http(s)-URL. Bruk f.eks. "
            f"--ssb-url {DEFAULT_BASE_URL} (eller {SSB_URL_ENV})."
        )
    return chosen


def check_tables(
    tables: Sequence[str] = (),
    *,
    kommune: str = "3105",
    client: SSBClient | None = None,
    root: Path | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    progress: Progress = lambda _msg: None,
    save: bool = True,
    ssb_url: str | None = None,
    details: bool = True,
    fix: bool = False,
) -> list[TableCheck]:
    """Compare each table (default: the whole catalogue) with SSB's metadata, as ``naering sjekk``.

    Prints one headline per table and a line per difference through ``progress``, and with
    ``details`` what SSB's metadata shows (the table's dimension order, codelists, elimination).
    With ``save``, the metadata and codelists SSB sent are kept in
    ``data/raw/ssb/<table>/metadata/``.

    With ``fix`` (``naering sjekk --rett``) the differences SSB's metadata settles are written to
    the user's catalogue override ``katalog/<table>.yaml`` (never the package's table file), the
    change is shown old → new, and the table is checked again with it; the returned check is that
    second one.
    """
    specs = [load_table(table) for table in (list(tables) or table_ids())]
    own = client is None
    # no network at all is said at once, not after some 15 s of retries
    ssb = client or SSBClient(ssb_base_url(ssb_url), notify=progress, retry_offline=False)
    checks = []
    try:
        for spec in specs:
            ssb.new_deadline()  # one deadline per table
            check = check_table(spec, ssb, kommune=kommune)
            for line in check.lines(found=details):
                progress(line)
            in_use = override_in_use(spec.id)
            if in_use is not None:
                progress(f"    Bruker katalogoverstyringen {shown(in_use)} over {check.yaml_file}.")
            if fix and check.fixes:
                check = _settle(spec, check, ssb, kommune, progress, now())
            checks.append(check)
    finally:
        if own:
            ssb.close()
    if save:
        _save_seen(checks, root or paths().raw, now())
    return checks


def _settle(
    spec: TableSpec,
    check: TableCheck,
    ssb: SSBClient,
    kommune: str,
    progress: Progress,
    when: datetime,
) -> TableCheck:
    """Write ``check``'s fixes to the user's override, say old → new, and check again."""
    changes: dict[str, dict[str, dict[str, object]]] = {}
    for item in check.fixes:
        changes.setdefault(item.section, {}).setdefault(item.item, {}).update(item.fields)
    path = write_override(
        spec.id,
        changes,
        [item.line() for item in check.fixes],
        package_text(spec.id),
        made=when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    progress(f"  Rettet i {shown(path)} ({check.yaml_file} er uendret), gammel → ny:")
    for item in check.fixes:
        progress(f"    {item.line()}")
    again = check_table(load_table(spec.id), ssb, kommune=kommune)
    progress("  Sjekket på nytt med rettelsen:")
    for line in again.lines(found=False):
        progress(f"  {line}")
    return again


def _save_seen(checks: Sequence[TableCheck], raw: Path, when: datetime) -> None:
    """Keep the metadata and codelists SSB sent, beside each table's snapshots."""
    for check in checks:
        if check.metadata:
            record = {
                "fetched_at": when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "metadata": check.metadata,
                "codelists": check.codelists,
            }
            save_metadata(check.table, record, fetched_at=when, root=raw)


def fetch_table(
    table: str,
    *,
    kommune: str = "3105",
    neighbours: list[str] | None = None,
    client: SSBClient | None = None,
    root: Path | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    progress: Progress = lambda _msg: None,
    all_municipalities: bool = False,
) -> FetchedTable:
    """Fetch ``table`` for ``kommune`` (and its comparison regions) and save a snapshot.

    ``all_municipalities`` asks a ``national_panel`` table for every municipality (as
    :func:`fetch_tables`).

    This is the download and publish steps for one table, without the metadata check (see
    :func:`fetch_tables`). Raises :class:`~naering_analysis.errors.SSBQueryError`,
    :class:`~naering_analysis.errors.SSBUnavailable` or ``SSBFormatError``; nothing is saved then.
    """
    own = client is None
    ssb = client or SSBClient(ssb_base_url(), notify=progress)
    try:
        download = _download(
            load_table(table),
            kommune,
            neighbours,
            ssb,
            progress,
            all_municipalities=all_municipalities,
        )
    finally:
        if own:
            ssb.close()
    return _publish([download], root or paths().raw, now())[0]


def fetch_tables(
    tables: Sequence[str] = (),
    *,
    kommune: str = "3105",
    client: SSBClient | None = None,
    root: Path | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    progress: Progress = _quiet,
    ssb_url: str | None = None,
    all_municipalities: bool = False,
    only_passing: bool = False,
) -> Fetched:
    """Check, fetch and save several tables (default: the whole catalogue), all or nothing.

    With ``only_passing`` (``naering fetch --bare-godkjente``) a table whose check finds a
    blocking difference is left out and named (the result's ``left_out``), and the others are
    fetched, still all or none of them; when no table passes, nothing is fetched.

    With ``all_municipalities`` (``naering fetch --alle-kommuner``) the tables marked
    ``national_panel`` in the catalogue ask for every current municipality, for the national
    comparison; the others keep their default query.

    Raises :class:`CatalogueMismatch` when SSB's metadata differs from the catalogue in a way that
    would make the fetch wrong; SSB's own errors as in :func:`fetch_table`. Nothing is written
    unless every table was fetched.
    """
    wanted = list(tables) or table_ids()
    specs = [load_table(table) for table in wanted]  # unknown tables fail before any request
    raw = root or paths().raw
    own = client is None
    ssb = client or SSBClient(ssb_base_url(ssb_url), notify=progress)
    try:
        progress("Sjekker tabellene mot SSBs metadata …")
        checks = check_tables(
            wanted, kommune=kommune, client=ssb, progress=progress, save=False, details=False
        )
        left = [check for check in checks if check.blocking]
        if left and (not only_passing or len(left) == len(checks)):
            raise CatalogueMismatch(checks, shown=progress is not _quiet)
        for check in left:
            progress(f"Utelatt (--bare-godkjente): {check.table}, {_why_left_out(check)}")
        specs = [spec for spec in specs if spec.id not in {check.table for check in left}]
        checks = [check for check in checks if not check.blocking]
        downloads = []
        for number, spec in enumerate(specs, start=1):
            progress(f"[{number}/{len(specs)}] Tabell {spec.id}: {spec.title}")
            downloads.append(
                _download(spec, kommune, None, ssb, progress, all_municipalities=all_municipalities)
            )
    finally:
        if own:
            ssb.close()
    when = now()
    fetched = _publish(downloads, raw, when)
    _save_seen(checks, raw, when)
    for spec in specs:
        report_damaged(spec.id, root=raw)  # named once, set aside, never deleted
    return Fetched(fetched, left)


def _why_left_out(check: TableCheck) -> str:
    """Return the first blocking difference of a table left out, shortly, in Norwegian."""
    count = len(check.blocking)
    first = check.blocking[0].line()
    more = f" (og {count - 1} til)" if count > 1 else ""
    return f"fordi sjekken fant avvik: {first}{more}"


def _download(
    spec: TableSpec,
    kommune: str,
    neighbours: list[str] | None,
    ssb: SSBClient,
    progress: Progress,
    *,
    all_municipalities: bool = False,
) -> _Download:
    """Fetch every part of ``spec``'s default query into memory and check the answers.

    The table gets a deadline of its own (10 minutes from its first request).
    """
    ssb.new_deadline()
    query = spec.query(
        kommune=kommune, neighbours=neighbours, all_municipalities=all_municipalities
    )
    results = []
    for part in query.parts:
        progress(f"  {spec.id}: henter {LEVEL_NAMES.get(part.level, part.level)} …")
        result = ssb.data(spec.id, part.query)
        check_response(spec, result.dataset, part.level, part.query)
        results.append(result)
    return _Download(spec, query, results)


def _publish(downloads: Sequence[_Download], raw: Path, when: datetime) -> list[FetchedTable]:
    """Save every download; if one save fails, remove the folders this call already wrote."""
    done: list[FetchedTable] = []
    try:
        for download in downloads:
            done.append(_save(download, raw, when))
    except BaseException:
        for item in done:
            if item.result.status == "saved":
                _remove(item.result.path)
        raise
    return done


def _save(download: _Download, raw: Path, when: datetime) -> FetchedTable:
    spec, query, results = download.spec, download.query, download.results
    responses = [body for r in results for body in r.responses]
    urls = [url for r in results for url in r.urls]
    # Same shape as the demo's provenance: the region level and the selection of each request.
    queries = [
        {"level": part.level, "selection": q.to_dict()}
        for part, r in zip(query.parts, results, strict=True)
        for q in r.queries
    ]
    try:
        combined = (
            dumps_dataset(
                combine_datasets(
                    [r.dataset for r in results], sparse=spec.flow_dimensions is not None
                )
            )
            if len(responses) > 1
            else None
        )
    except SSBFormatError as exc:
        raise SSBFormatError(
            f"Svarene for tabell {spec.id} passer ikke sammen og lagres ikke.\n{exc}"
        ) from exc
    saved = save_snapshot(
        spec.id,
        responses,
        urls=urls,
        query=queries if len(queries) > 1 else queries[0],
        fetched_at=when,
        synthetic=False,
        combined=combined,
        note=f"Standardspørring for kommune {query.kommune} med {', '.join(query.neighbours)}.",
        root=raw,
    )
    return FetchedTable(spec.id, saved, len(responses), sum(r.cells for r in results))


def _remove(folder: Path) -> None:
    """Remove a snapshot folder this fetch wrote seconds ago (its files are read-only)."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(folder, ignore_errors=True)
