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
# # 04 Målgap: hvor langt er vi fra 1,5 % i året?
#
# Målet er 1,5 % årlig vekst i antall arbeidsplasser fra basisåret til målåret. Her regnes gapet ut år
# for år (faktiske tall fram til siste dataår, deretter framskrevet med metoden som er valgt ved
# backtest på disse dataene), hvor rask veksten må være fra nå av for å nå målet, hva
# satsingsbransjene må levere, og sannsynligheten for å nå målet i hvert scenario.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
from naering_analysis.analysis import goal
from naering_analysis.numfmt import fmt_int, fmt_num, fmt_pct
from naering_analysis.report import council, nb

nb.setup()
inputs = council.analysis_inputs(kommune, base_year, target_rate, target_year, snapshot)
sysselsatte = inputs.employment
nb.show_banner(sysselsatte)
nb.show_markdown(
    f"Framskrivingsmetode (valgt ved backtest på disse dataene): **{inputs.choice.label}**, "
    f"relativ MASE mot naiv {fmt_num(inputs.choice.relative_mase, 2)}."
)

# %% [markdown]
# ## Målbanen og gapet år for år
#
# Etter siste dataår bygger tallene på framskrivingen med den valgte metoden, uten tiltak.
# Scenariene nederst viser hva andre forutsetninger gir.

# %%
framskriving = council.chosen_projection(inputs)
gap = goal.goal_gap(sysselsatte, framskriving, base_year, target_rate, target_year, region=kommune)
nb.table(
    gap,
    {
        "year": "År",
        "kind": "Type",
        "jobs": "Arbeidsplasser",
        "target_jobs": "Målbane",
        "gap_jobs": "Avvik fra målbanen",
        "cagr_since_base_pct": f"Årlig vekst siden {base_year}",
        "gap_pp": "Avvik (prosentpoeng)",
    },
    ints=("jobs", "target_jobs", "gap_jobs"),
    pct_points=("cagr_since_base_pct",),
    decimals=("gap_pp",),
)

# %%
nb.show(council.fig_maalgap(inputs))

# %% [markdown]
# ## Nødvendig vekst

# %%
nodvendig = goal.required_growth(sysselsatte, base_year, target_rate, target_year, region=kommune)
per_aar = goal.jobs_per_year_at_rate(
    sysselsatte, target_rate, region=kommune, target_year=target_year
)
nb.show_markdown(
    f"- For å nå målet i {target_year} må antall arbeidsplasser vokse med "
    f"**{fmt_pct(nodvendig, 2)} per år** fra {inputs.latest}.\n"
    f"- {fmt_pct(target_rate, 1)} vekst betyr i dag om lag "
    f"**{fmt_int(per_aar['increment_jobs'].iloc[0])} nye arbeidsplasser per år**."
)
nb.table(
    per_aar,
    {"year": "År", "target_jobs": "Målbane", "increment_jobs": "Økning fra året før"},
    ints=("target_jobs", "increment_jobs"),
)

# %% [markdown]
# ## Hva må satsingsbransjene levere?
#
# Hvis de øvrige bransjene følger framskrivingen, hvor rask årlig vekst må de fem
# satsingsbransjene ha — samlet, og hver for seg — for å lukke gapet i målåret?

# %%
nodvendig_tabell = council.table_nodvendig_vekst(inputs).frame
nb.table(
    nodvendig_tabell,
    {c: c for c in nodvendig_tabell.columns},
    ints=(f"Arbeidsplasser {inputs.latest}",),
    pct=("Framskrevet årlig vekst", "Nødvendig årlig vekst"),
)

# %% [markdown]
# ## Sannsynligheten for å nå målet
#
# For hvert scenario lages 2 000 mulige utviklinger (baner) fram til målåret. Hver bane er
# scenariets framskriving pluss en feil trukket fra hvor mye framskrivingene faktisk har bommet på
# kommunetotaler og satsingsbransjer i backtesten. Nye arbeidsplasser fra en hendelse (for eksempel
# en ny fabrikk) legges til i alle banene.
#
# - **Banen** som vises, er midten (medianen) av de 2 000 banene.
# - **Usikkerhetsbåndet** (80 %) er området der de midterste 80 % av banene ligger.
# - **Sannsynligheten** er andelen av de samme banene som når målet i målåret.
#
# Fordi alle tre kommer fra de samme banene, henger de sammen: når banen når målet, gjør minst
# halvparten av banene det, og sannsynligheten er minst 50 %. Når banen ikke når målet, er
# sannsynligheten under 50 %. Sannsynligheten gjelder gitt scenariets forutsetninger; den sier ikke
# hvor sannsynlige forutsetningene selv er (se `docs/metode.md`, del 3).

# %%
scenariotabell = council.table_scenarier(inputs).frame
nb.table(
    scenariotabell,
    {c: c for c in scenariotabell.columns},
    ints=tuple(scenariotabell.columns[1:3]),
    pct=("Sannsynlighet for å nå målet",),
)
