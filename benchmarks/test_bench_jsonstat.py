"""Speed of read_jsonstat against pyjstat on a 550,800-cell JSON-stat 2.0 document.

Both timings start from the JSON text, so ``json.loads`` is part of both. pyjstat is timed with
one call, ``Dataset.read(text).write("dataframe")`` (labels only); our reader returns codes and
labels in that one call. Run with ``make bench``. The ratio of medians is printed and recorded in
the benchmark's ``extra_info``; the goal is at least 5x.
"""

from __future__ import annotations

import json
import math
import warnings
from typing import Any

import numpy as np
import pytest
from pyjstat import pyjstat

from naering_analysis.ssb import read_jsonstat

# Region 300 x NACE2007 17 x Kjonn 3 x Tid 18 x ContentsCode 2 = 550,800 cells
SIZES = {"Region": 300, "NACE2007": 17, "Kjonn": 3, "Tid": 18, "ContentsCode": 2}
GOAL_RATIO = 5.0
_MEDIANS: dict[str, float] = {}


def _document() -> str:
    """Return an SSB-shaped document: object indexes, ~3 % nulls, sparse status object."""
    rng = np.random.default_rng(2024)
    dimension = {}
    for dim_id, size in SIZES.items():
        codes = [f"{dim_id[:2]}{i:04d}" for i in range(size)]
        dimension[dim_id] = {
            "label": dim_id.lower(),
            "category": {
                "index": {code: i for i, code in enumerate(codes)},
                "label": {code: f"{dim_id} kategori {i}" for i, code in enumerate(codes)},
            },
        }
    count = math.prod(SIZES.values())
    cells = rng.integers(0, 20_000, count).astype(object)
    missing = rng.random(count) < 0.03
    cells[missing] = None
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Sysselsatte (syntetisk testtabell)",
        "source": "Statistisk sentralbyrå",
        "id": list(SIZES),
        "size": list(SIZES.values()),
        "dimension": dimension,
        "value": cells.tolist(),
        "status": {str(i): ".." for i in np.flatnonzero(missing).tolist()},
        "extension": {"px": {"tableid": "99999"}},
    }
    return json.dumps(doc)


@pytest.fixture(scope="module")
def document() -> str:
    return _document()


def _pyjstat_read(text: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pyjstat.Dataset.read(text).write("dataframe")


@pytest.mark.benchmark(group="jsonstat-550k")
def test_bench_pyjstat(benchmark: Any, document: str) -> None:
    frame = benchmark.pedantic(_pyjstat_read, args=(document,), rounds=5, iterations=1)
    assert len(frame) == math.prod(SIZES.values())
    if not benchmark.disabled:  # --benchmark-disable runs the function once, untimed
        _MEDIANS["pyjstat"] = benchmark.stats.stats.median


@pytest.mark.benchmark(group="jsonstat-550k")
def test_bench_read_jsonstat(benchmark: Any, document: str) -> None:
    frame = benchmark.pedantic(read_jsonstat, args=(document,), rounds=15, iterations=1)
    assert len(frame) == math.prod(SIZES.values())
    theirs = _MEDIANS.get("pyjstat")
    if benchmark.disabled or theirs is None:  # untimed run, or pyjstat's benchmark deselected
        return
    ours = benchmark.stats.stats.median
    ratio = theirs / ours
    benchmark.extra_info.update(
        {"median_s": ours, "pyjstat_median_s": theirs, "speedup_vs_pyjstat": ratio}
    )
    print(
        f"\nread_jsonstat median {ours * 1000:.1f} ms, pyjstat median {theirs * 1000:.1f} ms: "
        f"{ratio:.1f}x faster (goal {GOAL_RATIO:.0f}x)"
    )
    assert ratio >= GOAL_RATIO, f"read_jsonstat is only {ratio:.1f}x faster than pyjstat"
