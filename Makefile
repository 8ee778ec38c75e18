# One task runner for people and CI. `make serve` sets up, builds and serves the site;
# `make test` sets up (Python packages and Debian's chromium for the browser tests) and runs
# every test. .ci/run calls `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system-deps build serve test validate stats bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Headless Chromium for the browser tests comes from Debian (Playwright cannot download its
# own browsers here). Installed only when missing; needs root, as in CI.
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "chromium missing: run 'sudo make system-deps' (browser tests will be skipped)"; fi; \
	fi

build: setup
	$(BIN)/dialoggraph build

validate: setup
	$(BIN)/dialoggraph validate

stats: setup
	$(BIN)/dialoggraph stats

serve: build
	$(BIN)/dialoggraph serve --host $(HOST) --port $(PORT)

test: setup system-deps
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py --triples 100000

clean:
	rm -rf site .site.* $(VENV) test-artifacts
