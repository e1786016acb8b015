# One command runs the service, one command tests it. Both build .venv when it is missing or
# when pyproject.toml / requirements.lock changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SPECTRAL := npx --yes @stoplight/spectral-cli@6
ADR_RULESET ?= openapi/adr/project.yaml

.PHONY: run demo test lint format openapi openapi-check adr-lint contract tour clients bench bench-http bench-scale clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

# Development: the test clock on, so that the README's tour can move today (never in production).
run: $(STAMP)  ## the API on http://127.0.0.1:8000/v1 (embedded PostgreSQL unless DATABASE_URL)
	GOEDGESPREK_TEST_CLOCK=$${GOEDGESPREK_TEST_CLOCK:-true} $(BIN)/goedgesprek serve

demo: $(STAMP)  ## load the demo organisation (into the running `make run`'s database) and print tokens
	$(BIN)/goedgesprek demo

bench: $(STAMP)  ## the benchmarks in benchmarks/, with their figures
	$(BIN)/python benchmarks/bulk_import.py
	$(BIN)/python benchmarks/cycles.py
	$(BIN)/python benchmarks/reports.py
	$(BIN)/python benchmarks/events.py
	$(BIN)/python benchmarks/tracing.py

bench-http: $(STAMP)  ## reads over HTTP beside a bare FastAPI + asyncpg app (needs wrk: apt-get install wrk)
	$(BIN)/python benchmarks/http_reads.py $(BENCH_ARGS)

bench-scale: $(STAMP)  ## issue 20: sync, opening, memory, reports and reads at 10k, 50k, 200k over HTTP
	$(BIN)/python benchmarks/scale.py $(BENCH_ARGS)

# One pytest-xdist worker per core; PYTEST_ARGS="-n0" runs in one process.
PYTEST_ARGS ?= -n auto --dist worksteal

test: $(STAMP)  ## the whole suite, on a throwaway embedded PostgreSQL (or TEST_DATABASE_URL)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff, and the import contracts of pyproject.toml (the layers, docs/design.md)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: $(STAMP)  ## regenerate openapi/openapi.json from the app
	$(BIN)/python -m app.openapi_export --write openapi/openapi.json

openapi-check: $(STAMP)  ## fail when openapi/openapi.json differs from what the app generates
	$(BIN)/python -m app.openapi_export --check openapi/openapi.json

contract: $(STAMP)  ## Schemathesis against the running service (demo data, HR and employee): 0 failures
	$(BIN)/python scripts/contract.py

tour: $(STAMP)  ## the README's tour (docs/tour.sh) against a fresh service with the demo
	$(BIN)/python scripts/tour.py --quiet

clients: $(STAMP)  ## the TypeScript and Python clients generated from openapi/openapi.json build (needs npx)
	bash scripts/clients.sh

adr-lint:  ## lint the committed OpenAPI document with the NL GOV API Design Rules
	$(SPECTRAL) lint -r $(ADR_RULESET) openapi/openapi.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
