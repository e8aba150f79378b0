"""Save and export for the scenario explorer: scenario YAML and the council figure.

Files are written on the machine that runs the kernel: scenarios to ``scenarios/<navn>.yaml``
(:attr:`naering_analysis.config.Paths.scenarios`, loadable with
:func:`~naering_analysis.scenarios.load_scenario`) and figures to ``reports/utforsker/``. In the
Voilà app the reader's browser is often another machine, so every save also offers the file as a
download link.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Protocol

import pandas as pd

from naering_analysis.config import Paths
from naering_analysis.errors import NaeringError, ScenarioError
from naering_analysis.explorer.inputs import ExplorerInputs, Goal
from naering_analysis.explorer.view import ExplorerView
from naering_analysis.figures import fig_scenarios
from naering_analysis.figures.export import CouncilFigure, export_figure
from naering_analysis.figures.style import slug
from naering_analysis.numfmt import fmt_pct
from naering_analysis.reference.terms import label as term_label
from naering_analysis.scenarios import Scenario, ScenarioResult, save_scenario

log = logging.getLogger(__name__)

EXPORT_FOLDER = "utforsker"
MIME = {".yaml": "application/x-yaml", ".png": "image/png", ".pdf": "application/pdf"}


def download_link(path: Path) -> str:
    """Return an HTML link that downloads ``path`` from the page itself (a ``data:`` URL)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    mime = MIME.get(path.suffix, "application/octet-stream")
    return (
        f'<a download="{escape(path.name)}" href="data:{mime};base64,{data}" '
        f'style="margin-right:12px">Last ned {escape(path.name)}</a>'
    )


class ExplorerState(Protocol):
    """What saving and exporting read from the explorer.

    :class:`~naering_analysis.explorer.controller.ScenarioExplorer` provides it; naming only
    these members keeps this module below the controller (no import cycle).
    """

    frame: pd.DataFrame
    view: ExplorerView
    result: ScenarioResult | None
    error: str | None

    def read_inputs(self) -> ExplorerInputs:
        """Return the current widget values."""
        ...

    def compile(self, inputs: ExplorerInputs) -> tuple[Scenario, Goal]:
        """Return the scenario and goal the inputs describe."""
        ...


class ExplorerFiles:
    """The save and export actions of one explorer (any :class:`ExplorerState`)."""

    def __init__(self, explorer: ExplorerState, root: Paths) -> None:
        self.explorer = explorer
        self.paths = root

    def save(self, path: Path | str | None = None) -> Path:
        """Write the current scenario as YAML (default ``scenarios/<navn>.yaml``); return the path."""
        explorer = self.explorer
        scenario, _goal = explorer.compile(explorer.read_inputs())
        if explorer.error is not None:
            raise ScenarioError(f"Kan ikke lagre mens beregningen har feil: {explorer.error}")
        target = (
            Path(path) if path is not None else self.paths.scenarios / f"{slug(scenario.name)}.yaml"
        )
        return save_scenario(scenario, target)

    def council_figure(self) -> CouncilFigure:
        """Return the current scenario as a council figure (path, 80 % band and goal path)."""
        explorer = self.explorer
        scenario, goal = explorer.compile(explorer.read_inputs())
        result = explorer.result
        if explorer.error is not None or result is None:
            raise ScenarioError(f"Kan ikke eksportere mens beregningen har feil: {explorer.error}")
        columns = ["year", "jobs", "lo80", "hi80", "target_jobs"]
        frame = explorer.frame
        return fig_scenarios(
            {scenario.name: result.path[columns]},
            target_label=term_label("maalbane", 3, rate=fmt_pct(goal.rate, 1), year=goal.base_year),
            name=f"utforsker_{slug(scenario.name)}",
            sources=list(frame.attrs.get("provenance", []) or []),
            synthetic=bool(frame.attrs.get("synthetic", False)),
        )

    def export(self, outdir: Path | str | None = None) -> dict[str, Path]:
        """Export the council figure (PNG, SVG, PDF, CSV, alt text); default ``reports/utforsker``."""
        folder = Path(outdir) if outdir is not None else self.paths.reports / EXPORT_FOLDER
        return export_figure(self.council_figure(), folder)

    def on_save(self) -> None:
        """Button handler: save, then show where and a download link (or a Norwegian error)."""
        self._act(lambda: [self.save()], "Scenario lagret")

    def on_export(self) -> None:
        """Button handler: export, then show where and download links (or a Norwegian error)."""
        self._act(
            lambda: [p for k, p in self.export().items() if k in ("png", "pdf")], "Figur eksportert"
        )

    def _act(self, action: Callable[[], list[Path]], done: str) -> None:
        view = self.explorer.view
        try:
            written = action()
        except NaeringError as exc:
            view.show_error(str(exc))
            return
        except Exception as exc:  # the UI boundary: a message, never a traceback
            log.exception("Lagring/eksport feilet")
            view.show_error(f"Kunne ikke skrive filen: {exc}.")
            return
        shown = ", ".join(str(p) for p in written)
        view.show_info(f"{done}: {shown}")
        view.files.value = "".join(download_link(p) for p in written)
