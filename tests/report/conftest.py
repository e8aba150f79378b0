"""One offline rollover (and so one full report) shared by the report tests and its browser test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from naering_analysis.report.council import analysis_inputs
from naering_analysis.report.keyfigures import compute_key_figures
from naering_analysis.report.rollover import RolloverResult, rollover
from tests.demo_cache import BuiltDemo
from tests.report.project import make_project, plant_previous_report


@pytest.fixture(scope="session")
def rolled(
    tmp_path_factory: pytest.TempPathFactory, built_demo: BuiltDemo
) -> tuple[Path, Path, RolloverResult, list[str]]:
    """Run the README's yearly rollover (offline) once, after a planted previous report.

    The project starts from the session's built demo, as last year's report left it built.
    """
    project = make_project(tmp_path_factory.mktemp("prosjekt"), built_demo)
    template: dict[str, Any] = compute_key_figures(analysis_inputs(root=project))
    previous = plant_previous_report(project, template)
    messages: list[str] = []
    result = rollover(offline=True, root=project, progress=messages.append, today="2026-11-26")
    return project, previous, result, messages
