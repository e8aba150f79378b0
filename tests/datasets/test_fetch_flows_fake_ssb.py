"""The flow table 03321 through the fake PxWebApi 2: check, fetch, validate, save, read back.

03321 has two region dimensions (``Bokommuen``, ``ArbstedKomm``) and no ``Region``; its default
query is two parts (the region's homes → every workplace, every home → the region's
workplaces). The fake serves both parts from the committed demo snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pytest_httpserver import HTTPServer

from naering_analysis.datasets.commuting_flows import commuting_flows
from naering_analysis.datasets.fetch import fetch_table
from naering_analysis.snapshots import read_snapshot
from naering_analysis.ssb.catalogue import load_table
from naering_analysis.ssb.check import check_table
from naering_analysis.ssb.client import SSBClient
from tests.fake_ssb import API, FakeSSB, demo_folder

TABLE = "03321"
REGION = ["3105", "3107", "3101", "3110", "3120"]


def _now() -> datetime:
    return datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def test_fetch_saves_both_parts_and_their_sparse_combination(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[[], SSBClient], httpserver: HTTPServer
) -> None:
    messages: list[str] = []
    fetched = fetch_table(
        TABLE, client=make_client(), root=tmp_path, now=_now, progress=messages.append
    )
    assert (fetched.result.status, fetched.requests) == ("saved", 2)
    assert any("pendlingen fra regionen" in m for m in messages)
    assert any("pendlingen til regionen" in m for m in messages)
    snap, demo = read_snapshot(fetched.result.path), read_snapshot(demo_folder(TABLE))
    assert snap.response_bytes() == demo.response_bytes()
    assert snap.data == demo.data  # the same sparse combination the demo generator makes
    assert [q["level"] for q in snap.provenance["query"]] == ["home_region", "work_region"]
    assert snap.provenance["synthetic"] is False
    requests = [r for r, _ in httpserver.log if r.path == f"{API}tables/{TABLE}/data"]
    assert len(requests) == 2
    # Two parts × 5 × 357 municipalities × 11 years; the 5 × 5 flows inside the region twice.
    assert fetched.cells == 2 * 5 * 357 * 11
    doc = json.loads(snap.data)
    assert isinstance(doc["value"], dict) and len(doc["value"]) == (2 * 5 * 357 - 25) * 11
    flows = commuting_flows(snap)
    assert len(flows) == (2 * 5 * 357 - 25) * 11
    assert set(flows.loc[flows["work_code"] == "0301", "home_code"]) == set(REGION)


def test_sjekk_finds_no_difference_and_names_both_flow_dimensions(
    fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    check = check_table(load_table(TABLE), make_client())
    assert check.blocking == ()
    shown = "\n".join(check.lines())
    assert f"{TABLE}: OK" in shown
    assert "Bokommuen (bostedskommune)" in shown and "ArbstedKomm (arbeidsstedskommune)" in shown
    assert "kodelister agg_KommSummer" in shown


def test_sjekk_says_when_a_flow_end_lacks_the_codelist(
    fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    dims = fake.metadata[TABLE]["dimension"]
    dims["ArbstedKomm"]["extension"]["codelists"] = []
    check = check_table(load_table(TABLE), make_client())
    lines = [d.line() for d in check.blocking]
    assert len(lines) == 1
    assert "agg_KommSummer for ArbstedKomm" in lines[0]
    assert "region_levels → municipality → codelist" in lines[0]


def test_sjekk_names_the_prefix_when_ssb_writes_plain_codes(
    fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    fake.recode("agg_KommSummer", r"^K-", "")  # 3105 instead of K-3105
    check = check_table(load_table(TABLE), make_client())
    lines = [d.line() for d in check.blocking]
    assert lines and all("prefiks ''" in line for line in lines)
    assert len(lines) == 2  # one per end of the flows, each naming the key to correct
    assert all("region_levels → municipality → prefix" in line for line in lines)


def test_sjekk_says_when_the_content_code_is_gone(
    fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    contents = fake.metadata[TABLE]["dimension"]["ContentsCode"]["category"]
    contents["index"] = {"SysselsatteX": 0}
    contents["label"] = {"SysselsatteX": "Sysselsatte personer"}
    check = check_table(load_table(TABLE), make_client())
    assert any("Sysselsatte" in d.line() for d in check.blocking)
