"""Panels of job series, rolling-origin forecasts and the empirical error model behind intervals.

A :class:`Panel` holds a tidy frame as a matrix (one row per region × industry series, one column
per year). :func:`rolling_forecasts` forecasts it from every origin; :class:`ErrorModel` turns the
forecast errors into interval quantiles per horizon. Errors are *standardised log-ratios*

    z = log((y + 1) / (ŷ + 1)) / s,

where ``s`` is the series' mean absolute one-year change of ``log(y + 1)`` up to the origin. The
``+ 1`` keeps zero-job cells finite; ``s`` lets one pool serve a 50-job and a 5,000-job series.
See ``docs/metode.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from naering_analysis.datasets.checks import (
    check_break,
    require_columns,
    require_unique,
)
from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.fitted import Matrix
from naering_analysis.forecast.methods import DAMPING, MIN_WINDOW, point_forecast

KEY_ORDER = ("region_code", "sector_code", "industry_code")
DESCRIPTIVE = ("region_name", "industry_name", "bransje")
LEVELS: dict[str, tuple[float, float]] = {"80": (0.10, 0.90), "95": (0.025, 0.975)}
"""Interval levels (per cent) and their lower/upper quantiles."""

MIN_ERRORS = 15
"""Errors a horizon needs before its own quantiles are used; shorter pools are extrapolated."""
MIN_FIRST = 5
"""Errors needed at horizon 1 at all; fewer raises :class:`AnalysisError`."""
EXPONENT_RANGE = (0.5, 1.0)
"""Bounds for the growth exponent of the error spread with the horizon."""


@dataclass(frozen=True)
class Panel:
    """A balanced panel: ``jobs[i, t]`` is series ``keys.iloc[i]`` in ``years[t]``."""

    keys: pd.DataFrame
    years: np.ndarray
    jobs: np.ndarray
    ref_jobs: np.ndarray | None
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def key_cols(self) -> list[str]:
        """The columns that identify a series."""
        return [c for c in KEY_ORDER if c in self.keys.columns]

    def group_codes(self) -> tuple[pd.DataFrame, np.ndarray]:
        """Return the region (and sector) groups that sum to totals and each row's group number."""
        cols = [c for c in self.key_cols if c != "industry_code"]
        groups, codes = np.unique(
            self.keys[cols].astype(str).agg("\x1f".join, axis=1), return_inverse=True
        )
        first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
        table = self.keys.iloc[first][cols].reset_index(drop=True)
        assert len(table) == len(groups)
        return table, codes

    def totals(self) -> tuple[pd.DataFrame, np.ndarray]:
        """Return the group table and the summed values, shape ``(groups, years)``."""
        table, codes = self.group_codes()
        sums = np.zeros((len(table), self.jobs.shape[1]))
        np.add.at(sums, codes, self.jobs)
        return table, sums


