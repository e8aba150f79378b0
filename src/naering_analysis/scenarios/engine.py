"""Run scenarios for one region: projected path, gap to the goal and the probability of reaching it.

:class:`ScenarioEngine` does the expensive work once per frame and region (base projections and
the backtest error distributions per method, the goal's target path) so that rerunning every
scenario takes milliseconds.

**One distribution.** Each of ``n_paths`` simulated paths draws one rank from the empirical
distribution of the forecast errors of the council's totals (every municipality's total and
focus-industry totals, all origins, per horizon, centred at the median) and applies it to the
scenario's total; job events are added to every path. The central path shown is the median of
these paths, the 80 % and 95 % bands are their quantiles, and the probability of reaching the goal
is the share of them at or above the target in ``target_year``. So a central path at or above the
target always has a probability of at least 50 %, and a path below it less than 50 %. See
``docs/metode.md``.

``base_method: standard`` means the method chosen on this frame
(:func:`naering_analysis.forecast.choose_method`); pass ``standard_method`` when it is known
(the report reads it from ``data/processed``), or the engine chooses it the first time a
scenario needs it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.special import ndtr

from naering_analysis.analysis.goal import required_growth, target_path
from naering_analysis.errors import AnalysisError, ScenarioError
from naering_analysis.forecast.aggregates import council_aggregates
from naering_analysis.forecast.choice import MethodChoice, choose_method
from naering_analysis.forecast.coherent import Prepared, coherent_projection, prepare
from naering_analysis.forecast.errors import ErrorModel, build_panel, log_scale
from naering_analysis.forecast.methods import METHODS, NEEDS_REFERENCE
from naering_analysis.forecast.reconcile import IndustryCovariance, reconcile_to_total
from naering_analysis.forecast.store import cached_fingerprint
from naering_analysis.reference.industries import FocusMapping, load_focus_mapping
from naering_analysis.scenarios.apply import apply_scenario
from naering_analysis.scenarios.models import STANDARD_METHOD, Scenario, builtin_scenarios

PROBS = (0.10, 0.90, 0.025, 0.975)
BAND_NAMES = ("lo80", "hi80", "lo95", "hi95")
CACHE_SIZE = 4


@dataclass(frozen=True)
class ScenarioResult:
    """The outcome of one scenario for one region.

    ``path`` has one row per year (history ``kind="faktisk"``, then ``"framskrevet"``) with
    ``jobs`` (total; ahead the median of the simulated paths, which is the scenario's projection),
    their ``lo80``/``hi80``/``lo95``/``hi95``, ``target_jobs`` and ``gap_jobs`` = jobs − target
    (negative: behind the goal; NaN before ``base_year``). ``by_industry`` has the scenario
    (``jobs``) and base-method (``base_jobs``) path per industry, with 80 % bands from the
    industry paths reconciled to each simulated total; it sums to ``path``. It is built the first
    time it is read (the probability and the total's band do not need it). ``gap_2030_jobs`` is
    the gap in ``target_year``; ``required_growth`` the annual rate needed from the latest data
    year; ``probability_of_goal`` the share of the same paths at or above the target in
    ``target_year``. ``method`` is the projection method the scenario used.
    """

    scenario: str
    region_code: str
    method: str
    target_year: int
    path: pd.DataFrame
    gap_2030_jobs: float
    required_growth: float
    probability_of_goal: float
    industry_frame: Callable[[], pd.DataFrame] = field(
        default=pd.DataFrame, repr=False, compare=False
    )

    @cached_property
    def by_industry(self) -> pd.DataFrame:
        """The scenario per industry and year (see the class docstring)."""
        return self.industry_frame()


def _bransje_codes(
    mapping: FocusMapping | Mapping[str, Sequence[str]],
) -> dict[str, tuple[str, ...]]:
    """Return bransje name (and id) → industry codes: its parts and, for 17-group data, groups."""
    if isinstance(mapping, FocusMapping):
        codes = {
            b.name: tuple(c for c, name in mapping.lookup.items() if name == b.name)
            for b in mapping.bransjer
        }
        return codes | {b.id: codes[b.name] for b in mapping.bransjer}
    return {str(k): tuple(str(c) for c in v) for k, v in mapping.items()}


def _industry_bransje(mapping: FocusMapping | Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Return SN2007 code → bransje name."""
    if isinstance(mapping, FocusMapping):
        return dict(mapping.lookup)
    return {str(c): str(name) for name, codes in mapping.items() for c in codes}


@dataclass(frozen=True)
class Base:
    """A scenario's starting point for one region: coherent industries and their error models.

    ``industries`` (series, horizon) add up to the projected total; ``total_model`` is the error
    model of the municipality totals the simulated totals draw from, ``series_model`` and
    ``covariance`` those of the industries (their paths are drawn with these and then reconciled
    to each path's total with ``weights``).
    """

    industries: np.ndarray
    total_model: ErrorModel
    series_model: ErrorModel
    covariance: IndustryCovariance
    weights: np.ndarray


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
    standard_method
        What ``base_method: standard`` means on ``frame``: the :class:`MethodChoice` made on it
        (the totals' method, the industries' method reconciled to the total, and whether the
        totals' distribution is calibrated), or one method's name for both levels; when None it
        is chosen by :func:`naering_analysis.forecast.choose_method` the first time it is needed.
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
        standard_method: str | MethodChoice | None = None,
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
        named = (
            standard_method.method if isinstance(standard_method, MethodChoice) else standard_method
        )
        if named is not None and named not in METHODS:
            raise ScenarioError(f"standard_method '{named}' er ukjent; velg en av {list(METHODS)}.")
        self._standard: MethodChoice | str | None = standard_method
        self._rows = rows
        self._frame = frame
        self._aggregates = council_aggregates(self._panel.keys, self.reference)
        self.industries = self._panel.keys["industry_code"].to_numpy()[rows].astype(str)
        self.history = self._panel.jobs[rows]
        self.years = self._panel.years
        self.latest = int(self.years[-1])
        self._total_scale = float(log_scale(self.history.sum(axis=0, keepdims=True))[0])
        self._scale = log_scale(self.history)
        mapping = load_focus_mapping() if focus_mapping is None else focus_mapping
        self.bransjer = _bransje_codes(mapping)
        self._bransje_of = _industry_bransje(mapping)
        self._methods: dict[tuple[str, str, int], Prepared] = {}
        self._bases: dict[tuple[str, int], Base] = {}
        self._goals: dict[tuple[int, float, int], tuple[np.ndarray, float]] = {}

    def _choice(self) -> MethodChoice | str:
        if self._standard is None:
            self._standard = _chosen(self._frame, self.reference, self._panel.ref_jobs is None)
        return self._standard

    @property
    def standard_method(self) -> str:
        """The totals' method chosen on this frame (``base_method: standard``); chosen on first use."""
        choice = self._choice()
        return choice.method if isinstance(choice, MethodChoice) else choice

    @property
    def industry_method(self) -> str:
        """The industries' method of ``base_method: standard`` (reconciled to the total)."""
        choice = self._choice()
        return choice.industry_method if isinstance(choice, MethodChoice) else choice

    @property
    def reconciliation(self) -> str:
        """How the standard industries are reconciled to the total (see :class:`MethodChoice`)."""
        choice = self._choice()
        return choice.reconciliation if isinstance(choice, MethodChoice) else "mint_immutable"

    @property
    def calibrated(self) -> bool:
        """Whether the standard total is moved by its median past error (see :class:`MethodChoice`)."""
        choice = self._choice()
        return bool(choice.calibrated) if isinstance(choice, MethodChoice) else False

    def method_of(self, scenario: Scenario) -> str:
        """Return the projection method ``scenario`` uses on this frame (the totals' one for standard)."""
        if scenario.base_method == STANDARD_METHOD:
            return self.standard_method
        return scenario.base_method

    def prepared(self, method: str, horizon: int, level: str = "total") -> Prepared:
        """Return (and cache) ``method``'s forecasts and error models on the whole panel."""
        key = (method, level, horizon)
        if key not in self._methods:
            if method in NEEDS_REFERENCE and self._panel.ref_jobs is None:
                raise ScenarioError(
                    f"base_method '{method}' trenger referanseregionen '{self.reference}' i tabellen; "
                    "ta den med eller velg en annen metode."
                )
            self._methods[key] = prepare(
                self._panel, self._aggregates, method, horizon, self.window, level=level
            )
        return self._methods[key]

    def base(self, scenario: Scenario, horizon: int) -> Base:
        """Return (and cache) the coherent base projection a scenario starts from.

        ``standard``: the total from the totals' method (calibrated when the choice says so), the
        industries from the industries' method reconciled to it. A named method: that method for
        both (its industries add up to its total by construction).
        """
        standard = scenario.base_method == STANDARD_METHOD
        key = ("standard" if standard else scenario.base_method, horizon)
        if key not in self._bases:
            reconciliation = "mint_immutable"
            if standard:
                total = self.prepared(self.standard_method, horizon, "total")
                industry = self.prepared(self.industry_method, horizon, "focus")
                calibrated, reconciliation = self.calibrated, self.reconciliation
            else:
                total = industry = self.prepared(scenario.base_method, horizon, "total")
                calibrated = False
            coherent = coherent_projection(
                self.history,
                self._rows,
                self.industries,
                total,
                industry,
                calibrated=calibrated,
                reconciliation=reconciliation,
            )
            self._bases[key] = Base(
                industries=coherent.industries,
                total_model=total.total,
                series_model=industry.series,
                covariance=industry.covariance,
                weights=coherent.weights,
            )
        return self._bases[key]

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

    def scenario_parts(
        self, scenario: Scenario, horizon: int
    ) -> tuple[Base, np.ndarray, np.ndarray]:
        """Return the base a scenario starts from, its organic industries and its job events.

        Both arrays have shape ``(series, horizon)``: the base industries with the scenario's
        overrides applied, and the events per industry and year (:func:`apply_scenario`).
        """
        base = self.base(scenario, horizon)
        organic, events = apply_scenario(
            scenario,
            base.industries,
            self.history[:, -1],
            self.industries,
            self.bransjer,
            self.latest,
        )
        return base, organic, events

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
        method = self.method_of(scenario)
        base, organic, events = self.scenario_parts(scenario, horizon)
        target, needed = self._goal(int(base_year), float(rate), int(target_year))
        organic_total = organic.sum(axis=0)
        organic_sims = self.simulate(
            organic_total, np.zeros(horizon), base.total_model, n_paths, seed
        )
        sims = np.maximum(organic_sims + events.sum(axis=0), 0.0)
        central = median_path(sims)
        probability = float(np.mean(sims[:, -1] >= target[-1]))
        # order statistics, like the median, so the band always holds the central path
        bands = np.quantile(sims, PROBS, axis=0, method="inverted_cdf")
        path = self._path_frame(central, bands, target, int(base_year))

        def by_industry() -> pd.DataFrame:
            paths = self.industry_paths(organic, organic_sims, base, seed)
            frame = self._industry_frame(organic, events, base.industries, paths)
            return frame.assign(scenario=scenario.name)

        return ScenarioResult(
            scenario=scenario.name,
            region_code=self.region,
            method=method,
            target_year=int(target_year),
            path=path.assign(scenario=scenario.name),
            gap_2030_jobs=float(central[-1] - target[-1]),
            required_growth=float(needed),
            probability_of_goal=probability,
            industry_frame=by_industry,
        )

    def industry_paths(
        self, organic: np.ndarray, totals: np.ndarray, base: Base, seed: int
    ) -> np.ndarray:
        """Return each path's industries, reconciled so that they add up to its total.

        Every industry draws its own error path from the industries' error model, with the
        industries' error correlation (a Gaussian copula on the shrunk covariance), around its
        scenario projection ``organic`` (series, horizon); then each path's industries are
        reconciled to that path's total in ``totals`` (paths, horizon) with the immutable-total
        weights. Returns shape ``(series, paths, horizon)``; summed over the series it equals
        ``totals`` exactly.
        """
        n, horizon = organic.shape
        paths = totals.shape[0]
        sigma = base.covariance.for_codes(self.industries)
        sd = np.sqrt(np.clip(np.diag(sigma), 1e-12, None))
        corr = sigma / np.outer(sd, sd) + np.eye(n) * 1e-9
        chol = np.linalg.cholesky(corr)
        normals = np.random.default_rng([seed, 1]).standard_normal((paths, n)) @ chol.T
        draws = base.series_model.draw(ndtr(normals).T.ravel())[:, :horizon]
        draws = draws.reshape(n, paths, horizon)
        own = (organic[:, None, :] + 1.0) * np.exp(self._scale[:, None, None] * draws) - 1.0
        weights = np.broadcast_to(base.weights[:, None, :horizon], own.shape)
        return reconcile_to_total(np.maximum(own, 0.0), totals, weights)

    def simulate(
        self,
        organic_total: np.ndarray,
        event_total: np.ndarray,
        model: ErrorModel,
        n_paths: int,
        seed: int,
    ) -> np.ndarray:
        """Return ``n_paths`` simulated totals per year, shape ``(paths, horizon)``.

        Path ``p`` is ``(organic + 1) · exp(s · z_h(u_p)) − 1 + events``, floored at 0, where
        ``u_p`` is one uniform rank per path (the same at every horizon, so a path that is low one
        year stays low) and ``s`` the region total's mean absolute one-year change in log. The
        errors are shifted so that the middle path (rank ``n // 2``) has none: the median of the
        paths is then exactly the scenario's own projection.
        """
        horizon = len(organic_total)
        u = np.random.default_rng(seed).random(int(n_paths))
        draws = model.draw(u)[:, :horizon]
        draws = draws - draws[np.argsort(u, kind="stable")[len(u) // 2]]
        sims = (organic_total + 1.0) * np.exp(self._total_scale * draws) - 1.0 + event_total
        return np.maximum(sims, 0.0)

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
        self, organic: np.ndarray, events: np.ndarray, base: np.ndarray, paths: np.ndarray
    ) -> pd.DataFrame:
        """Scenario and base projection per industry, with 80 % bands from the reconciled paths.

        ``jobs`` (the scenario's projection plus events) sums to the central path; the bands are
        quantiles of each industry's reconciled paths plus its events.
        """
        n, horizon = organic.shape
        jobs = organic + events
        # the 10 % and 90 % order statistics (as the total's band), in one partition
        ranks = [max(int(np.ceil(q * paths.shape[1])) - 1, 0) for q in (0.10, 0.90)]
        ordered = np.partition(paths, ranks, axis=1)
        lo, hi = ordered[:, ranks[0], :], ordered[:, ranks[1], :]
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
                "lo80": (lo + events).ravel(),
                "hi80": (hi + events).ravel(),
            }
        )


def median_path(sims: np.ndarray) -> np.ndarray:
    """Return the median of the simulated paths per year: the ``n // 2``-th smallest (0-based).

    With this order statistic, the median is at or above a target exactly when at least half of
    the paths are, so the central path and the probability never disagree.

    >>> median_path(np.array([[1.0], [4.0], [2.0], [3.0]])).tolist()
    [3.0]
    """
    n = sims.shape[0]
    return np.partition(sims, n // 2, axis=0)[n // 2]


_CHOICES: OrderedDict[tuple[str, str], MethodChoice] = OrderedDict()


def _chosen(frame: pd.DataFrame, reference: str, no_reference: bool) -> MethodChoice:
    """Choose the methods on ``frame`` (cached for the last few frames in this process)."""
    key = (cached_fingerprint(frame), reference)
    if key not in _CHOICES:
        methods = [m for m in METHODS if not (no_reference and m in NEEDS_REFERENCE)]
        _CHOICES[key] = choose_method(frame, reference=reference, methods=methods)
        while len(_CHOICES) > CACHE_SIZE:
            _CHOICES.popitem(last=False)
    return _CHOICES[key]


_ENGINES: OrderedDict[tuple[str, str, tuple[str, str, bool, str] | str | None], ScenarioEngine] = (
    OrderedDict()
)


def _standard_key(
    standard: MethodChoice | str | None,
) -> tuple[str, str, bool, str] | str | None:
    if isinstance(standard, MethodChoice):
        return (
            standard.method,
            standard.industry_method,
            standard.calibrated,
            standard.reconciliation,
        )
    return standard


def run_scenario(
    frame: pd.DataFrame,
    scenario: Scenario | str,
    region: str = "3105",
    base_year: int = 2022,
    rate: float = 0.015,
    target_year: int = 2030,
    n_paths: int = 2000,
    seed: int = 0,
    standard_method: MethodChoice | str | None = None,
) -> ScenarioResult:
    """Run one scenario; prepared engines are cached for the last few frames and regions.

    ``standard_method`` is the choice made on ``frame`` (see :class:`ScenarioEngine`). The frame
    is recognised by :func:`~naering_analysis.forecast.store.cached_fingerprint`, so a national
    frame is hashed once, not at every call.
    """
    key = (cached_fingerprint(frame), str(region), _standard_key(standard_method))
    engine = _ENGINES.get(key)
    if engine is None:
        engine = ScenarioEngine(frame, region, standard_method=standard_method)
        _ENGINES[key] = engine
        while len(_ENGINES) > CACHE_SIZE:
            _ENGINES.popitem(last=False)
    _ENGINES.move_to_end(key)
    return engine.run(scenario, base_year, rate, target_year, n_paths, seed)
