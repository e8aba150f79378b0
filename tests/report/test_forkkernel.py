"""Kernels forked from a notebook process: the same to a notebook as a fresh one, and cleaned up."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from naering_analysis.report import forkkernel
from naering_analysis.report.execute import (
    _keep_kernels_until_exit,
    close_kept_kernel,
    run_notebook,
)
from tests.report.test_execute import _kernel_gone

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="kernels are forked on Linux only")

#: What a notebook can see of its kernel process, printed as JSON, then one inline figure.
PROBE = """\
import json, os, signal, sys
import matplotlib
import matplotlib.pyplot as plt
seen = {
    "forked": "naering_analysis.report.forkkernel" in sys.modules,
    "cwd": os.getcwd(),
    "probe": os.environ.get("NAERING_PROBE"),
    "mplbackend_env": os.environ.get("MPLBACKEND"),
    "parent_pid_is_parent": os.environ.get("JPY_PARENT_PID") == str(os.getppid()),
    "backend": matplotlib.get_backend(),
    "launcher": os.path.basename(sys.argv[0]),
    "argv": [a if not a.endswith(".json") else "<connection file>" for a in sys.argv[1:]],
    "sigint": repr(signal.getsignal(signal.SIGINT)),
    "sigterm": repr(signal.getsignal(signal.SIGTERM)),
    "sigchld": repr(signal.getsignal(signal.SIGCHLD)),
    "own_session": os.getsid(0) == os.getpid(),
    "stdin_empty": os.read(0, 1) == b"",
    "name": __name__,
    "empty_path_entry": "" in sys.path,
}
print(json.dumps(seen, sort_keys=True))
plt.plot([1, 2, 3])
plt.show()
"""


def _notebook(path: Path, source: str) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    nbformat.write(notebook, path)
    return path


def _seen(path: Path) -> tuple[dict[str, object], list[str]]:
    import nbformat

    outputs = nbformat.read(path, as_version=4).cells[0].outputs
    text = next(o["text"] for o in outputs if o.get("name") == "stdout")
    kinds = [k for o in outputs for k in o.get("data", {})]
    return json.loads(text), kinds


def _probe_twice(folder: str) -> list[tuple[dict[str, object], list[str]]]:
    """In a notebook process: the probe in its first kernel (the spare), then in a second one.

    The environment changes after the spare was forked: the kernel must get it as it is at
    launch. The second kernel starts the normal way (the spare is used up).
    """
    tmp = Path(folder)
    os.environ["NAERING_PROBE"] = "satt etter fork"
    book = _notebook(tmp / "probe.ipynb", PROBE)
    seen = []
    for name in ("first", "second"):
        run_notebook(book, tmp / f"{name}.ipynb", {}, tmp)
        seen.append(_seen(tmp / f"{name}.ipynb"))
        close_kept_kernel()  # the next kernel starts anew
    return seen


def _fork_pool() -> ProcessPoolExecutor:
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(1, mp_context=context, initializer=_keep_kernels_until_exit)


def test_a_forked_kernel_shows_a_notebook_what_a_fresh_kernel_does(tmp_path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel chooses its inline backend
    import matplotlib

    matplotlib.rcParams["backend"] = "agg"  # what this process chose must not reach the kernel
    with _fork_pool() as pool:
        (forked, forked_kinds), (fresh, fresh_kinds) = pool.submit(
            _probe_twice, str(tmp_path)
        ).result(timeout=300)
    assert forked.pop("forked") is True  # the spare became the first kernel
    assert fresh.pop("forked") is False  # and the second started as a new interpreter
    assert forked == fresh
    assert forked["probe"] == "satt etter fork"
    assert forked["backend"] == "module://matplotlib_inline.backend_inline"
    assert forked["launcher"] == "ipykernel_launcher.py" and forked["argv"][0] == "-f"
    assert forked["own_session"] and forked["stdin_empty"] and forked["parent_pid_is_parent"]
    assert "image/png" in forked_kinds and forked_kinds == fresh_kinds  # the figure is inline


def _spare_pid() -> int:
    return int(forkkernel._SPARE["pid"])


def test_an_unused_spare_ends_with_its_process():
    with _fork_pool() as pool:
        pid = pool.submit(_spare_pid).result(timeout=60)
        assert not _kernel_gone(pid) or pytest.fail("the spare should wait while its process lives")
    assert _kernel_gone(pid)


def _refused() -> tuple[object, object, bool]:
    other = ["/opt/annen/python", "-m", "ipykernel_launcher", "-f", "k.json"]
    script = [sys.executable, "-m", "ipykernel_launcher_x", "-f", "k.json"]
    return (
        forkkernel.launch_spare(other, None, {}),
        forkkernel.launch_spare(script, None, {}),
        bool(forkkernel._SPARE),
    )


def test_another_interpreter_or_program_never_gets_the_spare():
    with _fork_pool() as pool:
        other, script, kept = pool.submit(_refused).result(timeout=60)
    assert other is None and script is None and kept


def test_a_process_without_a_spare_starts_kernels_the_normal_way():
    """Here (no pool initializer) there is no spare: launch_spare declines, nothing forks."""
    assert not forkkernel._SPARE
    cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"]
    assert forkkernel.launch_spare(cmd, None, {}) is None


def test_the_kernel_process_is_polled_waited_for_and_signalled_like_popen():
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )
    process = forkkernel.ForkedKernelProcess(child.pid)
    try:
        assert process.poll() is None
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=0.1)
        process.terminate()
        assert process.wait(timeout=30) == -signal.SIGTERM
        assert process.poll() == -signal.SIGTERM
        process.kill()  # an ended kernel: nothing to signal, no error
    finally:
        if child.poll() is None and process.returncode is None:
            child.kill()
