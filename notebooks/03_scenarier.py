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
# # 03 Scenarier: hvor ender vi i 2030?
#
# Framskrivingene bygger på metoder som er valgt ved backtest på akkurat disse dataene, på alle
# kommunene i øyeblikksbildet (hele landet når det er hentet med `naering fetch --alle-kommuner`):
# alle metodene har framskrevet fra tidligere år, og for hvert nivå er den valgt som traff best,
# med godt kalibrerte usikkerhetsbånd (se `docs/metode.md`, del 3):
#
# - **kommunetotalen** (det målet gjelder) med metoden som traff kommunetotalene best;
# - **næringene og satsingsbransjene** med metoden som traff satsingsbransjene best, avstemt slik
#   at næringene summerer til totalen i hver simulert bane.
#
# Scenariene i `src/naering_analysis/data/scenarios/` endrer veksten i enkelte bransjer eller legger
# inn nye arbeidsplasser et bestemt år. Usikkerheten (80 % intervall og sannsynligheten for å nå
# målet) bygger på hvor mye tidligere prognoser for kommunetotalene har bommet.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
from IPython.display import display

from naering_analysis.datasets.build import frame
from naering_analysis.explorer import explorer
from naering_analysis.forecast.evidence_text import (
    format_evidence,
    format_probability,
    format_reconciliation,
)
from naering_analysis.numfmt import fmt_int, fmt_num, fmt_pct
from naering_analysis.reference.terms import label
from naering_analysis.report import council, coverage, nb

nb.setup()
utelatt = nb.omissions("03_scenarier", output_dir)
inputs = council.analysis_inputs(kommune, base_year, target_rate, target_year, snapshot)
nb.show_banner(inputs.employment)
nb.show_filled(inputs)
valg = inputs.choice
nb.show_markdown(
    f"**{label('metode_total')}:** {valg.label} (relativ MASE mot naiv "
    f"{fmt_num(valg.relative_mase, 2)}, {fmt_int(len(valg.regions))} kommuner i backtesten).  \n"
    f"**{label('metode_naeringer')}:** {valg.industry_label} (relativ MASE mot naiv "
    f"{fmt_num(valg.industry_relative_mase, 2)} på satsingsbransjene), avstemt mot totalen."
)

# %% [markdown]
# ## Scenariene side om side

# %%
nb.show(council.fig_scenarier(inputs))

# %%
scenariotabell = council.table_scenarier(inputs).frame
nb.table(
    scenariotabell,
    {c: c for c in scenariotabell.columns},
    ints=tuple(scenariotabell.columns[1:3]),
    pct=("Sannsynlighet for å nå målet",),
)

# %% [markdown]
# ## Framskriving per satsingsbransje
#
# Tabellen viser arbeidsplasser per bransje i målåret for hvert scenario.

# %%
import pandas as pd

per_bransje = pd.concat(
    [r.by_industry.assign(Scenario=navn) for navn, r in inputs.scenarios.items()]
)
maalaar = per_bransje.loc[per_bransje["year"] == target_year].pivot_table(
    index="bransje", columns="Scenario", values="jobs", aggfunc="sum"
)[list(inputs.scenarios)]
nb.table(
    maalaar.reset_index(),
    {"bransje": "Bransje", **{navn: navn for navn in inputs.scenarios}},
    ints=tuple(inputs.scenarios),
)

# %% [markdown]
# ## Hvorfor disse metodene? Backtest
#
# Backtesten later som den står i et tidligere år (prognoseår), framskriver hver næring i hver
# kommune inntil fem år fram med alle metodene, summerer til kommunenes totaler og de fem
# satsingsbransjene, og sammenligner med det som faktisk skjedde. **Hvert nivå vurderes for seg:**
# kommunetotalene alene (målet gjelder totalen), og satsingsbransjene alene.
#
# - **Relativ MASE** er feilen på nivået delt på feilen til en naiv framskriving (uendret nivå).
#   Under 1 betyr at metoden traff bedre enn «ingen endring».
# - **MASE per næring** er det samme målt på hver næringsserie for seg (tilleggsmål).
# - **Dekning 80 %** er hvor ofte utfallet havnet innenfor 80 %-båndet metoden ville ha gitt den
#   gangen. Den bør ligge nær 80 %; reglene krever 75–88 %.
#
# En metode erstatter naiv bare når båndene er godt kalibrerte og feilen er minst 5 % lavere enn
# naivs.

# %% [markdown]
# ### Kommunetotalene

# %%
nb.show_markdown(format_evidence(valg, "total"))
nb.show_markdown(valg.reason("total"))

# %% [markdown]
# ### Satsingsbransjene

# %%
nb.show_markdown(format_evidence(valg, "focus"))
nb.show_markdown(valg.reason("focus"))

# %% [markdown]
# ### Næringene avstemt mot totalen
#
# Totalen og næringene kan ha ulike metoder, og da summerer ikke næringene av seg selv til totalen.
# Totalen holdes fast (den er valgt og kalibrert på kommunetotalene), og næringene tar forskjellen.
# Backtesten prøver tre måter som holder totalen fast: MinT-shrink (forskjellen fordeles etter
# næringenes feilvarians og samvariasjon), WLS (bare feilvariansen) og proporsjonal fordeling etter
# næringenes andeler, og velger den som traff satsingsbransjene best. Til sammenligning står også
# «nedenfra og opp» (totalen er summen av næringene) og vanlig MinT-shrink (der totalen kan flytte
# seg). Se `docs/rekonsiliering.md`.

