# isgraph — `make run` builds the graph from seeds/, `make test` runs the test suite. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
OUT ?= dist

.PHONY: run test setup setup-test build bench clean servers vendor

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

# front-end packages of the site (web/package-lock.json); the files the site ships are copied from them into
# src/isgraph/site/assets/vendor/ by `make vendor` and committed (tests/test_site.py checks they are identical)
web/node_modules/.installed: web/package.json web/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd web && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "make: npm not found; the site uses the committed copies in src/isgraph/site/assets/vendor/"; fi

setup: $(VENV)/.installed web/node_modules/.installed
setup-test: $(VENV)/.installed-test web/node_modules/.installed

vendor: web/node_modules/.installed
	bash scripts/vendor-assets.sh

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
	rm -rf $(VENV) $(OUT) $(OUT).rejected build *.egg-info .pytest_cache web/node_modules
