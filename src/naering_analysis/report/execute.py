"""Run the report's notebooks: papermill in a small pool of processes, then the HTML export.

Every notebook reads only the snapshots and the parquet cache, so the notebooks are independent
and run side by side, ``jobs`` at a time. They still appear in the report in their numbered
order; only the order in which they *start* changes (longest first, from the durations papermill
recorded in the previous report). Each process keeps one kernel for the notebooks it runs and
resets it between them (:func:`kept_kernel`), so a kernel's imports (pandas, matplotlib,
statsmodels, the package: about 3 CPU-seconds) are paid once per process, not once per notebook.

On Linux the pool forks, so its workers start with papermill, nbconvert and what the notebooks
import already imported (:func:`preload`), and each worker's first kernel is forked from it too
(:mod:`.forkkernel`): about 2 CPU-seconds of imports less per kernel. Elsewhere the pool spawns
fresh interpreters, and kernels start as new interpreters. Heavy imports stay inside the
functions, so importing this module is cheap.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.errors import NaeringError

#: How many processes the report may use at once (``naering report --jobs`` sets it for kernels).
JOBS_ENV = "NAERING_JOBS"


class ReportError(NaeringError):
    """A notebook failed while the report was made."""


def available_cpus() -> int:
    """Return the number of CPUs this process may run on (its affinity mask, where known)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def worker_count(requested: int | None = None, tasks: int | None = None, *, spare: int = 0) -> int:
    """Return how many processes to use for ``tasks`` independent tasks.

    ``requested`` wins; otherwise ``$NAERING_JOBS``; otherwise the available CPUs plus ``spare``
    (a notebook kernel waits part of the time, so one more than the CPUs keeps them busy). The
    result is at least 1 and never more than ``tasks``.

    >>> worker_count(4, tasks=3)
    3
    >>> worker_count(1, tasks=9)
    1
    """
    if requested is None:
        text = os.environ.get(JOBS_ENV, "").strip()
        if text:
            try:
                requested = int(text)
            except ValueError:
                requested = 0
            if requested < 1:
                raise ReportError(
                    f"{JOBS_ENV}={text!r} er ikke gyldig: oppgi et helt tall fra 1 og oppover "
                    f"(1 kjører alt etter hverandre)."
                )
    if requested is not None and requested < 1:
        raise ReportError(f"Antall prosesser må være minst 1, ikke {requested}.")
    count = requested if requested is not None else available_cpus() + spare
    return max(1, min(count, tasks)) if tasks is not None else max(1, count)


