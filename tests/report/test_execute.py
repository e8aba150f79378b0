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


def _notebook(path: Path, source: str) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    nbformat.write(notebook, path)
    return path


def test_kernels_talk_over_their_own_unix_sockets_not_tcp_ports(tmp_path):
    """Two kernels started side by side once collided on a TCP port (one report in twenty)."""
    import nbformat

    from naering_analysis.report.execute import _execute

    source = "import ipykernel.connect as c\nprint(c.get_connection_info())"
    book = _notebook(tmp_path / "k.ipynb", source)
    _execute(book, tmp_path / "k_out.ipynb", {}, tmp_path)
    text = nbformat.read(tmp_path / "k_out.ipynb", as_version=4).cells[0].outputs[0]["text"]
    info = json.loads(text)  # the connection file the kernel was started with
    assert info["transport"] == "ipc" and "naering-kernel-" in info["ip"]
    assert not list(Path(info["ip"]).parent.glob(Path(info["ip"]).name + "*"))  # cleaned up


def test_a_kernel_that_dies_at_start_is_started_again(tmp_path, monkeypatch):
    import papermill

    from naering_analysis.report import execute

    calls = []

    def flaky(*args, **kwargs):
        calls.append(kwargs["kernel_manager_class"].__name__)
        if len(calls) < 3:
            raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    book = tmp_path / "01_data.ipynb"
    execute._execute(book, tmp_path / "out.ipynb", {}, tmp_path)
    assert calls == ["IpcKernelManager"] * 3

    calls.clear()
    monkeypatch.setattr(execute, "KERNEL_ATTEMPTS", 2)
    with pytest.raises(
        ReportError, match=r"kjernen til notatboka 01_data.ipynb startet ikke \(2 forsøk\)"
    ):
        execute._execute(book, tmp_path / "out.ipynb", {}, tmp_path)
    assert len(calls) == 2


def test_any_other_failure_names_the_notebook_in_norwegian_and_is_not_retried(
    tmp_path, monkeypatch
):
    import papermill

    from naering_analysis.report import execute

    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise OSError("disken er full")

    monkeypatch.setattr(papermill, "execute_notebook", broken)
    with pytest.raises(ReportError, match=r"Notatboka 05_figurer.ipynb kunne ikke kjøres: OSError"):
        execute._execute(tmp_path / "05_figurer.ipynb", tmp_path / "o.ipynb", {}, tmp_path)
    assert calls == [1]
    # A kernel that dies after cells ran (out of memory, say) is not a start failure either.
    ran = {"cells": [{"cell_type": "code", "execution_count": 3}]}
    (tmp_path / "o.ipynb").write_text(json.dumps(ran))
    assert not execute._start_failure(RuntimeError("Kernel died"), tmp_path / "o.ipynb")
    assert execute._start_failure(RuntimeError("Kernel died"), tmp_path / "none.ipynb")
