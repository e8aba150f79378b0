"""The live data path end to end, offline: fetch → real SSBClient → HTTP → a fake PxWebApi 2.

A local server (pytest-httpserver) plays SSB: the fake PxWebApi 2 in ``tests/fake_ssb.py``, built
from the committed demo snapshot and answering with SSB's status codes, problem documents and
rate-limit headers (fixtures ``fake`` and ``make_client`` in ``tests/conftest.py``). The rate
limiter, the retry sleeps and the fake's 60 s window run on a fake clock, so no real time passes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request

import naering_analysis.datasets.fetch as fetch_module
from naering_analysis import cli
from naering_analysis.datasets import frames
from naering_analysis.datasets.fetch import fetch_table, fetch_tables
from naering_analysis.errors import SnapshotError, SSBQueryError, SSBUnavailable
from naering_analysis.report.rollover import _try_fetch
from naering_analysis.snapshots import latest, list_snapshots, read_snapshot
from naering_analysis.ssb.catalogue import default_neighbours, load_table
from naering_analysis.ssb.client import SSBClient
from tests.fake_ssb import API, SSB_BASE, FakeSSB, demo_folder
from tests.helpers import FIXTURES, REPO, FakeClock

ERROR_400 = (FIXTURES / "ssb" / "error_400.json").read_bytes()


def _now() -> datetime:
    return datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def _demo(table: str) -> Path:
    return demo_folder(table)


def _data_requests(httpserver: HTTPServer, table: str) -> list[Request]:
    return [req for req, _ in httpserver.log if req.path == f"{API}tables/{table}/data"]


# --- 1, 2: a fetch saves exactly what SSB sent ---------------------------------------------


@pytest.mark.parametrize("table", ["07459", "13470"])
def test_fetch_saves_the_responses_and_the_combination_byte_for_byte(
    table: str,
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[[], SSBClient],
    httpserver: HTTPServer,
) -> None:
    messages: list[str] = []
    fetched = fetch_table(
        table,
        client=make_client(),
        root=tmp_path,
        now=_now,
        progress=messages.append,
        all_municipalities=True,  # the demo records `naering fetch --alle-kommuner`
    )
    assert (fetched.result.status, fetched.requests) == ("saved", 3)
    assert fetched.result.path == tmp_path / table / "2027-03-01"
    snap, demo = read_snapshot(fetched.result.path), read_snapshot(_demo(table))
    assert snap.response_bytes() == demo.response_bytes()
    assert snap.data == demo.data == (_demo(table) / "data.json").read_bytes()
    prov = snap.provenance
    base = httpserver.url_for(API)
    assert prov["urls"] == [url.replace(SSB_BASE, base) for url in demo.provenance["urls"]]
    assert [entry["url"] for entry in prov["responses"]] == prov["urls"]
    assert prov["query"] == demo.provenance["query"]
    assert (prov["synthetic"], prov["generator"], prov["fetched_at"]) == (
        False,
        None,
        "2027-03-01T09:30:00Z",
    )
    assert prov["ssb_updated"] == demo.provenance["ssb_updated"]
    assert messages == [
        f"  {table}: henter {name} …" for name in ("kommunene", "fylket", "hele landet")
    ]
    assert all(resp.status_code == 200 for _, resp in httpserver.log)


def test_fetched_population_reads_as_real_data(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    fetch_table("07459", client=make_client(), root=tmp_path, now=_now)
    pop = frames.population(root=tmp_path)
    sarpsborg = pop[(pop["region_code"] == "3105") & (pop["year"] == 2025)]
    assert sarpsborg["population"].tolist() == [60_139]
    assert pop.attrs["synthetic"] is False
    assert set(pop["region_code"]) == {"3105", "3107", "3101", "3110", "3120", "31", "0"}


def test_fetched_employment_sums_to_the_known_total(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    fetch_table("13470", client=make_client(), root=tmp_path, now=_now)
    jobs = frames.employment(root=tmp_path)
    sarpsborg = jobs[(jobs["region_code"] == "3105") & (jobs["year"] == 2023)]
    assert len(sarpsborg) == 21  # the 17 groups, four of them split between bransjer
    assert sarpsborg["jobs"].sum() == 29_399
    groups = frames.sn2007_groups(sarpsborg)
    assert len(groups) == 17 and groups["jobs"].sum() == 29_399
    assert jobs.attrs["synthetic"] is False


# --- 3: same-day refetches ---------------------------------------------------------------


def test_identical_refetch_is_skipped_and_a_changed_answer_makes_a_new_folder(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    first = fetch_table("07459", client=make_client(), root=tmp_path, now=_now)
    first_data = read_snapshot(first.result.path).data
    again = fetch_table("07459", client=make_client(), root=tmp_path, now=_now)
    assert again.result.status == "skipped-identical"
    assert again.result.path == first.result.path
    fake.replace("07459", "municipality", b"60139", b"60140")  # Sarpsborg 2025 revised
    later = fetch_table(
        "07459",
        client=make_client(),
        root=tmp_path,
        now=lambda: datetime(2027, 3, 1, 14, 0, tzinfo=UTC),
    )
    assert later.result.status == "saved"
    assert later.result.path.name == "2027-03-01-2"
    assert [info.date_label for info in list_snapshots("07459", root=tmp_path)] == [
        "2027-03-01",
        "2027-03-01-2",
    ]
    assert latest("07459", root=tmp_path).path == later.result.path
    pop = frames.population(root=tmp_path)
    assert pop.loc[
        (pop["region_code"] == "3105") & (pop["year"] == 2025), "population"
    ].tolist() == [60_140]
    assert read_snapshot(first.result.path).data == first_data  # never overwritten


# --- 4: what the server received -----------------------------------------------------------


def _expected_params(table: str, level: str) -> dict[str, str]:
    """Build the GET parameters of one query part from the catalogue YAML, independently."""
    spec = load_table(table)
    region = spec.region_levels[level]  # type: ignore[index]
    kommuner = ["3105", *default_neighbours("3105"), *spec.extra_municipalities]
    if spec.county_municipalities:  # then every current municipality of Østfold (31xx)
        rows = (REPO / "src" / "naering_analysis" / "data" / "municipalities.csv").read_text(
            "utf-8"
        )
        ostfold = sorted(
            line.split(",")[0]
            for line in rows.splitlines()
            if line.startswith("31") and line.split(",")[3] == ""
        )
        kommuner = list(dict.fromkeys([*kommuner, *ostfold]))
    codes = (
        [region.prefix + k for k in kommuner] if level == "municipality" else list(region.values)
    )
    params = {"lang": "no", "outputFormat": "json-stat2"}
    for dim in spec.dimensions:
        values, codelist = (
            (codes, region.codelist) if dim.id == "Region" else (list(dim.values), dim.codelist)
        )
        params[f"valueCodes[{dim.id}]"] = ",".join(values)
        params |= {f"codelist[{dim.id}]": codelist} if codelist else {}
    return params


@pytest.mark.parametrize("table", ["07459", "13470"])
def test_requests_follow_the_catalogue(
    table: str,
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[[], SSBClient],
    httpserver: HTTPServer,
) -> None:
    fetch_table(table, client=make_client(), root=tmp_path, now=_now)
    sent = _data_requests(httpserver, table)
    for request, level in zip(sent, ["municipality", "county", "country"], strict=True):
        pairs = list(request.args.items(multi=True))
        assert len(pairs) == len(dict(pairs)), f"repeated parameter in {request.url}"
        assert dict(pairs) == _expected_params(table, level)
    municipality = sent[0].args
    assert municipality["codelist[Region]"] == "agg_KommSummer"
    assert not any(key.startswith("outputValues") for key in municipality)
    assert municipality["valueCodes[Tid]"] == ",".join(load_table(table).dimension("Tid").values)
    for request, _ in httpserver.log:
        assert request.headers["User-Agent"].startswith("naering-analysis/")
        assert request.args["lang"] == "no"
    metadata = [r for r, _ in httpserver.log if r.path.endswith("/metadata")]
    assert len(metadata) == 1 and metadata[0].args["outputFormat"] == "json-stat2"


# --- 5: transient failures and refusals ----------------------------------------------------


def test_503_twice_on_one_part_is_retried_and_saved(
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[[], SSBClient],
    clock: FakeClock,
    httpserver: HTTPServer,
) -> None:
    county = fake.key("07459", "county")
    fake.fail("07459", "county", *[(503, b"Service Unavailable", {})] * 2)
    fetched = fetch_table(
        "07459", client=make_client(), root=tmp_path, now=_now, all_municipalities=True
    )
    assert fetched.result.status == "saved"
    assert read_snapshot(fetched.result.path).data == (_demo("07459") / "data.json").read_bytes()
    assert clock.sleeps == [1.0, 2.0]  # backoff after attempts 1 and 2, on the fake clock
    statuses = [
        resp.status_code
        for req, resp in httpserver.log
        if req.args.get("codelist[Region]") == county[0]
    ]
    assert statuses == [503, 503, 200]


def test_ssb_down_on_one_part_saves_nothing(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[[], SSBClient], clock: FakeClock
) -> None:
    fake.fail("07459", "county", *[(503, b"Service Unavailable", {})] * 5)
    with pytest.raises(SSBUnavailable, match="etter 5 forsøk"):
        fetch_table("07459", client=make_client(), root=tmp_path, now=_now)
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0]
    assert list(tmp_path.iterdir()) == []


def test_400_on_the_last_part_raises_with_ssbs_message_and_writes_nothing(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    fake.fail("07459", "country", (400, ERROR_400, {}))
    with pytest.raises(SSBQueryError) as caught:
        fetch_table("07459", client=make_client(), root=tmp_path, now=_now)
    error = caught.value
    assert error.table == "07459" and error.status == 400
    assert "Non-existent value" in str(error)
    assert "tabell 07459" in str(error)
    assert isinstance(error.query, dict) and error.query["Region"]["codelist"] == "vs_Landet"
    assert list(tmp_path.iterdir()) == []


# --- 6: the CLI ----------------------------------------------------------------------------


def test_cli_fetch_saves_into_the_project_and_lists_the_folder(
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[[], SSBClient],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    httpserver: HTTPServer,
) -> None:
    project = tmp_path / "prosjekt"
    (project / "data").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'test'\n")
    monkeypatch.setenv("NAERING_ROOT", str(project))
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    url = httpserver.url_for(API)
    assert cli.main(["fetch", "07459", "--alle-kommuner", "--ssb-url", url]) == 0
    table_dir = project.resolve() / "data" / "raw" / "ssb" / "07459"
    [folder] = [p for p in table_dir.iterdir() if p.name != "metadata"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", folder.name)
    [seen] = (table_dir / "metadata").iterdir()  # the metadata the check saw, kept beside it
    assert set(json.loads(seen.read_text("utf-8"))) == {"fetched_at", "metadata", "codelists"}
    out = capsys.readouterr().out
    assert f"07459: lagret → {folder} (3 forespørsler)" in out
    assert "[1/1] Tabell 07459" in out
    assert read_snapshot(folder).data == (_demo("07459") / "data.json").read_bytes()
    assert read_snapshot(folder).synthetic is False


# --- rollover: SSB unreachable or refusing -------------------------------------------------


def _fail_with(exc: Exception) -> Callable[..., Any]:
    def fetch_tables(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return fetch_tables


@pytest.mark.parametrize(
    ("exc", "said"),
    [
        (SSBUnavailable("SSB svarte ikke for tabell 07459 etter 5 forsøk"), "SSB kan ikke nås"),
        (
            SSBQueryError("SSB avviste forespørselen (HTTP 400)", table="07459", status=400),
            "SSB avviste",
        ),
    ],
)
def test_rollover_fetch_goes_on_with_the_latest_snapshot(
    exc: Exception, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch_module, "fetch_tables", _fail_with(exc))
    messages: list[str] = []
    outcome = _try_fetch("3105", tmp_path, messages.append)
    assert not outcome and outcome.reason.startswith(said)
    [message] = messages
    assert message.startswith(said)
    assert str(exc) in message
    assert message.endswith("Bruker siste lagrede øyeblikksbilde.")


def test_rollover_fetch_through_a_dead_ssb_reports_unreachable(
    tmp_path: Path,
    httpserver: HTTPServer,
    make_client: Callable[[], SSBClient],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    httpserver.expect_request(re.compile(".*")).respond_with_data("Service Unavailable", 503)
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    monkeypatch.setenv("NAERING_SSB_URL", httpserver.url_for(API))
    messages: list[str] = []
    assert not _try_fetch("3105", tmp_path, messages.append)
    assert messages[-1].startswith("SSB kan ikke nås (SSB svarte ikke for tabell 01223 (metadata)")
    assert len(httpserver.log) == 5 and clock.sleeps == [1.0, 2.0, 4.0, 8.0]
    assert not (tmp_path / "data").exists()


# --- SSB's behaviour as the fake answers it ------------------------------------------------


def test_post_uses_the_codelist_key_and_saves_the_same_data(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[..., SSBClient]
) -> None:
    client = make_client(max_url_length=50)  # every data request goes by POST
    fetched = fetch_table("13470", client=client, root=tmp_path, now=_now, all_municipalities=True)
    urls = read_snapshot(fetched.result.path).provenance["urls"]
    assert all(url.endswith("/data?lang=no&outputFormat=json-stat2") for url in urls)  # POST
    assert read_snapshot(fetched.result.path).data == (_demo("13470") / "data.json").read_bytes()
    # SSB reads `codelist` (PxApiSpecs "Fixed casing for codelist"); no outputValues is sent
    for body in fake.posts:
        for entry in body["selection"]:
            assert "codeList" not in entry and "outputValues" not in entry
    assert fake.posts[0]["selection"][0]["codelist"] == "agg_KommSummer"


def test_a_repeated_code_is_sent_once_so_ssb_does_not_answer_500(
    fake: FakeSSB, make_client: Callable[..., SSBClient], httpserver: HTTPServer
) -> None:
    codelist, regions = fake.key("07459", "municipality")
    codes = regions.split(",")
    query = {
        "Region": {"valueCodes": [*codes, codes[0]], "codelist": codelist},
        "ContentsCode": ["Personer1"],
        "Tid": ["from(2008)"],
    }
    result = make_client().data("07459", query)
    assert result.responses[0] == fake.parts[("07459", codelist, regions)]
    # the fake answers like SSB when a code is repeated: 500 with an empty body
    url = httpserver.url_for(f"{API}tables/07459/data")
    answer = requests.get(
        url,
        params={"lang": "no", "valueCodes[Region]": "0,0", "valueCodes[ContentsCode]": "Personer1",
                "valueCodes[Tid]": "2020"},
        timeout=5,
    )  # fmt: skip
    assert (answer.status_code, answer.content) == (500, b"")


def test_over_long_get_url_is_a_404_that_says_so(
    fake: FakeSSB, make_client: Callable[..., SSBClient]
) -> None:
    client = make_client(max_url_length=10_000)  # never switch to POST
    many = [f"K-{n:04d}" for n in range(400)]
    query = {
        "Region": {"valueCodes": many, "codelist": "agg_KommSummer"},
        "ContentsCode": ["Personer1"],
        "Tid": ["2020"],
    }
    with pytest.raises(SSBQueryError, match=r"over ca\. 2 100 tegn") as caught:
        client.data("07459", query)
    assert caught.value.status == 404


def test_unknown_table_metadata_is_404_and_data_is_400_with_status_404(
    fake: FakeSSB, httpserver: HTTPServer
) -> None:
    base = httpserver.url_for(f"{API}tables/99999")
    meta = requests.get(f"{base}/metadata", params={"lang": "no"}, timeout=5)
    data = requests.get(f"{base}/data", params={"lang": "no"}, timeout=5)
    assert meta.status_code == 404
    assert (data.status_code, data.json()["status"]) == (400, 404)
    assert meta.headers["x-ratelimit-limit"] == "40"


def test_colleagues_using_the_window_make_the_fetch_wait_not_fail(
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    clock: FakeClock,
) -> None:
    fake._window = (clock.time(), 38)  # colleagues behind the same gateway sent 38 requests
    said: list[str] = []
    fetched = fetch_tables(
        ["07459", "13470"], client=make_client(notify=said.append), root=tmp_path, now=_now
    )
    assert [f.result.status for f in fetched] == ["saved", "saved"]
    assert any("SSBs forespørselsgrense" in line for line in said)
    assert 61.0 in clock.sleeps  # it waited out the window instead of giving up after 16 s


def test_429_without_retry_after_waits_out_the_window_through_the_cli(
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    httpserver: HTTPServer,
) -> None:
    project = _project(tmp_path, monkeypatch)
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    fake.next_faults = [(429, b'{"title":"Too many requests","status":429}', {})]
    assert cli.main(["fetch", "07459", "--ssb-url", httpserver.url_for(API)]) == 0
    out = capsys.readouterr().out
    assert "SSBs forespørselsgrense er nådd (HTTP 429); venter 61 s før neste forsøk …" in out
    assert "venter 1 s før neste forsøk" in out
    assert _folders(project, "07459")


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "prosjekt"
    (project / "data").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'test'\n")
    monkeypatch.setenv("NAERING_ROOT", str(project))
    return project.resolve()


def _folders(project: Path, table: str) -> list[str]:
    folder = project / "data" / "raw" / "ssb" / table
    return (
        sorted(p.name for p in folder.iterdir() if p.name != "metadata") if folder.is_dir() else []
    )


# --- odd but parseable answers are refused before anything is written ----------------------

ODD_ANSWERS = {
    "NaN": (b"60139", b"NaN"),
    "Infinity": (b"60139", b"Infinity"),
    "1e999": (b"60139", b"1e999"),
    "int above 1e308": (b"60139", b"1" + b"0" * 320),
    "1e300": (b"60139", b"1e300"),
    "negative count": (b"60139", b"-60139"),
    "quarterly period": (b'"2025":', b'"2025K4":'),
}


@pytest.mark.parametrize("odd", ODD_ANSWERS)
def test_odd_values_are_refused_through_the_cli_and_nothing_is_written(
    odd: str,
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    httpserver: HTTPServer,
) -> None:
    project = _project(tmp_path, monkeypatch)
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    old, new = ODD_ANSWERS[odd]
    if odd == "quarterly period":
        body = fake.parts[("07459", *fake.key("07459", "municipality"))]
        fake.answer("07459", "municipality", body.replace(old, new, 1))
    else:
        fake.replace("07459", "municipality", old, new)
    assert cli.main(["fetch", "07459", "--ssb-url", httpserver.url_for(API)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("feil: Svaret fra SSB for tabell 07459")
    assert "Traceback" not in err
    assert _folders(project, "07459") == []


def test_a_bom_before_the_json_is_refused(
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    httpserver: HTTPServer,
) -> None:
    project = _project(tmp_path, monkeypatch)
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    key = ("07459", *fake.key("07459", "county"))
    fake.answer("07459", "county", b"\xef\xbb\xbf" + fake.parts[key])
    assert cli.main(["fetch", "07459", "--ssb-url", httpserver.url_for(API)]) == 1
    err = capsys.readouterr().err
    assert "byte-order-merke (BOM)" in err and "Traceback" not in err
    assert _folders(project, "07459") == []


# --- a multi-table fetch is all or nothing -------------------------------------------------


def test_when_table_8_of_10_fails_nothing_is_written(
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    httpserver: HTTPServer,
) -> None:
    project = _project(tmp_path, monkeypatch)
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    fake.fail(
        "13470",
        "country",
        (400, b'{"type":"Parameter error","title":"Non-existent value","status":400}', {}),
    )
    assert cli.main(["fetch", "--ssb-url", httpserver.url_for(API)]) == 1
    captured = capsys.readouterr()
    assert "[9/11] Tabell 13470" in captured.out and "[10/11]" not in captured.out
    assert "tabell 13470" in captured.err
    for table in (
        "01223", "03321", "07459", "07984", "08316", "08551", "11616", "11618", "13470", "13472",
        "14746",
    ):  # fmt: skip
        assert _folders(project, table) == []
        assert not (project / "data" / "raw" / "ssb" / table / "metadata").exists()


def test_a_failed_save_removes_the_folders_this_fetch_wrote(
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_save = fetch_module.save_snapshot
    calls: list[str] = []

    def save(table: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(table)
        if table == "13470":
            raise SnapshotError("disken er full")
        return real_save(table, *args, **kwargs)

    monkeypatch.setattr(fetch_module, "save_snapshot", save)
    with pytest.raises(SnapshotError, match="disken er full"):
        fetch_tables(["07459", "13470"], client=make_client(), root=tmp_path, now=_now)
    assert calls == ["07459", "13470"]
    assert not (tmp_path / "07459").exists() or not any(
        p.name != "metadata" for p in (tmp_path / "07459").iterdir()
    )


# --- rollover: any failure to get valid data falls back, and endringer.md says so ----------


@pytest.mark.parametrize(
    "body",
    [b"<html><body>Vedlikehold</body></html>", b"\xef\xbb\xbf{}"],
    ids=["maintenance-page", "bom"],
)
def test_rollover_falls_back_on_a_maintenance_page_or_bom(
    body: bytes,
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    monkeypatch: pytest.MonkeyPatch,
    httpserver: HTTPServer,
) -> None:
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    monkeypatch.setenv("NAERING_SSB_URL", httpserver.url_for(API))
    fake.next_faults = [(200, body, {"Content-Type": "text/html"})] * 20
    messages: list[str] = []
    outcome = _try_fetch("3105", tmp_path, messages.append)
    assert not outcome
    assert outcome.reason.startswith("Nye data fra SSB kunne ikke brukes")
    assert messages[-1].endswith("Bruker siste lagrede øyeblikksbilde.")
    assert not (tmp_path / "data").exists()


def test_rollover_says_in_endringer_that_it_used_the_latest_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from naering_analysis.report import rollover as rollover_module
    from naering_analysis.report.rollover import FetchOutcome, rollover
    from naering_analysis.report.run import ReportResult

    report_dir = tmp_path / "reports" / "2027-03-01"
    report_dir.mkdir(parents=True)
    monkeypatch.setattr(
        rollover_module, "make_report", lambda **kwargs: ReportResult(path=report_dir)
    )
    result = rollover(
        root=tmp_path,
        fetch=lambda *args: FetchOutcome(False, "SSB svarte med en vedlikeholdsside"),
    )
    text = result.changes.read_text("utf-8")
    assert "**Nye tall ble ikke hentet:** SSB svarte med en vedlikeholdsside." in text
    assert "siste lagrede øyeblikksbilde" in text and not result.fetched


def test_a_range_goes_in_brackets_in_get(
    fake: FakeSSB, make_client: Callable[..., SSBClient], httpserver: HTTPServer
) -> None:
    codelist, regions = fake.key("07459", "country")
    params = {
        "lang": "no",
        "codelist[Region]": codelist,
        "valueCodes[Region]": regions,
        "valueCodes[ContentsCode]": "Personer1",
    }
    url = httpserver.url_for(f"{API}tables/07459/data")
    bare = requests.get(url, params={**params, "valueCodes[Tid]": "range(2015,2020)"}, timeout=5)
    assert (bare.status_code, bare.json()["title"]) == (400, "Illegal selection expression")
    query = {
        "Region": {"valueCodes": [regions], "codelist": codelist},
        "ContentsCode": ["Personer1"],
        "Tid": ["range(2015,2020)"],
    }
    result = make_client().data("07459", query)  # the client sends [range(2015,2020)]
    assert "valueCodes[Tid]=[range(2015,2020)]" in result.urls[0]


def test_a_plain_fetch_asks_for_the_county_and_alle_kommuner_for_every_municipality(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    plain = fetch_table("13470", client=make_client(), root=tmp_path / "a", now=_now)
    national = fetch_table(
        "13470", client=make_client(), root=tmp_path / "b", now=_now, all_municipalities=True
    )
    plain_regions = set(frames.employment(read_snapshot(plain.result.path)).region_code)
    national_regions = set(frames.employment(read_snapshot(national.result.path)).region_code)
    ostfold = {"3101", "3103", "3105", "3107", "3110", "3112", "3114", "3116", "3118"}
    assert plain_regions == ostfold | {"3120", "3122", "3124", "31", "0"}
    assert len(national_regions - {"31", "0"}) == 357


def test_each_table_gets_its_own_deadline(
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    clock: FakeClock,
) -> None:
    """Two tables each wait 500 s on 429s: 1 000 s in all, past one 10-minute fetch deadline."""
    busy = (429, b'{"title":"Too many requests","status":429}', {"Retry-After": "250"})
    fake.fail("07459", "municipality", busy, busy)
    fake.fail("13470", "municipality", busy, busy)
    fetched = fetch_tables(["07459", "13470"], client=make_client(), root=tmp_path, now=_now)
    assert [f.result.status for f in fetched] == ["saved", "saved"]
    assert sum(clock.sleeps) >= 1_000.0  # waited out as a countdown in steps of 10 s


def test_one_table_past_its_deadline_still_stops_the_fetch(
    tmp_path: Path,
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    clock: FakeClock,
) -> None:
    busy = (429, b'{"title":"Too many requests","status":429}', {"Retry-After": "250"})
    fake.fail("13470", "municipality", busy, busy, busy)
    with pytest.raises(SSBUnavailable, match="fristen på 10 minutter per tabell"):
        fetch_tables(["07459", "13470"], client=make_client(), root=tmp_path, now=_now)
    assert sum(clock.sleeps) == 500.0  # the third wait would pass 13470's ten minutes
    assert not (tmp_path / "07459").exists() or not any(
        p.name != "metadata" for p in (tmp_path / "07459").iterdir()
    )


@pytest.mark.parametrize(("hour", "likevel", "fetches"), [(6, False, False), (6, True, True)])
def test_rollover_does_not_fetch_while_ssb_revises_unless_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hour: int, likevel: bool, fetches: bool
) -> None:
    from zoneinfo import ZoneInfo

    from naering_analysis.report import rollover as rollover_module
    from naering_analysis.report.rollover import FetchOutcome, rollover
    from naering_analysis.report.run import ReportResult

    when = datetime(2027, 3, 1, hour, 15, tzinfo=ZoneInfo("Europe/Oslo"))
    monkeypatch.setattr(fetch_module, "oslo_now", lambda: when)
    report_dir = tmp_path / "reports" / "2027-03-01"
    report_dir.mkdir(parents=True)
    monkeypatch.setattr(
        rollover_module, "make_report", lambda **kwargs: ReportResult(path=report_dir)
    )
    calls: list[object] = []

    def fetch(*args: object) -> FetchOutcome:
        calls.append(args)
        return FetchOutcome(True, "")

    messages: list[str] = []
    result = rollover(root=tmp_path, fetch=fetch, progress=messages.append, likevel=likevel)
    assert bool(calls) is fetches and result.fetched is fetches
    said = " ".join(messages)
    assert "05" in said and ("--likevel" in said)
    if not fetches:
        text = result.changes.read_text("utf-8")
        assert "mens SSB reviderer tabellene (kl. 05–08)" in text
