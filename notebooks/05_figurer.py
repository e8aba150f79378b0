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
# # 05 Figurer og tabeller til bystyresaken
#
# Notatboka lager alle figurene og tabellene i rådsstil: PNG (300 dpi), SVG og PDF i full bredde
# (16 cm), en CSV med tallene bak hver figur og en kort alternativ tekst, og tabeller som Excel og
# CSV. Med `make report` havner de i `reports/<dato>/figurer` og `tabeller`.

# %% tags=["parameters"]
kommune = "3105"
base_year = 2022
target_rate = 0.015
target_year = 2030
snapshot = None
output_dir = None

# %%
import pandas as pd

from naering_analysis.report import council, nb

nb.setup()
inputs = council.analysis_inputs(kommune, base_year, target_rate, target_year, snapshot)
nb.show_banner(inputs.employment)
nb.show_filled(inputs)
mapper = nb.output_dirs(output_dir)
utelatt = nb.omissions("05_figurer", output_dir)

# %%
skrevet = council.export_all(
    inputs, mapper.figures, mapper.tables, progress=print, left_out=utelatt
)

# %%
nb.table(
    pd.DataFrame(
        [
            {"Navn": navn, "Format": fmt, "Fil": str(path.relative_to(mapper.root))}
            for navn, filer in skrevet.items()
            for fmt, path in filer.items()
        ]
    )
)
