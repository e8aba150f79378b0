"""Rolling-origin backtest of the projection methods, with honest intervals.

For each method and origin ``o`` every region × industry series is forecast from the years up to
``o`` and compared with the outcomes ``o + 1 .. o + H``. The intervals used at origin ``o`` come
only from errors whose outcome year is at most ``o`` (forecasts from earlier origins), so the
coverage is what a user would have seen in real time. See ``docs/metode.md``.

Examples
--------
>>> from naering_analysis.forecast.panel_sim import simulate_panel
>>> bt = backtest(simulate_panel(seed=3), methods=["naive"], origins=[2022], horizon=2)
>>> sorted(bt["horizon"].unique().tolist())
[1, 2]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, overload

import numpy as np
import pandas as pd

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.aggregates import council_aggregates
from naering_analysis.forecast.choice import choose_method
from naering_analysis.forecast.errors import (
    ErrorModel,
    Panel,
    build_panel,
    evaluation_origins,
    inner_origins,
    log_scale,
    pools_before,
    rolling_forecasts,
    standardised_errors,
    total_model,
)
from naering_analysis.forecast.evidence_text import (
    format_evidence,
    format_probability,
    format_reconciliation,
)
from naering_analysis.forecast.fitted import Matrix
from naering_analysis.forecast.methods import DAMPING, FITTED, METHODS, NEEDS_REFERENCE
from naering_analysis.forecast.summary import format_table, summarise

__all__ = ["backtest", "backtest_report", "format_table", "summarise"]


def _method_rows(
    panel: Panel,
    method: str,
    origins: list[int],
    horizon: int,
    window: int,
    damping: float,
    agg: Matrix,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the series-level and region-level backtest rows of one method."""
    inner = inner_origins(panel.years)
    fitted_on = agg if method in FITTED else None
    fc = rolling_forecasts(panel, method, inner, horizon, window, damping, agg=fitted_on)
    z = standardised_errors(panel.jobs, panel.years, fc, inner)
    groups, codes = panel.group_codes()
    _, totals = panel.totals()
    total_fc = np.zeros((len(inner), len(groups), horizon))
    for k in range(len(inner)):
        np.add.at(total_fc[k], codes, fc[k])
    z_total = standardised_errors(totals, panel.years, total_fc, inner)
    series_parts, total_parts = [], []
    for origin in origins:
        k, stop = inner.index(origin), int(origin - panel.years[0]) + 1
        steps = min(horizon, len(panel.years) - stop)
        s_model = ErrorModel.fit(pools_before(z, inner, origin), horizon)
        t_model = total_model(pools_before(z_total, inner, origin), s_model, horizon)
        point = fc[k][:, :steps]
        actual = panel.jobs[:, stop : stop + steps]
        bands = s_model.bands(point, log_scale(panel.jobs[:, :stop]))
        mae = np.mean(np.abs(np.diff(panel.jobs[:, :stop], axis=1)), axis=1)
        scaled = np.abs(actual - point) / np.where(mae > 0, mae, np.nan)[:, None]
        rows = panel.keys.loc[np.repeat(np.arange(len(point)), steps)].reset_index(drop=True)
        rows = rows.assign(
            origin=origin,
            horizon=np.tile(np.arange(1, steps + 1), len(point)),
            actual=actual.ravel(),
            forecast=point.ravel(),
            **{col: band.ravel() for col, band in bands.items()},
            mase=scaled.ravel(),
        )
        series_parts.append(rows)
        t_point, t_actual = total_fc[k][:, :steps], totals[:, stop : stop + steps]
        t_bands = t_model.bands(t_point, log_scale(totals[:, :stop]))
        total_rows = groups.loc[np.repeat(np.arange(len(groups)), steps)].reset_index(drop=True)
        total_parts.append(
            total_rows.assign(
                origin=origin,
                horizon=np.tile(np.arange(1, steps + 1), len(groups)),
                total_actual=t_actual.ravel(),
                total_forecast=t_point.ravel(),
                total_lo80=t_bands["lo80"].ravel(),
                total_hi80=t_bands["hi80"].ravel(),
            )
        )
    series = pd.concat(series_parts, ignore_index=True).assign(method=method)
    return series, pd.concat(total_parts, ignore_index=True).assign(method=method)


