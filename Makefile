# The README's commands. NEWS_INPUT_DIR and NEWS_DUCKDB_PATH (and the other NEWS_* settings) pass through.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DBT_DIR := $(CURDIR)/dbt
export DAGSTER_HOME ?= $(CURDIR)/dagster_home
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export DAGSTER_DISABLE_TELEMETRY := 1
CORPUS ?= ../shared/corpora/bbc

.PHONY: setup parse run test ui docs bench score clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# @dbt_assets reads dbt/target/manifest.json at import time; a fresh clone has none.
parse: $(STAMP)
	cd $(DBT_DIR) && $(CURDIR)/$(BIN)/dbt parse --quiet --project-dir $(DBT_DIR) --profiles-dir $(DBT_DIR)

run: parse
	$(BIN)/python -m dagster_project.run

test: parse
	$(BIN)/python -m pytest -q

ui: parse
	$(BIN)/dagster dev -m dagster_project.definitions -h $${DAGSTER_UI_HOST:-127.0.0.1} -p $${DAGSTER_UI_PORT:-3000}

# Docs read the catalog from a scratch copy of the published warehouse: never the file a run is writing.
docs: parse
	@published=$$($(BIN)/python -c "from news_intel.settings import load_settings; print(load_settings().published_path)"); \
	  test -f "$$published" || { echo "No published warehouse at $$published: run 'make run' first"; exit 1; }; \
	  scratch=$$(mktemp -d); cp "$$published" "$$scratch/docs.duckdb"; \
	  cd $(DBT_DIR) && NEWS_DUCKDB_PATH="$$scratch/docs.duckdb" $(CURDIR)/$(BIN)/dbt docs generate --project-dir $(DBT_DIR) --profiles-dir $(DBT_DIR) && \
	  $(CURDIR)/$(BIN)/dbt docs serve --project-dir $(DBT_DIR) --profiles-dir $(DBT_DIR) --host 127.0.0.1 --port $${DBT_DOCS_PORT:-8080}

bench: parse
	$(BIN)/python -m news_intel.benchmark --corpus $(CORPUS)

clean:
	rm -rf warehouse dbt/target dbt/logs
