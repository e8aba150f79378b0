"""Rankings against an independent, plain-Python calculation (ties and missing values included)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.ranking import all_ranks, rank_in_group, rank_label, ranks
from naering_analysis.errors import AnalysisError


def reference_rank(values: dict[str, float | None], code: str) -> tuple[float, int]:
    """Competition ranking by counting: 1 + how many ranked values are strictly higher."""
    ranked = {k: v for k, v in values.items() if v is not None and not math.isnan(v)}
    own = values[code]
    if own is None or math.isnan(own):
        return math.nan, len(ranked)
    return 1 + sum(1 for v in ranked.values() if v > own), len(ranked)


MEASURES = pd.DataFrame(
    {
        "region_code": ["3101", "3103", "3105", "3107", "3110", "4601"],
        "jobs_annual_pct": [0.5, 1.2, 1.2, 2.0, None, 0.1],
    }
)


def test_ties_share_the_best_rank_and_missing_values_are_not_ranked() -> None:
    out = ranks(MEASURES, "3105", {"Fylket": ["3101", "3103", "3105", "3107", "3110"]})
    only = out.iloc[0]
    # 2.0 > 1.2 = 1.2 > 0.5; 3110 is suppressed: 3105 is "nr. 2 av 4".
    assert (only["rank"], only["size"], only["text"]) == (2.0, 4, "nr. 2 av 4")
    assert only["measure_label"] == "Arbeidsplassvekst per år"
    suppressed = ranks(MEASURES, "3110", {"Fylket": ["3101", "3103", "3105"]}).iloc[0]
    assert suppressed["text"] == "ikke rangert" and suppressed["size"] == 3


def test_the_municipality_is_always_in_its_own_group() -> None:
    out = ranks(MEASURES, "4601", {"Fylket": ["3101", "3103"]})
    assert out.iloc[0]["size"] == 3 and out.iloc[0]["rank"] == 3


def test_unknown_municipality_is_a_clear_error() -> None:
    with pytest.raises(AnalysisError, match="9999"):
        ranks(MEASURES, "9999", {"Landet": ["3101"]})


def test_rank_label() -> None:
    assert rank_label(1, 357) == "nr. 1 av 357"
    assert rank_label(float("nan"), 12) == "ikke rangert"


values = st.one_of(st.none(), st.integers(min_value=-3, max_value=3).map(float))


@settings(max_examples=150, deadline=None)
@given(st.lists(values, min_size=1, max_size=12), st.data())
def test_rank_in_group_matches_counting(vals: list[float | None], data: st.DataObject) -> None:
    codes = [f"{3101 + 2 * i}" for i in range(len(vals))]
    frame = pd.DataFrame({"region_code": codes, "x": vals})
    members = data.draw(st.lists(st.sampled_from(codes), min_size=1, unique=True))
    out = rank_in_group(frame, "x", members).set_index("region_code")
    chosen = dict(zip(codes, vals, strict=True))
    group = {c: chosen[c] for c in members}
    for code in members:
        expected_rank, expected_size = reference_rank(group, code)
        got = out.loc[code]
        assert int(got["size"]) == expected_size
        if math.isnan(expected_rank):
            assert math.isnan(got["rank"])
        else:
            assert got["rank"] == expected_rank


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["31", "32", "46"]), values), min_size=1, max_size=15))
def test_all_ranks_matches_counting(rows: list[tuple[str, float | None]]) -> None:
    codes = [f"{county}{i:02d}" for i, (county, _) in enumerate(rows)]
    frame = pd.DataFrame({"region_code": codes, "x": [v for _, v in rows]})
    counties = {code: county for code, (county, _) in zip(codes, rows, strict=True)}
    out = all_ranks(frame, counties, ["x"]).set_index("region_code")
    everything = dict(zip(codes, frame["x"], strict=True))
    for code in codes:
        county = {c: v for c, v in everything.items() if counties[c] == counties[code]}
        rank_c, size_c = reference_rank(county, code)
        rank_n, size_n = reference_rank(everything, code)
        got = out.loc[code]
        assert got["x_size_county"] == size_c and got["x_size_country"] == size_n
        for got_rank, want in ((got["x_rank_county"], rank_c), (got["x_rank_country"], rank_n)):
            assert (math.isnan(got_rank) and math.isnan(want)) or got_rank == want
