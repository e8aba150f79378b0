"""New businesses in the council set: figure, table, key figures and summary lines (table 08316).

Newly established enterprises per 1 000 inhabitants (the pooled three-year rate) in the
municipality, per focus industry, and its place in each peer group. :mod:`.council` lists the
figure and the table; :mod:`.keyfigures` adds :func:`enterprise_key_figures` to
``nokkeltall.json`` and :func:`enterprise_summary_lines` to ``sammendrag.md``; :mod:`.rollover`
shows what moved with :func:`enterprise_changes`. Population is 07459 (1 January).

Opened bankruptcies (08551, months summed to whole years) sit beside them: per 1 000 inhabitants
and per 100 new enterprises, both pooled over three years, in :func:`table_konkurser` (the
kommune's county, its municipalities side by side) and in the ``bankruptcies`` part of the key
figures. Without an 08551 snapshot they are left out and the rest stands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from naering_analysis.analysis import bankruptcies as bankrupt
from naering_analysis.analysis import enterprises as analysis
from naering_analysis.datasets.build import frame
from naering_analysis.errors import AnalysisError, SnapshotError
from naering_analysis.figures.enterprises import fig_new_enterprises_peers
from naering_analysis.figures.export import CouncilFigure
from naering_analysis.figures.tables import FMT_INT, FMT_PCT1
from naering_analysis.numfmt import fmt_num
from naering_analysis.reference.division import current_division
from naering_analysis.reference.industries import load_focus_mapping
from naering_analysis.reference.terms import label as term_label
from naering_analysis.report.inputs import CouncilTable, Inputs, figure_opts

FMT_NUM1 = "0.0"
FMT_NUM2 = "0.00"  # bankruptcies per 1 000: about 1, so one decimal says too little


def pooled_period(year: int) -> str:
    """Return the years a pooled rate ending in ``year`` spans.

    >>> pooled_period(2024)
    '2022–2024'
    """
    return f"{year - analysis.WINDOW + 1}–{year}"


@dataclass(frozen=True)
class EnterpriseData:
    """The frames and the year the new-business figures are read from."""

    enterprises: pd.DataFrame
    population: pd.DataFrame
    year: int

    @property
    def period(self) -> str:
        """The three years of the pooled rate, ``"2022–2024"``."""
        return pooled_period(self.year)


def load_data() -> EnterpriseData:
    """Load 08316 and 07459 from the newest snapshots; the year is the latest with both."""
    found = frame("new_enterprises")
    people = frame("population")
    years = set(found["year"]) & set(people["year"])
    return EnterpriseData(found, people, int(max(years)))


def _ranked(data: EnterpriseData, kommune: str) -> pd.DataFrame:
    return analysis.ranks_among_peers(data.enterprises, data.population, kommune, data.year)


def fig_nyetableringer(inputs: Inputs) -> CouncilFigure:
    """Show the municipality in its default peer group: new enterprises per 1 000, three-year mean."""
    data = load_data()
    rates = analysis.per_thousand(data.enterprises, data.population)
    available = rates["region_code"].astype(str).tolist()
    pop = data.population.loc[data.population["year"] == data.year]
    by_code = dict(
        zip(pop["region_code"].astype(str), pop["population"].astype(float), strict=True)
    )
    chosen, groups = analysis.peer_groups_for(inputs.kommune, by_code, available)
    return fig_new_enterprises_peers(
        rates,
        inputs.kommune,
        groups[chosen],
        chosen,
        data.year,
        **figure_opts(inputs, "15_nyetableringer", data.enterprises),
    )


def table_nyetableringer(inputs: Inputs) -> CouncilTable:
    """Tabulate new enterprises per focus industry: count, share, rate and place among peers."""
    data = load_data()
    rows = analysis.bransje_table(data.enterprises, data.population, inputs.kommune, data.year)
    ranked = _ranked(data, inputs.kommune)
    chosen = ranked["group"].iloc[0]
    mine = ranked.loc[ranked["group"] == chosen].set_index("measure")["text"]
    mapping = load_focus_mapping()
    column_of = {n: f"{analysis.RATE}_{i}" for i, n in zip(mapping.ids, mapping.names, strict=True)}
    column_of[analysis.TOTAL] = analysis.RATE_3Y
    headers = {
        "bransje": term_label("bransje"),
        "enterprises": term_label("nyetablerte_foretak", 0, year=data.year),
        "share_pct": term_label("andel_nyetablerte", year=data.year),
        analysis.RATE_3Y: term_label("nyetablerte_per_1000_3aar", 0, period=data.period),
    }
    frame = rows[list(headers)].rename(columns=headers)
    frame[headers["share_pct"]] = rows["share_pct"] / 100.0
    frame[term_label("rangering_nyetablerte")] = rows["bransje"].map(column_of).map(mine)
    formats = {
        headers["enterprises"]: FMT_INT,
        headers["share_pct"]: FMT_PCT1,
        headers[analysis.RATE_3Y]: FMT_NUM1,
    }
    title = (
        f"Nyetablerte foretak i {inputs.region_name} etter bransje, {data.year}, og plass blant "
        f"{chosen[:1].lower()}{chosen[1:]} (treårssnitt {data.period})"
    )
    return CouncilTable("nyetableringer", title, frame, formats)


def _number(value: Any) -> float | None:
    return (
        None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
    )


def enterprise_key_figures(inputs: Inputs) -> dict[str, Any] | None:
    """Return the ``new_enterprises`` section of ``nokkeltall.json`` (None without 08316).

    ``year``, ``period`` (of the pooled rate), ``synthetic``, ``enterprises``, ``per_1000`` and
    ``per_1000_3y`` for the municipality, the county (``"31"``) and Norway; ``by_bransje``
    (count and pooled rate per focus industry); ``ranks``: per measure its label and, per peer
    group, value, rank, size and text.
    """
    try:
        data = load_data()
    except SnapshotError:
        return None
    kommune = inputs.kommune
    rates = analysis.per_thousand(data.enterprises, data.population)
    now = rates.loc[rates["year"] == data.year].set_index("region_code")
    regions = {}
    for code in (kommune, "31", "0"):
        if code in now.index:
            row = now.loc[code]
            regions[code] = {
                "enterprises": _number(row["enterprises"]),
                "per_1000": _number(row[analysis.RATE]),
                "per_1000_3y": _number(row[analysis.RATE_3Y]),
            }
    table = analysis.bransje_table(data.enterprises, data.population, kommune, data.year)
    by_bransje = {
        str(r["bransje"]): {
            "enterprises": _number(r["enterprises"]),
            "per_1000_3y": _number(r[analysis.RATE_3Y]),
        }
        for r in table.to_dict("records")
    }
    ranks: dict[str, Any] = {}
    for r in _ranked(data, kommune).to_dict("records"):
        entry = ranks.setdefault(str(r["measure"]), {"label": r["measure_label"], "ranks": {}})
        entry["ranks"][str(r["group"])] = {
            "value": _number(r["value"]),
            "rank": _number(r["rank"]),
            "size": int(r["size"]),
            "text": str(r["text"]),
        }
    return {
        "table": "08316",
        "year": data.year,
        "period": data.period,
        "synthetic": bool(data.enterprises.attrs.get("synthetic")),
        "regions": regions,
        "by_bransje": by_bransje,
        "ranks": ranks,
        "bankruptcies": bankruptcy_key_figures(inputs),
    }


def enterprise_summary_lines(figures: dict[str, Any] | None) -> list[str]:
    """Return the Norwegian lines of ``sammendrag.md`` on new businesses (none without data)."""
    if not figures or not figures.get("regions"):
        return []
    regions = figures["regions"]
    own = next(iter(regions.values()))
    label = term_label("nyetablerte_per_1000_3aar", 0, period=figures["period"])
    norway = regions.get("0", {}).get("per_1000_3y")
    compare = f" (hele landet {fmt_num(norway, 1)})" if norway is not None else ""
    mark = " *(illustrasjonsdata)*" if figures.get("synthetic") else ""
    lines = [f"- **{label}:** {fmt_num(own['per_1000_3y'], 1)}{compare}.{mark}"]
    total = figures["ranks"].get(analysis.RATE_3Y, {}).get("ranks", {})
    if total:
        places = "; ".join(f"{group} {rank['text']}" for group, rank in total.items())
        lines.append(f"- **{term_label('rangering_nyetablerte')}:** {places}.")
    return [*lines, *bankruptcy_summary_lines(figures.get("bankruptcies"))]


def enterprise_changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """Return the ``endringer.md`` lines: the new-business rate and ranks that moved."""
    if not new:
        return []
    lines = ["", f"## {term_label('nyetablerte_foretak', 1)}", ""]
    if not old:
        return [*lines, "Forrige rapport hadde ikke nyetablerte foretak."]
    own_new: dict[str, Any] = next(iter(new["regions"].values()), {})
    own_old: dict[str, Any] = next(iter(old["regions"].values()), {})
    lines.append(
        f"{term_label('nyetablerte_per_1000_3aar', 1)}: "
        f"{fmt_num(own_old.get('per_1000_3y'), 1)} ({old['period']}) → "
        f"{fmt_num(own_new.get('per_1000_3y'), 1)} ({new['period']})."
    )
    for column, measure in new["ranks"].items():
        for group, rank in measure["ranks"].items():
            before = old.get("ranks", {}).get(column, {}).get("ranks", {}).get(group)
            if before is None or before["text"] != rank["text"]:
                was = before["text"] if before else "–"
                lines.append(f"- {measure['label']}, {group}: {was} → {rank['text']}")
    return lines


# --- Opened bankruptcies (08551) ----------------------------------------------------------


@dataclass(frozen=True)
class BankruptcyData:
    """The frames and the (whole) year the bankruptcy figures are read from."""

    bankruptcies: pd.DataFrame
    population: pd.DataFrame
    enterprises: pd.DataFrame
    year: int

    @property
    def period(self) -> str:
        """The three years of the pooled rates, ``"2022–2024"``."""
        return pooled_period(self.year)


def load_bankruptcies(kommune: str) -> BankruptcyData:
    """Load 08551, 07459 and 08316; the year is the kommune's last whole year with population."""
    found = frame("bankruptcies")
    people = frame("population")
    years = bankrupt.yearly(found)
    whole = years.loc[(years["region_code"] == kommune) & years["bankruptcies"].notna(), "year"]
    usable = sorted(set(whole) & set(people["year"]))
    if not usable:
        raise AnalysisError(
            f"Konkurser: {kommune} har ingen hele år (tolv måneder) i tabell 08551 med "
            "folkemengde i 07459. Hent tabellene på nytt med `naering fetch`."
        )
    return BankruptcyData(found, people, frame("new_enterprises"), int(usable[-1]))


