"""The user's scenario files: plausible rates, no silent duplicates, safe YAML, checked up front."""

from __future__ import annotations

from pathlib import Path

import pytest

from naering_analysis import cli
from naering_analysis.errors import ScenarioError
from naering_analysis.report import execute as execute_module
from naering_analysis.report import run as run_module
from naering_analysis.scenarios.models import (
    HEADLINE_SCENARIO,
    MAX_FILE_BYTES,
    Scenario,
    builtin_scenarios,
    load_scenario,
    user_scenarios,
)

RATE = "name: {name}\noverrides:\n  - bransje: Bygg og anlegg\n    annual_rate: {rate}\n"


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("rate", ["2", "0.25", "-0.21", "1.5"])
def test_implausible_rates_are_refused_and_the_message_shows_the_fraction(tmp_path, rate):
    path = _write(tmp_path, "vekst.yaml", RATE.format(name="Vekst", rate=rate))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "vekst.yaml" in message and "overrides[0].annual_rate" in message
    assert "skriv 0.02 for 2 %" in message


@pytest.mark.parametrize("rate", ["0.2", "-0.2", "0.02", "0"])
def test_plausible_rates_pass(tmp_path, rate):
    path = _write(tmp_path, "vekst.yaml", RATE.format(name="Vekst", rate=rate))
    assert load_scenario(path).overrides[0].annual_rate == float(rate)


def test_two_user_files_with_one_name_are_refused(tmp_path):
    _write(tmp_path, "a.yaml", "name: Fabrikk\n")
    _write(tmp_path, "b.yml", "name: Fabrikk\n")
    with pytest.raises(ScenarioError, match=r"a\.yaml og .*b\.yml har samme navn «Fabrikk»"):
        user_scenarios(tmp_path)


def test_yml_files_are_read_and_a_replaced_builtin_is_named(tmp_path):
    _write(tmp_path, "egen.yml", "name: Eget scenario\n")
    _write(tmp_path, "trend.yaml", "name: Trend\ndescription: Min egen trend\n")
    found, notes = user_scenarios(tmp_path)
    assert "Eget scenario" in found
    assert found["Trend"].description == "Min egen trend"
    assert list(found)[: len(builtin_scenarios())] == list(builtin_scenarios())  # keeps its place
    assert notes == [
        f"Scenariofila {tmp_path / 'trend.yaml'} erstatter det innebygde scenariet «Trend»."
    ]


def test_yaml_alias_bomb_is_refused_without_expanding(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}] " for i in range(8)]
    path = _write(tmp_path, "bombe.yaml", "\n".join(lines) + "\nname: *i\n")
    assert path.stat().st_size < 600
    with pytest.raises(ScenarioError, match=r"bombe\.yaml bruker YAML-ankre eller -aliaser"):
        load_scenario(path)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = _write(tmp_path, "stor.yaml", "name: X\n" + "#" * MAX_FILE_BYTES)
    with pytest.raises(ScenarioError, match=r"stor\.yaml er \d+ byte"):
        load_scenario(path)


def test_a_typo_holding_a_huge_value_is_quoted_briefly(tmp_path):
    path = _write(tmp_path, "typo.yaml", "name: X\ndescripton: " + "y" * 20_000 + "\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "descripton" in message and "typo.yaml" in message
    assert len(message) < 500


def test_a_non_utf8_file_is_named(tmp_path):
    path = _write(tmp_path, "latin1.yaml", "name: Grønn vekst\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin1\.yaml er ikke UTF-8"):
        load_scenario(path)


def test_every_problem_file_is_listed_together(tmp_path):
    _write(tmp_path, "a.yaml", RATE.format(name="A", rate="2"))
    _write(tmp_path, "b.yaml", "name: [ikke lukket\n")
    _write(tmp_path, "c.yaml", "name: C\n")
    with pytest.raises(ScenarioError) as caught:
        user_scenarios(tmp_path)
    message = str(caught.value)
    assert message.startswith("2 scenariofiler i")
    assert "a.yaml" in message and "b.yaml" in message and "c.yaml" not in message


def test_report_checks_every_scenario_file_before_the_first_notebook(tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "data").mkdir()
    _write(tmp_path / "scenarios", "a.yaml", "name: God\n")
    _write(tmp_path / "scenarios", "z.yaml", RATE.format(name="Feil", rate="2"))
    ran: list[Path] = []
    monkeypatch.setattr(execute_module, "_execute", lambda book, *a, **kw: ran.append(book))
    monkeypatch.setattr(run_module, "_build_data", lambda *a, **kw: ran.append(Path("build")))
    monkeypatch.setenv("NAERING_ROOT", str(tmp_path))
    assert cli.main(["report"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("feil: 1 scenariofil i")
    assert "z.yaml" in err and "skriv 0.02 for 2 %" in err
    assert ran == []  # not even the build ran
    assert Scenario(name="ok").name == "ok"


def test_a_user_file_replacing_the_headline_keeps_it_first(tmp_path):
    _write(tmp_path, "a.yaml", "name: Aller først\n")
    _write(tmp_path, "mitt.yaml", f"name: {HEADLINE_SCENARIO}\ndescription: Min egen\n")
    found, notes = user_scenarios(tmp_path)
    assert next(iter(found)) == HEADLINE_SCENARIO
    assert found[HEADLINE_SCENARIO].description == "Min egen"
    assert list(found)[-1] == "Aller først"  # the user's own come after every built-in
    assert len(notes) == 1
