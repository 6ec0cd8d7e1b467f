# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.8
PORT ?= 8000
# Exported so that every process derives the address it links to (SITE_URL) from it.
export PORT
export TANDEM_DATA_DIR ?= $(CURDIR)/var
# Compiled modules are written and reused even where the environment asks Python not to: the
# suite starts many processes (test workers, servers, task workers, benchmarks), and each would
# otherwise compile every module it imports from source again, seconds apiece.
export PYTHONDONTWRITEBYTECODE :=

.DEFAULT_GOAL := help
.PHONY: help install install-dev debian-build debian-dev messages run serve migrate demo test test-system test-dates test-browser test-crawl test-faults test-topology lint format benchmark benchmark-scale clean

help:
	@echo "make run           install, migrate, load the demo organisation, serve on 127.0.0.1:$(PORT)"
	@echo "make test          run the in-process test suite (SQLite, or DATABASE_URL if set)"
	@echo "make test-system   the tests that start Tandem's programs, and the API fuzzed"
	@echo "make test-dates    the date-sensitive tests at a month's start, a year's end and a leap day"
	@echo "make test-browser  run the browser journeys in Debian's chromium"
	@echo "make test-faults   task workers killed mid-task, on PostgreSQL (DATABASE_URL)"
	@echo "make test-crawl    the browser crawl of every page for every persona (about 6 min)"
	@echo "make test-topology 2 app servers, 2 workers, 2 schedulers on PostgreSQL + Redis, with kills"
	@echo "make lint          ruff (lint + format check) and mypy"
	@echo "make messages      update the translation catalogues from the code, and compile them"
	@echo "make benchmark     run the import, matching (one-to-one, peer, group), match-run, pair-jobs and invitation"
	@echo "                   benchmarks, then the main pages and the load test at 100,000 people on PostgreSQL"
	@echo "                   (SCALE_DATABASE_URL; the pages and load steps take about 10 minutes more)"
	@echo "make benchmark-scale  only the main pages and the load test at 100,000 people"

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Debian's packages. gettext's msgfmt compiles the translations. xmlsec, which checks SAML's
# XML signatures, and lxml are built against Debian's libxmlsec1 and libxml2 (pyproject.toml,
# [tool.uv.pip]); the tests' SAML identity provider signs with Debian's xmlsec1. Those missing are installed as root (as on CI);
# anyone else is told the command to run.
DEBIAN_BUILD_PACKAGES := gettext gcc pkg-config libxml2-dev libxslt1-dev libxmlsec1-dev libxmlsec1-openssl
DEBIAN_DEV_PACKAGES := xmlsec1
define debian_install
	@missing=""; for package in $(1); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" \
	    || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "Tandem needs Debian's$$missing: run 'sudo apt-get install$$missing'." >&2; \
	    exit 1; \
	  fi; \
	  echo "Installing Debian's$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

debian-build:
	$(call debian_install,$(DEBIAN_BUILD_PACKAGES))

debian-dev: debian-build
	$(call debian_install,$(DEBIAN_DEV_PACKAGES))

# Installs are stamped with the lock file they came from, so a changed lock reinstalls.
$(VENV)/.installed-main: requirements/main.lock pyproject.toml | $(UV) debian-build
	$(UV) pip install --quiet --compile-bytecode --python $(BIN)/python --require-hashes -r requirements/main.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: requirements/dev.lock pyproject.toml | $(UV) debian-dev
	$(UV) pip install --quiet --compile-bytecode --python $(BIN)/python --require-hashes -r requirements/dev.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@ $(VENV)/.installed-main