def build_panel(
    frame: pd.DataFrame,
    *,
    reference: str = "0",
    need_reference: bool = False,
    allow_break: bool = False,
    missing: str = "raise",
    where: str = "prognose",
) -> Panel:
    """Check a tidy frame and return it as a :class:`Panel` (one row per complete series).

    A series with a missing cell (SSB suppression ``:``/``..``) or a missing year raises, or with
    ``missing="drop"`` is left out and listed in ``attrs["dropped_series"]``.
    """
    require_columns(frame, ["region_code", "industry_code", "year", "jobs"], where)
    keys = [c for c in KEY_ORDER if c in frame.columns]
    require_unique(frame, [*keys, "year"], where)
    if frame.empty:
        raise AnalysisError(f"{where}: tabellen er tom; bruk en ryddig tabell med jobs per år.")
    if missing not in {"raise", "drop"}:
        raise AnalysisError(f"{where}: missing='{missing}' må være 'raise' eller 'drop'.")
    data = frame.assign(
        **{c: frame[c].astype(str) for c in keys},
        year=frame["year"].astype(int),
        jobs=frame["jobs"].astype("Float64").astype("float64"),
    )
    years = np.arange(data["year"].min(), data["year"].max() + 1)
    check_break(int(years[0]), int(years[-1]), allow_break, frame=frame, where=where)
    # pivot, not pivot_table: pivot keeps missing cells as NaN and invents no key combinations
    wide = data.pivot(index=keys, columns="year", values="jobs")  # noqa: PD010
    wide = wide.reindex(columns=years)
    gaps = wide.isna().any(axis=1).to_numpy()
    dropped = ["/".join(map(str, k if isinstance(k, tuple) else (k,))) for k in wide.index[gaps]]
    if gaps.any() and missing == "raise":
        raise AnalysisError(
            f"{where}: seriene {dropped[:6]} mangler tall for noen år i {years[0]}–{years[-1]} "
            "(prikket hos SSB eller manglende rader). Prognosene trenger hele årsserier: fyll inn "
            "bevisst, fjern seriene, eller bruk missing='drop' for å utelate dem."
        )
    suppressed = _suppressed_reference(wide.loc[gaps], keys, reference)
    wide = wide.loc[~gaps]
    if wide.empty:
        raise AnalysisError(f"{where}: ingen serie har tall for alle år {years[0]}–{years[-1]}.")
    if len(years) < MIN_WINDOW + 2:
        raise AnalysisError(
            f"{where}: bare {len(years)} år ({years[0]}–{years[-1]}); trenger minst {MIN_WINDOW + 2} "
            "år for å kunne måle prognosefeil. Hent en lengre serie."
        )
    index = wide.index.to_frame(index=False)
    descriptive = [c for c in DESCRIPTIVE if c in data.columns]
    if descriptive:
        labels = data.groupby(keys, observed=True)[descriptive].first().reset_index()
        index = index.merge(labels, on=keys, how="left", validate="1:1")
    ref_jobs = (
        _reference_rows(wide, index, keys, reference, where, suppressed) if need_reference else None
    )
    attrs = {str(k): v for k, v in frame.attrs.items()}
    attrs["dropped_series"] = dropped
    return Panel(index, years, wide.to_numpy(), ref_jobs, attrs)


def _suppressed_reference(
    gaps: pd.DataFrame, keys: list[str], reference: str
) -> dict[str, list[int]]:
    """Return the reference region's industries left out for missing cells, with those years."""
    if gaps.empty or "region_code" not in keys:
        return {}
    rows = gaps.index.to_frame(index=False)
    mine = (rows["region_code"] == str(reference)).to_numpy()
    found: dict[str, list[int]] = {}
    for industry, values in zip(
        rows.loc[mine, "industry_code"], gaps.to_numpy()[mine], strict=True
    ):
        years = [int(y) for y, v in zip(gaps.columns, values, strict=True) if np.isnan(v)]
        found.setdefault(str(industry), [])
        found[str(industry)] = sorted(set(found[str(industry)]) | set(years))
    return found


def _reference_rows(
    wide: pd.DataFrame,
    index: pd.DataFrame,
    keys: list[str],
    reference: str,
    where: str,
    suppressed: dict[str, list[int]] | None = None,
) -> np.ndarray:
    """Return the reference region's row for every series (same sector and industry).

    ``suppressed`` names the reference's industries that were left out because a cell is
    missing (suppressed by SSB), so the error says that rather than "missing industries".
    """
    rest = [c for c in keys if c != "region_code"]
    regions = sorted(index["region_code"].unique())
    if str(reference) not in regions:
        raise AnalysisError(
            f"{where}: referanseregionen '{reference}' finnes ikke i tabellen (har {regions}). "
            "Ta med referansen (f.eks. hele landet, '0') i tabellen eller velg reference=..."
        )
    ref = index.reset_index().loc[lambda d: d["region_code"] == str(reference), ["index", *rest]]
    matched = index[rest].merge(ref, on=rest, how="left", validate="m:1")
    if matched["index"].isna().any():
        missing = sorted(set(index.loc[matched["index"].isna().to_numpy(), "industry_code"]))
        hidden = {code: (suppressed or {}).get(code) for code in missing}
        if all(hidden.values()):
            cells = "; ".join(
                f"{code} i {', '.join(map(str, years or []))}" for code, years in hidden.items()
            )
            raise AnalysisError(
                f"{where}: referanseregionen '{reference}' har prikkede (skjulte) tall hos SSB "
                f"for {cells}, så næringens referanseserie er ikke hel. Prikkede celler skjules "
                "av personvernhensyn og kan ikke fylles inn; velg en referanse uten prikking "
                "(hele landet, '0') eller la næringen ute."
            )
        raise AnalysisError(
            f"{where}: referanseregionen '{reference}' mangler næringene {missing}. "
            "Bruk en referanse med de samme næringene."
        )
    return wide.to_numpy()[matched["index"].to_numpy(dtype=int)]


