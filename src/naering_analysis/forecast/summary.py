"""Summaries of a backtest: one row per method, the default-method rule and a Norwegian table.

Examples
--------
>>> bt = pd.DataFrame({"method": ["naive"], "mase": [1.0], "n_mase": [4], "n_series": [4],
...                    "coverage80": [0.75], "total_error_pct": [-2.0], "total_covered80": [True]})
>>> summarise(bt)[["method", "mase", "total_abs_error_pct", "coverage80"]].to_dict("records")
[{'method': 'naive', 'mase': 1.0, 'total_abs_error_pct': 2.0, 'coverage80': 0.75}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from naering_analysis.forecast.methods import METHOD_LABELS
from naering_analysis.numfmt import fmt_num, fmt_pct

CLEAR_WIN = 0.95
"""A default method's MASE must be at most this share of ``trend``'s ("beats it clearly")."""
COVERAGE_RANGE = (0.70, 0.90)
"""Acceptable empirical coverage of the nominal 80 % interval."""


def summarise(bt: pd.DataFrame, by_horizon: bool = False) -> pd.DataFrame:
    """One row per method (or method × horizon), ranked by mean MASE (1 = best).

    Columns ``method``, ``label``, ``mase`` (mean over all series forecasts), ``total_abs_error_pct``
    (mean absolute error of region totals, %), ``coverage80`` and ``total_coverage80`` (shares),
    ``n_forecasts`` and ``rank``.
    """
    by = ["method", "horizon"] if by_horizon else ["method"]
    work = bt.assign(
        _mase_sum=bt["mase"] * bt["n_mase"],
        _cov_sum=bt["coverage80"] * bt["n_series"],
        _abs_total=bt["total_error_pct"].abs(),
        _total_cov=bt["total_covered80"].astype(float),
    )
    out = (
        work.groupby(by, sort=False)
        .agg(
            _mase_sum=("_mase_sum", "sum"),
            _n_mase=("n_mase", "sum"),
            _cov_sum=("_cov_sum", "sum"),
            n_forecasts=("n_series", "sum"),
            total_abs_error_pct=("_abs_total", "mean"),
            total_coverage80=("_total_cov", "mean"),
        )
        .reset_index()
    )
    out["mase"] = out["_mase_sum"] / out["_n_mase"]
    out["coverage80"] = out["_cov_sum"] / out["n_forecasts"]
    out["label"] = out["method"].map(METHOD_LABELS)
    group = out.groupby("horizon")["mase"] if by_horizon else out["mase"]
    out["rank"] = group.rank(method="min").astype(int)
    cols = [*by, "label", "mase", "total_abs_error_pct", "coverage80", "total_coverage80"]
    return out[[*cols, "n_forecasts", "rank"]].sort_values([*by[1:], "rank"], ignore_index=True)


def rule_checks(summary: pd.DataFrame) -> pd.DataFrame:
    """Return, per method, which default-method rules it meets (``docs/metode.md``).

    Columns ``method``, ``not_worse_than_naive`` (MASE at most ``naive``'s),
    ``beats_trend_clearly`` (MASE at most :data:`CLEAR_WIN` times ``trend``'s),
    ``coverage_ok`` (80 % coverage within :data:`COVERAGE_RANGE`) and ``all_rules``. A rule
    whose yardstick method is missing from ``summary`` counts as met.

    >>> s = pd.DataFrame({"method": ["naive", "trend", "x"], "mase": [2.0, 2.1, 1.9],
    ...                   "coverage80": [0.8, 0.6, 0.8]})
    >>> rule_checks(s)["all_rules"].tolist()
    [False, False, True]
    """
    mase = summary.set_index("method")["mase"]
    out = pd.DataFrame({"method": summary["method"].to_numpy()})
    values = summary["mase"].to_numpy(dtype=float)
    out["not_worse_than_naive"] = values <= mase.get("naive", np.inf) + 1e-12
    out["beats_trend_clearly"] = values <= CLEAR_WIN * mase.get("trend", np.inf)
    out["coverage_ok"] = summary["coverage80"].between(*COVERAGE_RANGE).to_numpy()
    out["all_rules"] = out[["not_worse_than_naive", "beats_trend_clearly", "coverage_ok"]].all(
        axis=1
    )
    return out


def choose_default(summary: pd.DataFrame) -> str | None:
    """Return the lowest-MASE method that passes the default-method rules, or None.

    It must have MASE at most ``naive``'s and at most :data:`CLEAR_WIN` times ``trend``'s, and an
    80 % coverage within :data:`COVERAGE_RANGE` (:func:`rule_checks`).
    """
    ok = rule_checks(summary)["all_rules"].to_numpy()
    passing = summary.loc[ok].sort_values(["mase", "total_abs_error_pct"])
    return str(passing["method"].iloc[0]) if len(passing) else None


def format_table(summary: pd.DataFrame) -> str:
    """Format :func:`summarise` output as a Norwegian Markdown table (decimal comma)."""
    header = ["Rang", "Metode", "MASE", "Feil i total (%)", "Dekning 80 %", "Dekning 80 % (total)"]
    columns = zip(
        summary["rank"].astype(int),
        summary["label"].astype(str),
        summary["mase"].astype(float),
        summary["total_abs_error_pct"].astype(float),
        summary["coverage80"].astype(float),
        summary["total_coverage80"].astype(float),
        strict=True,
    )
    body = [
        [str(rank), label, fmt_num(mase, 2), fmt_num(err, 1), fmt_pct(cov, 0), fmt_pct(tcov, 0)]
        for rank, label, mase, err, cov, tcov in columns
    ]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(("-" * (w + 1) + ":" if i >= 2 else "-" * (w + 2)) for i, w in enumerate(widths))
        + "|"
    )
    return "\n".join([line(header), rule, *(line(r) for r in body)])
