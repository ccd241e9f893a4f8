# The two commands of the quick start: `make run` serves the seeded app, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lock lint format clean bench loadtest editors-load eval-intake

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs exactly what the lock files name, each package checked against its hash; `make lock`
# updates them from pyproject.toml's ranges, deliberately, in a commit of its own.
$(INSTALLED): requirements/dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	touch $(INSTALLED)

install: $(INSTALLED)

LOCK := $(VENV)/lock-tools/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 --quiet
lock: | $(BIN)/python
	$(PYTHON) -m venv $(VENV)/lock-tools
	$(VENV)/lock-tools/bin/python -m pip install --quiet 'uv>=0.9,<1'
	$(LOCK) $(LOCK_ARGS) -o requirements/base.lock
	$(LOCK) $(LOCK_ARGS) --extra test -o requirements/dev.lock

run: $(INSTALLED)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(INSTALLED)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark (README, section Performance): PostgreSQL only, at the reference size.
bench: $(INSTALLED)
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "make bench needs wrk (apt-get install wrk)"; exit 1; }
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# The load and fault test (README, section Load and faults): loopback only, stops by itself.
loadtest: $(INSTALLED)
	$(BIN)/python benchmarks/loadtest.py $(LOADTEST_ARGS)

# Editors under load (README): 6 editors (at least 4) saving, adding and publishing at once through
# the admin over HTTP, 30 s; fails on any error, lost write or deadlock. PostgreSQL only; bounded.
editors-load: $(INSTALLED)
	$(BIN)/python benchmarks/editors_load.py $(EDITORS_LOAD_ARGS)

# Intake's precision, recall and speakers on the hand-labelled reports (tests/intake_eval).
eval-intake: $(INSTALLED)
	$(BIN)/python benchmarks/eval_intake.py $(EVAL_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
