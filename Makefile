# naering-analysis: one entry point. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.8
STAMP  := $(VENV)/.installed
export PYTHONPATH :=
# Kernels and matplotlib must never try to open a window on a build machine.
export MPLBACKEND := Agg

.PHONY: help venv report test lint format lab explore build fetch snapshots backtest rollover bench bench-report clean

help: ## Vis denne oversikten / list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

# The venv is rebuilt only when the lock or pyproject changes.
$(STAMP): requirements.lock pyproject.toml
	@echo "==> Lager .venv fra requirements.lock (første gang tar dette et par minutter)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	@$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	@$(BIN)/python -m ipykernel install --sys-prefix --name naering-analysis --display-name "Python (naering-analysis)" >/dev/null
	@touch $(STAMP)

venv: $(STAMP) ## Lag/oppdater det virtuelle miljøet fra låsefilen

report: $(STAMP) ## Hovedjobben: bygg data og lag rapporten fra siste øyeblikksbilde
	$(BIN)/naering report

test: $(STAMP) ## Kjør ruff, mypy og hele testsuiten (installerer Chromium og LibreOffice til nettleser- og Word-testene når det går)
	@scripts/ensure_chromium.sh --if-possible
	@scripts/ensure_libreoffice.sh --if-possible
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff check + format --check + mypy + importkontrakter (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP) ## Formater koden med ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lab: $(STAMP) ## Start JupyterLab med prosjektets kjerne
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

explore: $(STAMP) ## Start scenarioutforskeren i nettleseren på http://127.0.0.1:8866 (annen port: NAERING_PORT=8870 make explore)
	$(BIN)/python -m naering_analysis.explorer.app

rollover: $(STAMP) ## Årlig rullering: hent nye SSB-data (om mulig), bygg, rapport og endringer.md
	$(BIN)/naering rollover

build: $(STAMP) ## Bygg data/processed fra øyeblikksbildene
	$(BIN)/naering build

fetch: $(STAMP) ## Hent ferske SSB-tabeller (krever internett)
	$(BIN)/naering fetch

snapshots: $(STAMP) ## List øyeblikksbilder med proveniens
	$(BIN)/naering snapshots

backtest: $(STAMP) ## Skriv ut backtest-tabellen for prognosemetodene
	$(BIN)/naering backtest

bench: $(STAMP) ## Kjør ytelsesmålingene i benchmarks/
	$(BIN)/python -m pytest benchmarks --benchmark-enable -p no:cacheprovider -o addopts=""

bench-report: $(STAMP) ## Ta tiden på make report (varm): CPU og veggtid, steg for steg, mot koden før CPU-arbeidet (issue 21)
	$(BIN)/python benchmarks/report_timing.py

clean: ## Fjern genererte filer (ikke rådata)
	rm -rf data/processed/*.parquet data/processed/manifest.json data/processed/metodevalg.json reports .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