# Translations (docs/translations.md): one catalogue per language under tandem/locale, written
# by `make messages` and translated by hand. The compiled .mo files are not committed: every
# install compiles what changed, with GNU gettext's msgfmt (Debian: gettext).
TRANSLATED_LANGUAGES := fr de es
CATALOGUES := $(wildcard tandem/locale/*/LC_MESSAGES/django.po)
COMPILED_CATALOGUES := $(CATALOGUES:.po=.mo)
# Locations are written as file names without line numbers: a translator still sees where a
# string is used, and moving code does not rewrite every catalogue.
MAKEMESSAGES_OPTIONS := --add-location=file --no-obsolete \
	--ignore=node_modules --ignore=tests --ignore=testing --ignore=var --ignore=test-results \
	--ignore=benchmarks --ignore=docs --ignore=requirements

install: $(VENV)/.installed-main debian-build $(COMPILED_CATALOGUES)
install-dev: $(VENV)/.installed-dev debian-dev $(COMPILED_CATALOGUES)

%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install GNU gettext (Debian: apt-get install gettext) to compile the translations." >&2; exit 1; }
	msgfmt --check-format -o $@ $<

messages: $(VENV)/.installed-dev
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install GNU gettext (Debian: apt-get install gettext) to update the translations." >&2; exit 1; }
	$(BIN)/python manage.py makemessages $(addprefix --locale=,$(TRANSLATED_LANGUAGES)) $(MAKEMESSAGES_OPTIONS)
	$(MAKE) $(patsubst %,tandem/locale/%/LC_MESSAGES/django.mo,$(TRANSLATED_LANGUAGES))

migrate: install
	$(BIN)/tandem migrate --noinput

demo: migrate
	$(BIN)/tandem demo --if-empty

# What production runs, on one machine: gunicorn with 2 workers, the task worker (imports,
# match runs, emails) and the scheduler (periodic jobs, recovery of tasks whose worker died).
# All three stop together. Static files are collected first, so WhiteNoise serves them hashed.
run: demo
	$(BIN)/tandem collectstatic --noinput --verbosity 0
	$(BIN)/tandem demo_sign_ins
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/tandem worker --interval 1 & \
	$(BIN)/tandem scheduler --interval 60 > /dev/null & \
	PORT=$(PORT) $(BIN)/gunicorn -c python:tandem.gunicorn_conf tandem.wsgi

# Two app servers, two workers and two schedulers on PostgreSQL and Redis, under load, with one
# server and one worker killed mid-run (tandem/core/testing/topology.py).
test-topology: install-dev
	$(BIN)/python -m tandem.core.testing.topology

# The in-process suite: every test but the browser, fault and system ones.
test: install-dev
	$(BIN)/pytest -m "not browser and not faults and not system" -n 2 --dist worksteal

# Tandem's own programs in processes of their own, and the API fuzzed against its schema
# (docs/testing.md, "Tiers"). CI runs these on SQLite and on PostgreSQL, like `make test`.
test-system: install-dev
	$(BIN)/pytest -m "system" -n 2 --dist worksteal

# The tests whose outcome depends on the calendar (reports, reminders, pair health and
# check-ins, next steps, expiries, the scheduler), each run with the clock pinned to a month's
# start, a year's end and a leap day (docs/testing.md, "Dates").
DATE_SENSITIVE := tandem/reports tandem/notifications tandem/mentorships \
	tandem/core/tests/test_scheduler.py tandem/core/tests/test_home.py \
	tandem/matching/tests/test_self_selection.py tandem/matching/tests/test_next_steps.py
PINNED_DATES := 2027-03-01 2026-12-31 2028-02-29
test-dates: install-dev
	set -e; for date in $(PINNED_DATES); do \
	  echo "--- clock pinned to $$date"; \
	  $(BIN)/pytest -m "not browser and not faults and not system" -n 2 --dist worksteal --pin-date=$$date $(DATE_SENSITIVE); \
	done

# Real worker processes killed mid-task (PostgreSQL: set DATABASE_URL). Each file runs in a
# process of its own, on a fresh test database: each starts and kills workers against it.
test-faults: install-dev
	set -e; for file in $$(grep -rl "pytest.mark.faults" tandem --include="test_*.py" | sort); do \
	  $(BIN)/pytest -m faults -p no:xdist $$file; \
	done

test-browser: install-dev
	$(BIN)/pytest -m "browser and not crawl" -p no:xdist --output test-results/playwright --screenshot only-on-failure

# The crawl of every page for every persona (docs/testing.md), in two shards side by side;
# TANDEM_CRAWL_PERSONAS narrows it.
test-crawl: install-dev
	$(BIN)/pytest -m crawl -n 2 --dist load --output test-results/playwright --screenshot only-on-failure

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy tandem benchmarks

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

benchmark: install-dev
	$(BIN)/python benchmarks/people_import.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/peer_matching.py
	$(BIN)/python benchmarks/match_run.py
	$(BIN)/python benchmarks/pair_jobs.py
	$(BIN)/python benchmarks/invitations.py
	$(BIN)/python benchmarks/group_matching.py
	$(MAKE) benchmark-scale

# The main pages and the load test at 100,000 people (docs/benchmarks.md), on a PostgreSQL
# database of their own (created when missing): the data set is built once (about 2 minutes)
# and kept there, so a second run reuses it; `scale_data.py --rebuild` builds it anew.
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tandem_scale
benchmark-scale: install-dev
	$(BIN)/python benchmarks/scale_data.py --database-url $(SCALE_DATABASE_URL) --keep
	@# Both run, and the target fails if either misses its targets.
	pages=0; load=0; \
	$(BIN)/python benchmarks/pages.py --database-url $(SCALE_DATABASE_URL) || pages=1; \
	$(BIN)/python benchmarks/load.py --database-url $(SCALE_DATABASE_URL) || load=1; \
	exit $$((pages + load))

clean:
	rm -rf $(VENV) var test-results .mypy_cache .ruff_cache
