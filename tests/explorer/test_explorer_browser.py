"""End to end: the Voilà explorer app in a real headless Chromium, driven by Selenium.

Starts ``voila`` (the command of :func:`naering_analysis.explorer.app.voila_command`) on a free port on
127.0.0.1, waits for the widgets, switches to annual growth and moves a focus-industry slider with
the keyboard, checks that the displayed gap in 2030 grows, measures slider → chart latency in
the browser (reported, never asserted), shows that invalid input gives a Norwegian message, and
checks that the kernel is shut down when the page closes. Everything started is stopped by
process id. Chromium comes from the shared fixtures in ``tests/browser.py``: without it the test
is skipped with one line saying how to install it, and fails under ``CI=true``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from naering_analysis.config import paths
from naering_analysis.explorer.app import voila_command

pytestmark = pytest.mark.browser

PAGE_TIMEOUT = 180.0
STEP_TIMEOUT = 60.0
KEY_PRESSES = 5
RATE_MODE_LABEL = "Årlig vekst (%)"

# Records when a key goes down and when the summary's update counter next rises with the new
# chart decoded; window.__latencies collects the differences in milliseconds.
INSTRUMENT_JS = """
window.__latencies = []; window.__t0 = null;
document.addEventListener('keydown', () => { window.__t0 = performance.now(); }, true);
const box = () => document.querySelector('.naering-summary-box');
let last = Number(box().dataset.update);
new MutationObserver(() => {
  const b = box();
  if (!b) { return; }
  const n = Number(b.dataset.update);
  if (n > last && window.__t0 !== null) {
    last = n;
    const t0 = window.__t0;
    window.__t0 = null;
    const img = document.querySelector('img.naering-chart');
    img.decode().catch(() => null).then(() => window.__latencies.push(performance.now() - t0));
  }
}).observe(document.querySelector('.naering-summary'),
           {subtree: true, childList: true, attributes: true, characterData: true});
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.")


def _kernels(voila: psutil.Process) -> list[psutil.Process]:
    """Return the kernel processes Voilà started (they run in their own sessions)."""
    found = []
    for child in voila.children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def _parse_int(text: str) -> int:
    """Parse a Norwegian formatted integer: '−1\u00a0234' -> -1234."""
    cleaned = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    return int(cleaned.replace("+", ""))


