"""Choose the projection methods on the data being analysed, one per level, and keep the evidence.

:func:`choose_method` runs the rolling-origin evaluation (:mod:`.evaluation`) of every method on a
tidy frame and applies the selection rule of ``docs/metode.md`` (part 3) **on each level by
itself**: once on the municipality totals (the number the goal is about), once on the
focus-industry totals (what the industries, the focus industries and the sliders show):

1. **Calibrated intervals.** A method is eligible when its 80 % intervals covered between
   :data:`COVERAGE_RANGE` of the level's outcomes.
2. **Clearly better than no change.** Among the eligible methods, the one with the lowest MASE on
   the level is chosen if that score is at least :data:`MIN_GAIN` below naive's; otherwise naive.

Then the totals' predictive distribution is either centred on the chosen method's point or moved
by its median past error (the raw, split-conformal errors): the one with the lower CRPS on the
totals. Its probabilities of reaching 0, 1,0 and 1,5 % a year are scored against climatology
(Brier skill) with a reliability table. No method is preferred in advance: the choice changes
when the data change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast import probability
from naering_analysis.forecast.aggregates import Aggregates, council_aggregates
from naering_analysis.forecast.chosen import (
    BASELINE,
    COVERAGE_RANGE,
    EVIDENCE_COLUMNS,
    LEVELS,
    MIN_GAIN,
    PROBABILITY_COLUMNS,
    MethodChoice,
)
from naering_analysis.forecast.errors import Panel, build_panel, evaluation_origins, inner_origins
from naering_analysis.forecast.evaluation import Evaluation, evaluate, threshold_key
from naering_analysis.forecast.methods import (
    DAMPING,
    FITTED,
    METHOD_LABELS,
    METHODS,
    NEEDS_REFERENCE,
)
from naering_analysis.forecast.reconcile import ALLOCATIONS
from naering_analysis.forecast.reconcile_evidence import score_reconciliations
from naering_analysis.reference.industries import FocusMapping


def evidence_table(
    runs: Sequence[Evaluation], level: str = "total", regions: Sequence[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summarise evaluations on one level: one row per method, and one per method × horizon.

    ``regions`` keeps only those municipalities' aggregates (the peer evidence).
    """
    rows, per_h = [], []
    for run in runs:
        agg, ser = run.aggregates, run.series
        agg = agg.loc[agg["kind"] == level]
        if regions is not None:
            agg = agg.loc[agg["region_code"].astype(str).isin(set(regions))]
        rows.append(
            {
                "method": run.method,
                "label": METHOD_LABELS.get(run.method, run.method),
                "primary_mase": float(agg["scaled_error"].mean()),
                "secondary_mase": float(ser["scaled_sum"].sum() / ser["scaled_n"].sum()),
                "coverage80": float(agg["covered80"].mean()),
                "total_abs_error_pct": float(agg["error_pct"].abs().mean()),
                "n_forecasts": int(agg["scaled_error"].notna().sum()),
            }
        )
        by_h = agg.groupby("horizon").agg(
            primary_mase=("scaled_error", "mean"), coverage80=("covered80", "mean")
        )
        per_h.append(by_h.reset_index().assign(method=run.method, level=level))
    evidence = pd.DataFrame(rows)
    horizons = pd.concat(per_h, ignore_index=True)[
        ["level", "method", "horizon", "primary_mase", "coverage80"]
    ]
    naive_h = horizons.loc[horizons["method"] == BASELINE].set_index("horizon")["primary_mase"]
    horizons["relative_mase"] = horizons["primary_mase"] / horizons["horizon"].map(naive_h)
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


def _ranked(evidence: pd.DataFrame) -> pd.DataFrame:
    out = apply_rule(evidence)[list(EVIDENCE_COLUMNS)]
    return out.sort_values("rank", kind="stable", ignore_index=True)


def probability_table(runs: Sequence[Evaluation]) -> pd.DataFrame:
    """Per method, the totals' scores of the raw and the calibrated distribution.

    ``bss_<r>`` is the Brier skill against climatology of the probability of reaching the yearly
    growth ``r`` (basis points), over the cases where a climatology exists.
    """
    rows = []
    naive = None
    for run in runs:
        tot = run.aggregates.loc[run.aggregates["kind"] == "total"]
        row: dict[str, Any] = {
            "method": run.method,
            "mase_cal": float(tot["scaled_error_cal"].mean()),
            "coverage80_cal": float(tot["covered80_cal"].mean()),
            "crps": float(tot["crps"].mean()),
            "crps_cal": float(tot["crps_cal"].mean()),
        }
        if run.method == BASELINE:
            naive = float(tot["scaled_error"].mean())
        for rate in probability.THRESHOLDS:
            key = threshold_key(rate)
            known = tot.loc[tot[f"clim_{key}"].notna()]
            for variant in ("", "_cal"):
                row[f"bss_{key}{variant}"] = probability.brier_skill(
                    known[f"prob_{key}{variant}"].to_numpy(),
                    known[f"outcome_{key}"].to_numpy(),
                    known[f"clim_{key}"].to_numpy(),
                )
        rows.append(row)
    table = pd.DataFrame(rows)
    table["relative_mase_cal"] = table["mase_cal"] / naive if naive else np.nan
    return table[list(PROBABILITY_COLUMNS)]


