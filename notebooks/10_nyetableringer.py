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
# # 10 Nyetableringer: startes det nye foretak her?
#
# Notatboka teller nyetablerte foretak (SSB-tabell 08316, SSBs statistikk over nyetablerte
# foretaks overlevelse og vekst) per år og per satsingsbransje, og setter dem i forhold til
# folketallet 1. januar (tabell 07459). Et lite antall svinger mye fra år til år; derfor brukes
# også et treårssnitt: nyetableringene i tre år delt på summen av folketallet de samme tre årene.
# Kommunen rangeres blant sammenligningsgruppene i `peer_groups.yaml` (nr. 1 har flest
# nyetablerte per innbygger). Metoden står i `docs/metode.md` (del 2, «Nyetablerte foretak»).
#
# Til slutt står åpnede konkurser (tabell 08551, månedstall per kommune) ved siden av: per 1 000
# innbyggere og per 100 nyetablerte foretak, for kommunene i fylket.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
from IPython.display import display

from naering_analysis.analysis import bankruptcies as konk
from naering_analysis.analysis import enterprises as nye
from naering_analysis.datasets.build import frame
from naering_analysis.figures.enterprises import fig_new_enterprises_peers
from naering_analysis.reference.division import current_division
from naering_analysis.reference.regions import region_name
from naering_analysis.reference.terms import label
from naering_analysis.report import nb, needs

nb.setup()
foretak = frame("new_enterprises", snapshot)
folk = frame("population", snapshot)
nb.show_banner(foretak)
utelatt = nb.omissions("10_nyetableringer", output_dir)
aar = int(max(set(foretak["year"]) & set(folk["year"])))
periode = f"{aar - nye.WINDOW + 1}–{aar}"
navn = region_name(kommune, default=kommune)

# %% [markdown]
# ## Nyetablerte foretak per 1 000 innbyggere
#
# Kommunen, Østfold og hele landet, hvert år og som treårssnitt.

# %%
har_foretak = utelatt.check(
    "Nyetablerte foretak (tabeller og figur)", *needs.enterprise_gaps(kommune, snapshot)
)
if har_foretak:
    rater = nye.per_thousand(foretak, folk)
    utvalg = rater.loc[rater["region_code"].isin([kommune, "31", "0"])].copy()
    utvalg["region"] = utvalg["region_code"].map(lambda c: region_name(c, default=c))
    display(
        nb.table(
            utvalg,
            {
                "region": label("region"),
                "year": label("aar"),
                "enterprises": label("nyetablerte_foretak", 1),
                "per_1000": label("nyetablerte_per_1000", 1),
                "per_1000_3y": label("nyetablerte_per_1000_3aar", 1),
            },
            ints=("enterprises",),
            decimals=("per_1000", "per_1000_3y"),
        )
    )

# %% [markdown]
# ## Per satsingsbransje
#
# Næringene er lagt sammen til satsingsbransjer med bransjekoblingen (`focus_industries.yaml`;
# tabellen har SSBs 17 næringsgrupper). Bransjene, «Øvrige næringer» medregnet, summerer seg
# til alle næringer.

# %%
if har_foretak:
    bransjer = nye.bransje_table(foretak, folk, kommune, aar)
    display(
        nb.table(
            bransjer,
            {
                "bransje": label("bransje"),
                "enterprises": label("nyetablerte_foretak", 0, year=aar),
                "share_pct": label("andel_nyetablerte", year=aar),
                "per_1000_3y": label("nyetablerte_per_1000_3aar", 0, period=periode),
            },
            ints=("enterprises",),
            pct_points=("share_pct",),
            decimals=("per_1000_3y",),
        )
    )

# %% [markdown]
# ## Blant sammenligningsgruppene
#
# Plassen på hvert mål i hver gruppe: hele næringslivet (året og treårssnittet) og hver bransje
# (treårssnitt).

