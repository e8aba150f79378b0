"""What a method choice holds: the methods per level, the evidence, and how it is stored.

:class:`MethodChoice` is the result of :func:`naering_analysis.forecast.choice.choose_method`
(and what ``data/processed/metodevalg.json`` keeps); the rule's constants live here so that the
choice, its text and its readers share one definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from naering_analysis.forecast import probability
from naering_analysis.forecast.evaluation import threshold_key
from naering_analysis.forecast.methods import METHOD_LABELS
from naering_analysis.numfmt import fmt_pct

COVERAGE_RANGE = (0.75, 0.88)
"""Acceptable share of a level's outcomes inside the 80 % interval."""

MIN_GAIN = 0.05
"""A method replaces naive only when its primary score is at least this share lower."""

BASELINE = "naive"
"""The yardstick every method is compared with ("no change")."""

LEVELS: dict[str, str] = {"total": "kommunetotalene", "focus": "satsingsbransjene"}
"""The two levels a method is chosen for (aggregate ``kind``) and their Norwegian names."""

EVIDENCE_COLUMNS = (
    "method",
    "label",
    "primary_mase",
    "relative_mase",
    "secondary_mase",
    "coverage80",
    "total_abs_error_pct",
    "n_forecasts",
    "coverage_ok",
    "clear_gain",
    "chosen",
    "rank",
)

PROBABILITY_COLUMNS = (
    "method",
    "mase_cal",
    "relative_mase_cal",
    "coverage80_cal",
    "crps",
    "crps_cal",
    *(f"bss_{threshold_key(r)}{v}" for r in probability.THRESHOLDS for v in ("", "_cal")),
)
"""Per method, the totals' scores of the raw and the calibrated predictive distribution."""


