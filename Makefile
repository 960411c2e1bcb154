# Roster — the two commands a fresh clone needs are `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATABASE ?= $(or $(ROSTER_DATABASE_URL),sqlite:///roster.db)
DEMO_USERS ?= 2000
PYTEST_WORKERS ?= 2

.PHONY: install serve test test-sqlite test-postgres lint format bench clean

install: $(STAMP) ## Create .venv and install Roster with pinned dependencies

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

serve: install ## Serve both dialects on http://127.0.0.1:8000 (demo data on first run)
	$(BIN)/roster demo --database "$(DATABASE)" --users $(DEMO_USERS)
	$(BIN)/roster serve --database "$(DATABASE)"

test: install ## The whole suite on SQLite, and on PostgreSQL when ROSTER_TEST_POSTGRES_URL is set
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$ROSTER_TEST_POSTGRES_URL" ]; then \
		$(MAKE) --no-print-directory test-postgres; \
	else echo "ROSTER_TEST_POSTGRES_URL is not set: PostgreSQL run skipped"; fi

test-sqlite: install
	ROSTER_TEST_DATABASE_URL= $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

test-postgres: install
	ROSTER_TEST_DATABASE_URL="$$ROSTER_TEST_POSTGRES_URL" $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

lint: install ## ruff (format + lint) and mypy --strict
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

format: install ## ruff format + autofix, and regenerate the docs made from the declarations
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/python -m roster.docs_gen
	$(BIN)/python -m roster.fixtures.docs docs/fixtures.md

bench: install ## The benchmark of docs/benchmark.md (not part of make test; about 50 minutes)
	PYTHON=$(BIN)/python bash bench/setup.sh
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
