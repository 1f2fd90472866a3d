# isgraph — `make run` builds the graph from seeds/, `make test` runs the test suite. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
OUT ?= dist

.PHONY: run test setup setup-test build bench clean servers

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

build: setup
	$(VENV)/bin/isgraph build seeds --out $(OUT)

run: build
	@echo
	@echo "== Which funders back energy-poverty (précarité énergétique) initiatives? =="
	$(VENV)/bin/isgraph query financeurs-precarite-energetique --graph $(OUT)/isgraph.ttl

test: setup-test
	$(PY) -m pytest -q

BENCH_ARGS ?=

bench: setup-test
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(OUT) $(OUT).rejected build *.egg-info .pytest_cache
