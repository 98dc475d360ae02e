# The README's commands, each a `news-intel` subcommand. NEWS_INPUT_DIR and NEWS_DUCKDB_PATH (and the other
# NEWS_* settings) pass through; each warehouse keeps its Dagster instance beside it (news-intel run).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Superset pins SQLAlchemy 1.4 (the project uses 2.x): it gets a virtual environment of its own.
BI_VENV := .venv-bi
BI_STAMP := $(BI_VENV)/.installed
DBT_DIR := $(CURDIR)/dbt
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export DAGSTER_DISABLE_TELEMETRY := 1
# Empty: the benchmark reads $NEWS_CORPORA_DIR/bbc (see the README, "Quality, measured").
CORPUS ?=

.PHONY: setup parse run test test-slow ui docs bench bi bi-setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# @dbt_assets reads dbt/target/manifest.json at import time; a fresh clone has none.
parse: $(STAMP)
	@cd $(DBT_DIR) && $(CURDIR)/$(BIN)/dbt parse --quiet --project-dir $(DBT_DIR) --profiles-dir $(DBT_DIR)

# Parsed again only when a file of the dbt project is newer than the manifest (news-intel run checks the same):
# an up-to-date re-run then costs a second, not a dbt start.
MANIFEST := dbt/target/manifest.json
DBT_SOURCES := $(shell find dbt/dbt_project.yml dbt/profiles.yml dbt/models dbt/seeds dbt/macros dbt/tests -type f 2>/dev/null)

$(MANIFEST): $(STAMP) $(DBT_SOURCES)
	@cd $(DBT_DIR) && $(CURDIR)/$(BIN)/dbt parse --quiet --project-dir $(DBT_DIR) --profiles-dir $(DBT_DIR)

run: $(MANIFEST)
	@$(BIN)/news-intel run

test: parse
	$(BIN)/python -m pytest -q

# The tests marked slow (whole runs under faults, the long fuzz timing): left out of `make test` for its budget.
test-slow: parse
	$(BIN)/python -m pytest -q -m slow

ui: parse
	$(BIN)/news-intel ui

docs: parse
	$(BIN)/news-intel docs

bench: parse
	$(BIN)/news-intel bench $(if $(CORPUS),--corpus $(CORPUS))

# Superset on the published warehouse (build it first with `make run`); first start prints the generated login.
bi: $(STAMP) $(BI_STAMP)
	$(BIN)/news-intel bi

bi-setup: $(BI_STAMP)

$(BI_STAMP): bi/requirements.txt bi/constraints.txt
	$(PYTHON) -m venv $(BI_VENV)
	$(BI_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BI_VENV)/bin/python -m pip install --quiet -r bi/requirements.txt -c bi/constraints.txt
	touch $(BI_STAMP)

clean:
	rm -rf warehouse dbt/target dbt/logs bench_out
