"""Evidence for the reconciliation: which way of making the industries add up forecasts best.

The package projects a municipality's **total** with the method chosen on totals and its
**industries** with the method chosen on the focus-industry totals (:mod:`.choice`), and then
makes the industries add up to the total with an *immutable-total* MinT-shrink allocation
(:mod:`.reconcile`). :func:`reconciliation_evidence` compares that choice with its standard
alternatives in an honest rolling-origin backtest, on the *same* base forecasts:

* ``bottom_up`` – the industries as they are, the total is their sum;
* ``top_down`` – the total kept, the industries scaled by their forecast shares;
* ``wls`` – the total kept, the difference shared by the industries' error variances
  (immutable total with a diagonal ``W``);
* ``mint_immutable`` – the package's allocation
  (:func:`~naering_analysis.forecast.reconcile.allocation_weights` and
  :func:`~naering_analysis.forecast.reconcile.reconcile_to_total`);
* ``mint`` – standard MinT-shrink over the two-level hierarchy total + industries, where the total
  may move too (Wickramasuriya, Athanasopoulos and Hyndman, 2019):
  ``ỹ = S G ŷ``, ``G = (SᵀW⁻¹S)⁻¹SᵀW⁻¹``, ``W`` the shrunk covariance of the total's and the
  industries' errors. With one constraint ``C ỹ = 0``, ``C = [1, −1ᵀ]``, this is
  ``ỹ = ŷ − W Cᵀ (C W Cᵀ)⁻¹ C ŷ`` (:func:`mint_full`), computed without any inversion.

For each evaluation origin ``o`` only data up to ``o`` are used: the base forecasts are those of
:func:`~naering_analysis.forecast.evaluation.forecasts_and_errors` from ``o``, and the covariance
rests on the one-year standardised errors whose outcome year is at most ``o`` (as
:func:`~naering_analysis.forecast.errors.pools_before`). Scores are MASE as in
:mod:`.evaluation`: ``|actual − forecast|`` over the aggregate's mean absolute one-year change up
to ``o``, averaged over municipalities, origins and horizons, on the municipality totals and on
the focus-industry totals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
import pandas as pd

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.aggregates import Aggregates, council_aggregates
from naering_analysis.forecast.errors import (
    Panel,
    build_panel,
    evaluation_origins,
    inner_origins,
    log_scale,
)
from naering_analysis.forecast.evaluation import forecasts_and_errors
from naering_analysis.forecast.fitted import mae_scale
from naering_analysis.forecast.methods import FITTED, METHODS, NEEDS_REFERENCE
from naering_analysis.forecast.reconcile import (
    IndustryCovariance,
    allocation_weights,
    industry_covariance,
    reconcile_to_total,
)

TOTAL_CODE = "TOTAL"
"""Code of the municipality total in the joint covariance of :func:`joint_covariance`."""

RECONCILIATIONS: dict[str, str] = {
    "bottom_up": "Nedenfra og opp (næringene som de er, totalen er summen)",
    "top_down": "Proporsjonal ovenfra og ned (totalen fast, næringene skalert med andelene)",
    "wls": "Fast total, WLS (diagonal W)",
    "mint_immutable": "Fast total, MinT-shrink (pakkens)",
    "mint": "MinT-shrink, totalen kan flytte seg",
}
"""The reconciliations compared, in table order, with their Norwegian labels."""

COLUMNS = (
    "reconciliation",
    "label",
    "mase_total",
    "mase_focus",
    "relative_total",
    "relative_focus",
    "coherence_gap",
    "negative_share",
    "n_total",
    "n_focus",
)
"""Columns of the frame :func:`reconciliation_evidence` returns."""


def mint_full(
    base: np.ndarray, total: np.ndarray, sigma: np.ndarray, d: np.ndarray, d_total: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return the standard MinT over total + industries: reconciled industries and total.

    ``base`` has shape ``(series, …)``, ``total`` the trailing shape; ``sigma`` is the
    ``(series + 1)`` square covariance of standardised errors with the total **last**; ``d``
    (``base``'s shape) and ``d_total`` (``total``'s shape) turn standardised errors into jobs,
    ``W = D Σ D``. With ``r = T̂ − 1ᵀb̂`` and ``c = W_TT − 2·1ᵀW_bT + 1ᵀW_bb1``:
    ``b̃ = b̂ + (W_bb1 − W_bT) r / c`` and ``T̃ = T̂ − (W_TT − 1ᵀW_bT) r / c``. Where ``c = 0``
    (no error spread anywhere) the ``series + 1`` forecasts share ``r`` equally (OLS).

    Equal variances, no correlation: the difference is shared equally by all three series.

    >>> b, t = mint_full(np.array([10.0, 10.0]), np.array(23.0), np.eye(3), np.ones(2), np.array(1.0))
    >>> b.tolist(), float(t)
    ([11.0, 11.0], 22.0)
    """
    k = base.shape[0]
    s_bb, s_bt, s_tt = sigma[:k, :k], sigma[:k, k], sigma[k, k]
    w_bb1 = d * np.tensordot(s_bb, d, axes=(1, 0))
    w_bt = d * s_bt.reshape((k,) + (1,) * (base.ndim - 1)) * d_total
    w_tt = s_tt * d_total**2
    residual = total - base.sum(axis=0)
    c = w_tt - 2.0 * w_bt.sum(axis=0) + w_bb1.sum(axis=0)
    step = np.divide(residual, c, out=np.zeros_like(residual), where=c > 0)
    # No error spread at all (constant histories): every series takes an equal share (OLS).
    even = np.where(c > 0, 0.0, residual / (k + 1))
    return (
        base + (w_bb1 - w_bt) * step + even,
        total - (w_tt - w_bt.sum(axis=0)) * step - even,
    )


