"""Commuting in the report (table 03321): council figure and table, key figures, summary lines.

:func:`load_flows` reads the processed ``commuting_flows.parquet`` that ``naering build`` wrote
(the JSON-stat is not parsed again); :func:`fig_pendling` and :func:`table_pendling` are the
council figure (the flow matrix) and table (flows and net commuting per municipality, latest
year), listed in :mod:`.council`. :func:`flow_key_figures` returns a JSON-ready dict for
``nokkeltall.json`` (:func:`commuting_key_figures` for the report's kommune);
:func:`flow_summary_lines` the Norwegian lines for ``sammendrag.md``; :func:`flow_changes` what
moved since the previous report (``endringer.md``). All say whether the figures are synthetic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis.analysis.flows import commuting_balance, flow_matrix, self_containment
from naering_analysis.datasets.build import frame
from naering_analysis.errors import NaeringError, SnapshotError
from naering_analysis.figures.export import CouncilFigure
from naering_analysis.figures.flows import fig_flow_matrix
from naering_analysis.figures.tables import FMT_INT
from naering_analysis.numfmt import fmt_int, fmt_pct, fmt_signed
from naering_analysis.reference.regions import region_groups, region_name
from naering_analysis.reference.terms import label as term_label
from naering_analysis.report.coverage import flows_gap
from naering_analysis.report.inputs import CouncilTable, Inputs
from naering_analysis.ssb.catalogue import default_neighbours

PARQUET = "commuting_flows.parquet"
FIGURE = "16_pendling"

#: Column of :func:`commuting_balance` → term key of the council table, in order.
TABLE_COLUMNS: dict[str, str] = {
    "jobs": "arbeidsplasser",
    "employed_residents": "sysselsatte_bosatte",
    "living_and_working": "bor_og_arbeider",
    "in_commuters": "innpendlere",
    "out_commuters": "utpendlere",
    "net_commuting": "nettoinnpendling",
}


def load_flows(root: Path | None = None) -> pd.DataFrame:
    """Return the commuting flows of the newest snapshot, from the parquet cache (built if stale)."""
    return frame("commuting_flows", root=root)


def region_of(kommune: str) -> tuple[str, list[str]]:
    """Return the region's name and members: the kommune and its default neighbours.

    The name is the region group's (``region_groups.yaml``) when the members are one.

    >>> region_of("3105")
    ('Søndre Østfold', ['3105', '3107', '3101', '3110', '3120'])
    """
    members = [kommune, *default_neighbours(kommune)]
    for name, group in region_groups().items():
        if set(group.codes) == set(members):
            return name, members
    return f"{region_name(kommune, default=kommune)} med nabokommuner", members


def check_members(flows: pd.DataFrame, members: Sequence[str]) -> None:
    """Raise :class:`NaeringError` when the snapshot lacks the flows of a region member."""
    missing = [code for code in members if code not in set(flows["home_code"])]
    if missing:
        names = ", ".join(region_name(c, default=c) for c in missing)
        raise NaeringError(
            f"Pendlingstabellen (03321) har ikke strømmene fra {names}. Hent den for kommunen "
            f"med `naering fetch 03321 --kommune {members[0]}`."
        )


def flow_balance(flows: pd.DataFrame, members: Sequence[str], year: int) -> pd.DataFrame:
    """Return the council table's rows: one per member in ``year``, Norwegian headers.

    Jobs, employed residents, those who live and work in the municipality, in-, out- and net
    commuting (``analysis.flows.commuting_balance``), then the region as a whole (its members'
    sums; its in- and out-commuting cross the region's border).
    """
    latest = flows[flows["year"] == year]
    rows = commuting_balance(latest, members)
    region = commuting_balance(_as_one(latest, members), ["region"])
    both = pd.concat([rows, region], ignore_index=True)
    names = [region_name(c, default=c) for c in members]
    headers = {
        c: term_label(k, 1 if k == "arbeidsplasser" else 0, year=year)
        for c, k in TABLE_COLUMNS.items()
    }
    frame = both[list(TABLE_COLUMNS)].rename(columns=headers)
    frame.insert(0, term_label("kommune"), [*names, region_of(members[0])[0]])
    return frame


def _as_one(flows: pd.DataFrame, members: Sequence[str]) -> pd.DataFrame:
    """Return ``flows`` with every member's code replaced by ``"region"`` (then summed)."""
    out = flows.assign(
        home_code=flows["home_code"].where(~flows["home_code"].isin(members), "region"),
        work_code=flows["work_code"].where(~flows["work_code"].isin(members), "region"),
    )
    return out


def partner_flows(flows: pd.DataFrame, kommune: str, year: int) -> pd.DataFrame:
    """Return the flows between ``kommune`` and each other municipality the matrix has, in ``year``.

    For a matrix that holds only part of the kommune's flows (fetched for another region): one
    row per partner, those who live in ``kommune`` and work there, and those who live there and
    work in ``kommune``; the biggest flows first. Missing flows (``.``, ``..``) stay empty.
    """
    latest = flows.loc[flows["year"] == year]
    out_flows = latest.loc[(latest["home_code"] == kommune) & (latest["work_code"] != kommune)]
    in_flows = latest.loc[(latest["work_code"] == kommune) & (latest["home_code"] != kommune)]
    out = out_flows.set_index("work_code")["persons"].rename("out")
    into = in_flows.set_index("home_code")["persons"].rename("in")
    both = pd.concat([out, into], axis=1)
    both = both.assign(total=both.sum(axis=1, min_count=1)).sort_values(
        "total", ascending=False, kind="stable"
    )
    table = pd.DataFrame(
        {
            term_label("kommune"): [region_name(str(c), default=str(c)) for c in both.index],
            term_label("bor_her_arbeider_der", year=year): both["out"].to_numpy(),
            term_label("bor_der_arbeider_her", year=year): both["in"].to_numpy(),
        }
    )
    return table


def flow_figure(flows: pd.DataFrame, kommune: str) -> CouncilFigure:
    """Return the flow matrix of ``kommune``'s region in the latest year (the council figure)."""
    name, members = region_of(kommune)
    check_members(flows, members)
    year = int(flows["year"].max())
    share = float(self_containment(flows[flows["year"] == year], members).loc[year])
    matrix = flow_matrix(flows, members, kommune[:2], year)
    return fig_flow_matrix(
        matrix,
        year=year,
        region=name,
        self_containment=share,
        frames=[flows],
        name=FIGURE,
        synthetic=bool(flows.attrs.get("synthetic")),
    )


def flow_table(flows: pd.DataFrame, kommune: str) -> CouncilTable:
    """Return the council table: flows and net commuting per member, latest year."""
    name, members = region_of(kommune)
    check_members(flows, members)
    year = int(flows["year"].max())
    frame = flow_balance(flows, members, year)
    formats = dict.fromkeys(frame.columns[1:], FMT_INT)
    title = f"Pendling i {name} {year}: arbeidsplasser, sysselsatte bosatte og pendlere"
    return CouncilTable("pendling", title, frame, formats)


def fig_pendling(inputs: Inputs) -> CouncilFigure:
    """Council figure: the flow matrix of the region, latest year (:mod:`..figures.flows`)."""
    return flow_figure(load_flows(), inputs.kommune)


def table_pendling(inputs: Inputs) -> CouncilTable:
    """Council table: flows and net commuting per municipality of the region, latest year."""
    return flow_table(load_flows(), inputs.kommune)


def commuting_key_figures(inputs: Inputs) -> dict[str, Any] | None:
    """Return the ``commuting`` section of ``nokkeltall.json`` (None without a 03321 snapshot)."""
    try:
        flows = load_flows()
    except SnapshotError:
        return None
    if flows_gap(flows, inputs.kommune) is not None:
        return None  # only part of the kommune's own flows: nothing to sum (index.html says so)
    name, members = region_of(inputs.kommune)
    check_members(flows, members)
    figures = flow_key_figures(flows, inputs.kommune, members)
    figures["region_name"] = name
    return figures


def _number(value: float) -> int | None:
    return None if math.isnan(value) else round(value)


def flow_key_figures(flows: pd.DataFrame, kommune: str, members: Sequence[str]) -> dict[str, Any]:
    """Net commuting of ``kommune`` in the latest year and the region's self-containment.

    ``members`` is the region group (Søndre Østfold). Counts are within the fetched matrix
    (``analysis.flows``); the share is a fraction 0–1 (``None`` when missing).
    """
    year = int(flows["year"].max())
    latest = flows[flows["year"] == year]
    row = commuting_balance(latest, [kommune]).iloc[0]
    share = float(self_containment(latest, members).loc[year])
    return {
        "year": year,
        "kommune": kommune,
        "jobs": _number(row["jobs"]),
        "employed_residents": _number(row["employed_residents"]),
        "in_commuters": _number(row["in_commuters"]),
        "out_commuters": _number(row["out_commuters"]),
        "net_commuting": _number(row["net_commuting"]),
        "region_members": list(members),
        "self_containment": None if math.isnan(share) else round(share, 4),
        "synthetic": bool(flows.attrs.get("synthetic", False)),
    }


def flow_summary_lines(figures: dict[str, Any] | None) -> list[str]:
    """Norwegian summary lines for :func:`flow_key_figures`, marked when synthetic (none without)."""
    if not figures:
        return []
    mark = " *(illustrasjonsdata)*" if figures["synthetic"] else " *(ekte SSB-tall)*"
    name, year = region_name(figures["kommune"]), figures["year"]
    net = figures["net_commuting"]
    direction = "flere" if net is not None and net >= 0 else "færre"
    return [
        f"- Nettoinnpendling {name} {year}: {fmt_signed(net)} personer "
        f"({fmt_int(figures['in_commuters'])} innpendlere, {fmt_int(figures['out_commuters'])} "
        f"utpendlere; {direction} arbeidsplasser enn sysselsatte bosatte).{mark}",
        f"- Selvforsyningsgrad {figures.get('region_name', 'Søndre Østfold')} {year}: "
        f"{fmt_pct(figures['self_containment'])} av "
        f"arbeidsplassene i regionen er besatt av folk som bor i regionen.{mark}",
    ]


def flow_changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """Return the ``endringer.md`` lines on commuting: net commuting and self-containment.

    The previous report's figures against the new, each with its year (a new year, or SSB's
    revision of the same year, both show).
    """
    if not new:
        return []
    lines = ["", "## Pendling", ""]
    if not old:
        return [*lines, "Forrige rapport hadde ikke pendlingstall (tabell 03321)."]
    name = region_name(new["kommune"])
    lines.append(
        f"{term_label('nettoinnpendling', 1)} {name}: {fmt_signed(old.get('net_commuting'))} "
        f"({old['year']}) → {fmt_signed(new.get('net_commuting'))} ({new['year']})."
    )
    before, after = old.get("self_containment"), new.get("self_containment")
    lines.append(
        f"{term_label('selvforsyningsgrad', 1)} {new.get('region_name', '')}: "
        f"{fmt_pct(before)} ({old['year']}) → {fmt_pct(after)} ({new['year']})."
    )
    return lines
