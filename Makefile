# PARI Workshop. `make run` serves the app, `make test` runs the whole suite.
# Both make the virtual environment on first use; only Python 3.11+ and make are needed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test lint format migrate demo clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	$(PY) -m pari migrate

# One process serves every phone: raise the open-files limit (4 descriptors a
# phone, DESIGN section 7) before starting.
run: migrate
	ulimit -n 8192 2>/dev/null || ulimit -n $$(ulimit -Hn); \
	$(VENV)/bin/streamlit run serve.py --server.port $(PORT)

demo: migrate
	$(PY) -m pari demo

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# The room benchmark of issue 10: 300 phones against the app and the bare floor app,
# each scenario on a fresh server. BENCH_ARGS="--phones 20 --quick" for a short run.
BENCH_ARGS ?= --phones 300
.PHONY: bench
bench: $(VENV)/.dev-installed
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
