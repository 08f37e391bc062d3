# newskg: `make demo` sets up and builds the demo graph; `make test` runs the test suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_STAMP := .cache/apt.installed
ARTICLES ?= data/articles
OUT ?= out
BENCH_ARTICLES ?= 2000
CORPUS ?= ../shared/corpus/news.jsonl
DEV ?= ../shared/dev
DEV_SETS ?= conll04 crossre_news wikievents

.DEFAULT_GOAL := help
.PHONY: help install system-deps demo test test-fast bench eval clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (newskg needs Python 3.11)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install newskg with its pinned dependencies

$(APT_STAMP):
	@mkdir -p .cache
	@if command -v rapper >/dev/null && command -v chromium >/dev/null && command -v virtuoso-t >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils chromium virtuoso-opensource >/dev/null; \
	else \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils chromium virtuoso-opensource >/dev/null; \
	fi
	touch $(APT_STAMP)

system-deps: $(APT_STAMP) ## Install the Debian packages the tests use (rapper, chromium, virtuoso)

demo: install ## Install, then build the graph of data/articles into out/
	$(BIN)/kg build $(ARTICLES) --out $(OUT) --analytics
	$(BIN)/kg stats $(OUT)

test: install system-deps ## Run the whole test suite
	$(BIN)/python -m pytest -q

test-fast: install ## Tests that need no model, browser or rapper
	$(BIN)/python -m pytest -q -m "not model and not browser and not external"

bench: install system-deps ## Time kg build (1 and 2 workers, incremental, memory) against a plain spaCy parse; the explorer of that build and of a 50,000-entity / 200,000-fact graph in Chromium
	$(BIN)/python bench/bench.py --corpus $(CORPUS) --articles $(BENCH_ARTICLES)
	$(BIN)/python bench/html_bench.py --nodes 50000 --edges 200000

eval: install ## Build each dev set (DEV=../shared/dev) into out/dev/ and print its name and kg eval summary line
	@mkdir -p $(OUT)/dev
	@for set in $(DEV_SETS); do \
		echo "$$set"; \
		$(BIN)/kg build $(DEV)/$$set/input.jsonl --out $(OUT)/dev/$$set --quiet 2> $(OUT)/dev/$$set.build.log \
			|| echo "  (kg build: $$(wc -l < $(OUT)/dev/$$set.build.log) article(s) failed, see $(OUT)/dev/$$set.build.log)"; \
		$(BIN)/kg eval $(DEV)/$$set $(OUT)/dev/$$set | tail -1; \
	done

clean: ## Remove outputs and caches (keeps .venv)
	rm -rf $(OUT) .pytest_cache .cache build *.egg-info
