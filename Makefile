# Two commands for a fresh machine with Python 3.11+ and make:
#   make run    set up, migrate, seed and serve on http://127.0.0.1:8000
#   make test   run checks, lint and the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run setup serve worker test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py ensure_admin

run: setup
	$(BIN)/python manage.py runserver $(HOST)

# Production: DEBUG off, static files collected (without them every page is a 500 with
# DEBUG off), migrations applied, gunicorn with gunicorn.conf.py. Needs SECRET_KEY,
# ALLOWED_HOSTS and the rest of README "Production" in the environment.
serve: $(VENV)/.installed
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 $(BIN)/gunicorn -c gunicorn.conf.py

# The background import's worker (README, "Nhập lưu trữ chạy nền"): needs REDIS_URL.
worker: $(VENV)/.installed
	$(BIN)/python manage.py rqworker imports

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/pytest

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .hypothesis
