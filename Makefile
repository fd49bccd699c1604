# Two entry points for a fresh machine: `make demo` and `make test`.
# Both create .venv, install quotegen and the Debian libraries WeasyPrint needs.
# `make test` is the full suite CI runs; `make test-fast` skips the tests marked slow
# (real subprocesses and signals, whole-PDF renders, fuzzing, the wheel) for the edit-test loop.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# libharfbuzz-subset0 makes font subsetting fast and reproducible (WeasyPrint otherwise
# falls back to fontTools, warns, and stamps the current time into embedded fonts).
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
# The tests check the PDFs with qpdf --check and poppler's pdftotext/pdffonts, and drive
# `quotegen serve` in Debian's chromium (through Playwright; no browser is downloaded).
TEST_DEBS := qpdf poppler-utils chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-fast system-deps test-system-deps venv clean bench

demo: venv
	$(BIN)/quotegen build clients -o output
	cd examples/meridian && $(CURDIR)/$(BIN)/quotegen build clients -o $(CURDIR)/output/meridian
	@echo
	@echo "Proposals written to $(CURDIR)/output/ (PDF, HTML and JSON per client);"
	@echo "the second sample brand's are in $(CURDIR)/output/meridian/."

test: venv test-system-deps
	$(BIN)/ruff check quotegen tests benchmarks tools
	$(BIN)/python -m pytest

test-fast: venv test-system-deps
	$(BIN)/ruff check quotegen tests benchmarks tools
	$(BIN)/python -m pytest -m "not slow"

bench: venv
	$(BIN)/python benchmarks/price_roles.py
	$(BIN)/python benchmarks/batch_build.py
	$(BIN)/python benchmarks/serve_latency.py

venv: $(STAMP)

$(STAMP): pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Install a Debian package only when it is missing, so repeated runs stay fast.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "Installing system packages:$$missing"; \
			$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Please install:$$missing (Debian package names)"; exit 1; \
		fi; \
	fi
endef

system-deps:
	$(call apt_install,$(RUNTIME_DEBS))

test-system-deps:
	$(call apt_install,$(TEST_DEBS))

clean:
	rm -rf $(VENV) build *.egg-info output/*.pdf output/*.html output/*.json
