"""Which regions of a frame a step uses: the county panel, and the peers of a municipality.

A snapshot from ``naering fetch --alle-kommuner`` (and the demo) holds every municipality in the
country. The method choice, the projections' error pools and the scenario engine use all of them
(the widest evidence there is; a county gives a dozen municipalities, the country thirty times
more). The report's descriptive tables and the sector projections (13472) stay on the
municipality's county (:func:`projection_panel`: for Sarpsborg the twelve Østfold
municipalities, Østfold and Norway). :func:`peer_codes` names the municipalities like the one
analysed, whose evidence the method choice shows beside the evidence on all.

>>> import pandas as pd
>>> frame = pd.DataFrame({"region_code": ["0", "31", "3105", "3101", "4601", "46"]})
>>> projection_panel(frame, "3105")["region_code"].tolist()
['0', '31', '3105', '3101']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from naering_analysis.errors import NaeringError
from naering_analysis.reference.division import current_division
from naering_analysis.reference.peers import peer_groups, peer_members

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


def peer_codes(
    kommune: str, population: pd.DataFrame | None, group: str | None = None
) -> tuple[str, ...]:
    """Return the members of ``kommune``'s peer group (default: the file's default group).

    The group comes from ``data/peer_groups.yaml``; a population-band group needs the population
    frame (table 07459, ``region_code``, ``year``, ``population``) and returns () without it, or
    when the municipality is not in it. The method choice shows the evidence on these
    municipalities beside the evidence on all.
    """
    groups = peer_groups()
    spec = groups.groups[group or groups.default]
    numbers = None
    if population is not None and len(population):
        latest = population.loc[population["year"] == population["year"].max()]
        value = "population" if "population" in latest.columns else "value"
        numbers = dict(
            zip(latest["region_code"].astype(str), latest[value].astype(float), strict=True)
        )
    try:
        return tuple(peer_members(spec, str(kommune), numbers))
    except NaeringError:
        return ()


def choice_peers(
    kommune: str, snapshot: str | None = None, root: Path | None = None
) -> tuple[str, ...]:
    """Return the default peer group of ``kommune``, read with the snapshot's population (07459).

    ``root`` is the project root (default: found from the working directory); the newest
    population is read from the parquet cache. Empty when the snapshot has no population table
    (a population-band group needs it).
    """
    from naering_analysis.datasets.build import frame

    try:
        population = frame("population", snapshot, root=root)
    except NaeringError:
        population = None
    return peer_codes(kommune, population)