def _county_rows(data: BankruptcyData, kommune: str) -> list[str]:
    """Return the kommune's county: its municipalities (highest rate first), county, Norway."""
    division = current_division()
    county = division.county(kommune)
    rates = bankrupt.rates(data.bankruptcies, data.population, data.enterprises)
    now = rates.loc[rates["year"] == data.year]
    codes = now["region_code"].astype(str)
    munis = now.loc[codes.isin(division.members(county))]
    order = munis.sort_values(bankrupt.RATE_3Y, ascending=False, na_position="last", kind="stable")
    return [*order["region_code"].astype(str), county, "0"]


def table_konkurser(inputs: Inputs) -> CouncilTable:
    """Tabulate opened bankruptcies in the kommune's county: count, per 1 000, per 100 new."""
    data = load_bankruptcies(inputs.kommune)
    rows = bankrupt.council_table(
        data.bankruptcies,
        data.population,
        data.enterprises,
        data.year,
        _county_rows(data, inputs.kommune),
    )
    names = dict(
        zip(
            data.bankruptcies["region_code"].astype(str),
            data.bankruptcies["region_name"].astype(str),
            strict=False,
        )
    )
    headers = {
        "region_code": term_label("region"),
        "bankruptcies": term_label("konkurser", 0, year=data.year),
        bankrupt.RATE_3Y: term_label("konkurser_per_1000_3aar", 0, period=data.period),
        bankrupt.PER_NEW_3Y: term_label(
            "konkurser_per_100_nyetablerte_3aar", 0, period=data.period
        ),
    }
    table = rows[list(headers)].rename(columns=headers)
    table[headers["region_code"]] = rows["region_code"].map(names)
    formats = {
        headers["bankruptcies"]: FMT_INT,
        headers[bankrupt.RATE_3Y]: FMT_NUM2,
        headers[bankrupt.PER_NEW_3Y]: FMT_NUM1,
    }
    title = (
        f"Opna konkurser i {inputs.region_name} og fylket, {data.year} (treårssnitt {data.period})"
    )
    return CouncilTable("konkurser", title, table, formats)


