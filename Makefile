# The README's commands: `make run` and `make test`. `make setup` installs alone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# The Python the virtual environment is built with: PYTHON=, or the newest supported one found
# (3.13, 3.12, 3.11: scripts/choose-python says what to install when there is none).
PYTHON ?=
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# One test process per core (pytest-xdist); PYTEST_ARGS= runs in one process.
PYTEST_ARGS ?= -n auto

.PHONY: help setup run serve test test-sqlite test-postgres lint lint-imports bench messages lock browser demo

help:
	@echo "make run     install, migrate, load demo data and serve on http://$(HOST):$(PORT) with a worker"
	@echo "make serve   production: gunicorn and a worker against DATABASE_URL (docs/operations.md)"
	@echo "make test    the whole suite (SQLite; PostgreSQL too when DATABASE_URL points at one)"
	@echo "make setup   create $(VENV) and install pinned dependencies"
	@echo "make lint    ruff, mypy on the engines, import-linter contracts"
	@echo "make bench   benchmarks under benchmarks/"

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	@if [ -x $(BIN)/python ]; then \
	  echo "Using $(VENV) with $$($(BIN)/python --version) (rm -rf $(VENV) to build it again)"; \
	else \
	  python=$$(PYTHON='$(PYTHON)' bash scripts/choose-python) || exit 1; \
	  echo "Using $$($$python --version) ($$python) for $(VENV)"; \
	  $$python -m venv $(VENV) || { echo "$$python could not make a virtual environment: install its venv module (Debian, Ubuntu: sudo apt-get install python3-venv)" >&2; exit 1; }; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

# The web server and a worker for the background tasks, under one process: Ctrl-C stops both,
# and if one of them dies the other is stopped and make fails (core/supervisor.py).
run: setup
	$(BIN)/jobbtorg migrate --no-input
	$(BIN)/jobbtorg load_demo
	$(BIN)/jobbtorg supervise "web=$(BIN)/jobbtorg runserver $(HOST):$(PORT)" "worker=$(BIN)/jobbtorg worker"

# Production settings against DATABASE_URL: gunicorn (WEB_CONCURRENCY processes, 4 by default)
# and a worker. In production systemd runs each on its own (docs/operations.md).
serve: export DJANGO_SETTINGS_MODULE := jobbtorg.config.settings.prod
serve: setup
	@test -n "$${DATABASE_URL:-}" || { echo "make serve needs DATABASE_URL, e.g. postgres://jobbtorg:PASSWORD@db.example.se:5432/jobbtorg" >&2; exit 1; }
	@test -n "$${SECRET_KEY:-}" || { echo "make serve needs SECRET_KEY, a long random value: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'" >&2; exit 1; }
	$(BIN)/jobbtorg migrate --no-input
	$(BIN)/jobbtorg createcachetable
	$(BIN)/jobbtorg collectstatic --no-input --verbosity 0
	$(BIN)/jobbtorg supervise --grace 30 \
	  "web=$(BIN)/gunicorn --config python:jobbtorg.config.gunicorn --bind $(HOST):$(PORT) jobbtorg.config.wsgi" \
	  "worker=$(BIN)/jobbtorg worker"

demo: setup
	$(BIN)/jobbtorg migrate --no-input
	$(BIN)/jobbtorg load_demo

# Debian's Chromium for the accessibility tests; never a browser downloaded by a test tool.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium'" >&2; exit 1; \
	  fi; \
	fi

lint-imports: setup
	$(BIN)/lint-imports

lint: setup lint-imports
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: setup browser lint test-sqlite test-postgres

test-sqlite: setup
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# The tests that use the database, again on PostgreSQL. Two kinds run once, on SQLite: the
# browser's, which check what Chromium makes of a page (axe, 320 px, keyboard), and the walks
# over every page of every role (`every_page`), which check the words, headers and admin pages
# they show. What they read and write is read and written here by each page's own tests; the
# two kinds were a third of this phase.
test-postgres: setup
	@case "$${DATABASE_URL:-}" in \
	  postgres://*|postgresql://*|pgsql://*) \
	    echo "Running the tests that use the database on PostgreSQL at $${DATABASE_URL##*@} (the rest, the browser's and the walks over every page ran on SQLite)"; \
	    $(BIN)/pytest --database-tests-only -m "not browser and not every_page" $(PYTEST_ARGS) ;; \
	  "") echo "DATABASE_URL is not set: the PostgreSQL run is left to .ci/run" ;; \
	  *) echo "DATABASE_URL does not point at PostgreSQL: $${DATABASE_URL%%://*}" >&2; exit 1 ;; \
	esac

bench: setup
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

messages: setup
	cd src/jobbtorg && ../../$(BIN)/jobbtorg makemessages -l sv --no-obsolete --no-location && ../../$(BIN)/jobbtorg compilemessages -l sv

lock: setup
	{ head -2 requirements.lock; $(BIN)/pip freeze --exclude-editable | grep -v '^jobbtorg'; } > requirements.lock.new && mv requirements.lock.new requirements.lock