def mint_matrix(sigma_w: np.ndarray) -> np.ndarray:
    """Return ``S G`` with ``G = (SᵀW⁻¹S)⁻¹SᵀW⁻¹`` for total (first row) + industries.

    ``sigma_w`` is ``W`` in jobs with the **total first** (the usual order of ``S``); used to
    check :func:`mint_full` and to compare with other software.
    """
    k = sigma_w.shape[0] - 1
    s = np.vstack([np.ones((1, k)), np.eye(k)])
    w_inv = np.linalg.inv(sigma_w)
    g = np.linalg.solve(s.T @ w_inv @ s, s.T @ w_inv)
    return s @ g


def joint_covariance(
    z_first: np.ndarray,
    z_total_first: np.ndarray,
    regions: np.ndarray,
    industries: np.ndarray,
    used: np.ndarray,
    total_regions: np.ndarray,
) -> IndustryCovariance:
    """Shrunk covariance of the industries' and the total's one-year standardised errors.

    ``z_first`` (origins, series) are the industry method's errors, ``z_total_first``
    (origins, totals) the total method's errors on the municipality totals of ``total_regions``;
    the total joins as one more "industry" with code :data:`TOTAL_CODE`.
    """
    z = np.concatenate([z_first, z_total_first], axis=1)
    return industry_covariance(
        z,
        np.concatenate([regions, total_regions]),
        np.concatenate([industries, np.full(len(total_regions), TOTAL_CODE)]),
        np.concatenate([used, np.ones(len(total_regions), dtype=bool)]),
    )


def _covariance_or_identity(
    make: Callable[[], IndustryCovariance], codes: Sequence[str]
) -> IndustryCovariance:
    """Call ``make()``; with too few errors fall back on no correlation (as :func:`.coherent.prepare`)."""
    try:
        return make()
    except AnalysisError:
        return IndustryCovariance(tuple(codes), np.eye(len(codes)), 1.0, 0)


def _diagonal(cov: IndustryCovariance) -> IndustryCovariance:
    """Return the same covariance with every correlation set to 0 (WLS)."""
    return IndustryCovariance(cov.codes, np.diag(np.diag(cov.matrix)), 1.0, cov.cases)


