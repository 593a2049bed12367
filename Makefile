# The portal's commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# requirements/runtime.txt is what servers install; requirements/dev.txt (runtime + tests and tooling) is what
# make installs. Both are exact versions with hashes, made by `make lock` from the .in files beside them.
DEV_LOCK := requirements/dev.txt
STAMP := $(VENV)/.installed-$(shell cat $(DEV_LOCK) | cksum | cut -d' ' -f1)
# The browser tests' accessibility checkers (axe-core, the Nu HTML checker) come from npm: package.json pins them,
# package-lock.json locks them, and `npm ci` reinstalls node_modules when the lock changes. Without npm, make says so
# and tests/a11y skips (CI installs npm: .ci/run). No install scripts: vnu-jar's would download a Java runtime.
NPM := $(shell command -v npm)
NPM_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links

.PHONY: install node-tools lock run test lint format migrations-check check-deploy prod-check scale-check bench backup restore soak

$(STAMP): $(DEV_LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	rm -f $(VENV)/.installed-*
	touch $@

ifneq ($(NPM),)
$(NPM_STAMP): package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

node-tools: $(NPM_STAMP)
else
node-tools:
	@echo "!!! 找不到 npm：未安装 node_modules（axe-core、vnu-jar），无障碍测试（tests/a11y）将跳过。"
endif

install: $(STAMP) node-tools

## Re-pin both locks after editing requirements/*.in (existing pins are kept; `LOCK_ARGS=--upgrade` to move them).
lock: install
	cd requirements && ../$(PIP_COMPILE) $(LOCK_ARGS) -o runtime.txt runtime.in
	cd requirements && ../$(PIP_COMPILE) $(LOCK_ARGS) -o dev.txt dev.in

## Migrate, load the demo data, start the portal (and a Celery worker when Redis answers).
run: install
	$(BIN)/python -m bureau.devserver

## The whole suite: unit, PostgreSQL, a real Celery worker, the browser tests.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Style, then the layers (ARCHITECTURE.md): imports, model relations and migrations point down; then types.
## Every check runs even when one fails, so one run lists every problem.
lint: install
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check . || status=1; \
	$(BIN)/lint-imports --no-cache || status=1; \
	DEBUG=1 $(BIN)/python manage.py check_layers || status=1; \
	DEBUG=1 $(BIN)/mypy || status=1; \
	exit $$status

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

## The production stack on loopback (PostgreSQL db anjian_prodcheck, Redis db 9, gunicorn, Celery worker and
## beat, nginx if installed), smoke-tested through nginx; stops everything again. Not part of `make test`.
prod-check: install
	$(BIN)/python deploy/prod_check.py

## Scale-out on one machine: two gunicorn instances and two Celery workers on the same database and Redis, reading
## their pages from a real streaming replica of the local PostgreSQL (pg_basebackup, hot standby on port 15432,
## removed at the end). Not part of `make test`.
scale-check: install
	$(BIN)/python deploy/scale_out.py

## Performance benchmark (bench/README.md): city-scale demo data on PostgreSQL (databases anjian_bench*), key pages,
## throughput under wrk (apt-get install wrk), the quarterly ranking; writes bench/RESULTS.md. Not part of `make test`.
## BENCH_ARGS="--reseed --province" to rebuild the data and add the province scale.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## Back up the DATABASE_URL database (pg_dump) and MEDIA_ROOT (the photos) into BACKUP_DIR/<time>/ (default var/backups).
backup: install
	$(BIN)/python deploy/backup.py backup

## Restore one: `make restore BACKUP=var/backups/20260815-023000` into an empty DATABASE_URL database and MEDIA_ROOT.
restore: install
	@test -n "$(BACKUP)" || { echo "用法：make restore BACKUP=var/backups/<备份目录>"; exit 2; }
	$(BIN)/python deploy/backup.py restore $(BACKUP) $(RESTORE_ARGS)

## 50 simulated users against gunicorn for 5 minutes (SOAK_ARGS="--duration 60" for less); appends to bench/RESULTS.md.
soak: install
	$(BIN)/python -m bench.soak $(SOAK_ARGS)
