"""How many processes the report uses, and in which order the notebooks start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from naering_analysis.report.execute import (
    JOBS_ENV,
    ReportError,
    available_cpus,
    recorded_seconds,
    start_order,
    worker_count,
)


def test_worker_count_prefers_the_argument_then_the_environment(monkeypatch):
    monkeypatch.setenv(JOBS_ENV, "3")
    assert worker_count(None, tasks=9) == 3
    assert worker_count(1, tasks=9) == 1
    assert worker_count(None, tasks=2) == 2  # never more processes than tasks
    monkeypatch.delenv(JOBS_ENV)
    assert worker_count(None, tasks=100) == available_cpus()


@pytest.mark.parametrize("value", ["to", "0", "-1"])
def test_an_invalid_jobs_setting_is_a_norwegian_error(monkeypatch, value):
    monkeypatch.setenv(JOBS_ENV, value)
    with pytest.raises(ReportError, match=f"{JOBS_ENV}='{value}' er ikke gyldig"):
        worker_count(None, tasks=5)


def test_zero_jobs_from_the_command_line_is_refused():
    with pytest.raises(ReportError, match="minst 1"):
        worker_count(0, tasks=5)


def test_longest_notebook_starts_first_and_unknown_ones_before_it(tmp_path):
    for stem, seconds in (("01_data", 3.1), ("03_scenarier", 6.0), ("05_figurer", 9.2)):
        book = {"metadata": {"papermill": {"duration": seconds}}, "cells": []}
        (tmp_path / f"{stem}.ipynb").write_text(json.dumps(book))
    (tmp_path / "02_utvikling.ipynb").write_text("{ikke json")  # unreadable: no history
    seconds = recorded_seconds(tmp_path)
    assert seconds == {"01_data": 3.1, "03_scenarier": 6.0, "05_figurer": 9.2}
    books = [Path(f"{s}.ipynb") for s in ("01_data", "02_utvikling", "03_scenarier", "05_figurer")]
    assert [b.stem for b in start_order(books, seconds)] == [
        "02_utvikling",
        "05_figurer",
        "03_scenarier",
        "01_data",
    ]
    assert start_order(books, recorded_seconds(None)) == books


def test_notebooks_get_one_process_more_than_the_cpus(monkeypatch):
    monkeypatch.delenv(JOBS_ENV, raising=False)
    assert worker_count(None, tasks=100, spare=1) == available_cpus() + 1
    assert worker_count(None, tasks=2, spare=1) == 2
