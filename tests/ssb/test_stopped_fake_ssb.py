"""Issue 19.4: `naering sjekk` says when a table seems stopped and names an SN2025 successor.

Against the fake PxWebApi 2 (tests/fake_ssb.py), whose table search lists the catalogue's tables
and a synthetic SN2025 table 99925. The demo's metadata was updated 2026-02-20 and reaches 2025.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from naering_analysis.ssb.catalogue import load_table
from naering_analysis.ssb.check import check_table
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.stopped import search_words, successors
from tests.fake_ssb import SN2025_LISTING, FakeSSB

CURRENT = date(2027, 3, 1)  # within 15 months of 2026-02-20; 2025 is the year before last


def _merk(check):
    return [d.line() for d in check.differences if not d.blocking]


def test_a_current_table_says_nothing_and_searches_nothing(
    fake: FakeSSB, make_client: Callable[..., SSBClient]
):
    with make_client() as client:
        check = check_table(load_table("13470"), client, today=CURRENT)
    assert not check.blocking and _merk(check) == []
    assert fake.searches == []


def test_an_old_update_gives_merk_and_the_successor_from_one_search(
    fake: FakeSSB, make_client: Callable[..., SSBClient]
):
    fake.set_updated("13470", "2025-06-01T06:00:00Z")
    with make_client() as client:
        check = check_table(load_table("13470"), client, today=CURRENT)
    assert not check.blocking
    lines = _merk(check)
    assert lines[0] == (
        "Merk: Tabell 13470 ser ut til å ha sluttet å bli oppdatert (SSB oppdaterte den sist "
        "2025-06-01, over 15 måneder før 2027-03-01)."
    )
    assert lines[1].startswith(
        "Merk: Mulig etterfølger: tabell 99925 «Sysselsatte etter arbeidssted og næring (SN2025) "
        "(syntetisk testtabell)» (SN2025)."
    )
    assert fake.searches == ["Sysselsatte arbeidssted næring"]


def test_an_old_last_period_alone_counts_as_stopped(
    fake: FakeSSB, make_client: Callable[..., SSBClient]
):
    fake.set_updated("13472", "2027-12-01T06:00:00Z")
    with make_client() as client:
        check = check_table(load_table("13472"), client, today=date(2028, 1, 10))
    lines = _merk(check)
    assert "ser ut til å ha sluttet å bli oppdatert (siste periode er 2025)" in lines[0]
    # the search words of 13472 include «sektor», which the SN2025 table's title lacks
    assert fake.searches == ["Sysselsatte arbeidssted sektor næring"]
    assert "Fant ingen SN2025-tabell i SSBs tabelliste" in lines[1]


def test_a_stopped_table_without_industries_searches_nothing(
    fake: FakeSSB, make_client: Callable[..., SSBClient]
):
    fake.set_updated("07459", "2024-01-01T06:00:00Z")
    with make_client() as client:
        check = check_table(load_table("07459"), client, today=CURRENT)
    [line] = _merk(check)
    assert "Tabell 07459 ser ut til å ha sluttet" in line
    assert fake.searches == []


def test_a_failing_search_is_said_and_blocks_nothing(
    fake: FakeSSB, make_client: Callable[..., SSBClient]
):
    fake.set_updated("13470", "2025-06-01T06:00:00Z")
    body = json.dumps({"title": "Parameter error", "status": 400}).encode()
    fake.search_faults.append((400, body, {}))
    with make_client() as client:
        check = check_table(load_table("13470"), client, today=CURRENT)
    assert not check.blocking
    lines = _merk(check)
    assert len(lines) == 2 and "sluttet å bli oppdatert" in lines[0]
    assert lines[1].startswith(
        "Merk: Søket etter en SN2025-etterfølger i SSBs tabelliste («Sysselsatte arbeidssted "
        "næring») feilte ("
    )
    assert len(fake.searches) == 1


def test_successors_read_the_title_or_the_variable_names():
    by_variable = {
        "id": "99926",
        "label": "99926: Sysselsatte etter arbeidssted og næring",
        "variableNames": ["region", "næring (SN2025)", "år"],
    }
    gone = {**SN2025_LISTING, "id": "99927", "label": "99927: X (SN2025)", "discontinued": True}
    old = {"id": "13470", "label": "13470: Sysselsatte (SN2007)", "variableNames": []}
    hits = [SN2025_LISTING, by_variable, gone, old, {"label": "no id (NACE2025)"}]
    assert successors(hits, "13470") == [
        ("99925", "Sysselsatte etter arbeidssted og næring (SN2025) (syntetisk testtabell)"),
        ("99926", "Sysselsatte etter arbeidssted og næring"),
    ]


def test_search_words_come_from_the_title():
    assert search_words(load_table("07984").title) == "Sysselsatte bosted arbeidssted næring"
