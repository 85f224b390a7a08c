# stancemap: two commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= stancemap.db

.PHONY: demo test bench install clean chromium

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/stancemap run examples/ --codebook examples/codebook.yaml --db $(DB)
	$(BIN)/stancemap report --db $(DB) --out report.html
	@echo
	@echo "Next:  $(BIN)/stancemap statements --db $(DB)            (table of statements)"
	@echo "       $(BIN)/stancemap statements --db $(DB) --format jsonl"
	@echo "       open report.html                                   (who supports and opposes, with evidence)"

test: $(STAMP) chromium
	$(BIN)/python -m pytest -m "not bench"

# Browser tests drive Debian's chromium through Playwright; never a downloaded browser.
# Installing needs root (apt-get): where it fails, the browser tests skip and say why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
	  || echo "chromium not installed (apt-get install chromium failed; it needs root): browser tests will be skipped"; }

bench: $(STAMP)
	$(BIN)/python -m pytest -m bench -s -p no:cacheprovider --timeout=0 benchmarks tests

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm report.html
