"""Send one HTTP request to SSB: rate limit, retries with backoff, and errors that explain.

:class:`Transport` wraps a ``requests.Session``. Every attempt first takes a slot from the rate
limiter (which also reads SSB's ``x-ratelimit-*`` headers). 502/503/504 answers and connection
failures or timeouts are retried with backoff (unless ``retry_offline`` is off and the first
attempt shows there is no network at all: a DNS failure or a refused connection); a 500 is retried
once; a 429 waits for
``Retry-After`` or a whole 60 s window (with a countdown) and is retried until the fetch's
:class:`~naering_analysis.ssb.ratelimit.Deadline` (one per table). Other error answers raise at once: 4xx as
:class:`SSBQueryError` carrying SSB's diagnosis (the problem document's ``title``), 5xx as
:class:`SSBUnavailable`. Messages start with a short line; URLs and queries go to ``verbose``.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from naering_analysis import __version__
from naering_analysis.errors import (
    SSBFormatError,
    SSBIncompleteAnswer,
    SSBNotAnswering,
    SSBQueryError,
    SSBUnavailable,
)
from naering_analysis.ssb.ratelimit import (
    SSB_MAX_REQUESTS,
    Deadline,
    RetryPolicy,
    Sleep,
    SlidingWindowLimiter,
    default_limiter,
    parse_retry_after,
)

DEFAULT_TIMEOUT = (5.0, 60.0)
COUNTDOWN_STEP_SECONDS = 10.0
_TRANSIENT = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)
_LIMIT_HINT = (
    "Spørringen gir for mange celler: SSB tillater høyst 800 000 celler per uttrekk, tomme celler "
    "medregnet. Velg færre verdier eller del spørringen (f.eks. etter Tid)."
)
#: SSB's problem titles (lower case) → what the user should do.
_TITLE_HINTS = {
    "too many cells selected": _LIMIT_HINT,
    "non-existent value": (
        "En verdikode finnes ikke i tabellen eller kodelisten. Kjør `naering sjekk` for å se hva "
        "SSB har endret, og rett tabellfila i src/naering_analysis/data/tables/."
    ),
    "non-existent variable": (
        "En variabel finnes ikke i tabellen. Kjør `naering sjekk` og rett dimensjonene i "
        "tabellfila i src/naering_analysis/data/tables/."
    ),
    "non-existent codelist": (
        "Kodelisten finnes ikke for variabelen. Kjør `naering sjekk` for å se kodelistene SSB "
        "tilbyr, og rett codelist i tabellfila i src/naering_analysis/data/tables/."
    ),
    "missing selection for mandantory variable": (
        "En variabel som ikke kan utelates, mangler i spørringen. Kjør `naering sjekk` og legg "
        "den til i tabellfila i src/naering_analysis/data/tables/."
    ),
    "illegal selection for mandantory variable": (
        "Utvalget ga ingen verdier for en variabel som ikke kan utelates. Kjør `naering sjekk`."
    ),
    "illegal selection expression": (
        "Et utvalgsuttrykk er ugyldig. SSB svarer slik når et uttrykk med komma ikke står i "
        "hakeparenteser i GET (skriv [range(2020,2022)]), når from() eller to() nevner en kode "
        "som ikke finnes i tabellen eller kodelisten (f.eks. from(1900)), og når et uttrykk har "
        "mellomrom (skriv top(2,1), ikke top(2, 1)). Kjør `naering sjekk` for å se kodene SSB har."
    ),
    "non-existent table": (
        "Tabellnummeret finnes ikke hos SSB. Sjekk nummeret, eller søk i SSBs tabelliste "
        "(https://www.ssb.no/statbank eller https://data.ssb.no/api/pxwebapi/v2/tables?query=…) "
        "etter tabellen, eller den som har erstattet den."
    ),
}
_HINTS = {
    400: "Sjekk variabel- og verdikodene mot tabellens metadata med `naering sjekk`.",
    404: (
        "Tabellen eller kodelisten finnes ikke hos SSB, eller URL-en er over ca. 2 100 tegn "
        "(SSB svarer da 404). Sjekk tabellnummeret med `naering sjekk`."
    ),
}
_TIMES = (
    "Tabellene revideres mellom kl. 05 og 08 (tall kan da vises som 0 eller «.»), og metadata "
    "oppdateres kl. 05.00 og 11.30, da er tabellene kort utilgjengelige."
)
_RATE_LIMIT = (
    f"SSB tillater {SSB_MAX_REQUESTS} forespørsler per 60 sekunder per IP-adresse, og kolleger "
    "bak samme nett deler grensen."
)
log = logging.getLogger(__name__)


def default_user_agent() -> str:
    """Return the User-Agent sent to SSB, naming the package version and who runs it."""
    return f"naering-analysis/{__version__} (+Sarpsborg kommune næringsanalyse)"


@dataclass(frozen=True)
class SentRequest:
    """One HTTP request as sent: method, full URL and, for POST, the JSON body."""

    method: str
    url: str
    body: dict[str, Any] | None = None


class Transport:
    """Rate-limited, retrying HTTP access to SSB (see the module docstring).

    ``limiter`` defaults to the process-wide limiter, so every client shares SSB's budget of
    30 requests per 60 s; ``sleep`` is used between retries (tests pass a fake); ``deadline``
    bounds one table's requests (restarted per table); ``notify`` receives the countdown while a
    429 is waited out; with ``retry_offline`` off, a first attempt that shows there is no network
    raises at once (see :func:`no_network`).
    """

    def __init__(
        self,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        limiter: SlidingWindowLimiter | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep = time.sleep,
        user_agent: str | None = None,
        deadline: Deadline | None = None,
        notify: Callable[[str], None] | None = None,
        retry_offline: bool = True,
    ) -> None:
        self._owns_session = session is None
        self.retry_offline = retry_offline
        self.session = session if session is not None else requests.Session()
        self.timeout = timeout
        self.limiter = limiter if limiter is not None else default_limiter()
        self.retry = retry if retry is not None else RetryPolicy()
        self._sleep = sleep
        self.deadline = deadline if deadline is not None else Deadline()
        self.notify: Callable[[str], None] = notify or (lambda message: log.warning(message))
        self.headers = {
            "User-Agent": user_agent or default_user_agent(),
            "Accept": "application/json",
        }

    def close(self) -> None:
        """Close the HTTP session if the transport created it."""
        if self._owns_session:
            self.session.close()

    def send(
        self, sent: SentRequest, *, table: str, what: str, query: Mapping[str, Any] | None = None
    ) -> requests.Response:
        """Send ``sent`` and return the successful response, retrying transient failures.

        ``table`` and ``what`` (e.g. ``"tabell 13470"``) name the request in error messages;
        ``query`` is attached to :class:`SSBQueryError`.
        """
        self.deadline.start()
        attempt, failures, last, status = 0, 0, "", None
        silent = False  # the last failure: connected, but no answer came (read timeout)
        broken: str | None = None  # the last failure: a body that is not a whole JSON object
        verbose = _verbose(sent, query)
        while True:
            attempt += 1
            self.limiter.acquire(self.notify)
            retry_after = None
            try:
                response = self.session.request(
                    sent.method,
                    sent.url,
                    json=sent.body,
                    headers=self.headers,
                    timeout=self.timeout,
                )
            except _TRANSIENT as exc:
                last, status, broken = describe_failure(exc), None, None
                silent = isinstance(exc, requests.ReadTimeout)
                if attempt == 1 and not self.retry_offline and no_network(exc):
                    raise SSBUnavailable(
                        f"Ingen nettilgang: SSB kunne ikke nås for {what} ({last}).\n"
                        "Sjekk nettforbindelsen (og en eventuell proxy) og prøv igjen.",
                        verbose=verbose,
                    ) from exc
            else:
                self.limiter.observe(
                    response.headers.get("x-ratelimit-limit"),
                    response.headers.get("x-ratelimit-remaining"),
                )
                status = response.status_code
                silent = False
                if status < 400:
                    broken = unfinished_body(response)
                    if broken is None:
                        return response
                    last, status = broken, None
                elif status not in self.retry.retry_statuses or (
                    status == 500 and attempt >= self.retry.max_500_attempts
                ):
                    raise refusal(response, table=table, what=what, query=query, url=sent.url)
                else:
                    last = f"HTTP {status}"
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if status != 429:
                failures += 1
            if failures >= self.retry.max_attempts:
                break
            wait = self.retry.wait_for(attempt, retry_after, status)
            if wait > self.deadline.remaining():
                raise _deadline_passed(what, table, status, self.deadline.seconds, verbose)
            self._wait(wait, status, what, last)
        if broken is not None:
            raise SSBIncompleteAnswer(
                f"Svaret fra SSB for {what} var ikke et helt JSON-dokument i noen av {attempt} "
                f"forsøk ({broken}).\n{_TIMES} Prøv igjen senere; varer feilen, bruk siste "
                "øyeblikksbilde og meld fra til SSB. Ingenting er lagret.",
                verbose=verbose,
            )
        if silent:
            seconds = f"{self.timeout[1]:g}".replace(".", ",")
            raise SSBNotAnswering(
                f"SSB svarer ikke: forbindelsen til SSB ble opprettet, men svaret for {what} kom "
                f"ikke innen {seconds} s ({last}), {attempt} ganger på rad.\nNettforbindelsen "
                f"virker, så feilen er hos SSB (eller en proxy). {_TIMES} Prøv igjen senere. I "
                f"mellomtiden kan du bruke siste øyeblikksbilde i data/raw/ssb/{table or '<tabell>'}/.",
                verbose=verbose,
            )
        offline = status is None and "fant ikke serveren" in last
        advice = "Sjekk nettforbindelsen (og en eventuell proxy)." if offline else _TIMES
        raise SSBUnavailable(
            f"SSB svarte ikke for {what} etter {attempt} forsøk (siste feil: {last}).\n"
            f"{advice} Prøv igjen senere. I mellomtiden kan du bruke siste øyeblikksbilde i "
            f"data/raw/ssb/{table or '<tabell>'}/.",
            verbose=verbose,
        )

    def _wait(self, seconds: float, status: int | None, what: str, last: str) -> None:
        """Sleep ``seconds``; a long wait after a 429 is shown as a countdown."""
        if status != 429 or seconds <= COUNTDOWN_STEP_SECONDS:
            log.warning("SSB: %s for %s; venter %.1f s.", last, what, seconds)
            self._sleep(seconds)
            return
        left = seconds
        while left > 0:
            self.notify(
                f"  SSBs forespørselsgrense er nådd (HTTP 429); venter {math.ceil(left)} s "
                "før neste forsøk …"
            )
            step = min(COUNTDOWN_STEP_SECONDS, left)
            self._sleep(step)
            left -= step

    def get_json(self, url: str, *, table: str, what: str) -> dict[str, Any]:
        """GET ``url`` and return its JSON object, or raise :class:`SSBFormatError`."""
        response = self.send(SentRequest("GET", url), table=table, what=what)
        try:
            doc: Any = json.loads(response.content)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
            doc = exc
        if response.content.startswith(b"\xef\xbb\xbf") or not isinstance(doc, dict):
            raise SSBFormatError(
                f"Svaret fra SSB for {what} er ikke et gyldig JSON-objekt"
                f"{' (det starter med en BOM)' if not isinstance(doc, Exception) else ''}.\n"
                f"{_TIMES} Prøv igjen senere; varer feilen, meld fra til SSB.",
                verbose=f"URL: {url}\nSvar: {response.content[:300]!r}",
            )
        return doc


def unfinished_body(response: requests.Response) -> str | None:
    """Return why a successful answer is not a whole JSON object, or None when it is.

    Two faults that only a new try can mend: a body cut off (the server closed the connection
    early and sent no ``Content-Length``, so the HTTP layer cannot tell) and an HTML page in place
    of JSON (SSB's maintenance page, or a proxy's). Every PxWebApi 2 endpoint answers JSON.

    >>> cut = requests.Response(); cut._content = b'{"class": "dataset", "value": [1, 2'
    >>> unfinished_body(cut)
    'svaret ble brutt underveis (ufullstendig JSON, 35 byte)'
    >>> page = requests.Response(); page._content = b"<!DOCTYPE html><title>Vedlikehold</title>"
    >>> unfinished_body(page)
    'SSB sendte en nettside i stedet for data (vedlikehold?): Vedlikehold'
    """
    body = response.content
    head = body.lstrip()[:1]
    if head == b"<":
        title = re.search(rb"<title>(.*?)</title>", body, re.IGNORECASE | re.DOTALL)
        name = title.group(1).decode("utf-8", "replace").strip() if title else ""
        return "SSB sendte en nettside i stedet for data (vedlikehold?)" + (
            f": {name[:80]}" if name else ""
        )
    if head not in (b"{", b"["):
        return None  # not JSON at all: the caller's check names it
    try:
        json.loads(body)
    except ValueError:
        return f"svaret ble brutt underveis (ufullstendig JSON, {len(body)} byte)"
    return None


def ssb_message(response: requests.Response) -> str:
    """Return SSB's error message: ``title``/``detail`` of a problem+json body, or its text."""
    text = response.content.decode("utf-8", errors="replace").strip()
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("title", "detail", "message") if body.get(k)]
        errors = body.get("errors")
        if isinstance(errors, dict):
            parts += [f"{k}: {_joined(v)}" for k, v in errors.items()]
        text = " – ".join(dict.fromkeys(parts)) or text
    else:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
    return (text[:500] + " …" if len(text) > 500 else text) or "(tomt svar)"


