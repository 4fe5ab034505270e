# ISP Suite for Odoo: the two commands are `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8069
export PORT

.PHONY: run test bootstrap stop lint shell bench help

help:
	@echo "make run    bootstrap, build the demo database isp_demo if missing, serve Odoo on 127.0.0.1:$(PORT)"
	@echo "make test   bootstrap, fresh databases, every addon's tests, the install matrix and tests/"
	@echo "make stop   stop the project-local PostgreSQL cluster"
	@echo "make lint   flake8 and pylint-odoo on addons/"
	@echo "make shell  odoo shell on isp_demo"
	@echo "make bench  benchmarks in bench/"

run:
	@tools/run.sh

test:
	@tools/test.sh

bootstrap:
	@tools/bootstrap.sh

stop:
	@tools/pg.sh stop

lint: bootstrap
	@tools/lint.sh

shell: bootstrap
	@tools/demo_db.sh
	@source tools/env.sh && exec "$$PY" tools/odoo-bin shell -c odoo.conf -d "$$DEMO_DB" --no-http

bench: bootstrap
	@tools/bench.sh
