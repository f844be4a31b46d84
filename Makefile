# Newsroom: `make run` for a demo site, `make test` for the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := newsroom.settings

.PHONY: install run serve worker worker-edge edge test test-fast lint format css lighthouse bench bench-views soak messages clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=..."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $(STAMP)

install: $(STAMP)

# `make run HOST=0.0.0.0 PORT=8080` serves on another address (add the host or IP you open it
# with to DJANGO_ALLOWED_HOSTS). The seed runs with the task log quieted (WARNING), so the demo
# accounts are the last lines printed before the development server starts.
HOST ?= 127.0.0.1
PORT ?= 8000

run: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0 || true
	$(BIN)/python manage.py migrate --noinput -v 0
	DJANGO_LOG_LEVEL=WARNING $(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-style: gunicorn (newsroom/gunicorn_conf.py reads GUNICORN_* from the environment),
# static files collected and served precompressed by WhiteNoise. Set DJANGO_DEBUG=false,
# DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and CACHE_URL first.
serve: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn -c newsroom/gunicorn_conf.py newsroom.wsgi:application

# Background jobs (mails, renditions, view flushes) with TASKS_BACKEND=database; set the same
# environment as for `make serve`. Without TASKS_BACKEND they run in the web process instead.
# `worker` serves every queue; `worker-edge` only the edge purges (queue "edge"), polling
# every 50 ms, so a purge never waits behind a mail or a training: run one of each in
# production (docs/deploy.md).
worker: $(STAMP)
	$(BIN)/python manage.py db_worker --no-reload --queue-name '*'

worker-edge: $(STAMP)
	$(BIN)/python manage.py db_worker --no-reload --queue-name edge --interval 0.05 --no-startup-delay

# Varnish (deploy/varnish/newsroom.vcl, xkey) in front of a running app: anonymous pages are
# cached, sessions passed, purges accepted from loopback. Start the app with
# NEWSROOM_EDGE_PURGE_URL=http://127.0.0.1:$(EDGE_PORT)/ so its writes purge the edge.
APP_PORT ?= 8000
EDGE_PORT ?= 8080
edge:
	python3 deploy/varnish/edge.py --app 127.0.0.1:$(APP_PORT) --listen 127.0.0.1:$(EDGE_PORT)

test: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0 || true
	$(BIN)/python -m pytest --create-db $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The one stylesheet: Bootstrap's Sass (npm) with only the parts the site uses, plus the
# apps' CSS, into static/css/site.min.css. Needs Node and npm; the built file is committed,
# so `make run` and the tests need neither. Run it after changing static/scss/ or
# static/css/{newsroom,comments,accounts,moderation}.css and commit the result.
css: $(STAMP)
	npm ci --no-audit --no-fund --silent
	npm run --silent css
	$(BIN)/python -m newsroom.css_bundle stamp

# Lighthouse (mobile) and the Nu HTML Checker behind a TLS proxy: see bench/lighthouse.sh.
lighthouse: $(STAMP)
	bench/lighthouse.sh

SOAK_MINUTES ?= 10

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/article_page.py
	$(BIN)/python bench/recommendations.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/assistant.py
	$(BIN)/python bench/edge_spike.py
	$(BIN)/python bench/live.py
	$(BIN)/python bench/soak.py --minutes $(SOAK_MINUTES)

# Mixed reading, posting and moderating against gunicorn; prints worker RSS and DB connections.
soak: $(STAMP)
	$(BIN)/python bench/soak.py --minutes $(SOAK_MINUTES)

bench-views: $(STAMP)
	$(BIN)/python bench/view_counter.py

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l de -l en --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
