"""Which regions of a frame feed the projections: the municipality's county and Norway.

A snapshot from ``naering fetch --alle-kommuner`` (and the demo) holds every municipality in the
country, for the peer comparison. The projections, the method choice and their error pools rest
on the municipality's county instead (for Sarpsborg: the twelve Østfold municipalities, Østfold
and Norway), as they did before the national panel existed: that keeps the method choice within
its time budget and its evidence about places like the one analysed.

>>> import pandas as pd
>>> frame = pd.DataFrame({"region_code": ["0", "31", "3105", "3101", "4601", "46"]})
>>> projection_panel(frame, "3105")["region_code"].tolist()
['0', '31', '3105', '3101']
"""

from __future__ import annotations

import pandas as pd

from naering_analysis.reference.division import current_division

NORWAY = "0"


def projection_panel(frame: pd.DataFrame, kommune: str) -> pd.DataFrame:
    """Return the rows of ``kommune``'s county municipalities, the county and Norway.

    The frame's ``attrs`` (provenance, synthetic flag) are kept. A frame that holds only those
    regions is returned with the same rows.
    """
    division = current_division()
    county = division.county(kommune)
    keep = {NORWAY, county, *division.members(county)}
    out = frame.loc[frame["region_code"].isin(keep)].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out