def _joined(value: Any) -> str:
    """Return a validation message list (``errors`` of a problem+json body) as one line."""
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)


_NO_NETWORK = (
    "NameResolutionError",
    "Name or service not known",
    "Temporary failure in name resolution",
    "nodename nor servname",
    "Connection refused",
    "Network is unreachable",
)


def no_network(exc: BaseException) -> bool:
    """Return True when a failed connection clearly means no network (DNS failure, refused).

    A timeout or a connection broken off midway may pass, so those are not counted.

    >>> no_network(requests.ConnectionError("[Errno 111] Connection refused"))
    True
    >>> no_network(requests.ConnectTimeout("timed out"))
    False
    """
    if isinstance(exc, requests.Timeout | requests.exceptions.ChunkedEncodingError):
        return False
    return isinstance(exc, requests.ConnectionError) and any(m in str(exc) for m in _NO_NETWORK)


def describe_failure(exc: BaseException) -> str:
    """Return a short Norwegian cause for a failed connection (the full chain is too noisy).

    >>> describe_failure(requests.ReadTimeout("read timed out"))
    'tidsavbrudd (ReadTimeout)'
    """
    if isinstance(exc, requests.Timeout):
        return f"tidsavbrudd ({type(exc).__name__})"
    text = str(exc)
    if "NameResolutionError" in text or "Name or service not known" in text:
        return "fant ikke serveren (ingen nettforbindelse eller DNS-feil)"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "svaret ble brutt underveis"
    if "Connection refused" in text:
        return "tilkoblingen ble avvist"
    return f"tilkoblingen feilet ({type(exc).__name__})"