def probability_scores(run: Evaluation, calibrated: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the Brier table (per threshold) and the reliability table of one distribution."""
    tot = run.aggregates.loc[run.aggregates["kind"] == "total"]
    variant = "_cal" if calibrated else ""
    rows, probs, outcomes = [], [], []
    for rate in probability.THRESHOLDS:
        key = threshold_key(rate)
        known = tot.loc[tot[f"clim_{key}"].notna()]
        prob = known[f"prob_{key}{variant}"].to_numpy()
        outcome = known[f"outcome_{key}"].to_numpy()
        clim = known[f"clim_{key}"].to_numpy()
        rows.append(
            {
                "threshold": rate,
                "cases": len(known),
                "base_rate": float(outcome.mean()) if len(known) else np.nan,
                "brier": probability.brier(prob, outcome) if len(known) else np.nan,
                "brier_climatology": probability.brier(clim, outcome) if len(known) else np.nan,
                "skill": probability.brier_skill(prob, outcome, clim) if len(known) else np.nan,
            }
        )
        probs.append(prob)
        outcomes.append(outcome)
    table = probability.reliability(np.concatenate(probs), np.concatenate(outcomes))
    return pd.DataFrame(rows), table


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
    peers: Sequence[str] | None = None,
) -> MethodChoice:
    """Evaluate ``methods`` on ``frame`` and choose one per level by the rule in the module docstring.

    Parameters
    ----------
    frame
        Tidy frame by region and industry (``region_code``, ``industry_code``, ``year``,
        ``jobs``); every municipality in it is scored, and every region feeds the error pools.
        Pass the widest panel there is (every municipality in the country when the snapshot has
        it): the choice rests on many more origins × municipalities than one county gives.
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
    peers
        Municipalities like the one analysed (its peer group); their evidence on the totals is
        kept beside the evidence on all (``peer_evidence``). The rule uses all municipalities.

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
    chosen_origins = evaluation_origins(panel.years, origins, "choose_method")
    # A municipality with a series left out has no total here (nor that focus industry): the
    # sum of the rest would be judged as if it were one.
    aggregates = council_aggregates(
        panel.keys, reference, focus_mapping, incomplete=panel.attrs["dropped_series"]
    )
    if not len(aggregates.keys):
        raise AnalysisError(
            "choose_method: tabellen har ingen kommuner å vurdere metodene på (bare referansen)."
        )
    has_focus = bool((aggregates.keys["kind"] == "focus").any())
    runs: dict[str, list[Evaluation]] = {level: [] for level in LEVELS}
    for method in candidates:
        for level in LEVELS if method in FITTED else ("total",):
            if level == "focus" and not has_focus:
                continue
            run = evaluate(
                panel,
                aggregates,
                method,
                chosen_origins,
                horizon,
                window,
                damping,
                fitted_on=aggregates.subset(level) if method in FITTED else None,
            )
            runs[level].append(run)
            if method not in FITTED and has_focus:
                runs["focus"].append(run)
    evidence, by_h = evidence_table(runs["total"], "total")
    evidence = _ranked(evidence)
    method = str(evidence.loc[evidence["chosen"], "method"].iloc[0])
    if has_focus:
        industry_evidence, industry_h = evidence_table(runs["focus"], "focus")
        industry_evidence = _ranked(industry_evidence)
        industry_method = str(industry_evidence.loc[industry_evidence["chosen"], "method"].iloc[0])
        by_h = pd.concat([by_h, industry_h], ignore_index=True)
    else:
        industry_evidence, industry_method = evidence.copy(), method
    scores = probability_table(runs["total"])
    own = scores.set_index("method").loc[method]
    calibrated = bool(own["crps_cal"] < own["crps"])
    chosen_run = next(r for r in runs["total"] if r.method == method)
    brier, reliability_table = probability_scores(chosen_run, calibrated)
    reconciliation, reconciliation_table = choose_reconciliation(
        panel, aggregates, method, industry_method, has_focus, horizon, window, chosen_origins
    )
    regions = tuple(sorted(aggregates.keys["region_code"].astype(str).unique()))
    peer_codes = tuple(sorted(set(map(str, peers or ())) & set(regions)))
    peer_evidence = (
        _ranked(evidence_table(runs["total"], "total", peer_codes)[0])
        if peer_codes
        else pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
    )
    return MethodChoice(
        method=method,
        evidence=evidence,
        by_horizon=by_h[
            ["level", "method", "horizon", "primary_mase", "relative_mase", "coverage80"]
        ],
        origins=tuple(chosen_origins),
        horizon=int(horizon),
        regions=regions,
        reference=str(reference),
        synthetic=bool(frame.attrs.get("synthetic", False)),
        dropped_series=tuple(panel.attrs["dropped_series"]),
        meta={"first_year": int(panel.years[0]), "last_year": int(panel.years[-1])},
        industry_method=industry_method,
        industry_evidence=industry_evidence,
        calibrated=calibrated,
        probability=scores,
        brier=brier,
        reliability=reliability_table,
        peers=peer_codes,
        peer_evidence=peer_evidence,
        reconciliation=reconciliation,
        reconciliation_evidence=reconciliation_table,
    )


def choose_reconciliation(
    panel: Panel,
    aggregates: Aggregates,
    method: str,
    industry_method: str,
    has_focus: bool,
    horizon: int,
    window: int,
    origins: Sequence[int],
) -> tuple[str, pd.DataFrame]:
    """Return the allocation that keeps the total and scored best on the focus-industry totals.

    With the same (not fitted) method on both levels the industries already add up to the total:
    nothing to choose, and the evidence is empty. Ties go to the first of
    :data:`~naering_analysis.forecast.reconcile.ALLOCATIONS` (MinT-shrink).
    """
    same = method == industry_method and method not in FITTED
    if same or not has_focus:
        return ALLOCATIONS[0], pd.DataFrame()
    table = score_reconciliations(
        panel, aggregates, method, industry_method, horizon, window, origins
    )
    keep = table.set_index("reconciliation").loc[list(ALLOCATIONS), "mase_focus"]
    best = str(keep.index[int(np.argmin(keep.to_numpy().round(12)))])
    return best, table.assign(chosen=table["reconciliation"] == best)
