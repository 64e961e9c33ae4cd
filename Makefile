# Clarion: `make run` serves the demo campaign, `make test` runs the whole suite. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test test-scale test-fast lint bench install install-dev migrate manage messages clean

# Production set only (make run, make install); tests, lint and bench add the dev set, with its own stamp.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py serve --demo-admin $(if $(V),--verbosity 2)

lint: install-dev
	$(VENV)/bin/ruff check .
	PYTHONPATH=. $(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# Two workers (TEST_WORKERS=0: one process): browser journeys and the tests that start servers of their own run
# one after another on one of them (tests/fixtures/site.py), the rest spread over both.
TEST_WORKERS ?= 2
TEST_PARALLEL = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup)
test: install-dev node_modules/.installed lint
	$(VENV)/bin/pytest $(TEST_PARALLEL) $(PYTEST_ARGS)

# The scale-out configuration: the same suite on PostgreSQL, with Redis for cache, sessions and tasks.
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/clarion
SCALE_REDIS_URL ?= redis://127.0.0.1:6379/15
test-scale: install-dev node_modules/.installed
	DATABASE_URL=$(SCALE_DATABASE_URL) REDIS_URL=$(SCALE_REDIS_URL) $(VENV)/bin/pytest $(TEST_PARALLEL) $(PYTEST_ARGS)

test-fast: install-dev
	$(VENV)/bin/pytest $(TEST_PARALLEL) -m "not journey" $(PYTEST_ARGS)

# Benchmarks (bench/README.md): one JSON line per figure on stdout. BENCH_SECONDS, BENCH_CONFIGS, BENCH_EXPORT_ROWS.
bench: install-dev
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	@$(PY) bench/run.py

# The interface catalogs: gather every marked string into locale/<language>/LC_MESSAGES/django.po (new strings
# arrive untranslated, changed ones fuzzy), then compile the .mo files Django reads. Needs GNU gettext.
MESSAGE_LANGUAGES ?= fa ar
messages: install-dev
	$(PY) manage.py makemessages $(addprefix -l ,$(MESSAGE_LANGUAGES)) --no-obsolete \
		$(addprefix --ignore=,node_modules tests bench deploy docs var staticfiles locale)
	$(PY) manage.py compilemessages $(addprefix -l ,$(MESSAGE_LANGUAGES)) $(addprefix --ignore=,.venv node_modules)

manage: install
	$(PY) manage.py $(ARGS)

clean:
	rm -rf $(VENV) node_modules test-artifacts
