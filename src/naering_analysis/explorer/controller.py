"""Interactive scenario explorer for JupyterLab and the Voilà app (``make explore``).

A slider per focus industry (a multiplier on the base projection, or a fixed annual growth in
per cent), a base-method selector, the goal (target rate, base year, target year) and an
optional job event. Each change reruns the prepared
:class:`~naering_analysis.scenarios.ScenarioEngine` (milliseconds once a method is prepared)
and shows total jobs against the goal path with the 80 % band, the gap in the target year, the
growth needed and the probability of reaching the goal. Buttons save the scenario as YAML
(loadable with :func:`~naering_analysis.scenarios.load_scenario`) and export the figure in the
council style. Invalid input gives a Norwegian message in the status line, never a traceback.

The parts: :mod:`~naering_analysis.explorer.inputs` (parsing and checks),
:mod:`~naering_analysis.explorer.view` (widgets), :mod:`~naering_analysis.explorer.chart` (the
live chart) and :mod:`~naering_analysis.explorer.files` (save and export).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from naering_analysis.analysis.comparison import PeerFrames, compare
from naering_analysis.config import paths
from naering_analysis.datasets.build import frame
from naering_analysis.datasets.panels import choice_peers
from naering_analysis.errors import NaeringError, ScenarioError, SnapshotError
from naering_analysis.explorer.chart import ChartData, LiveChart
from naering_analysis.explorer.files import ExplorerFiles
from naering_analysis.explorer.inputs import (
    DEFAULT_NAME,
    MODE_RATE,
    NO_EVENT,
    SLIDER_RANGES,
    ExplorerInputs,
    Goal,
    build_scenario,
    check_goal,
    parse_rate_pct,
    slider_text,
)
from naering_analysis.explorer.peers import PeerPlacement
from naering_analysis.explorer.view import ExplorerView, summary_html
from naering_analysis.forecast.choice import MethodChoice
from naering_analysis.forecast.methods import METHOD_LABELS
from naering_analysis.forecast.store import stored_choice
from naering_analysis.numfmt import fmt_pct
from naering_analysis.reference.industries import load_focus_mapping
from naering_analysis.reference.terms import label as term_label
from naering_analysis.scenarios import Scenario, ScenarioEngine, ScenarioResult

__all__ = [
    "ExplorerInputs",
    "ScenarioExplorer",
    "build_scenario",
    "check_goal",
    "explorer",
    "parse_rate_pct",
]

log = logging.getLogger(__name__)

N_FOCUS = 5


class ScenarioExplorer:
    """The explorer: widgets (:attr:`view`), the prepared engine and the latest result.

    Parameters
    ----------
    frame
        Tidy 13470 frame (all regions feed the engine's error distributions).
    region
        Region code of the municipality explored.
    engine
        A prepared engine for ``frame`` and ``region``; built when None.
    n_paths, seed
        Simulated paths behind the band and the probability, and their seed.
    root
        Project root for saved scenarios and exported figures (default :func:`config.paths`).
    standard_method
        The method chosen on ``frame`` (see :class:`~naering_analysis.scenarios.ScenarioEngine`);
        chosen by backtest when None.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        region: str = "3105",
        *,
        engine: ScenarioEngine | None = None,
        n_paths: int = 2000,
        seed: int = 0,
        root: Path | None = None,
        standard_method: str | MethodChoice | None = None,
        placement: PeerPlacement | None = None,
    ) -> None:
        self.frame = frame
        self.placement = placement
        self.engine = (
            engine
            if engine is not None
            else ScenarioEngine(frame, region, standard_method=standard_method)
        )
        self.n_paths, self.seed = int(n_paths), int(seed)
        self.synthetic = bool(frame.attrs.get("synthetic", False))
        names = load_focus_mapping().names
        self.focus = names[:N_FOCUS]
        self.first_year, self.latest = int(self.engine.years[0]), int(self.engine.latest)
        defaults = {"base_year": 2022, "target_year": 2030, "event_year": self.latest + 2}
        if not self.first_year <= defaults["base_year"] <= self.latest:
            defaults["base_year"] = self.latest
        defaults["target_year"] = max(defaults["target_year"], self.latest + 1)
        self.region_name = self._region_name()
        self.view = ExplorerView(
            self.focus,
            names,
            defaults,
            self.synthetic,
            self.region_name,
            self.engine.standard_method,
            placement.groups if placement is not None else (),
        )
        self.chart = LiveChart(self.synthetic)
        self.files = ExplorerFiles(self, root=paths(root))
        self.result: ScenarioResult | None = None
        self.scenario: Scenario | None = None
        self.goal: Goal | None = None
        self.error: str | None = None
        self.updates = 0
        self._holding = False
        self._prepared: set[tuple[str, int]] = set()
        self._wire()
        self.refresh()

    # ---- wiring ------------------------------------------------------------------------------
    def _wire(self) -> None:
        view = self.view
        for name, slider in view.sliders.items():
            slider.observe(self._readout_updater(name), names="value")
        for widget in view.inputs():
            widget.observe(self.refresh, names="value")
        view.mode.observe(self._on_mode, names="value")
        view.event_target.observe(self._on_event_target, names="value")
        view.save_button.on_click(lambda _b: self.files.on_save())
        view.export_button.on_click(lambda _b: self.files.on_export())

    def _readout_updater(self, name: str) -> Callable[[dict[str, Any]], None]:
        def update(change: dict[str, Any]) -> None:
            self.view.readouts[name].value = slider_text(float(change["new"]), self.view.mode.value)

        return update

    def _on_event_target(self, change: dict[str, Any]) -> None:
        off = change["new"] == NO_EVENT
        self.view.event_year.disabled = off
        self.view.event_jobs.disabled = off

    def _on_mode(self, change: dict[str, Any]) -> None:
        """Switch slider meaning; rate mode starts at each industry's base-projection growth."""
        mode = str(change["new"])
        lo, hi, step = SLIDER_RANGES[mode]
        start = dict.fromkeys(self.focus, 1.0)
        if mode == MODE_RATE:
            try:
                start = self.base_rates_pct()
            except NaeringError:  # the base method cannot run here; refresh() will say why
                start = dict.fromkeys(self.focus, 0.0)
        self._holding = True
        try:
            for name, slider in self.view.sliders.items():
                slider.min, slider.max = min(lo, slider.min), max(hi, slider.max)
                slider.value = float(np.clip(start[name], lo, hi))
                slider.min, slider.max, slider.step = lo, hi, step
                self.view.readouts[name].value = slider_text(slider.value, mode)
        finally:
            self._holding = False
        self.refresh()

    def base_rates_pct(self) -> dict[str, float]:
        """Return each focus industry's average annual growth (per cent, one decimal) in the base projection."""
        target_year = self.goal.target_year if self.goal else max(2030, self.latest + 1)
        horizon = target_year - self.latest
        chosen = Scenario(name="metode", base_method=str(self.view.method.value))
        base = self.engine.base(chosen, horizon).industries
        last = self.engine.history[:, -1]
        out: dict[str, float] = {}
        for name in self.focus:
            rows = np.isin(self.engine.industries, list(self.engine.bransjer[name]))
            start, end = float(last[rows].sum()), float(base[rows, -1].sum())
            growth = (end / start) ** (1.0 / horizon) - 1.0 if start > 0 else 0.0
            out[name] = round(100.0 * growth, 1)
        return out

    def _method(self) -> str:
        method = str(self.view.method.value)
        return self.engine.method_of(Scenario(name="metode", base_method=method))

    def _region_name(self) -> str:
        region = self.engine.region
        if "region_name" in self.frame.columns:
            names = self.frame.loc[self.frame["region_code"].astype(str) == region, "region_name"]
            if len(names):
                return str(names.iloc[0])
        return region

    # ---- computing ---------------------------------------------------------------------------
    def read_inputs(self) -> ExplorerInputs:
        """Return the current widget values."""
        view = self.view
        target = view.event_target.value
        return ExplorerInputs(
            name=str(view.name.value),
            mode=str(view.mode.value),
            sliders={name: float(s.value) for name, s in view.sliders.items()},
            base_method=str(view.method.value),
            rate_text=str(view.target_rate.value),
            base_year=int(view.base_year.value),
            target_year=int(view.target_year.value),
            event_target=None if target == NO_EVENT else str(target),
            event_year=int(view.event_year.value),
            event_jobs=int(view.event_jobs.value),
        )

    def compile(self, inputs: ExplorerInputs) -> tuple[Scenario, Goal]:
        """Validate ``inputs``; return the scenario and goal or raise a Norwegian ScenarioError."""
        rate = parse_rate_pct(inputs.rate_text)
        problems = check_goal(
            rate, inputs.base_year, inputs.target_year,
            first_year=self.first_year, latest_year=self.latest,
        )  # fmt: skip
        has_event = inputs.event_target is not None and inputs.event_jobs != 0
        if has_event and not self.latest < inputs.event_year <= inputs.target_year:
            problems.append(
                f"Jobbhendelsen må komme etter siste dataår ({self.latest}) og senest i "
                f"målåret ({inputs.target_year}), fikk {inputs.event_year}."
            )
        if problems:
            raise ScenarioError(" ".join(problems))
        return build_scenario(inputs), Goal(rate, inputs.base_year, inputs.target_year)

    def refresh(self, _change: object = None) -> None:
        """Recompute from the widgets and redraw; problems go to the status line."""
        if self._holding:
            return
        inputs = self.read_inputs()
        if not inputs.name.strip():  # only saving needs a name; keep the view live meanwhile
            inputs = replace(inputs, name=DEFAULT_NAME)
        try:
            scenario, goal = self.compile(inputs)
            self._announce(self.engine.method_of(scenario), goal.target_year)
            result = self.engine.run(
                scenario, goal.base_year, goal.rate, goal.target_year, self.n_paths, self.seed
            )
        except NaeringError as exc:
            self._fail(str(exc))
            return
        except Exception as exc:  # the UI boundary: never let a traceback reach the page
            log.exception("Scenarioutforskeren feilet")
            self._fail(f"Uventet feil under beregningen: {exc}. Prøv andre verdier.")
            return
        self.scenario, self.goal, self.result, self.error = scenario, goal, result, None
        self.chart.update(self._chart_data(result, goal))
        png = self.chart.png()
        self.updates += 1
        self.view.chart.value = png
        self.view.chart.layout.display = None
        self.view.summary.value = summary_html(result, goal.rate, goal.base_year, self.updates)
        self.view.peer_text.value = self._peer_text(result, goal)
        self.view.show_info("")

    def _peer_text(self, result: ScenarioResult, goal: Goal) -> str:
        """Place the scenario's yearly growth to the target year among the peers' past growth."""
        group = self.view.peer_group.value
        if self.placement is None or group is None:
            return ""
        path = result.path.set_index("year")["jobs"].astype(float)
        start, end = float(path[self.latest]), float(path[goal.target_year])
        if start <= 0 or end <= 0:
            return ""
        years = goal.target_year - self.latest
        rate = (_yearly_factor(end / start, years) - 1.0) * 100.0
        return f"<p>{escape(self.placement.describe(rate, goal.target_year, str(group)))}</p>"

    def _announce(self, method: str, target_year: int) -> None:
        """Say so before a method is prepared for a new horizon (its backtest takes a moment)."""
        key = (method, target_year)
        if key not in self._prepared:
            self._prepared.add(key)
            label = METHOD_LABELS.get(method, method)
            self.view.show_info(
                f"Beregner framskrivingen med metoden «{label}» til {target_year} …"
            )

    def _fail(self, message: str) -> None:
        self.error, self.result = message, None
        self.updates += 1
        self.view.show_error(message)
        self.view.chart.layout.display = "none"
        self.view.summary.value = summary_html(None, 0.0, 0, self.updates)

    def _chart_data(self, result: ScenarioResult, goal: Goal) -> ChartData:
        path = result.path
        hist = path.loc[path["kind"] == "faktisk"]
        ahead = path.loc[path["year"] >= self.latest]
        target = path.loc[path["target_jobs"].notna()]
        return ChartData(
            hist_years=hist["year"].to_numpy(dtype=float),
            hist_jobs=hist["jobs"].to_numpy(dtype=float),
            years=ahead["year"].to_numpy(dtype=float),
            jobs=ahead["jobs"].to_numpy(dtype=float),
            lo80=ahead["lo80"].to_numpy(dtype=float),
            hi80=ahead["hi80"].to_numpy(dtype=float),
            target_years=target["year"].to_numpy(dtype=float),
            target_jobs=target["target_jobs"].to_numpy(dtype=float),
            target_label=term_label("maalbane", 3, rate=fmt_pct(goal.rate, 1), year=goal.base_year),
            title=f"Arbeidsplasser i {self.region_name} – {result.scenario}",
        )

    # ---- convenience -------------------------------------------------------------------------
    @property
    def widget(self) -> widgets.Widget:
        """The root widget (display it in a notebook)."""
        return self.view.root

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display as the widget in Jupyter and Voilà."""
        return self.view.root._repr_mimebundle_(**kwargs)


def explorer(
    kommune: str = "3105",
    snapshot: str | None = None,
    *,
    root: Path | None = None,
    n_paths: int = 2000,
    seed: int = 0,
) -> ScenarioExplorer:
    """Load the 13470 frame from ``snapshot`` (default: newest) and build the explorer for ``kommune``.

    The standard base method is the one chosen on this frame, read from ``data/processed``
    (:func:`naering_analysis.forecast.store.stored_choice`; chosen there first if needed).
    """
    project = paths(root)
    # Read once (from the parquet cache for the newest snapshots, as the notebooks read it):
    # the engine and the peers share it. Parsing the JSON-stat again took 1,3 s.
    jobs = frame("employment", snapshot, root=root)
    choice = stored_choice(jobs, project.processed, peers=choice_peers(kommune, snapshot, root))
    return ScenarioExplorer(
        jobs,
        kommune,
        n_paths=n_paths,
        seed=seed,
        root=root,
        standard_method=choice,
        placement=_placement(jobs, kommune, snapshot, root),
    )


def _placement(
    jobs: pd.DataFrame, kommune: str, snapshot: str | None, root: Path | None
) -> PeerPlacement | None:
    """Return the peers' growth over the last five years, or None when the data lack it.

    Only jobs (the growth) and population (the default group) are needed, so the other tables
    of the comparison are not read.
    """
    try:
        population = frame("population", snapshot, root=root)
    except SnapshotError:
        population = None
    try:
        latest = int(jobs["year"].max())
        tall = PeerFrames(jobs=jobs, population=population)
        return PeerPlacement.from_comparison(compare(tall, kommune, latest - 5, latest))
    except NaeringError as exc:  # no population or national panel: the explorer works without
        log.info("Sammenligningen med andre kommuner er ikke tilgjengelig: %s", exc)
        return None


def _yearly_factor(ratio: float, years: int) -> float:
    """Return the yearly growth factor ``ratio ** (1 / years)``."""
    return float(ratio ** (1.0 / years))
