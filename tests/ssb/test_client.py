"""Tests for the PxWebApi 2 client, its transport and the rate limiter (all offline)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
import responses
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from naering_analysis import __version__
from naering_analysis.errors import (
    SSBFormatError,
    SSBIncompleteAnswer,
    SSBNotAnswering,
    SSBQueryError,
    SSBUnavailable,
)
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.combine import dumps_dataset
from naering_analysis.ssb.query import Query, encode_params
from naering_analysis.ssb.ratelimit import (
    RetryPolicy,
    SlidingWindowLimiter,
    default_limiter,
    parse_retry_after,
)
from tests.helpers import FIXTURES as SSB_ROOT
from tests.helpers import FakeClock

FIXTURES = SSB_ROOT / "ssb"
META = (FIXTURES / "metadata_13470.json").read_bytes()
DATA = (FIXTURES / "data_13470_k3105.json").read_bytes()
CODELIST = (FIXTURES / "codelist_agg_KommSummer.json").read_bytes()
ROOT = "/api/pxwebapi/v2/"
META_PATH = ROOT + "tables/13470/metadata"
DATA_PATH = ROOT + "tables/13470/data"
JSONSTAT = "application/json; charset=UTF-8"
K3105 = {
    "Region": {"valueCodes": ["K-3105"], "codelist": "agg_KommSummer"},
    "NACE2007": {"valueCodes": ["10-33", "41-43", "86-88"], "codelist": "agg_NACE2007arb11"},
    "ContentsCode": ["SysselsatteArb"],
    "Tid": ["2022", "2023"],
}
K3105_PARAMS = {
    "lang": "no",
    "outputFormat": "json-stat2",
    "valueCodes[Region]": "K-3105",
    "codelist[Region]": "agg_KommSummer",
    "valueCodes[NACE2007]": "10-33,41-43,86-88",
    "codelist[NACE2007]": "agg_NACE2007arb11",
    "valueCodes[ContentsCode]": "SysselsatteArb",
    "valueCodes[Tid]": "2022,2023",
}


def make_client(base: str, clock: FakeClock, **kwargs: Any) -> SSBClient:
    limiter = SlidingWindowLimiter(clock=clock.time, sleep=clock.sleep)
    retry = RetryPolicy(jitter=lambda delay: 0.0)
    return SSBClient(
        base, limiter=limiter, retry=retry, sleep=clock.sleep, clock=clock.time, **kwargs
    )


@pytest.fixture
def ssb(httpserver: HTTPServer, clock: FakeClock) -> Iterator[SSBClient]:
    httpserver.expect_request(
        META_PATH, query_string={"lang": "no", "outputFormat": "json-stat2"}
    ).respond_with_data(META, content_type=JSONSTAT)
    with make_client(httpserver.url_for(ROOT), clock) as client:
        yield client


def data_requests(httpserver: HTTPServer) -> list[Request]:
    return [req for req, _ in httpserver.log if req.path == DATA_PATH]


# --- normal replies ------------------------------------------------------------------------


def test_normal_reply_is_kept_byte_for_byte(httpserver: HTTPServer, ssb: SSBClient) -> None:
    httpserver.expect_request(DATA_PATH, query_string=K3105_PARAMS).respond_with_data(
        DATA, content_type=JSONSTAT
    )
    result = ssb.data("13470", K3105)
    assert result.responses == [DATA]
    assert result.data_bytes() == DATA
    assert result.dataset == json.loads(DATA)
    assert result.cells == 1 * 3 * 1 * 2
    assert not result.is_combined
    assert result.title is not None and result.title.startswith("13470: Sysselsatte")
    assert result.ssb_updated == "2025-03-07T07:00:00Z"
    assert result.query_record() == Query.from_dict(K3105).to_dict()
    [sent] = result.requests
    assert sent.method == "GET" and sent.body is None
    assert result.urls == [sent.url]
    assert "valueCodes[Region]=K-3105&codelist[Region]=agg_KommSummer" in sent.url
    # explicit codes under a codelist are counted by length: no codelist request was needed
    assert [req.path for req, _ in httpserver.log] == [META_PATH, DATA_PATH]


def test_user_agent_and_accept_headers_are_sent(httpserver: HTTPServer, ssb: SSBClient) -> None:
    httpserver.expect_request(DATA_PATH).respond_with_data(DATA, content_type=JSONSTAT)
    ssb.data("13470", K3105)
    for request, _ in httpserver.log:
        assert request.headers["User-Agent"] == (
            f"naering-analysis/{__version__} (+Sarpsborg kommune næringsanalyse)"
        )
        assert request.headers["Accept"] == "application/json"


def test_metadata_is_fetched_once_per_table(httpserver: HTTPServer, ssb: SSBClient) -> None:
    assert ssb.metadata("13470")["id"] == ["Region", "NACE2007", "ContentsCode", "Tid"]
    ssb.metadata("13470")
    assert len(httpserver.log) == 1


# --- retries -------------------------------------------------------------------------------


@pytest.mark.parametrize("retry_after", ["7", "Wed, 21 Oct 2015 07:28:07 GMT"])
def test_429_honours_retry_after(
    httpserver: HTTPServer, ssb: SSBClient, clock: FakeClock, retry_after: str
) -> None:
    httpserver.expect_oneshot_request(DATA_PATH).respond_with_data(
        (FIXTURES / "error_429.json").read_bytes(),
        status=429,
        headers={"Retry-After": retry_after},
        content_type="application/problem+json",
    )
    httpserver.expect_request(DATA_PATH).respond_with_data(DATA, content_type=JSONSTAT)
    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)  # an HTTP date is 7 s after this
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            "naering_analysis.ssb.transport.parse_retry_after",
            lambda value: parse_retry_after(value, now=now),
        )
        result = ssb.data("13470", K3105)
    assert clock.sleeps == [7.0]
    assert result.responses == [DATA]
    assert len(data_requests(httpserver)) == 2


def test_429_without_retry_after_waits_out_the_window_with_a_countdown(
    httpserver: HTTPServer, clock: FakeClock
) -> None:
    httpserver.expect_request(META_PATH).respond_with_data(META, content_type=JSONSTAT)
    httpserver.expect_oneshot_request(DATA_PATH).respond_with_data(
        (FIXTURES / "error_429.json").read_bytes(), status=429
    )
    httpserver.expect_request(DATA_PATH).respond_with_data(DATA, content_type=JSONSTAT)
    said: list[str] = []
    client = make_client(httpserver.url_for(ROOT), clock, notify=said.append)
    assert client.data("13470", K3105).responses == [DATA]
    # SSB counts requests per 60 s: 1+2+4+8 s of backoff would only earn more 429s
    assert sum(clock.sleeps) == 61.0 and max(clock.sleeps) == 10.0
    assert said[0] == (
        "  SSBs forespørselsgrense er nådd (HTTP 429); venter 61 s før neste forsøk …"
    )
    assert "venter 1 s" in said[-1] and len(said) == 7


def test_429_until_the_deadline_names_the_request_limit(
    httpserver: HTTPServer, clock: FakeClock
) -> None:
    httpserver.expect_request(META_PATH).respond_with_data(META, content_type=JSONSTAT)
    httpserver.expect_request(DATA_PATH).respond_with_data(
        (FIXTURES / "error_429.json").read_bytes(), status=429
    )
    client = make_client(httpserver.url_for(ROOT), clock, notify=lambda _m: None)
    with pytest.raises(SSBUnavailable) as caught:
        client.data("13470", K3105)
    message = str(caught.value)
    assert message.startswith("SSBs forespørselsgrense er nådd (HTTP 429)")
    assert "30 forespørsler per 60 sekunder per IP-adresse" in message
    assert "fristen på 10 minutter per tabell" in message and "nede" not in message
    assert clock.now <= 600.0  # one deadline for the table, not 5 x 300 s per request
    assert len(data_requests(httpserver)) == 10  # 9 waits of 61 s fit in 10 minutes


def test_ratelimit_headers_are_followed(httpserver: HTTPServer, clock: FakeClock) -> None:
    httpserver.expect_request(META_PATH).respond_with_data(
        META, content_type=JSONSTAT, headers={"x-ratelimit-limit": "40"}
    )
    httpserver.expect_oneshot_request(DATA_PATH).respond_with_data(
        DATA,
        content_type=JSONSTAT,
        headers={"x-ratelimit-limit": "40", "x-ratelimit-remaining": "0"},
    )
    httpserver.expect_request(DATA_PATH).respond_with_data(DATA, content_type=JSONSTAT)
    client = make_client(httpserver.url_for(ROOT), clock)
    client.data("13470", K3105)
    assert clock.sleeps == []
    client.data("13470", K3105)  # colleagues used the window up: wait for it to pass
    assert clock.sleeps == [61.0]
    assert client.transport.limiter.max_calls == 30  # 40 is not a reason to send more


def test_a_lower_ratelimit_header_lowers_the_budget(clock: FakeClock) -> None:
    limiter = SlidingWindowLimiter(30, 60.0, clock=clock.time, sleep=clock.sleep)
    limiter.observe("20", "19")
    assert limiter.max_calls == 20
    limiter.observe("ikke et tall", None)
    assert limiter.max_calls == 20


def test_503_twice_then_success_backs_off(
    httpserver: HTTPServer, ssb: SSBClient, clock: FakeClock
) -> None:
    for _ in range(2):
        httpserver.expect_oneshot_request(DATA_PATH).respond_with_data("Service Unavailable", 503)
    httpserver.expect_request(DATA_PATH).respond_with_data(DATA, content_type=JSONSTAT)
    result = ssb.data("13470", K3105)
    assert clock.sleeps == [1.0, 2.0]
    assert result.responses == [DATA]
    assert len(data_requests(httpserver)) == 3


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_exhaust_retries(
    httpserver: HTTPServer, ssb: SSBClient, clock: FakeClock, status: int
) -> None:
    httpserver.expect_request(DATA_PATH).respond_with_data("nede", status)
    with pytest.raises(SSBUnavailable) as caught:
        ssb.data("13470", K3105)
    message = str(caught.value)
    assert "13470" in message and "5 forsøk" in message and f"HTTP {status}" in message
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0]
    assert len(data_requests(httpserver)) == 5


@pytest.mark.parametrize(
    ("failure", "headline"),
    [
        (
            requests.exceptions.ReadTimeout("read timed out"),
            "SSB svarer ikke: forbindelsen til SSB ble opprettet, men svaret for tabell 13470 kom "
            "ikke innen 0,1 s (tidsavbrudd (ReadTimeout)), 5 ganger på rad.",
        ),
        (requests.ConnectionError("refused"), "SSB svarte ikke for tabell 13470 etter 5 forsøk"),
    ],
)
def test_timeouts_and_connection_errors_are_retried_then_unavailable(
    clock: FakeClock, failure: Exception, headline: str
) -> None:
    base = "https://data.ssb.no/api/pxwebapi/v2/"
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, re.compile(r".*/tables/13470/metadata.*"), body=META)
        mock.add(responses.GET, re.compile(r".*/tables/13470/data.*"), body=failure)
        client = make_client(base, clock, timeout=(0.1, 0.1))
        with pytest.raises(SSBUnavailable) as caught:
            client.data("13470", K3105)
        data_calls = [c for c in mock.calls if "13470/data" in (c.request.url or "")]
    message = str(caught.value)
    assert headline in message
    assert isinstance(caught.value, SSBNotAnswering) == isinstance(failure, requests.ReadTimeout)
    assert type(failure).__name__ in message
    assert "Prøv igjen senere" in message and "øyeblikksbilde" in message
    # SSB's real schedule, not "down on mornings and weekends"
    assert "revideres mellom kl. 05 og 08" in message and "11.30" in message
    assert "morgenen og i helgene" not in message
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0]
    assert len(data_calls) == 5


# --- refusals ------------------------------------------------------------------------------


def test_400_carries_ssb_problem_details(httpserver: HTTPServer, ssb: SSBClient) -> None:
    httpserver.expect_request(DATA_PATH).respond_with_data(
        (FIXTURES / "error_400.json").read_bytes(),
        status=400,
        content_type="application/problem+json",
    )
    query = {**K3105, "Region": {"valueCodes": ["K-9999"], "codelist": "agg_KommSummer"}}
    with pytest.raises(SSBQueryError) as caught:
        ssb.data("13470", query)
    error = caught.value
    assert error.status == 400 and error.table == "13470"
    assert error.query == Query.from_dict(query).to_dict()
    message = str(error)
    assert "Non-existent value" in message  # SSB's diagnosis is the problem's title
    assert "verdikode finnes ikke" in message and "naering sjekk" in message
    assert "tabell 13470" in message
    assert "K-9999" in error.verbose and "http" not in message  # the URL only with --verbose
    assert len(data_requests(httpserver)) == 1  # a refusal is not retried


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("Non-existent variable", "variabel finnes ikke"),
        ("Non-existent codelist", "Kodelisten finnes ikke"),
        ("Missing selection for mandantory variable", "ikke kan utelates"),
        ("Illegal selection expression", "hakeparenteser"),
        ("Illegal selection expression", r"from\(\) eller to\(\) nevner en kode som ikke finnes"),
        ("Illegal selection expression", r"skriv top\(2,1\), ikke top\(2, 1\)"),
        ("Non-existent table", "Tabellnummeret finnes ikke hos SSB.*søk i SSBs tabelliste"),
    ],
)
def test_each_problem_title_gets_its_own_advice(
    httpserver: HTTPServer, ssb: SSBClient, title: str, said: str
) -> None:
    body = json.dumps({"type": "Parameter error", "title": title, "status": 400})
    httpserver.expect_request(DATA_PATH).respond_with_data(
        body, status=400, content_type="application/problem+json"
    )
    with pytest.raises(SSBQueryError, match=said):
        ssb.data("13470", K3105)


def test_500_with_empty_body_is_retried_once_then_explained(
    httpserver: HTTPServer, ssb: SSBClient, clock: FakeClock
) -> None:
    httpserver.expect_request(DATA_PATH).respond_with_data(b"", status=500)
    with pytest.raises(SSBUnavailable, match="samme verdikode står to ganger"):
        ssb.data("13470", K3105)
    assert len(data_requests(httpserver)) == 2 and clock.sleeps == [1.0]


def test_transient_500_is_retried_once(
    httpserver: HTTPServer, ssb: SSBClient, clock: FakeClock
) -> None:
    httpserver.expect_oneshot_request(DATA_PATH).respond_with_data(b"", status=500)
    httpserver.expect_request(DATA_PATH).respond_with_data(DATA, content_type=JSONSTAT)
    assert ssb.data("13470", K3105).responses == [DATA]


def test_too_many_cells_is_a_400_problem_and_mentions_the_limit(
    httpserver: HTTPServer, ssb: SSBClient
) -> None:
    httpserver.expect_request(DATA_PATH).respond_with_data(
        (FIXTURES / "error_400_too_many_cells.json").read_bytes(),
        status=400,
        content_type="application/problem+json",
    )
    with pytest.raises(SSBQueryError, match="høyst 800 000 celler per uttrekk") as caught:
        ssb.data("13470", K3105)
    assert caught.value.status == 400
    assert "Too many cells selected" in str(caught.value)


def test_a_403_is_not_taken_for_too_many_cells(httpserver: HTTPServer, ssb: SSBClient) -> None:
    httpserver.expect_request(DATA_PATH).respond_with_data(
        '{"title":"Forbidden","status":403}', status=403, content_type="application/problem+json"
    )
    with pytest.raises(SSBQueryError) as caught:
        ssb.data("13470", K3105)
    assert "800 000" not in str(caught.value)


def test_plain_text_404_is_shown(httpserver: HTTPServer, ssb: SSBClient) -> None:
    httpserver.expect_request(DATA_PATH).respond_with_data(
        "<html><body><h1>Not Found</h1></body></html>", status=404, content_type="text/html"
    )
    with pytest.raises(SSBQueryError, match=r"HTTP 404: Not Found\)\.\nTabellen") as caught:
        ssb.data("13470", K3105)
    assert caught.value.status == 404


def test_a_maintenance_page_is_retried_then_named(
    httpserver: HTTPServer, ssb: SSBClient, clock: FakeClock
) -> None:
    page = "<html><title>Vedlikehold</title>Vi er straks tilbake</html>"
    httpserver.expect_request(DATA_PATH).respond_with_data(page, 200, content_type="text/html")
    with pytest.raises(SSBIncompleteAnswer, match="tabell 13470") as caught:
        ssb.data("13470", K3105)
    assert httpserver.url_for(DATA_PATH) in caught.value.verbose
    assert not isinstance(caught.value, SSBFormatError)  # a transient fault, not a bad table
    message = str(caught.value)
    assert (
        "i noen av 5 forsøk" in message and "nettside i stedet for data (vedlikehold?)" in message
    )
    assert "Vedlikehold" in message and "Ingenting er lagret" in message
    assert len(data_requests(httpserver)) == 5 and clock.sleeps == [1.0, 2.0, 4.0, 8.0]


def test_a_body_cut_off_without_length_is_fetched_again(
    httpserver: HTTPServer, ssb: SSBClient, clock: FakeClock
) -> None:
    """The same request succeeded a second later; the first answer was not «malformed»."""
    httpserver.expect_oneshot_request(DATA_PATH).respond_with_data(
        DATA[: len(DATA) // 2], content_type=JSONSTAT
    )
    httpserver.expect_request(DATA_PATH).respond_with_data(DATA, content_type=JSONSTAT)
    result = ssb.data("13470", K3105)
    assert result.data_bytes() == DATA
    assert len(data_requests(httpserver)) == 2 and clock.sleeps == [1.0]


def test_unknown_variable_and_missing_mandatory_fail_before_sending(
    httpserver: HTTPServer, ssb: SSBClient
) -> None:
    with pytest.raises(SSBQueryError, match=r"variabelen/variablene \['Kjonn'\]"):
        ssb.data("13470", {**K3105, "Kjonn": ["1"]})
    with pytest.raises(SSBQueryError, match=r"Tid kan ikke utelates"):
        ssb.data("13470", {k: v for k, v in K3105.items() if k != "Tid"})
    with pytest.raises(SSBQueryError, match="Kodelisten agg_Feil finnes ikke"):
        ssb.data("13470", {**K3105, "Region": {"valueCodes": ["K-3105"], "codelist": "agg_Feil"}})
    with pytest.raises(SSBQueryError, match="Ugyldig tabellnummer"):
        ssb.data("../13470", K3105)
    assert data_requests(httpserver) == []


# --- cell counting against metadata and codelists -------------------------------------------


def test_count_cells_by_hand(httpserver: HTTPServer, ssb: SSBClient) -> None:
    # Region 17 codes (*), NACE2007 eliminated (1), ContentsCode 1, Tid from(2020) = 5 years
    assert ssb.count_cells("13470", {"Region": "*", "ContentsCode": "*", "Tid": "from(2020)"}) == 85
    # Region 310? matches 3101, 3103, 3105, 3107; Tid top(3): 2022-2024
    query = {"Region": "310?", "NACE2007": "4*", "ContentsCode": "*", "Tid": "top(3)"}
    assert ssb.count_cells("13470", query) == 4 * 3 * 1 * 3


def test_star_under_codelist_counts_codelist_values(httpserver: HTTPServer, ssb: SSBClient) -> None:
    httpserver.expect_request(
        ROOT + "codelists/agg_KommSummer", query_string={"lang": "no"}
    ).respond_with_data(CODELIST, content_type=JSONSTAT)
    region = {"valueCodes": ["*"], "codelist": "agg_KommSummer"}
    base = {"ContentsCode": "*", "Tid": "2024"}
    assert ssb.count_cells("13470", {"Region": region, **base}) == 7
    groups = {**region, "valueCodes": ["K-31*"]}
    assert ssb.count_cells("13470", {"Region": groups, **base}) == 7  # one per selected group
    codelist_calls = [r for r, _ in httpserver.log if "codelists" in r.path]
    assert len(codelist_calls) == 1  # cached


def test_unknown_codelist_values_count_the_list(httpserver: HTTPServer, ssb: SSBClient) -> None:
    httpserver.expect_request(ROOT + "codelists/agg_KommSummer").respond_with_data(
        '{"title":"Not Found","status":404}', status=404
    )
    region = {"valueCodes": ["*"], "codelist": "agg_KommSummer"}
    assert ssb.count_cells("13470", {"Region": region, "ContentsCode": "*", "Tid": "*"}) == 10


# --- splitting over the 800,000-cell limit ---------------------------------------------------

BIG_YEARS = [str(y) for y in range(1995, 2025)]


def big_metadata() -> dict[str, Any]:
    def dim(codes: list[str], elimination: bool) -> dict[str, Any]:
        return {
            "label": "x",
            "category": {"index": {c: i for i, c in enumerate(codes)}},
            "extension": {"elimination": elimination},
        }

    regions = [f"R{i:04d}" for i in range(1000)]
    industries = [f"N{i:02d}" for i in range(40)]
    return {
        "version": "2.0",
        "class": "dataset",
        "role": {"time": ["Tid"]},
        "id": ["Region", "NACE2007", "ContentsCode", "Tid"],
        "size": [1000, 40, 1, 30],
        "dimension": {
            "Region": dim(regions, True),
            "NACE2007": dim(industries, True),
            "ContentsCode": dim(["Syss"], False),
            "Tid": dim(BIG_YEARS, False),
        },
        "value": [],
    }


def tiny_reply(request: Request) -> Response:
    """Answer with one region and industry for the requested years: value = year - 1000."""
    years = request.args["valueCodes[Tid]"].split(",")
    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": "Stor tabell",
        "updated": f"2025-01-0{len(years) % 9 + 1}T08:00:00Z",
        "id": ["Region", "NACE2007", "ContentsCode", "Tid"],
        "size": [1, 1, 1, len(years)],
        "dimension": {
            "Region": {"category": {"index": {"R0000": 0}}},
            "NACE2007": {"category": {"index": {"N00": 0}}},
            "ContentsCode": {"category": {"index": {"Syss": 0}}},
            "Tid": {"category": {"index": {y: i for i, y in enumerate(years)}}},
        },
        "value": [int(y) - 1000 for y in years],
    }
    return Response(json.dumps(doc), content_type=JSONSTAT)


def test_query_over_limit_is_split_along_tid_and_recombined(
    httpserver: HTTPServer, clock: FakeClock
) -> None:
    httpserver.expect_request("/big/tables/99999/metadata").respond_with_json(big_metadata())
    httpserver.expect_request("/big/tables/99999/data").respond_with_handler(tiny_reply)
    client = make_client(httpserver.url_for("/big/"), clock)
    query = {"Region": "*", "NACE2007": "*", "ContentsCode": "Syss", "Tid": "*"}
    assert client.count_cells("99999", query) == 1_200_000
    parts = client.plan("99999", query)
    assert [p.to_dict()["Tid"]["valueCodes"] for p in parts] == [BIG_YEARS[:20], BIG_YEARS[20:]]
    assert [client.count_cells("99999", p) for p in parts] == [800_000, 400_000]

    result = client.data("99999", query)
    assert result.is_combined and len(result.responses) == 2 and result.cells == 1_200_000
    expected = {
        "version": "2.0",
        "class": "dataset",
        "label": "Stor tabell",
        "updated": "2025-01-03T08:00:00Z",  # the later of 2025-01-03 (20 years) and -02 (10)
        "id": ["Region", "NACE2007", "ContentsCode", "Tid"],
        "size": [1, 1, 1, 30],
        "dimension": {
            "Region": {"category": {"index": {"R0000": 0}}},
            "NACE2007": {"category": {"index": {"N00": 0}}},
            "ContentsCode": {"category": {"index": {"Syss": 0}}},
            "Tid": {"category": {"index": {y: i for i, y in enumerate(BIG_YEARS)}}},
        },
        "value": list(range(995, 1025)),
    }
    assert result.dataset == expected
    assert result.data_bytes() == dumps_dataset(expected)
    assert result.query_record() == [p.to_dict() for p in parts]
    assert [json.loads(raw)["size"][3] for raw in result.responses] == [20, 10]


# --- GET or POST ---------------------------------------------------------------------------


def test_long_get_url_falls_back_to_post(httpserver: HTTPServer, ssb: SSBClient) -> None:
    many = [f"K-{n:04d}" for n in range(250)]  # 250 * 7 characters: far past 2,000
    query = {**K3105, "Region": {"valueCodes": many, "codelist": "agg_KommSummer"}}
    body = {
        "selection": [
            {"variableCode": "Region", "codelist": "agg_KommSummer", "valueCodes": many},
            {
                "variableCode": "NACE2007",
                "codelist": "agg_NACE2007arb11",
                "valueCodes": ["10-33", "41-43", "86-88"],
            },
            {"variableCode": "ContentsCode", "valueCodes": ["SysselsatteArb"]},
            {"variableCode": "Tid", "valueCodes": ["2022", "2023"]},
        ]
    }
    httpserver.expect_request(
        DATA_PATH,
        method="POST",
        query_string={"lang": "no", "outputFormat": "json-stat2"},
        json=body,
    ).respond_with_data(DATA, content_type=JSONSTAT)
    result = ssb.data("13470", query)
    [sent] = result.requests
    assert sent.method == "POST" and sent.body == body
    assert sent.url == httpserver.url_for(DATA_PATH) + "?lang=no&outputFormat=json-stat2"
    assert result.responses == [DATA]


def test_get_is_used_up_to_the_url_limit(httpserver: HTTPServer, clock: FakeClock) -> None:
    httpserver.expect_request(META_PATH).respond_with_data(META, content_type=JSONSTAT)
    httpserver.expect_request(DATA_PATH).respond_with_data(DATA, content_type=JSONSTAT)
    url = (
        httpserver.url_for(DATA_PATH) + "?" + encode_params(Query.from_dict(K3105).get_params("no"))
    )
    for limit, method in [(len(url), "GET"), (len(url) - 1, "POST")]:
        client = make_client(httpserver.url_for(ROOT), clock, max_url_length=limit)
        assert client.data("13470", K3105).requests[0].method == method


# --- rate limiting -------------------------------------------------------------------------


def test_31st_request_within_a_minute_waits(httpserver: HTTPServer, clock: FakeClock) -> None:
    httpserver.expect_request(META_PATH).respond_with_data(META, content_type=JSONSTAT)
    httpserver.expect_request(DATA_PATH).respond_with_data(DATA, content_type=JSONSTAT)
    client = make_client(httpserver.url_for(ROOT), clock)
    for _ in range(29):  # with the metadata request: 30 requests at t = 0
        client.data("13470", K3105)
    assert clock.sleeps == []
    client.data("13470", K3105)  # the 31st request must wait for the window to slide
    assert clock.sleeps == [61.0]  # 60 s and a 1 s safety margin: never 31 inside 60 s
    assert len(httpserver.log) == 31


def test_limiter_waits_for_the_oldest_call_to_leave_the_window(clock: FakeClock) -> None:
    limiter = SlidingWindowLimiter(30, 60.0, margin=0.0, clock=clock.time, sleep=clock.sleep)
    for _ in range(30):
        assert limiter.acquire() == 0.0
        clock.now += 1.0  # calls at t = 0, 1, ..., 29
    assert limiter.acquire() == 30.0  # at t = 30 the call at t = 0 leaves at t = 60
    assert clock.now == 60.0 and len(limiter.granted()) == 30


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=10.0), min_size=1, max_size=120))
def test_limiter_never_grants_more_than_the_budget(gaps: list[float]) -> None:
    clock, granted = FakeClock(), []
    limiter = SlidingWindowLimiter(5, 60.0, margin=0.0, clock=clock.time, sleep=clock.sleep)
    for gap in gaps:
        clock.now += gap
        asked = clock.now
        waited = limiter.acquire()
        granted.append(clock.now)
        assert clock.now == pytest.approx(asked + waited)
        if waited > 0:  # it waited exactly until the 5th-latest call left the window
            assert granted[-1] == pytest.approx(granted[-6] + 60.0)
    for i in range(len(granted) - 5):
        assert granted[i + 5] - granted[i] >= 60.0 - 1e-9
    recent = [t for t in granted[:-1] if t > granted[-1] - 60.0 + 1e-9]
    assert len(recent) <= 4


def test_limiter_is_thread_safe(clock: FakeClock) -> None:
    limiter = SlidingWindowLimiter(10, 60.0, margin=0.0, clock=clock.time, sleep=clock.sleep)
    threads = [
        threading.Thread(target=lambda: [limiter.acquire() for _ in range(20)]) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 80 calls at 10 per minute: batches at t = 0, 60, ..., 420, whatever the interleaving
    assert clock.now == 420.0
    assert len(limiter.granted()) == 10


def test_all_clients_share_the_process_limiter() -> None:
    with SSBClient() as first, SSBClient("https://example.invalid/v2") as second:
        assert first.transport.limiter is second.transport.limiter is default_limiter()
        assert default_limiter().max_calls == 30 and default_limiter().period == 61.0
        assert first.transport.timeout == (5.0, 60.0)


# --- Retry-After and backoff ---------------------------------------------------------------


def test_parse_retry_after_forms() -> None:
    now = datetime(2025, 3, 3, 6, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("Mon, 03 Mar 2025 06:00:42 GMT", now=now) == 42.0
    assert parse_retry_after("Mon, 03 Mar 2025 05:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("om litt") is None
    assert parse_retry_after("nan") is None


def test_backoff_is_exponential_capped_and_jittered() -> None:
    policy = RetryPolicy(jitter=lambda delay: 0.0)
    assert [policy.backoff(a) for a in range(1, 8)] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    jittered = RetryPolicy(jitter=lambda delay: delay / 10)
    assert jittered.backoff(3) == pytest.approx(4.4)
    assert policy.wait_for(2, 7.0) == 7.0 and policy.wait_for(2, None) == 2.0
    assert policy.wait_for(1, 10_000.0) == 300.0  # Retry-After is honoured up to 5 minutes
    default = RetryPolicy()
    assert all(1.0 <= default.backoff(1) <= 1.1 for _ in range(50))
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)


# --- live ----------------------------------------------------------------------------------


@pytest.mark.network
def test_live_13470_for_sarpsborg() -> None:
    query = {
        "Region": {"valueCodes": ["K-3105"], "codelist": "agg_KommSummer"},
        "NACE2007": {"valueCodes": ["*"], "codelist": "agg_NACE2007arb11"},
        "ContentsCode": ["SysselsatteArb"],
        "Tid": ["top(2)"],
    }
    with SSBClient() as ssb:
        result = ssb.data("13470", query)
    dataset = result.dataset
    assert dataset["id"][0] == "Region"
    assert list(dataset["dimension"]["Region"]["category"]["index"]) == ["K-3105"]
    assert dataset["size"][dataset["id"].index("Tid")] == 2
    assert any(isinstance(v, int | float) and v > 0 for v in dataset["value"])


def test_no_name_resolution_asks_to_check_the_connection(clock: FakeClock) -> None:
    dns = requests.ConnectionError("Max retries exceeded (NameResolutionError: data.ssb.no)")
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, re.compile(r".*/tables/13470/metadata.*"), body=dns)
        client = make_client("https://data.ssb.no/api/pxwebapi/v2/", clock)
        with pytest.raises(SSBUnavailable) as caught:
            client.metadata("13470")
    message = str(caught.value)
    assert "Sjekk nettforbindelsen" in message and "revideres" not in message
