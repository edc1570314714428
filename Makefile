# Renkei: two commands do all the set-up on a fresh machine.
#   make run    install what is missing, migrate, load the registry and demo data once, serve
#   make test   install what is missing, lint, then the whole suite on SQLite and PostgreSQL
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run production test deps system-deps lint test-sqlite test-postgres messages bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# Every catalogue under locale/ compiled (none yet is not an error here: lint's
# check_translations.py is what insists on a complete Japanese one).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

deps: $(VENV)/.installed $(CATALOGUES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0 --settings=renkei.settings_test

# Debian packages the suite needs: Chromium for browser tests, PostgreSQL, gettext, npm…
system-deps:
	@bash scripts/system-deps.sh

# Links in emails, calendar files and the API name the address the site is served at.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: deps
	mkdir -p var
	DEBUG=1 RENKEI_DEMO=1 $(PY) manage.py migrate --noinput -v 0
	DEBUG=1 RENKEI_DEMO=1 $(PY) manage.py setup_demo
	DEBUG=1 RENKEI_DEMO=1 $(PY) manage.py db_worker --interval 1 >var/worker.log 2>&1 & \
	  trap 'kill $$!' EXIT INT TERM; \
	  DEBUG=1 RENKEI_DEMO=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production profile on this machine: PostgreSQL, Redis, two web nodes, two workers, nginx.
production: system-deps deps
	PORT=$(PORT) bash scripts/production.sh

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy renkei
	$(PY) manage.py makemigrations --check --dry-run --settings=renkei.settings_test
	$(PY) scripts/check_translations.py

# The whole suite, browser tests included; each worker has its own database and browser.
test-sqlite: deps node_modules/.installed
	$(VENV)/bin/pytest -n 2 --dist loadfile -q

# The same code on PostgreSQL (without the browser tests), on a throw-away cluster.
test-postgres: deps
	bash scripts/postgres.sh start
	DATABASE_URL=postgres://renkei:renkei@127.0.0.1:54329/renkei $(VENV)/bin/pytest -n 2 --dist loadfile -q -m "not e2e"; \
	  status=$$?; bash scripts/postgres.sh stop; exit $$status

test: system-deps
	$(MAKE) deps node_modules/.installed
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

# Benchmarks: national-scale data generated once into var/bench.sqlite3, then each page
# measured beside a floor page (bench/run.py prints the table and how to re-run it).
bench: deps
	@bash scripts/system-deps.sh --bench
	test -f var/bench.sqlite3 || $(PY) bench/generate.py
	$(PY) bench/run.py

clean:
	-bash scripts/postgres.sh stop
	-PG_PORT=54330 bash scripts/postgres.sh stop
	-bash scripts/redis.sh stop
	rm -rf $(VENV) node_modules var/*.sqlite3* var/postgres var/static
