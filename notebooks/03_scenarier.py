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
# Framskrivingene per satsingsbransje bygger på metoden som er valgt ved backtest på akkurat disse
# dataene: alle metodene har framskrevet fra tidligere år, og den som traff kommunetotalene og
# satsingsbransjene best, med godt kalibrerte usikkerhetsbånd, er valgt (se `docs/metode.md`, del 3).
# Scenariene i `src/naering_analysis/data/scenarios/` endrer veksten i enkelte bransjer eller legger
# inn nye arbeidsplasser et bestemt år. Usikkerheten (80 % intervall og sannsynligheten for å nå
# målet) bygger på hvor mye tidligere prognoser har bommet.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
from naering_analysis.explorer import explorer
from naering_analysis.forecast.choice import format_evidence
from naering_analysis.numfmt import fmt_num
from naering_analysis.report import council, nb

nb.setup()
inputs = council.analysis_inputs(kommune, base_year, target_rate, target_year, snapshot)
nb.show_banner(inputs.employment)
valg = inputs.choice
nb.show_markdown(
    f"**Framskrivingsmetode valgt på disse dataene:** {valg.label} "
    f"(relativ MASE mot naiv {fmt_num(valg.relative_mase, 2)})."
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
# ## Hvorfor denne metoden? Backtest
#
# Backtesten later som den står i et tidligere år (prognoseår), framskriver hver næring i hver
# kommune inntil fem år fram med alle metodene, summerer til kommunenes totaler og de fem
# satsingsbransjene, og sammenligner med det som faktisk skjedde.
#
# - **Relativ MASE** er feilen i totalene delt på feilen til en naiv framskriving (uendret nivå).
#   Under 1 betyr at metoden traff bedre enn «ingen endring».
# - **MASE per næring** er det samme målt på hver næringsserie for seg (tilleggsmål).
# - **Dekning 80 %** er hvor ofte utfallet havnet innenfor 80 %-båndet metoden ville ha gitt den
#   gangen. Den bør ligge nær 80 %; reglene krever 75–88 %.
#
# En metode erstatter naiv bare når båndene er godt kalibrerte og feilen i totalene er minst 5 %
# lavere enn naivs.

# %%
nb.show_markdown(format_evidence(valg))
nb.show_markdown(valg.reason())

# %% [markdown]
# Relativ MASE og dekning etter hvor mange år fram prognosen gjelder:

# %%
etiketter = dict(zip(valg.evidence["method"], valg.evidence["label"], strict=True))
horisont = valg.by_horizon.assign(Metode=valg.by_horizon["method"].map(etiketter))
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
# ## Utforsk selv
#
# Flytt på glidebryterne for å endre veksten i satsingsbransjene, legg inn et jobbsjokk (for eksempel
# en ny fabrikk), og se hvordan gapet til målet og sannsynligheten endrer seg. Scenarioet kan lagres
# som YAML og brukes i rapporten. Samme utforsker finnes som nettside: `make explore`.

# %%
explorer(kommune=kommune, snapshot=snapshot)
