"""Choose the projection method on the data being analysed, and keep the evidence.

:func:`choose_method` runs the rolling-origin evaluation (:mod:`.evaluation`) of every method on a
tidy frame and applies the selection rule of ``docs/metode.md`` (part 3):

1. **Calibrated intervals.** A method is eligible when its 80 % intervals covered between
   :data:`COVERAGE_RANGE` of the outcomes of the council's totals (municipality totals and
   focus-industry totals).
2. **Clearly better than no change.** Among the eligible methods, the one with the lowest primary
   score (MASE of the totals) is chosen if that score is at least :data:`MIN_GAIN` below naive's;
   otherwise naive is chosen.

No method is preferred in advance: the choice changes when the data change. The result carries
one evidence row per method (scores and the rules it passed) and the scores per horizon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.aggregates import council_aggregates
from naering_analysis.forecast.errors import build_panel, inner_origins
from naering_analysis.forecast.evaluation import Evaluation, evaluate
from naering_analysis.forecast.methods import DAMPING, METHOD_LABELS, METHODS, NEEDS_REFERENCE
from naering_analysis.numfmt import fmt_num, fmt_pct
from naering_analysis.reference.industries import FocusMapping

COVERAGE_RANGE = (0.75, 0.88)
"""Acceptable share of the totals' outcomes inside the 80 % interval."""

MIN_GAIN = 0.05
"""A method replaces naive only when its primary score is at least this share lower."""

BASELINE = "naive"
"""The yardstick every method is compared with ("no change")."""

EVIDENCE_COLUMNS = (
    "method",
    "label",
    "primary_mase",
    "relative_mase",
    "secondary_mase",
    "coverage80",
    "coverage80_total",
    "total_abs_error_pct",
    "n_forecasts",
    "coverage_ok",
    "clear_gain",
    "chosen",
    "rank",
)


