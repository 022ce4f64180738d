# lab-site: `make run` to try the site, `make test` to run the whole test suite.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS ?= never

# uv from PATH, else a private copy installed with pip into .tools/.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
# --no-sync: what a command needs was installed by its target (install or install-dev);
# uv's own sync would add the development tools to a site that only runs.
MANAGE := $(UV) run --frozen --no-sync python manage.py

.PHONY: help system-libraries install install-dev run serve backup restore audit bench-faults test test-postgres test-thorough lint format check-deploy clean bench fonts

help: ## Show the available commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

# Compiled ahead (--compile-bytecode): where Python may not write .pyc files itself
# (PYTHONDONTWRITEBYTECODE), each start would otherwise compile the libraries again, ~2 s.
# `install` is what running the site needs; `install-dev` adds the test, lint and bench
# tools (the dev group). --inexact: running never removes the tools a developer has.
install: $(UV) system-libraries ## Install what running the site needs (uv.lock) into .venv
	$(UV) sync --frozen --compile-bytecode --no-dev --inexact

install-dev: $(UV) system-libraries ## Install what running, testing, linting and benchmarking need into .venv
	$(UV) sync --frozen --compile-bytecode

# The CV's PDF is drawn by WeasyPrint, which needs Debian's Pango. Installed with apt when
# missing (as root, or with sudo); elsewhere the site runs and the PDF link says why not.
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0
system-libraries:
	@if ! $(PYTHON) -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('pangoft2-1.0'))"; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "Installing Pango for the CV's PDF: $(PANGO_PACKAGES)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PANGO_PACKAGES) >/dev/null; \
		elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
			echo "Installing Pango for the CV's PDF (sudo): $(PANGO_PACKAGES)"; \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PANGO_PACKAGES) >/dev/null; \
		else \
			echo "Pango is missing: the CVs' PDFs cannot be made until it is installed (Debian: apt-get install $(PANGO_PACKAGES))."; \
		fi; \
	fi

# Links in e-mails (invitations, moderation) and on pages follow the address served on.
run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
# The static copy is updated by a worker beside the web server (settings: TASKS), so that
# Publish returns at once; the worker stops with the server.
# Imports and "Look for new papers now" (Suggested publications → Discovery runs) run in
# workers as well, so that the editor never waits on them; the processes share a cache
# in files (CACHE_FOLDER), so that what a worker publishes shows on the site at once. The
# default worker is quiet: Wagtail's own tasks (search and reference index) pass through it
# at every save, and an import says how it went on its own page.
run: export TASKS_BACKEND ?= django_tasks_db.DatabaseBackend
run: export CACHE_FOLDER ?= $(CURDIR)/.cache
run: install ## Install, migrate, load the group's content when empty, and serve at http://127.0.0.1:8000
	$(MANAGE) prepare_local_site http://$(HOST):$(PORT)
	@echo "Serving the site at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(MANAGE) db_worker --backend publishing --interval 0.2 --no-reload & publishing=$$!; \
	$(MANAGE) db_worker --backend discovery --interval 1 --no-reload & discovery=$$!; \
	$(MANAGE) db_worker --interval 0.5 --no-reload --verbosity 0 & imports=$$!; \
	trap 'kill $$publishing $$discovery $$imports 2>/dev/null; wait' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-dev node_modules/.package-lock.json ## Run the whole test suite (set DATABASE_URL to test on PostgreSQL)
	$(UV) run --frozen pytest $(PYTEST_ARGS)

# The tests whose outcome may depend on the database (marked `database`, tests/conftest.py)
# on PostgreSQL; DATABASE_URL defaults to the local server.
test-postgres: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lab_site
test-postgres: install-dev node_modules/.package-lock.json ## The database-dependent tests on PostgreSQL (DATABASE_URL)
	$(UV) run --frozen pytest -m database $(PYTEST_ARGS)

test-thorough: install-dev node_modules/.package-lock.json ## The suite with hundreds of cases per property test (hypothesis), as a nightly run
	HYPOTHESIS_PROFILE=thorough $(UV) run --frozen pytest $(PYTEST_ARGS)

# The browser tests' accessibility checker (axe-core), Lighthouse and Pagefind, from npm,
# installed again when package-lock.json changes. Without npm the browser tests are skipped
# with the reason (CI sets REQUIRE_BROWSER=1 and fails instead).
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is not installed: the browser tests will be skipped (apt-get install npm)."; fi

fonts: install-dev node_modules/.package-lock.json ## Copy the STIX Two fonts from npm into lab_site/static/fonts (committed)
	$(UV) run --frozen python tools/fonts.py

lint: install-dev ## Check code style
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen djhtml --check templates
	$(UV) run --frozen lint-imports --no-cache

format: install-dev ## Reformat code and templates
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .
	$(UV) run --frozen djhtml templates

# `make serve`: the production settings on this machine. Values you export win; the
# defaults below suit a trial on http://127.0.0.1:8000 (no HTTPS, a throwaway secret).
serve: export DJANGO_SETTINGS_MODULE = lab_site.settings.production
serve: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export DJANGO_SECURE_SSL_REDIRECT ?= false
serve: export DJANGO_SECURE_COOKIES ?= false
serve: export SERVE_MEDIA ?= true
serve: export DJANGO_SECRET_KEY ?= $(shell $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))")
serve: install ## Serve with the production settings (gunicorn, WhiteNoise) against DATABASE_URL
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) migrate --noinput
	$(UV) run --frozen --no-sync gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT)

audit: install-dev ## Check the locked dependencies for known vulnerabilities (pip-audit; fails on any)
	$(UV) export --frozen --no-hashes --no-emit-project --format requirements-txt -o .audit-requirements.txt >/dev/null
	$(UV) run --frozen pip-audit -r .audit-requirements.txt --no-deps --disable-pip --progress-spinner off

BACKUP ?= backups/site-$(shell date +%Y%m%d-%H%M%S).tar.gz
backup: install ## Save all content and uploaded files to backups/ (BACKUP=path to choose)
	@mkdir -p $(dir $(BACKUP))
	$(MANAGE) backup $(BACKUP)

restore: install ## Replace all content with a backup: make restore BACKUP=backups/….tar.gz
	@test -n "$(BACKUP)" -a -f "$(BACKUP)" || (echo "Name the backup: make restore BACKUP=backups/site-….tar.gz"; exit 2)
	$(MANAGE) migrate --noinput
	$(MANAGE) restore $(BACKUP)

clean: ## Remove the virtualenv, local database and collected files
	rm -rf .venv .tools db.sqlite3 staticfiles .test-media .test-db .pytest_cache

bench: install-dev ## Benchmark every public page against baselines and print one table (PostgreSQL, wrk, nginx, Chromium; about 2 hours on 2 cores, most of it generating the sites; BENCH_ARGS=--quick: minutes)
	@test -d node_modules/lighthouse || npm ci --no-audit --no-fund --loglevel=error
	$(UV) run --frozen python bench/run.py $(BENCH_ARGS)

bench-faults: install-dev ## Fault and load test: gunicorn + PostgreSQL + Redis under wrk while Redis and PostgreSQL fail (about 2 minutes)
	$(UV) run --frozen python bench/fault_load.py $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))
