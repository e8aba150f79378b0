"""fetch_table saves exactly what SSB sent, one response per region-level part."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from naering_analysis.datasets.fetch import fetch_table, fetch_tables
from naering_analysis.errors import SSBUnavailable
from naering_analysis.snapshots import list_snapshots, read_snapshot
from naering_analysis.ssb.client import FetchResult
from naering_analysis.ssb.transport import SentRequest

DEMO = Path(__file__).resolve().parents[2] / "data" / "raw" / "ssb"


class ReplayClient:
    """Answers each part with the demo snapshot's recorded response for that part.

    The demo records ``naering fetch --alle-kommuner``, so a fetch through this client asks for
    every municipality (``all_municipalities=True``): the fetch refuses an answer with regions
    it did not ask for.
    """

    def __init__(self, fail: bool = False):
        self.calls: list[tuple[str, object]] = []
        self.fail = fail
        self.deadlines = 0

    def new_deadline(self):
        self.deadlines += 1

    def data(self, table, query):
        if self.fail:
            raise SSBUnavailable("SSB svarte ikke")
        folder = next((DEMO / table).iterdir())
        prov = json.loads((folder / "provenance.json").read_text())
        entry = prov["responses"][len([c for c in self.calls if c[0] == table])]
        self.calls.append((table, query))
        raw = (folder / entry["file"]).read_bytes()
        url = f"https://data.ssb.no/api/pxwebapi/v2/tables/{table}/data?part={len(self.calls)}"
        return FetchResult(
            table, "no", query, json.loads(raw), [raw], [SentRequest("GET", url, None)], [query], 10
        )


def _now():
    return datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def test_fetch_saves_every_response_and_the_combination(tmp_path):
    client = ReplayClient()
    fetched = fetch_table("13470", client=client, root=tmp_path, now=_now, all_municipalities=True)
    assert fetched.result.status == "saved"
    assert fetched.requests == 3
    snap = read_snapshot(fetched.result.path)
    assert snap.path.name == "2027-03-01"
    assert snap.synthetic is False
    demo = read_snapshot(next((DEMO / "13470").iterdir()))
    assert snap.response_bytes() == demo.response_bytes()
    assert snap.data == demo.data  # the same parts combine to the same bytes
    assert len(snap.provenance["urls"]) == 3
    assert [q["selection"]["Region"]["codelist"] for q in snap.provenance["query"]] == [
        "agg_KommSummer",
        "agg_KommFylker",
        "vs_Landet",
    ]


def test_second_identical_fetch_is_skipped(tmp_path):
    fetch_table("07459", client=ReplayClient(), root=tmp_path, now=_now, all_municipalities=True)
    again = fetch_table(
        "07459", client=ReplayClient(), root=tmp_path, now=_now, all_municipalities=True
    )
    assert again.result.status == "skipped-identical"
    assert len(list_snapshots("07459", root=tmp_path)) == 1


def test_unavailable_ssb_saves_nothing(tmp_path):
    with pytest.raises(SSBUnavailable):
        fetch_table("13470", client=ReplayClient(fail=True), root=tmp_path, now=_now)
    assert not (tmp_path / "13470").exists() or not any((tmp_path / "13470").iterdir())


def test_fetch_tables_checks_first_reports_progress_and_rejects_unknown_tables(
    tmp_path, fake, make_client
):
    messages = []
    fetch_tables(["07459"], client=make_client(), root=tmp_path, progress=messages.append)
    assert messages[:3] == [
        "Sjekker tabellene mot SSBs metadata …",
        "07459: OK (siste periode hos SSB: 2026)",
        "[1/1] Tabell 07459: Befolkning 1. januar, etter region",
    ]
    from naering_analysis.errors import UnknownCodeError

    with pytest.raises(UnknownCodeError):
        fetch_tables(["99999"], client=ReplayClient(), root=tmp_path)


def test_progress_names_the_region_levels_in_norwegian(tmp_path):
    messages = []
    fetch_table(
        "07459",
        client=ReplayClient(),
        root=tmp_path,
        now=_now,
        progress=messages.append,
        all_municipalities=True,
    )
    assert messages == [
        "  07459: henter kommunene …",
        "  07459: henter fylket …",
        "  07459: henter hele landet …",
    ]


def test_connection_failures_are_described_briefly():
    import requests

    from naering_analysis.ssb.transport import describe_failure

    dns = requests.ConnectionError(
        "HTTPSConnectionPool(host='data.ssb.no'): Max retries exceeded (Caused by "
        "NameResolutionError(\"Failed to resolve 'data.ssb.no'\"))"
    )
    assert describe_failure(dns) == "fant ikke serveren (ingen nettforbindelse eller DNS-feil)"
    refused = requests.ConnectionError("[Errno 111] Connection refused")
    assert describe_failure(refused) == "tilkoblingen ble avvist"
    assert describe_failure(requests.ConnectTimeout()) == "tidsavbrudd (ConnectTimeout)"


def test_a_catalogue_mismatch_without_progress_carries_the_difference_lines(
    tmp_path, fake, make_client
):
    from naering_analysis.datasets.fetch import CatalogueMismatch

    fake.add_code("13472", "NACE2007", "99-99", "Ny næringsgruppe")
    with pytest.raises(CatalogueMismatch) as caught:
        fetch_tables(["13472"], client=make_client(), root=tmp_path)
    message = str(caught.value)
    assert "99-99" in message and "13472.yaml" in message  # nobody printed them
    assert "Forskjellene står over" not in message
