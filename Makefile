# The two commands a newcomer needs are `make demo` and `make test` (see README.md).
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
UV := $(VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo test lint format messages benchmark clean

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(UV) || { $(PYTHON) -m venv $(VENV) && $(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }
	$(UV) sync --frozen --inexact --quiet
	@touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/eenloket demo

test: $(VENV)/.installed
	$(VENV)/bin/ruff check src
	$(VENV)/bin/ruff format --check src
	$(VENV)/bin/eenloket makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix src
	$(VENV)/bin/ruff format src

# Translations: edit src/eenloket/locale/*/LC_MESSAGES/django.po, then compile.
messages: $(VENV)/.installed
	cd src/eenloket && ../../$(VENV)/bin/eenloket makemessages --locale nl --locale en --no-obsolete --no-location
	$(VENV)/bin/python scripts/translations_nl.py

clean:
	rm -rf $(VENV) var
