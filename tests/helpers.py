"""Helpers the tests import: hand-built frames, a fake clock and the repository root."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
"""The project root (the folder that holds ``tests/``)."""
FIXTURES = REPO / "tests" / "fixtures"
RAW = REPO / "data" / "raw" / "ssb"

BRANSJE = {
    "10-33": "Grønn industri",
    "41-43": "Bygg og anlegg",
    "86-88": "Helsebasert næring",
}


def make_frame(rows: Iterable[tuple[str, str, int, int | None]]) -> pd.DataFrame:
    """Build a tidy frame from ``(region_code, industry_code, year, jobs)`` tuples."""
    frame = pd.DataFrame(list(rows), columns=["region_code", "industry_code", "year", "jobs"])
    frame["year"] = frame["year"].astype("int64")
    frame["jobs"] = frame["jobs"].astype("Int64")
    return frame


class FakeClock:
    """A clock that only moves when something sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def national_panel(seed: int = 0, years: range = range(2015, 2026)) -> dict[str, pd.DataFrame]:
    """A synthetic panel of every current municipality and Norway, for the peer comparison.

    Jobs in 17 industries (sizes log-normal around 3 000, steady industry growth), private jobs
    (65 %), population, 11616 commuting and 11618 labour measures; frames carry a synthetic
    provenance. Deterministic for a seed.
    """
    import numpy as np

    from naering_analysis.reference.division import current_division

    rng = np.random.default_rng(seed)
    codes = list(current_division().codes)
    industries = [f"i{n:02d}" for n in range(17)]
    size = np.exp(rng.normal(8.0, 1.2, len(codes)))
    mix = rng.dirichlet(np.ones(len(industries)), len(codes))
    growth = rng.normal(0.01, 0.03, (len(codes), len(industries)))
    jobs, sector, pop, com, lab = [], [], [], [], []
    for y, year in enumerate(years):
        level = np.round(size[:, None] * mix * (1 + growth) ** y)
        for c, code in enumerate(codes):
            jobs += [(code, ind, year, level[c, i]) for i, ind in enumerate(industries)]
            total = level[c].sum()
            sector.append((code, "private", year, round(total * 0.65)))
            pop.append((code, year, round(total * 2.1)))
            com += [
                (code, year, "jobs", total),
                (code, year, "residents_employed", round(total * 0.95)),
                (code, year, "in_commuters", round(total * 0.3)),
                (code, year, "out_commuters", round(total * 0.25)),
            ]
            lab += [
                (code, year, "residents_employed", round(total * 0.95)),
                (code, year, "population_15_74", round(total * 1.45)),
            ]
        national = level.sum(axis=0)
        jobs += [("0", ind, year, national[i]) for i, ind in enumerate(industries)]
    frames = {
        "jobs": pd.DataFrame(jobs, columns=["region_code", "industry_code", "year", "jobs"]),
        "sector": pd.DataFrame(sector, columns=["region_code", "sector_code", "year", "jobs"]),
        "population": pd.DataFrame(pop, columns=["region_code", "year", "population"]),
        "commuting": pd.DataFrame(com, columns=["region_code", "year", "measure", "persons"]),
        "labour": pd.DataFrame(lab, columns=["region_code", "year", "measure", "persons"]),
    }
    tables = {"jobs": "13470", "sector": "13472", "population": "07459"}
    tables |= {"commuting": "11616", "labour": "11618"}
    for name, frame in frames.items():
        source = {"table": tables[name], "fetched_at": "2026-11-26T00:00:00Z", "synthetic": True}
        frame.attrs = {"provenance": [source], "synthetic": True}
    return frames
