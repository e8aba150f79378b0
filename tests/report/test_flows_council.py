"""The commuting council table, figure, summary and rollover lines on a hand-computed frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from naering_analysis.analysis.flows import flow_matrix
from naering_analysis.errors import AnalysisError, NaeringError
from naering_analysis.figures.flows import fig_flow_matrix
from naering_analysis.report.flows import (
    flow_changes,
    flow_figure,
    flow_summary_lines,
    flow_table,
    region_of,
)

#          home    work    persons (2024; 2023 has Sarpsborg's own flow only, 90)
FLOWS = [
    ("3105", "3105", 100),
    ("3105", "3107", 30),
    ("3105", "0301", 8),
    ("3107", "3105", 20),
    ("3107", "3107", 200),
    ("3101", "3101", 50),
    ("3110", "3110", 10),
    ("3120", "3120", 20),
    ("3103", "3105", 15),
    ("0301", "3107", 4),
]


def _flows() -> pd.DataFrame:
    rows = [(*row, 2024) for row in FLOWS] + [
        (h, h, 90 if h == "3105" else 1, 2023) for h in ("3105", "3107", "3101", "3110", "3120")
    ]
    frame = pd.DataFrame(rows, columns=["home_code", "work_code", "persons", "year"])
    frame["persons"] = frame["persons"].astype("Int64")
    frame.attrs = {
        "synthetic": True,
        "provenance": [{"table": "03321", "synthetic": True, "fetched_at": "2026-11-26T00:00:00Z"}],
    }
    return frame


def test_the_region_is_the_kommune_and_its_neighbours():
    assert region_of("3105") == ("Søndre Østfold", ["3105", "3107", "3101", "3110", "3120"])


def test_council_table_by_hand():
    table = flow_table(_flows(), "3105")
    assert table.name == "pendling"
    assert "2024" in table.title and "Søndre Østfold" in table.title
    frame = table.frame.set_index("Kommune")
    assert list(frame.columns) == [
        "Arbeidsplasser 2024",
        "Sysselsatte bosatte 2024",
        "Bor og arbeider i kommunen 2024",
        "Innpendlere 2024",
        "Utpendlere 2024",
        "Nettoinnpendling 2024",
    ]
    # Sarpsborg: jobs 100+20+15, residents 100+30+8, own 100
    assert frame.loc["Sarpsborg"].tolist() == [135, 138, 100, 35, 38, -3]
    # Fredrikstad: jobs 30+200+4, residents 20+200, own 200
    assert frame.loc["Fredrikstad"].tolist() == [234, 220, 200, 34, 20, 14]
    # The region as one: the flows inside it are 430; 15 + 4 come in, 8 go out
    assert frame.loc["Søndre Østfold"].tolist() == [449, 438, 430, 19, 8, 11]
    assert set(table.number_formats) == set(table.frame.columns[1:])


def test_a_member_without_flows_is_a_clear_error():
    flows = _flows()
    flows = flows[flows["home_code"] != "3110"]
    with pytest.raises(NaeringError, match=r"Hvaler.*naering fetch 03321 --kommune 3105"):
        flow_table(flows, "3105")


def test_council_figure_is_the_matrix_with_names_numbers_and_alt_text():
    cf = flow_figure(_flows(), "3105")
    assert cf.name == "16_pendling"
    data = cf.data.set_index("Bosted")
    assert list(data.columns) == [
        "Sarpsborg", "Fredrikstad", "Halden", "Hvaler", "Rakkestad",
        "Resten av fylket", "Resten av landet",
    ]  # fmt: skip
    assert data.loc["Sarpsborg", "Fredrikstad"] == 30
    assert data.loc["Resten av fylket", "Sarpsborg"] == 15
    assert np.isnan(data.loc["Resten av landet", "Resten av fylket"])  # not fetched
    assert "30 fra Sarpsborg til Fredrikstad" in cf.alt_text  # the largest flow between members
    assert "95,8\u00a0%" in cf.alt_text  # self-containment 430 / 449
    assert cf.alt_text.startswith("Illustrasjonsdata")
    texts = [t.get_text() for t in cf.fig.axes[0].texts]
    assert texts.count("–") == 4 and "200" in texts


def test_an_empty_year_is_refused():
    empty = flow_matrix(_flows().iloc[:0], ["3105"], "31", 2024)
    with pytest.raises(AnalysisError, match="ingen pendlingsstrømmer"):
        fig_flow_matrix(
            empty * np.nan, year=2024, region="Søndre Østfold", self_containment=0.5,
            frames=[_flows()],
        )  # fmt: skip


def test_summary_and_rollover_lines():
    assert flow_summary_lines(None) == []
    assert flow_changes({"year": 2024}, None) == []
    new = {
        "year": 2025, "kommune": "3105", "net_commuting": 1804, "self_containment": 0.8467,
        "region_name": "Søndre Østfold", "synthetic": True, "in_commuters": 13400,
        "out_commuters": 11596,
    }  # fmt: skip
    old = {**new, "year": 2024, "net_commuting": 1700, "self_containment": 0.85}
    lines = flow_changes(old, new)
    assert lines[1] == "## Pendling"
    assert "Nettoinnpendling Sarpsborg: +1\u00a0700 (2024) → +1\u00a0804 (2025)." in lines
    assert "Selvforsyningsgrad Søndre Østfold: 85,0\u00a0% (2024) → 84,7\u00a0% (2025)." in lines
    assert flow_changes(None, new)[-1].startswith("Forrige rapport hadde ikke pendlingstall")
    summary = " ".join(flow_summary_lines(new))
    assert "Selvforsyningsgrad Søndre Østfold 2025" in summary and "illustrasjonsdata" in summary
    real = " ".join(flow_summary_lines({**new, "synthetic": False}))
    assert "illustrasjonsdata" not in real and real.count("*(ekte SSB-tall)*") == 2
