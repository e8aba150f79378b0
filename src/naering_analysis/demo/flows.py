"""Synthetic commuting flows (table 03321) that add up to the demo's 11616/11618.

SYNTETISKE DEMODATA. For each year and each municipality ``m`` of the region (Søndre Østfold)
the demo's 11616 gives employed residents ``E``, in-commuters ``I``, out-commuters ``O`` and
jobs ``J``, with ``E − O = J − I`` (those who live and work in ``m``). The flows are built so
that they add up to those numbers exactly:

* ``m → m`` is ``E − O``;
* between two members, ``m → n`` is ``⌊α · O_m · I_n / T⌋`` with ``T`` the larger of the
  region's total out- and in-commuting and ``α`` = :data:`REGION_SHARE`: a member's flows to the
  other members never exceed its out-commuters, nor the flows from them its in-commuters;
* what is left of ``O_m`` goes to the rest of the country, and what is left of ``I_n`` comes from
  it, split with largest remainders by the other municipality's jobs (or employed residents)
  times a distance weight by county (:data:`DISTANCE`), so most of it stays in Østfold and the
  Oslo area and far-away municipalities mostly get 0.

Hence Σ over workplaces of the flows from ``m`` is ``E_m`` and Σ over homes of the flows to
``m`` is ``J_m``, exactly (``tests/demo/test_demo_flows.py``). Flows between two municipalities
outside the region are not part of the query and not made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.arith import allocate
from naering_analysis.demo.national import national_commuting, others
from naering_analysis.demo.people import commuting
from naering_analysis.demo.responses import Cell
from naering_analysis.reference.division import current_division

REGION: tuple[str, ...] = (cal.SARPSBORG, *cal.NEIGHBOURS)
REGION_SHARE = 0.85  # α: the share of a member's out-commuting that may stay in the region
DISTANCE = {"31": 1.0, "03": 0.03, "32": 0.03, "39": 0.01, "33": 0.01}  # by county; else below
FAR = 0.0005
YEARS = cal.JOB_YEARS

Flows = dict[tuple[str, str], int]


@cache
def _national() -> frozenset[str]:
    return frozenset(others())


def _commuting(code: str) -> Mapping[int, tuple[int, int | None, int | None, int]]:
    return national_commuting(code) if code in _national() else commuting(code)


def _distance(code: str) -> float:
    return DISTANCE.get(code[:2], FAR)


def region_flows(
    year: int, members: Sequence[str] = REGION, everyone: Sequence[str] | None = None
) -> Flows:
    """Return every flow ``(home, work) → persons`` with an end in ``members`` in ``year``."""
    codes = list(everyone if everyone is not None else current_division().codes)
    rows = {m: _commuting(m)[year] for m in members}
    residents = {m: r[0] for m, r in rows.items()}
    inward = {m: int(r[1] or 0) for m, r in rows.items()}
    outward = {m: int(r[2] or 0) for m, r in rows.items()}
    jobs = {m: r[3] for m, r in rows.items()}
    total = max(sum(outward.values()), sum(inward.values()), 1)
    flows: Flows = {}
    for m in members:
        flows[(m, m)] = residents[m] - outward[m]
        for n in members:
            if n != m:
                flows[(m, n)] = int(REGION_SHARE * outward[m] * inward[n] / total)
    rest = [c for c in codes if c not in members]
    for m in members:
        left = outward[m] - sum(flows[(m, n)] for n in members if n != m)
        weights = [_commuting(c)[year][3] * _distance(c) for c in rest]
        flows.update(((m, c), v) for c, v in zip(rest, allocate(left, weights), strict=True))
    for n in members:
        left = inward[n] - sum(flows[(m, n)] for m in members if m != n)
        weights = [_commuting(c)[year][0] * _distance(c) for c in rest]
        flows.update(((c, n), v) for c, v in zip(rest, allocate(left, weights), strict=True))
    for m in members:  # the identities the module promises, checked where they are made
        if sum(v for (h, _w), v in flows.items() if h == m) != residents[m]:
            raise ValueError(f"demo flows from {m} in {year} do not add up to its residents")
        if sum(v for (_h, w), v in flows.items() if w == m) != jobs[m]:
            raise ValueError(f"demo flows to {m} in {year} do not add up to its jobs")
    return flows


@cache
def _flows(year: int) -> Flows:
    return region_flows(year)


def cell(c: Mapping[str, str]) -> Cell:
    """Return one 03321 cell: the flow from ``Bokommuen`` to ``ArbstedKomm`` in ``Tid``."""
    home = c["Bokommuen"].removeprefix("K-")
    work = c["ArbstedKomm"].removeprefix("K-")
    return _flows(int(c["Tid"]))[(home, work)], None
