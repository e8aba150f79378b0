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
# # 02 Utvikling: hvordan har arbeidsplassene utviklet seg?
#
# Notatboka beskriver utviklingen i antall arbeidsplasser (sysselsatte etter arbeidssted, SSB-tabell
# 13470) fram til siste dataår: totalt, per satsingsbransje og SN2007-gruppe, i privat og offentlig
# sektor (også innen hver satsingsbransje, tabell 13472), sammenlignet med Søndre Østfold, Østfold
# og hele landet, og dekomponert med skiftandelsanalyse (strukturell vekst mot attraktivitet).
# Metodene er beskrevet i `docs/metode.md` (del 2), og ordene i tabellene og figurene har én
# betydning hver (ordlista `naering_analysis/data/terms.yaml`).

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
import pandas as pd
from IPython.display import display

from naering_analysis.analysis import growth, mapping_change, private, shift_share
from naering_analysis.analysis.employment_rate import employment_rate, project_rate
from naering_analysis.reference.terms import label
from naering_analysis.report import council, nb, peers

nb.setup()
inputs = council.analysis_inputs(
    kommune, base_year, target_rate, target_year, snapshot, with_scenarios=False
)
sysselsatte = inputs.employment
start, slutt = council.PROGRAMME_PERIOD
siste = inputs.latest
nb.show_banner(sysselsatte)
nb.show_filled(inputs)

# %% [markdown]
# ## Antall arbeidsplasser
#
# Den stiplede linja er målbanen: handlingsprogrammets bane med 1,5 % årlig vekst fra basisåret
# 2022. Tabellen viser gjennomsnittlig årlig vekst (CAGR) i handlingsprogrammets referanseperiode
# og de siste fem årene.

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
    {"region_name": label("region"), **{p: label("arlig_vekst", period=p) for p in perioder}},
    pct_points=tuple(perioder),
)

# %% [markdown]
# ## Satsingsbransjene
#
# De fem satsingsbransjene er satt sammen av tosifrede SN2007-næringer (se `focus_industries.yaml`):
# SSB-tabellene 13470 og 13472 hentes på tosifret nivå, og både SSBs 17 næringsgrupper og bransjene
# summeres her, uten å stole på grupperinger på SSBs server. Merk at «Grønn industri» er all
# industri pluss energi, vann og renovasjon: det grønne skiftet kan ikke skilles ut på dette nivået.

# %%
nb.show(council.fig_bransjer(inputs))

# %% [markdown]
# ### Hva flytter den tosifrede bransjekoblingen?
#
# Med SSBs 17 grupper måtte hele grupper legges i én bransje: eiendomsdrift fulgte teknisk
# tjenesteyting inn i «Digitalisering», og bilverksteder og personlige tjenester fulgte handelen.
# Tabellene viser hvilke næringer som har byttet bransje med den tosifrede koblingen, og hvor mange
# arbeidsplasser det flytter i siste dataår. Når øyeblikksbildet bare har de 17 gruppene (eldre
# henting), brukes den grove koblingen, og tabellene er tomme.

# %%
siste = inputs.latest
flyttet = mapping_change.mapping_moves(sysselsatte, kommune, siste)
nb.table(
    flyttet,
    {
        "industry_name": label("naering"),
        "from_bransje": label("fra_bransje"),
        "to_bransje": label("til_bransje"),
        "jobs": label("arbeidsplasser", 1, year=siste),
    },
    ints=("jobs",),
)

# %%
nb.table(
    mapping_change.bransje_change(sysselsatte, kommune, siste),
    {
        "bransje": label("bransje"),
        "jobs_groups": label("bransje_17_grupper"),
        "jobs_divisions": label("bransje_tosifret"),
        "change_jobs": label("flyttet_bransjekobling"),
    },
    ints=("jobs_groups", "jobs_divisions", "change_jobs"),
)

# %%
nb.show(council.fig_bidrag(inputs))

# %%
bidrag = growth.contributions(sysselsatte, start, slutt, by="industry_code", region=kommune)
bidrag = bidrag.merge(
    sysselsatte[["industry_code", "industry_name", "bransje"]].drop_duplicates(),
    on="industry_code",
    validate="1:1",
).sort_values("contribution_pp")
periode = f"{start}–{slutt}"
nb.table(
    bidrag,
    {
        "industry_name": label("naering"),
        "bransje": label("bransje"),
        "jobs_start": label("arbeidsplasser", 1, year=start),
        "jobs_end": label("arbeidsplasser", 1, year=slutt),
        "change_jobs": label("endring_periode", period=periode),
        "contribution_pp": label("bidrag_pp"),
    },
    ints=("jobs_start", "jobs_end", "change_jobs"),
    decimals=("contribution_pp",),
)

# %% [markdown]
# ## Privat og offentlig sektor
#
# Handlingsprogrammet peker på svak utvikling i privat sektor som hovedutfordringen. Tallene er fra
# SSB-tabell 13472 (sysselsatte etter arbeidssted, sektor og næring). Privat sektor er private
# foretak og ideelle organisasjoner; offentlig eide foretak regnes her som offentlig sektor,
# sammen med stat, fylkeskommune og kommune.

# %%
nb.show(council.fig_sektor(inputs))

