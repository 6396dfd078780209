# figlet: set-up, demo and checks. `make demo` and `make test` work from a fresh clone on a
# fresh Debian machine (as root): each installs what it needs first (venv, engine, images).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
FIGLET := $(BIN)/figlet
TRIO := samples/trio/compose.yaml
export TRIO_PORT ?= 8080
PYTEST_WORKERS ?= 2

.PHONY: help venv engine images swarm-lab setup demo demo-down test lint typecheck pytest bench clean distclean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

venv:  ## .venv with figlet (editable) and the dev tools
	@bash scripts/ensure-venv.sh

engine:  ## a Docker engine that answers (installs and starts one as root on Debian)
	@bash scripts/ensure-engine.sh

images: engine  ## the local images figlet-local/busybox and figlet-local/debian (cached)
	@bash scripts/build-images.sh

swarm-lab:  ## the tools of the swarm tests' two-node lab (ip, nsenter; apt-get as root on Debian)
	@bash scripts/ensure-swarm-lab.sh

setup: venv engine images swarm-lab  ## everything the demo and the tests need

demo: setup  ## run samples/trio and show its counter answering through nginx
	$(FIGLET) -f $(TRIO) up --wait
	@$(BIN)/python scripts/visit.py http://127.0.0.1:$(TRIO_PORT)/ 2
	$(FIGLET) -f $(TRIO) ps

demo-down: venv  ## stop and remove the demo
	$(FIGLET) -f $(TRIO) down

lint: venv  ## ruff check and ruff format --check
	$(BIN)/ruff check figlet tests samples scripts
	$(BIN)/ruff format --check figlet tests samples scripts

typecheck: venv  ## mypy --strict figlet
	$(BIN)/mypy --strict figlet

# The swarm tests (tests/swarm, marker `swarm`) run after the others, in a pytest run of their
# own: on an engine that is not in a swarm, their fixtures make it a manager for that run only,
# so the other tests never see an engine in swarm mode (where, e.g., a network name shared by
# two networks no longer resolves).
pytest: setup  ## the test suite (unit, cli, integration on the real engine, then swarm)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q -m "not swarm"
	$(BIN)/pytest -q -m swarm

test: setup lint typecheck pytest  ## setup, then ruff, mypy --strict and the test suite

bench: setup  ## the benchmarks (bench/run.sh)
	bash bench/run.sh

clean:  ## caches and build output (keeps .venv, images and the demo)
	rm -rf .mypy_cache .ruff_cache .pytest_cache build dist *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean  ## also stop the demo and remove .venv (images and their cache stay)
	-[ -x $(FIGLET) ] && $(FIGLET) -f $(TRIO) down
	rm -rf $(VENV)
