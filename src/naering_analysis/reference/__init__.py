"""Reference data: municipality codes, region groups, SN2007 industries and source lines.

The codes every other layer speaks, loaded from the package data in ``naering_analysis/data``
and validated on load (every code accounted for, exactly once): the municipality code history
across the 2020 and 2024 reforms and the region groups (:mod:`.regions`), the 17 SN2007 groups
and their mapping to the programme's focus industries (:mod:`.industries`), the Norwegian
source line for a table (:mod:`.sources`), today's municipal division with counties
(:mod:`.division`), the peer groups a municipality is compared with (:mod:`.peers`) and the
two-digit SN2025 → SN2007 crosswalk that joins SN2025 tables to SN2007 histories (:mod:`.sn2025`).

May import: the ground floor only (``errors``). Everything above may import this layer.
"""

from naering_analysis.reference.division import Division, current_division
from naering_analysis.reference.industries import (
    Bransje,
    FocusMapping,
    Industry,
    industry_name,
    load_focus_mapping,
)
from naering_analysis.reference.peers import PeerGroup, PeerGroups, peer_groups, peer_members
from naering_analysis.reference.regions import (
    RegionGroup,
    harmonise_code,
    harmonise_series,
    load_code_history,
    region_groups,
    region_level,
    region_name,
)
from naering_analysis.reference.sn2025 import Crosswalk, join_history, load_crosswalk
from naering_analysis.reference.sources import source_line

__all__ = [
    "Bransje",
    "Crosswalk",
    "Division",
    "FocusMapping",
    "Industry",
    "PeerGroup",
    "PeerGroups",
    "RegionGroup",
    "current_division",
    "harmonise_code",
    "harmonise_series",
    "industry_name",
    "join_history",
    "load_code_history",
    "load_crosswalk",
    "load_focus_mapping",
    "peer_groups",
    "peer_members",
    "region_groups",
    "region_level",
    "region_name",
    "source_line",
]
