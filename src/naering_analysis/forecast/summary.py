"""Summaries of a series-level backtest: one row per method and a Norwegian table.

The choice of method itself is made on the council's totals (:mod:`.choice`); this summary is
the per-series detail behind it.

Examples
--------
>>> bt = pd.DataFrame({"method": ["naive"], "mase": [1.0], "n_mase": [4], "n_series": [4],
...                    "coverage80": [0.75], "total_error_pct": [-2.0], "total_covered80": [True]})
>>> summarise(bt)[["method", "mase", "total_abs_error_pct", "coverage80"]].to_dict("records")
[{'method': 'naive', 'mase': 1.0, 'total_abs_error_pct': 2.0, 'coverage80': 0.75}]
"""

from __future__ import annotations

import pandas as pd

from naering_analysis.forecast.methods import METHOD_LABELS
from naering_analysis.numfmt import fmt_num, fmt_pct


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
