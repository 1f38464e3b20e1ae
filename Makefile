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

DISTDIR ?= $(BASEDIR)/dist
# The signing key lives outside the repository and the output.
KEYDIR ?= $(HOME)/.config/samizdat/keys
BUNDLE_TOOL = PYTHONPATH="$(BASEDIR)/plugins" $(VENV)/bin/python -m samizdat_bundle

PORT ?= 8000
BIND ?= 127.0.0.1

# Settings for the build, passed in ONE -e (Pelican keeps only the last -e):
# where the report goes, and the key folder the verify page shows the key of.
OVERRIDES = ARTICLE_READER_REPORT_PATH='"$(OUTPUTDIR).report.json"' \
	SAMIZDAT_BUNDLE_KEY_DIR='"$(KEYDIR)"'
# make html STRICT=1: any warning about an input file fails the build.
ifeq ($(STRICT), 1)
	OVERRIDES += ARTICLE_READER_STRICT=true
endif

.PHONY: help html clean regenerate serve publish test lint format bench venv translations \
	keys bundle verify update-pack zim bench-search

help:
	@echo 'make html          build INPUTDIR ($(INPUTDIR)) into OUTPUTDIR ($(OUTPUTDIR))'
	@echo 'make html STRICT=1 the same, failing on any warning about an input file'
	@echo 'make publish       build with publishconf.py (feeds need SITEURL)'
	@echo 'make serve         serve OUTPUTDIR on http://$(BIND):$(PORT)/index.html'
	@echo 'make clean         remove OUTPUTDIR and its build report (not DISTDIR:'
	@echo '                   update packs need the previous bundles)'
	@echo 'make keys          create the signing key pair in KEYDIR ($(KEYDIR))'
	@echo 'make bundle        build, then sign and zip the site into DISTDIR'
	@echo 'make verify BUNDLE=path   check a bundle zip or an unpacked copy'
	@echo 'make update-pack SINCE=dist/<old>.MANIFEST.sha256   signed update pack'
	@echo 'make zim           build, then write a ZIM file for Kiwix into DISTDIR'
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

# Build into OUTPUTDIR.partial, then swap it in: an interrupted build never
# leaves a half-written OUTPUTDIR.
html: $(VENV)/.installed
	rm -rf "$(OUTPUTDIR).partial"
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR).partial" -s "$(CONFFILE)" \
		$(PELICANOPTS) -e $(OVERRIDES)
	rm -rf "$(OUTPUTDIR).old"
	if [ -d "$(OUTPUTDIR)" ]; then mv "$(OUTPUTDIR)" "$(OUTPUTDIR).old"; fi
	mv "$(OUTPUTDIR).partial" "$(OUTPUTDIR)"
	rm -rf "$(OUTPUTDIR).old"

keys: $(VENV)/.installed
	$(BUNDLE_TOOL) keys --key-dir "$(KEYDIR)"

bundle: $(VENV)/.installed
	$(BUNDLE_TOOL) ensure-key --key-dir "$(KEYDIR)"
	$(MAKE) html
	$(BUNDLE_TOOL) bundle --site "$(OUTPUTDIR)" --dist "$(DISTDIR)" --key-dir "$(KEYDIR)"

verify: $(VENV)/.installed
	test -n "$(BUNDLE)" || { echo 'usage: make verify BUNDLE=<zip or folder>'; exit 2; }
	$(BUNDLE_TOOL) verify "$(BUNDLE)" --key-dir "$(KEYDIR)" $(if $(PUBLIC_KEY),--public-key "$(PUBLIC_KEY)")

update-pack: $(VENV)/.installed
	test -n "$(SINCE)" || { echo 'usage: make update-pack SINCE=<old MANIFEST.sha256>'; exit 2; }
	$(BUNDLE_TOOL) ensure-key --key-dir "$(KEYDIR)"
	$(MAKE) html
	$(BUNDLE_TOOL) update-pack --since "$(SINCE)" --site "$(OUTPUTDIR)" --dist "$(DISTDIR)" \
		--key-dir "$(KEYDIR)" $(if $(WHOLE_FILES),--whole-files)

zim: html
	$(BUNDLE_TOOL) zim --site "$(OUTPUTDIR)" --dist "$(DISTDIR)"

publish: $(VENV)/.installed
	$(MAKE) html CONFFILE="$(PUBLISHCONF)"

regenerate: $(VENV)/.installed
	$(PELICAN) -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(VENV)/.installed
	$(PELICAN) -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -p $(PORT) -b $(BIND)

clean:
	rm -rf "$(OUTPUTDIR)" "$(OUTPUTDIR).report.json" "$(OUTPUTDIR).partial"

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

# Benchmarks print figures; they are not tests (make bench-search needs
# the Pagefind yardstick from requirements-bench.txt).
bench: $(VENV)/.installed
	$(VENV)/bin/python bench/build.py
	$(VENV)/bin/python bench/sizes.py --generate 5000
	$(VENV)/bin/python bench/update.py

bench-search: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -r requirements-bench.txt
	$(VENV)/bin/python bench/search.py
