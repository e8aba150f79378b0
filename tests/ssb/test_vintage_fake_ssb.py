"""Issue 20.1: `naering sjekk` finds the newest population projection by its title.

Against the fake PxWebApi 2 (tests/fake_ssb.py), whose table search lists the catalogue's tables,
14746 among them (the synthetic demo of the 2026 projection, 2026-2050).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date

import pytest

from naering_analysis.ssb.catalogue import load_table
from naering_analysis.ssb.check import check_table
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.vintage import Vintage, newer_than, vintages
from tests.fake_ssb import FakeSSB

TODAY = date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _titled(fake: FakeSSB) -> None:
    """List 14746 under its table title, as SSB's search does («… (K) 2026-2050»).

    The fake lists a table under its data response's label, which leaves out the «(K)» that
    the table title (and public code's filter) has.
    """
    _listing(fake, "14746")["label"] = f"14746: {load_table('14746').title} 2026 - 2050"


def _listing(fake: FakeSSB, table: str) -> dict:
    return next(hit for hit in fake.listing if hit["id"] == table)


def _vintage_of(fake: FakeSSB, table: str, new_id: str, first: str, last: str) -> dict:
    hit = copy.deepcopy(_listing(fake, table))
    hit.update(id=new_id, label=hit["label"].replace(table, new_id), firstPeriod=first)
    hit["lastPeriod"] = last
    return hit


def test_the_catalogue_table_passes_and_is_the_newest(
    fake: FakeSSB, make_client: Callable[..., SSBClient]
):
    fake.listing.append(_vintage_of(fake, "14746", "14288", "2024", "2050"))  # the older one
    with make_client() as client:
        check = check_table(load_table("14746"), client, today=TODAY)
    assert not check.blocking, [d.line() for d in check.differences]
    assert [d for d in check.differences if "nyere årgang" in d.what] == []
    assert fake.searches == ["title:Framskrevet folkemengde"]
    newest = [line for line in check.found if line.startswith("Nyeste årgang")]
    assert newest and "tabell 14746" in newest[0] and newest[0].endswith(", som katalogen.")
    assert "(2026–2050)" in newest[0]


def test_a_newer_vintage_is_named_with_the_file_to_make(
    fake: FakeSSB, make_client: Callable[..., SSBClient]
):
    fake.listing.append(_vintage_of(fake, "14746", "15210", "2028", "2060"))
    with make_client() as client:
        check = check_table(load_table("14746"), client, today=TODAY)
    assert not check.blocking
    merk = [d.line() for d in check.differences if "nyere årgang" in d.what]
    assert len(merk) == 1
    assert merk[0].startswith("Merk: SSB har en nyere årgang enn tabell 14746 (2026): tabell 15210")
    assert "src/naering_analysis/data/tables/15210.yaml" in merk[0]
    assert "--rett` kan ikke bytte tabellnummer" in merk[0]


def test_a_failed_search_is_a_note_not_a_stop(fake: FakeSSB, make_client: Callable[..., SSBClient]):
    fake.search_faults.append((400, b'{"title": "Parameter error", "status": 400}', {}))
    with make_client() as client:
        check = check_table(load_table("14746"), client, today=TODAY)
    assert not check.blocking
    assert any("nyeste årgang" in d.what and "feilte" in d.what for d in check.differences)


def test_other_tables_do_not_search(fake: FakeSSB, make_client: Callable[..., SSBClient]):
    with make_client() as client:
        check_table(load_table("07459"), client, today=TODAY)
    assert fake.searches == []


def test_vintages_by_hand() -> None:
    hits = [
        {"id": "13600", "label": "13600: Framskrevet folkemengde (K)", "firstPeriod": "2022"},
        {"id": "14746", "label": "14746: Framskrevet folkemengde (K)", "firstPeriod": "2026"},
        {"id": "14288", "label": "14288: Framskrevet folkemengde (K)", "firstPeriod": "2024"},
        {"id": "14745", "label": "14745: Framskrevet folkemengde (F)", "firstPeriod": "2026"},
        {"id": "15000", "label": "15000: Framskrevet folkemengde (K)", "discontinued": True},
    ]
    found = vintages(hits, "Framskrevet folkemengde.*[(]K[)]")
    assert [v.id for v in found] == ["14746", "14288", "13600"]
    assert newer_than(found, "14746", "2026") is None
    assert newer_than(found, "14288", "2024") == found[0]
    same_year = [Vintage("14750", "x", "2026", "2050"), *found]
    assert newer_than(same_year, "14746", "2026") == same_year[0]
