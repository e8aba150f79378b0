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
# # Scenarioutforsker: arbeidsplasser mot målet om 1,5 % vekst
#
# Flytt glidebryterne for de fem satsingsbransjene og se straks hvordan antall arbeidsplasser
# fram mot 2030 utvikler seg mot målbanen i handlingsprogrammet.
#
# - **Multiplikator på framskrivingen**: 1,0 er grunnmetodens framskriving, 2,0 dobler den
#   framskrevne veksten og 0 holder bransjen på dagens nivå.
# - **Årlig vekst (%)**: fast vekst per år fra siste dataår. Glidebryterne starter på veksten
#   grunnmetoden gir for hver bransje.
# - **Jobbhendelse**: en varig endring i antall arbeidsplasser fra et gitt år, for eksempel en ny
#   bedrift (positivt tall) eller en nedleggelse (negativt tall).
#
# Det skyggelagte feltet er et 80 % usikkerhetsintervall bygget på hvor mye tidligere
# framskrivinger har bommet. *Sannsynlighet for å nå målet* er andelen simulerte utviklingsbaner
# som når målbanen i målåret.
#
# **Lagre scenario** skriver scenariet som en YAML-fil i mappen `scenarios/`, og den kan lastes
# inn igjen i de andre notatbøkene. **Eksporter figur** lager figuren i bystyrestil (PNG, SVG
# og PDF) i `reports/utforsker/`. Begge filene kan også lastes ned fra lenkene under figuren.

# %% tags=["parameters"]
kommune = "3105"
snapshot = None

# %%
from naering_analysis.explorer import explorer

utforsker = explorer(kommune=kommune, snapshot=snapshot)
utforsker
