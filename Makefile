# The two commands of the README: `make run` and `make test`. Every step is skipped when
# what it makes is already there and newer than what it depends on.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
DEV := DEBUG=True

.PHONY: run test test-fast lint format check-deploy bench

# PORT goes to every command too: in development SITE_URL follows it (links, feed, emails).
run: $(VENV)/.installed .env
	$(DEV) PORT=$(PORT) $(PY) manage.py migrate --no-input -v0
	$(DEV) PORT=$(PORT) $(PY) manage.py load_demo
	$(DEV) PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The development settings every other manage.py command reads too (settings load .env), so the
# README's commands work as written after `make run`. Written once: an existing .env, perhaps
# edited by hand, is never touched. Never committed (.gitignore).
.env:
	@umask 077 && { \
	  echo "# Development settings, written by make run for this checkout (never committed)."; \
	  echo "DEBUG=True"; \
	  echo "SECRET_KEY=dev-$$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"; \
	} > $@.partial && mv $@.partial $@
	@echo "Wrote $@ (DEBUG=True and a new SECRET_KEY) for the development server and manage.py."

test: $(VENV)/.installed-dev node_modules/.installed /usr/bin/chromium /usr/bin/java /usr/sbin/varnishd
	$(VENV)/bin/pytest -n auto

# The suite without the browser checks, for a quick loop while editing. It still runs the
# HTML checks (tests/test_html_valid.py), which need vnu-jar from npm and Java.
test-fast: $(VENV)/.installed-dev node_modules/.installed /usr/bin/java
	$(VENV)/bin/pytest -n auto -m "not browser"

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The deploy checks with production-like settings; .ci/run calls this, the one copy. It needs
# PostgreSQL on 127.0.0.1:5432 (.ci/run starts it): a GeneratedField check asks its version.
check-deploy: $(VENV)/.installed
	DEBUG=False \
	  SECRET_KEY="ci-$$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-production-like-secret" \
	  ALLOWED_HOSTS=guides.example.com SITE_URL=https://guides.example.com \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
	  CACHE_URL=redis://127.0.0.1:6379/1 \
	  EMAIL_URL=smtp://127.0.0.1:25 \
	  $(PY) manage.py check --deploy --fail-level WARNING

bench: $(VENV)/.installed-dev
	$(PY) bench/load.py
	$(PY) bench/scale.py
	$(PY) bench/imports.py

# Python comes from .python-version (pyenv), checked before the virtual environment is made.
# A stamp file, not bin/python: that is a link to the shared interpreter, whose date is not ours.
$(VENV)/.created: .python-version
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 13))' || \
		{ echo "Python 3.13 is needed (see .python-version); found $$(python3 --version)"; exit 1; }
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: $(VENV)/.created requirements.txt
	$(VENV)/bin/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json
	npm install --ignore-scripts --no-audit --no-fund
	@touch $@

# The HTML checks run the Nu Html Checker (vnu-jar), a Java program.
/usr/bin/java:
	apt-get install -y default-jre-headless || { apt-get update && apt-get install -y default-jre-headless; }

# Browser tests drive Debian's Chromium; Playwright does not download a browser of its own.
/usr/bin/chromium:
	apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }

# The reverse-proxy tests (tests/proxy/) run Debian's Varnish with its xkey and var modules,
# each in a varnishd of their own; where systemd runs, Debian also starts its varnish service.
/usr/sbin/varnishd:
	apt-get install -y varnish varnish-modules || \
		{ apt-get update && apt-get install -y varnish varnish-modules; }
