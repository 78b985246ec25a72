# Folkmoot. `make demo` runs it with synthetic demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip --disable-pip-version-check -q
FOLKMOOT := $(VENV)/bin/folkmoot
FRONTEND := build/frontend
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
PORT ?= 8000
export PIP_NO_WARN_SCRIPT_LOCATION := 1

.DEFAULT_GOAL := help
.PHONY: help demo test test-postgres test-sqlite install install-test assets migrate worker serve lint bench clean lock

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.base: pyproject.toml requirements/constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -c requirements/constraints.txt -e . 2> >(grep -v "is ignored" >&2)
	@touch $@

$(VENV)/.test: $(VENV)/.base
	$(PIP) install -c requirements/constraints.txt -e '.[test]' 2> >(grep -v "is ignored" >&2)
	@touch $@

install: $(VENV)/.base ## Create .venv and install Folkmoot
install-test: $(VENV)/.test ## Install Folkmoot with the test extras

$(FRONTEND)/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(FRONTEND) && mkdir -p $(FRONTEND)/static/nhsuk $(FRONTEND)/root
	cp $(NHSUK)/nhsuk-frontend.min.css $(NHSUK)/nhsuk-frontend.min.js $(FRONTEND)/static/nhsuk/
	cp -r $(NHSUK)/assets $(FRONTEND)/root/assets
	@touch $@

assets: $(FRONTEND)/.stamp ## Install the pinned NHS.UK frontend (npm) and copy it into place

migrate: install assets ## Create or update the database (SQLite under var/ unless DATABASE_URL is set)
	@scripts/ensure-system.sh runtime
	@mkdir -p var
	$(FOLKMOOT) migrate --no-input -v 0

demo: migrate ## Set up and run Folkmoot with demo data on http://127.0.0.1:8000
	$(FOLKMOOT) demo --if-empty
	@echo
	@echo "  Folkmoot: http://127.0.0.1:$(PORT)/"
	@echo "  Demo login: username 'lead' (or admin, analyst, partner, viewer), password 'folkmoot-demo'"
	@echo
	@$(FOLKMOOT) worker > var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	  $(FOLKMOOT) scheduler > var/scheduler.log 2>&1 & echo $$! > var/scheduler.pid; \
	  trap 'kill $$(cat var/worker.pid) $$(cat var/scheduler.pid) 2>/dev/null' EXIT INT TERM; \
	  $(FOLKMOOT) serve --port $(PORT)

test: install-test assets ## Install what the tests need (Chromium, PostgreSQL) and run every test
	@scripts/ensure-system.sh test
	@$(MAKE) --no-print-directory test-postgres test-sqlite

test-postgres:
	DATABASE_URL=$$(scripts/ensure-postgres.sh | tail -n 1) $(VENV)/bin/pytest -q

test-sqlite: ## The embedded default: migrations, demo load and the main journeys on SQLite
	DATABASE_URL= $(VENV)/bin/pytest -q -m sqlite

lint: install-test ## ruff, and no missing migrations
	$(VENV)/bin/ruff check folkmoot
	$(VENV)/bin/ruff format --check folkmoot
	$(FOLKMOOT) makemigrations --check --dry-run

lock: ## Refresh requirements/constraints.txt from the current .venv
	$(PIP) freeze --exclude-editable | grep -v '^folkmoot' > requirements/constraints.txt

clean: ## Remove the virtual environment, built assets and local data
	rm -rf $(VENV) build node_modules var