# %%
nb.show_markdown(format_reconciliation(valg))

# %% [markdown]
# ### Alle kommuner, eller bare kommuner som ligner?
#
# Valget bruker alle kommunene: det gir flest prognoseår × kommuner å vurdere på. Tabellen under
# viser det samme for kommunene i sammenligningsgruppen alene (standardgruppen i
# `peer_groups.yaml`). Velger de en annen metode, er det verdt å merke seg, men en test ut av
# utvalget (se `docs/metode.md`, del 3) fant ikke at et valg på de like kommunene alene traff
# bedre senere.

# %%
if len(valg.peer_evidence):
    andre = valg.peer_evidence.loc[valg.peer_evidence["chosen"], "label"].iloc[0]
    nb.show_markdown(
        f"{fmt_int(len(valg.peers))} kommuner i sammenligningsgruppen. Reglene ville valgt "
        f"**{andre}** på dem alene (på alle: **{valg.label}**)."
    )
    nb.show_markdown(format_evidence(valg, "total", valg.peer_evidence))
else:
    nb.show_markdown(
        "Øyeblikksbildet mangler folketall (07459), så sammenligningsgruppen er ukjent."
    )

# %% [markdown]
# ### Relativ MASE og dekning etter horisont (kommunetotalene)

# %%
etiketter = dict(zip(valg.evidence["method"], valg.evidence["label"], strict=True))
totaler = valg.by_horizon.loc[valg.by_horizon["level"] == "total"]
horisont = totaler.assign(Metode=totaler["method"].map(etiketter))
aar = {h: f"{h} år" for h in sorted(horisont["horizon"].unique())}
relativ = horisont.pivot_table(index="Metode", columns="horizon", values="relative_mase")
nb.show_markdown("**Relativ MASE etter horisont** (under 1: bedre enn naiv)")
nb.table(
    relativ.loc[list(etiketter.values())].reset_index(),
    {"Metode": "Metode", **aar},
    decimals=tuple(aar),
)

# %%
dekning = horisont.pivot_table(index="Metode", columns="horizon", values="coverage80")
nb.show_markdown("**Dekning av 80 %-intervallet etter horisont** (bør ligge nær 80 %)")
nb.table(
    dekning.loc[list(etiketter.values())].reset_index(), {"Metode": "Metode", **aar}, pct=tuple(aar)
)

# %% [markdown]
# ## Sannsynligheter som sannsynligheter
#
# En sannsynlighet for å nå målet er bare nyttig hvis den treffer bedre enn å si den historiske
# andelen. Backtesten regner derfor, for hver kommune, prognoseår og horisont, sannsynligheten for
# at kommunetotalen vokser minst 0, 1,0 og 1,5 % per år, og sammenligner med utfallet:
#
# - **Brier-ferdighet** sammenligner med klimatologien: andelen tidligere kommuneperioder av samme
#   lengde (kjent i prognoseåret) som nådde raten. Over 0 er bedre enn klimatologien; under 0 er
#   verre enn å ikke si noe.
# - **Pålitelighetstabellen** viser om det som fikk for eksempel 10–30 % faktisk skjedde 10–30 %
#   av gangene.
#
# Fordelingen er enten sentrert på metodens framskriving eller flyttet med medianen av tidligere
# feil (kalibrert); den med lavest CRPS (en samlet poengsum for hele fordelingen) er valgt.

# %%
crps = valg.probability.set_index("method").loc[valg.method]
nb.show_markdown(
    f"CRPS for {valg.label}: sentrert {fmt_num(float(crps['crps']), 0)} arbeidsplasser, "
    f"kalibrert {fmt_num(float(crps['crps_cal']), 0)}. Valgt: "
    f"**{'kalibrert' if valg.calibrated else 'sentrert'}**."
)
nb.show_markdown(format_probability(valg))
lav = valg.reliability.iloc[0]
nb.show_markdown(
    f"Av {fmt_int(int(lav['cases']))} tilfeller med anslått sannsynlighet på høyst 10 % skjedde "
    + (f"{fmt_pct(float(lav['observed']), 0)}." if lav["cases"] > 0 else "ingen (ingen tilfeller).")
)

# %% [markdown]
# ## Utforsk selv
#
# Flytt på glidebryterne for å endre veksten i satsingsbransjene, legg inn et jobbsjokk (for eksempel
# en ny fabrikk), og se hvordan gapet til målet og sannsynligheten endrer seg. Scenarioet kan lagres
# som YAML og brukes i rapporten. Samme utforsker finnes som nettside: `make explore`.

# %%
# The explorer reads 13470 as SSB published it: a suppressed cell of the kommune stops it.
publisert = frame("employment", snapshot)
if utelatt.check("Utforsk selv", coverage.suppressed_gap(publisert, "13470", kommune)):
    display(explorer(kommune=kommune, snapshot=snapshot))
