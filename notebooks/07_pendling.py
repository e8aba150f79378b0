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
# # 07 Pendling: hvor bor de som jobber her, og hvor jobber de som bor her?
#
# Notatboka viser pendlingsstrømmene i regionen (SSB-tabell 03321: sysselsatte 15–74 år i
# 4. kvartal etter bostedskommune og arbeidsstedskommune). Tabellen er hentet for strømmene som
# starter eller slutter i en av regionens kommuner, så alle summer her er summer innenfor den
# matrisen: arbeidsplassene i en kommune er alle som har arbeidssted der, de sysselsatte bosatte
# alle som bor der. Nettoinnpendlingen er innpendlere minus utpendlere (= arbeidsplasser minus
# sysselsatte bosatte), og regionens selvforsyningsgrad er andelen av arbeidsplassene i regionen
# som er besatt av folk som bor i regionen. Definisjonene står i `docs/metode.md`.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
from IPython.display import display

from naering_analysis.analysis.flows import commuting_balance, self_containment
from naering_analysis.datasets.commuting_flows import commuting_flows
from naering_analysis.reference.regions import region_name
from naering_analysis.reference.terms import label
from naering_analysis.report import coverage, nb
from naering_analysis.report.flows import (
    flow_figure,
    flow_table,
    load_flows,
    partner_flows,
    region_of,
)

nb.setup()
utelatt = nb.omissions("07_pendling", output_dir)
# The processed parquet from `naering build` (the report builds it first); a chosen snapshot
# is read from its JSON-stat.
strommer = load_flows() if snapshot is None else commuting_flows(snapshot)
nb.show_banner(strommer)
region, medlemmer = region_of(kommune)
aar = int(strommer["year"].max())
# The matrix may hold only the flows to and from another region (03321 fetched for it).
egne = utelatt.check(
    "Nettoinnpendling, selvforsyningsgrad og strømmatrisen",
    coverage.flows_gap(strommer, kommune),
    partial=kommune in set(strommer["home_code"]),
)
if not egne and kommune in set(strommer["home_code"]):
    nb.show_markdown(
        f"Strømmene mellom {region_name(kommune, default=kommune)} og kommunene matrisen har, "
        f"i {aar} («her» er {region_name(kommune, default=kommune)}):"
    )
    delvis = partner_flows(strommer, kommune, aar)
    display(nb.table(delvis, ints=tuple(delvis.columns[1:])))

# %% [markdown]
# ## Nettoinnpendling per kommune og år
#
# Én rad per kommune og år. Positive tall: flere arbeidsplasser enn sysselsatte innbyggere (kommunen henter arbeidskraft
# utenfra); negative: flere av innbyggerne jobber utenfor kommunen enn det kommer pendlere inn.

# %%
if egne:
    balanse = commuting_balance(strommer, medlemmer)
    balanse["kommune"] = balanse["region_code"].map(lambda c: region_name(c, default=c))
    display(
        nb.table(
            balanse,
            {
                "kommune": label("kommune"),
                "year": label("aar"),
                "jobs": label("arbeidsplasser"),
                "employed_residents": label("sysselsatte_bosatte", 1),
                "in_commuters": label("innpendlere", 1),
                "out_commuters": label("utpendlere", 1),
                "net_commuting": label("nettoinnpendling", 1),
            },
            ints=("jobs", "employed_residents", "in_commuters", "out_commuters", "net_commuting"),
        )
    )

# %% [markdown]
# ## Regionens selvforsyningsgrad
#
# Andelen av arbeidsplassene i regionen som er besatt av folk som bor i regionen, hvert år.

# %%
if egne:
    andel = self_containment(strommer, medlemmer).reset_index()
    display(
        nb.table(
            andel,
            {"year": label("aar"), "self_containment": label("selvforsyningsgrad", 1)},
            pct=("self_containment",),
        )
    )

# %% [markdown]
# ## Pendlingen i siste år
#
# Tabellen og figuren er de samme som i bystyresettet (`05_figurer`): arbeidsplasser,
# sysselsatte bosatte, de som bor og arbeider i kommunen, innpendlere, utpendlere og
# nettoinnpendling for hver kommune og for regionen samlet, og matrisen av strømmene mellom
# kommunene, resten av fylket og resten av landet. Strømmer mellom to kommuner utenfor regionen
# er ikke hentet (–).

# %%
if egne:
    tabell = flow_table(strommer, kommune)
    nb.show_markdown(f"**{tabell.title}**")
    display(nb.table(tabell.frame, ints=tuple(tabell.frame.columns[1:])))

# %%
if egne:
    nb.show(flow_figure(strommer, kommune))

# %% [markdown]
# **Slik leses tallene.** Som arbeidssted regnes bedriftens adresse, som bosted adressen i
# folkeregisteret; studenter som bor borte og folk med arbeidssted i utlandet eller på sokkelen
# telles derfor ikke alltid der de faktisk er. Matrisen har bare strømmer mellom norske kommuner,
# så summene kan være litt lavere enn sysselsatte etter bosted og arbeidssted i tabell 11618.