def _stop(process: subprocess.Popen[bytes], kernels: list[psutil.Process]) -> None:
    """Stop Voilà's process group (SIGTERM, then SIGKILL) and any kernel left behind, by pid."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    for kernel in kernels:
        try:
            kernel.wait(timeout=5)
        except psutil.TimeoutExpired:
            kernel.kill()
        except psutil.NoSuchProcess:
            continue


@pytest.fixture
def voila_app(tmp_path: Path) -> Iterator[tuple[str, psutil.Process]]:
    notebook = paths().notebooks / "scenarioutforsker.ipynb"
    assert notebook.is_file(), f"{notebook} is missing; generate it with jupytext --sync."
    port = _free_port()
    log = (tmp_path / "voila.log").open("wb")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        voila_command(port, notebook=notebook),
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    voila = psutil.Process(process.pid)
    seen: list[psutil.Process] = []
    url = f"http://127.0.0.1:{port}/"
    try:

        def listening() -> bool:
            if process.poll() is not None:
                pytest.fail(f"Voilà exited early; see {tmp_path / 'voila.log'}.")
            try:
                with urllib.request.urlopen(url + "voila/static/", timeout=2):
                    return True
            except OSError as exc:
                return getattr(exc, "code", None) is not None  # an HTTP status means it listens

        _wait_for(listening, 60, "Voilà to listen")
        yield url, voila
    finally:
        seen.extend(_kernels(voila) if voila.is_running() else [])
        _stop(process, seen)
        log.close()


def test_explorer_app_in_chromium(
    driver: Any, voila_app: tuple[str, psutil.Process], tmp_path: Path
) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, voila = voila_app
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    driver.get(url)

    # Every recalculation replaces the key-figure HTML, so an element found a moment ago can be
    # gone when it is read: such a read counts as "not yet" and the wait tries again.
    def summary() -> Any:
        found = driver.find_elements(By.CSS_SELECTOR, '.naering-summary-box[data-ok="1"]')
        return found[0] if found else None

    def counter() -> int:
        try:
            box = driver.find_elements(By.CSS_SELECTOR, ".naering-summary-box")
            return int(box[0].get_attribute("data-update")) if box else -1
        except StaleElementReferenceException:
            return -1

    def read_gap() -> int | None:
        try:
            return _parse_int(driver.find_element(By.CSS_SELECTOR, ".naering-gap").text)
        except StaleElementReferenceException:
            return None

    def gap() -> int:
        seen: list[int] = []

        def ready() -> bool:
            value = read_gap()
            if value is not None:
                seen.append(value)
            return value is not None

        _wait_for(ready, STEP_TIMEOUT, "the gap")
        return seen[-1]

    _wait_for(summary, PAGE_TIMEOUT, "the explorer's key figures")
    assert "Traceback" not in driver.page_source
    banner = driver.find_element(By.CSS_SELECTOR, ".naering-banner").text
    assert "Illustrasjonsdata" in banner, "the demo snapshot must be marked as illustration data"
    assert len(_kernels(voila)) == 1, "one page should have started exactly one kernel"

    # Annual growth: a higher rate always means more jobs, whatever the base projection does.
    before_mode = counter()
    rate_button = next(
        b
        for b in driver.find_elements(By.CSS_SELECTOR, ".widget-toggle-button")
        if b.text.strip() == RATE_MODE_LABEL
    )
    rate_button.click()
    _wait_for(lambda: counter() > before_mode and summary(), STEP_TIMEOUT, "rate mode")
    gap_before = gap()

    driver.execute_script(INSTRUMENT_JS)
    handle = driver.find_element(By.CSS_SELECTOR, ".naering-slider-1 .noUi-handle")

    def measured_more_than(count: int) -> Callable[[], bool]:
        return lambda: len(driver.execute_script("return window.__latencies")) > count

    for k in range(KEY_PRESSES):
        handle.send_keys(Keys.ARROW_RIGHT)
        _wait_for(measured_more_than(k), STEP_TIMEOUT, f"chart update after key press {k + 1}")
    gap_after = gap()
    assert gap_after > gap_before, (
        f"raising a growth rate must raise the 2030 gap: {gap_before} → {gap_after}"
    )

    latencies = [float(v) for v in driver.execute_script("return window.__latencies")]
    report = {
        "latencies_ms": [round(v, 1) for v in latencies],
        "median_ms": round(statistics.median(latencies), 1),
        "max_ms": round(max(latencies), 1),
        "gap_before": gap_before,
        "gap_after": gap_after,
    }
    (tmp_path / "latency.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nslider → chart latency in Chromium (ms): {report}")
    driver.save_screenshot(str(tmp_path / "scenarioutforsker.png"))
    assert (tmp_path / "scenarioutforsker.png").stat().st_size > 10_000

    # Invalid input: a Norwegian message in the status line, no traceback.
    year = driver.find_element(By.CSS_SELECTOR, ".naering-target-year input")
    year.send_keys(Keys.CONTROL, "a")
    year.send_keys(Keys.BACKSPACE, "2020", Keys.ENTER)
    error = _wait_for(
        lambda: driver.find_elements(By.CSS_SELECTOR, ".naering-error"), STEP_TIMEOUT, "error"
    )
    assert "Målåret (2020) må være etter basisåret" in error[0].text
    assert "Traceback" not in driver.page_source
    driver.save_screenshot(str(tmp_path / "scenarioutforsker_feil.png"))

    # Closing the page shuts the kernel down (Voilà's beforeunload → /voila/api/shutdown).
    driver.get("about:blank")
    _wait_for(lambda: not _kernels(voila), 30, "the kernel to shut down after the page closed")
