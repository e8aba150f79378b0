"""Run scenarios for one region: projected path, gap to the goal and the probability of reaching it.

:class:`ScenarioEngine` does the expensive work once per frame and region (base projections and
the backtest error distributions per method, the goal's target path) so that rerunning every
scenario takes milliseconds. The probability of reaching the goal is the share of simulated paths
whose total in ``target_year`` is at least the target. Each path draws one rank from the empirical
distribution of the region-total forecast errors (all regions and origins in the frame, per
horizon) and applies it to the scenario's total; job events are added on top. See
``docs/metode.md``.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from naering_analysis.analysis.goal import required_growth, target_path
from naering_analysis.errors import AnalysisError, ScenarioError
from naering_analysis.forecast.errors import ErrorModel, build_panel, log_scale
from naering_analysis.forecast.methods import NEEDS_REFERENCE, point_forecast
from naering_analysis.forecast.projections import error_models
from naering_analysis.reference.industries import FocusMapping, load_focus_mapping
from naering_analysis.scenarios.apply import apply_scenario
from naering_analysis.scenarios.models import Scenario, builtin_scenarios

PROBS = (0.10, 0.90, 0.025, 0.975)
BAND_NAMES = ("lo80", "hi80", "lo95", "hi95")
CACHE_SIZE = 4


@dataclass(frozen=True)
class ScenarioResult:
    """The outcome of one scenario for one region.

    ``path`` has one row per year (history ``kind="faktisk"``, then ``"framskrevet"``) with
    ``jobs`` (total), the simulated ``lo80``/``hi80``/``lo95``/``hi95``, ``target_jobs`` and
    ``gap_jobs`` = jobs − target (negative: behind the goal; NaN before ``base_year``).
    ``by_industry`` has the scenario (``jobs``) and base-method (``base_jobs``) path per
    industry. ``gap_2030_jobs`` is the gap in ``target_year``; ``required_growth`` the annual
    rate needed from the latest data year; ``probability_of_goal`` the share of paths at or above
    the target in ``target_year``.
    """

    scenario: str
    region_code: str
    method: str
    target_year: int
    path: pd.DataFrame
    by_industry: pd.DataFrame
    gap_2030_jobs: float
    required_growth: float
    probability_of_goal: float


def _bransje_codes(
    mapping: FocusMapping | Mapping[str, Sequence[str]],
) -> dict[str, tuple[str, ...]]:
    """Return bransje name (and id) → SN2007 codes."""
    if isinstance(mapping, FocusMapping):
        out = {b.name: tuple(b.groups) for b in mapping.bransjer}
        out.update({b.id: tuple(b.groups) for b in mapping.bransjer})
        return out
    return {str(k): tuple(str(c) for c in v) for k, v in mapping.items()}


def _industry_bransje(mapping: FocusMapping | Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Return SN2007 code → bransje name."""
    if isinstance(mapping, FocusMapping):
        return dict(mapping.lookup)
    return {str(c): str(name) for name, codes in mapping.items() for c in codes}