def kernel_jobs(workers: int, requested: int | None = None) -> int:
    """Return how many processes one notebook may use while ``workers`` notebooks run at once.

    The report's processes (``requested``, else ``$NAERING_JOBS``, else the CPUs) are shared
    among the notebooks running side by side, at least one each. On two CPUs with two notebooks
    at a time, ``05_figurer`` then renders its figures in its own process: the other notebook
    keeps the second CPU busy, and two more processes of its own only cost 0,1 CPU-seconds per
    figure more (8,2 against 8,8–10,0 CPU-seconds for the 15 council figures).

    >>> kernel_jobs(2, 2), kernel_jobs(1, 1), kernel_jobs(2, 8)
    (1, 1, 4)
    """
    return max(1, worker_count(requested) // max(1, workers))


def process_pool(
    workers: int,
    *,
    fork_only: bool = False,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor | None:
    """Return a pool of ``workers`` processes, or None when one process is enough.

    The pool forks on Linux (the workers inherit what is imported and ``initargs`` without
    pickling). Elsewhere it spawns, unless ``fork_only``: then None, and the caller works serially.
    """
    if workers < 2:
        return None
    if sys.platform == "linux":
        context = multiprocessing.get_context("fork")
    elif fork_only:
        return None
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs
    )


def recorded_seconds(folder: Path | None) -> dict[str, float]:
    """Return each notebook's run time recorded by papermill in a report folder, keyed by stem.

    Notebooks that are missing or unreadable are left out; an empty dict means no history.
    """
    found: dict[str, float] = {}
    if folder is None or not folder.is_dir():
        return found
    for book in folder.glob("*.ipynb"):
        try:
            meta = json.loads(book.read_text("utf-8")).get("metadata", {})
            found[book.stem] = float(meta["papermill"]["duration"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


#: Seconds each notebook took in a report of the demo (papermill's durations, 2 at a time,
#: 2026-12-02), used to order the start when no earlier report holds its own times: without
#: them a fresh clone starts 05_figurer, by far the longest, fifth, and the report waits for it
#: at the end. Only the order depends on them; any recorded time takes their place.
EXPECTED_SECONDS: dict[str, float] = {
    "01_data": 1.4,
    "02_utvikling": 4.2,
    "03_scenarier": 3.3,
    "04_maalgap": 1.8,
    "05_figurer": 10.9,
    "06_sammenligning": 4.7,
    "07_pendling": 0.8,
    "08_befolkning": 1.4,
    "09_bosetting": 3.9,
    "10_nyetableringer": 1.9,
}


def start_order(books: Sequence[Path], seconds: dict[str, float]) -> list[Path]:
    """Return ``books`` in the order to start them: unknown first, then the longest first.

    Starting the longest notebooks first keeps one long notebook from running alone at the end.
    Notebooks without a recorded time keep their numbered order, ahead of the others.

    >>> [p.name for p in start_order([Path("01.ipynb"), Path("02.ipynb"), Path("03.ipynb")],
    ...                              {"01": 3.0, "03": 9.0})]
    ['02.ipynb', '03.ipynb', '01.ipynb']
    """
    unknown = [b for b in books if b.stem not in seconds]
    known = sorted((b for b in books if b.stem in seconds), key=lambda b: -seconds[b.stem])
    return [*unknown, *known]


#: How often a notebook's kernel is started before the report gives up on it.
KERNEL_ATTEMPTS = 3

# What jupyter_client and nbclient raise when a kernel dies or hangs before its first cell.
_START_FAILURES = (
    "Kernel died before replying to kernel_info",
    "Kernel didn't respond",
    "Address already in use",
    "Kernel died",
)


def kernel_manager_class() -> type:
    """Return a kernel manager whose kernels talk over Unix sockets, not TCP ports.

    Two kernels started side by side with TCP each pick "free" ports and can pick the same
    (``zmq.error.ZMQError: Address already in use``, about one report in twenty). With the
    ``ipc`` transport each kernel's sockets are files named after a fresh random id, so two
    kernels never meet.
    """
    import tempfile
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum, default

    class IpcKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _unique_socket_prefix(self) -> str:
            name = f"naering-kernel-{uuid.uuid4().hex}-ipc"
            return str(Path(tempfile.gettempdir()) / name)

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            # This process's spare, when it has one, becomes the kernel (forkkernel): the
            # imports are already done. Otherwise the kernel starts as a new interpreter.
            from naering_analysis.report.forkkernel import launch_spare

            env = kw.get("env")
            process = launch_spare(kernel_cmd, kw.get("cwd"), env if env is not None else {})
            if process is None:
                await super()._async_launch_kernel(kernel_cmd, **kw)
                return
            provisioner: Any = self.provisioner
            provisioner.process = process
            provisioner.pid = provisioner.pgid = process.pid  # the spare starts its own session
            provisioner.cwd = kw.get("cwd") or Path.cwd()
            self._reconcile_connection_info(provisioner.connection_info)

        def client(self, **kwargs: Any) -> Any:
            # papermill leaves its client's channels open when the kernel is not its own;
            # remembering each client lets close_clients() stop them after every notebook.
            made = super().client(**kwargs)
            self.__dict__.setdefault("naering_clients", []).append(made)
            return made

    return IpcKernelManager


def close_clients(manager: Any) -> None:
    """Stop the channels of every client made for ``manager``'s kernel (the kernel runs on)."""
    for client in manager.__dict__.pop("naering_clients", []):
        client.stop_channels()


def _start_failure(exc: BaseException, cells_run: int) -> bool:
    """Tell whether ``exc`` is a kernel that died or hung before its first cell.

    Only then is another try safe and cheap: a kernel that dies in the middle of a notebook
    (out of memory, say) has already run cells (``cells_run`` of them, counted as they start).
    """
    text = f"{type(exc).__name__}: {exc}"
    if type(exc).__name__ != "DeadKernelError" and not any(s in text for s in _START_FAILURES):
        return False
    return cells_run == 0


#: The code a kept kernel runs, silently and outside its history, before each notebook.
_FRESH_CODE = "__import__('naering_analysis.report.execute', fromlist=['_']).fresh_kernel_state()"

# The rcParams a kept kernel had before its first notebook (set in the kernel, by
# fresh_kernel_state), without "backend": pyplot has chosen it by then.
_FIRST_RC: dict[str, Any] | None = None


#: What every report notebook imports, imported by a kept kernel before its first notebook so
#: that they are frozen out of the garbage collector's reach from the first notebook on.
WARM_MODULES = (
    "pandas",
    "IPython.display",
    "naering_analysis.report.council",
    "naering_analysis.report.peers",
)


def fresh_kernel_state() -> None:
    """Give a kept kernel the state a new one has; run in the kernel before each notebook.

    The namespace and the cell numbers start afresh (IPython's ``reset``, so a name left by the
    previous notebook is a ``NameError`` again and cells count from 1), open figures are closed,
    and matplotlib's settings and pandas' display options go back to what they were before the
    kernel's first notebook. Imported modules stay: that is what keeping the kernel saves.
    Before the first notebook the kernel imports :data:`WARM_MODULES`.
    """
    global _FIRST_RC
    import gc
    import importlib

    if _FIRST_RC is None:
        for name in WARM_MODULES:
            importlib.import_module(name)
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython import get_ipython

    plt.close("all")
    if _FIRST_RC is None:
        _FIRST_RC = {k: v for k, v in dict.items(matplotlib.rcParams) if k != "backend"}
    else:  # restored past the validation, as matplotlib's own rc_context does
        dict.update(cast(dict[str, Any], matplotlib.rcParams), _FIRST_RC)
    pd.reset_option("^display\\.")
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)  # collects the previous notebook's garbage
    # What is left is the imported modules and their state: kept out of later collections,
    # which otherwise walk them all again (a reset's collection took 0,2 s, and the notebooks'
    # own collections cost about a tenth of the council export).
    gc.freeze()


# The kernel this process keeps between notebooks: {"km": manager, "key": (cwd, environment)}.
_KEPT: dict[str, Any] = {}


def _kernel_key(cwd: Path) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Return what a kept kernel must share with the next notebook: its folder and environment."""
    return str(cwd), tuple(sorted(os.environ.items()))


def _start_kernel(cwd: Path) -> Any:
    """Start a kernel in ``cwd`` (Unix sockets, its log quiet) and return its manager."""
    from jupyter_core.utils import run_sync

    manager = kernel_manager_class()(kernel_name="python3")
    # Keep the kernel's own log off the console: its start-up chatter, and "KeyboardInterrupt
    # caught in kernel", which it logs as an error when the SIGINT jupyter_client sends before
    # every shutdown meets a busy machine. A failing cell still reaches us through papermill.
    run_sync(manager.start_kernel)(extra_arguments=["--IPKernelApp.log_level=CRITICAL"], cwd=cwd)
    return manager


def _refresh(manager: Any) -> None:
    """Run :func:`fresh_kernel_state` in the kernel; raise ``RuntimeError`` when it cannot."""
    from jupyter_core.utils import run_sync

    client = manager.client()
    client.start_channels()
    try:
        run_sync(client.wait_for_ready)(timeout=60)
        reply = run_sync(client.execute_interactive)(
            _FRESH_CODE, silent=True, store_history=False, timeout=60
        )
    finally:
        close_clients(manager)
    if reply["content"].get("status") != "ok":
        content = reply["content"]
        raise RuntimeError(f"Kernel died: {content.get('ename')}: {content.get('evalue')}")


def kept_kernel(cwd: Path) -> Any:
    """Return this process's kernel, ready for a new notebook run in ``cwd``.

    A process runs its notebooks in one kernel, so pandas, matplotlib, statsmodels and the
    package are imported once per process rather than once per notebook. The kernel is started
    when there is none, when it died, or when the folder or environment changed; otherwise it is
    reset (:func:`fresh_kernel_state`). :func:`close_kept_kernel` shuts it down.
    """
    from jupyter_core.utils import run_sync

    key = _kernel_key(cwd)
    manager = _KEPT.get("km")
    if manager is not None and (_KEPT["key"] != key or not run_sync(manager.is_alive)()):
        close_kept_kernel()
        manager = None
    if manager is None:
        manager = _start_kernel(cwd)
        _KEPT.update(km=manager, key=key)
    _refresh(manager)
    return manager


def close_kept_kernel() -> None:
    """Shut down the kernel this process keeps, if any (its socket files go with it)."""
    from jupyter_core.utils import run_sync

    manager = _KEPT.pop("km", None)
    _KEPT.pop("key", None)
    if manager is None:
        return
    try:
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=False)
        else:
            manager.cleanup_resources()
    except Exception:  # a kernel that is already gone: nothing left to close
        return


def _keep_kernels_until_exit() -> None:
    """Pool initializer: fork the kernel's spare, and shut the kernel down when the worker ends.

    The spare (:mod:`.forkkernel`, Linux) is forked here, before the worker has a thread or an
    event loop, and becomes the worker's first kernel; an unused one is let go at the end.
    """
    from multiprocessing import util

    from naering_analysis.report.forkkernel import discard_spare, fork_spare

    fork_spare()
    util.Finalize(None, discard_spare, exitpriority=11)
    util.Finalize(None, close_kept_kernel, exitpriority=10)


def _execute(notebook: Path, output: Path, parameters: dict[str, Any], cwd: Path) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    for attempt in range(1, KERNEL_ATTEMPTS + 1):
        started: list[int] = []  # the cells sent to the kernel in this try
        try:
            kernel = kept_kernel(cwd)
            try:
                papermill.execute_notebook(
                    str(notebook),
                    str(output),
                    parameters=parameters,
                    kernel_name="python3",
                    progress_bar=False,
                    cwd=str(cwd),
                    km=kernel,
                    # Written once, when the notebook ends or fails, not twice per cell: those
                    # saves re-serialised the whole notebook with its figures each time.
                    request_save_on_cell_execute=False,
                    on_cell_execute=lambda cell, cell_index, ran=started: ran.append(cell_index),
                )
            finally:
                close_clients(kernel)
            return
        except PapermillExecutionError as exc:  # the kernel lives on; the next notebook resets it
            cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
            statement = failing_statement(exc.source or "", exc.traceback or [])
            raise ReportError(
                f"Notatboka {notebook.name} feilet i celle {cell} ({statement}): "
                f"{exc.ename}: {exc.evalue}.\nDelvis kjørt notatbok: {output}"
            ) from exc
        except Exception as exc:
            close_kept_kernel()  # whatever went wrong, the next try gets a new kernel
            at_start = _start_failure(exc, len(started))
            if at_start and attempt < KERNEL_ATTEMPTS:
                continue
            what = (
                f"Python-kjernen til notatboka {notebook.name} startet ikke "
                f"({KERNEL_ATTEMPTS} forsøk)"
                if at_start
                else f"Notatboka {notebook.name} kunne ikke kjøres"
            )
            raise ReportError(
                f"{what}: {type(exc).__name__}: {exc}. Kjør `naering report` på nytt; hjelper "
                "ikke det, kjør `naering report --jobs 1` (én notatbok om gangen)."
            ) from exc


def failing_statement(source: str, traceback: list[str]) -> str:
    r"""Return the cell's line that failed (from IPython's ``Cell In[n], line L``), not its first.

    >>> failing_statement("import math\ny = math.sqrt(-1)", ["Cell In[2], line 2"])
    'linje 2: y = math.sqrt(-1)'
    """
    lines = source.splitlines()
    plain = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(traceback))
    found = re.search(r"Cell In\[\d*\], line (\d+)", plain)
    if found and 1 <= int(found.group(1)) <= len(lines):
        number = int(found.group(1))
        return f"linje {number}: {lines[number - 1].strip()[:120]}"
    first = source.strip().splitlines()[:1]
    return first[0][:120] if first else "tom celle"


#: The nbconvert template of the notebook pages: "lab" without any script, so a page needs
#: no internet (``data/nbconvert/naering_offline``).
OFFLINE_TEMPLATE = "naering_offline"


def template_dir() -> Path:
    """Return the folder that holds the package's nbconvert templates."""
    return Path(str(resources.files("naering_analysis") / "data" / "nbconvert"))


@cache
def _html_exporter() -> Any:
    """Return this process's HTML exporter (made once: its templates take about 2 s to load)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        template_name=OFFLINE_TEMPLATE,
        language_code="nb",
        extra_template_basedirs=[str(template_dir())],
    )


def export_html(executed: Path) -> Path:
    """Write ``<notebook>.html`` next to an executed notebook, code cells hidden, no scripts."""
    import nbformat

    body, _ = _html_exporter().from_notebook_node(nbformat.read(executed, as_version=4))
    return atomic_write_bytes(executed.with_suffix(".html"), body.encode("utf-8"))


def run_notebook(notebook: Path, output: Path, parameters: dict[str, Any], cwd: Path) -> float:
    """Execute ``notebook`` into ``output``, export its HTML, and return the seconds it took."""
    started = time.perf_counter()
    _execute(notebook, output, parameters, cwd)
    export_html(output)
    return time.perf_counter() - started


def _warm_kernel(cwd: Path) -> None:
    """Start this process's kernel now (a failure is left to the first notebook's own tries)."""
    try:
        kept_kernel(cwd)
    except Exception:  # the notebook starts it again, up to KERNEL_ATTEMPTS times, and reports
        close_kept_kernel()


def start_workers(workers: int, cwd: Path) -> ProcessPoolExecutor | None:
    """Fork the notebook processes now and have each start its kernel; None for one process.

    The kernels take a couple of seconds to start and import what the notebooks use, which
    overlaps with what this process does before the first notebook (checking the data and the
    method choice). The processes and their kernels inherit this process's environment as it is
    now. Pass the pool to :func:`run_notebooks`, which shuts it down.
    """
    pool = process_pool(workers, initializer=_keep_kernels_until_exit)
    if pool is not None:
        for _ in range(workers):  # each start takes seconds, so each process takes one
            pool.submit(_warm_kernel, cwd)
    return pool


def run_notebooks(
    order: Sequence[Path],
    target: Path,
    parameters: dict[str, Any],
    cwd: Path,
    workers: int,
    done: Callable[[Path, float], None],
    meanwhile: Callable[[], None],
    pool: ProcessPoolExecutor | None = None,
) -> None:
    """Run the notebooks ``workers`` at a time and call ``meanwhile`` here while they run.

    ``pool`` is one made by :func:`start_workers` (default: made here). After the first failure
    nothing new is started, the running notebooks are let finish (their kernels are never
    orphaned), and the first error is raised.
    """
    if pool is None:
        pool = process_pool(workers, initializer=_keep_kernels_until_exit)
    if pool is None:
        try:
            for book in order:
                done(book, run_notebook(book, target / book.name, parameters, cwd))
        finally:
            close_kept_kernel()
        meanwhile()
        return
    failures: list[BaseException] = []
    with pool:
        futures: dict[Future[float], Path] = {
            pool.submit(run_notebook, book, target / book.name, parameters, cwd): book
            for book in order
        }

        def stop(error: BaseException) -> None:
            failures.append(error)
            for future in futures:
                future.cancel()

        try:
            meanwhile()
        except Exception as exc:
            stop(exc)
        for future in as_completed(futures):
            if future.cancelled():
                continue
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                error = ReportError(
                    f"En prosess som kjørte {futures[future].name} stoppet uventet (for lite "
                    f"minne?). Kjør `naering report --jobs 1` for å kjøre én notatbok om gangen."
                )
            if error is not None:
                stop(error)
                continue
            done(futures[future], future.result())
    if failures:
        raise failures[0]


def skip_unused_iri_grammar() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax``, which builds a Lark grammar (0,9 s).

    jsonschema registers an ``iri`` format checker when that library can be imported.
    Notebook files are validated without format checking, and nbformat's schemas use no
    ``format`` keyword, so papermill and nbconvert never call it (a test checks both). Nothing
    changes once jsonschema is imported.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def preload() -> None:
    """Import papermill, nbconvert, ipykernel and the notebooks' modules now, for forked workers.

    The workers inherit them, and so do the kernels forked from the workers (:mod:`.forkkernel`);
    this process needs most of them for the key figures anyway.

    The HTML exporter is made and run once on an empty notebook too: loading its templates is
    most of the first page's 2 s, which each worker would otherwise pay again. Last, what is
    alive is frozen out of the garbage collector's reach (``gc.freeze``): the workers' collections
    then skip the imported modules, and their pages stay shared with this process.
    """
    import gc

    skip_unused_iri_grammar()
    import importlib

    import ipykernel.kernelapp  # noqa: F401
    import jupyter_client.manager  # noqa: F401
    import nbformat
    import papermill  # noqa: F401

    for name in WARM_MODULES:  # for the kernels forked from the workers (forkkernel)
        importlib.import_module(name)
    _html_exporter().from_notebook_node(nbformat.v4.new_notebook())
    gc.collect()  # garbage first: what is frozen is never collected
    gc.freeze()
