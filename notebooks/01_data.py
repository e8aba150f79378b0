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
# # 01 Data: hvilke tall bygger analysen på?
#
# Denne notatboka viser hvilke øyeblikksbilder fra Statistisk sentralbyrå (SSB) analysen bruker,
# hvor de kommer fra (proveniens), og hvor godt datagrunnlaget er: manglende og skjulte celler,
# bruddet i sysselsettingsstatistikken mellom 2014 og 2015, og kommunereformene.
#
# Alle tall leses fra de uforanderlige øyeblikksbildene i `data/raw/ssb/`. Ingenting her henter
# data fra nettet; bruk `naering fetch` for å hente nye tall.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
import pandas as pd
from IPython.display import HTML, display

from naering_analysis.datasets import frames, quality
from naering_analysis.datasets.build import frame
from naering_analysis.reference.terms import label
from naering_analysis.report import coverage, nb
from naering_analysis.snapshots import list_snapshots

nb.setup()
utelatt = nb.omissions("01_data", output_dir)
# Each table is read (and its checksum verified) once; the cells below reuse these frames.
tabeller = {
    "13470 sysselsatte": frame("employment", snapshot),
    "13472 sektor": frame("employment_sector", snapshot),
    "07984 lang serie": frame("employment_long", snapshot),
    "07459 befolkning": frame("population", snapshot),
    "11616 pendling": frame("commuting", snapshot),
}
sysselsatte = tabeller["13470 sysselsatte"]
nb.show_banner(sysselsatte)

# %% [markdown]
# ## Øyeblikksbilder og proveniens
#
# Hver tabell lagres som et datert øyeblikksbilde med SSBs svar uendret og en proveniensfil
# (adresse, spørring, tidspunkt, sjekksum og lisens). Tabellen viser alle øyeblikksbildene som
# finnes; analysen bruker det nyeste *ekte* bildet per tabell, og faller tilbake på demodataene
# bare når det ikke finnes ekte data.

# %%
oversikt = pd.DataFrame(
    [
        {
            "Tabell": s.table,
            "Mappe": s.date_label,
            "Hentet (UTC)": s.fetched_at.strftime("%Y-%m-%d %H:%M"),
            "SSB oppdatert": (s.ssb_updated or "–")[:10],
            "Type": "Syntetisk (demo)" if s.synthetic else "Ekte SSB-data",
            "Sjekksum (sha256)": s.sha256[:12] + "…",
        }
        for s in list_snapshots()
    ]
)
nb.table(oversikt)

# %%
brukt = pd.DataFrame(
    [
        {
            "Tabell": p["table"],
            "Tittel": p.get("title", ""),
            "Hentet": p["fetched_at"][:10],
            "Lisens": p["licence"],
            "Syntetisk": "ja" if p["synthetic"] else "nei",
            "Forespørsler": p["requests"],
        }
        for frame in tabeller.values()
        for p in frame.attrs["provenance"]
    ]
)
nb.table(brukt)

# %% [markdown]
# ## Manglende og skjulte celler
#
# SSB markerer tomme celler med symboler: `.` (lar seg ikke føre opp), `..` (tall mangler) og `:`
# (vises ikke av konfidensialitetshensyn). Slike celler telles ikke som null i analysene; en sum
# som inneholder en tom celle blir selv tom, slik at ingen tall blir for lave i det stille.

# %%
nb.table(quality.status_overview(tabeller))

# %% [markdown]
# Tabell 13470 hentes på tosifret næringsnivå sammen med SSBs total for alle næringer (00-99).
# Forskjellen mellom totalen og summen av næringene som vises, er arbeidsplassene SSB har skjult
# (tabellen er tom når ingen celler er skjult, eller når øyeblikksbildet bare har de 17 gruppene).

# %%
skjult = frames.suppressed_jobs(snapshot)
nb.table(
    skjult.loc[(skjult["region_code"] == kommune) & (skjult["suppressed_cells"] > 0)],
    {
        "year": label("aar"),
        "suppressed_cells": label("skjulte_celler"),
        "suppressed_jobs": label("skjulte_arbeidsplasser"),
        "total_jobs": label("arbeidsplasser"),
    },
    ints=("suppressed_cells", "suppressed_jobs", "total_jobs"),
)

# %%
nb.table(
    quality.flagged_cells(sysselsatte),
    {
        "region_name": "Region",
        "industry_name": "Næring",
        "year": "År",
        "jobs": "Arbeidsplasser",
        "status": "Symbol",
    },
)

# %% [markdown]
# ## Bruddet mellom 2014 og 2015
#
# Tabell 07984 går tilbake til 2008, men SSB byttet datakilde (a-ordningen) fra 2015. Endringen fra
# 2014 til 2015 er derfor ikke ekte vekst. Verktøyet merker bruddet i kolonnen `break_before` og
# nekter å beregne vekst over det med mindre man ber eksplisitt om det (`allow_break=True`).

# %%
lang_serie = tabeller["07984 lang serie"]
if utelatt.check("Bruddet mellom 2014 og 2015", coverage.region_gap(lang_serie, "07984", kommune)):
    # Years with a suppressed industry have no total; they stay empty in the table.
    skjulte = coverage.suppressed_gap(lang_serie, "07984", kommune)
    utelatt.check("Bruddet mellom 2014 og 2015 (år med skjulte celler)", skjulte, partial=True)
    brudd = quality.break_overview(lang_serie, kommune)
    display(
        nb.table(
            brudd,
            {
                "year": "År",
                "jobs": "Arbeidsplasser",
                "change_jobs": "Endring",
                "change_pct": "Endring (%)",
                "series": "Datagrunnlag",
            },
            ints=("jobs", "change_jobs"),
            pct_points=("change_pct",),
        )
    )

# %% [markdown]
# ## Kommunereformene
#
# Kommunenummeret har endret seg ved reformene i 2020 og 2024. SSBs kodeliste `agg_KommSummer`
# gir én sammenhengende serie per dagens kommune; kodehistorikken under viser hvilke koder som
# inngår i den valgte kommunen.

# %%
nb.table(quality.reform_history(kommune))

# %%
display(HTML(f"<p><em>{sysselsatte.attrs['source']}</em></p>"))
