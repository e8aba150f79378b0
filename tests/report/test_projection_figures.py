"""The report says which projection method was chosen on the data, and never contradicts itself."""

from pathlib import Path

import pytest

from naering_analysis.forecast import choose_method
from naering_analysis.numfmt import fmt_num
from naering_analysis.report import council
from naering_analysis.report.keyfigures import compute_key_figures, summary_markdown

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def figures():
    return compute_key_figures(council.analysis_inputs(root=ROOT))


def test_projection_section_names_the_method_chosen_on_this_data(figures):
    projection = figures["projection"]
    chosen = choose_method(council.analysis_inputs(root=ROOT, with_scenarios=False).employment)
    assert projection["method"] == chosen.method
    assert projection["method_label"] == chosen.label
    assert projection["relative_mase_vs_naive"] == pytest.approx(chosen.relative_mase)
    assert {"secondary_mase", "coverage80", "evidence", "reason"} <= set(projection)
    rows = {row["method"]: row for row in projection["evidence"]}
    assert rows["naive"]["relative_mase"] == pytest.approx(1.0)
    assert [m for m, row in rows.items() if row["chosen"]] == [chosen.method]
    assert isinstance(rows[chosen.method]["coverage_ok"], bool)


def test_scenarios_use_the_chosen_method_and_agree_with_their_probability(figures):
    method = figures["projection"]["method"]
    for name, scenario in figures["scenarios"].items():
        if name in ("Handlingsprogram", "Lav", "Høy"):  # base_method: standard
            assert scenario["method"] == method, name
        reaches = scenario["gap_target_year_jobs"] >= 0
        assert reaches == (scenario["probability_of_goal"] >= 0.5), name


def test_summary_says_which_method_and_its_relative_score(figures):
    text = summary_markdown(figures)
    projection = figures["projection"]
    assert f"**Framskrivingsmetode:** {projection['method_label']}" in text
    assert fmt_num(projection["relative_mase_vs_naive"], 2) in text
    assert "valgt ved backtest på disse dataene" in text
