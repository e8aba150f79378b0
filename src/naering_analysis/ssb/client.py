"""HTTP client for Statistics Norway's PxWebApi 2 (``https://data.ssb.no/api/pxwebapi/v2/``).

:class:`SSBClient` fetches table metadata and data as JSON-stat 2.0. Before a data request it
counts the cells against the metadata and splits queries over SSB's 800,000-cell limit; it
keeps to 30 requests per 60 s (shared by all clients in the process), waits out 429s, retries
502/503/504 and connection failures with bounded backoff (a 500 once), all within one deadline
per table (10 minutes from the table's first request; :meth:`SSBClient.new_deadline`), uses POST when a GET URL would pass 2,000 characters (SSB answers 404
above about 2,100), and turns SSB's refusals into :class:`SSBQueryError` with SSB's diagnosis.

Example (needs network)::

    with SSBClient() as ssb:
        result = ssb.data("13470", {"Region": {"valueCodes": ["K-3105"],
                                               "codelist": "agg_KommSummer"},
                                    "NACE2007": {"valueCodes": ["*"],
                                                 "codelist": "agg_NACE2007arb11"},
                                    "ContentsCode": ["SysselsatteArb"], "Tid": ["top(2)"]})
"""

from __future__ import annotations

import copy
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests

from naering_analysis.errors import SSBFormatError, SSBQueryError
from naering_analysis.ssb.cells import (
    CodelistValues,
    cell_count,
    codelist_values,
    dimension_extents,
    is_explicit,
    metadata_dimensions,
    split_query,
)
from naering_analysis.ssb.combine import combine_datasets, dumps_dataset
from naering_analysis.ssb.jsonstat import load_jsonstat_document
from naering_analysis.ssb.query import Query, Selection, encode_params
from naering_analysis.ssb.ratelimit import (
    FETCH_DEADLINE_SECONDS,
    Clock,
    Deadline,
    RetryPolicy,
    Sleep,
    SlidingWindowLimiter,
)
from naering_analysis.ssb.transport import DEFAULT_TIMEOUT, SentRequest, Transport

DEFAULT_BASE_URL = "https://data.ssb.no/api/pxwebapi/v2/"
MAX_CELLS = 800_000
MAX_GET_URL_LENGTH = 2_000
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchResult:
    """The outcome of :meth:`SSBClient.data`: raw answers, what was sent, and the dataset.

    ``responses[i]`` is the body of ``requests[i]`` byte for byte, for the part ``queries[i]``;
    ``dataset`` is the single answer parsed, or the parts combined by
    :func:`~naering_analysis.ssb.combine.combine_datasets`. ``cells`` is the planned cell count.
    """

    table: str
    lang: str
    query: Query
    dataset: dict[str, Any]
    responses: list[bytes] = field(repr=False)
    requests: list[SentRequest]
    queries: list[Query]
    cells: int

    @property
    def urls(self) -> list[str]:
        """Return the URL of every request, in order (POST bodies are in ``requests``)."""
        return [sent.url for sent in self.requests]

    @property
    def is_combined(self) -> bool:
        """Return True when the dataset was combined from several requests."""
        return len(self.responses) > 1

    @property
    def title(self) -> str | None:
        """Return the table title (``label``) SSB sent."""
        return self.dataset.get("label")

    @property
    def ssb_updated(self) -> str | None:
        """Return SSB's ``updated`` time stamp (the latest of the parts)."""
        return self.dataset.get("updated")

    def data_bytes(self) -> bytes:
        """Return ``data.json``: the single response as received, or the combination."""
        return self.responses[0] if not self.is_combined else dumps_dataset(self.dataset)

    def query_record(self) -> dict[str, Any] | list[dict[str, Any]]:
        """Return the query for provenance: one dict, or one dict per request."""
        records = [part.to_dict() for part in self.queries]
        return records[0] if len(records) == 1 else records


