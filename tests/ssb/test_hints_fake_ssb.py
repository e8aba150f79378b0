"""Issue 19: SSB's diagnoses that need their own hint, against the fake PxWebApi 2."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
from pytest_httpserver import HTTPServer

from naering_analysis.errors import SSBQueryError
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.query import Selection
from naering_analysis.ssb.transport import SentRequest
from tests.fake_ssb import API, FakeSSB


def _get(httpserver: HTTPServer, tid: str) -> requests.Response:
    params = {
        "lang": "no",
        "codelist[Region]": "vs_Landet",
        "valueCodes[Region]": "0",
        "valueCodes[ContentsCode]": "Personer1",
        "valueCodes[Tid]": tid,
    }
    return requests.get(httpserver.url_for(f"{API}tables/07459/data"), params=params, timeout=5)


@pytest.mark.parametrize("tid", ["from(1900)", "to(1899)", "[top(2, 1)]", "range(2015,2020)"])
def test_the_fake_answers_illegal_selection_expression_as_ssb_does(
    fake: FakeSSB, httpserver: HTTPServer, tid: str
) -> None:
    answer = _get(httpserver, tid)
    assert (answer.status_code, answer.json()["title"]) == (400, "Illegal selection expression")
    assert _get(httpserver, "from(2015)").status_code == 200  # a code the table has


@pytest.mark.parametrize(
    ("tid", "said"),
    [
        (
            "from(1900)",
            "from() eller to() nevner en kode som ikke finnes i tabellen eller kodelisten",
        ),
        ("[top(2, 1)]", "skriv top(2,1), ikke top(2, 1)"),
    ],
)
def test_an_illegal_selection_expression_gets_a_hint_that_names_its_causes(
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    httpserver: HTTPServer,
    tid: str,
    said: str,
) -> None:
    url = _get(httpserver, tid).url  # sent as is, past the client's own checks
    with pytest.raises(SSBQueryError) as caught:
        make_client().transport.send(SentRequest("GET", url), table="07459", what="tabell 07459")
    message = str(caught.value)
    assert "Illegal selection expression" in message
    assert said in message and "hakeparenteser" in message


def test_a_table_ssb_does_not_have_gets_its_own_hint(
    fake: FakeSSB, make_client: Callable[..., SSBClient], httpserver: HTTPServer
) -> None:
    url = httpserver.url_for(f"{API}tables/99999/data") + "?lang=no&valueCodes[Tid]=2020"
    with pytest.raises(SSBQueryError) as caught:
        make_client().transport.send(SentRequest("GET", url), table="99999", what="tabell 99999")
    message = str(caught.value)
    assert "HTTP 400: Non-existent table" in message
    assert "Tabellnummeret finnes ikke hos SSB. Sjekk nummeret, eller søk i SSBs tabelliste" in (
        message
    )
    assert caught.value.status == 400


@pytest.mark.parametrize("expression", ["top(2, 1)", "[range(2020, 2022)]", "from( 2015)"])
def test_the_client_refuses_an_expression_with_a_space_before_sending(
    fake: FakeSSB, make_client: Callable[..., SSBClient], httpserver: HTTPServer, expression: str
) -> None:
    with pytest.raises(SSBQueryError, match="har mellomrom, og SSB avviser det") as caught:
        make_client().data(
            "07459",
            {
                "Region": {"valueCodes": ["0"], "codelist": "vs_Landet"},
                "ContentsCode": ["Personer1"],
                "Tid": [expression],
            },
        )
    assert "Skriv det uten mellomrom" in str(caught.value)
    assert not httpserver.log  # nothing was sent
    assert Selection(("top(2,1)",)).value_codes == ("top(2,1)",)