# %%
sektor = growth.sector_decomposition(inputs.sector, start, slutt, region=kommune)
nb.table(
    sektor.assign(sector_code=sektor["sector_code"].map(council.SECTOR_NAMES)),
    {
        "sector_code": label("sektor"),
        "jobs_start": label("arbeidsplasser", 1, year=start),
        "jobs_end": label("arbeidsplasser", 1, year=slutt),
        "change_jobs": label("endring_periode", period=periode),
        "cagr_pct": label("arlig_vekst", period=periode),
        "contribution_pp": label("bidrag_pp"),
    },
    ints=("jobs_start", "jobs_end", "change_jobs"),
    pct_points=("cagr_pct",),
    decimals=("contribution_pp",),
)

# %% [markdown]
# Privat andel er private arbeidsplasser delt på alle (privat + offentlig sektor), år for år.

# %%
andeler = private.sector_shares(inputs.sector, kommune)
nb.table(
    andeler,
    {
        "year": label("aar"),
        "private_jobs": label("private_arbeidsplasser"),
        "public_jobs": label("offentlige_arbeidsplasser"),
        "jobs": label("arbeidsplasser"),
        "private_share": label("privat_andel"),
    },
    ints=("private_jobs", "public_jobs", "jobs"),
    pct=("private_share",),
)

# %% [markdown]
# ## Privat sektor i satsingsbransjene
#
# Tabell 13472 har næringsgruppene (SN2007) for hver sektor, så satsingsbransjene kan deles i
# privat og offentlig sektor på samme måte som totalen (`docs/metode.md`, del 1, sier hva som er
# bekreftet fra offentlige kilder og hva `naering sjekk` kontrollerer mot SSB). Det
# betyr mest for «Helsebasert næring» (86–88), der de fleste arbeidsplassene er offentlige:
# veksten der sier lite om privat næringsliv før den deles. Figuren viser private arbeidsplasser
# per satsingsbransje; tabellen viser nivået i siste dataår, årlig privat vekst i
# handlingsprogrammets referanseperiode og etter den, og hvor stor del av bransjen som er privat.

# %%
nb.show(council.private.fig_privat_bransjer(inputs))

# %%
privat_tabell = council.private.table_privat_bransjer(inputs).frame
nb.table(
    privat_tabell,
    ints=(privat_tabell.columns[1],),
    pct=tuple(privat_tabell.columns[2:]),
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
# Endringen i hver bransje deles i *nasjonal komponent* (som om bransjen vokste som hele landet),
# *bransjestruktur* (bransjens egen nasjonale vekst utover landet) og *regional effekt* (resten).
# Summen av de to første er den strukturelle veksten; den regionale effekten er
# attraktivitetsbidraget. (Scenariet «Nasjonal vekst» i notatbok 03 er noe annet: der vokser hver
# næring som samme næring i landet.)

# %%
nb.show(council.fig_skiftandel(inputs))

# %%
nb.table(
    shift_share.structural_vs_attractiveness(sysselsatte, kommune, "0", start, slutt),
    {
        "component_label": label("komponent"),
        "jobs": label("komponent_arbeidsplasser"),
        "share_of_start_pct": label("andel_av_nivaaet", year=start),
        "annual_pct": label("per_aar"),
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
        "bransje": label("bransje"),
        "actual_change": label("faktisk_endring"),
        "national_share": label("nasjonal_komponent"),
        "industry_mix": label("bransjestruktur"),
        "competitive": label("konkurranseeffekt"),
        "allocation": label("allokeringseffekt"),
    },
    ints=("actual_change", "national_share", "industry_mix", "competitive", "allocation"),
)

# %% [markdown]
# ## Sysselsettingsandelen
#
# Handlingsprogrammet har en høyere sysselsettingsandel som mål: sysselsatte bosatt i kommunen
# (15–74 år) delt på befolkningen 15–74 år (SSB-tabell 11618). Framskrivingen til målåret fører
# gjennomsnittlig årlig endring de siste fem årene videre, dempet med faktoren 0,8 per år (en dempet
# trend; se `docs/metode.md`, del 4). Den viser retningen, ikke en prognose med usikkerhetsbånd.
# Notatbok 06 sammenligner andelen med andre kommuner.

# %%
andeler = peers.load_frames(snapshot).labour
if andeler is None:
    nb.show_markdown(
        "Tabell 11618 mangler i øyeblikksbildene. Hent den med `naering fetch 11618` (krever "
        "internett)."
    )
else:
    andel = employment_rate(andeler)
    steder = {kommune: inputs.region_name, "31": "Østfold", "0": "Hele landet"}
    bred = andel.loc[andel["region_code"].isin(list(steder))].pivot_table(
        index="year", columns="region_code", values="rate_pct"
    )
    bred = bred.reindex(columns=[r for r in steder if r in bred.columns]).rename(columns=steder)
    bred = bred.reset_index().rename(columns={"year": label("aar")})
    display(nb.table(bred, pct_points=tuple(c for c in bred.columns if c != label("aar"))))
    framskrevet = project_rate(andel, kommune, target_year)
    nb.show_markdown(f"Framskrevet sysselsettingsandel for {inputs.region_name}:")
    display(
        nb.table(
            framskrevet,
            {"year": label("aar"), "rate_pct": label("sysselsettingsandel_framskrevet")},
            pct_points=("rate_pct",),
        )
    )
