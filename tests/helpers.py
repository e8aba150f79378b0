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
