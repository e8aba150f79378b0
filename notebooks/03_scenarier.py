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
# # 03 Scenarier: hvor ender vi i 2030?
#
# Framskrivingene per satsingsbransje bygger på standardmetoden, som er valgt ved backtesting (se
# `docs/metode.md`). Scenariene i `src/naering_analysis/data/scenarios/` endrer veksten i enkelte
# bransjer eller legger inn nye arbeidsplasser et bestemt år. Usikkerheten (80 % intervall og
# sannsynligheten for å nå målet) bygger på hvor mye tidligere prognoser har bommet.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
from naering_analysis.explorer import explorer
from naering_analysis.forecast.backtest import backtest_report
from naering_analysis.forecast.projections import DEFAULT_METHOD
from naering_analysis.report import council, nb

nb.setup()
inputs = council.analysis_inputs(kommune, base_year, target_rate, target_year, snapshot)
nb.show_banner(inputs.employment)
print(f"Standardmetode for framskrivingene: {DEFAULT_METHOD}")

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
# Backtesten later som den står i et tidligere år, framskriver fem år fram og sammenligner med det
# som faktisk skjedde. MASE under 1 betyr mindre feil enn en naiv ettårsprognose; dekningen sier hvor
# ofte utfallet havnet innenfor 80 %-intervallet (bør ligge mellom 70 og 90 %).

# %%
nb.show_markdown(backtest_report(inputs.employment))

# %% [markdown]
# ## Utforsk selv
#
# Flytt på glidebryterne for å endre veksten i satsingsbransjene, legg inn et jobbsjokk (for eksempel
# en ny fabrikk), og se hvordan gapet til målet og sannsynligheten endrer seg. Scenarioet kan lagres
# som YAML og brukes i rapporten. Samme utforsker finnes som nettside: `make explore`.

# %%
explorer(kommune=kommune, snapshot=snapshot)