class ScenarioEngine:
    """Prepared scenario runs for one region of a tidy industry frame.

    Parameters
    ----------
    frame
        Tidy frame by region and industry (no ``sector_code``); every region in it feeds the
        error distributions. ``reference`` must be in it for ``structural``/``combined``/``pooled``.
    region
        The region whose scenarios are run.
    reference, window
        As in :func:`naering_analysis.forecast.projections.project`.
    focus_mapping
        Bransje → SN2007 codes; default :func:`naering_analysis.reference.industries.load_focus_mapping`.
    allow_break
        Allow history that spans the 2014/2015 series break.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        region: str = "3105",
        *,
        reference: str = "0",
        window: int = 5,
        focus_mapping: FocusMapping | Mapping[str, Sequence[str]] | None = None,
        allow_break: bool = False,
    ) -> None:
        if "sector_code" in frame.columns:
            raise AnalysisError(
                "ScenarioEngine: tabellen har sector_code; bruk tabellen etter næring (13470) uten sektorer."
            )
        regions = set(frame["region_code"].astype(str)) if "region_code" in frame.columns else set()
        self._panel = build_panel(
            frame,
            reference=reference,
            need_reference=str(reference) in regions,
            allow_break=allow_break,
            missing="drop",
            where="ScenarioEngine",
        )
        self.region = str(region)
        self.reference = str(reference)
        self.window = int(window)
        rows = np.flatnonzero(self._panel.keys["region_code"].to_numpy() == self.region)
        if not len(rows):
            raise AnalysisError(
                f"ScenarioEngine: region '{region}' finnes ikke i tabellen (har {sorted(regions)})."
            )
        gaps = [s for s in self._panel.attrs["dropped_series"] if s.startswith(f"{self.region}/")]
        if gaps:
            raise AnalysisError(
                f"ScenarioEngine: seriene {gaps} i region '{region}' mangler tall for noen år "
                "(prikket hos SSB); fyll dem inn bevisst før scenarioene kjøres."
            )
        self._rows = rows
        self._frame = frame
        self.industries = self._panel.keys["industry_code"].to_numpy()[rows].astype(str)
        self.history = self._panel.jobs[rows]
        self.years = self._panel.years
        self.latest = int(self.years[-1])
        self._total_scale = float(log_scale(self.history.sum(axis=0, keepdims=True))[0])
        mapping = load_focus_mapping() if focus_mapping is None else focus_mapping
        self.bransjer = _bransje_codes(mapping)
        self._bransje_of = _industry_bransje(mapping)
        self._methods: dict[tuple[str, int], tuple[np.ndarray, ErrorModel, ErrorModel]] = {}
        self._goals: dict[tuple[int, float, int], tuple[np.ndarray, float]] = {}

    def prepared(self, method: str, horizon: int) -> tuple[np.ndarray, ErrorModel, ErrorModel]:
        """Return (and cache) the base projection of the region and the two error models."""
        key = (method, horizon)
        if key not in self._methods:
            if method in NEEDS_REFERENCE and self._panel.ref_jobs is None:
                raise ScenarioError(
                    f"base_method '{method}' trenger referanseregionen '{self.reference}' i tabellen; "
                    "ta den med eller velg en annen metode."
                )
            point = point_forecast(
                method, self._panel.jobs, self._panel.ref_jobs, horizon, self.window
            )[self._rows]
            series_model, total_model = error_models(self._panel, method, horizon, self.window)
            self._methods[key] = (point, series_model, total_model)
        return self._methods[key]

    def _goal(self, base_year: int, rate: float, target_year: int) -> tuple[np.ndarray, float]:
        """Return the target for each year base_year..target_year and the required growth rate."""
        key = (base_year, rate, target_year)
        if key not in self._goals:
            try:
                target = target_path(self._frame, base_year, rate, target_year, self.region)
                needed = required_growth(self._frame, base_year, rate, target_year, self.region)
            except AnalysisError as exc:
                raise ScenarioError(f"Målet kan ikke beregnes: {exc}") from exc
            self._goals[key] = (target["target_jobs"].to_numpy(dtype=float), needed)
        return self._goals[key]

    def _check_goal(self, base_year: int, rate: float, target_year: int, n_paths: int) -> None:
        problems = []
        if not (np.isfinite(rate) and rate > -1.0):
            problems.append(f"'rate' må være større enn -1 (0.015 = 1,5 %), fikk {rate}")
        if not self.years[0] <= base_year <= self.latest:
            problems.append(
                f"'base_year' må være et år med data ({self.years[0]}–{self.latest}), fikk {base_year}"
            )
        if target_year <= max(base_year, self.latest):
            problems.append(
                f"'target_year' må være etter base_year ({base_year}) og siste dataår "
                f"({self.latest}), fikk {target_year}"
            )
        if n_paths < 1:
            problems.append(f"'n_paths' må være minst 1, fikk {n_paths}")
        if problems:
            raise ScenarioError("Ugyldige målparametre: " + "; ".join(problems) + ".")

    def run(
        self,
        scenario: Scenario | str,
        base_year: int = 2022,
        rate: float = 0.015,
        target_year: int = 2030,
        n_paths: int = 2000,
        seed: int = 0,
    ) -> ScenarioResult:
        """Run ``scenario`` (a :class:`Scenario` or a built-in name) against the goal."""
        if isinstance(scenario, str):
            known = builtin_scenarios()
            if scenario not in known:
                raise ScenarioError(f"Ukjent scenario '{scenario}'; innebygde er {list(known)}.")
            scenario = known[scenario]
        self._check_goal(int(base_year), float(rate), int(target_year), int(n_paths))
        horizon = int(target_year) - self.latest
        base, series_model, total_model = self.prepared(scenario.method, horizon)
        organic, events = apply_scenario(
            scenario, base, self.history[:, -1], self.industries, self.bransjer, self.latest
        )
        target, needed = self._goal(int(base_year), float(rate), int(target_year))
        u = np.random.default_rng(seed).random(int(n_paths))
        draws = total_model.draw(u)[:, :horizon]
        total = organic.sum(axis=0)
        sims = (total + 1.0) * np.exp(self._total_scale * draws) - 1.0 + events.sum(axis=0)
        sims = np.maximum(sims, 0.0)
        point = total + events.sum(axis=0)
        probability = float(np.mean(sims[:, -1] >= target[-1]))
        path = self._path_frame(point, np.quantile(sims, PROBS, axis=0), target, int(base_year))
        by_industry = self._industry_frame(organic + events, base, series_model, events)
        return ScenarioResult(
            scenario=scenario.name,
            region_code=self.region,
            method=scenario.method,
            target_year=int(target_year),
            path=path.assign(scenario=scenario.name),
            by_industry=by_industry.assign(scenario=scenario.name),
            gap_2030_jobs=float(point[-1] - target[-1]),
            required_growth=float(needed),
            probability_of_goal=probability,
        )

    def _path_frame(
        self, point: np.ndarray, bands: np.ndarray, target: np.ndarray, base_year: int
    ) -> pd.DataFrame:
        """Total jobs per year: history, then the scenario with its simulated bands."""
        history = self.history.sum(axis=0)
        horizon = len(point)
        years = np.concatenate([self.years, np.arange(self.latest + 1, self.latest + horizon + 1)])
        jobs = np.concatenate([history, point])
        out = {"region_code": self.region, "year": years, "jobs": jobs}
        for k, name in enumerate(BAND_NAMES):
            out[name] = np.concatenate([history, bands[k]])
        full_target = np.full(len(years), np.nan)
        full_target[years >= base_year] = target
        out["target_jobs"] = full_target
        out["gap_jobs"] = jobs - full_target
        out["kind"] = np.where(years <= self.latest, "faktisk", "framskrevet")
        return pd.DataFrame(out)

    def _industry_frame(
        self, jobs: np.ndarray, base: np.ndarray, model: ErrorModel, events: np.ndarray
    ) -> pd.DataFrame:
        """Scenario and base projection per industry, with 80 % bands around the organic part."""
        n, horizon = jobs.shape
        organic = jobs - events
        bands = model.bands(organic, log_scale(self.history))
        return pd.DataFrame(
            {
                "region_code": self.region,
                "industry_code": np.repeat(self.industries, horizon),
                "bransje": [
                    self._bransje_of.get(c, "") for c in np.repeat(self.industries, horizon)
                ],
                "year": np.tile(np.arange(self.latest + 1, self.latest + horizon + 1), n),
                "jobs": jobs.ravel(),
                "base_jobs": base.ravel(),
                "lo80": (bands["lo80"] + events).ravel(),
                "hi80": (bands["hi80"] + events).ravel(),
            }
        )


_ENGINES: OrderedDict[tuple[str, str], ScenarioEngine] = OrderedDict()


def frame_fingerprint(frame: pd.DataFrame) -> str:
    """Return a content hash of a tidy frame (columns, dtypes and values)."""
    digest = hashlib.sha256(repr((list(frame.columns), list(map(str, frame.dtypes)))).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def run_scenario(
    frame: pd.DataFrame,
    scenario: Scenario | str,
    region: str = "3105",
    base_year: int = 2022,
    rate: float = 0.015,
    target_year: int = 2030,
    n_paths: int = 2000,
    seed: int = 0,
) -> ScenarioResult:
    """Run one scenario; prepared engines are cached for the last few frames and regions."""
    key = (frame_fingerprint(frame), str(region))
    engine = _ENGINES.get(key)
    if engine is None:
        engine = ScenarioEngine(frame, region)
        _ENGINES[key] = engine
        while len(_ENGINES) > CACHE_SIZE:
            _ENGINES.popitem(last=False)
    _ENGINES.move_to_end(key)
    return engine.run(scenario, base_year, rate, target_year, n_paths, seed)
