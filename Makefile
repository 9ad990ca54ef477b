# SMAIL developer commands. See README.md.
VENV      ?= .venv
PYTHON    ?= python3
HOST      ?= 127.0.0.1
PORT      ?= 5000
FLASK     := $(VENV)/bin/flask
PYBABEL   := $(VENV)/bin/pybabel
DEMO_PASSWORD ?= demo-losenord-2027

.PHONY: run test test-fast demo install dev translations messages lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed translations

dev: $(VENV)/.dev-installed translations

# Compiled catalogues are committed too, so a plain `pip install` speaks English as well.
translations: $(VENV)/.installed
	$(PYBABEL) compile -d smail_app/translations

# Extract new strings into the catalogue after changing templates or code. Sorted and without
# line numbers, so two branches that add strings rarely touch the same lines.
messages: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		-o smail_app/translations/messages.pot .
	$(PYBABEL) update -N -i smail_app/translations/messages.pot \
		-d smail_app/translations

run: install
	$(FLASK) db upgrade
	$(FLASK) setup-link
	SMAIL_COOKIE_SECURE=0 $(FLASK) run --host $(HOST) --port $(PORT)

test: dev
	$(VENV)/bin/pytest

# Everything but the browser tests: the quick loop while developing.
test-fast: dev
	$(VENV)/bin/pytest -m "not browser"

demo: install
	$(FLASK) db upgrade
	$(FLASK) demo --password "$(DEMO_PASSWORD)"

lint: dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

bench: dev
	$(VENV)/bin/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache
