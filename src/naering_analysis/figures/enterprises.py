"""Council figure for new businesses: the municipality among its peers, new enterprises per 1 000.

One horizontal bar per municipality of the peer group, highest rate on top, the municipality
itself in the house's highlight colour and the group's median as a dashed line. The numbers
come from :func:`naering_analysis.analysis.enterprises.per_thousand` (the pooled three-year
rate); the figure computes nothing but the order.
"""

from __future__ import annotations

from typing import Unpack

import numpy as np
import pandas as pd

from naering_analysis.figures.axes import bar_height_cm, horizontal_bars, label_bars, number_axis
from naering_analysis.figures.export import CouncilFigure, new_figure
from naering_analysis.figures.frames import FigureOptions, done, require, styled
from naering_analysis.figures.style import OKABE_ITO, TARGET_STYLE, slug
from naering_analysis.numfmt import fmt_num
from naering_analysis.reference.division import current_division
from naering_analysis.reference.regions import region_name
from naering_analysis.reference.terms import label as term_label

HIGHLIGHT = OKABE_ITO["orange"]
OTHERS = OKABE_ITO["sky_blue"]


@styled
def fig_new_enterprises_peers(
    rates: pd.DataFrame,
    kommune: str,
    members: tuple[str, ...],
    group: str,
    year: int,
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Bars of new enterprises per 1 000 inhabitants (three-year average) in a peer group.

    ``rates``: ``region_code``, ``year`` and ``per_1000_3y`` (as
    :func:`~naering_analysis.analysis.enterprises.per_thousand` returns them). ``members`` are
    the group's municipality codes (``kommune`` among them), ``group`` its Norwegian name.
    ``data`` columns: the region name and the rate, under their Norwegian labels.
    """
    where = "fig_new_enterprises_peers"
    require(rates, ["region_code", "year", "per_1000_3y"], where)
    part = rates.loc[
        (rates["year"].astype(int) == int(year)) & rates["region_code"].isin(list(members))
    ]
    part = part.dropna(subset=["per_1000_3y"]).sort_values("per_1000_3y", ascending=False)
    codes = part["region_code"].astype(str).tolist()
    values = part["per_1000_3y"].astype(float).tolist()
    known = current_division().names
    names = [known.get(c, region_name(c, default=c)) for c in codes]
    colours = [HIGHLIGHT if c == kommune else OTHERS for c in codes]
    fig = new_figure(bar_height_cm(len(values)))
    ax = fig.add_subplot()
    horizontal_bars(ax, names, values, colours)
    median = float(np.median(values)) if values else float("nan")
    ax.axvline(median, **TARGET_STYLE, zorder=3)
    number_axis(ax.xaxis, "num1")
    label_bars(ax, values, lambda v: fmt_num(v, 1))
    place = known.get(kommune, region_name(kommune, default=kommune))
    period = f"{int(year) - 2}–{int(year)}"
    rank = codes.index(kommune) + 1 if kommune in codes else None
    where_text = f"nr. {rank} av {len(codes)}" if rank else "ikke rangert"
    own = values[codes.index(kommune)] if kommune in codes else float("nan")
    alt = (
        f"Liggende stolpediagram over nyetablerte foretak per 1 000 innbyggere, treårssnitt "
        f"{period}, for {len(codes)} kommuner i gruppen {group}. {place} har "
        f"{fmt_num(own, 1)} og er {where_text}; medianen i gruppen er {fmt_num(median, 1)}."
    )
    data = pd.DataFrame(
        {
            term_label("kommune"): names,
            term_label("nyetablerte_per_1000_3aar", 0, period=period): values,
        }
    )
    return done(
        fig,
        opts,
        name=f"nyetablerte_{slug(place)}_{slug(group)}",
        title=f"Nyetablerte foretak per 1 000 innbyggere i gruppen «{group}»",
        subtitle=(
            f"Treårssnitt {period}. {place} er {where_text}. Stiplet linje: medianen i gruppen"
        ),
        alt=alt,
        data=data,
        frames=[rates],
        height_cm=bar_height_cm(len(values)),
    )
