"""The employment rate (*sysselsettingsandel*) 15–74 and a damped-trend projection of it.

The programme names a higher employment rate as an aim. Table 11618 gives employed residents
aged 15–74 and the population aged 15–74 (4th quarter); the rate is their ratio in percent.

The projection to the target year continues the average yearly change of the last ``window``
years, damped by ``phi`` per year (a damped trend in the sense of Gardner and McKenzie, as in
Hyndman and Athanasopoulos, *Forecasting: Principles and Practice*, section 8.2): after ``h``
years the rate has moved ``d · (phi + phi² + … + phi^h)`` percentage points, where ``d`` is the
average yearly change. ``phi = 0`` is "no change", ``phi = 1`` a straight line. A rate cannot
trend for ever (it is bounded by 100 %), which is why the trend is damped by default.

>>> import pandas as pd
>>> labour = pd.DataFrame({
...     "region_code": ["3105"] * 4, "year": [2020, 2020, 2021, 2021],
...     "measure": ["residents_employed", "population_15_74"] * 2,
...     "persons": [650, 1000, 660, 1000]})
>>> employment_rate(labour)["rate_pct"].tolist()
[65.0, 66.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from naering_analysis.datasets.checks import require_columns
from naering_analysis.errors import AnalysisError

DEFAULT_PHI = 0.8
DEFAULT_WINDOW = 5


def employment_rate(labour: pd.DataFrame) -> pd.DataFrame:
    """Return ``region_code``, ``year`` and ``rate_pct`` (employed residents / population 15–74).

    A year with a missing or zero population has a missing rate, never a made-up one.
    """
    require_columns(labour, ["region_code", "year", "measure", "persons"], "employment_rate")
    part = labour.loc[labour["measure"].isin(["residents_employed", "population_15_74"])]
    values = pd.to_numeric(part["persons"], errors="coerce").astype("float64")
    wide = part.assign(_v=values).pivot_table(
        index=["region_code", "year"], columns="measure", values="_v", aggfunc="first"
    )
    wide = wide.reindex(columns=["residents_employed", "population_15_74"])
    population = wide["population_15_74"].where(wide["population_15_74"] > 0)
    rate = wide["residents_employed"] / population * 100.0
    out = rate.rename("rate_pct").reset_index()
    out["year"] = out["year"].astype(int)
    out.attrs = dict(labour.attrs)
    return out


def project_rate(
    rates: pd.DataFrame,
    region: str,
    target_year: int,
    *,
    phi: float = DEFAULT_PHI,
    window: int = DEFAULT_WINDOW,
) -> pd.DataFrame:
    """Project ``region``'s rate from its latest year to ``target_year`` with a damped trend.

    Returns ``year`` and ``rate_pct`` for the years after the latest, with ``kind`` =
    ``"framskrevet"``. ``rates`` is the frame of :func:`employment_rate`.

    >>> r = pd.DataFrame({"region_code": "x", "year": [2019, 2020, 2021],
    ...                   "rate_pct": [64.0, 65.0, 66.0]})
    >>> project_rate(r, "x", 2023, phi=0.5, window=2)["rate_pct"].round(3).tolist()
    [66.5, 66.75]
    """
    if not 0.0 <= phi <= 1.0:
        raise AnalysisError(f"project_rate: phi={phi} må være mellom 0 og 1.")
    if window < 1:
        raise AnalysisError(f"project_rate: window={window} må være minst 1 år.")
    own = rates.loc[rates["region_code"] == region].dropna(subset=["rate_pct"]).sort_values("year")
    if len(own) < 2:
        raise AnalysisError(
            f"project_rate: {region} har færre enn to år med sysselsettingsandel; hent tabell 11618."
        )
    latest = int(own["year"].iloc[-1])
    if target_year <= latest:
        raise AnalysisError(f"project_rate: målåret {target_year} må være etter {latest}.")
    recent = own.loc[own["year"] >= latest - window]
    span = int(recent["year"].iloc[-1] - recent["year"].iloc[0])
    slope = (float(recent["rate_pct"].iloc[-1]) - float(recent["rate_pct"].iloc[0])) / span
    steps = np.arange(1, target_year - latest + 1)
    damped = np.cumsum(np.power(phi, steps))
    return pd.DataFrame(
        {
            "region_code": region,
            "year": latest + steps,
            "rate_pct": float(own["rate_pct"].iloc[-1]) + slope * damped,
            "kind": "framskrevet",
        }
    )
