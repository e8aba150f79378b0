"""Council figure: the employment rate the jobs goal needs, per population projection alternative.

One horizontal bar per SSB alternative (low, main, high national growth): the employment rate of
residents 15–74 that the jobs in the goal's target year need if commuting stays as it is, against
a dashed line at today's rate. The frame is
:func:`naering_analysis.analysis.labour_balance.labour_balance`'s.
"""

from __future__ import annotations

from typing import Unpack

import pandas as pd

from naering_analysis.figures.axes import bar_height_cm, horizontal_bars, label_bars, number_axis
from naering_analysis.figures.export import CouncilFigure, new_figure
from naering_analysis.figures.frames import FigureOptions, done, require, styled
from naering_analysis.figures.style import OKABE_ITO, TARGET_STYLE, slug
from naering_analysis.numfmt import fmt_int, fmt_pct, fmt_pct_points
from naering_analysis.reference.terms import label as term_label

ALTERNATIVE_TERMS = {
    "LLML": "alternativ_llml",
    "MMMM": "alternativ_mmmm",
    "HHMH": "alternativ_hhmh",
}
ALTERNATIVE_COLOURS = {
    "LLML": OKABE_ITO["sky_blue"],
    "MMMM": OKABE_ITO["blue"],
    "HHMH": OKABE_ITO["bluish_green"],
}


def alternative_label(code: str) -> str:
    """Return the Norwegian name of a projection alternative (``MMMM`` → Hovedalternativet …)."""
    return term_label(ALTERNATIVE_TERMS[code]) if code in ALTERNATIVE_TERMS else code


@styled
def fig_labour_balance(
    balance: pd.DataFrame,
    *,
    place: str,
    latest_year: int,
    target_year: int,
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Bars of the employment rate the goal needs per alternative; dashed: today's rate.

    ``balance`` has ``alternative``, ``implied_rate_pct``, ``rate_today_pct``,
    ``population_15_74_target`` and ``residents_needed`` (one row per alternative). ``data``
    holds those columns under their Norwegian headers (rates in percent), the alternative by name.
    """
    where = "fig_labour_balance"
    columns = [
        "alternative",
        "implied_rate_pct",
        "rate_today_pct",
        "population_15_74_target",
        "residents_needed",
        "gap_residents",
    ]
    require(balance, columns, where)
    frame = balance[columns].reset_index(drop=True)
    values = frame["implied_rate_pct"].astype(float).tolist()
    today = float(frame["rate_today_pct"].iloc[0])
    names = [alternative_label(str(code)) for code in frame["alternative"]]
    colours = [ALTERNATIVE_COLOURS.get(str(c), OKABE_ITO["blue"]) for c in frame["alternative"]]
    fig = new_figure(bar_height_cm(len(values)))
    ax = fig.add_subplot()
    horizontal_bars(ax, names, values, colours)
    ax.axvline(today, **TARGET_STYLE, zorder=3)
    number_axis(ax.xaxis, "index")  # percent, in whole points
    label_bars(ax, values, lambda v: fmt_pct(v / 100, 1))
    main = frame.loc[frame["alternative"] == "MMMM"]
    lead = main.iloc[0] if not main.empty else frame.iloc[0]
    alt = (
        f"Liggende stolpediagram: sysselsettingsandelen 15–74 år som trengs i {place} i "
        f"{target_year} for å fylle arbeidsplassene i målbanen med dagens pendlerandeler, per "
        f"framskrivingsalternativ. Hovedalternativet: {fmt_pct(lead['implied_rate_pct'] / 100, 1)} "
        f"mot {fmt_pct(today / 100, 1)} i {latest_year} "
        f"({fmt_pct_points(lead['implied_rate_pct'] - today, 1)}); det trengs "
        f"{fmt_int(lead['residents_needed'])} sysselsatte bosatte."
    )
    year = target_year + 1
    data = frame.assign(alternative=names).rename(
        columns={
            "alternative": term_label("framskrivingsalternativ"),
            "implied_rate_pct": term_label("sysselsettingsandel_som_trengs", year=target_year),
            "rate_today_pct": term_label("sysselsettingsandel_aar", year=latest_year),
            "population_15_74_target": term_label("befolkning_15_74", 1, year=year),
            "residents_needed": term_label("sysselsatte_bosatte_trengs", year=target_year),
            "gap_residents": term_label("gap_bosatte"),
        }
    )
    return done(
        fig,
        opts,
        name=f"sysselsettingsandel_som_trengs_{slug(place)}",
        title=f"Sysselsettingsandelen målet krever i {place} i {target_year}",
        subtitle=(
            f"Sysselsatte bosatte som trengs delt på framskrevet befolkning 15–74 år, per SSBs "
            f"framskrivingsalternativ, med pendlerandelene fra {latest_year}. Stiplet linje: "
            f"sysselsettingsandelen i {latest_year} ({fmt_pct(today / 100, 1)})"
        ),
        alt=alt,
        data=data,
        frames=[balance],
        height_cm=bar_height_cm(len(values)),
    )
