# One task runner for people and CI. `make serve` sets up, builds and serves the site;
# `make test` sets up (Python packages, Debian's chromium for the browser tests, Virtuoso 7
# for the store tests, Node.js and Comunica for the client tests) and runs every test.
# .ci/run calls `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JS := tests/js
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup js-setup system-deps build serve test validate stats bench clean

setup: $(VENV)/.installed js-setup

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Comunica for tests/test_comunica.py: `npm ci` from the committed lockfile into tests/js
# (node_modules is not committed). Without node and npm the Comunica tests are skipped.
js-setup:
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory $(JS)/node_modules/.installed; \
	else echo "node/npm missing: the Comunica tests will be skipped ('sudo make system-deps' installs them)"; fi

$(JS)/node_modules/.installed: $(JS)/package.json $(JS)/package-lock.json
	cd $(JS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Headless Chromium for the browser tests, Virtuoso 7 (a second real SPARQL store for the
# publish and query tests) and Node.js with npm (for Comunica) come from Debian (Playwright cannot download its own browsers here).
# Installed only when missing; needs root, as in CI. Where an init system runs, the Virtuoso
# package starts a service of its own (ports 1111/8890, password dba): stopped and disabled
# right after the install — the tests start private instances on loopback ports.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium fonts-dejavu-core"; \
	[ -x /usr/bin/virtuoso-t ] || missing="$$missing virtuoso-opensource-7"; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	    case "$$missing" in *virtuoso*) \
	      invoke-rc.d virtuoso-opensource-7 stop >/dev/null 2>&1 || true; \
	      update-rc.d virtuoso-opensource-7 disable >/dev/null 2>&1 || true;; \
	    esac; \
	  else echo "missing:$$missing: run 'sudo make system-deps' (their tests will be skipped)"; fi; \
	fi

build: setup
	$(BIN)/dialoggraph build

validate: setup
	$(BIN)/dialoggraph validate

stats: setup
	$(BIN)/dialoggraph stats

serve: build
	$(BIN)/dialoggraph serve --host $(HOST) --port $(PORT)

# For curators: serve, rebuild on every saved change, open pages reload themselves.
watch: setup
	$(BIN)/dialoggraph serve --watch --host $(HOST) --port $(PORT)

check: setup
	$(BIN)/dialoggraph check

test: system-deps setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py --triples 100000

clean:
	rm -rf site .site.* $(VENV) test-artifacts $(JS)/node_modules
