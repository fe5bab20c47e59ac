# SurvIndex: `make run` builds the index and serves the dashboard; `make test` runs the whole suite.
# Parts of the project add prerequisites to `install` and `test-deps` in mk/*.mk.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= survindex.db

.PHONY: install python-deps test-deps run test test-fast lint docs bench clean

all: install

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

python-deps: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

install: python-deps

test-deps: install

-include mk/*.mk

run: install
	$(BIN)/survindex --db $(DB) init
	$(BIN)/survindex --db $(DB) findings --edition aigs-2022
	$(BIN)/survindex --db $(DB) serve --host 127.0.0.1 --port 8000

# Docs generated from the code (cog blocks): `make docs` rewrites them, `make lint` checks them.
GENERATED_DOCS := docs/cli.md docs/settings.md

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/cog --check $(GENERATED_DOCS)

docs: install
	$(BIN)/cog -r $(GENERATED_DOCS)

test: install test-deps lint
	$(BIN)/pytest

# The inner loop: no browser, no PostgreSQL server, no subprocess-heavy or fuzzing tests.
test-fast: install
	$(BIN)/pytest -m "not slow and not postgresql"

bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/init_time.py
	for script in benchmarks/extract_throughput.py benchmarks/api_load.py; do \
	  [ -f $$script ] && $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
