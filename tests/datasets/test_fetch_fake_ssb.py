"""The live data path end to end, offline: fetch → real SSBClient → HTTP → a fake PxWebApi 2.

A local server (pytest-httpserver) plays SSB. It is built from the committed demo snapshot: the
``tables/{id}/metadata`` answer lists the demo's dimensions and categories (plus the eliminated
ones and the full time range), ``codelists/{id}`` answers the codelists, and ``tables/{id}/data``
answers each region-level part with the demo's recorded response byte for byte, picked by
``codelist[Region]`` and ``valueCodes[Region]``. The rate limiter and the retry sleep run on a
fake clock, so no real time passes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import naering_analysis.datasets.fetch as fetch_module
from naering_analysis import cli
from naering_analysis.datasets import frames
from naering_analysis.datasets.fetch import fetch_table
from naering_analysis.errors import SSBQueryError, SSBUnavailable
from naering_analysis.report.rollover import _try_fetch
from naering_analysis.snapshots import latest, list_snapshots, read_snapshot
from naering_analysis.ssb.catalogue import default_neighbours, load_table
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.ratelimit import RetryPolicy, SlidingWindowLimiter
from tests.helpers import FakeClock

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "raw" / "ssb"
DEMO_LABEL = "2026-11-26"
SSB_BASE = "https://data.ssb.no/api/pxwebapi/v2/"
API = "/api/pxwebapi/v2/"
ERROR_400 = (REPO / "tests" / "fixtures" / "ssb" / "error_400.json").read_bytes()
JSON = "application/json; charset=UTF-8"
#: Region code prefix in the demo answers → (query part, codelist, codelist type).
REGION_LISTS = {
    "K-": ("municipality", "agg_KommSummer", "Aggregation"),
    "F-": ("county", "agg_KommFylker", "Aggregation"),
    "": ("country", "vs_Landet", "Valueset"),
}
ELIMINATED = {"Kjonn": ["1", "2"], "Alder": [f"{age:03d}" for age in range(105)] + ["105+"]}


def _now() -> datetime:
    return datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def _demo(table: str) -> Path:
    return DEMO / table / DEMO_LABEL


def _level_of(region_code: str) -> tuple[str, str, str]:
    return next(v for prefix, v in REGION_LISTS.items() if region_code.startswith(prefix))


def _table_code(region_code: str) -> str:
    return re.sub(r"^[KF]-", "", region_code)


def _codelist_link(codelist: str, kind: str) -> dict[str, Any]:
    href = f"{SSB_BASE}codelists/{codelist}?lang=no"
    return {
        "id": codelist,
        "label": codelist,
        "type": kind,
        "links": [{"rel": "metadata", "href": href}],
    }


def _category(codes: list[str], labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "index": {code: i for i, code in enumerate(codes)},
        "label": {code: (labels or {}).get(code, code) for code in codes},
    }


class FakeSSB:
    """PxWebApi 2 for tables 07459 and 13470 as the demo snapshot recorded it."""

    def __init__(self) -> None:
        self.metadata: dict[str, dict[str, Any]] = {}
        self.parts: dict[tuple[str, str, str], bytes] = {}  # (table, codelist, valueCodes)
        self.levels: dict[tuple[str, str], tuple[str, str]] = {}  # (table, level) → key
        self.codelists: dict[str, dict[str, dict[str, Any]]] = {}  # id → code → value
        self.faults: dict[tuple[str, str], list[tuple[int, bytes]]] = {}
        for table in ("07459", "13470"):
            self._add_table(table)

    def _add_table(self, table: str) -> None:
        spec = load_table(table)
        docs = []
        for path in sorted((_demo(table) / "responses").glob("*.json")):
            body = path.read_bytes()
            doc = json.loads(body)
            regions = list(doc["dimension"]["Region"]["category"]["index"])
            level, codelist, _ = _level_of(regions[0])
            self.parts[(table, codelist, ",".join(regions))] = body
            self.levels[(table, level)] = (codelist, ",".join(regions))
            labels = doc["dimension"]["Region"]["category"]["label"]
            values = self.codelists.setdefault(codelist, {})
            values |= {
                c: {"code": c, "label": labels[c], "valueMap": [_table_code(c)]} for c in regions
            }
            docs.append(doc)
        first = docs[0]
        dims: dict[str, Any] = {}
        region_codes = [
            _table_code(c) for d in docs for c in d["dimension"]["Region"]["category"]["index"]
        ]
        dims["Region"] = {
            "label": "region",
            "category": _category(region_codes),
            "extension": {
                "elimination": True,
                "show": "value",
                "codelists": [_codelist_link(c, kind) for _, c, kind in REGION_LISTS.values()],
            },
        }
        for dim, codes in ELIMINATED.items():
            if dim in spec.eliminated:
                dims[dim] = {
                    "label": dim.lower(),
                    "category": _category(codes),
                    "extension": {"elimination": True},
                }
        for dim in first["id"][1:]:
            obj = json.loads(json.dumps(first["dimension"][dim]))
            if dim == "Tid":  # the table reaches further back than the query's from(...)
                last = max(map(int, obj["category"]["index"]))
                obj["category"] = _category(
                    [str(y) for y in range(int(spec.first_period), last + 1)]
                )
            obj["extension"]["elimination"] = dim not in ("ContentsCode", "Tid")
            dim_list = spec.dimension(dim).codelist
            if dim_list:
                obj["extension"]["codelists"] = [_codelist_link(dim_list, "Aggregation")]
                codes = list(obj["category"]["index"])
                labels = obj["category"]["label"]
                self.codelists[dim_list] = {
                    c: {"code": c, "label": labels[c], "valueMap": [c]} for c in codes
                }
            dims[dim] = obj
        ids = list(dims)
        self.metadata[table] = {
            **{
                k: first[k]
                for k in ("version", "class", "label", "source", "updated", "note", "role")
            },
            "id": ids,
            "size": [len(dims[d]["category"]["index"]) for d in ids],
            "dimension": dims,
            "extension": first["extension"],
            "value": [],
        }

    def key(self, table: str, level: str) -> tuple[str, str]:
        """Return ``(codelist[Region], valueCodes[Region])`` of a table's query part."""
        return self.levels[(table, level)]

    def replace(self, table: str, level: str, old: bytes, new: bytes) -> None:
        """Make SSB answer one part with ``old`` (found exactly once) replaced by ``new``."""
        key = (table, *self.key(table, level))
        assert self.parts[key].count(old) == 1, f"{old!r} is not unique in {key}"
        self.parts[key] = self.parts[key].replace(old, new)

    def handle(self, request: Request) -> Response:
        """Answer one request the way PxWebApi 2 would."""
        path, args = request.path.removeprefix(API), request.args
        if request.method != "GET":
            return _problem(405, "Method Not Allowed", f"{request.method} {path}")
        if m := re.fullmatch(r"codelists/(\w+)", path):
            if m[1] not in self.codelists or args.get("lang") != "no":
                return _problem(404, "Not Found", f"Codelist {m[1]} not found")
            doc = {
                "id": m[1],
                "label": m[1],
                "language": "no",
                "elimination": False,
                "values": list(self.codelists[m[1]].values()),
            }
            return Response(json.dumps(doc, ensure_ascii=False), 200, content_type=JSON)
        m = re.fullmatch(r"tables/(\w+)/(metadata|data)", path)
        if not m or m[1] not in self.metadata:
            return _problem(404, "Not Found", f"No table or route {path}")
        if args.get("lang") != "no" or args.get("outputFormat") != "json-stat2":
            return _problem(400, "Bad Request", "lang=no and outputFormat=json-stat2 expected")
        if m[2] == "metadata":
            return Response(
                json.dumps(self.metadata[m[1]], ensure_ascii=False), 200, content_type=JSON
            )
        return self._data(m[1], args)

    def _data(self, table: str, args: Any) -> Response:
        meta = self.metadata[table]
        asked = {k[len("valueCodes[") : -1] for k in args if k.startswith("valueCodes[")}
        if unknown := asked - set(meta["id"]):
            return _problem(400, "Bad Request", f"Unknown variables {sorted(unknown)}")
        dims = meta["dimension"]
        if missing := [
            d for d in meta["id"] if d not in asked and not dims[d]["extension"]["elimination"]
        ]:
            return _problem(400, "Bad Request", f"Mandatory variables missing: {missing}")
        key = (args.get("codelist[Region]", ""), args.get("valueCodes[Region]", ""))
        if self.faults.get(key):
            status, body = self.faults[key].pop(0)
            return Response(body, status, content_type="application/problem+json")
        if (table, *key) not in self.parts:
            return _problem(
                400, "Bad Request", f"Value {key[1]} is not valid for Region ({key[0]})"
            )
        return Response(self.parts[(table, *key)], 200, content_type=JSON)


