"""Simulated tidy job panels with a known structure, for testing and comparing forecast methods.

The panels are **synthetic**: they are not SSB data, and ``attrs["synthetic"]`` is True. They
mimic the features that decide how forecast methods rank on real municipal series:

* Norway (``"0"``) has the 17 SN2007 groups at their 2022 levels, an industry-specific trend and
  a common business cycle (the published yearly change in all jobs, 2016–2023).
* A municipality's industry follows the national industry rate plus a persistent local deviation
  (sd ``local_sd``) that may shift once, a random-walk shock and transitory noise; both are larger
  for small series (about 3–8 % a year for 50–5,000 jobs).
* The county (``"31"``) is the sum of the municipalities and a simulated remainder.

Examples
--------
>>> panel = simulate_panel(seed=1)
>>> sorted(panel["region_code"].unique())
['0', '31', '3101', '3105', '3107', '3110', '3120']
>>> int(panel["year"].min()), int(panel["year"].max())
(2015, 2025)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

NATIONAL_2022: dict[str, int] = {
    "01-03": 64_532, "05-09": 61_310, "10-33": 213_650, "35-39": 34_927, "41-43": 241_944,
    "45-47": 354_144, "49-53": 132_428, "55-56": 102_754, "58-63": 115_611, "64-66": 50_127,
    "68-75": 189_516, "77-82": 135_943, "84": 174_971, "85": 231_961, "86-88": 578_215,
    "90-99": 116_898, "00": 19_243,
}  # fmt: skip
"""Jobs by workplace in Norway, 2022 (SSB table 13470, as quoted in the domain notes)."""

NATIONAL_TREND: dict[str, float] = {
    "01-03": -0.005, "05-09": -0.01, "10-33": 0.0, "35-39": 0.015, "41-43": 0.015,
    "45-47": 0.002, "49-53": 0.008, "55-56": 0.02, "58-63": 0.035, "64-66": 0.005,
    "68-75": 0.025, "77-82": 0.012, "84": 0.006, "85": 0.01, "86-88": 0.014,
    "90-99": 0.015, "00": 0.0,
}  # fmt: skip
"""Assumed national trend growth per industry (fraction a year), for simulation only."""

CYCLE: dict[int, float] = {
    2016: 0.006, 2017: 0.013, 2018: 0.014, 2019: 0.010, 2020: -0.011,
    2021: 0.030, 2022: 0.020, 2023: 0.010,
}  # fmt: skip
"""Published yearly change in all jobs in Norway (13472); other years use the mean."""

MUNICIPALITIES: dict[str, int] = {
    "3105": 29_400, "3107": 35_000, "3101": 13_100, "3110": 1_300, "3120": 3_600,
}  # fmt: skip
"""Approximate jobs by workplace in 2022 for Sarpsborg and four neighbours."""

COUNTY_REST = 110_000
"""Jobs in the rest of Østfold (not in the panel, only in the county sum)."""


def _municipality(
    rng: np.random.Generator,
    size: int,
    years: np.ndarray,
    national_growth: np.ndarray,
    local_sd: float,
) -> np.ndarray:
    """Simulate one municipality's industry levels, shape ``(industries, years)``."""
    n_ind, n_year = national_growth.shape
    base = np.array(list(NATIONAL_2022.values()), dtype=float)
    shares = base / base.sum() * rng.lognormal(0.0, 0.5, n_ind)
    level0 = size * shares / shares.sum()
    deviation = np.tile(rng.normal(0.0, local_sd, (n_ind, 1)), (1, n_year))
    for i in np.flatnonzero(rng.random(n_ind) < 0.3):
        deviation[i, rng.integers(1, n_year) :] = rng.normal(0.0, local_sd)
    rw_sd = 0.02 + 0.25 / np.sqrt(level0)
    steps = national_growth + deviation + rng.normal(0.0, 1.0, (n_ind, n_year)) * rw_sd[:, None]
    steps[:, 0] = 0.0
    log_level = np.log(level0)[:, None] + np.cumsum(steps, axis=1)
    anchor = int(np.searchsorted(years, 2022)) if years[0] <= 2022 <= years[-1] else 0
    log_level -= log_level[:, [anchor]] - np.log(level0)[:, None]
    noise_sd = 0.01 + 0.15 / np.sqrt(level0)
    return np.exp(log_level + rng.normal(0.0, 1.0, (n_ind, n_year)) * noise_sd[:, None])


def simulate_panel(
    seed: int = 0,
    first_year: int = 2015,
    last_year: int = 2025,
    municipalities: Mapping[str, int] | None = None,
    local_sd: float = 0.015,
) -> pd.DataFrame:
    """Return a synthetic tidy frame: municipalities, county ``"31"`` and Norway ``"0"``.

    Columns ``region_code``, ``industry_code``, ``year`` (int64) and ``jobs`` (Int64). Hvaler
    (``"3110"``) has no jobs in ``"05-09"`` in any year, to exercise zero series.
    """
    rng = np.random.default_rng(seed)
    years = np.arange(first_year, last_year + 1)
    codes = list(NATIONAL_2022)
    mean_cycle = float(np.mean(list(CYCLE.values())))
    cycle = np.array([CYCLE.get(int(y), mean_cycle) - mean_cycle for y in years])
    trend = np.array([NATIONAL_TREND[c] for c in codes])
    growth = trend[:, None] + cycle[None, :] + rng.normal(0.0, 0.005, (len(codes), len(years)))
    growth[:, 0] = 0.0
    national = np.array(list(NATIONAL_2022.values()), dtype=float)[:, None] * np.exp(
        np.cumsum(growth, axis=1) - np.cumsum(growth, axis=1)[:, [min(7, len(years) - 1)]]
    )
    levels = {"0": national}
    sizes = dict(municipalities or MUNICIPALITIES)
    for code, size in sizes.items():
        levels[code] = _municipality(rng, size, years, growth, local_sd)
    rest = _municipality(rng, COUNTY_REST, years, growth, local_sd / 2)
    levels["31"] = sum((levels[c] for c in sizes), start=rest)
    if "3110" in levels:
        levels["3110"][codes.index("05-09")] = 0.0
    frames = [
        pd.DataFrame(
            {
                "region_code": region,
                "industry_code": np.repeat(codes, len(years)),
                "year": np.tile(years, len(codes)).astype("int64"),
                "jobs": np.rint(values).ravel().astype("int64"),
            }
        )
        for region, values in levels.items()
    ]
    out = pd.concat(frames, ignore_index=True)
    out["jobs"] = out["jobs"].astype("Int64")
    out.attrs["synthetic"] = True
    out.attrs["source"] = "Syntetiske testdata (ikke SSB-tall)"
    return out
