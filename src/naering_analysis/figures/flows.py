"""Council figure of commuting: the flow matrix of a region, one year (SSB table 03321).

A heatmap reads better in print than net-commuting bars here: each cell shows how many people
live in the row's municipality and work in the column's, with the number written in it, so the
council sees the size *and* the direction of every flow, the diagonal (those who live and work in
the same municipality) and how much goes to the rest of the county and country. Net commuting
per municipality, which bars would show, is in the council table next to it. The shading is on a
logarithmic scale, one blue hue (it prints in grey), and every number is written out, so nothing
depends on the colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm

from naering_analysis.analysis.flows import REST_COUNTRY, REST_COUNTY
from naering_analysis.errors import AnalysisError
from naering_analysis.figures.export import CouncilFigure, new_figure
from naering_analysis.figures.frames import FigureOptions, done, styled
from naering_analysis.figures.style import MUTED_COLOUR, TEXT_COLOUR
from naering_analysis.numfmt import fmt_int, fmt_pct
from naering_analysis.reference.regions import region_name
from naering_analysis.reference.terms import label as term_label

CMAP = "Blues"
MISSING_COLOUR = "#f0f0f0"
#: Above this share of the colour scale the number is written in white.
DARK = 0.6


def place_names(codes: Sequence[str]) -> list[str]:
    """Return the Norwegian row/column names: municipality names and the two rest groups."""
    rest = {
        REST_COUNTY: term_label("resten_av_fylket"),
        REST_COUNTRY: term_label("resten_av_landet"),
    }
    return [rest.get(code) or region_name(code, default=code) for code in codes]


@styled
def fig_flow_matrix(
    matrix: pd.DataFrame,
    *,
    year: int,
    region: str,
    self_containment: float,
    frames: list[pd.DataFrame],
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Heatmap of one year's flows: rows the residence, columns the workplace.

    ``matrix`` is :func:`naering_analysis.analysis.flows.flow_matrix` (members, then
    ``rest_county`` and ``rest_country``; the rest-to-rest cells are NaN: not fetched).
    ``region`` names the region group in the title; ``self_containment`` (0–1) goes in the
    subtitle. ``data`` is the matrix with Norwegian names, one row per residence.
    """
    where = "fig_flow_matrix"
    if matrix.empty or matrix.isna().all().all():
        raise AnalysisError(f"{where}: ingen pendlingsstrømmer for {year}.")
    names = place_names([str(c) for c in matrix.index])
    values = matrix.to_numpy(dtype=float)
    shown = np.where(values > 0, values, np.nan)
    norm = LogNorm(vmin=max(1.0, float(np.nanmin(shown))), vmax=float(np.nanmax(shown)))
    fig = new_figure(height_cm=12.0)
    ax = fig.add_subplot()
    ax.set_facecolor(MISSING_COLOUR)
    ax.imshow(np.ma.masked_invalid(shown), cmap=CMAP, norm=norm, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            value = values[i, j]
            if np.isnan(value):
                text, colour = "–", MUTED_COLOUR
            else:
                dark = value > 0 and norm(value) > DARK
                text, colour = fmt_int(value), "white" if dark else TEXT_COLOUR
            ax.text(j, i, text, ha="center", va="center", fontsize=7.5, color=colour)
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel(term_label("arbeidssted"))
    ax.set_ylabel(term_label("bosted"))
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    members = [
        n for n, c in zip(names, matrix.index, strict=True) if c not in (REST_COUNTY, REST_COUNTRY)
    ]
    diagonal = {names[i]: values[i, i] for i in range(len(members))}
    biggest = max(
        (
            (values[i, j], names[i], names[j])
            for i in range(len(members))
            for j in range(len(members))
            if i != j and not np.isnan(values[i, j])
        ),
        default=(float("nan"), "", ""),
    )
    share = fmt_pct(self_containment)
    alt = (
        f"Tabellfigur over pendlingsstrømmene i {region} i {year}: rader er bosted, kolonner "
        f"arbeidssted, for {', '.join(members)}, resten av fylket og resten av landet. "
        f"Flest bor og arbeider i samme kommune ("
        + ", ".join(f"{name} {fmt_int(v)}" for name, v in diagonal.items())
        + f"). Største strøm mellom to kommuner i regionen: {fmt_int(biggest[0])} fra "
        f"{biggest[1]} til {biggest[2]}. Selvforsyningsgrad {share}."
    )
    data = pd.DataFrame(values, columns=names)
    data.insert(0, term_label("bosted"), names)
    return done(
        fig,
        opts,
        name=f"pendling_{year}",
        title=f"Hvor bor de som jobber i {region}, og hvor jobber de som bor der?",
        subtitle=(
            f"Sysselsatte etter bosted (rader) og arbeidssted (kolonner), 4. kvartal {year}. "
            f"Selvforsyningsgrad {share}. – = ikke hentet"
        ),
        alt=alt,
        data=data,
        frames=frames,
        height_cm=12.0,
    )