def refusal(
    response: requests.Response,
    *,
    table: str,
    what: str,
    query: Mapping[str, Any] | None,
    url: str,
) -> SSBQueryError | SSBUnavailable:
    """Return the error for an HTTP error answer that is not retried."""
    status, message = response.status_code, ssb_message(response)
    verbose = _verbose(SentRequest("GET", url), query) + f"\nSvar fra SSB: {message}"
    if status == 500 and not response.content.strip():
        return SSBUnavailable(
            f"SSB svarte med serverfeil HTTP 500 uten innhold for {what}, også ved nytt forsøk.\n"
            "SSB svarer slik når samme verdikode står to ganger i ett utvalg (denne klienten "
            f"fjerner slike), og ved forbigående feil. {_TIMES} Prøv igjen senere; varer feilen, "
            "meld fra til SSB.",
            verbose=verbose,
        )
    if status >= 500:
        return SSBUnavailable(
            f"SSB svarte med serverfeil HTTP {status} for {what}: {message}.\n{_TIMES} Prøv "
            "igjen senere; varer feilen, bruk siste øyeblikksbilde og meld fra til SSB.",
            verbose=verbose,
        )
    title = problem_title(response)
    hint = _TITLE_HINTS.get(title.lower()) if title else None
    if hint is None:
        hint = _HINTS.get(status, "Sjekk spørringen med `naering sjekk`.")
    return SSBQueryError(
        f"SSB avviste forespørselen for {what} (HTTP {status}: {message}).\n{hint}",
        table=table,
        query=dict(query) if query is not None else None,
        status=status,
        verbose=verbose,
    )


