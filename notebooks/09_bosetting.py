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
# # 09 Bosetting: flytter folk hit?
#
# Arbeidsplassmålet henger sammen med spørsmålet «vil det være folk til å fylle jobbene?», og
# bystyret spør gjerne «flytter folk hit?». Notatboka svarer i to deler:
#
# 1. **Hvorfor endres folketallet?** Folkeveksten hvert år deles i fødselsoverskudd (fødte minus
#    døde), nettoinnvandring (fra og til utlandet) og netto innenlandsk flytting (fra og til andre
#    kommuner), fra SSB-tabell 01223 (4. kvartal = hele året). Delene går opp i folkeveksten;
#    et eventuelt avvik i SSBs publiserte tall vises for seg.
# 2. **Bostedsattraktivitet**, etter Telemarksforskings attraktivitetsmodell: folk flytter dit
#    jobbene er, så netto innenlandsk flytting måles mot det kommunens egen arbeidsplassvekst
#    tilsier. Den forventede flyttingen er en rett linje tilpasset *alle* kommunene i tallene for
#    samme periode (netto innenlandsk flytting per 1 000 innbyggere per år mot årlig
#    arbeidsplassvekst), beregnet på nytt hver gang på dataene som analyseres. Kommuner over linja
#    trekker flere innbyggere enn jobbveksten forklarer. Innvandring holdes utenfor fordi den i
#    stor grad følger bosettingsavtaler med staten og nasjonale forhold, ikke et valg mellom
#    norske kommuner.
#
# Kommunen rangeres i de samme gruppene som attraktiviteten for næringsliv i notatbok 06
# (`naering_analysis/data/peer_groups.yaml`). Formlene står i `docs/metode.md`.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
from IPython.display import display

from naering_analysis.analysis.migration import components
from naering_analysis.datasets.build import frame
from naering_analysis.figures import export_figure
from naering_analysis.figures.migration import (
    fig_living_attractiveness_rank,
    fig_population_components,
)
from naering_analysis.numfmt import fmt_num
from naering_analysis.reference.terms import label
from naering_analysis.report import coverage, migration, nb, needs

nb.setup()
utelatt = nb.omissions("09_bosetting", output_dir)
mapper = nb.output_dirs(output_dir)
mangler = needs.migration_gaps(kommune, snapshot)
if mangler:
    nb.show_banner(frame("population", snapshot))
har_flytting = utelatt.check("Befolkningsendringer og bostedsattraktivitet", *mangler)
if har_flytting:
    flytting, bosetting = migration.load_living(kommune, snapshot)
    nb.show_banner(flytting)
    deler = components(flytting)
    sysselsatte = frame("employment", snapshot)
    navn = bosetting[0].comparison.region_name

# %% [markdown]
# ## Befolkningsendringer per år
#
# Stolpene viser de tre delene av folkeveksten hvert år (personer); den svarte ruten er
# folkeveksten. Delene over null stables oppover, delene under null nedover.

# %%
if har_flytting:
    figur = fig_population_components(
        deler,
        kommune,
        **migration.figure_options(flytting, "13_befolkningsendringer"),
    )
    nb.show(figur)  # figurer/13_befolkningsendringer.* is a council figure: 05_figurer writes it
    egne = deler.loc[deler["region_code"] == kommune]
    kolonner = {
        "year": label("aar"),
        "natural_change": label("fodselsoverskudd"),
        "net_international": label("nettoinnvandring"),
        "net_domestic": label("netto_innenlandsk_flytting"),
        "population_change": label("folkevekst"),
        "residual": label("avvik_komponenter"),
    }
    display(nb.table(egne, kolonner, ints=tuple(c for c in kolonner if c != "year")))

# %% [markdown]
# ## Bostedsattraktivitet
#
# For hver periode: linja som gir forventet netto innenlandsk flytting ut fra arbeidsplassveksten,
# hvor godt den forklarer flyttingen (R²), og kommunens plass i hver gruppe. En lav R² betyr at
# jobbveksten alene forklarer lite av flyttingen; da er «bostedsattraktivitet» mest kommunens
# egen flyttebalanse målt mot landsgjennomsnittet. I demodataene er flyttingen laget uten
# sammenheng med jobbveksten, så linja er nesten flat der.

# %%
if har_flytting:
    for levested in bosetting:
        linje = levested.measures.attrs["expected_migration"]
        nb.show_markdown(
            f"### {levested.period}\n\n"
            f"Forventet netto innenlandsk flytting per 1 000 per år = "
            f"{fmt_num(linje['intercept'], 2)} + {fmt_num(linje['slope'], 2)} × arbeidsplassvekst "
            f"(% per år), tilpasset {linje['municipalities']} kommuner, "
            f"R² = {fmt_num(linje['r_squared'], 3)}.\n\n"
            + " ".join(migration.summary_lines(levested))
        )
        rader = levested.ranks.pivot_table(
            index="measure_label", columns="group", values="text", aggfunc="first"
        )
        display(nb.table(rader.reset_index().rename(columns={"measure_label": label("indikator")})))

# %% [markdown]
# ## Rangering i sammenligningsgruppen
#
# Prikkene viser bostedsattraktiviteten til hver kommune i gruppen, høyeste øverst. Tabellen under
# lagres også som Excel og CSV i `tabeller/`.

# %%
if har_flytting:
    for levested in bosetting:
        c = levested.comparison
        perioden = range(c.start, c.end + 1)
        mangler = coverage.measure_gap(
            levested.measures, kommune, "living_attractiveness", sysselsatte, perioden
        )
        if utelatt.check(f"Rangeringsfiguren, {c.period}", mangler):
            figur = fig_living_attractiveness_rank(
                levested.measures,
                kommune,
                c.members,
                group_name=c.peer_group.name,
                **migration.figure_options(
                    levested.measures, f"14_bostedsattraktivitet_{c.start}_{c.end}"
                ),
            )
            nb.show(figur)
            if levested is not bosetting[-1]:  # the latest period is a council figure (05)
                export_figure(figur, mapper.figures)
        tabell = migration.living_table(levested)
        nb.show_markdown(f"### {navn} blant {c.peer_group.name.lower()}, {c.period}")
        heltall = (label("bostedsattraktivitet_personer"), label("rangering_bostedsattraktivitet"))
        desimaler = tuple(c for c in tabell.columns if c not in (label("kommune"), *heltall))
        display(nb.table(tabell, ints=heltall, decimals=desimaler))
