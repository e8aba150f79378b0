"""Council figures for where people choose to live: population change and living attractiveness.

:func:`fig_population_components` takes the one-row-per-region-and-year frame of
:func:`naering_analysis.analysis.migration.components`; :func:`fig_living_attractiveness_rank`
the one-row-per-municipality frame of
:func:`naering_analysis.analysis.migration.living_attractiveness`. The ranked dot plot draws
like the business attractiveness of :mod:`.peers` (same selection of rows and colours).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

import numpy as np
import pandas as pd

from naering_analysis.errors import AnalysisError
from naering_analysis.figures.axes import (
    ZERO_LINE,
    bar_height_cm,
    category_axis,
    legend_on_top,
    number_axis,
    style_year_axis,
)
from naering_analysis.figures.export import CouncilFigure, new_figure
from naering_analysis.figures.frames import FigureOptions, done, require, single_period, styled
from naering_analysis.figures.peers import HIGHLIGHT, MAX_ROWS, OTHERS, _group, _shown
from naering_analysis.figures.style import OKABE_ITO, slug
from naering_analysis.numfmt import fmt_num, fmt_signed
from naering_analysis.reference.peers import among
from naering_analysis.reference.regions import region_name
from naering_analysis.reference.terms import label as term_label

#: Component column → (term key, colour), in stacking order.
PARTS: dict[str, tuple[str, str]] = {
    "natural_change": ("fodselsoverskudd", OKABE_ITO["bluish_green"]),
    "net_international": ("nettoinnvandring", OKABE_ITO["orange"]),
    "net_domestic": ("netto_innenlandsk_flytting", OKABE_ITO["blue"]),
}

#: Norwegian CSV headers of the components figure (``year`` is translated by the exporter).
_HEADERS = {column: term_label(key) for column, (key, _) in PARTS.items()} | {
    "population_change": term_label("folkevekst"),
    "residual": term_label("avvik_komponenter"),
}


@styled
def fig_population_components(
    parts: pd.DataFrame, kommune: str, **opts: Unpack[FigureOptions]
) -> CouncilFigure:
    """Stacked bars per year: births surplus, net immigration and net domestic migration.

    Positive parts stack above zero, negative below; a black marker is the population change
    (their sum, plus any residual SSB's figures leave). ``data`` columns: ``year`` and, under
    their Norwegian headers, the three components, the population change and the residual.
    """
    where = "fig_population_components"
    require(parts, ["region_code", "year", *PARTS, "population_change", "residual"], where)
    own = parts.loc[parts["region_code"].astype(str) == kommune].sort_values("year")
    own = own.dropna(subset=["population_change"])
    if own.empty:
        raise AnalysisError(f"{where}: ingen befolkningsendringer for kommunen {kommune}.")
    years = own["year"].astype(int).to_numpy()
    fig = new_figure()
    ax = fig.add_subplot()
    up, down = np.zeros(len(own)), np.zeros(len(own))
    for column, (key, colour) in PARTS.items():
        vals = np.nan_to_num(own[column].astype(float).to_numpy())
        base = np.where(vals >= 0, up, down)
        ax.bar(years, vals, bottom=base, color=colour, width=0.7, label=term_label(key), zorder=2)
        up, down = up + np.clip(vals, 0, None), down + np.clip(vals, None, 0)
    ax.scatter(
        years,
        own["population_change"].astype(float),
        marker="D",
        s=20,
        color="black",
        zorder=4,
        label=term_label("folkevekst"),
    )
    ax.axhline(0, **ZERO_LINE)
    style_year_axis(ax)
    number_axis(ax.yaxis, "int")
    handles, _labels = ax.get_legend_handles_labels()
    legend_on_top(ax, handles[1:] + handles[:1])  # the population change last
    place = region_name(kommune, default=kommune)
    first, last = int(years[0]), int(years[-1])
    sums = own[[*PARTS, "population_change"]].astype(float).sum()
    pieces = ", ".join(
        f"{term_label(key).lower()} {fmt_signed(float(sums[c]))}" for c, (key, _) in PARTS.items()
    )
    alt = (
        f"Stablet stolpediagram over befolkningsendringene i {place} hvert år {first}–{last}. "
        f"Samlet folkevekst {fmt_signed(float(sums['population_change']))}: {pieces}."
    )
    return done(
        fig,
        opts,
        name=f"befolkningsendringer_{slug(place)}",
        title=f"Hvorfor endres folketallet i {place}?",
        subtitle=(
            f"Fødselsoverskudd, nettoinnvandring og netto innenlandsk flytting, personer per år, "
            f"{first}–{last}"
        ),
        alt=alt,
        data=own[["year", *PARTS, "population_change", "residual"]].rename(columns=_HEADERS),
        frames=[parts],
    )


@styled
def fig_living_attractiveness_rank(
    measures: pd.DataFrame,
    kommune: str,
    members: Sequence[str],
    *,
    group_name: str,
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Ranked dot plot of living attractiveness (per 1 000 inhabitants a year) in the group.

    One dot per municipality, highest at the top, the municipality highlighted and its rank in
    the subtitle; groups larger than :data:`~.peers.MAX_ROWS` show the top and bottom and the
    municipality. ``data`` columns: ``region_code`` and the Norwegian headers of the name, the
    value and the rank.
    """
    where = "fig_living_attractiveness_rank"
    part = _group(measures, kommune, members, "living_attractiveness", where)
    ranked = part.sort_values("value", ascending=False).reset_index(drop=True)
    ranked["rank"] = ranked["value"].rank(method="min", ascending=False).astype(int)
    own = ranked.loc[ranked["region_code"] == kommune].iloc[0]
    shown, cut = _shown(ranked, kommune)
    jumps = np.diff(shown.index.to_numpy(), prepend=shown.index[0] - 1) > 1
    rows = np.cumsum(np.where(jumps, 1.8, 1.0)) - 1.0
    is_own = (shown["region_code"] == kommune).to_numpy()
    fig = new_figure(bar_height_cm(len(shown)))
    ax = fig.add_subplot()
    ax.hlines(rows, 0, shown["value"], color=OKABE_ITO["grey"], linewidth=0.6, zorder=1)
    ax.scatter(
        shown["value"],
        rows,
        c=np.where(is_own, HIGHLIGHT, OTHERS),
        s=np.where(is_own, 42, 18),
        zorder=3,
    )
    category_axis(ax, shown["name"].tolist())
    ax.set_yticks(rows)
    for tick, own_row in zip(ax.get_yticklabels(), is_own, strict=True):
        if own_row:
            tick.set_fontweight("bold")
            tick.set_color(HIGHLIGHT)
    for gap in rows[jumps]:
        ax.axhline(gap - 0.9, color=OKABE_ITO["grey"], linestyle=":", linewidth=0.8)
    ax.axvline(0, **ZERO_LINE)
    number_axis(ax.xaxis, "num1")
    size, place = len(ranked), str(own["name"])
    period = single_period(measures, where)
    rank_text = f"nr. {int(own['rank'])} av {size}"
    cut_text = f" Viser de {(MAX_ROWS - 1) // 2} høyeste og laveste." if cut else ""
    value = fmt_num(float(own["value"]), 1)
    alt = (
        f"Prikkdiagram som rangerer {size} kommuner i gruppen «{group_name}» etter "
        f"bostedsattraktivitet {period}, per 1 000 innbyggere per år. {place} er {rank_text} "
        f"med {value}; høyest er {ranked['name'].iloc[0]} "
        f"({fmt_num(float(ranked['value'].iloc[0]), 1)}).{cut_text}"
    )
    return done(
        fig,
        opts,
        name=f"bostedsattraktivitet_{slug(place)}_{slug(group_name)}",
        title=f"Bostedsattraktivitet: {place} {among(group_name)}, {period}",
        subtitle=(
            "Netto innenlandsk flytting minus det arbeidsplassveksten tilsier, per 1 000 "
            f"innbyggere per år, {period}. {place} er {rank_text}.{cut_text}"
        ),
        alt=alt,
        data=ranked[["region_code", "name", "value", "rank"]].rename(
            columns={
                "name": term_label("kommune"),
                "value": term_label("bostedsattraktivitet"),
                "rank": term_label("rangering_bostedsattraktivitet"),
            }
        ),
        frames=[measures],
        height_cm=bar_height_cm(len(shown)),
    )
