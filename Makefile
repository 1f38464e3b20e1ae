# Samizdat: build a static reading site from a directory of article files.
# Follows Pelican's quickstart Makefile: override INPUTDIR, OUTPUTDIR, CONFFILE.
PY ?= python3
VENV ?= $(CURDIR)/.venv
PYTHON = $(VENV)/bin/python
PELICAN ?= $(PYTHON) -m pelican
PELICANOPTS ?=

BASEDIR = $(CURDIR)
INPUTDIR = $(BASEDIR)/content
OUTPUTDIR = $(BASEDIR)/output
CONFFILE = $(BASEDIR)/pelicanconf.py
PUBLISHCONF = $(BASEDIR)/publishconf.py

DISTDIR ?= $(BASEDIR)/dist
# The signing key lives outside the repository and the output.
KEYDIR ?= $(HOME)/.config/samizdat/keys
# The plugins are installed into the venv (pyproject.toml, editable): the
# same tool is `.venv/bin/samizdat`.
BUNDLE_TOOL = $(PYTHON) -m samizdat_bundle
SYSTEM_DEPS = PY="$(PY)" "$(BASEDIR)/scripts/install-system-deps"

PORT ?= 8000
BIND ?= 127.0.0.1

# Settings for `make html`, all in one -e (a second -e would replace the
# first): the report beside OUTPUTDIR, not beside the build's temporary
# folder; add your own with EXTRA_SETTINGS='NAME=json ...', not with an -e in
# PELICANOPTS.
REPORT = $(OUTPUTDIR).report.json
# The key folder is a setting too: the verify page shows that key.
# The build cache lives beside the output too, outside the repository.
CACHE = $(OUTPUTDIR).cache
# The settings every build gets (make regenerate too: it writes into OUTPUTDIR
# itself, so it has no previous output to reuse).
BUILD_SETTINGS = ARTICLE_READER_REPORT_PATH='"$(REPORT)"' \
	SAMIZDAT_BUNDLE_KEY_DIR='"$(KEYDIR)"' CACHE_PATH='"$(CACHE)"' $(EXTRA_SETTINGS)
SETTINGS = $(BUILD_SETTINGS) SITE_OUTPUT_PREVIOUS='"$(OUTPUTDIR)"'
# make html STRICT=1: any warning about an input file fails the build.
ifeq ($(STRICT), 1)
	BUILD_SETTINGS += ARTICLE_READER_STRICT=true
endif
# make html FULL=1: a full build, reading no cache (it still writes one).
ifeq ($(FULL), 1)
	BUILD_SETTINGS += LOAD_CONTENT_CACHE=false
endif

.PHONY: help html clean regenerate serve publish test test-fast lint format bench venv \
	translations keys bundle verify update-pack zim bench-search bench-langid bench-real \
	bench-search-langs system-deps

help:
	@echo 'make html          build INPUTDIR ($(INPUTDIR)) into OUTPUTDIR ($(OUTPUTDIR))'
	@echo 'make html STRICT=1 the same, failing on any warning about an input file'
	@echo 'make html FULL=1   the same, from nothing: no cache read, no file kept'
	@echo "make html EXTRA_SETTINGS='NAME=json ...'   other Pelican settings"
	@echo 'make publish       build with publishconf.py (feeds need SITEURL)'
	@echo 'make regenerate    rebuild into OUTPUTDIR itself whenever content changes'
	@echo '                   (pelican -r: no lock, no swap; for writing, not for copies)'
	@echo 'make serve         serve OUTPUTDIR on http://$(BIND):$(PORT)/index.html'
	@echo 'make clean         remove OUTPUTDIR, its build report and cache (not DISTDIR:'
	@echo '                   update packs need the previous bundles)'
	@echo 'make keys          create the signing key pair in KEYDIR ($(KEYDIR))'
	@echo 'make bundle        build, then sign and zip the site into DISTDIR'
	@echo 'make verify BUNDLE=path   check a bundle zip or an unpacked copy'
	@echo 'make update-pack SINCE=dist/<old>.MANIFEST.sha256   signed update pack'
	@echo 'make zim           build, then write a ZIM file for Kiwix into DISTDIR'
	@echo 'make test          install what the tests need, lint, run every test'
	@echo 'make system-deps   install (or say how to) the Debian packages make test needs'
	@echo 'make test-fast     the unit tests only (no browser, no whole builds)'
	@echo 'make lint          ruff check and format check'
	@echo 'make translations  refresh the message catalogs from the templates'

# The venv is made on first use and refreshed when the pins change: the
# build's locked set and the plugins (editable, so `import samizdat_bundle`
# works anywhere), then, for `make test`, the test tools. A venv without pip
# (made before python3-venv was installed) is made again.
$(VENV)/.build-installed: requirements.txt pyproject.toml
	@$(PYTHON) -m pip --version >/dev/null 2>&1 || \
		{ $(SYSTEM_DEPS) build && $(PY) -m venv --clear "$(VENV)"; }
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m pip install --quiet --no-deps --no-build-isolation -e "$(BASEDIR)"
	touch $@

$(VENV)/.test-installed: $(VENV)/.build-installed requirements-dev.txt
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.test-installed

# Chromium, Java, w3m, minisign, zim-tools, kiwix-tools, Node.js: installed
# when missing (as root with apt-get), else the command to run is printed.
system-deps:
	@$(SYSTEM_DEPS) test

