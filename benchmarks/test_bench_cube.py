"""Speed of summing 13472's two-digit industries into the focus mapping's parts.

The committed demo of 13472 for every municipality at two-digit SN2007 (359 regions × 6 sectors ×
90 codes × 11 years, 2.1 million cells). Baseline: melt the whole cube to a long frame
(``read_jsonstat``) and group by every other column (``frames._to_parts``). Ours: sum the NACE
axis on the array (``datasets.cube.collapse_divisions``), then melt the smaller cube. Both start
from the snapshot's bytes. Run with ``make bench``; the ratio of medians is printed and recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from naering_analysis.datasets import frames
from naering_analysis.datasets.cube import collapse_divisions
from naering_analysis.reference.industries import load_focus_mapping
from naering_analysis.ssb import read_jsonstat

DATA = Path(__file__).resolve().parents[1] / "data/raw/ssb/13472/2026-11-26/data.json"
_MEDIANS: dict[str, float] = {}


@pytest.fixture(scope="module")
def raw() -> bytes:
    return DATA.read_bytes()


def test_long_frame_groupby(benchmark, raw):
    mapping = load_focus_mapping()
    out = benchmark.pedantic(
        lambda: frames._to_parts(read_jsonstat(raw), mapping), rounds=3, iterations=1
    )
    _MEDIANS["long"] = benchmark.stats.stats.median
    assert out["industry_code"].nunique() == 21


def test_cube_sum(benchmark, raw):
    out = benchmark.pedantic(
        lambda: read_jsonstat(collapse_divisions(raw).doc), rounds=3, iterations=1
    )
    _MEDIANS["cube"] = benchmark.stats.stats.median
    assert out["NACE2007"].nunique() == 22  # 21 parts and the total 00-99
    if "long" in _MEDIANS:
        ratio = _MEDIANS["long"] / _MEDIANS["cube"]
        benchmark.extra_info["ratio_vs_long_frame"] = round(ratio, 2)
        print(f"\ncube vs long-frame groupby: {ratio:.1f}x faster")
