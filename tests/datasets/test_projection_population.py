"""The population projection 15–74 (14746): ages summed, gaps kept, demo consistent with 11618."""

from __future__ import annotations

import pandas as pd
import pytest

from naering_analysis.datasets import frames
from naering_analysis.datasets import projection_population as module
from naering_analysis.datasets.projection_population import projection_population, projection_table
from naering_analysis.demo.snapshot import FOLDER as DEMO_LABEL
from naering_analysis.errors import SchemaError


def test_the_newest_projection_table_is_found_in_the_catalogue() -> None:
    assert projection_table() == "14746"


def test_demo_starts_at_the_last_observed_population_15_74() -> None:
    projection = projection_population()
    assert projection.attrs["synthetic"] is True
    assert set(projection["alternative"]) == {"MMMM", "LLML", "HHMH"}
    assert projection["year"].min() == 2026 and projection["year"].max() == 2050
    labour = frames.labour(DEMO_LABEL)  # the demo's own 11618 (the real one ends in 2022)
    observed = labour.loc[(labour["measure"] == "population_15_74") & (labour["year"] == 2025)]
    start = projection.loc[projection["year"] == 2026]
    merged = start.merge(observed, on="region_code", validate="m:1", suffixes=("", "_11618"))
    assert len(merged) == 3 * (357 + 2)  # every municipality (issue 22), Østfold, Norway
    assert (merged["persons"] == merged["persons_11618"]).all()
    later = projection.loc[projection["year"] == 2031].set_index(["region_code", "alternative"])
    assert (later.xs("LLML", level=1)["persons"] <= later.xs("MMMM", level=1)["persons"]).all()
    assert (later.xs("HHMH", level=1)["persons"] > later.xs("MMMM", level=1)["persons"]).all()


def _cells(values: list[float | None], contents: str = "Personer") -> pd.DataFrame:
    ages = [f"{a:03d}" for a in range(15, 75)]
    return pd.DataFrame(
        {
            "Region": "K-3105",
            "Region_label": "Sarpsborg",
            "Alder": ages,
            "ContentsCode": contents,
            "Tid": "2030",
            "value": values,
            "status": [":" if v is None else None for v in values],
        }
    )


def test_ages_are_summed_and_a_suppressed_age_leaves_the_sum_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snap = frames.load_snapshot("14746")
    full = _cells([10.0] * 60)
    gap = _cells([10.0] * 59 + [None], contents="Personer1")
    monkeypatch.setattr(module, "_cells", lambda *_a: (pd.concat([full, gap]), snap))
    out = projection_population().set_index("alternative")
    assert out.loc["MMMM", "persons"] == 600
    assert pd.isna(out.loc["LLML", "persons"]) and out.loc["LLML", "status"] == ":"


def test_unknown_contents_and_missing_ages_are_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    snap = frames.load_snapshot("14746")
    monkeypatch.setattr(module, "_cells", lambda *_a: (_cells([1.0] * 60, "Personer9"), snap))
    with pytest.raises(SchemaError, match="Personer9"):
        projection_population()
    monkeypatch.setattr(module, "_cells", lambda *_a: (_cells([1.0] * 60).iloc[1:], snap))
    with pytest.raises(SchemaError, match="015–074"):
        projection_population()