def _aggregate(series: pd.DataFrame, totals: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per method × region (× sector) × origin × horizon."""
    series = series.assign(
        covered80=(series["actual"] >= series["lo80"]) & (series["actual"] <= series["hi80"])
    )
    by = ["method", *keys, "origin", "horizon"]
    agg = (
        series.groupby(by, observed=True, sort=False)
        .agg(
            mase=("mase", "mean"),
            n_mase=("mase", "count"),
            n_series=("actual", "size"),
            coverage80=("covered80", "mean"),
        )
        .reset_index()
    )
    totals = totals.assign(
        total_error_pct=100.0
        * (totals["total_forecast"] - totals["total_actual"])
        / totals["total_actual"].where(totals["total_actual"] != 0),
        total_covered80=(totals["total_actual"] >= totals["total_lo80"])
        & (totals["total_actual"] <= totals["total_hi80"]),
    )
    return agg.merge(totals, on=by, how="left", validate="1:1")


@overload
def backtest(
    frame: pd.DataFrame,
    methods: Sequence[str] = ...,
    origins: Sequence[int] | None = ...,
    horizon: int = ...,
    *,
    reference: str = ...,
    window: int = ...,
    damping: float = ...,
    allow_break: bool = ...,
    missing: str = ...,
    return_series: Literal[False] = ...,
) -> pd.DataFrame: ...


@overload
def backtest(
    frame: pd.DataFrame,
    methods: Sequence[str] = ...,
    origins: Sequence[int] | None = ...,
    horizon: int = ...,
    *,
    reference: str = ...,
    window: int = ...,
    damping: float = ...,
    allow_break: bool = ...,
    missing: str = ...,
    return_series: Literal[True],
) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def backtest(
    frame: pd.DataFrame,
    methods: Sequence[str] = METHODS,
    origins: Sequence[int] | None = None,
    horizon: int = 5,
    *,
    reference: str = "0",
    window: int = 5,
    damping: float = DAMPING,
    allow_break: bool = False,
    missing: str = "raise",
    return_series: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Rolling-origin backtest of ``methods`` over every series in ``frame``.

    Parameters
    ----------
    frame
        Tidy frame; every region in it is evaluated (the reference too).
    methods
        Methods from :data:`~naering_analysis.forecast.methods.METHODS`.
    origins
        Last year of data for each forecast; default every year from the fourth year to the
        second-to-last.
    horizon
        Longest horizon in years; shorter where the outcome is not yet known.
    reference, window, damping, allow_break, missing
        As in :func:`naering_analysis.forecast.projections.project`.
    return_series
        Also return the series-level frame (one row per series × origin × horizon with
        ``actual``, ``forecast``, the interval bounds and the scaled error ``mase``).

    Returns
    -------
    pandas.DataFrame
        One row per method × region × origin × horizon: ``mase`` (mean over the region's series
        of ``|actual - forecast|`` divided by the series' mean absolute one-year change up to the
        origin; constant series are left out), ``n_mase``, ``n_series``, ``coverage80`` (share of
        the region's series inside their 80 % interval), ``total_actual``, ``total_forecast``,
        ``total_error_pct`` (forecast minus actual of the region total, % of actual) and
        ``total_covered80``.
    """
    unknown = [m for m in methods if m not in METHODS]
    if unknown or not methods:
        raise AnalysisError(f"backtest: ukjente metoder {unknown}; velg blant {list(METHODS)}.")
    if horizon < 1:
        raise AnalysisError(f"backtest: horizon={horizon} må være minst 1 år.")
    panel = build_panel(
        frame,
        reference=reference,
        need_reference=any(m in NEEDS_REFERENCE for m in methods),
        allow_break=allow_break,
        missing=missing,
        where="backtest",
    )
    chosen = evaluation_origins(panel.years, origins, "backtest")
    agg_matrix = council_aggregates(
        panel.keys, reference, incomplete=panel.attrs["dropped_series"]
    ).matrix
    series_parts, total_parts = [], []
    for method in methods:
        series, totals = _method_rows(panel, method, chosen, horizon, window, damping, agg_matrix)
        series_parts.append(series)
        total_parts.append(totals)
    series_all = pd.concat(series_parts, ignore_index=True)
    keys = [c for c in panel.key_cols if c != "industry_code"]
    agg = _aggregate(series_all, pd.concat(total_parts, ignore_index=True), keys)
    agg.attrs = {**frame.attrs, "dropped_series": panel.attrs["dropped_series"]}
    return (agg, series_all) if return_series else agg


def backtest_report(
    frame: pd.DataFrame,
    horizon: int = 5,
    reference: str = "0",
    peers: Sequence[str] | None = None,
) -> str:
    """Choose the methods on ``frame`` and return the evidence as Norwegian text and tables.

    One table per level (municipality totals, focus-industry totals), the distribution of the
    totals and its probability scores against climatology, and, with ``peers``, the totals'
    evidence on the peer group alone (:func:`~naering_analysis.forecast.choice.choose_method`).
    """
    choice = choose_method(frame, reference=reference, horizon=horizon, peers=peers)
    origins = choice.origins
    distribution = (
        "flyttet med medianen av tidligere feil (kalibrert)"
        if choice.calibrated
        else "sentrert på metodens framskriving"
    )
    lines = [
        "## Kommunetotalene (målet gjelder totalen)",
        "",
        format_evidence(choice, "total"),
        "",
        f"Valgt for kommunetotalene: {choice.label}. {choice.reason('total')}",
        "",
        "## Satsingsbransjene (næringene og glidebryterne)",
        "",
        format_evidence(choice, "focus"),
        "",
        f"Valgt for næringene: {choice.industry_label}. {choice.reason('focus')} Næringene "
        "avstemmes mot kommunetotalen, slik at de summerer til den i hver simulert bane.",
        "",
        "## Avstemmingen av næringene mot totalen",
        "",
        format_reconciliation(choice),
        "",
        f"Prognoseår {origins[0]}–{origins[-1]}, horisont 1–{horizon} år, "
        f"{len(choice.regions)} kommuner. «Relativ MASE» er nivåets MASE delt på MASE for naiv "
        "(uendret nivå); under 1 er bedre enn naiv. «MASE per næring» er snittet for hver "
        "næringsserie. «Dekning 80 %» er andelen av nivåets utfall innenfor 80 %-intervallet.",
        "",
        "## Sannsynligheten for å nå en vekstrate",
        "",
        f"Fordelingen for kommunetotalen er {distribution}: den med lavest CRPS i backtesten. "
        "Brier-ferdighet over 0 betyr at sannsynlighetene traff bedre enn klimatologien (andelen "
        "tidligere kommuneperioder av samme lengde som nådde raten).",
        "",
        format_probability(choice),
    ]
    if len(choice.peer_evidence):
        lines += [
            "",
            f"## Bare sammenligningskommunene ({len(choice.peers)} "
            f"{'kommune' if len(choice.peers) == 1 else 'kommuner'})",
            "",
            format_evidence(choice, "total", choice.peer_evidence),
        ]
    if choice.dropped_series:
        lines.append(f"Utelatt (mangler tall for noen år): {', '.join(choice.dropped_series)}.")
    if choice.synthetic:
        lines.append("Merk: dataene er syntetiske demodata, ikke SSB-tall.")
    return "\n".join(lines)
