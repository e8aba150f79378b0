"""Key figures of commuting (table 03321): net commuting of the kommune, the region's self-containment.

:func:`flow_key_figures` returns a JSON-ready dict; :func:`flow_summary_lines` the Norwegian lines
for ``sammendrag.md``. Both say whether the figures are synthetic (the frame's ``attrs``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from naering_analysis.analysis.flows import commuting_balance, self_containment
from naering_analysis.numfmt import fmt_int, fmt_pct, fmt_signed
from naering_analysis.reference.regions import region_name


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


def flow_summary_lines(figures: dict[str, Any]) -> list[str]:
    """Norwegian summary lines for :func:`flow_key_figures`, marked when synthetic."""
    mark = " (syntetiske demodata)" if figures["synthetic"] else ""
    name, year = region_name(figures["kommune"]), figures["year"]
    net = figures["net_commuting"]
    direction = "flere" if net is not None and net >= 0 else "færre"
    return [
        f"- Nettoinnpendling {name} {year}: {fmt_signed(net)} personer "
        f"({fmt_int(figures['in_commuters'])} innpendlere, {fmt_int(figures['out_commuters'])} "
        f"utpendlere; {direction} arbeidsplasser enn sysselsatte bosatte){mark}.",
        f"- Selvforsyningsgrad Søndre Østfold {year}: {fmt_pct(figures['self_containment'])} av "
        f"arbeidsplassene i regionen er besatt av folk som bor i regionen{mark}.",
    ]