def problem_title(response: requests.Response) -> str:
    """Return the ``title`` of a problem document (SSB's diagnosis), or ``""``."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return ""
    title = body.get("title") if isinstance(body, dict) else None
    return str(title).strip() if title else ""


def _verbose(sent: SentRequest, query: Mapping[str, Any] | None) -> str:
    """Return the technical detail of a request (shown with ``naering --verbose``)."""
    lines = [f"{sent.method} {sent.url}"]
    if sent.body is not None:
        lines.append(f"POST-innhold: {json.dumps(sent.body, ensure_ascii=False)}")
    if query:
        lines.append(f"Spørring: {json.dumps(query, ensure_ascii=False)}")
    return "\n".join(lines)


def _deadline_passed(
    what: str, table: str, status: int | None, seconds: float, verbose: str
) -> SSBUnavailable:
    """Return the error when the next retry would pass the table's deadline."""
    minutes = round(seconds / 60)
    if status == 429:
        return SSBUnavailable(
            f"SSBs forespørselsgrense er nådd (HTTP 429) for {what}, og hentingen har brukt opp "
            f"fristen på {minutes} minutter per tabell.\n{_RATE_LIMIT} Vent noen minutter (eller "
            "til kollegene er ferdige) og prøv igjen; ingenting er lagret.",
            verbose=verbose,
        )
    return SSBUnavailable(
        f"SSB svarte ikke for {what} innen fristen på {minutes} minutter per tabell.\n"
        f"{_TIMES} Prøv igjen senere; ingenting er lagret. Siste øyeblikksbilde ligger i "
        f"data/raw/ssb/{table or '<tabell>'}/.",
        verbose=verbose,
    )
