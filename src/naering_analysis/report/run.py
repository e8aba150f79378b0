"""``naering report``: run every notebook headless into a dated report folder.

``reports/<YYYY-MM-DD>[-N]/`` holds the executed notebooks, HTML exports (code hidden),
``figurer/`` and ``tabeller/`` (written by ``05_figurer``), ``nokkeltall.json``,
``sammendrag.md`` and ``index.html``, the page that opens the report. A report folder is never
reused: a second report the same day gets a suffix, so last year's and this morning's reports
stay comparable. On failure the partial folder is kept, with ``FEILET.md`` naming the notebook
and cell.

The notebooks run side by side (:mod:`.execute`) while this process computes the key figures;
progress is one line per step with the time it took, and a last line with the total and the
path to ``index.html``. Steps overlap, so their times add up to more than the total.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.config import ROOT_ENV, paths
from naering_analysis.numfmt import fmt_num
from naering_analysis.report.execute import (
    EXPECTED_SECONDS,
    JOBS_ENV,
    ReportError,
    kernel_jobs,
    preload,
    recorded_seconds,
    run_notebooks,
    start_order,
    start_workers,
    worker_count,
)
from naering_analysis.scenarios.models import user_scenarios

NOTEBOOK_PATTERN = re.compile(r"^\d{2}_[a-z0-9_]+\.ipynb$")
KEY_FIGURES = "nokkeltall.json"
SUMMARY = "sammendrag.md"
FAILED = "FEILET.md"

__all__ = [
    "FAILED",
    "KEY_FIGURES",
    "SUMMARY",
    "ReportError",
    "ReportParameters",
    "ReportResult",
    "make_report",
    "new_report_dir",
    "notebooks",
    "report_dirs",
]


@dataclass(frozen=True)
class ReportParameters:
    """The papermill parameters every notebook takes (its ``parameters`` cell)."""

    kommune: str = "3105"
    base_year: int = 2022
    target_rate: float = 0.015
    target_year: int = 2030
    snapshot: str | None = None

    def as_dict(self, output_dir: Path) -> dict[str, Any]:
        """Return the parameters for papermill, with the report folder as ``output_dir``."""
        return {
            "kommune": self.kommune,
            "base_year": self.base_year,
            "target_rate": self.target_rate,
            "target_year": self.target_year,
            "snapshot": self.snapshot,
            "output_dir": str(output_dir),
        }


@dataclass
class ReportResult:
    """The report folder, what went into it, and the seconds each step took.

    ``seconds`` is keyed by notebook stem and by ``build``, ``key_figures``, ``index``, ``docx`` and
    ``total`` (the wall time of the whole report: less than the sum, as steps overlap).
    """

    path: Path
    notebooks: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    key_figures: dict[str, Any] = field(default_factory=dict)
    index: Path | None = None
    docx: Path | None = None


def notebooks(folder: Path | None = None) -> list[Path]:
    """Return the numbered notebooks (``NN_name.ipynb``) in run order."""
    where = folder or paths().notebooks
    found = sorted(p for p in where.glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))
    if not found:
        raise ReportError(f"Fant ingen nummererte notatbøker (NN_navn.ipynb) i {where}.")
    return found


def new_report_dir(reports: Path, today: str) -> Path:
    """Create and return ``reports/<today>``, or ``<today>-2``, ``-3``… when it exists."""
    reports.mkdir(parents=True, exist_ok=True)
    candidate, suffix = reports / today, 1
    while True:
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            suffix += 1
            candidate = reports / f"{today}-{suffix}"


def report_dirs(reports: Path | None = None) -> list[Path]:
    """Return completed report folders (with ``nokkeltall.json`` and no ``FEILET.md``), oldest first."""
    where = reports or paths().reports
    if not where.is_dir():
        return []

    def key(path: Path) -> tuple[str, int]:
        return path.name[:10], int(path.name[11:] or 1)

    done = [
        p
        for p in where.iterdir()
        if p.is_dir()
        and re.match(r"^\d{4}-\d{2}-\d{2}(-\d+)?$", p.name)
        and (p / KEY_FIGURES).is_file()
        and not (p / FAILED).exists()
    ]
    return sorted(done, key=key)


@contextmanager
def _project_env(root: Path, jobs: int) -> Iterator[None]:
    """Point the notebook kernels (child processes) at ``root``, and give them ``jobs`` each."""
    wanted = {ROOT_ENV: str(root), JOBS_ENV: str(jobs)}
    before = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _write_failure(outdir: Path, error: BaseException) -> None:
    text = (
        "# Rapporten feilet\n\n"
        f"{error}\n\n"
        "Notatbøkene som ble kjørt ligger i denne mappa for feilsøking. Rett feilen og kjør "
        "`make report` på nytt; en ny mappe lages, denne blir liggende.\n"
    )
    atomic_write_bytes(outdir / FAILED, text.encode("utf-8"))


def step_line(seconds: float, text: str) -> str:
    """Return one progress line: the seconds a step took, right-aligned, then what it was.

    >>> step_line(6.14, "[1/5] 01_data")
    '   6,1 s  [1/5] 01_data'
    """
    return f"{fmt_num(seconds, 1):>6} s  {text}"


def shown(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _build_data(root: Path, progress: Callable[[str], None]) -> float:
    """Bring ``data/processed`` up to date (nothing is redone when it is) and report one line."""
    from naering_analysis.datasets.build import build

    started = time.perf_counter()
    built = build(root=root)
    seconds = time.perf_counter() - started
    where = shown(built.processed)
    if built.rebuilt:
        demo = " (syntetiske demodata)" if built.manifest.get("synthetic") else ""
        text = f"Data bygget: {len(built.outputs)} tabeller i {where}{demo}"
    else:
        text = f"Data uendret siden forrige bygging ({where})"
    progress(step_line(seconds, text))
    return seconds


def _choose_methods(
    root: Path | None, kommune: str, snapshot: str | None, progress: Callable[[str], None]
) -> float:
    """Make (or read) the method choice once, before the notebooks read it side by side.

    Without this, every notebook process that found no up-to-date ``metodevalg.json`` would
    run the same backtest at the same time.
    """
    from naering_analysis.datasets.build import frame as cached_frame
    from naering_analysis.datasets.panels import choice_peers
    from naering_analysis.forecast.store import stored_choice

    started = time.perf_counter()
    frame = cached_frame("employment", snapshot, root=root)
    choice = stored_choice(
        frame, paths(root).processed, peers=choice_peers(kommune, snapshot, root)
    )
    seconds = time.perf_counter() - started
    progress(
        step_line(
            seconds,
            f"Framskrivingsmetoder: {choice.label} for kommunetotalen, {choice.industry_label} "
            "for næringene",
        )
    )
    return seconds


def make_report(
    *,
    outdir: Path | None = None,
    kommune: str = "3105",
    snapshot: str | None = None,
    params: ReportParameters | None = None,
    root: Path | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
    today: str | None = None,
    jobs: int | None = None,
    docx_template: Path | None = None,
) -> ReportResult:
    """Build the data, run every notebook with papermill, and write the key figures and index.

    ``jobs`` is how many notebooks run at once (default: ``$NAERING_JOBS``, else as many as the
    available CPUs: each process keeps one kernel, and a third process on two CPUs cost 11 % more
    CPU and 12 % more wall time, while this process computes the key figures); ``1`` runs them
    one after another in this process. The kernels share the processes among them (:func:`~naering_analysis.report.execute.kernel_jobs`), so
    ``05_figurer`` renders its figures in parallel only where CPUs are left over.
    ``docx_template`` is the Word template for ``kunnskapsgrunnlag.docx`` (default: the
    package's); it is checked before any notebook runs.

    Raises
    ------
    ReportError
        When a notebook fails; the message names the notebook and the cell, and the partial
        report folder (with ``FEILET.md``) is kept for inspection.
    """
    started = time.perf_counter()
    if docx_template is not None:
        from naering_analysis.report.word import check_template

        check_template(docx_template)  # a bad template fails now, not after the notebooks
    project = paths(root)
    params = params or ReportParameters(kommune=kommune, snapshot=snapshot)
    for note in user_scenarios(project.scenarios)[1]:  # every scenario file, before any notebook
        progress(f"Merk: {note}")
    books = notebooks(project.notebooks)
    workers = worker_count(jobs, len(books))
    previous = report_dirs(project.reports)
    result = ReportResult(path=Path())
    pool = None
    each = kernel_jobs(workers, jobs)  # the processes each notebook may use
    if workers > 1:
        preload()  # before the pool forks: the workers and their kernels inherit the imports
        with _project_env(project.root, each):
            pool = start_workers(workers, project.notebooks)  # kernels start while we go on
    try:
        result.seconds["build"] = _build_data(project.root, progress)
        result.seconds["choice"] = _choose_methods(root, params.kommune, params.snapshot, progress)
        day = today or datetime.now(UTC).strftime("%Y-%m-%d")
        target = outdir or new_report_dir(project.reports, day)
        target.mkdir(parents=True, exist_ok=True)
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)  # their kernels are shut down too
        raise
    result.path = target
    history = recorded_seconds(previous[-1] if previous and workers > 1 else None)
    order = start_order(books, {**EXPECTED_SECONDS, **history})
    at_once = "én om gangen" if workers == 1 else f"{workers} om gangen"
    progress(f"Lager rapport i {shown(target)}: {len(books)} notatbøker, {at_once}")
    finished: list[Path] = []
    figures: dict[str, Any] = {}

    def done(book: Path, seconds: float) -> None:
        finished.append(book)
        result.seconds[book.stem] = seconds
        progress(step_line(seconds, f"[{len(finished)}/{len(books)}] {book.stem}"))

    def key_figures() -> None:
        t0 = time.perf_counter()
        figures.update(_key_figures(params, project.root))
        result.seconds["key_figures"] = time.perf_counter() - t0
        progress(step_line(result.seconds["key_figures"], "Nøkkeltall beregnet"))

    try:
        with _project_env(project.root, each):
            run_notebooks(
                order,
                target,
                params.as_dict(target),
                project.notebooks,
                workers,
                done,
                key_figures,
                pool,
            )
        result.notebooks = [target / book.name for book in books]
        result.key_figures = figures
        result.index = _write_outputs(target, result, progress)
        result.docx = _write_docx(target, result, progress, docx_template)
    except Exception as exc:
        _write_failure(target, exc)
        if isinstance(exc, ReportError):
            raise
        raise ReportError(f"Rapporten feilet: {exc}. Delvis resultat i {target}") from exc
    result.seconds["total"] = time.perf_counter() - started
    progress(
        f"Ferdig på {fmt_num(result.seconds['total'], 1)} s. Åpne rapporten: {shown(result.index)}"
    )
    return result


def _key_figures(params: ReportParameters, root: Path) -> dict[str, Any]:
    from naering_analysis.report.inputs import analysis_inputs
    from naering_analysis.report.keyfigures import compute_key_figures
    from naering_analysis.report.migration import migration_key_figures
    from naering_analysis.report.peers import peer_key_figures

    inputs = analysis_inputs(
        params.kommune,
        params.base_year,
        params.target_rate,
        params.target_year,
        params.snapshot,
        root=root,
    )
    figures = compute_key_figures(inputs)
    figures["peers"] = peer_key_figures(params.kommune, params.snapshot, root=root)
    figures["migration"] = migration_key_figures(params.kommune, params.snapshot, root=root)
    return figures


def json_ready(value: Any) -> Any:
    """Return ``value`` with every non-finite float (NaN, ±inf) as None: strict JSON has no NaN.

    >>> json_ready({"a": [1.0, float("nan")], "b": {"c": float("inf")}})
    {'a': [1.0, None], 'b': {'c': None}}
    """
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _write_outputs(target: Path, result: ReportResult, progress: Callable[[str], None]) -> Path:
    """Write ``nokkeltall.json``, ``sammendrag.md`` and ``index.html``; return the index path.

    A failure here still marks the report as failed: the caller writes ``FEILET.md``.
    """
    from naering_analysis.report.coverage import read_omissions
    from naering_analysis.report.index import write_index
    from naering_analysis.report.keyfigures import summary_markdown

    t0 = time.perf_counter()
    text = json.dumps(json_ready(result.key_figures), ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(target / KEY_FIGURES, text.encode("utf-8"))
    summary = summary_markdown(result.key_figures, read_omissions(target))
    atomic_write_bytes(target / SUMMARY, summary.encode("utf-8"))
    index = write_index(target)
    result.seconds["index"] = time.perf_counter() - t0
    progress(step_line(result.seconds["index"], f"Skrev {KEY_FIGURES}, {SUMMARY} og {index.name}"))
    return index


def _write_docx(
    target: Path, result: ReportResult, progress: Callable[[str], None], template: Path | None
) -> Path:
    """Write ``kunnskapsgrunnlag.docx`` from the finished folder (:mod:`.word`); return its path."""
    from naering_analysis.report.word import write_docx

    t0 = time.perf_counter()
    docx = write_docx(target, template)
    result.seconds["docx"] = time.perf_counter() - t0
    progress(step_line(result.seconds["docx"], f"Skrev {docx.name} (Word-vedlegg til saken)"))
    return docx