@dataclass(frozen=True)
class MethodChoice:
    """The method chosen on one data set and the evidence behind it.

    ``evidence`` has one row per method (:data:`EVIDENCE_COLUMNS`): ``primary_mase`` (MASE of
    the municipality and focus-industry totals), ``relative_mase`` (primary / naive's),
    ``secondary_mase`` (mean MASE of the municipality industry series), ``coverage80`` (share
    of the totals' outcomes inside the 80 % interval), ``coverage80_total`` (the same for the
    municipality totals alone), ``total_abs_error_pct`` (mean absolute error of the municipality
    totals, %), ``coverage_ok`` and ``clear_gain`` (the two rules), ``chosen`` and ``rank`` (by
    primary score). ``by_horizon`` has ``method``, ``horizon``, ``primary_mase``,
    ``relative_mase`` and ``coverage80``.
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

    @property
    def label(self) -> str:
        """The chosen method's Norwegian label."""
        return METHOD_LABELS.get(self.method, self.method)

    def _value(self, column: str) -> float:
        row = self.evidence.loc[self.evidence["method"] == self.method, column]
        return float(row.iloc[0])

    @property
    def relative_mase(self) -> float:
        """The chosen method's primary score relative to naive's (below 1 is better)."""
        return self._value("relative_mase")

    @property
    def primary_mase(self) -> float:
        """The chosen method's MASE on the municipality and focus-industry totals."""
        return self._value("primary_mase")

    @property
    def secondary_mase(self) -> float:
        """The chosen method's mean MASE per municipality industry series."""
        return self._value("secondary_mase")

    @property
    def coverage80(self) -> float:
        """The chosen method's coverage of the totals by its 80 % intervals."""
        return self._value("coverage80")

    def reason(self) -> str:
        """Say in Norwegian why this method was chosen (the rules it passed or why naive won)."""
        ev = self.evidence.set_index("method")
        low, high = (fmt_pct(v, 0) for v in COVERAGE_RANGE)
        gain = fmt_pct(MIN_GAIN, 0)
        calibrated = ev.loc[ev["coverage_ok"]].sort_values("primary_mase")
        if self.method != BASELINE:
            return (
                f"MASE for kommunetotalene og satsingsbransjene var "
                f"{fmt_pct(1 - self.relative_mase, 0)} lavere enn for naiv (krav: minst {gain}), "
                f"og 80 %-intervallene dekket {fmt_pct(self.coverage80, 0)} av utfallene "
                f"(krav: {low}–{high})."
            )
        if calibrated.empty:
            return (
                f"Ingen metode hadde 80 %-intervaller som dekket {low}–{high} av utfallene, så "
                "reglene faller tilbake på naiv (uendret nivå)."
            )
        top = str(calibrated.index[0])
        if top == BASELINE:
            return (
                "Ingen metode hadde lavere MASE for kommunetotalene og satsingsbransjene enn naiv."
            )
        return (
            f"Beste alternativ, {METHOD_LABELS.get(top, top)}, hadde "
            f"{fmt_pct(1 - float(calibrated.iloc[0]['relative_mase']), 0)} lavere MASE enn naiv; "
            f"reglene krever minst {gain} før naiv (uendret nivå) byttes ut."
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the choice as JSON-ready data (see :meth:`from_dict`)."""
        return {
            "method": self.method,
            "evidence": self.evidence.to_dict("records"),
            "by_horizon": self.by_horizon.to_dict("records"),
            "origins": list(self.origins),
            "horizon": self.horizon,
            "regions": list(self.regions),
            "reference": self.reference,
            "synthetic": self.synthetic,
            "dropped_series": list(self.dropped_series),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MethodChoice:
        """Rebuild a choice written by :meth:`to_dict`."""
        return cls(
            method=str(data["method"]),
            evidence=pd.DataFrame(data["evidence"], columns=list(EVIDENCE_COLUMNS)),
            by_horizon=pd.DataFrame(data["by_horizon"]),
            origins=tuple(int(o) for o in data["origins"]),
            horizon=int(data["horizon"]),
            regions=tuple(str(r) for r in data["regions"]),
            reference=str(data["reference"]),
            synthetic=bool(data["synthetic"]),
            dropped_series=tuple(str(s) for s in data["dropped_series"]),
            meta=dict(data.get("meta", {})),
        )


def evidence_table(runs: Sequence[Evaluation]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summarise evaluations: one row per method, and one per method × horizon (unranked)."""
    rows, per_h = [], []
    for run in runs:
        agg, ser = run.aggregates, run.series
        totals = agg.loc[agg["kind"] == "total"]
        rows.append(
            {
                "method": run.method,
                "label": METHOD_LABELS.get(run.method, run.method),
                "primary_mase": float(agg["scaled_error"].mean()),
                "secondary_mase": float(ser["scaled_sum"].sum() / ser["scaled_n"].sum()),
                "coverage80": float(agg["covered80"].mean()),
                "coverage80_total": float(totals["covered80"].mean()),
                "total_abs_error_pct": float(totals["error_pct"].abs().mean()),
                "n_forecasts": int(agg["scaled_error"].notna().sum()),
            }
        )
        by_h = agg.groupby("horizon").agg(
            primary_mase=("scaled_error", "mean"), coverage80=("covered80", "mean")
        )
        per_h.append(by_h.reset_index().assign(method=run.method))
    evidence = pd.DataFrame(rows)
    horizons = pd.concat(per_h, ignore_index=True)[
        ["method", "horizon", "primary_mase", "coverage80"]
    ]
    return evidence, horizons


def apply_rule(evidence: pd.DataFrame) -> pd.DataFrame:
    """Add ``relative_mase``, the rule columns, ``chosen`` and ``rank`` to an evidence table.

    >>> ev = pd.DataFrame({"method": ["naive", "a", "b"], "primary_mase": [2.0, 1.8, 1.7],
    ...                    "coverage80": [0.8, 0.8, 0.95]})
    >>> apply_rule(ev)[["method", "coverage_ok", "clear_gain", "chosen"]].values.tolist()
    [['naive', True, False, False], ['a', True, True, True], ['b', False, True, False]]
    """
    if BASELINE not in set(evidence["method"]):
        raise AnalysisError(f"Metodevalget trenger '{BASELINE}' som målestokk i backtesten.")
    out = evidence.copy()
    naive = float(out.loc[out["method"] == BASELINE, "primary_mase"].iloc[0])
    out["relative_mase"] = out["primary_mase"] / naive if naive > 0 else np.nan
    low, high = COVERAGE_RANGE
    out["coverage_ok"] = out["coverage80"].between(low, high)
    out["clear_gain"] = out["relative_mase"] <= 1.0 - MIN_GAIN + 1e-12
    candidates = out.loc[out["coverage_ok"] & out["clear_gain"]].sort_values("primary_mase")
    chosen = str(candidates["method"].iloc[0]) if len(candidates) else BASELINE
    out["chosen"] = out["method"] == chosen
    out["rank"] = out["primary_mase"].rank(method="min").astype(int)
    return out


def default_origins(years: Sequence[int]) -> list[int]:
    """Every origin with an earlier origin behind its intervals: the fourth year to the second-to-last."""
    return inner_origins(np.asarray(years))[1:]


def choose_method(
    frame: pd.DataFrame,
    *,
    reference: str = "0",
    methods: Sequence[str] = METHODS,
    origins: Sequence[int] | None = None,
    horizon: int = 5,
    window: int = 5,
    damping: float = DAMPING,
    focus_mapping: FocusMapping | None = None,
    allow_break: bool = False,
    missing: str = "drop",
) -> MethodChoice:
    """Evaluate ``methods`` on ``frame`` and choose one by the rule in the module docstring.

    Parameters
    ----------
    frame
        Tidy frame by region and industry (``region_code``, ``industry_code``, ``year``,
        ``jobs``); every municipality in it is scored, and every region feeds the error pools.
    reference
        Region whose industry growth the reference-based methods use; must be in ``frame``.
    methods
        The candidates; ``naive`` is always evaluated as the yardstick.
    origins
        Evaluation origins; default every year from the fourth to the second-to-last.
    horizon
        Longest horizon in years (shorter where the outcome is not known yet).
    window, damping, allow_break, missing
        As in :func:`naering_analysis.forecast.projections.project`; series with missing cells
        are left out by default (listed in ``dropped_series``).

    Examples
    --------
    >>> from naering_analysis.forecast.panel_sim import simulate_panel
    >>> choice = choose_method(simulate_panel(seed=1), methods=["naive", "structural"])
    >>> choice.method in {"naive", "structural"}, sorted(choice.evidence["method"])
    (True, ['naive', 'structural'])
    """
    unknown = [m for m in methods if m not in METHODS]
    if unknown or not methods:
        raise AnalysisError(
            f"choose_method: ukjente metoder {unknown}; velg blant {list(METHODS)}."
        )
    candidates = list(dict.fromkeys([BASELINE, *methods]))
    panel = build_panel(
        frame,
        reference=reference,
        need_reference=any(m in NEEDS_REFERENCE for m in candidates),
        allow_break=allow_break,
        missing=missing,
        where="choose_method",
    )
    allowed = default_origins([int(y) for y in panel.years])
    chosen_origins = allowed if origins is None else [int(o) for o in origins]
    bad = [o for o in chosen_origins if o not in allowed]
    if bad or not chosen_origins:
        span = f"{allowed[0]}–{allowed[-1]}" if allowed else "ingen"
        raise AnalysisError(
            f"choose_method: ugyldige prognoseår {bad or chosen_origins}; tillatt er {span} "
            "(minst tre års historikk før, ett tidligere prognoseår og ett år med utfall etter)."
        )
    aggregates = council_aggregates(panel.keys, reference, focus_mapping)
    if not len(aggregates.keys):
        raise AnalysisError(
            "choose_method: tabellen har ingen kommuner å vurdere metodene på (bare referansen)."
        )
    runs = [
        evaluate(panel, aggregates, m, chosen_origins, horizon, window, damping) for m in candidates
    ]
    evidence, by_h = evidence_table(runs)
    evidence = apply_rule(evidence)[list(EVIDENCE_COLUMNS)]
    naive_h = by_h.loc[by_h["method"] == BASELINE].set_index("horizon")["primary_mase"]
    by_h["relative_mase"] = by_h["primary_mase"] / by_h["horizon"].map(naive_h)
    method = str(evidence.loc[evidence["chosen"], "method"].iloc[0])
    regions = tuple(sorted(aggregates.keys["region_code"].astype(str).unique()))
    return MethodChoice(
        method=method,
        evidence=evidence.sort_values("rank", kind="stable", ignore_index=True),
        by_horizon=by_h[["method", "horizon", "primary_mase", "relative_mase", "coverage80"]],
        origins=tuple(chosen_origins),
        horizon=int(horizon),
        regions=regions,
        reference=str(reference),
        synthetic=bool(frame.attrs.get("synthetic", False)),
        dropped_series=tuple(panel.attrs["dropped_series"]),
        meta={"first_year": int(panel.years[0]), "last_year": int(panel.years[-1])},
    )


def format_evidence(choice: MethodChoice) -> str:
    """Return the evidence as a Norwegian Markdown table (decimal comma), the chosen method marked."""
    header = [
        "Rang",
        "Metode",
        "Relativ MASE",
        "MASE totaler",
        "MASE per næring",
        "Dekning 80 %",
        "Valgt",
    ]
    body = [
        [
            str(int(r["rank"])),
            str(r["label"]),
            fmt_num(float(r["relative_mase"]), 3),
            fmt_num(float(r["primary_mase"]), 2),
            fmt_num(float(r["secondary_mase"]), 2),
            fmt_pct(float(r["coverage80"]), 1),
            "ja" if r["chosen"] else "",
        ]
        for r in choice.evidence.to_dict("records")
    ]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            c.ljust(w) if i in (1, 6) else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (w + 2)) if i in (1, 6) else ("-" * (w + 1) + ":") for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(header), rule, *(line(r) for r in body)])
