"""``--kommune`` takes what people type, is checked before anything runs, and every option has help."""

from __future__ import annotations

import argparse

import pytest

from naering_analysis import cli
from naering_analysis.errors import UnknownCodeError
from naering_analysis.reference.division import resolve

COMMANDS_WITH_KOMMUNE = ("fetch", "sjekk", "build", "backtest", "report", "rollover")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("3105", "3105"),
        ("K-3105", "3105"),
        ("Sarpsborg", "3105"),
        (" sarpsborg ", "3105"),
        ("SARPSBORG", "3105"),
        ("Tromso", "5501"),  # ø typed as o
        ("aurskog holand", "3226"),  # «Aurskog-Høland»
        ("Våler (Østfold)", "3114"),
    ],
)
def test_a_code_or_a_name_in_any_case_gives_todays_code(typed: str, code: str) -> None:
    assert resolve(typed).code == code and resolve(typed).note is None


def test_an_old_code_is_used_with_a_line_saying_so(capsys) -> None:
    for command in COMMANDS_WITH_KOMMUNE:
        args = cli.build_parser().parse_args([command, "--kommune", "0105"])
        assert args.kommune == "3105", command
    err = capsys.readouterr().err
    assert "merk: 0105 er et gammelt kommunenummer for Sarpsborg; bruker dagens nummer 3105." in err


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Sarpsbor", "Fant ingen kommune som heter «Sarpsbor». Mente du Sarpsborg (3105)?"),
        ("Våler", "«Våler» passer på flere kommuner: skriv Våler (Østfold) (3114) eller Våler"),
        ("12", "«12» er ikke et kommunenummer: det har fire sifre"),
        ("9999", "Kommunenummeret 9999 finnes ikke i dagens inndeling"),
    ],
)
def test_a_wrong_kommune_stops_before_the_command_runs(typed, message, capsys, monkeypatch) -> None:
    ran = []
    monkeypatch.setattr(cli, "_cmd_report", lambda args: ran.append(args) or 0)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["report", "--kommune", typed])
    assert stopped.value.code == 2 and ran == []  # nothing started, so no report folder
    err = capsys.readouterr().err
    assert err.startswith("bruk: naering report")
    line = err.strip().splitlines()[-1]
    assert line.startswith("naering report: feil: --kommune: ") and message in line
    assert not line.endswith("..") and not line.endswith("?.")
    with pytest.raises(UnknownCodeError):
        resolve(typed)


def test_every_option_of_every_command_has_norwegian_help() -> None:
    missing = [
        f"{name} {action.option_strings or action.dest}"
        for name, sub in _subparsers().items()
        for action in sub._actions
        if not action.help
    ]
    assert missing == []
    for name in COMMANDS_WITH_KOMMUNE:
        text = _subparsers()[name].format_help()
        assert "gammelt nummer (0105) eller navnet" in " ".join(text.split()), name
        assert text.startswith("bruk: ") and "valg:" in text
