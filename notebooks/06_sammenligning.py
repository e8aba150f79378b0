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
# # 06 Sammenligning: hvordan går det sammenlignet med lignende kommuner?
#
# Etter «når vi målet?» spør bystyret gjerne «hvordan går det hos oss sammenlignet med andre?».
# Notatboka svarer med attraktivitetsmodellen fra regionale analyser (Telemarksforskings
# *Regional analyse* og *NæringsNM*): veksten i arbeidsplasser deles i
#
# * **strukturell vekst**: den veksten kommunen ville hatt dersom hver næring hadde vokst som i
#   hele landet, gitt kommunens egen næringssammensetning, og
# * **attraktivitet for næringsliv**: resten, faktisk vekst minus strukturell vekst.
#
# En kommune med positiv attraktivitet har vokst mer enn næringsstrukturen tilsier. Kommunen
# rangeres så blant kommuner av lignende størrelse, i fylket, i næringsregionen og i hele landet,
# på attraktivitet og de andre målene: arbeidsplassvekst (alle og private), arbeidsplassdekning,
# netto innpendling, sysselsettingsandel og befolkningsvekst. «nr. 1» er høyeste verdi. En kommune
# med en skjult celle hos SSB (`:`) rangeres ikke på målet cellen inngår i, og gruppestørrelsen
# teller bare kommunene som er rangert. Gruppene er definert i
# `naering_analysis/data/peer_groups.yaml`; formlene står i `docs/metode.md`.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
gruppe = None  # id i peer_groups.yaml; None gir standardgruppen
snapshot = None
output_dir = None

# %%
from IPython.display import display

from naering_analysis.analysis.employment_rate import employment_rate, project_rate
from naering_analysis.figures import export_figure
from naering_analysis.report import coverage, nb, peers

nb.setup()
utelatt = nb.omissions("06_sammenligning", output_dir)
tall = peers.load_frames(snapshot)
nb.show_banner(tall.jobs)
mapper = nb.output_dirs(output_dir)
if tall.coverage_note():
    nb.show_markdown(f"**Merk:** {tall.coverage_note()}")
perioder = peers.default_periods(tall.jobs)
sammenligninger = [peers.compare(tall, kommune, a, b, gruppe) for a, b in perioder]
forste = sammenligninger[0]
nb.show_markdown(
    f"Sammenligningsgruppe: **{forste.peer_group.name}** ({len(forste.members)} kommuner). "
    f"{forste.peer_group.description}"
)

# %% [markdown]
# ## Rangeringer
#
# Tabellene viser kommunens verdi på hvert mål og plassen i hver gruppe, for
# handlingsprogrammets periode og for de siste fem årene.

# %%
for sammenligning in sammenligninger:
    nb.show_markdown(f"### {sammenligning.period}")
    display(nb.table(peers.rank_overview(sammenligning)))

# %% [markdown]
# ## Attraktivitet i sammenligningsgruppen
#
# Prikkene viser attraktiviteten til hver kommune i gruppen (prosentpoeng per år), høyeste øverst.
# Punktdiagrammet viser faktisk vekst mot strukturell vekst: kommuner over den grå diagonalen har
# vokst mer enn næringsstrukturen tilsier, og den stiplede linja er målet om 1,5 % årlig vekst.

# %%
for sammenligning in sammenligninger:
    perioden = range(sammenligning.start, sammenligning.end + 1)
    mangler = coverage.measure_gap(
        sammenligning.measures, kommune, "attractiveness_annual_pp", tall.jobs, perioden
    )
    if not utelatt.check(f"Attraktivitetsfigurene, {sammenligning.period}", mangler):
        continue
    for figur in peers.figures(sammenligning, target_rate):
        nb.show(figur)
        export_figure(figur, mapper.figures)

# %% [markdown]
# ## Kommunene i gruppen
#
# Én rad per kommune i sammenligningsgruppen, sortert etter attraktivitet. Tabellen lagres også
# som Excel og CSV i `tabeller/`.

# %%
for sammenligning in sammenligninger:
    peers.export_peer_table(sammenligning, mapper.tables)
    nb.show_markdown(f"### {sammenligning.period}")
    tabell = peers.peer_table(sammenligning)
    heltall = [c for c in tabell.columns if c not in ("Kommune",) and "per år" not in c]
    prosent = [c for c in tabell.columns if "per år" in c]
    display(nb.table(tabell, ints=tuple(heltall), decimals=tuple(prosent)))

# %% [markdown]
# ## Sysselsettingsandelen
#
# Handlingsprogrammet har en høyere sysselsettingsandel som mål: sysselsatte bosatt i kommunen
# (15–74 år) delt på befolkningen 15–74 år (SSB-tabell 11618). Framskrivingen til 2030 fører
# gjennomsnittlig årlig endring de siste fem årene videre, dempet med faktoren 0,8 per år
# (en dempet trend; se `docs/metode.md`). Den er en illustrasjon av retningen, ikke en prognose
# med usikkerhetsbånd.

# %%
if tall.labour is None:
    nb.show_markdown(
        "Tabell 11618 mangler i øyeblikksbildene. Hent den med `naering fetch 11618` (krever "
        "internett)."
    )
else:
    andel = employment_rate(tall.labour)
    regioner = [kommune, "31", "0"]
    serie = andel.loc[andel["region_code"].isin(regioner)]
    bred = serie.pivot_table(index="year", columns="region_code", values="rate_pct")
    navn = {kommune: forste.region_name, "31": "Østfold", "0": "Hele landet"}
    bred = bred.reindex(columns=[r for r in regioner if r in bred.columns]).rename(columns=navn)
    framskrevet = project_rate(andel, kommune, target_year)
    bred = bred.reset_index().rename(columns={"year": "År"})
    display(nb.table(bred, pct_points=tuple(c for c in bred.columns if c != "År")))
    nb.show_markdown(f"Framskrevet sysselsettingsandel for {forste.region_name}:")
    display(
        nb.table(
            framskrevet,
            {"year": "År", "rate_pct": "Sysselsettingsandel, framskrevet"},
            pct_points=("rate_pct",),
        )
    )
