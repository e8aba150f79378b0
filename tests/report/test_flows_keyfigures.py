"""Key figures of commuting on real SSB 03321 figures (statisticsnorway/pendling, 2022)."""

from __future__ import annotations

import json

from naering_analysis.datasets.commuting_flows import tidy_flows
from naering_analysis.reference.regions import region_groups
from naering_analysis.report.flows import flow_key_figures, flow_summary_lines
from tests.real_flows import harmonised_real_03321

REGION = list(region_groups()["Søndre Østfold"].codes)


def test_key_figures_on_real_2022() -> None:
    flows = tidy_flows(harmonised_real_03321())
    figures = flow_key_figures(flows, "3105", REGION)
    json.dumps(figures)
    # Sarpsborg 2022 in the fixture's provenance totals: jobs 29 080, residents 27 408, own 16 197
    assert figures["year"] == 2022
    assert figures["net_commuting"] == 29080 - 27408
    assert figures["in_commuters"] == 29080 - 16197
    assert 0.7 < figures["self_containment"] < 0.95
    lines = flow_summary_lines(figures)
    assert "+1\u00a0672" in lines[0] or "+1 672" in lines[0]
    assert "illustrasjonsdata" not in " ".join(lines) and "ekte SSB-tall" in lines[0]
