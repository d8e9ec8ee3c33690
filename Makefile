# One command per task; CI (.ci/run) runs `make test`, the README documents the same.
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
# A cache inside the checkout: a fresh clone proves everything, a developer's reruns skip what passed.
export ARXSCAFFOLD_SMOKE_CACHE ?= $(CURDIR)/.smoke-cache/results
OUT ?= out

.PHONY: setup demo test lint unit reference-check contracts-check smoke

$(BIN)/arxscaffold: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q uv==0.13.9
	$(BIN)/uv pip install -q --python $(BIN)/python -e '.[dev]'
	touch $@

setup: $(BIN)/arxscaffold

demo: setup  ## generate the default Arxos system into out/arxos
	rm -rf $(OUT)/arxos
	arxscaffold new $(OUT)/arxos

lint: setup
	ruff check src tests benchmarks
	ruff format --check src tests benchmarks
	mypy

unit: setup
	pytest -q -n 2 --dist loadfile

reference-check: setup
	arxscaffold reference --check

# The services' stored OpenAPI documents (templates/partials/openapi/) against what their code exports now.
contracts-check: setup
	python -m arxscaffold.contracts --check

smoke: setup
	mkdir -p $(OUT)
	arxscaffold smoke $(filter-out reference/profiles/,$(wildcard reference/*/)) --junit $(OUT)/smoke-junit.xml --jobs 2

test: lint unit reference-check contracts-check smoke
