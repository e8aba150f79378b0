"""Keep to SSB's request limit and decide how long to wait before a retry.

SSB allows 30 requests per 60 seconds per IP address (its responses have carried
``x-ratelimit-limit: 40``), so colleagues behind the same municipal gateway share it.
:class:`SlidingWindowLimiter` keeps one process to that budget with a small safety margin, and
follows SSB's ``x-ratelimit-limit``/``x-ratelimit-remaining`` headers when they are present;
every :class:`~naering_analysis.ssb.client.SSBClient` uses the process-wide
:func:`default_limiter` unless it is given another one. :class:`RetryPolicy` holds the bounded
exponential backoff used for 502/503/504 answers and connection failures and the wait after a
429 (``Retry-After``, else a whole window); :class:`Deadline` is the time limit of one table's
requests (a fetch restarts it for every table);
:func:`parse_retry_after` reads the ``Retry-After`` header.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

Clock = Callable[[], float]
Sleep = Callable[[float], None]

SSB_MAX_REQUESTS = 30
SSB_WINDOW_SECONDS = 60.0
SAFETY_MARGIN_SECONDS = 1.0
"""Extra seconds on every window, so clock skew never lets one request too many through."""
FETCH_DEADLINE_SECONDS = 600.0


class SlidingWindowLimiter:
    """Allow at most ``max_calls`` calls in any window of ``period`` seconds (thread-safe).

    :meth:`acquire` records the time of each granted call. When ``max_calls`` calls already lie
    inside the last ``period + margin`` seconds it sleeps until the oldest of them leaves that
    window. The lock is held while sleeping, so waiting threads are served one by one in arrival
    order. :meth:`observe` takes SSB's rate-limit headers into account.

    Parameters
    ----------
    max_calls, period
        The budget: calls per window and the window length in seconds.
    margin
        Seconds added to the window (default 1 s), so 31 calls never land inside 60 s.
    clock, sleep
        A monotonic clock and a sleep function; tests inject a fake pair so no real time passes.

    Examples
    --------
    >>> now = [0.0]
    >>> limiter = SlidingWindowLimiter(2, 60.0, margin=0.5, clock=lambda: now[0],
    ...                                sleep=lambda s: now.__setitem__(0, now[0] + s))
    >>> [limiter.acquire() for _ in range(3)]
    [0.0, 0.0, 60.5]
    """

    def __init__(
        self,
        max_calls: int = SSB_MAX_REQUESTS,
        period: float = SSB_WINDOW_SECONDS,
        *,
        margin: float = SAFETY_MARGIN_SECONDS,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        if max_calls < 1 or period <= 0 or margin < 0:
            raise ValueError(
                f"SlidingWindowLimiter trenger max_calls >= 1, period > 0 og margin >= 0, "
                f"fikk max_calls={max_calls}, period={period}, margin={margin}."
            )
        self.max_calls = max_calls
        self.period = float(period) + float(margin)
        self._clock = clock
        self._sleep = sleep
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self, notify: Callable[[str], None] | None = None) -> float:
        """Wait until a call is allowed, record it, and return the seconds spent waiting.

        ``notify`` is told (in Norwegian) before a wait of more than 5 s, so a user sees why.
        """
        waited = 0.0
        with self._lock:
            while True:
                now = self._clock()
                # the same expression decides expiry and the pause, so the pause is always > 0
                while self._calls and self._calls[0] + self.period <= now:
                    self._calls.popleft()
                if len(self._calls) < self.max_calls:
                    self._calls.append(now)
                    return waited
                pause = self._calls[0] + self.period - now
                if notify is not None and pause > 5.0:
                    notify(
                        f"  Venter {pause:.0f} s på SSBs forespørselsgrense ({self.max_calls} "
                        f"per {SSB_WINDOW_SECONDS:.0f} s per IP-adresse, delt med kolleger) …"
                    )
                self._sleep(pause)
                waited += pause

    def granted(self) -> list[float]:
        """Return the times of the calls still inside the window (oldest first)."""
        with self._lock:
            return list(self._calls)

    def observe(self, limit: str | None, remaining: str | None) -> None:
        """Follow SSB's ``x-ratelimit-limit`` and ``x-ratelimit-remaining`` headers.

        A lower ``limit`` than ours lowers our budget (never raises it). ``remaining`` of 0 means
        SSB counts the window as full (colleagues share it): the next call waits a whole window.
        Missing or unreadable headers change nothing.
        """
        with self._lock:
            lowered = _header_int(limit)
            if lowered is not None and 1 <= lowered < self.max_calls:
                self.max_calls = lowered
            if _header_int(remaining) == 0:
                now = self._clock()
                self._calls.extend([now] * max(0, self.max_calls - len(self._calls)))


def _header_int(value: str | None) -> int | None:
    """Return a header's integer value, or None when it is absent or not an integer."""
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