def _problem(status: int, title: str, detail: str) -> Response:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    return Response(body, status, content_type="application/problem+json")


@pytest.fixture
def fake(httpserver: HTTPServer) -> Iterator[FakeSSB]:
    ssb = FakeSSB()
    httpserver.expect_request(re.compile(".*")).respond_with_handler(ssb.handle)
    yield ssb
    httpserver.check_handler_errors()


@pytest.fixture
def make_client(httpserver: HTTPServer, clock: FakeClock) -> Callable[[], SSBClient]:
    limiter = SlidingWindowLimiter(clock=clock.time, sleep=clock.sleep)
    retry = RetryPolicy(jitter=lambda delay: 0.0)
    base = httpserver.url_for(API)
    return lambda: SSBClient(base_url=base, limiter=limiter, retry=retry, sleep=clock.sleep)


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
        table, client=make_client(), root=tmp_path, now=_now, progress=messages.append
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
    assert len(sarpsborg) == 17
    assert sarpsborg["jobs"].sum() == 29_399
    assert jobs.attrs["synthetic"] is False


# --- 3: same-day refetches ---------------------------------------------------------------


def test_identical_refetch_is_skipped_and_a_changed_answer_makes_a_new_folder(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    first = fetch_table("07459", client=make_client(), root=tmp_path, now=_now)
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
    assert read_snapshot(first.result.path).data == (_demo("07459") / "data.json").read_bytes()


# --- 4: what the server received -----------------------------------------------------------


def _expected_params(table: str, level: str) -> dict[str, str]:
    """Build the GET parameters of one query part from the catalogue YAML, independently."""
    spec = load_table(table)
    region = spec.region_levels[level]  # type: ignore[index]
    kommuner = ["3105", *default_neighbours("3105"), *spec.extra_municipalities]
    if spec.county_municipalities:  # then every current municipality of Østfold (31xx)
        rows = (REPO / "src" / "naering_analysis" / "data" / "municipalities.csv").read_text()
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
        values, codelist, output = (
            (codes, region.codelist, region.output_values)
            if dim.id == "Region"
            else (list(dim.values), dim.codelist, dim.output_values)
        )
        params[f"valueCodes[{dim.id}]"] = ",".join(values)
        params |= {f"codelist[{dim.id}]": codelist} if codelist else {}
        params |= {f"outputValues[{dim.id}]": output} if output else {}
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
    assert municipality["outputValues[Region]"] == "aggregated"
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
    fake.faults[county] = [(503, b"Service Unavailable")] * 2
    fetched = fetch_table("07459", client=make_client(), root=tmp_path, now=_now)
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
    fake.faults[fake.key("07459", "county")] = [(503, b"Service Unavailable")] * 5
    with pytest.raises(SSBUnavailable, match="etter 5 forsøk"):
        fetch_table("07459", client=make_client(), root=tmp_path, now=_now)
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0]
    assert list(tmp_path.iterdir()) == []


