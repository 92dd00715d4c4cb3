# PARI Workshop. `make run` serves the app, `make test` runs the whole suite.
# Both make the virtual environment on first use; only Python 3.11+ and make are needed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test lint format migrate demo clean i18n-extract i18n-update i18n-compile i18n-check \
	system-deps system-deps-test

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian's packages beside the Python ones (Chromium and fonts for the local plan PDF;
# poppler and nginx for the tests): installed when run as root, otherwise named.
system-deps:
	bash deploy/system-deps.sh run

system-deps-test:
	bash deploy/system-deps.sh test

migrate: $(VENV)/.installed
	$(PY) -m pari migrate

# One process serves every phone: raise the open-files limit (4 descriptors a
# phone, DESIGN section 7) before starting.
run: system-deps migrate i18n-compile
	ulimit -n 8192 2>/dev/null || ulimit -n $$(ulimit -Hn); \
	$(VENV)/bin/streamlit run serve.py --server.port $(PORT)

demo: migrate
	$(PY) -m pari demo

# Translations (DESIGN section 5, issue 6). English is the source language: the
# message ids are the English text, so English needs no catalog. The others live in
# pari/locale/<lang>/LC_MESSAGES/messages.po; the compiled .mo files are build output
# (.gitignore), made by i18n-compile (run and test do it first) or, when missing or
# older than the .po, by pari.i18n itself on first use.
#   make i18n-extract   the message ids of the code -> pari/locale/messages.pot
#   make i18n-update    merge them into every catalog (new ones empty, changed ones fuzzy)
#   make i18n-compile   .po -> .mo
#   make i18n-check     fail if the catalogs are out of step with the code
# Extraction runs through `python -m` so babel.cfg's method (pari/babel_extract.py) imports.
I18N_LANGS    := sv es pt fr eu
I18N_DIR      := pari/locale
I18N_POT      := $(I18N_DIR)/messages.pot
I18N_KEYWORDS := --no-default-keywords -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 \
                 -k npgettext:1c,2,3 -k NC_:1c,2 -k N_plural:1,2
I18N_SOURCES  := app.py serve.py pages pari
PYBABEL       := $(PY) -m babel.messages.frontend

i18n-extract: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg $(I18N_KEYWORDS) -c Translators: \
	  --no-location --sort-output --width 100 \
	  --project "PARI Workshop" --version 0.1 --copyright-holder "PARI project" \
	  -o $(I18N_POT) $(I18N_SOURCES)

i18n-update: i18n-extract
	for lang in $(I18N_LANGS); do \
	  $(PYBABEL) update -i $(I18N_POT) -d $(I18N_DIR) -D messages -l $$lang \
	    --init-missing --ignore-obsolete --width 100 || exit 1; \
	done

i18n-compile: $(VENV)/.installed
	$(PYBABEL) compile -d $(I18N_DIR) -D messages --statistics

i18n-check: $(VENV)/.dev-installed
	$(PY) -m pytest -p no:cacheprovider -q tests/test_i18n.py

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: system-deps-test $(VENV)/.dev-installed i18n-compile
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# The room benchmark of issue 10: 300 phones (then 100 and 600) against the app and the
# bare floor app, each scenario on a fresh server: about 45 minutes.
# BENCH_ARGS="--phones 300" for the bar alone, "--phones 20 --quick" for a short run;
# "--replicas 2 --phones 600 1000 --single-phones 300 --scenario idle arrive vote" for
# two replicas on PostgreSQL (PARI_TEST_DATABASE_URL's server) behind nginx (issue 14).
BENCH_ARGS ?= --phones 300 100 600
.PHONY: bench
bench: system-deps-test $(VENV)/.dev-installed
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
