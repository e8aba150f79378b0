"""Chromium for the browser tests: where it is, and what happens when it is not there.

``make test`` first runs ``scripts/ensure_chromium.sh --if-possible``, which installs Debian's
``chromium`` and ``chromium-driver`` with apt when it can. When the browser is still missing,
the browser tests are skipped with one line saying how to enable them; under ``CI=true`` they
fail instead, so CI never passes without having run them. ``NAERING_CHROMIUM`` and
``NAERING_CHROMEDRIVER`` point at other binaries (e.g. on a machine without apt).

The fixtures are imported into ``tests/conftest.py``, so every test module can use them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1600",
)


def browser_paths() -> tuple[Path, Path]:
    """Return the Chromium and chromedriver binaries the tests use (environment or Debian's)."""
    chromium = Path(os.environ.get("NAERING_CHROMIUM") or "/usr/bin/chromium")
    chromedriver = Path(os.environ.get("NAERING_CHROMEDRIVER") or "/usr/bin/chromedriver")
    return chromium, chromedriver


def in_ci() -> bool:
    """True when running under CI (``CI=true``, as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_browser_reason() -> str | None:
    """Return one Norwegian line on what is missing and how to enable the test; None if nothing."""
    missing = [str(p) for p in browser_paths() if not (p.is_file() and os.access(p, os.X_OK))]
    if not missing:
        return None
    return (
        f"Nettlesertesten krever Chromium og chromedriver (mangler {', '.join(missing)}): "
        "kjør `sudo scripts/ensure_chromium.sh` (Debian/Ubuntu), eller sett NAERING_CHROMIUM "
        "og NAERING_CHROMEDRIVER til egne filer."
    )


@pytest.fixture
def chromium() -> tuple[Path, Path]:
    """The browser binaries; skip (fail under CI) with one line when they are missing."""
    reason = missing_browser_reason()
    if reason is not None:
        if in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    return browser_paths()


@pytest.fixture
def driver(chromium: tuple[Path, Path], tmp_path: Path) -> Iterator[Any]:
    """A headless Chromium driven by Selenium through Debian's chromedriver (no Selenium Manager)."""
    from selenium import webdriver
    from selenium.common.exceptions import SessionNotCreatedException
    from selenium.webdriver.chrome.service import Service

    browser, chromedriver = chromium

    def start(attempt: int) -> Any:
        options = webdriver.ChromeOptions()
        options.binary_location = str(browser)  # with the Service path: no Selenium Manager
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={tmp_path / f'chromium-profile-{attempt}'}")
        log = tmp_path / f"chromedriver-{attempt}.log"
        return webdriver.Chrome(
            service=Service(str(chromedriver), log_output=str(log)), options=options
        )

    try:
        web = start(1)
    except SessionNotCreatedException:  # Chromium can miss its start-up deadline on a busy machine
        web = start(2)
    try:
        yield web
    finally:
        web.quit()
