# Heartline — build, run and test.
#
#   make demo        install, build the demo health plan, serve http://127.0.0.1:8000
#   make test        install what the tests need, then lint, types, contracts and every test suite
#   make lint        the static checks alone          make fmt     format and auto-fix
#   make serve       serve the app (HEARTLINE_HOME)   make worker  run background tasks
#   make bench       benchmarks as JSON               make screenshot  docs/img/*.png
#
# `make test` keeps going past a failing stage so one run reports every failure; it exits non-zero
# if any stage failed.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Let Python keep compiled modules (__pycache__) even where the environment says not to: without
# them every process the tests and the demo start compiles ~1,500 modules again (3-4 s each).
unexport PYTHONDONTWRITEBYTECODE

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv on PATH, else the one `make uv` installs with pip (runnable as `python -m uv` wherever pip put it).
UV = $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
RESULTS := test-results
APT_PACKAGES := postgresql chromium fonts-wqy-microhei

# Environment for the static checks that load Django settings (mypy's plugin, makemigrations).
CHECK_ENV = env -u DATABASE_URL -u DJANGO_SETTINGS_MODULE DEBUG=true HEARTLINE_HOME=$(CURDIR)/$(RESULTS)/check-home

.PHONY: help uv install system-deps demo serve worker bench screenshot fmt clean \
        lint lint-ruff lint-format lint-types lint-imports lint-migrations \
        test test-sqlite test-postgres test-e2e test-spark

help:
	@sed -n '1,10p' Makefile | sed 's/^# \{0,1\}//'

# -- installing -----------------------------------------------------------------------------------

# pip refuses Debian's own python3 (PEP 668) unless told; uv then runs as `python3 -m uv`.
uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || { \
		echo "installing uv with pip"; \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check uv \
		|| $(PYTHON) -m pip install --quiet --disable-pip-version-check --break-system-packages uv; }

install: uv
	$(UV) sync --frozen

# Debian packages the tests need: PostgreSQL's server binaries, Chromium, CJK fonts for charts, and
# a Java runtime for PySpark. apt-get runs (as root) only when something is missing.
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing="$$missing fonts-wqy-microhei"; \
	command -v java >/dev/null 2>&1 || missing="$$missing openjdk-17-jre-headless"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "Missing Debian packages:$$missing. Install them as root: apt-get install -y$$missing" >&2; exit 1; \
	fi; \
	echo "installing Debian packages:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq$$missing

# -- running --------------------------------------------------------------------------------------

demo: install
	$(BIN)/heartline demo $(DEMO_ARGS)

serve: install
	$(BIN)/heartline serve $(SERVE_ARGS)

worker: install
	$(BIN)/heartline worker

bench: install
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

screenshot: install system-deps
	$(BIN)/python tests/e2e/screenshot.py

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(RESULTS) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache

# -- static checks --------------------------------------------------------------------------------

lint:
	@$(MAKE) --keep-going lint-ruff lint-format lint-types lint-imports lint-migrations

lint-ruff: install
	$(BIN)/ruff check .

lint-format: install
	$(BIN)/ruff format --check .

lint-types: install
	$(CHECK_ENV) $(BIN)/mypy

lint-imports: install
	$(BIN)/lint-imports

lint-migrations: install
	$(CHECK_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# -- tests ----------------------------------------------------------------------------------------

# pytest, where "no tests collected" (exit 5) is a pass for a marker-selected stage.
define pytest
	@mkdir -p $(RESULTS)
	$(BIN)/pytest $(1) --durations=5 --junitxml=$(RESULTS)/$(2).xml $(PYTEST_ARGS) || { rc=$$?; \
		if [ $$rc -eq 5 ]; then echo "($(2): no tests selected)"; else exit $$rc; fi; }
endef

test: install system-deps
	@start=$$(date +%s); status=0; \
	$(MAKE) --keep-going lint test-sqlite test-postgres test-e2e test-spark || status=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s, $$([ $$status = 0 ] && echo passed || echo FAILED)"; \
	exit $$status

test-sqlite: install
	$(call pytest,-n $(PYTEST_WORKERS) -m "not e2e and not spark",sqlite)

# The same suite on a throwaway PostgreSQL cluster the harness starts, with real migrations.
test-postgres: install
	$(call pytest,-n $(PYTEST_WORKERS) -m "not e2e and not spark" --postgres --migrations,postgres)

test-e2e: install
	$(call pytest,-p no:xdist -m e2e,e2e)

test-spark: install
	$(call pytest,-p no:xdist -m spark,spark)