@dataclass(frozen=True)
class MethodChoice:
    """The methods chosen on one data set, one per level, and the evidence behind them.

    ``method`` projects the **municipality totals** (the number the goal is about); it is chosen
    on the totals alone. ``industry_method`` projects the industries (and so the focus
    industries and the scenario sliders); it is chosen on the focus-industry totals alone. The
    industry paths are reconciled to the total (:mod:`naering_analysis.forecast.reconcile`).

    ``evidence`` (totals) and ``industry_evidence`` (focus-industry totals) have one row per
    method (:data:`EVIDENCE_COLUMNS`): ``primary_mase`` (MASE of the level's aggregates),
    ``relative_mase`` (primary / naive's), ``secondary_mase`` (mean MASE of the municipality
    industry series), ``coverage80`` (share of the level's outcomes inside the 80 % interval),
    ``total_abs_error_pct`` (mean absolute error in %), ``coverage_ok`` and ``clear_gain`` (the
    two rules), ``chosen`` and ``rank``. ``by_horizon`` has ``level``, ``method``, ``horizon``,
    ``primary_mase``, ``relative_mase`` and ``coverage80`` for both levels.

    ``calibrated`` says whether the totals' predictive distribution is moved by the median past
    error (the split-conformal distribution of the raw errors) or centred on the method's point;
    it is the one with the lower CRPS on the totals (``probability``, :data:`PROBABILITY_COLUMNS`).
    ``brier`` scores the chosen distribution's probabilities of reaching 0, 1,0 and 1,5 % a year
    against climatology; ``reliability`` is its reliability table. ``peer_evidence`` is the
    totals' evidence on the peer group alone (``peers``), shown beside the evidence on all.
    ``reconciliation`` is how the industries are made to add up to the total (one of
    :data:`~naering_analysis.forecast.reconcile.ALLOCATIONS`), chosen by the focus-industry MASE
    in ``reconciliation_evidence`` (:func:`~naering_analysis.forecast.reconcile_evidence.reconciliation_evidence`);
    with one method for both levels there is nothing to reconcile and the evidence is empty.
    """

    method: str
    evidence: pd.DataFrame
    by_horizon: pd.DataFrame
    origins: tuple[int, ...]
    horizon: int
    regions: tuple[str, ...]
    reference: str = "0"
    synthetic: bool = False
    dropped_series: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    industry_method: str = BASELINE
    industry_evidence: pd.DataFrame = field(default_factory=pd.DataFrame)
    calibrated: bool = False
    probability: pd.DataFrame = field(default_factory=pd.DataFrame)
    brier: pd.DataFrame = field(default_factory=pd.DataFrame)
    reliability: pd.DataFrame = field(default_factory=pd.DataFrame)
    peers: tuple[str, ...] = ()
    peer_evidence: pd.DataFrame = field(default_factory=pd.DataFrame)
    reconciliation: str = "mint_immutable"
    reconciliation_evidence: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def label(self) -> str:
        """The totals' method's Norwegian label."""
        return METHOD_LABELS.get(self.method, self.method)

    @property
    def industry_label(self) -> str:
        """The industries' method's Norwegian label."""
        return METHOD_LABELS.get(self.industry_method, self.industry_method)

    def _value(self, column: str, evidence: pd.DataFrame | None = None, method: str = "") -> float:
        ev = self.evidence if evidence is None else evidence
        row = ev.loc[ev["method"] == (method or self.method), column]
        return float(row.iloc[0])

    @property
    def relative_mase(self) -> float:
        """The totals' method's MASE on the municipality totals relative to naive's (below 1 is better)."""
        return self._value("relative_mase")

    @property
    def primary_mase(self) -> float:
        """The totals' method's MASE on the municipality totals."""
        return self._value("primary_mase")

    @property
    def secondary_mase(self) -> float:
        """The totals' method's mean MASE per municipality industry series."""
        return self._value("secondary_mase")

    @property
    def coverage80(self) -> float:
        """The totals' method's coverage of the municipality totals by its 80 % intervals."""
        return self._value("coverage80")

    @property
    def industry_relative_mase(self) -> float:
        """The industries' method's MASE on the focus-industry totals relative to naive's."""
        return self._value("relative_mase", self.industry_evidence, self.industry_method)

    def reason(self, level: str = "total") -> str:
        """Say in Norwegian why the level's method was chosen (the rules it passed or why naive won)."""
        ev = (self.evidence if level == "total" else self.industry_evidence).set_index("method")
        method = self.method if level == "total" else self.industry_method
        what = LEVELS[level]
        low, high = (fmt_pct(v, 0) for v in COVERAGE_RANGE)
        gain = fmt_pct(MIN_GAIN, 0)
        calibrated = ev.loc[ev["coverage_ok"]].sort_values("primary_mase")
        if method != BASELINE:
            relative = float(ev["relative_mase"].to_dict()[method])
            coverage = float(ev["coverage80"].to_dict()[method])
            return (
                f"MASE for {what} var {fmt_pct(1 - relative, 0)} lavere enn for naiv (krav: "
                f"minst {gain}), og 80 %-intervallene dekket {fmt_pct(coverage, 0)} av "
                f"utfallene (krav: {low}–{high})."
            )
        if calibrated.empty:
            return (
                f"Ingen metode hadde 80 %-intervaller som dekket {low}–{high} av utfallene for "
                f"{what}, så reglene faller tilbake på naiv (uendret nivå)."
            )
        top = str(calibrated.index[0])
        if top == BASELINE:
            return f"Ingen metode hadde lavere MASE for {what} enn naiv."
        return (
            f"Beste alternativ for {what}, {METHOD_LABELS.get(top, top)}, hadde "
            f"{fmt_pct(1 - float(calibrated.iloc[0]['relative_mase']), 0)} lavere MASE enn naiv; "
            f"reglene krever minst {gain} før naiv (uendret nivå) byttes ut."
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the choice as JSON-ready data (see :meth:`from_dict`)."""
        frames = {name: getattr(self, name).to_dict("records") for name in _FRAMES}
        return {
            "method": self.method,
            "industry_method": self.industry_method,
            "calibrated": self.calibrated,
            "reconciliation": self.reconciliation,
            **frames,
            "origins": list(self.origins),
            "horizon": self.horizon,
            "regions": list(self.regions),
            "reference": self.reference,
            "synthetic": self.synthetic,
            "dropped_series": list(self.dropped_series),
            "peers": list(self.peers),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MethodChoice:
        """Rebuild a choice written by :meth:`to_dict`."""
        frames = {
            name: pd.DataFrame(data[name], columns=list(columns) if columns else None)
            for name, columns in _FRAMES.items()
        }
        return cls(
            method=str(data["method"]),
            industry_method=str(data["industry_method"]),
            calibrated=bool(data["calibrated"]),
            reconciliation=str(data.get("reconciliation", "mint_immutable")),
            origins=tuple(int(o) for o in data["origins"]),
            horizon=int(data["horizon"]),
            regions=tuple(str(r) for r in data["regions"]),
            reference=str(data["reference"]),
            synthetic=bool(data["synthetic"]),
            dropped_series=tuple(str(s) for s in data["dropped_series"]),
            peers=tuple(str(s) for s in data.get("peers", [])),
            meta=dict(data.get("meta", {})),
            **frames,
        )


_FRAMES: dict[str, tuple[str, ...] | None] = {
    "evidence": EVIDENCE_COLUMNS,
    "industry_evidence": EVIDENCE_COLUMNS,
    "by_horizon": None,
    "probability": PROBABILITY_COLUMNS,
    "brier": None,
    "reliability": None,
    "peer_evidence": EVIDENCE_COLUMNS,
    "reconciliation_evidence": None,
}
"""The choice's frames as stored in JSON, with their column order where it is fixed."""