def log_scale(values: np.ndarray) -> np.ndarray:
    """Mean absolute one-year change of ``log(jobs + 1)`` per row (0 for a constant series).

    >>> log_scale(np.array([[0.0, 0.0, 0.0], [9.0, 99.0, 9.0]])).round(4).tolist()
    [0.0, 2.3026]
    """
    if values.shape[1] < 2:
        return np.zeros(values.shape[0])
    return np.mean(np.abs(np.diff(np.log1p(values), axis=1)), axis=1)


def inner_origins(years: np.ndarray) -> list[int]:
    """Origins whose forecasts feed the error pools: from the third year to the second-to-last."""
    return [int(y) for y in years[MIN_WINDOW:-1]]


def evaluation_origins(
    years: Sequence[int] | np.ndarray, origins: Sequence[int] | None, where: str
) -> list[int]:
    """Return the evaluation origins: ``origins``, or by default every allowed one.

    An evaluation origin needs three years of history, one earlier origin behind its intervals
    and one year with an outcome after it: the fourth year to the second-to-last. Others raise,
    naming the allowed span.

    >>> evaluation_origins(range(2015, 2021), None, "x")
    [2018, 2019]
    """
    allowed = inner_origins(np.asarray(list(years)))[1:]
    chosen = allowed if origins is None else [int(o) for o in origins]
    bad = [o for o in chosen if o not in allowed]
    if bad or not chosen:
        span = f"{allowed[0]}–{allowed[-1]}" if allowed else "ingen"
        raise AnalysisError(
            f"{where}: ugyldige prognoseår (origins) {bad or chosen}; tillatt er {span} (minst tre års "
            "historikk før, ett tidligere prognoseår og ett år med utfall etter)."
        )
    return chosen


def rolling_forecasts(
    panel: Panel,
    method: str,
    origins: Sequence[int],
    horizon: int,
    window: int,
    damping: float = DAMPING,
    agg: Matrix | None = None,
) -> np.ndarray:
    """Forecast every series from each origin, using only years up to that origin.

    ``agg`` is passed on to :func:`~naering_analysis.forecast.methods.point_forecast` (the
    totals the fitted methods are judged on). Returns shape ``(origins, series, horizon)``.
    """
    out = np.empty((len(origins), panel.jobs.shape[0], horizon))
    for k, origin in enumerate(origins):
        stop = int(origin - panel.years[0]) + 1
        ref = None if panel.ref_jobs is None else panel.ref_jobs[:, :stop]
        out[k] = point_forecast(
            method, panel.jobs[:, :stop], ref, horizon, window, damping=damping, agg=agg
        )
    return out


def standardised_errors(
    values: np.ndarray, years: np.ndarray, forecasts: np.ndarray, origins: Sequence[int]
) -> np.ndarray:
    """Return ``z`` (same shape as ``forecasts``): NaN where the outcome is unknown or ``s = 0``."""
    z = np.full(forecasts.shape, np.nan)
    horizon = forecasts.shape[2]
    for k, origin in enumerate(origins):
        stop = int(origin - years[0]) + 1
        scale = log_scale(values[:, :stop])
        for h in range(1, min(horizon, len(years) - stop) + 1):
            err = np.log1p(values[:, stop + h - 1]) - np.log1p(forecasts[k, :, h - 1])
            z[k, :, h - 1] = np.divide(err, scale, out=np.full_like(err, np.nan), where=scale > 0)
    return z