# %%
if har_foretak:
    rangering = nye.ranks_among_peers(foretak, folk, kommune, aar)
    display(
        nb.table(
            rangering,
            {
                "measure_label": label("indikator"),
                "group": label("sammenligningsgruppe"),
                "value": label("verdi"),
                "text": label("rangering_nyetablerte"),
            },
            decimals=("value",),
        )
    )

# %%
if har_foretak:
    folk_aar = folk.loc[folk["year"] == aar]
    folketall = dict(
        zip(folk_aar["region_code"], folk_aar["population"].astype(float), strict=True)
    )
    gruppe, grupper = nye.peer_groups_for(kommune, folketall, rater["region_code"].tolist())
    figur = fig_new_enterprises_peers(
        rater,
        kommune,
        grupper[gruppe],
        gruppe,
        aar,
        sources=list(foretak.attrs.get("provenance", [])),
        synthetic=bool(foretak.attrs.get("synthetic")),
    )
    nb.show(figur)

# %% [markdown]
# **Slik leses tallene.** Nyetableringer per innbygger er et mål på gründeraktivitet, ikke på
# arbeidsplasser: de fleste nye foretak er små, og mange er enkeltpersonforetak uten ansatte.
# Tallene følger foretakets registrerte adresse, så foretak som drives i én kommune og er
# registrert i en annen telles der de er registrert.

# %% [markdown]
# ## Opna konkurser
#
# SSB publiserer åpnede konkurser for alle kommuner, per måned (tabell 08551). Månedene summeres
# til år, og et år telles bare når alle tolv månedene har tall. Tabellen viser kommunene i fylket
# (flest konkurser per innbygger øverst), fylket og hele landet: antall konkurser i året,
# konkurser per 1 000 innbyggere og konkurser per 100 nyetablerte foretak, begge som treårssnitt.
# Det siste målet setter avgangen gjennom konkurs opp mot tilgangen av nye foretak; det er ikke
# andelen av de nye foretakene som går konkurs, for de fleste konkurser gjelder eldre foretak, og
# personlige konkurser er med.

# %%
har_konkurser = utelatt.check(
    "Opna konkurser",
    *needs.enterprise_gaps(kommune, snapshot),
    *needs.bankruptcy_gaps(kommune, snapshot),
)
if har_konkurser:
    konkurser = frame("bankruptcies", snapshot)
    k_aar = min(konk.latest_complete_year(konkurser, kommune), aar)
    k_periode = f"{k_aar - nye.WINDOW + 1}–{k_aar}"
    fylke = current_division().county(kommune)
    k_rater = konk.rates(konkurser, folk, foretak)
    k_naa = k_rater.loc[k_rater["year"] == k_aar]
    k_kommuner = k_naa.loc[k_naa["region_code"].isin(current_division().members(fylke))]
    k_kommuner = k_kommuner.sort_values("per_1000_3y", ascending=False, na_position="last")
    k_tabell = konk.council_table(
        konkurser, folk, foretak, k_aar, [*k_kommuner["region_code"], fylke, "0"]
    )
    k_tabell["region"] = k_tabell["region_code"].map(lambda c: region_name(c, default=c))
    display(
        nb.table(
            k_tabell,
            {
                "region": label("region"),
                "bankruptcies": label("konkurser", 0, year=k_aar),
                "per_1000_3y": label("konkurser_per_1000_3aar", 0, period=k_periode),
                "per_100_new_3y": label("konkurser_per_100_nyetablerte_3aar", 0, period=k_periode),
            },
            ints=("bankruptcies",),
            decimals=("per_1000_3y", "per_100_new_3y"),
        )
    )

# %% [markdown]
# **Slik leses konkurstallene.** Konkurser telles der skyldneren er registrert, som
# nyetableringene. I en liten kommune er det noen få konkurser i året, så ett år mer eller
# mindre flytter raten mye; les treårssnittet, og sammenlign med fylket og landet.
