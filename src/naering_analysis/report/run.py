"""``naering report``: run every notebook headless into a dated report folder.

``reports/<YYYY-MM-DD>[-N]/`` holds the executed notebooks, HTML exports (code hidden),
``figurer/`` and ``tabeller/`` (written by ``05_figurer``), ``nokkeltall.json`` and ``sammendrag.md``.
A report folder is never reused: a second report the same day gets a suffix, so last year's and
this morning's reports stay comparable. On failure the partial folder is kept, with ``FEILET.md``
naming the notebook and cell.
"""

from __future__ import annotations

import json
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
from naering_analysis.datasets.build import build
from naering_analysis.errors import NaeringError
from naering_analysis.numfmt import fmt_num
from naering_analysis.report.inputs import analysis_inputs
from naering_analysis.report.keyfigures import compute_key_figures, summary_markdown
from naering_analysis.report.peers import peer_key_figures
from naering_analysis.scenarios.models import user_scenarios

NOTEBOOK_PATTERN = re.compile(r"^\d{2}_[a-z0-9_]+\.ipynb$")
KEY_FIGURES = "nokkeltall.json"
SUMMARY = "sammendrag.md"
FAILED = "FEILET.md"


class ReportError(NaeringError):
    """A notebook failed while the report was made."""


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
    """The report folder and what went into it."""

    path: Path
    notebooks: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    key_figures: dict[str, Any] = field(default_factory=dict)


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
def _project_env(root: Path) -> Iterator[None]:
    """Point the notebook kernels (child processes) at ``root`` through ``NAERING_ROOT``."""
    before = os.environ.get(ROOT_ENV)
    os.environ[ROOT_ENV] = str(root)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ROOT_ENV, None)
        else:
            os.environ[ROOT_ENV] = before


def _execute(notebook: Path, output: Path, parameters: dict[str, Any], cwd: Path) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(cwd),
            # Keep the kernel's start-up chatter (e.g. the TCP transport warning) off the console.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except PapermillExecutionError as exc:
        cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
        statement = failing_statement(exc.source or "", exc.traceback or [])
        raise ReportError(
            f"Notatboka {notebook.name} feilet i celle {cell} ({statement}): "
            f"{exc.ename}: {exc.evalue}.\nDelvis kjørt notatbok: {output}"
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


def _export_html(executed: Path) -> Path:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    return atomic_write_bytes(executed.with_suffix(".html"), body.encode("utf-8"))


def _write_failure(outdir: Path, error: Exception) -> None:
    text = (
        "# Rapporten feilet\n\n"
        f"{error}\n\n"
        "Notatbøkene som ble kjørt ligger i denne mappa for feilsøking. Rett feilen og kjør "
        "`make report` på nytt; en ny mappe lages, denne blir liggende.\n"
    )
    atomic_write_bytes(outdir / FAILED, text.encode("utf-8"))


def make_report(
    *,
    outdir: Path | None = None,
    kommune: str = "3105",
    snapshot: str | None = None,
    params: ReportParameters | None = None,
    root: Path | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
    today: str | None = None,
) -> ReportResult:
    """Build the data, run every notebook with papermill, and write the key figures.

    Raises
    ------
    ReportError
        When a notebook fails; the message names the notebook and the cell, and the partial
        report folder (with ``FEILET.md``) is kept for inspection.
    """
    project = paths(root)
    params = params or ReportParameters(kommune=kommune, snapshot=snapshot)
    for note in user_scenarios(project.scenarios)[1]:  # every scenario file, before any notebook
        progress(f"Merk: {note}")
    progress("Bygger prosesserte data …")
    build(root=project.root, progress=progress)
    day = today or datetime.now(UTC).strftime("%Y-%m-%d")
    target = outdir or new_report_dir(project.reports, day)
    target.mkdir(parents=True, exist_ok=True)
    result = ReportResult(path=target)
    books = notebooks(project.notebooks)
    progress(f"Lager rapport i {target}")
    try:
        with _project_env(project.root):
            for number, book in enumerate(books, start=1):
                progress(f"[{number}/{len(books)}] Kjører {book.stem} …")
                started = time.perf_counter()
                executed = target / book.name
                _execute(book, executed, params.as_dict(target), cwd=project.notebooks)
                _export_html(executed)
                result.notebooks.append(executed)
                result.seconds[book.stem] = time.perf_counter() - started
                progress(f"      ferdig på {fmt_num(result.seconds[book.stem], 1)} s")
            progress("Beregner nøkkeltall …")
            inputs = analysis_inputs(
                params.kommune,
                params.base_year,
                params.target_rate,
                params.target_year,
                params.snapshot,
                root=project.root,
            )
            figures = compute_key_figures(inputs)
            figures["peers"] = peer_key_figures(params.kommune, params.snapshot, root=project.root)
    except Exception as exc:
        _write_failure(target, exc)
        if isinstance(exc, ReportError):
            raise
        raise ReportError(f"Rapporten feilet: {exc}. Delvis resultat i {target}") from exc
    text = json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(target / KEY_FIGURES, text.encode("utf-8"))
    atomic_write_bytes(target / SUMMARY, summary_markdown(figures).encode("utf-8"))
    result.key_figures = figures
    progress(f"Ferdig: {target} (sammendrag i {SUMMARY})")
    return result