class Deadline:
    """One time limit for one table's requests (default 10 minutes), started at the first request.

    :meth:`restart` lets the next request start a fresh limit: a fetch of six tables, each waiting
    out colleagues' use of SSB's request limit, gets ten minutes per table, not ten in all.

    >>> now = [0.0]
    >>> deadline = Deadline(600.0, clock=lambda: now[0])
    >>> deadline.start(); now[0] = 550.0; deadline.remaining()
    50.0
    """

    def __init__(self, seconds: float = FETCH_DEADLINE_SECONDS, *, clock: Clock = time.monotonic):
        self.seconds = float(seconds)
        self._clock = clock
        self._started: float | None = None

    def start(self) -> None:
        """Start the clock (only the first call counts)."""
        if self._started is None:
            self._started = self._clock()

    def restart(self) -> None:
        """Forget the start, so the next :meth:`start` begins a fresh limit."""
        self._started = None

    def remaining(self) -> float:
        """Return the seconds left (the whole limit before :meth:`start`)."""
        if self._started is None:
            return self.seconds
        return self.seconds - (self._clock() - self._started)


_DEFAULT_LIMITER = SlidingWindowLimiter()


def default_limiter() -> SlidingWindowLimiter:
    """Return the limiter shared by every client in this process (30 requests per 60 s)."""
    return _DEFAULT_LIMITER


def proportional_jitter(delay: float) -> float:
    """Return a random extra wait of up to 10 % of ``delay``, so parallel clients spread out."""
    return random.uniform(0.0, 0.1 * delay)  # timing jitter only, so `random` is fine


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff: ``base * 2**(attempt-1)`` seconds, capped, plus jitter.

    With the defaults the waits after attempts 1-4 are 1, 2, 4 and 8 s (plus up to 10 % jitter),
    and the fifth failed attempt is final. A 500 is retried once (``max_500_attempts``). A 429
    is retried until the fetch's :class:`Deadline`, each time after ``Retry-After`` or, without
    it, a whole window (``window_seconds``): SSB's limit counts requests per 60 s, so a shorter
    wait only earns another 429. ``max_retry_after`` caps a server-sent ``Retry-After``.

    Examples
    --------
    >>> policy = RetryPolicy(jitter=lambda delay: 0.0)
    >>> [policy.backoff(attempt) for attempt in range(1, 8)]
    [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    """

    max_attempts: int = 5
    base_seconds: float = 1.0
    cap_seconds: float = 30.0
    max_retry_after: float = 300.0
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})
    max_500_attempts: int = 2
    window_seconds: float = SSB_WINDOW_SECONDS + SAFETY_MARGIN_SECONDS
    jitter: Callable[[float], float] = field(default=proportional_jitter, compare=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_seconds < 0 or self.cap_seconds < 0:
            raise ValueError(
                "RetryPolicy trenger max_attempts >= 1 og ikke-negative ventetider, fikk "
                f"max_attempts={self.max_attempts}, base_seconds={self.base_seconds}, "
                f"cap_seconds={self.cap_seconds}."
            )

    def backoff(self, attempt: int) -> float:
        """Return the wait after failed attempt number ``attempt`` (1-based), jitter included."""
        delay = min(self.cap_seconds, self.base_seconds * 2.0 ** (attempt - 1))
        return delay + max(0.0, self.jitter(delay))

    def wait_for(self, attempt: int, retry_after: float | None, status: int | None = None) -> float:
        """Return the wait before the next attempt: ``Retry-After`` when given, else backoff.

        After a 429 without ``Retry-After`` the wait is a whole window.
        """
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        if status == 429:
            return self.window_seconds
        return self.backoff(attempt)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` header asks for, or None if absent or unreadable.

    The header is either a number of seconds or an HTTP date; a date in the past gives 0.

    Examples
    --------
    >>> parse_retry_after("7")
    7.0
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT",
    ...                   now=datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC))
    30.0
    >>> parse_retry_after("snart") is None
    True
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN or infinite
        return None
    return max(0.0, seconds)