def reconcile_all(
    base: np.ndarray,
    total: np.ndarray,
    history: np.ndarray,
    codes: np.ndarray,
    cov: IndustryCovariance,
    joint: IndustryCovariance,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Reconcile one municipality's industries every way of :data:`RECONCILIATIONS`.

    ``base`` (series, steps) are the industry method's forecasts, ``total`` (steps,) the total
    method's; ``history`` (series, years up to the origin) the industries' jobs; ``codes`` their
    industry codes; ``cov`` the industries' and ``joint`` the industries' + total's covariance.
    Returns, per reconciliation, the industries (series, steps) and the total (steps,).
    """
    scale = log_scale(history)[:, None]
    total_scale = log_scale(history.sum(axis=0, keepdims=True))
    done = reconcile_batch(base[:, None, :], total[None, :], scale, total_scale, codes, cov, joint)
    return {name: (ind[:, 0, :], tot[0]) for name, (ind, tot) in done.items()}


def reconcile_batch(
    base: np.ndarray,
    total: np.ndarray,
    scale: np.ndarray,
    total_scale: np.ndarray,
    codes: np.ndarray,
    cov: IndustryCovariance,
    joint: IndustryCovariance,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """:func:`reconcile_all` for many municipalities with the same industries at once.

    ``base`` is ``(series, municipalities, steps)``, ``total`` ``(municipalities, steps)``,
    ``scale`` ``(series, municipalities)`` and ``total_scale`` ``(municipalities,)``.
    """
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {"bottom_up": (base, base.sum(axis=0))}
    shares = allocation_weights(cov, codes, base, scale, "top_down")
    out["top_down"] = (reconcile_to_total(base, total, shares), total)
    for name, kind in (("wls", "wls"), ("mint_immutable", "mint_immutable")):
        weights = allocation_weights(cov, codes, base, scale, kind)
        out[name] = (reconcile_to_total(base, total, weights), total)
    sigma = joint.for_codes(np.append(codes, TOTAL_CODE))
    d = (np.maximum(base, 0.0) + 1.0) * scale[:, :, None]
    d_total = (np.maximum(total, 0.0) + 1.0) * total_scale[:, None]
    out["mint"] = mint_full(base, total, sigma, d, d_total)
    return out


def _forecasts(
    panel: Panel,
    aggregates: Aggregates,
    method: str,
    level: str,
    horizon: int,
    window: int,
) -> tuple[list[int], np.ndarray, np.ndarray, np.ndarray]:
    """Return the rolling forecasts and errors of ``method`` (fitted on ``level`` if fitted)."""
    fitted_on = aggregates.subset(level) if method in FITTED else None
    if fitted_on is not None and not len(fitted_on.keys):
        fitted_on = aggregates
    inner, fc, _, z, z_agg = forecasts_and_errors(
        panel,
        aggregates,
        method,
        horizon,
        window,
        fitted_on=fitted_on,
    )
    return inner, fc, z, z_agg


def reconciliation_evidence(
    frame: pd.DataFrame,
    total_method: str,
    industry_method: str,
    *,
    reference: str = "0",
    horizon: int = 5,
    window: int = 5,
    origins: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Score every reconciliation of :data:`RECONCILIATIONS` in a rolling-origin backtest.

    ``frame`` is a tidy frame (``region_code``, ``industry_code``, ``year``, ``jobs``) with the
    reference region; ``total_method`` and ``industry_method`` are the methods chosen for the
    totals and for the industries (:func:`~naering_analysis.forecast.choice.choose_method`'s
    ``method`` and ``industry_method``). ``origins`` default to every year from the fourth to the
    second-to-last. Returns one row per reconciliation (:data:`COLUMNS`): MASE on the
    municipality totals and on the focus-industry totals, both relative to bottom-up, the largest
    gap between the industries' sum and the total, and the share of industry cells below zero.
    """
    unknown = [m for m in (total_method, industry_method) if m not in METHODS]
    if unknown:
        raise AnalysisError(
            f"reconciliation_evidence: ukjente metoder {unknown}; velg blant {list(METHODS)}."
        )
    panel = build_panel(
        frame,
        reference=reference,
        need_reference=bool({total_method, industry_method} & NEEDS_REFERENCE),
        missing="drop",
        where="reconciliation_evidence",
    )
    aggregates = council_aggregates(panel.keys, reference, incomplete=panel.attrs["dropped_series"])
    return score_reconciliations(
        panel, aggregates, total_method, industry_method, horizon, window, origins
    )


def score_reconciliations(
    panel: Panel,
    aggregates: Aggregates,
    total_method: str,
    industry_method: str,
    horizon: int = 5,
    window: int = 5,
    origins: Sequence[int] | None = None,
) -> pd.DataFrame:
    """:func:`reconciliation_evidence` on a panel and its aggregates already built.

    :func:`~naering_analysis.forecast.choice.choose_method` passes its own, so the national
    panel is not built twice.
    """
    totals = aggregates.subset("total")
    if not len(totals.keys):
        raise AnalysisError("reconciliation_evidence: tabellen har ingen kommuner å avstemme.")
    inner = inner_origins(panel.years)
    chosen = evaluation_origins(panel.years, origins, "reconciliation_evidence")
    _, fc_ind, z_ind, z_agg_ind = _forecasts(
        panel, aggregates, industry_method, "focus", horizon, window
    )
    if total_method == industry_method and total_method not in FITTED:
        fc_tot, z_tot_agg = fc_ind, z_agg_ind
    else:
        _, fc_tot, _, z_tot_agg = _forecasts(
            panel, aggregates, total_method, "total", horizon, window
        )
    z_total = z_tot_agg[:, aggregates.is_total, 0]
    regions = panel.keys["region_code"].to_numpy().astype(str)
    industries = panel.keys["industry_code"].to_numpy().astype(str)
    total_regions = totals.keys["region_code"].to_numpy().astype(str)
    used = aggregates.series_used()
    codes_all = sorted(set(industries[used]))
    members = np.split(totals.matrix.indices, totals.matrix.indptr[1:-1])
    # Municipalities with the same industries (usually all 17) are reconciled together.
    by_codes: dict[tuple[str, ...], list[int]] = {}
    for m, rows in enumerate(members):
        by_codes.setdefault(tuple(industries[rows]), []).append(m)
    groups = {
        codes: (np.asarray(which), np.vstack([members[m] for m in which]))
        for codes, which in by_codes.items()
    }
    kinds = aggregates.keys["kind"].to_numpy().astype(str)
    names = list(RECONCILIATIONS)
    scaled: dict[str, dict[str, list[np.ndarray]]] = {n: {"total": [], "focus": []} for n in names}
    gaps = dict.fromkeys(names, 0.0)
    negative = dict.fromkeys(names, 0)
    cells = 0
    years0 = int(panel.years[0])
    for origin in chosen:
        k, stop = inner.index(origin), origin - years0 + 1
        steps = min(horizon, len(panel.years) - stop)
        known = np.asarray(inner) + 1 <= origin
        z1 = z_ind[known, :, 0]
        cov = _covariance_or_identity(
            partial(industry_covariance, z1, regions, industries, used), codes_all
        )
        joint = _covariance_or_identity(
            partial(joint_covariance, z1, z_total[known], regions, industries, used, total_regions),
            [*codes_all, TOTAL_CODE],
        )
        results = {n: np.zeros((len(industries), steps)) for n in names}
        result_totals = {n: np.zeros((len(total_regions), steps)) for n in names}
        for codes, (which, rows) in groups.items():
            base = fc_ind[k][rows.T, :steps]  # (series, municipalities, steps)
            total = fc_tot[k][rows, :steps].sum(axis=1)
            history = panel.jobs[:, :stop]
            scale = log_scale(history[rows.ravel()]).reshape(rows.shape).T
            sums = history[rows].sum(axis=1)
            total_scale = log_scale(sums)
            done = reconcile_batch(base, total, scale, total_scale, np.asarray(codes), cov, joint)
            for name, (ind, tot) in done.items():
                results[name][rows.T] = ind
                result_totals[name][which] = tot
                gaps[name] = max(gaps[name], float(np.max(np.abs(ind.sum(axis=0) - tot))))
                negative[name] += int((ind < -1e-9).sum())
            cells += base.size
        actual = aggregates.apply(panel.jobs[:, stop : stop + steps])
        mae = mae_scale(aggregates.apply(panel.jobs[:, :stop]))[:, None]
        for name in names:
            point = aggregates.apply(results[name])
            point[aggregates.is_total] = result_totals[name]
            error = np.abs(actual - point) / mae
            scaled[name]["total"].append(error[kinds == "total"].ravel())
            scaled[name]["focus"].append(error[kinds == "focus"].ravel())
    rows_out = []
    for name in names:
        tot = np.concatenate(scaled[name]["total"])
        foc = np.concatenate(scaled[name]["focus"]) if scaled[name]["focus"] else np.array([])
        rows_out.append(
            {
                "reconciliation": name,
                "label": RECONCILIATIONS[name],
                "mase_total": float(np.nanmean(tot)) if np.isfinite(tot).any() else np.nan,
                "mase_focus": float(np.nanmean(foc)) if np.isfinite(foc).any() else np.nan,
                "coherence_gap": gaps[name],
                "negative_share": negative[name] / cells if cells else 0.0,
                "n_total": int(np.isfinite(tot).sum()),
                "n_focus": int(np.isfinite(foc).sum()),
            }
        )
    out = pd.DataFrame(rows_out)
    out["relative_total"] = out["mase_total"] / float(out["mase_total"].iloc[0])
    out["relative_focus"] = out["mase_focus"] / float(out["mase_focus"].iloc[0])
    return out[list(COLUMNS)]
