"""How many processes the report uses, and in which order the notebooks start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from naering_analysis.report.execute import (
    EXPECTED_SECONDS,
    JOBS_ENV,
    WARM_MODULES,
    ReportError,
    available_cpus,
    kernel_jobs,
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


def test_notebooks_side_by_side_share_the_cpus_for_their_own_processes(monkeypatch):
    from naering_analysis.report import execute

    monkeypatch.delenv(JOBS_ENV, raising=False)
    monkeypatch.setattr(execute, "available_cpus", lambda: 2)
    assert kernel_jobs(2) == 1  # two notebooks on two CPUs: 05_figurer renders in its own
    assert kernel_jobs(1) == 2  # alone, it may use both
    monkeypatch.setattr(execute, "available_cpus", lambda: 8)
    assert kernel_jobs(3) == 2
    monkeypatch.setenv(JOBS_ENV, "6")
    assert kernel_jobs(2) == 3
    assert kernel_jobs(4, requested=1) == 1  # never less than one


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


def test_every_notebook_has_an_expected_time_so_the_longest_starts_first():
    notebooks = Path(__file__).resolve().parents[2] / "notebooks"
    stems = {p.stem for p in notebooks.glob("[0-9][0-9]_*.ipynb")}
    assert set(EXPECTED_SECONDS) == stems  # a new notebook needs its time here
    order = start_order(sorted(notebooks.glob("[0-9][0-9]_*.ipynb")), EXPECTED_SECONDS)
    assert order[0].stem == "05_figurer"
    recorded = {**EXPECTED_SECONDS, "01_data": 99.0}  # a recorded time wins
    assert start_order(sorted(notebooks.glob("[0-9][0-9]_*.ipynb")), recorded)[0].stem == "01_data"


def test_a_kept_kernel_warms_up_with_modules_the_notebooks_import():
    import ast

    imported: set[str] = set()
    for script in (Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.py"):
        for node in ast.walk(ast.parse(script.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    assert set(WARM_MODULES) <= imported


def _format_keywords(schema: object) -> list[str]:
    """Return every JSON Schema ``format`` keyword (a string value, not a property named so)."""
    found: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "format" and isinstance(value, str):
                found.append(value)
            elif key == "properties" and isinstance(value, dict):
                for sub in value.values():
                    found += _format_keywords(sub)
            else:
                found += _format_keywords(value)
    elif isinstance(schema, list):
        for item in schema:
            found += _format_keywords(item)
    return found


def test_notebooks_validate_without_the_iri_grammar():
    import nbformat

    schemas = sorted(Path(nbformat.__file__).parent.glob("v4/*.schema.json"))
    assert schemas
    for schema in schemas:
        assert _format_keywords(json.loads(schema.read_text("utf-8"))) == [], schema.name
    notebook = Path(__file__).resolve().parents[2] / "notebooks" / "01_data.ipynb"
    code = (
        "import sys\n"
        "from naering_analysis.report.execute import skip_unused_iri_grammar\n"
        "skip_unused_iri_grammar()\n"
        "import jsonschema, nbformat\n"
        f"nbformat.validate(nbformat.read({str(notebook)!r}, as_version=4))\n"
        "assert 'iri' not in jsonschema.FormatChecker.checkers\n"
        "assert 'lark' not in sys.modules\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr


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

    from naering_analysis.report.execute import _execute, close_kept_kernel

    source = "import ipykernel.connect as c\nprint(c.get_connection_info())"
    book = _notebook(tmp_path / "k.ipynb", source)
    _execute(book, tmp_path / "k_out.ipynb", {}, tmp_path)
    close_kept_kernel()
    text = nbformat.read(tmp_path / "k_out.ipynb", as_version=4).cells[0].outputs[0]["text"]
    info = json.loads(text)  # the connection file the kernel was started with
    assert info["transport"] == "ipc" and "naering-kernel-" in info["ip"]
    assert not list(Path(info["ip"]).parent.glob(Path(info["ip"]).name + "*"))  # cleaned up


def test_a_kernel_that_dies_at_start_is_started_again(tmp_path, monkeypatch):
    import papermill

    from naering_analysis.report import execute

    calls, closed = [], []
    kernel = object()

    def flaky(*args, **kwargs):
        calls.append(kwargs["km"])
        if len(calls) < 3:
            raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    monkeypatch.setattr(execute, "kept_kernel", lambda cwd: kernel)
    monkeypatch.setattr(execute, "close_clients", lambda km: None)
    monkeypatch.setattr(execute, "close_kept_kernel", lambda: closed.append(1))
    book = tmp_path / "01_data.ipynb"
    execute._execute(book, tmp_path / "out.ipynb", {}, tmp_path)
    assert calls == [kernel] * 3
    assert closed == [1, 1]  # each failed try gives up its kernel, the next one starts anew

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
    monkeypatch.setattr(execute, "kept_kernel", lambda cwd: object())
    monkeypatch.setattr(execute, "close_clients", lambda km: None)
    with pytest.raises(ReportError, match=r"Notatboka 05_figurer.ipynb kunne ikke kjøres: OSError"):
        execute._execute(tmp_path / "05_figurer.ipynb", tmp_path / "o.ipynb", {}, tmp_path)
    assert calls == [1]
    # A kernel that dies after cells ran (out of memory, say) is not a start failure either.
    assert not execute._start_failure(RuntimeError("Kernel died"), cells_run=3)
    assert execute._start_failure(RuntimeError("Kernel died"), cells_run=0)


def test_a_kernel_that_dies_after_its_first_cell_is_not_started_again(tmp_path, monkeypatch):
    import papermill

    from naering_analysis.report import execute

    calls = []

    def dies_in_cell_two(*args, **kwargs):
        calls.append(1)
        kwargs["on_cell_execute"](cell={}, cell_index=0)
        kwargs["on_cell_execute"](cell={}, cell_index=1)
        raise RuntimeError("Kernel died")

    monkeypatch.setattr(papermill, "execute_notebook", dies_in_cell_two)
    monkeypatch.setattr(execute, "kept_kernel", lambda cwd: object())
    monkeypatch.setattr(execute, "close_clients", lambda km: None)
    monkeypatch.setattr(execute, "close_kept_kernel", lambda: None)
    with pytest.raises(ReportError, match=r"Notatboka 03_scenarier.ipynb kunne ikke kjøres"):
        execute._execute(tmp_path / "03_scenarier.ipynb", tmp_path / "o.ipynb", {}, tmp_path)
    assert calls == [1]


def _outputs(path: Path) -> list[str]:
    import nbformat

    cells = nbformat.read(path, as_version=4).cells
    return [o["text"].strip() for c in cells for o in c.outputs if "text" in o]


def _kernel_gone(pid: int) -> bool:
    import time

    for _ in range(100):  # a kernel shut down politely takes a moment to exit
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("workers", [1, 2])
def test_a_process_keeps_one_kernel_and_each_notebook_meets_it_fresh(tmp_path, workers):
    """Notebooks share a kernel per process (imports paid once) but see no trace of each other."""
    import nbformat

    from naering_analysis.report.execute import run_notebooks

    first = (
        "import os, matplotlib as mpl, pandas as pd\nleft_behind = 1\n"
        "mpl.rcParams['font.size'] = 33\npd.set_option('display.width', 7)\nprint(os.getpid())"
    )
    later = (
        "import os, matplotlib as mpl, pandas as pd\n"
        "print(os.getpid(), 'left_behind' in globals(), mpl.rcParams['font.size'], "
        "pd.get_option('display.width'))"
    )
    books = [_notebook(tmp_path / "a.ipynb", first)]
    books += [_notebook(tmp_path / f"{n}.ipynb", later) for n in ("b", "c", "d")]
    out = tmp_path / "ut"
    out.mkdir()
    ran: list[str] = []
    run_notebooks(books, out, {}, tmp_path, workers, lambda b, s: ran.append(b.stem), lambda: None)
    assert sorted(ran) == ["a", "b", "c", "d"]
    pids = {_outputs(out / "a.ipynb")[0]}
    for name in ("b", "c", "d"):
        pid, leaked, size, width = _outputs(out / f"{name}.ipynb")[0].split()
        pids.add(pid)
        assert (leaked, size, width) == ("False", "10.0", "80")
        assert nbformat.read(out / f"{name}.ipynb", as_version=4).cells[0].execution_count == 1
    assert len(pids) <= workers  # one kernel per process, not one per notebook
    assert all(_kernel_gone(int(pid)) for pid in pids)  # and none is left running


def test_many_kernels_started_side_by_side_all_start_on_their_own_sockets(tmp_path):
    """The start-up collision of issue 22, in small: four kernels started at the same moment."""
    from naering_analysis.report.execute import run_notebooks

    source = "import os, ipykernel.connect as c\nprint(os.getpid(), c.get_connection_info())"
    books = [_notebook(tmp_path / f"{n}.ipynb", source) for n in "abcd"]
    out = tmp_path / "ut"
    out.mkdir()
    run_notebooks(books, out, {}, tmp_path, 4, lambda b, s: None, lambda: None)
    seen = [_outputs(out / f"{n}.ipynb")[0].split(" ", 1) for n in "abcd"]
    sockets = {json.loads(info)["ip"] for _pid, info in seen}
    kernels = {pid for pid, _info in seen}
    assert len(kernels) >= 2 and len(sockets) == len(kernels)  # one socket name per kernel
    assert all(_kernel_gone(int(pid)) for pid, _info in seen)


def test_kernels_started_ahead_are_shut_down_when_the_report_fails_before_the_notebooks(
    tmp_path, monkeypatch
):
    from naering_analysis.report import execute, run
    from tests.report.project import make_project

    project = make_project(tmp_path / "prosjekt")
    started = tmp_path / "kjerner.txt"
    real_start = execute._start_kernel

    def recorded(cwd):  # runs in the forked notebook processes, which inherit this patch
        manager = real_start(cwd)
        with started.open("a") as out:
            out.write(f"{manager.provisioner.pid}\n")
        return manager

    def broken(root, progress):
        import time

        for _ in range(600):  # let the kernels start first, so there is something to shut down
            if started.is_file() and len(started.read_text().split()) == 2:
                break
            time.sleep(0.05)
        raise RuntimeError("dataene kunne ikke bygges")

    monkeypatch.setattr(execute, "_start_kernel", recorded)
    monkeypatch.setattr(run, "_build_data", broken)
    with pytest.raises(RuntimeError, match="dataene kunne ikke bygges"):
        run.make_report(root=project, today="2026-12-02", jobs=2)
    pids = [int(p) for p in started.read_text().split()]
    assert len(pids) == 2  # each notebook process started its kernel before the data step
    assert all(_kernel_gone(pid) for pid in pids)
    assert not (project / "reports").exists() or not list((project / "reports").iterdir())
