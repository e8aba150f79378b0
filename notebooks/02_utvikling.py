# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 Utvikling: hvordan har arbeidsplassene utviklet seg?
#
# Notatboka beskriver utviklingen i antall arbeidsplasser (sysselsatte etter arbeidssted, SSB-tabell
# 13470) fram til siste dataår: totalt, per satsingsbransje og SN2007-gruppe, i privat og offentlig
# sektor, sammenlignet med Søndre Østfold, Østfold og hele landet, og dekomponert med
# skiftandelsanalyse (strukturell vekst mot attraktivitet). Metodene er beskrevet i
# `docs/metode.md` (del 2).

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
import pandas as pd

from naering_analysis.analysis import growth, shift_share
from naering_analysis.report import council, nb

nb.setup()
inputs = council.analysis_inputs(
    kommune, base_year, target_rate, target_year, snapshot, with_scenarios=False
)
sysselsatte = inputs.employment
start, slutt = council.PROGRAMME_PERIOD
siste = inputs.latest
nb.show_banner(sysselsatte)

# %% [markdown]
# ## Antall arbeidsplasser
#
# Den stiplede linja er målbanen: 1,5 % årlig vekst fra basisåret. Tabellen viser gjennomsnittlig
# årlig vekst (CAGR) i handlingsprogrammets referanseperiode og de siste fem årene.

# %%
nb.show(council.fig_total(inputs))

# %%
regioner = council.with_region_group(sysselsatte)
regioner = regioner.loc[regioner["region_code"].isin([kommune, council.REGION_GROUP, "31", "0"])]
perioder = {f"{start}–{slutt}": (start, slutt), f"{siste - 5}–{siste}": (siste - 5, siste)}
vekst = pd.concat(
    [growth.cagr(regioner, a, b).assign(Periode=navn) for navn, (a, b) in perioder.items()]
)
vekst = vekst.merge(
    regioner[["region_code", "region_name"]].drop_duplicates(), on="region_code", validate="m:1"
)
rekkefolge = [kommune, council.REGION_GROUP, "31", "0"]
veksttabell = vekst.pivot_table(index="region_code", columns="Periode", values="cagr_pct")
veksttabell = veksttabell.reindex([r for r in rekkefolge if r in veksttabell.index])
veksttabell = veksttabell.join(vekst.groupby("region_code")["region_name"].first())
nb.table(
    veksttabell.reset_index(),
    {"region_name": "Region", **{p: f"Årlig vekst {p}" for p in perioder}},
    pct_points=tuple(perioder),
)

# %% [markdown]
# ## Satsingsbransjene
#
# De fem satsingsbransjene er satt sammen av SN2007-grupper (se `focus_industries.yaml`). Merk at
# «Grønn industri» her er all industri pluss energi, vann og renovasjon: det grønne skiftet kan ikke
# skilles ut på dette detaljnivået.

# %%
nb.show(council.fig_bransjer(inputs))

# %%
nb.show(council.fig_bidrag(inputs))

# %%
bidrag = growth.contributions(sysselsatte, start, slutt, by="industry_code", region=kommune)
bidrag = bidrag.merge(
    sysselsatte[["industry_code", "industry_name", "bransje"]].drop_duplicates(),
    on="industry_code",
    validate="1:1",
).sort_values("contribution_pp")
nb.table(
    bidrag,
    {
        "industry_name": "Næring (SN2007)",
        "bransje": "Bransje",
        "jobs_start": str(start),
        "jobs_end": str(slutt),
        "change_jobs": "Endring",
        "contribution_pp": "Bidrag til veksten (prosentpoeng)",
    },
    ints=("jobs_start", "jobs_end", "change_jobs"),
    decimals=("contribution_pp",),
)

# %% [markdown]
# ## Privat og offentlig sektor
#
# Handlingsprogrammet peker på svak utvikling i privat sektor som hovedutfordringen. Offentlig eide
# foretak regnes her som offentlig sektor (tabell 13472).

# %%
nb.show(council.fig_sektor(inputs))

# %%
sektor = growth.sector_decomposition(inputs.sector, start, slutt, region=kommune)
nb.table(
    sektor.assign(sector_code=sektor["sector_code"].map(council.SECTOR_NAMES)),
    {
        "sector_code": "Sektor",
        "jobs_start": str(start),
        "jobs_end": str(slutt),
        "change_jobs": "Endring",
        "cagr_pct": "Årlig vekst",
        "contribution_pp": "Bidrag til veksten (prosentpoeng)",
    },
    ints=("jobs_start", "jobs_end", "change_jobs"),
    pct_points=("cagr_pct",),
    decimals=("contribution_pp",),
)

# %% [markdown]
# ## Sammenligning med regionen, fylket og landet
#
# Indeks = 100 i første år. Søndre Østfold er summen av kommunene i `region_groups.yaml` (en
# redigerbar antakelse). Celler som SSB har prikket (se 01_data), teller som 0 i denne summen.

# %%
nb.show(council.fig_regioner(inputs))

# %% [markdown]
# ## Lokaliseringskvotienter
#
# En kvotient over 1 betyr at bransjen har større andel av arbeidsplassene i kommunen enn i landet.

# %%
nb.show(council.fig_lokaliseringskvotienter(inputs))

# %% [markdown]
# ## Skiftandelsanalyse: strukturell vekst eller attraktivitet?
#
# Endringen i hver bransje deles i *nasjonal vekst* (som om bransjen vokste som hele landet),
# *bransjestruktur* (bransjens egen nasjonale vekst utover landet) og *regional effekt* (resten).
# Summen av de to første er den strukturelle veksten; den regionale effekten er
# attraktivitetsbidraget.

# %%
nb.show(council.fig_skiftandel(inputs))

# %%
nb.table(
    shift_share.structural_vs_attractiveness(sysselsatte, kommune, "0", start, slutt),
    {
        "component_label": "Komponent",
        "jobs": "Arbeidsplasser",
        "share_of_start_pct": f"Andel av nivået i {start}",
        "annual_pct": "Per år",
    },
    ints=("jobs",),
    pct_points=("share_of_start_pct", "annual_pct"),
)

# %%
nb.table(
    shift_share.shift_share(
        sysselsatte, kommune, "0", start, slutt, method="esteban_marquillas", by="bransje"
    ),
    {
        "bransje": "Bransje",
        "actual_change": "Faktisk endring",
        "national_share": "Nasjonal vekst",
        "industry_mix": "Bransjestruktur",
        "competitive": "Konkurranseeffekt",
        "allocation": "Allokeringseffekt",
    },
    ints=("actual_change", "national_share", "industry_mix", "competitive", "allocation"),
)