class SSBClient:
    """Client for SSB's PxWebApi 2; see the module docstring for what it takes care of.

    Parameters
    ----------
    base_url
        API root; tests point it at a local server.
    session
        A ``requests.Session`` to use (the client makes and owns one if not given).
    timeout
        ``(connect, read)`` timeouts in seconds.
    limiter, retry, sleep, clock
        Rate limiter (default: the process-wide one), backoff policy, and the sleep and
        monotonic clock used between retries; tests inject fakes so no real time passes.
    max_cells, max_url_length
        SSB's cell limit per request and the longest GET URL before falling back to POST.
    deadline_seconds
        The time limit of one table's requests, from the first of them; a fetch calls
        :meth:`SSBClient.new_deadline` before each table.
    notify
        Receives Norwegian progress lines while a 429 is waited out (the CLI prints them).
    retry_offline
        With False, a first attempt that shows there is no network (DNS failure, connection
        refused) raises at once instead of being retried (``naering sjekk``: «ingen nettilgang»
        within a second or two rather than after some 15 s of retries).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        limiter: SlidingWindowLimiter | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep = time.sleep,
        max_cells: int = MAX_CELLS,
        max_url_length: int = MAX_GET_URL_LENGTH,
        user_agent: str | None = None,
        clock: Clock = time.monotonic,
        deadline_seconds: float = FETCH_DEADLINE_SECONDS,
        notify: Callable[[str], None] | None = None,
        retry_offline: bool = True,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.transport = Transport(
            session=session,
            timeout=timeout,
            limiter=limiter,
            retry=retry,
            sleep=sleep,
            user_agent=user_agent,
            deadline=Deadline(deadline_seconds, clock=clock),
            notify=notify,
            retry_offline=retry_offline,
        )
        self.max_cells = max_cells
        self.max_url_length = max_url_length
        self._metadata: dict[tuple[str, str], dict[str, Any]] = {}
        self._codelists: dict[tuple[str, str], CodelistValues | None] = {}
        self._codelist_docs: dict[tuple[str, str], dict[str, Any]] = {}

    def __enter__(self) -> SSBClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP session if the client created it."""
        self.transport.close()

    def new_deadline(self) -> None:
        """Give the next requests a fresh deadline (a fetch calls this before each table)."""
        self.transport.deadline.restart()

    def metadata(self, table: str, lang: str = "no") -> dict[str, Any]:
        """Return the table's metadata (JSON-stat 2.0 form); fetched once per client and table."""
        return copy.deepcopy(self._metadata_doc(_table_id(table), _lang(lang)))

    def codelist(self, codelist: str, lang: str = "no", *, table: str = "") -> dict[str, Any]:
        """Return a codelist document from ``codelists/{id}`` (fetched once per client)."""
        key = (codelist, _lang(lang))
        if key not in self._codelist_docs:
            url = f"{self.base_url}codelists/{quote(codelist, safe='')}?lang={key[1]}"
            what = f"kodelisten {codelist}"
            self._codelist_docs[key] = self.transport.get_json(url, table=table, what=what)
        return copy.deepcopy(self._codelist_docs[key])

    def search_tables(
        self, query: str, lang: str = "no", *, table: str = ""
    ) -> list[dict[str, Any]]:
        """Return the hits of SSB's table search ``GET tables?query=...&lang=...`` (one request).

        What is confirmed and what assumed about PxWebApi 2's ``/tables``:

        - Confirmed: ``GET tables?query=<words>&lang=<lang>`` searches the table list; public code
          against SSB's v2 uses it (e.g. ``tables?query=title:Framskrevet folkemengde`` for the
          newest population projection, ``tables?query=sykefravær``), and against SCB's
          (``tables?query=DeSO&lang=en``, paged 20 a page). The answer is an object with
          ``tables``, each hit with ``id``, ``label`` (``"NNNNN: title"``), ``updated``,
          ``firstPeriod``, ``lastPeriod``, ``variableNames`` (dimension *labels*, e.g.
          ``"næring (SN2025)"``), ``discontinued`` and ``links``, and a ``page`` object
          (janbrus/pxwebapi-skills ``references/json-stat2.md``: ``firstPeriod``, ``lastPeriod``
          and ``discontinued`` are fields of the search hit; a public TypeScript description
          of the v2 answer based on PxTools/PxApiSpecs ``specs.md``).
        - Assumed: how several words combine (the search is free text; SSB ranks the hits),
          and that ``pageSize`` (PxApiSpecs' paging parameter) is honoured; only the first page
          is read.
        """
        params = [("query", query), ("lang", _lang(lang)), ("pageSize", "100")]
        url = f"{self.base_url}tables?{encode_params(params)}"
        doc = self.transport.get_json(url, table=table, what="SSBs tabelliste (søk)")
        hits = doc.get("tables")
        if not isinstance(hits, list):
            raise SSBFormatError(
                "Svaret fra SSBs tabellsøk har ingen liste «tables».",
                verbose=f"URL: {url}",
            )
        return [hit for hit in hits if isinstance(hit, dict)]

    def plan(self, table: str, query: Query | Mapping[str, Any], lang: str = "no") -> list[Query]:
        """Return the request parts ``query`` will be sent as (one unless it must be split)."""
        return self._plan(_table_id(table), _as_query(query), lang)[0]

    def count_cells(self, table: str, query: Query | Mapping[str, Any], lang: str = "no") -> int:
        """Return how many cells ``query`` asks for, counted from the metadata."""
        return self._plan(_table_id(table), _as_query(query), lang)[1]

    def data(self, table: str, query: Query | Mapping[str, Any], lang: str = "no") -> FetchResult:
        """Fetch ``query`` from ``table`` as JSON-stat 2.0, split and combined when needed."""
        table, query, lang = _table_id(table), _as_query(query), _lang(lang)
        parts, cells = self._plan(table, query, lang)
        raws, sent, docs = [], [], []
        for part in parts:
            raw, request, doc = self._fetch_part(table, part, lang)
            raws.append(raw)
            sent.append(request)
            docs.append(doc)
        try:
            dataset = docs[0] if len(docs) == 1 else combine_datasets(docs)
        except SSBFormatError as exc:
            raise SSBFormatError(
                f"Delsvarene for tabell {table} kan ikke kombineres: {exc}"
            ) from exc
        return FetchResult(table, lang, query, dataset, raws, sent, list(parts), cells)

    def _metadata_doc(self, table: str, lang: str) -> dict[str, Any]:
        key = (table, lang)
        if key not in self._metadata:
            url = f"{self.base_url}tables/{table}/metadata?lang={lang}&outputFormat=json-stat2"
            doc = self.transport.get_json(url, table=table, what=f"tabell {table} (metadata)")
            metadata_dimensions(doc, table)  # validates the shape before it is cached
            self._metadata[key] = doc
        return self._metadata[key]

    def _plan(self, table: str, query: Query, lang: str) -> tuple[list[Query], int]:
        dims = metadata_dimensions(self._metadata_doc(table, lang), table)
        lists: dict[str, CodelistValues | None] = {}
        for dim, sel in query.selections:
            info = dims.get(dim)
            if sel.codelist is None or info is None:
                continue
            if info.codelists and sel.codelist not in info.codelists:
                raise SSBQueryError(
                    f"Kodelisten {sel.codelist} finnes ikke for variabelen {dim} i tabell {table}; "
                    f"tilgjengelige er {list(info.codelists)}.",
                    table=table,
                    query=query.to_dict(),
                )
            if _needs_values(sel):
                lists[sel.codelist] = self._codelist_values(sel.codelist, lang, table)
        extents = dimension_extents(query, dims, lists, table)
        return split_query(query, extents, self.max_cells, table), cell_count(extents)

    def _codelist_values(self, codelist: str, lang: str, table: str) -> CodelistValues | None:
        key = (codelist, lang)
        if key not in self._codelists:
            try:
                self._codelists[key] = codelist_values(
                    self.codelist(codelist, lang, table=table), codelist
                )
            except (SSBQueryError, SSBFormatError) as exc:
                log.warning(
                    "Kodelisten %s kunne ikke hentes (%s); teller valgene som de står.",
                    codelist,
                    exc,
                )
                self._codelists[key] = None
        return self._codelists[key]

    def _fetch_part(
        self, table: str, part: Query, lang: str
    ) -> tuple[bytes, SentRequest, dict[str, Any]]:
        data_url = f"{self.base_url}tables/{table}/data?"
        url = data_url + encode_params(part.get_params(lang))
        if len(url) <= self.max_url_length:
            sent = SentRequest("GET", url)
        else:
            url = data_url + encode_params([("lang", lang), ("outputFormat", "json-stat2")])
            sent = SentRequest("POST", url, part.post_body())
        response = self.transport.send(
            sent, table=table, what=f"tabell {table}", query=part.to_dict()
        )
        try:
            doc = load_jsonstat_document(response.content)
        except SSBFormatError as exc:
            raise SSBFormatError(
                f"Svaret fra SSB for tabell {table} er ikke gyldig JSON-stat 2.0.\n{exc}\n"
                "Prøv igjen senere (tabellene revideres kl. 05–08); varer feilen, bruk siste "
                "øyeblikksbilde og meld fra til SSB. Ingenting er lagret.",
                verbose=f"{sent.method} {sent.url}",
            ) from exc
        return response.content, sent, doc


def _needs_values(sel: Selection) -> bool:
    """Return True when counting ``sel`` needs the codelist's values (not just the list)."""
    return not all(map(is_explicit, sel.value_codes))


def _table_id(table: str) -> str:
    """Return a checked table id (SSB's are five digits, e.g. ``"13470"``)."""
    if not isinstance(table, str) or not re.fullmatch(r"[A-Za-z0-9_]{1,30}", table):
        raise SSBQueryError(
            f"Ugyldig tabellnummer {table!r}; bruk SSBs tabellnummer som tekst, f.eks. '13470'.",
            table=str(table),
        )
    return table


def _lang(lang: str) -> str:
    """Return a checked language code (``"no"`` or ``"en"`` at SSB)."""
    if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2}", lang):
        raise SSBQueryError(f"Ugyldig språkkode {lang!r}; bruk 'no' eller 'en'.")
    return lang


def _as_query(query: Query | Mapping[str, Any]) -> Query:
    """Accept a :class:`Query` or the dict form :meth:`Query.from_dict` reads."""
    return query if isinstance(query, Query) else Query.from_dict(query)
