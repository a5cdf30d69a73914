# tuphap — the front door. `make demo` and `make test` work on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export PORT TEST_POSTGRES_URL

# The first Python >= 3.12 on the path (pyenv's shims honour .python-version).
FIND_PYTHON := for c in python3.12 python3.13 python3.14 python3 python; do \
  p=$$(command -v $$c 2>/dev/null) || continue; \
  $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 && { echo $$p; break; }; \
done

# Environment for running the app locally: the demo's defaults, overridable.
RUN_ENV = DEBUG=$${DEBUG:-0} HTTPS=$${HTTPS:-0} \
  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
  SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
  EMAIL_BACKEND=$${EMAIL_BACKEND:-$$( [ -n "$${EMAIL_HOST:-}" ] || echo django.core.mail.backends.console.EmailBackend)}
TEST_ENV = DJANGO_SETTINGS_MODULE=tuphap.settings_test
# The citizens' single sign-on: `make demo` serves with the stand-in provider (standins/oidc) beside
# tuphap and points tuphap at it; the real national identity's values go in the environment instead.
OIDC_PORT ?= 8101
export OIDC_PORT
STANDIN_URL = http://127.0.0.1:$(OIDC_PORT)
STANDIN_ENV = $(if $(STANDIN_OIDC),STANDIN_OIDC=1 \
  OIDC_RP_CLIENT_ID=$${OIDC_RP_CLIENT_ID:-tuphap} OIDC_RP_CLIENT_SECRET=$${OIDC_RP_CLIENT_SECRET:-tuphap-standin-secret} \
  OIDC_OP_AUTHORIZATION_ENDPOINT=$(STANDIN_URL)/authorize OIDC_OP_TOKEN_ENDPOINT=$(STANDIN_URL)/token \
  OIDC_OP_USER_ENDPOINT=$(STANDIN_URL)/userinfo OIDC_OP_JWKS_ENDPOINT=$(STANDIN_URL)/jwks)

.PHONY: help install translations demo serve test lint bench fuzz messages clean

help:
	@echo "make demo   set up everything (venv, dependencies, migrations, demo data on SQLite with its whole history) and serve"
	@echo "make test   set up and run every check (ruff, mypy, migrations, tests on SQLite and PostgreSQL)"
	@echo "make serve  serve the configured database on 127.0.0.1:\$$PORT without touching data"
	@echo "make lint   ruff and mypy only"
	@echo "make bench  run the benchmarks (bench/), one line per figure"
	@echo "make fuzz   fuzz the whole API longer, random (FUZZ_EXAMPLES=200 per operation, role and mode), and odd numbers as every role, on SQLite and PostgreSQL"
	@echo "make messages  refresh the translation catalogues (needs GNU gettext)"

$(VENV)/.installed: pyproject.toml
	@py="$$($(FIND_PYTHON))"; \
	if [ -z "$$py" ]; then \
	  echo "tuphap needs Python 3.12 or newer, and none was found (python3 is $$(python3 --version 2>&1))." >&2; \
	  echo "Install one, e.g. 'pyenv install 3.12' (this repository's .python-version selects it) or 'apt-get install python3.12 python3.12-venv'." >&2; \
	  exit 1; \
	fi; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then rm -rf $(VENV); fi; \
	[ -x $(PY) ] || $$py -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

var/secret_key:
	@mkdir -p var
	@$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

translations: install
	@$(TEST_ENV) $(PY) manage.py compile_translations >/dev/null

demo: install var/secret_key translations
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py demo
	@$(MAKE) --no-print-directory serve STANDIN_OIDC=1

serve: install var/secret_key translations
	@$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	@$(RUN_ENV) $(PY) manage.py migrate --check >/dev/null 2>&1 || { echo "tuphap: the database is not migrated; run 'make demo' or 'python manage.py migrate'." >&2; exit 1; }
	@echo
	@echo "tuphap: serving http://127.0.0.1:$(PORT)/  (back office, /admin/, /api/v1/docs, /healthz); Ctrl-C stops"
	@$(if $(STANDIN_OIDC),echo "tuphap: citizens sign in through the stand-in identity provider on $(STANDIN_URL) (congdan, congdan2 / tuphap-demo)")
	@$(RUN_ENV) $(STANDIN_ENV) scripts/serve

lint: install
	$(PY) -m ruff check src tests bench
	$(TEST_ENV) $(PY) -m mypy src/tuphap/workdays/core.py src/tuphap/workdays/bulk.py src/tuphap/workdays/seed.py \
	  src/tuphap/api.py src/tuphap/core/rows.py src/tuphap/core/services.py src/tuphap/core/keywords.py src/tuphap/core/forms.py src/tuphap/core/xlsx.py src/tuphap/orgs/services.py src/tuphap/orgs/permissions.py src/tuphap/workdays/services.py src/tuphap/workdays/selectors.py \
	  src/tuphap/dossiers/workflow.py src/tuphap/dossiers/validation.py src/tuphap/dossiers/services.py src/tuphap/dossiers/selectors.py \
	  src/tuphap/dossiers/actions.py src/tuphap/dossiers/codes.py src/tuphap/dossiers/regimes.py src/tuphap/dossiers/history_bulk.py src/tuphap/dossiers/importing.py src/tuphap/dossiers/applicants.py src/tuphap/dossiers/national.py src/tuphap/dossiers/procedures.py \
	  src/tuphap/workplans/rules.py src/tuphap/workplans/services.py src/tuphap/workplans/selectors.py \
	  src/tuphap/citizens/*.py src/tuphap/dossiers/results/*.py \
	  src/tuphap/dossiers/online/*.py src/tuphap/dossiers/payments/*.py

test: install translations
	scripts/ensure-system-packages
	$(MAKE) --no-print-directory lint
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	scripts/run-tests

fuzz: install translations
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} scripts/run-tests tests/hardening/test_fuzz_api.py tests/hardening/test_odd_numbers.py -q -m ''

bench: install translations
	@for b in bench/bench_*.py; do $(TEST_ENV) $(PY) $$b || exit 1; done

messages: install
	cd src/tuphap && $(TEST_ENV) ../../$(PY) ../../manage.py makemessages -l vi --no-obsolete --ignore 'demo/data.py' --ignore '*/demo/*'

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
