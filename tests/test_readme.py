"""The README's rollover and add-a-scenario sections, tested as written."""

import re
import shlex
import shutil
from pathlib import Path

import pytest

from naering_analysis import cli
from naering_analysis.datasets import frames
from naering_analysis.datasets.panels import projection_panel
from naering_analysis.report.council import all_scenarios
from naering_analysis.scenarios import run_scenario

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text("utf-8")


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README has no section '## {title}'"
    return match.group(1)


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def make_targets() -> set[str]:
    makefile = (REPO / "Makefile").read_text("utf-8")
    return set(re.findall(r"^([a-z][a-z_-]*):", makefile, re.M))


def commands(text: str) -> list[list[str]]:
    lines = [ln.split("#")[0].strip() for b in blocks(text, "bash") for ln in b.splitlines()]
    return [shlex.split(ln) for ln in lines if ln]


def test_the_two_commands_come_first_and_exist():
    first = blocks(README, "bash")[0]
    assert "make report" in first and "make test" in first
    assert {"report", "test"} <= make_targets()


def test_rollover_section_commands_exist_as_written():
    text = section("The yearly rollover (årlig rullering)")
    cmds = commands(text)
    assert ["make", "rollover"] in cmds
    assert [".venv/bin/naering", "rollover", "--offline"] in cmds
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert re.search(r"^rollover:.*\n\t\$\(BIN\)/naering rollover$", makefile, re.M)
    for cmd in cmds:
        if cmd[0] == "make":
            assert cmd[1] in make_targets()
        else:
            args = cli.build_parser().parse_args(cmd[1:])
            assert args.handler is cli._cmd_rollover and args.offline is True
    # tests/report/test_report.py runs this very rollover (offline) end to end in a temporary project.


def test_fetch_section_commands_parse():
    for cmd in commands(section("The data story")):
        if cmd[0].endswith("naering"):
            cli.build_parser().parse_args(cmd[1:])
        else:
            assert cmd[0] == "make" and cmd[1] in make_targets()


def test_add_a_scenario_as_written(tmp_path, monkeypatch):
    text = section("How to add a scenario")
    path = re.search(r"`(scenarios/[a-z_]+\.yaml)`", text).group(1)
    (yaml_text,) = blocks(text, "yaml")
    shutil.copytree(REPO / "data" / "raw", tmp_path / "data" / "raw")
    (tmp_path / "pyproject.toml").write_text("")
    target = tmp_path / path
    target.parent.mkdir(parents=True)
    target.write_text(yaml_text, "utf-8")
    scenarios = all_scenarios(tmp_path)
    assert list(scenarios)[:6] == [
        "Framskriving (valgt metode)",
        "Trend",
        "Nasjonal vekst",
        "Handlingsprogram",
        "Lav",
        "Høy",
    ]
    mine = scenarios["Ny fabrikk"]
    assert mine.events[0].jobs == 250
    employment = projection_panel(frames.employment(root=tmp_path / "data" / "raw" / "ssb"), "3105")
    base = run_scenario(employment, mine.model_copy(update={"events": ()}), region="3105")
    plant = run_scenario(employment, mine, region="3105")
    assert plant.gap_2030_jobs == pytest.approx(base.gap_2030_jobs + 250)
    assert plant.probability_of_goal >= base.probability_of_goal


def test_a_typo_in_a_scenario_names_the_field(tmp_path):
    from naering_analysis.errors import ScenarioError

    (yaml_text,) = blocks(section("How to add a scenario"), "yaml")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "feil.yaml").write_text(
        yaml_text.replace("trend_multiplier", "trend_multiplikator"), "utf-8"
    )
    with pytest.raises(ScenarioError, match="trend_multiplikator"):
        all_scenarios(tmp_path)