@dataclass(frozen=True)
class ErrorModel:
    """Sorted pools of standardised errors per horizon (index 0 = one year ahead).

    The pools are centred at their median; ``offsets`` keeps each horizon's median itself (the
    method's typical past error, positive when outcomes came out above the forecasts), which
    :meth:`calibrate` adds back to a point forecast.
    """

    pools: tuple[np.ndarray, ...]
    counts: tuple[int, ...]
    exponent: float
    offsets: tuple[float, ...] = ()

    @classmethod
    def fit(
        cls,
        pools: Sequence[np.ndarray],
        horizon: int,
        min_errors: int = MIN_ERRORS,
        *,
        per_horizon: bool = False,
    ) -> ErrorModel:
        """Build the model from raw error pools ``pools[h - 1]``, extending it to ``horizon``.

        Each pool is first centred at its median, so the forecast is the middle of its band
        (the scenario engine's central path is the median of its simulated paths); the medians
        are kept in ``offsets``.
        The errors of the *reliable* horizons (1 up to the last with ``min_errors`` errors in a
        row) are divided by ``h ** b`` and pooled into one shape; horizon ``h`` then uses that
        shape times ``h ** b``. The exponent ``b`` is the slope of log(10–90 % spread) on log(h)
        over the reliable horizons, kept in ``[0.5, 1]`` (0.5, the random-walk rate, when only
        horizon 1 is reliable). Sharing one shape keeps bands smooth and widening with the
        horizon even when later horizons have few errors.

        With ``per_horizon=True`` every reliable horizon keeps its own pool (split-conformal
        quantiles, for the municipality totals, where a national panel gives hundreds of errors
        per horizon); only the horizons beyond the last reliable one use its pool times
        ``(h / last) ** b``. Offsets beyond the last reliable horizon grow in proportion to
        ``h`` (a bias that comes from a missed drift grows linearly).
        """
        finite = [p[np.isfinite(p)] for p in pools]
        medians = [float(np.median(p)) if len(p) else 0.0 for p in finite]
        clean = [np.sort(p - m) if len(p) else p for p, m in zip(finite, medians, strict=True)]
        counts = tuple(len(p) for p in clean) + (0,) * max(0, horizon - len(clean))
        if not clean or counts[0] < MIN_FIRST:
            raise AnalysisError(
                f"For få tidligere prognosefeil til å beregne usikkerhet ({counts[0] if clean else 0} "
                f"ett år fram; trenger minst {MIN_FIRST}). Bruk flere år eller flere serier."
            )
        last = 1
        while last < min(horizon, len(clean)) and counts[last] >= min_errors:
            last += 1
        # With one reliable horizon the growth of the spread is unknown: the split-conformal pools
        # of the totals then take the cautious end (linear, as for a missed drift), the shared
        # shape the random-walk rate.
        exponent = EXPONENT_RANGE[1] if per_horizon else EXPONENT_RANGE[0]
        if last >= 2:
            spreads = [np.quantile(p, 0.9) - np.quantile(p, 0.1) for p in clean[:last]]
            if min(spreads) > 0:
                slope = np.polyfit(np.log(np.arange(1, last + 1)), np.log(spreads), 1)[0]
                exponent = float(np.clip(slope, *EXPONENT_RANGE))
        if per_horizon:
            pools_h = tuple(
                clean[h - 1] if h <= last else clean[last - 1] * (h / last) ** exponent
                for h in range(1, horizon + 1)
            )
        else:
            shape = np.sort(
                np.concatenate([clean[h - 1] / h**exponent for h in range(1, last + 1)])
            )
            pools_h = tuple(shape * h**exponent for h in range(1, horizon + 1))
        offsets = tuple(
            medians[h - 1] if h <= last else medians[last - 1] * h / last
            for h in range(1, horizon + 1)
        )
        return cls(pools_h, counts[:horizon], exponent, offsets)

    def calibrate(self, point: np.ndarray, scale: np.ndarray) -> np.ndarray:
        """Move ``point`` (series, horizon) by the median past error: the median of the outcomes.

        ``(point + 1) · exp(s · offset_h) − 1``, floored at 0; the band of :meth:`bands` around the
        result is then the uncentred (split-conformal) band of the raw errors.

        >>> model = ErrorModel((np.zeros(1),), (1,), 0.5, (np.log(2.0),))
        >>> model.calibrate(np.array([[9.0]]), np.array([1.0])).tolist()
        [[19.0]]
        """
        width = point.shape[1]
        offsets = np.asarray(self.offsets[:width] or (0.0,) * width)
        moved = (point + 1.0) * np.exp(scale[:, None] * offsets[None, :]) - 1.0
        return np.maximum(moved, 0.0)

    @property
    def horizon(self) -> int:
        """The longest horizon the model covers."""
        return len(self.pools)

    def quantiles(self, probs: Sequence[float]) -> np.ndarray:
        """Return the ``probs`` quantiles per horizon, shape ``(len(probs), horizon)``."""
        return np.column_stack([np.quantile(p, list(probs)) for p in self.pools])

    def draw(self, u: np.ndarray) -> np.ndarray:
        """Map uniforms ``u`` (paths,) to errors per horizon, shape ``(paths, horizon)``.

        One uniform per path picks the same rank at every horizon, so a path that is low one
        year stays low (forecast errors from one origin are strongly correlated over horizons).
        """
        cols = [p[np.minimum((u * len(p)).astype(int), len(p) - 1)] for p in self.pools]
        return np.column_stack(cols)

    def bands(self, point: np.ndarray, scale: np.ndarray) -> dict[str, np.ndarray]:
        """Return ``lo80``, ``hi80``, ``lo95``, ``hi95`` around ``point`` (series, horizon)."""
        width = point.shape[1]
        if width > self.horizon:
            raise AnalysisError(f"Feilmodellen dekker {self.horizon} år, ikke {width}.")
        probs = [q for pair in LEVELS.values() for q in pair]
        quant = self.quantiles(probs)[:, :width]
        out: dict[str, np.ndarray] = {}
        for k, (level, _pair) in enumerate(LEVELS.items()):
            for side, row in (("lo", 2 * k), ("hi", 2 * k + 1)):
                band = (point + 1.0) * np.exp(scale[:, None] * quant[row][None, :]) - 1.0
                out[f"{side}{level}"] = np.maximum(band, 0.0)
        return out


def pools_before(z: np.ndarray, origins: Sequence[int], cutoff: int) -> list[np.ndarray]:
    """Pool ``z`` per horizon over origins whose outcome year is at most ``cutoff``.

    ``z`` has shape ``(origins, series, horizon)``; the result has one 1-d array per horizon.
    """
    orig = np.asarray(origins)
    pools = []
    for h in range(1, z.shape[2] + 1):
        known = orig + h <= cutoff
        pools.append(z[known, :, h - 1].ravel())
    return pools


def total_model(
    total_pools: Sequence[np.ndarray],
    series_model: ErrorModel,
    horizon: int,
    *,
    per_horizon: bool = False,
) -> ErrorModel:
    """Fit the error model of region totals, or reuse ``series_model`` if there are too few.

    Totals are few (one per region and origin), so their own pool is used only when it holds at
    least :data:`MIN_ERRORS` one-year-ahead errors. ``per_horizon`` as in :meth:`ErrorModel.fit`.
    """
    first = total_pools[0] if len(total_pools) else np.array([])
    if int(np.isfinite(first).sum()) < MIN_ERRORS:
        return series_model
    return ErrorModel.fit(total_pools, horizon, per_horizon=per_horizon)
