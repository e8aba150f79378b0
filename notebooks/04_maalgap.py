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
# Målet er 1,5 % årlig vekst i antall arbeidsplasser fra basisåret til målåret. *Målbanen* er
# handlingsprogrammets bane: arbeidsplassene i basisåret (2022) vokst med 1,5 % hvert år. Her regnes
# avviket fra målbanen ut år for år (faktiske tall fram til siste dataår, deretter framskrevet med
# metoden som er valgt ved backtest på disse dataene), hvor rask veksten må være fra nå av for å
# nå målet, hva satsingsbransjene og privat sektor må levere, og sannsynligheten for å nå målet i
# hvert scenario.

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
from naering_analysis.reference.terms import label
from naering_analysis.report import council, nb

nb.setup()
inputs = council.analysis_inputs(kommune, base_year, target_rate, target_year, snapshot)
sysselsatte = inputs.employment
nb.show_banner(sysselsatte)
nb.show_filled(inputs)
nb.show_markdown(
    f"Framskrivingsmetode (valgt ved backtest på disse dataene): **{inputs.choice.label}**, "
    f"relativ MASE mot naiv {fmt_num(inputs.choice.relative_mase, 2)}."
)

# %% [markdown]
# ## Målbanen og avviket år for år
#
# Etter siste dataår bygger tallene på framskrivingen med den valgte metoden, uten tiltak.
# Scenariene nederst viser hva andre forutsetninger gir.

# %%
framskriving = council.chosen_projection(inputs)
gap = goal.goal_gap(sysselsatte, framskriving, base_year, target_rate, target_year, region=kommune)
nb.table(
    gap,
    {
        "year": label("aar"),
        "kind": label("faktisk_framskrevet"),
        "jobs": label("arbeidsplasser"),
        "target_jobs": label("maalbane"),
        "gap_jobs": label("avvik_maalbane"),
        "cagr_since_base_pct": label("arlig_vekst_siden", year=base_year),
        "gap_pp": label("avvik_maalrate"),
    },
    ints=("jobs", "target_jobs", "gap_jobs"),
    pct_points=("cagr_since_base_pct",),
    decimals=("gap_pp",),
)

# %%
nb.show(council.fig_maalgap(inputs))

# %% [markdown]
# ## Nødvendig vekst
#
# Tabellen under er *ikke* målbanen: den viser hva 1,5 % i året betyr i antall arbeidsplasser om
# veksten starter fra siste dataår. Målbanen starter i basisåret og ligger høyere når
# arbeidsplassene har vokst saktere enn 1,5 % siden da.

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
    {
        "year": label("aar"),
        "path_jobs": label("bane_fra_siste", rate=fmt_pct(target_rate, 1), year=inputs.latest),
        "increment_jobs": label("okning_fra_aaret_for"),
    },
    ints=("path_jobs", "increment_jobs"),
)

# %% [markdown]
# ## Hva må satsingsbransjene levere?
#
# Hver rad svarer på ett spørsmål: hvor rask årlig vekst må *denne* gruppen ha fra siste dataår for
# at alle arbeidsplassene skal nå målbanen i målåret, når resten av næringslivet følger
# framskrivingen? Første rad er de fem satsingsbransjene sammen, med samme rate for alle fem. De
# neste radene er én bransje alene, mens de fire andre og øvrige næringer følger framskrivingen.
# Tallene kan derfor ikke legges sammen: hver rad lukker hele gapet på egen hånd.

# %%
nodvendig = council.table_nodvendig_vekst(inputs)
nodvendig_tabell = nodvendig.frame
rater = tuple(k for k, f in nodvendig.number_formats.items() if f.endswith("%"))
nb.table(
    nodvendig_tabell,
    ints=(nodvendig_tabell.columns[1],),
    pct=rater,
)

# %%
total_framskrevet = council.chosen_projection(inputs).query("year == @target_year")["jobs"].sum()
maal = goal.target_path(sysselsatte, base_year, target_rate, target_year, region=kommune)
nb.show_markdown(
    f"Med framskrivingen alene mangler det {fmt_int(maal['target_jobs'].iloc[-1] - total_framskrevet)} "
    f"arbeidsplasser i {target_year}; det er dette gapet hver rad lukker."
)

# %% [markdown]
# ## Hva betyr målet for privat sektor?
#
# Handlingsprogrammet vil stimulere privat arbeidsplassvekst. Hvis arbeidsplassene i offentlig
# sektor (stat, fylkeskommune, kommune og offentlig eide foretak) utvikler seg slik
# framskrivingen med den valgte metoden sier, hvor mye må privat sektor vokse for at alle
# arbeidsplassene skal nå målbanen i målåret? Tallene er fra SSB-tabell 13472, framskrevet med
# samme metode som totalen.

# %%
privat = council.private.table_privat_nodvendig_vekst(inputs)
privat_tabell = privat.frame
nb.table(
    privat_tabell,
    ints=tuple(privat_tabell.columns[1:4]),
    pct=tuple(privat_tabell.columns[4:]),
)

# %%
privat_maal = council.private.private_goal(inputs).iloc[0]
nb.show_markdown(
    f"- Privat sektor må vokse med **{fmt_pct(privat_maal['private_required_rate'], 1)} per år** "
    f"fra {inputs.latest} til {target_year} når offentlig sektor følger framskrivingen "
    f"({fmt_pct(privat_maal['public_rate'], 1)} per år).\n"
    f"- Framskrivingen gir privat sektor {fmt_pct(privat_maal['private_projected_rate'], 1)} per "
    f"år, altså {fmt_int(privat_maal['private_required_target'] - privat_maal['private_projected_target'])} "
    f"færre private arbeidsplasser i {target_year} enn målet trenger."
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
    ints=tuple(scenariotabell.columns[1:3]),
    pct=(label("sannsynlighet"),),
)
