"""A second synthetic generator, for testing the method choice out of sample.

It shares nothing with the demo generator (``naering_analysis.demo``) or with
``naering_analysis.forecast.panel_sim``: no calibration to published figures, no location
quotients, no persistent "national rate plus local deviation" structure. Every series is a
**random walk with drift** in logs, hit by shocks and level shifts:

    log y[t] = log y[t-1] + drift + common[t] + regional[t] + e[t] + jump[t]

* Norway (``"0"``): 17 industries whose drifts are drawn around 1 % a year, a common shock per
  year (one of them a deep recession) and small industry noise.
* Twelve municipalities (``"3101"`` … ``"3124"``, sizes 450–35 000 jobs): each industry's drift is
  the national industry's drift plus a local drift that only some series have (``local_share``)
  and that may switch sign once; each municipality has its own yearly shock; the industry noise is
  Student-t (heavy tails) and larger for small series; level shifts (a plant opens or closes)
  come at random with ``jump_rate`` per series and year.
* The county (``"31"``) is the sum of the twelve.

The panels are synthetic test data, marked ``attrs["synthetic"] = True``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CODES = (
    "01-03", "05-09", "10-33", "35-39", "41-43", "45-47", "49-53", "55-56", "58-63",
    "64-66", "68-75", "77-82", "84", "85", "86-88", "90-99", "00",
)  # fmt: skip
SIZES = {
    "3101": 13_000, "3103": 21_000, "3105": 29_000, "3107": 35_000, "3110": 1_300,
    "3112": 2_600, "3114": 1_700, "3116": 1_150, "3118": 17_000, "3120": 3_300,
    "3122": 1_250, "3124": 450,
}  # fmt: skip
NATIONAL = 2_800_000


@dataclass(frozen=True)
class World:
    """The knobs of one synthetic world (fractions of the level per year)."""

    drift_sd: float = 0.012
    """Spread of the national industries' drifts around 1 % a year."""
    common_sd: float = 0.012
    """Yearly shock common to every series (the business cycle)."""
    recession: float = -0.035
    """Extra common shock in one random year."""
    regional_sd: float = 0.008
    """Yearly shock common to a municipality's industries."""
    local_share: float = 0.4
    """Share of municipal series with a drift of their own."""
    local_sd: float = 0.02
    """Spread of those local drifts."""
    noise_floor: float = 0.02
    """Industry noise sd for a large series; small series add ``noise_size / sqrt(jobs)``."""
    noise_size: float = 0.5
    jump_rate: float = 0.03
    """Chance per series and year of a level shift."""
    jump_size: float = 0.25
    """Largest level shift (log), scaled down for big series."""


WORLDS = {
    "drift": World(),
    "pure_walk": World(local_share=0.0, jump_rate=0.01),
    "shifty": World(jump_rate=0.08, noise_size=0.8, local_share=0.2),
    "local": World(local_share=0.8, local_sd=0.03, recession=0.0),
}


def _walk(rng: np.random.Generator, start: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Return ``start * exp(cumsum(steps))`` with the first year at ``start``."""
    steps = steps.copy()
    steps[:, 0] = 0.0
    return start[:, None] * np.exp(np.cumsum(steps, axis=1))


def national_sizes(count: int, seed: int) -> dict[str, int]:
    """Return ``count`` municipalities (codes ``"5001"`` …) with log-normal sizes, 150–80 000 jobs.

    For a country-wide panel: the method choice on hundreds of municipalities.
    """
    rng = np.random.default_rng([seed, 99])
    sizes = np.clip(rng.lognormal(np.log(3_000), 1.2, count), 150, 80_000).astype(int)
    return {str(5001 + i): int(v) for i, v in enumerate(sizes)}


def random_walk_panel(
    seed: int,
    world: World | str = "drift",
    first_year: int = 2015,
    last_year: int = 2025,
    sizes: dict[str, int] | None = None,
) -> pd.DataFrame:
    """Return a tidy panel (``region_code``, ``industry_code``, ``year``, ``jobs``) of one world.

    ``sizes`` (code → jobs) replaces the twelve Østfold-like municipalities, e.g. with
    :func:`national_sizes`.
    """
    spec = WORLDS[world] if isinstance(world, str) else world
    municipalities = SIZES if sizes is None else sizes
    rng = np.random.default_rng(seed)
    years = np.arange(first_year, last_year + 1)
    n_ind, n_year = len(CODES), len(years)
    common = rng.normal(0.0, spec.common_sd, n_year)
    common[rng.integers(2, n_year)] += spec.recession
    drift = rng.normal(0.01, spec.drift_sd, n_ind)
    nat_shares = rng.dirichlet(np.full(n_ind, 3.0))
    nat_steps = drift[:, None] + common[None, :] + rng.normal(0.0, 0.006, (n_ind, n_year))
    levels = {"0": _walk(rng, NATIONAL * nat_shares, nat_steps)}
    for code, size in municipalities.items():
        shares = nat_shares * rng.lognormal(0.0, 0.7, n_ind)
        start = np.maximum(size * shares / shares.sum(), 8.0)
        local = np.where(
            rng.random(n_ind) < spec.local_share, rng.normal(0, spec.local_sd, n_ind), 0
        )
        local_path = np.tile(local[:, None], (1, n_year))
        switch = rng.random(n_ind) < 0.3
        for i in np.flatnonzero(switch):
            local_path[i, rng.integers(1, n_year) :] *= -1.0
        regional = rng.normal(0.0, spec.regional_sd, n_year)
        sd = spec.noise_floor + spec.noise_size / np.sqrt(start)
        noise = rng.standard_t(4, (n_ind, n_year)) / np.sqrt(2.0) * sd[:, None]
        jumps = (rng.random((n_ind, n_year)) < spec.jump_rate) * rng.choice(
            [-1.0, 1.0], (n_ind, n_year)
        )
        jump_scale = spec.jump_size * np.minimum(1.0, 3.0 / np.log(start))
        jumps = jumps * rng.uniform(0.3, 1.0, (n_ind, n_year)) * jump_scale[:, None]
        steps = drift[:, None] + local_path + common[None, :] + regional[None, :] + noise + jumps
        levels[code] = _walk(rng, start, steps)
    levels = {code: np.rint(values) for code, values in levels.items()}
    levels["31"] = sum(levels[c] for c in municipalities)
    frames = [
        pd.DataFrame(
            {
                "region_code": region,
                "industry_code": np.repeat(CODES, n_year),
                "year": np.tile(years, n_ind).astype("int64"),
                "jobs": values.ravel().astype("int64"),
            }
        )
        for region, values in levels.items()
    ]
    out = pd.concat(frames, ignore_index=True)
    out["jobs"] = out["jobs"].astype("Int64")
    out.attrs["synthetic"] = True
    out.attrs["source"] = "Syntetiske testdata (tilfeldig gang med drift, ikke SSB-tall)"
    return out
