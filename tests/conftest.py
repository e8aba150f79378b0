"""Small hand-built tidy frames shared by the test suite.

Every fixture returns a fresh frame, so a test may modify what it gets. The numbers are chosen so
that the results can be computed by hand; the comments in the tests that use them show the sums.
Column vocabulary follows docs/CONTRACTS.md (no total rows; totals are sums).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

from naering_analysis.datasets import fetch as fetch_module
from naering_analysis.ssb import check as check_module
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.ratelimit import RetryPolicy, SlidingWindowLimiter
from tests.demo_cache import BuiltDemo, copy_processed, copy_raw, make_built_demo, tree_digest
from tests.fake_ssb import API, FakeSSB
from tests.helpers import BRANSJE, FakeClock, make_frame


@pytest.fixture
def toy_frame() -> pd.DataFrame:
    """Region ``R`` and reference ``N``, three industries, years 2017 and 2022.

    ==========  ====  ====  ======  ======
    industry    R17   R22   N17     N22
    ==========  ====  ====  ======  ======
    10-33       100   110   1000    1200
    41-43        50    40   2000    2000
    86-88        50    80   1000    1000
    total       200   230   4000    4200
    ==========  ====  ====  ======  ======
    """
    data = {
        ("R", "10-33"): (100, 110),
        ("R", "41-43"): (50, 40),
        ("R", "86-88"): (50, 80),
        ("N", "10-33"): (1000, 1200),
        ("N", "41-43"): (2000, 2000),
        ("N", "86-88"): (1000, 1000),
    }
    rows = [(r, i, y, v[k]) for (r, i), v in data.items() for k, y in enumerate((2017, 2022))]
    frame = make_frame(rows)
    frame["bransje"] = frame["industry_code"].map(BRANSJE)
    return frame


@pytest.fixture
def series_frame() -> pd.DataFrame:
    """Region ``3105``, two industries, every year 2017–2023 (totals 1000, 1010, ..., 1060).

    ``10-33`` holds 600 jobs in every year; ``86-88`` holds 400, 410, ..., 460.
    """
    years = range(2017, 2024)
    rows = [("3105", "10-33", y, 600) for y in years]
    rows += [("3105", "86-88", y, 400 + 10 * (y - 2017)) for y in years]
    return make_frame(rows)


@pytest.fixture
def sector_frame() -> pd.DataFrame:
    """Region ``3105`` by sector, 2017 and 2022, with SSB's ``all`` off by 2 jobs in 2022.

    private: 700 → 690; public: 300 → 330; all: 1000 → 1022 (private + public = 1020).
    """
    rows = [
        ("3105", "private", 2017, 700),
        ("3105", "private", 2022, 690),
        ("3105", "public", 2017, 300),
        ("3105", "public", 2022, 330),
        ("3105", "all", 2017, 1000),
        ("3105", "all", 2022, 1022),
    ]
    frame = pd.DataFrame(rows, columns=["region_code", "sector_code", "year", "jobs"])
    frame["industry_code"] = "alle"
    frame["jobs"] = frame["jobs"].astype("Int64")
    return frame


@pytest.fixture
def break_frame() -> pd.DataFrame:
    """Region ``3105``, one industry, 2013–2016: spans the 2014/2015 a-ordningen break."""
    return make_frame([("3105", "10-33", y, 500 + y - 2013) for y in range(2013, 2017)])


@pytest.fixture
def clock() -> FakeClock:
    """A fresh fake clock to inject into the SSB client, so no test really sleeps."""
    return FakeClock()


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fix the day and time the SSB code reads: midday on 2027-03-01 in Norway.

    `naering fetch` and `naering rollover` read the Norwegian time (SSB revises tables 05–08);
    `naering sjekk` reads today's date to tell a stopped table (the demo's tables were updated in
    2026). A test that wants another moment sets its own.
    """
    now = datetime(2027, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    monkeypatch.setattr(fetch_module, "oslo_now", lambda: now)
    monkeypatch.setattr(check_module, "_today", lambda: now.date())


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root with a writable copy of the demo snapshots (``NAERING_ROOT``)."""
    copy_raw(tmp_path)
    monkeypatch.setenv("NAERING_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltDemo]:
    """The demo built cold once per session (tests/demo_cache.py); never handed out to write in.

    At the end of the session every file in it must be as built: a test that wrote into the
    shared folder would otherwise leak into the tests after it.
    """
    built = make_built_demo(tmp_path_factory.mktemp("bygget_demo"))
    before = tree_digest(built.root)
    yield built
    after = tree_digest(built.root)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], f"a test changed the session's built demo: {changed}"


@pytest.fixture
def built_project(project: Path, built_demo: BuiltDemo) -> Path:
    """:func:`project` with a copy of the session's built cache: ``naering build`` finds it current."""
    return copy_processed(built_demo, project)


@pytest.fixture(scope="session")
def fake_ssb_built() -> FakeSSB:
    """The fake PxWebApi 2 built once from the demo; never used itself, only copied."""
    return FakeSSB()


@pytest.fixture
def fake(httpserver: HTTPServer, clock: FakeClock, fake_ssb_built: FakeSSB) -> Iterator[FakeSSB]:
    """The fake PxWebApi 2 (tests/fake_ssb.py) on a local port, on the test's fake clock.

    Each test gets its own copy of the session's (:meth:`FakeSSB.fresh_copy`), to change freely.
    """
    ssb = fake_ssb_built.fresh_copy(clock.time)
    httpserver.expect_request(re.compile(".*")).respond_with_handler(ssb.handle)
    yield ssb
    httpserver.check_handler_errors()


@pytest.fixture
def make_client(httpserver: HTTPServer, clock: FakeClock) -> Callable[..., SSBClient]:
    """Return a factory of SSB clients for the fake server whose waits only move the fake clock.

    It takes the arguments of :class:`SSBClient` (``base_url`` defaults to the fake server), so
    tests can put it in place of ``SSBClient`` where the code makes its own client.
    """
    limiter = SlidingWindowLimiter(clock=clock.time, sleep=clock.sleep)
    retry = RetryPolicy(jitter=lambda delay: 0.0)

    def factory(base_url: str | None = None, **kwargs: Any) -> SSBClient:
        assert base_url is None or "data.ssb.no" not in base_url, "tests never reach SSB"
        return SSBClient(
            base_url or httpserver.url_for(API),
            limiter=limiter,
            retry=retry,
            sleep=clock.sleep,
            clock=clock.time,
            **kwargs,
        )

    return factory


# Chromium for the browser tests (skipped with a reason, or failed under CI=true, when missing).
from tests.browser import chromium, driver  # noqa: E402, F401
