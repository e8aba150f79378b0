"""Send one HTTP request to SSB: rate limit, retries with backoff, and errors that explain.

:class:`Transport` wraps a ``requests.Session``. Every attempt first takes a slot from the rate
limiter; 429/502/503/504 answers and connection failures or timeouts are retried (honouring
``Retry-After``) until the :class:`~naering_analysis.ssb.ratelimit.RetryPolicy` gives up with
:class:`SSBUnavailable`. Other error answers raise at once: 400/403/404 (and other 4xx) as
:class:`SSBQueryError` carrying SSB's own message, other 5xx as :class:`SSBUnavailable`.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from naering_analysis import __version__
from naering_analysis.errors import SSBFormatError, SSBQueryError, SSBUnavailable
from naering_analysis.ssb.ratelimit import (
    RetryPolicy,
    Sleep,
    SlidingWindowLimiter,
    default_limiter,
    parse_retry_after,
)

DEFAULT_TIMEOUT = (5.0, 60.0)
_TRANSIENT = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)
_TOO_MANY_CELLS = re.compile(
    r"(?i)too many|too large|for mange|for stor|exceed|overskr|\bcells?\b|\bceller?\b"
)
_LIMIT_HINT = (
    "Spørringen gir for mange celler: SSB tillater høyst 800 000 celler per uttrekk, tomme celler "
    "medregnet. Velg færre verdier eller del spørringen (f.eks. etter Tid)."
)
_HINTS = {
    400: "Sjekk variabel- og verdikodene mot tabellens metadata (tables/{table}/metadata).",
    404: "Tabellen eller kodelisten finnes ikke, eller URL-en er for lang; sjekk tabellnummeret.",
}
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
    30 requests per 60 s; ``sleep`` is used between retries (tests pass a fake).
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
    ) -> None:
        self._owns_session = session is None
        self.session = session if session is not None else requests.Session()
        self.timeout = timeout
        self.limiter = limiter if limiter is not None else default_limiter()
        self.retry = retry if retry is not None else RetryPolicy()
        self._sleep = sleep
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
        last, attempts = "", self.retry.max_attempts
        for attempt in range(1, attempts + 1):
            self.limiter.acquire()
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
                last = describe_failure(exc)
            else:
                if response.status_code < 400:
                    return response
                if response.status_code not in self.retry.retry_statuses:
                    raise refusal(response, table=table, what=what, query=query, url=sent.url)
                last = f"HTTP {response.status_code}"
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if attempt < attempts:
                wait = self.retry.wait_for(attempt, retry_after)
                log.warning(
                    "SSB: %s for %s (forsøk %d av %d); venter %.1f s.",
                    *(last, what, attempt, attempts, wait),
                )
                self._sleep(wait)
        raise SSBUnavailable(
            f"SSB svarte ikke for {what} etter {attempts} forsøk (siste feil: {last}; URL: "
            f"{sent.url}). Prøv igjen senere – v2-tjenesten er tidvis nede om morgenen og i "
            "helgene. I mellomtiden kan du bruke siste øyeblikksbilde i "
            f"data/raw/ssb/{table or '<tabell>'}/."
        )

    def get_json(self, url: str, *, table: str, what: str) -> dict[str, Any]:
        """GET ``url`` and return its JSON object, or raise :class:`SSBFormatError`."""
        response = self.send(SentRequest("GET", url), table=table, what=what)
        try:
            doc: Any = json.loads(response.content)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
            doc = exc
        if not isinstance(doc, dict):
            raise SSBFormatError(
                f"Svaret fra SSB for {what} er ikke et JSON-objekt ({doc}). URL: {url}. "
                "Prøv igjen senere; varer feilen, meld fra til SSB."
            )
        return doc


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
    if status >= 500:
        return SSBUnavailable(
            f"SSB svarte med serverfeil HTTP {status} for {what}: {message}. URL: {url}. Prøv "
            "igjen senere; varer feilen, bruk siste øyeblikksbilde og meld fra til SSB."
        )
    if status == 403 or (status == 400 and _TOO_MANY_CELLS.search(message)):
        hint = _LIMIT_HINT
    else:
        hint = _HINTS.get(status, "Sjekk spørringen.").format(table=table)
    shown = f" Spørring: {json.dumps(query, ensure_ascii=False)[:300]}." if query else ""
    return SSBQueryError(
        f"SSB avviste forespørselen for {what} (HTTP {status}): {message}. {hint}{shown} URL: {url}",
        table=table,
        query=dict(query) if query is not None else None,
        status=status,
    )
