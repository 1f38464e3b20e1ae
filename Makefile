# Samizdat: build a static reading site from a directory of article files.
# Follows Pelican's quickstart Makefile: override INPUTDIR, OUTPUTDIR, CONFFILE.
PY ?= python3
VENV ?= $(CURDIR)/.venv
PELICAN ?= $(VENV)/bin/pelican
PELICANOPTS ?=

BASEDIR = $(CURDIR)
INPUTDIR = $(BASEDIR)/content
OUTPUTDIR = $(BASEDIR)/output
CONFFILE = $(BASEDIR)/pelicanconf.py
PUBLISHCONF = $(BASEDIR)/publishconf.py

PORT ?= 8000
BIND ?= 127.0.0.1

# make html STRICT=1: any warning about an input file fails the build.
ifeq ($(STRICT), 1)
	PELICANOPTS += -e ARTICLE_READER_STRICT=true
endif

.PHONY: help html clean regenerate serve publish test lint format bench venv translations

help:
	@echo 'make html          build INPUTDIR ($(INPUTDIR)) into OUTPUTDIR ($(OUTPUTDIR))'
	@echo 'make html STRICT=1 the same, failing on any warning about an input file'
	@echo 'make publish       build with publishconf.py (feeds need SITEURL)'
	@echo 'make serve         serve OUTPUTDIR on http://$(BIND):$(PORT)/index.html'
	@echo 'make clean         remove OUTPUTDIR and its build report'
	@echo 'make test          run the test suite'
	@echo 'make lint          ruff check and format check'
	@echo 'make translations  refresh the message catalogs from the templates'

# The venv is made on first use and refreshed when the pins change.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# axe-core and the Nu HTML checker, for the accessibility and validity tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

html: $(VENV)/.installed
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

publish: $(VENV)/.installed
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(PUBLISHCONF)" $(PELICANOPTS)

regenerate: $(VENV)/.installed
	$(PELICAN) -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(VENV)/.installed
	$(PELICAN) -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -p $(PORT) -b $(BIND)

clean:
	rm -rf "$(OUTPUTDIR)" "$(OUTPUTDIR).report.json"

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output \
		-o theme/translations/messages.pot theme/templates
	$(VENV)/bin/pybabel update --no-fuzzy-matching -i theme/translations/messages.pot \
		-d theme/translations

test: $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/ruff check plugins tests bench pelicanconf.py publishconf.py
	$(VENV)/bin/ruff format --check plugins tests bench pelicanconf.py publishconf.py
	$(VENV)/bin/python -m pytest tests

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check plugins tests bench pelicanconf.py publishconf.py
	$(VENV)/bin/ruff format --check plugins tests bench pelicanconf.py publishconf.py

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix plugins tests bench pelicanconf.py publishconf.py
	$(VENV)/bin/ruff format plugins tests bench pelicanconf.py publishconf.py

bench: $(VENV)/.installed
	$(VENV)/bin/python bench/build.py