def bankruptcy_key_figures(inputs: Inputs) -> dict[str, Any] | None:
    """Return the ``bankruptcies`` part of the ``new_enterprises`` key figures (None without 08551).

    ``table`` (08551), ``year``, ``period``, ``synthetic`` and ``regions``: for the
    municipality, the county and Norway its ``bankruptcies``, ``per_1000``, ``per_1000_3y``,
    ``per_100_new`` and ``per_100_new_3y``.
    """
    try:
        data = load_bankruptcies(inputs.kommune)
    except (SnapshotError, AnalysisError):
        return None
    county = current_division().county(inputs.kommune)
    table = bankrupt.council_table(
        data.bankruptcies,
        data.population,
        data.enterprises,
        data.year,
        [inputs.kommune, county, "0"],
    )
    columns = [
        "bankruptcies",
        bankrupt.RATE,
        bankrupt.RATE_3Y,
        bankrupt.PER_NEW,
        bankrupt.PER_NEW_3Y,
    ]
    regions = {
        str(r["region_code"]): {c: _number(r[c]) for c in columns} for r in table.to_dict("records")
    }
    return {
        "table": "08551",
        "year": data.year,
        "period": data.period,
        "synthetic": bool(data.bankruptcies.attrs.get("synthetic")),
        "regions": regions,
    }


def bankruptcy_summary_lines(figures: dict[str, Any] | None) -> list[str]:
    """Return the Norwegian lines of ``sammendrag.md`` on bankruptcies (none without data)."""
    if not figures or not figures.get("regions"):
        return []
    regions = figures["regions"]
    own = next(iter(regions.values()))
    norway = regions.get("0", {})
    mark = " *(illustrasjonsdata)*" if figures.get("synthetic") else ""
    lines = []
    for key, column, decimals in (
        ("konkurser_per_1000_3aar", bankrupt.RATE_3Y, 2),
        ("konkurser_per_100_nyetablerte_3aar", bankrupt.PER_NEW_3Y, 1),
    ):
        label = term_label(key, 0, period=figures["period"])
        theirs = norway.get(column)
        compare = f" (hele landet {fmt_num(theirs, decimals)})" if theirs is not None else ""
        lines.append(f"- **{label}:** {fmt_num(own.get(column), decimals)}{compare}.{mark}")
    return lines
