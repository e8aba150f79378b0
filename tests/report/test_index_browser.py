"""The report's front page in a real headless Chromium: it loads, every image and link works.

Uses the report made by the shared offline rollover (``tests/report/conftest.py``) and Chromium
from ``tests/browser.py`` (skipped with a reason without it, a failure under ``CI=true``). The
full-page screenshot is kept next to the page, ``skjermbilde_index.png`` in that report folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

# Every element that points somewhere, resolved by the browser, and every image's load state.
COLLECT_JS = """
const out = {links: [], images: [], resources: [], ids: []};
for (const a of document.querySelectorAll('a[href]')) out.links.push(a.href);
for (const img of document.images) {
  out.images.push({src: img.src, ok: img.complete && img.naturalWidth > 0, alt: img.alt});
}
for (const e of performance.getEntriesByType('resource')) out.resources.push(e.name);
for (const e of document.querySelectorAll('[id]')) out.ids.push(e.id);
return out;
"""


# What a notebook page holds besides: its scripts, tables and the length of its visible text.
PAGE_JS = COLLECT_JS.replace(
    "return out;",
    "out.scripts = [...document.scripts].map(s => s.src || 'inline');"
    "out.tables = document.querySelectorAll('table').length;"
    "out.text = document.body.innerText.length; return out;",
)


def test_front_page_loads_with_every_image_and_link(rolled: Any, driver: Any) -> None:
    from selenium.webdriver.common.by import By

    folder: Path = rolled[2].report.path
    page = folder / "index.html"
    driver.get(page.as_uri())
    driver.execute_script("return document.fonts.ready")
    assert driver.title.startswith("Arbeidsplassvekst i Sarpsborg: rapport 26.\xa0november 2026")
    banner = driver.find_element(By.CSS_SELECTOR, ".demo").text
    assert banner.startswith("⚠ Illustrasjonsdata – ikke offisielle tall.")
    found = driver.execute_script(COLLECT_JS)

    assert len(found["images"]) == 16 + 4  # the council set and the peer comparison
    broken = [img["src"] for img in found["images"] if not img["ok"]]
    assert broken == [], f"images that did not load: {broken}"
    assert all(img["alt"] for img in found["images"]), "every figure needs its alt text"
    outside = [r for r in found["resources"] if not r.startswith("file://")]
    assert outside == [], f"the page must load nothing from the network: {outside}"

    for link in found["links"]:
        url = urlparse(link)
        assert url.scheme == "file", f"a link leaves the report folder: {link}"
        target = Path(unquote(url.path))
        if url.fragment:
            assert url.fragment in found["ids"], f"anchor #{url.fragment} does not exist"
        else:
            assert target.is_file() and folder in target.parents, f"broken link: {link}"
    hrefs = {Path(unquote(urlparse(link).path)).name for link in found["links"]}
    for name in ("01_data.html", "05_figurer.html", "sammendrag.md", "endringer.md"):
        assert name in hrefs, name
    assert {"scenarier.xlsx", "09_maalgap.pdf", "01_arbeidsplasser.svg"} <= hrefs

    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, height)
    shot = folder / "skjermbilde_index.png"
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 50_000
    print(f"\nskjermbilde av forsiden: {shot}")


def test_notebook_pages_work_with_the_network_off(rolled: Any, driver: Any) -> None:
    """Every notebook page loads nothing from the internet and shows its tables offline.

    nbconvert's default template loads require.js and MathJax from cdnjs; on a council laptop
    without internet such a page hangs or breaks. The network is switched off in Chromium
    itself (DevTools ``Network.emulateNetworkConditions``), so a page that needs it fails here.
    """
    folder: Path = rolled[2].report.path
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    pages = sorted(folder.glob("[0-9][0-9]_*.html"))
    assert len(pages) >= 9
    for page in pages:
        driver.get(page.as_uri())
        found = driver.execute_script(PAGE_JS)
        outside = [r for r in found["resources"] if not r.startswith(("file://", "data:"))]
        assert outside == [], f"{page.name} loads from the network: {outside}"
        assert found["scripts"] == [], f"{page.name} has scripts: {found['scripts']}"
        assert found["text"] > 500, f"{page.name} shows almost nothing offline"
        broken = [img["src"][:60] for img in found["images"] if not img["ok"]]
        assert broken == [], f"{page.name}: images that did not load: {broken}"
