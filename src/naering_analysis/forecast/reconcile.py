"""Coherent industries: reconcile the industry projections to the total the goal is about.

The municipality total is projected with the method chosen on totals, the industries with the
method chosen on the focus-industry totals (:mod:`.choice`). The two need not agree: the sum of
the industry projections ``1ᵀb̂`` differs from the total ``T``. The total is kept as it is (it is
the number the goal is about, and its method and distribution were chosen and calibrated on
totals), and the industries absorb the difference: the minimum-trace (MinT) reconciliation with
an *immutable* total (Zhang, Kang, Panagiotelis and Li, 2023; Wickramasuriya, Athanasopoulos and
Hyndman, 2019),

    b̃ = b̂ + w · (T − 1ᵀb̂),    w = W 1 / (1ᵀ W 1),

where ``W`` is the covariance of the industry projections' errors. ``W = D Σ D``: ``Σ`` is the
covariance of the standardised one-year errors (:mod:`.errors`) between industries, pooled over
every municipality and origin of the panel and shrunk toward its diagonal (Schäfer and Strimmer,
2005, the "MinT-shrink" estimator), and ``D`` turns standardised errors into jobs
(``(b̂ + 1) · s``, ``s`` the series' scale). An industry whose errors are large, or move with the
others, takes a larger share of the difference; ``w`` sums to 1, so the industries add up to the
total exactly. A share that would turn an industry negative is set to 0 and the rest is shared
again among the others.

>>> reconcile_to_total(np.array([[60.0], [40.0]]), np.array([110.0]), np.array([0.5, 0.5])).tolist()
[[65.0], [45.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from naering_analysis.errors import AnalysisError


@dataclass(frozen=True)
class IndustryCovariance:
    """Shrunk covariance of standardised one-year errors between industries.

    ``codes`` names the rows and columns of ``matrix``; ``shrinkage`` is the weight λ on the
    diagonal target (0: the sample covariance, 1: no correlation); ``cases`` is the number of
    municipality × origin rows it rests on.
    """

    codes: tuple[str, ...]
    matrix: np.ndarray
    shrinkage: float
    cases: int

    def for_codes(self, codes: np.ndarray) -> np.ndarray:
        """Return the covariance for a list of industry codes (unknown codes: mean variance, no correlation)."""
        index = {c: i for i, c in enumerate(self.codes)}
        fallback = float(np.mean(np.diag(self.matrix))) if len(self.codes) else 1.0
        known = np.array([index.get(str(c), -1) for c in codes], dtype=int)
        out = np.eye(len(codes)) * fallback
        ok = np.flatnonzero(known >= 0)
        out[np.ix_(ok, ok)] = self.matrix[np.ix_(known[ok], known[ok])]
        return out


def shrunk_covariance(x: np.ndarray) -> tuple[np.ndarray, float]:
    """Return the Schäfer–Strimmer covariance of the columns of ``x`` (rows with NaN dropped) and λ.

    The correlations are shrunk toward 0 by ``λ = Σ_{i≠j} Var(r_ij) / Σ_{i≠j} r_ij²`` (clipped
    to [0, 1]); the variances are kept. Schäfer, J. and Strimmer, K. (2005), *Statistical
    Applications in Genetics and Molecular Biology* 4(1), article 32, the estimator MinT-shrink
    uses.

    Perfectly correlated columns, by hand: the standardised products are 1, 0, 1, so r = 1 and
    Var(r) = 3/8 · (1/9 + 4/9 + 1/9) = 1/4, λ = 1/4:

    >>> cov, lam = shrunk_covariance(np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]))
    >>> round(lam, 6), cov.round(6).tolist()
    (0.25, [[1.0, 1.5], [1.5, 4.0]])
    """
    rows = x[np.all(np.isfinite(x), axis=1)]
    n, k = rows.shape
    if n < 3:
        raise AnalysisError(
            f"Avstemmingen av næringene trenger minst tre hele rader med prognosefeil; fant {n}."
        )
    centred = rows - rows.mean(axis=0)
    sd = centred.std(axis=0, ddof=1)
    sd = np.where(sd > 0, sd, 1.0)
    standard = centred / sd
    products = standard[:, :, None] * standard[:, None, :]
    mean = products.mean(axis=0)
    corr = mean * n / (n - 1)
    var_r = n / (n - 1) ** 3 * ((products - mean) ** 2).sum(axis=0)
    off = ~np.eye(k, dtype=bool)
    denom = float((corr[off] ** 2).sum())
    lam = float(np.clip(var_r[off].sum() / denom, 0.0, 1.0)) if denom > 0 else 1.0
    shrunk = np.where(off, (1.0 - lam) * corr, 1.0)
    return shrunk * np.outer(sd, sd), lam


def industry_covariance(
    z_first: np.ndarray, regions: np.ndarray, industries: np.ndarray, used: np.ndarray
) -> IndustryCovariance:
    """Estimate :class:`IndustryCovariance` from one-year standardised errors.

    ``z_first`` has shape ``(origins, series)`` (the errors one year ahead); ``regions`` and
    ``industries`` name each series; only the ``used`` series (the municipalities') count. Each
    municipality × origin is one row with one column per industry.
    """
    codes = tuple(sorted(dict.fromkeys(map(str, industries[used]))))
    col = {c: i for i, c in enumerate(codes)}
    munis = list(dict.fromkeys(map(str, regions[used])))
    row = {m: i for i, m in enumerate(munis)}
    table = np.full((z_first.shape[0], len(munis), len(codes)), np.nan)
    for s in np.flatnonzero(used):
        table[:, row[str(regions[s])], col[str(industries[s])]] = z_first[:, s]
    flat = table.reshape(-1, len(codes))
    keep = np.all(np.isfinite(flat), axis=1)
    # An industry with no errors at all (zero everywhere) would drop every row: leave it out.
    usable = np.isfinite(flat).mean(axis=0) > 0.5
    flat = flat[:, usable]
    keep = np.all(np.isfinite(flat), axis=1)
    matrix, lam = shrunk_covariance(flat[keep])
    kept = tuple(c for c, u in zip(codes, usable, strict=True) if u)
    return IndustryCovariance(kept, matrix, lam, int(keep.sum()))


ALLOCATIONS: tuple[str, ...] = ("mint_immutable", "wls", "top_down")
"""The ways to share a difference that keep the total as it is (the first wins a tie)."""


def allocation_weights(
    covariance: IndustryCovariance,
    codes: np.ndarray,
    base: np.ndarray,
    scale: np.ndarray,
    kind: str = "mint_immutable",
) -> np.ndarray:
    """Return ``w = W 1 / 1ᵀ W 1`` with ``W = D Σ D``, ``D = diag((b̂ + 1) · s)``.

    ``base`` is the industries' projection in one year, or has more axes after the series (years,
    municipalities × years): then one weight vector per column, the same shape; ``scale`` has
    one value per series (and per municipality when ``base`` has that axis). Industries that are
    zero with zero scale get weight 0.
    ``kind`` is one of :data:`ALLOCATIONS`: ``"mint_immutable"`` (the full shrunk ``Σ``),
    ``"wls"`` (its diagonal only) or ``"top_down"`` (the industries' shares of their sum, the
    proportional top-down reconciliation).

    >>> cov = IndustryCovariance(("a", "b"), np.eye(2), 0.0, 10)
    >>> allocation_weights(cov, np.array(["a", "b"]), np.array([99.0, 99.0]), np.array([0.1, 0.3])).round(3).tolist()
    [0.1, 0.9]
    """
    if kind not in ALLOCATIONS:
        raise AnalysisError(f"Ukjent avstemming '{kind}'; velg en av {list(ALLOCATIONS)}.")
    sigma = covariance.for_codes(codes)
    if kind == "wls":
        sigma = np.diag(np.diag(sigma))
    base = np.asarray(base, dtype=float)
    flat = base if base.ndim >= 2 else base[:, None]
    if kind == "top_down":
        positive = np.maximum(flat, 0.0)
        sums = positive.sum(axis=0, keepdims=True)
        shares = np.divide(
            positive, sums, out=np.full_like(positive, 1.0 / len(positive)), where=sums > 0
        )
        return shares if base.ndim >= 2 else shares[:, 0]
    scale = np.asarray(scale, dtype=float)
    scale = scale.reshape(scale.shape + (1,) * (flat.ndim - scale.ndim))
    d = (np.maximum(flat, 0.0) + 1.0) * scale
    # W 1 = D Σ D 1, for every year (and municipality): d ⊙ (Σ d)
    w1 = d * np.tensordot(sigma, d, axes=(1, 0))
    total = w1.sum(axis=0)
    weights = np.divide(w1, total, out=np.full_like(w1, 1.0 / len(d)), where=total > 0)
    weights = np.maximum(weights, 0.0)
    weights = weights / weights.sum(axis=0, keepdims=True)
    return weights if base.ndim >= 2 else weights[:, 0]


def reconcile_to_total(base: np.ndarray, total: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return industries that add up to ``total``: ``b̂ + w · (T − 1ᵀb̂)``, none below zero.

    ``base`` has shape ``(series, …)`` (any trailing shape, e.g. years or paths × years),
    ``total`` the trailing shape, ``weights`` shape ``(series,)`` or ``base``'s shape. Where the
    difference would push an industry below zero it is set to zero, and the rest of the
    difference is shared again among the others by their weights (at most ``series`` rounds). A
    zero total gives zero industries.
    """
    base = np.asarray(base, dtype=float)
    total = np.broadcast_to(np.asarray(total, dtype=float), base.shape[1:])
    w = np.broadcast_to(
        np.asarray(weights, dtype=float).reshape(weights.shape + (1,) * (base.ndim - weights.ndim)),
        base.shape,
    )
    first = base + w * (total - base.sum(axis=0))
    n = base.shape[0]
    flat = first.reshape(n, -1)
    bad = np.flatnonzero((flat < 0).any(axis=0))
    if not len(bad):  # the usual case: no industry is pushed below zero
        return first
    # Only the columns (years, paths) with an industry below zero need the rounds.
    sub_base = base.reshape(n, -1)[:, bad]
    sub_total = total.reshape(-1)[bad]
    sub_w = w.reshape(n, -1)[:, bad]
    active = np.ones(sub_base.shape, dtype=bool)
    out = sub_base
    for _ in range(n):
        free = np.where(active, sub_base, 0.0)
        share = np.where(active, sub_w, 0.0)
        share_sum = share.sum(axis=0)
        even = active / np.maximum(active.sum(axis=0), 1)
        share = np.where(share_sum > 0, share / np.where(share_sum > 0, share_sum, 1.0), even)
        out = free + share * (sub_total - free.sum(axis=0))  # inactive rows hold 0
        negative = active & (out < 0)
        if not negative.any():
            break
        active &= ~negative
    flat = flat.copy()
    flat[:, bad] = np.where(active, np.maximum(out, 0.0), 0.0)
    return flat.reshape(base.shape)


def coherence_gap(industries: np.ndarray, total: np.ndarray) -> float:
    """Largest absolute difference between the industries' sum and the total (0 when coherent)."""
    return float(np.max(np.abs(np.asarray(industries).sum(axis=0) - np.asarray(total))))


def covariance_frame(covariance: IndustryCovariance) -> pd.DataFrame:
    """Return the covariance as correlations in a frame with the industry codes on both axes."""
    sd = np.sqrt(np.diag(covariance.matrix))
    corr = covariance.matrix / np.outer(sd, sd)
    return pd.DataFrame(corr, index=list(covariance.codes), columns=list(covariance.codes))
