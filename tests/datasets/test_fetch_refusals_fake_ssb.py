"""What the build would refuse is refused at fetch, through the CLI and the fake PxWebApi 2.

Issue 22: an answer that says it is another table, a region nobody asked for (a new code in a
current county, which the code history lets through), a new industry, sector or content code,
or years before the table's first period were saved by ``naering fetch`` and refused only by
``naering build`` (or never). Each is now refused before anything is written: every table of
the fetch or none, and the message names the table, the query part, the codes and what to do.

A snapshot saved before this check is refused when the build reads it, with the command that
replaces it (not the ``allow_break=True`` no command can follow).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

import naering_analysis.datasets.fetch as fetch_module
from naering_analysis import cli
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.combine import dumps_dataset
from tests.fake_ssb import API, TABLES, FakeSSB, with_category


@pytest.fixture
def ssb(
    fake: FakeSSB,
    make_client: Callable[..., SSBClient],
    monkeypatch: pytest.MonkeyPatch,
    httpserver: HTTPServer,
) -> FakeSSB:
    """The fake SSB for the CLI: its URL in NAERING_SSB_URL, every wait on the fake clock."""
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    monkeypatch.setenv("NAERING_SSB_URL", httpserver.url_for(API))
    return fake


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root without any snapshot (``NAERING_ROOT``)."""
    project = tmp_path / "prosjekt"
    (project / "data").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'test'\n")
    monkeypatch.setenv("NAERING_ROOT", str(project))
    return project.resolve()


def _answer_with(fake: FakeSSB, table: str, level: str, change: Callable[[dict], dict]) -> None:
    """Make the fake answer one query part of ``table`` with ``change`` applied to its answer."""
    doc = json.loads(fake.parts[(table, *fake.key(table, level))])
    fake.answer(table, level, dumps_dataset(change(doc)))


def _another_table(doc: dict[str, Any]) -> dict[str, Any]:
    doc["label"] = doc["label"].replace("13470", "13472")
    doc["extension"]["px"]["tableid"] = "13472"
    return doc


FAULTS: dict[str, tuple[str, str, Callable[[dict], dict], list[str]]] = {
    "another table": (
        "13470",
        "municipality",
        _another_table,
        [
            "sier at det er tabell 13472, ikke tabell 13470 som ble spurt etter "
            "(extension.px.tableid er '13472'; label er «13472: Sysselsatte",
            "Sjekk SSB-adressen (--ssb-url eller NAERING_SSB_URL)",
        ],
    ),
    "a region nobody asked for": (
        "13470",
        "municipality",
        lambda doc: with_category(doc, "Region", "K-3199", "Nykommune"),
        [
            "holder andre koder enn spørringen ba om:\n  Region: K-3199 (Nykommune) ble ikke "
            "spurt etter, og er ikke i dagens kommuneinndeling eller katalogen"
        ],
    ),
    "a flow from a home nobody asked for": (
        "03321",
        "work_region",
        lambda doc: with_category(doc, "Bokommuen", "K-3199", "Nykommune"),
        [
            "(delen «pendlingen til regionen» av spørringen) holder andre koder enn "
            "spørringen ba om:\n  Bokommuen: K-3199 (Nykommune) ble ikke spurt etter"
        ],
    ),
    "a new industry": (
        "13470",
        "country",
        lambda doc: with_category(doc, "NACE2007", "04", "Ny næring"),
        [
            "  NACE2007: 04 (Ny næring) ble ikke spurt etter, og er ukjent for katalogen "
            "(data/tables/13470.yaml)",
            "må inn i katalogen eller kodehistorikken",
        ],
    ),
    "a new sector": (
        "13472",
        "county",
        lambda doc: with_category(doc, "Sektor", "6600", "Ny sektor"),
        ["  Sektor: 6600 (Ny sektor) ble ikke spurt etter, og er ukjent for katalogen"],
    ),
    "a new content code": (
        "11616",
        "county",
        lambda doc: with_category(doc, "ContentsCode", "Arbeidsledige", "Arbeidsledige"),
        ["  ContentsCode: Arbeidsledige ble ikke spurt etter, og er ukjent for katalogen"],
    ),
    "a year before the first period": (
        "13470",
        "county",
        lambda doc: with_category(doc, "Tid", "2014", "2014"),
        [
            "har perioder før tabellens første periode 2015 (first_period i "
            "data/tables/13470.yaml): 2014."
        ],
    ),
}
PART = {"municipality": "kommunene", "county": "fylket", "country": "hele landet",
        "work_region": "pendlingen til regionen"}  # fmt: skip


def _flat(text: str) -> str:
    """Return ``text`` with its lines joined (the CLI indents a message's later lines)."""
    return " ".join(text.split())


def _folders(project: Path) -> dict[str, list[str]]:
    raw = project / "data" / "raw" / "ssb"
    return {t: sorted(p.name for p in (raw / t).iterdir()) for t in TABLES if (raw / t).is_dir()}


@pytest.mark.parametrize("fault", FAULTS)
def test_the_fetch_refuses_it_and_writes_no_table(
    fault: str, ssb: FakeSSB, empty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table, level, change, said = FAULTS[fault]
    _answer_with(ssb, table, level, change)
    # 07459 is fetched first and is fine: all tables or none
    assert cli.main(["fetch", "07459", table]) == 1
    captured = capsys.readouterr()
    err = _flat(captured.err)
    assert captured.err.startswith(
        f"feil: Svaret fra SSB for tabell {table} (delen «{PART[level]}» av spørringen)"
    )
    for text in said:
        assert _flat(text) in err, captured.err
    assert "Ingenting er lagret" in err and f"`naering sjekk {table}`" in err
    assert "meld fra til SSB" in err and "Traceback" not in err
    assert "[2/2] Tabell" in captured.out  # 07459 was fetched before the fault
    assert _folders(empty) == {}  # neither table, nor the metadata the check saw


def test_the_same_answer_without_the_fault_is_saved(
    ssb: FakeSSB, empty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check passes what SSB normally sends: every fault above is the only change."""
    assert cli.main(["fetch", "07459", "13470", "13472", "11616", "03321"]) == 0
    assert set(_folders(empty)) == {"07459", "13470", "13472", "11616", "03321"}


# --- a snapshot saved before the check: the build names the way out ------------------------


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (
            "a year before the first period",
            "data.json har perioder før tabellens første periode 2015 (first_period i "
            "data/tables/13470.yaml): 2014.",
        ),
        ("another table", "data.json sier at den er tabell 13472, ikke 13470, og brukes ikke."),
    ],
)
def test_an_old_snapshot_with_it_stops_the_build_with_a_command_that_helps(
    fault: str,
    said: str,
    ssb: FakeSSB,
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    table, level, change, _ = FAULTS[fault]
    original = ssb.parts[(table, *ssb.key(table, level))]
    _answer_with(ssb, table, level, change)
    with monkeypatch.context() as old:  # the fetch before issue 22 saved it
        old.setattr(fetch_module, "check_response", lambda *args, **kwargs: None)
        assert cli.main(["fetch", table]) == 0
    capsys.readouterr()
    assert cli.main(["build"]) == 1
    err = _flat(capsys.readouterr().err)
    assert said in err
    assert f"Kjør `naering fetch {table}` for å hente tabellen på nytt" in err
    assert f"flytt den ut av data/raw/ssb/{table}" in err
    assert "allow_break" not in err
    if fault == "another table":
        return
    # the command it names works: SSB answers right again, the new folder is read
    ssb.answer(table, level, original)
    assert cli.main(["fetch", table]) == 0
    assert cli.main(["build"]) == 0