# axe-core and the Nu HTML checker, for the accessibility and validity tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Build into OUTPUTDIR.partial, then swap it in with one rename: whenever a
# build is interrupted, OUTPUTDIR is the previous whole build. The partial
# starts as a hard-link copy of OUTPUTDIR and only changed files are
# replaced, so untouched pages keep their mtimes; the build's caches are in
# CACHE, with the output before the last build (the spare, which the next
# build updates into its copy instead of linking every file again:
# plugins/site_output/build.py). One build at a time per OUTPUTDIR
# (OUTPUTDIR.lock). FULL=1: start from nothing and read no cache.
html: $(VENV)/.build-installed
	$(PYTHON) -m site_output --output "$(OUTPUTDIR)" --report "$(REPORT)" \
		--spare "$(CACHE)/site_output/spare" $(if $(filter 1,$(FULL)),--full) -- \
		$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR).partial" -s "$(CONFFILE)" \
		$(PELICANOPTS) -e $(SETTINGS)

keys: $(VENV)/.build-installed
	$(BUNDLE_TOOL) keys --key-dir "$(KEYDIR)"

bundle: $(VENV)/.build-installed
	$(BUNDLE_TOOL) ensure-key --key-dir "$(KEYDIR)"
	$(MAKE) html
	$(BUNDLE_TOOL) bundle --site "$(OUTPUTDIR)" --dist "$(DISTDIR)" --key-dir "$(KEYDIR)"

verify: $(VENV)/.build-installed
	test -n "$(BUNDLE)" || { echo 'usage: make verify BUNDLE=<zip or folder>'; exit 2; }
	$(BUNDLE_TOOL) verify "$(BUNDLE)" --key-dir "$(KEYDIR)" $(if $(PUBLIC_KEY),--public-key "$(PUBLIC_KEY)")

update-pack: $(VENV)/.build-installed
	test -n "$(SINCE)" || { echo 'usage: make update-pack SINCE=<old MANIFEST.sha256>'; exit 2; }
	$(BUNDLE_TOOL) ensure-key --key-dir "$(KEYDIR)"
	$(MAKE) html
	$(BUNDLE_TOOL) update-pack --since "$(SINCE)" --site "$(OUTPUTDIR)" --dist "$(DISTDIR)" \
		--key-dir "$(KEYDIR)" $(if $(WHOLE_FILES),--whole-files)

zim: html
	mkdir -p "$(DISTDIR)"
	$(BUNDLE_TOOL) zim --site "$(OUTPUTDIR)" --dist "$(DISTDIR)"

publish: $(VENV)/.build-installed
	$(MAKE) html CONFFILE="$(PUBLISHCONF)"

regenerate: $(VENV)/.build-installed
	$(PELICAN) -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) \
		-e $(BUILD_SETTINGS)

serve: $(VENV)/.build-installed
	$(PELICAN) -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -p $(PORT) -b $(BIND)

clean:
	rm -rf "$(OUTPUTDIR)" "$(REPORT)" "$(OUTPUTDIR).partial" "$(OUTPUTDIR).old" "$(CACHE)"

translations: $(VENV)/.build-installed
	$(PYTHON) -m babel.messages.frontend extract -F babel.cfg --no-location --sort-output \
		-o theme/translations/messages.pot theme/templates
	$(PYTHON) -m babel.messages.frontend update --no-fuzzy-matching -i theme/translations/messages.pot \
		-d theme/translations

# Every test: unit tests, whole builds, the README's commands in a fresh
# clone, Chromium with axe-core, the Nu HTML checker, w3m, minisign, Kiwix.
test: system-deps $(VENV)/.test-installed node_modules/.installed lint
	$(PYTHON) -m pytest tests

# The unit layer, in seconds: no browser, no checker, no whole build.
test-fast: $(VENV)/.test-installed
	$(PYTHON) -m pytest tests -m "not browser and not slow"

LINTED = plugins tests bench pelicanconf.py publishconf.py
lint: $(VENV)/.test-installed
	$(PYTHON) -m ruff check $(LINTED)
	$(PYTHON) -m ruff format --check $(LINTED)

format: $(VENV)/.test-installed
	$(PYTHON) -m ruff check --fix $(LINTED)
	$(PYTHON) -m ruff format $(LINTED)

# Benchmarks print figures; they are not tests (make bench-search needs
# the Pagefind yardstick from requirements-bench.txt).
bench: $(VENV)/.test-installed
	$(PYTHON) bench/build.py
	$(PYTHON) bench/sizes.py --generate 5000
	$(PYTHON) bench/update.py
	$(PYTHON) bench/input_files.py

bench-search: $(VENV)/.test-installed
	$(PYTHON) -m pip install --quiet -r requirements-bench.txt
	$(PYTHON) bench/search.py

# Full and incremental builds of ARTICLES generated articles in three
# publishers' chrome against vanilla Pelican on the same articles as
# Markdown: wall time, peak memory, ratios (bench/scale.py; generated files
# in a temporary folder).
ARTICLES ?= 20000
.PHONY: bench-scale
bench-scale: $(VENV)/.test-installed
	$(PYTHON) bench/scale.py $(ARTICLES) --check-identical

# Identification per language; CORPORA holds langs.tar.xz and chrome-tf.tar.xz.
CORPORA ?= $(BASEDIR)/../shared/corpora/real
bench-langid: $(VENV)/.test-installed
	$(PYTHON) bench/langid.py --corpora "$(CORPORA)" --gettext /usr/share/locale

# The reader against the real corpora's truth files (CORPUS=../shared/corpora/real).
bench-real: $(VENV)/.test-installed
	$(PYTHON) bench/real.py $(CORPUS) --sets chrome-wide,chrome-tf,langs

# Search per language against Pagefind, on $(CORPORA)/langs.tar.xz.
bench-search-langs: $(VENV)/.test-installed
	$(PYTHON) -m pip install --quiet -r requirements-bench.txt
	$(PYTHON) bench/search_langs.py "$(CORPORA)/langs.tar.xz"
