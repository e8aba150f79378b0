"""The report's headline: the projection with the method chosen on the data, first everywhere.

Expectations are derived from the computed results (the projection engine is being rewritten,
so no scenario number is written down here).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from naering_analysis.numfmt import fmt_int, fmt_pct, fmt_signed, whole
from naering_analysis.reference.terms import label
from naering_analysis.report import council
from naering_analysis.report.index import render_index
from naering_analysis.report.keyfigures import (
    compute_key_figures,
    headline_comparison,
    summary_markdown,
)
from naering_analysis.report.rollover import compare_key_figures
from naering_analysis.scenarios import HEADLINE_SCENARIO
from tests.helpers import REPO

SENTENCE = re.compile(r"^Sammenlignet med framskrivingen gir .+ arbeidsplasser i \d{4}\.$", re.M)


@pytest.fixture(scope="module")
def inputs() -> council.Inputs:
    return council.analysis_inputs(root=REPO)


@pytest.fixture(scope="module")
def figures(inputs: council.Inputs) -> dict[str, Any]:
    return compute_key_figures(inputs)


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of the summary's scenario table, cell by cell."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Scenario |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_headline_heads_the_key_figures(figures: dict[str, Any]) -> None:
    headline, first = figures["headline"], next(iter(figures["scenarios"]))
    assert first == headline["scenario"] == HEADLINE_SCENARIO
    row = figures["scenarios"][first]
    for key in ("method", "jobs_target_year", "gap_target_year_jobs", "probability_of_goal"):
        assert headline[key] == row[key], key
    assert headline["method"] == figures["projection"]["method"]
    assert headline["method_label"] == figures["projection"]["method_label"]
    stored = json.loads(json.dumps(figures, ensure_ascii=False))  # as nokkeltall.json holds it
    assert next(iter(stored["scenarios"])) == stored["headline"]["scenario"]


def test_the_headline_is_the_first_row_of_every_scenario_table(
    inputs: council.Inputs, figures: dict[str, Any]
) -> None:
    text = summary_markdown(figures)
    head = figures["headline"]
    first = table_rows(text)[0]
    assert first == [
        HEADLINE_SCENARIO,
        fmt_int(head["jobs_target_year"]),
        fmt_signed(head["gap_target_year_jobs"], "int"),
        fmt_pct(head["probability_of_goal"], 0),
    ]
    table = council.table_scenarier(inputs).frame
    assert table[label("scenario")].iloc[0] == HEADLINE_SCENARIO
    assert list(table[label("scenario")]) == list(figures["scenarios"])
    (legend,) = council.fig_scenarier(inputs).fig.legends
    assert legend.get_texts()[0].get_text() == HEADLINE_SCENARIO


def test_one_sentence_after_the_table_with_the_right_signs(figures: dict[str, Any]) -> None:
    text = summary_markdown(figures)
    (sentence,) = SENTENCE.findall(text)
    rows = table_rows(text)
    after_table = text.split("\n".join("| " + " | ".join(r) + " |" for r in rows[-1:]))[1]
    assert after_table.lstrip("\n").startswith("Sammenlignet med framskrivingen")
    head = whole(figures["headline"]["jobs_target_year"])
    for name, sc in figures["scenarios"].items():
        if name == HEADLINE_SCENARIO:
            continue
        diff = whole(sc["jobs_target_year"]) - head
        word = "flere" if diff > 0 else "færre"
        said = f"{name} like mange" if diff == 0 else f"{name} {fmt_int(abs(diff))} {word}"
        assert said in sentence, (said, sentence)
    assert "−" not in sentence and "+" not in sentence  # the words carry the sign


def test_the_sentence_reads_with_one_and_with_no_other_scenario() -> None:
    rows = {HEADLINE_SCENARIO: {"jobs_target_year": 100.0}}
    assert headline_comparison(rows, 2030) == ""
    rows["Lav"] = {"jobs_target_year": 40.0}
    assert headline_comparison(rows, 2030) == (
        "Sammenlignet med framskrivingen gir Lav 60 færre arbeidsplasser i 2030."
    )
    assert headline_comparison({"Lav": {"jobs_target_year": 1.0}}, 2030) == ""


def test_the_front_page_shows_the_headline_first_and_the_sentence(
    figures: dict[str, Any], tmp_path: Path
) -> None:
    from bs4 import BeautifulSoup

    folder = tmp_path / "2026-11-28"
    folder.mkdir()
    (folder / "nokkeltall.json").write_text(json.dumps(figures, ensure_ascii=False), "utf-8")
    (folder / "sammendrag.md").write_text(summary_markdown(figures), "utf-8")
    soup = BeautifulSoup(render_index(folder), "html.parser")
    section = soup.find(id="sammendrag")
    table = next(
        t for t in section.find_all("table") if t.th.get_text(strip=True) == label("scenario")
    )
    names = [tr.td.get_text(strip=True) for tr in table.select("tbody tr")]
    assert names == list(figures["scenarios"]) and names[0] == HEADLINE_SCENARIO
    sentence = table.find_next("p").get_text(" ", strip=True)
    assert SENTENCE.match(" ".join(sentence.split()))


def test_the_headline_agrees_with_figure_09_on_jobs_in_the_target_year(
    inputs: council.Inputs, figures: dict[str, Any]
) -> None:
    projection = council.chosen_projection(inputs)
    year = inputs.target_year
    total = float(projection.loc[projection["year"] == year, "jobs"].sum())
    assert figures["headline"]["jobs_target_year"] == pytest.approx(total, abs=1.0)


def test_the_changes_set_the_headline_side_by_side(figures: dict[str, Any]) -> None:
    old = copy.deepcopy(figures)
    old["headline"]["jobs_target_year"] -= 120
    old["headline"]["probability_of_goal"] = figures["headline"]["probability_of_goal"] + 0.05
    text = compare_key_figures(old, figures)
    assert f"## {HEADLINE_SCENARIO}: hovedtallet" in text
    row = next(line for line in text.splitlines() if line.startswith("| Arbeidsplasser 2030 |"))
    assert row.endswith("| +120 |")
    row = next(line for line in text.splitlines() if line.startswith(f"| {label('sannsynlighet')}"))
    assert row.endswith("| −5\u00a0pp |")
    assert "Forrige rapport hadde ikke dette hovedtallet" not in text


def test_the_changes_name_a_previous_report_without_a_headline(figures: dict[str, Any]) -> None:
    old = copy.deepcopy(figures)
    del old["headline"], old["scenarios"][HEADLINE_SCENARIO]
    text = compare_key_figures(old, figures)
    assert "Forrige rapport hadde ikke dette hovedtallet." in text
    row = next(line for line in text.splitlines() if line.startswith("| Arbeidsplasser 2030 |"))
    assert (
        row
        == f"| Arbeidsplasser 2030 | – | {fmt_int(figures['headline']['jobs_target_year'])} | – |"
    )
