# VoluMap: `make run` starts everything with Bielefeld demo data; `make test` runs the whole suite.
# Both install what is missing and are safe to run again.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
DATABASE ?= volumap
PORT ?= 8000
PG := psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1
# `make run` and the operator commands work on $(DATABASE); the tests choose their own database.
export VOLUMAP_DATABASE_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/$(DATABASE)

.PHONY: run test lint services services-browser venv node vendor database lock bench-search bench-matching bench-push bench-app bench-contract clean

run: services venv database
	@$(BIN)/volumap seed
	@PORT=$(PORT) bash infra/run.sh

# Lint and types first: any finding fails the run before a test starts.
# Bytecode first: where PYTHONDONTWRITEBYTECODE is set (as on CI), every server and worker the tests start would
# compile the app again (5 s instead of 2 s per start on these machines).
test: services-browser venv node lint
	@$(BIN)/python -m compileall -q -j 0 api workers devtools tests >/dev/null
	@$(BIN)/python -m pytest --cov --cov-report=term-missing:skip-covered $(PYTEST_ARGS)

# ruff (pycodestyle, pyflakes, isort, bugbear, pyupgrade) over all Python, mypy (strict, see pyproject.toml)
# over the shipped code, Biome over the PWA.
lint: venv node
	@$(BIN)/ruff check --quiet .
	@$(BIN)/mypy
	@node_modules/.bin/biome lint --error-on-warnings --log-level=none pwa

services:
	@bash infra/ensure-services.sh

services-browser:
	@bash infra/ensure-services.sh --with-browser --with-node

# The PWA's build-time tools (linter, KERN, sass, Swagger UI, axe-core for the browser tests), exactly as
# package-lock.json pins them.
node: node_modules/.installed

node_modules/.installed: package-lock.json package.json
	@command -v npm >/dev/null || bash infra/ensure-services.sh --with-node
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "VoluMap needs Python 3.11 or newer"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/pip install -q "uv==$(UV_VERSION)"
	@$(BIN)/uv pip sync -q --python $(BIN)/python --require-hashes --compile-bytecode requirements-dev.txt
	@$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@touch $@

database:
	@$(PG) -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$(DATABASE)'" | grep -q 1 \
		|| $(PG) -d postgres -qc 'CREATE DATABASE "$(DATABASE)"'
	@$(BIN)/volumap migrate

# Writes pwa/vendor/ (committed) from the pinned npm packages: KERN's CSS for the components in
# pwa/styles/kern.scss, Fira Sans subset to Latin, Swagger UI. Run after changing either; nothing else needs Node.
vendor: venv node
	@node infra/vendor.mjs

# Re-pin after changing dependencies in pyproject.toml or package.json (versions and hashes, no download
# addresses: .npmrc leaves npm's out, and the packages' funding links go too).
lock: venv
	$(BIN)/uv pip compile -q pyproject.toml --generate-hashes --python-version 3.11 -o requirements.txt
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements-dev.txt
	for dir in . bench/app; do \
	  (cd $$dir && npm install --package-lock-only --no-audit --no-fund && node $(CURDIR)/infra/strip-funding.mjs) || exit 1; \
	done

bench-search: services venv
	@bash bench/search/run.sh

bench-matching: services venv
	@bash bench/matching/run.sh

bench-push: services venv
	@bash bench/push/run.sh

bench-contract: services venv
	@bash bench/contract/run.sh

bench-app: services-browser venv
	@npm ci --prefix bench/app --no-audit --no-fund --loglevel=error
	@$(BIN)/python bench/app/benchmark.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov build dist
