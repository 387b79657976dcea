# The two commands a newcomer needs are `make demo` and `make test` (see README.md).
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
UV := $(VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Compiled bytecode is kept, in var/pycache (not beside the sources). Where the environment
# says PYTHONDONTWRITEBYTECODE (CI images, this machine), every Python process compiled Django,
# the dependencies and our code again: each xdist worker ~8 s of CPU to collect, each process a
# test starts (worker, gunicorn, migrate, the commands) ~2.5 s before it did anything.
export PYTHONPYCACHEPREFIX ?= $(CURDIR)/var/pycache
export PYTHONDONTWRITEBYTECODE :=

.PHONY: demo test checks suite layers typecheck test-fast coverage lint format messages benchmark clean

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(UV) || { $(PYTHON) -m venv $(VENV) && $(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }
	$(UV) sync --frozen --inexact --quiet
	@touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/eenloket demo

# Everything: the static checks, then the whole suite on every core (pytest-xdist).
# PYTEST_ARGS adds to it, e.g. a marker or -k.
test: checks suite

# Lint, format, migrations in step with the models, the house plan and the types.
checks: $(VENV)/.installed
	$(VENV)/bin/ruff check src benchmarks scripts examples
	$(VENV)/bin/ruff format --check src benchmarks scripts examples
	$(VENV)/bin/eenloket makemigrations --check --dry-run
	$(MAKE) --no-print-directory layers typecheck

# The suite alone (CI runs it again on PostgreSQL and on a shifted clock after `make test`).
# Two workers per core: much of the suite waits on browsers, servers and killed processes, so
# one worker per core left the cores idle a third of the time (docs/testing.md).
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(2 * (os.cpu_count() or 1))')
# worksteal: each worker starts with a stretch of the suite in order and takes work from the
# others when it runs out. A module's tests stay together, so a world made once per module
# (demo_world, the matrix) is made on fewer workers, and no worker waits at the end while
# another still has a queue (xdist's default sends the first quarter one test at a time, round
# the workers). Measured: docs/testing.md.
DIST := --dist worksteal
suite: $(VENV)/.installed
	$(VENV)/bin/pytest -n $(WORKERS) $(DIST) $(PYTEST_ARGS)

# The house plan as a check (decision 0037): the import contracts in pyproject.toml, and the
# ceiling on imports hidden inside functions.
layers: $(VENV)/.installed
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/python scripts/deferred_imports.py

# mypy with django-stubs over access and the domain apps (pyproject.toml [tool.mypy]; the
# modules that failed when it was added are listed there: a ratchet). ~50 s cold, ~18 s warm.
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

# The fast lane while you work: no browser, no killed processes, no real ClamAV or OpenID
# provider. `make test` (and CI) still runs everything.
test-fast: $(VENV)/.installed
	$(VENV)/bin/ruff check src benchmarks scripts examples
	$(VENV)/bin/pytest -n $(WORKERS) $(DIST) -m "not browser and not slow" $(PYTEST_ARGS)

# The whole suite with branch coverage, printed per app; fails when an app falls below its
# floor in pyproject.toml ([tool.eenloket.coverage-floor]).
coverage: $(VENV)/.installed
	$(VENV)/bin/pytest -n $(WORKERS) $(DIST) --cov --cov-report=json:var/coverage.json --cov-report= $(PYTEST_ARGS)
	$(VENV)/bin/python scripts/coverage_by_app.py var/coverage.json

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src benchmarks scripts examples

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix src benchmarks scripts examples
	$(VENV)/bin/ruff format src benchmarks scripts examples

# Translations: edit src/eenloket/locale/*/LC_MESSAGES/django.po, then compile.
messages: $(VENV)/.installed
	cd src/eenloket && ../../$(VENV)/bin/eenloket makemessages --locale nl --locale en --no-obsolete --no-location
	$(VENV)/bin/python scripts/translations_nl.py

clean:
	rm -rf $(VENV) var

# `eenloket bench` on whatever DATABASE_URL points to (docs/performance.md). BENCH_ARGS adds to
# it, e.g. BENCH_ARGS="--persons 100000 --json var/bench.json".
benchmark: $(VENV)/.installed
	$(VENV)/bin/eenloket bench $(BENCH_ARGS)