def test_400_on_the_last_part_raises_with_ssbs_message_and_writes_nothing(
    tmp_path: Path, fake: FakeSSB, make_client: Callable[[], SSBClient]
) -> None:
    fake.faults[fake.key("07459", "country")] = [(400, ERROR_400)]
    with pytest.raises(SSBQueryError) as caught:
        fetch_table("07459", client=make_client(), root=tmp_path, now=_now)
    error = caught.value
    assert error.table == "07459" and error.status == 400
    assert json.loads(ERROR_400)["detail"] in str(error)
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
) -> None:
    project = tmp_path / "prosjekt"
    (project / "data").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'test'\n")
    monkeypatch.setenv("NAERING_ROOT", str(project))
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)  # no base-url setting exists
    assert cli.main(["fetch", "07459"]) == 0
    [folder] = (project.resolve() / "data" / "raw" / "ssb" / "07459").iterdir()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", folder.name)
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
    assert _try_fetch("3105", tmp_path, messages.append) is False
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
    messages: list[str] = []
    assert _try_fetch("3105", tmp_path, messages.append) is False
    assert messages[-1].startswith("SSB kan ikke nås (SSB svarte ikke for tabell 07459 (metadata)")
    assert len(httpserver.log) == 5 and clock.sleeps == [1.0, 2.0, 4.0, 8.0]
    assert not (tmp_path / "data").exists()
