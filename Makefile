# SurvIndex: `make run` builds the index and serves the dashboard; `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= survindex.db

.PHONY: install run test lint browser-deps frontend clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

run: install
	$(BIN)/survindex --db $(DB) init
	$(BIN)/survindex --db $(DB) findings --edition aigs-2022
	$(BIN)/survindex --db $(DB) serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
