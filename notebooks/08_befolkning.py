# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 08 Befolkning: blir det folk til arbeidsplassene?
#
# Målet i handlingsprogrammet er 1,5 % årlig vekst i arbeidsplassene. Notatboka setter målet opp
# mot SSBs befolkningsframskriving for kommunen (tabell 14746, 2026-årgangen; SSB lager en ny
# tabell for hver framskriving, og `naering sjekk` sier fra når en nyere finnes) og spør: hvor
# mange sysselsatte bosatte trengs i målåret om pendlingen holder seg som i dag, hvilken
# sysselsettingsandel gir det mot den framskrevne befolkningen 15–74 år, og hvor stort er gapet
# som høyere sysselsetting eller mer innpendling må dekke? Metoden står i `docs/metode.md`
# (del 2, «Befolkningsframskriving og sysselsettingsandel»).

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
from IPython.display import display

from naering_analysis.analysis.employment_rate import employment_rate, project_rate
from naering_analysis.figures.labour_balance import alternative_label
from naering_analysis.figures.tables import FMT_INT, FMT_PCT1
from naering_analysis.reference.terms import label
from naering_analysis.report import council, coverage, labour_balance, nb, needs

nb.setup()
inputs = council.analysis_inputs(
    kommune, base_year, target_rate, target_year, snapshot, with_scenarios=False
)
framskriving = needs.table_or_none("projection_population", snapshot)
nb.show_banner(inputs.employment if framskriving is None else framskriving)
utelatt = nb.omissions("08_befolkning", output_dir)

# %% [markdown]
# ## Befolkningsframskrivingen, 15–74 år
#
# SSB framskriver befolkningen per 1. januar i ni alternativer. Her vises hovedalternativet (MMMM)
# og alternativene for lav (LLML) og høy (HHMH) nasjonal vekst; bokstavene står for fruktbarhet,
# levealder, innenlandsk flytting og nettoinnvandring. Aldersgruppen 15–74 år er summen av SSBs
# ettårige aldre, den samme aldersgruppen som sysselsettingsandelen i tabell 11618 bygger på.

# %%
har_framskriving = utelatt.check(
    "Befolkningsframskrivingen, 15–74 år", *needs.projection_gaps(kommune, snapshot)
)
if har_framskriving:
    steder = {kommune: inputs.region_name, "31": "Østfold", "0": "Hele landet"}
    aar = [y for y in (2026, target_year + 1, 2040, 2050) if y in set(framskriving["year"])]
    utvalg = framskriving.loc[
        framskriving["region_code"].isin(list(steder)) & framskriving["year"].isin(aar)
    ]
    bred = utvalg.pivot_table(
        index=["region_code", "alternative"], columns="year", values="persons", aggfunc="first"
    ).reset_index()
    bred["region_code"] = bred["region_code"].map(steder)
    bred["alternative"] = bred["alternative"].map(alternative_label)
    bred.columns = [str(c) for c in bred.columns]
    display(
        nb.table(
            bred,
            {
                "region_code": label("region"),
                "alternative": label("framskrivingsalternativ"),
                **{str(y): label("befolkning_15_74", 1, year=y) for y in aar},
            },
            ints=tuple(str(y) for y in aar),
        )
    )

# %% [markdown]
# ## Sysselsettingsandelen målet krever
#
# Arbeidsplassene i målbanen (tabell 13470) gjøres om til personer med tre andeler fra siste år i
# tabell 11616: andelen av arbeidsplassene som har folk 15–74 år, innpendlernes andel av
# arbeidsplassene og utpendlernes andel av de sysselsatte bosatte. Holdes andelene som i dag, gir
# identiteten *arbeidsplasser = sysselsatte bosatte + innpendlere − utpendlere* hvor mange
# sysselsatte bosatte som trengs. Delt på den framskrevne befolkningen 15–74 år per 1. januar
# året etter målåret (4. kvartal sammenlignes med 1. januar året etter, som i tabell 11618) gir det
# sysselsettingsandelen målet krever. Gapet er de sysselsatte bosatte som mangler med dagens
# sysselsettingsandel; regnet som arbeidsplasser er det det netto innpendling må fylle.

# %%
har_balanse = utelatt.check(
    "Sysselsettingsandelen målet krever",
    *needs.labour_balance_gaps(kommune, target_year, snapshot),
)
if har_balanse:
    nb.show(labour_balance.fig_arbeidskraft(inputs))
    tabell = labour_balance.table_arbeidskraft(inputs)
    display(
        nb.table(
            tabell.frame,
            ints=tuple(c for c, f in tabell.number_formats.items() if f == FMT_INT),
            pct=tuple(c for c, f in tabell.number_formats.items() if f == FMT_PCT1),
        )
    )

# %%
if har_balanse:
    tall = labour_balance.labour_balance_key_figures(inputs)
    nb.show_markdown("\n".join(labour_balance.labour_balance_summary_lines(tall)))

# %% [markdown]
# ## Mot trenden i sysselsettingsandelen
#
# Sysselsettingsandelen har sin egen trend. Til sammenligning: andelen ført fram med dempet trend
# (siste fem års endring, dempet med 0,8 per år, som i notatbok 02). Ligger andelen målet krever
# over den framførte, må pendlingen endre seg eller flere komme i arbeid enn trenden tilsier.

# %%
andeler = needs.table_or_none("labour", snapshot)
har_andel = utelatt.check(
    "Mot trenden i sysselsettingsandelen", coverage.region_gap(andeler, "11618", kommune)
)
if har_andel:
    andel = employment_rate(andeler)
    framfort = project_rate(andel, kommune, target_year)
    display(
        nb.table(
            framfort,
            {"year": label("aar"), "rate_pct": label("sysselsettingsandel_framskrevet")},
            pct_points=("rate_pct",),
        )
    )
