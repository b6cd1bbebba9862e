# xxgk — common tasks. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/xxgk.duckdb
PORT ?= 8501

.PHONY: install demo data dashboard test test-fast lint format bench fuzz dictionary clean

$(BIN)/xxgk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/xxgk

install: $(BIN)/xxgk

## Build the demo database from the shipped reports and open the dashboard.
demo: install data
	$(BIN)/xxgk dashboard --db $(DB) --port $(PORT)

data: install
	$(BIN)/xxgk demo --db $(DB)

dashboard: install
	$(BIN)/xxgk dashboard --db $(DB) --port $(PORT)

## Install and run the whole test suite (what CI runs).
test: install
	$(BIN)/python -m pytest --doctest-modules etl tests -n 2

test-fast: install
	$(BIN)/python -m pytest --doctest-modules etl tests -m "not browser and not slow" -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/xxgk dictionary | diff -q - docs/dictionary.md
	$(BIN)/xxgk rules | diff -q - docs/rules.md

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python benchmarks/run_all.py

## Read many mutants of every format (crash / hang / non-finite / memory); FUZZ_COUNT=…, FUZZ_SEED=…
fuzz: install
	$(BIN)/python -m tests.fuzz.fuzz --count $(or $(FUZZ_COUNT),500) --seed $(or $(FUZZ_SEED),1) --keep build/fuzz-failures

dictionary: install
	mkdir -p docs
	$(BIN)/xxgk dictionary > docs/dictionary.md
	$(BIN)/xxgk rules > docs/rules.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
