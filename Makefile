# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test install run lint format bench audit browser-test messages migrate clean

$(VENV)/.installed: pyproject.toml requirements.lock
	@PYTHON=$$(for c in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
		if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then echo $$c; break; fi; done); \
	if [ -z "$$PYTHON" ]; then echo "Python 3.12 or newer is needed (3.13 recommended, see .python-version); none was found." >&2; exit 1; fi; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON"; $$PYTHON -m venv $(VENV); fi
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --constraint requirements.lock --editable ".[test]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: install migrate
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

run: install
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

# The live server answers in its own thread, and the browser sends requests in parallel (a
# course kept for offline fetches every lesson at once). In-memory SQLite refuses a write
# while another is under way ("database table is locked"); a database file waits its turn.
browser-test: install
	case "$${DATABASE_URL:-sqlite}" in sqlite*) \
		export DATABASE_TEST_NAME=$${DATABASE_TEST_NAME:-$$(mktemp -u /tmp/training-browser-XXXXXX.sqlite3)};; \
	esac; $(PY) -m pytest -m browser $(PYTEST_ARGS)

bench: install
	$(PY) -m tests.benchmarks
	$(PY) -m pytest -m browser -q -s tests/benchmarks $(PYTEST_ARGS)
	$(PY) -m tests.benchmarks.throughput

# Lighthouse (mobile) on the demo site's main pages in en and ar; needs `make demo`'s data,
# Node.js/npm and Debian's chromium. Not a CI leg.
audit: install
	$(PY) -m tests.benchmarks.lighthouse_audit

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages --locale fr --locale ar --locale es --locale pt --ignore '.venv/*' --ignore 'tests/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

# The production profile on this machine and a learner's journey over HTTP (deploy/smoke.py):
# needs PostgreSQL on 127.0.0.1:5432 (database prod_smoke, dropped first) and Redis (db 7).
.PHONY: prod-smoke loadtest
prod-smoke: install
	$(PY) deploy/smoke.py

# Locust against that profile, then database checks (tests/benchmarks/loadtest.py). Not a CI leg.
USERS ?= 200
DURATION ?= 5m
LOAD_WORKERS ?= 4
loadtest: install
	$(PY) deploy/smoke.py --workers $(LOAD_WORKERS) --then "$(PY) -m tests.benchmarks.loadtest --users $(USERS) --duration $(DURATION)"

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
