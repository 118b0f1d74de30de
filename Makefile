# Two set-up commands: `make run` (a running platform with demo data) and `make test` (every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench bench-deps system-deps clean help

help:
	@echo "make run    — install, migrate, load demo data (first time) and serve on http://$(HOST):$(PORT)/"
	@echo "make test   — install test dependencies and run the whole suite (unit, integration, browser)"
	@echo "make lint   — ruff and the import-linter contract"
	@echo "make bench  — run the benchmarks under bench/ (writes bench/results/)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/microdrama manage migrate --noinput
	$(BIN)/microdrama demo --if-empty
	$(BIN)/microdrama serve --host $(HOST) --port $(PORT)

# Chromium drives the browser tests and CJK fonts make their screenshots readable; espeak-ng voices
# the AI lab's dialogue; poppler-utils renders PDFs to images in tests. Installed when root and
# missing; otherwise the tests that need them are skipped with the reason printed.
SYSTEM_PACKAGES := chromium fonts-noto-cjk espeak-ng poppler-utils
system-deps:
	@if command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . \
	    && command -v espeak-ng >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing $(SYSTEM_PACKAGES) with apt-get…"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "NOTE: some of $(SYSTEM_PACKAGES) missing and not root: tests that need them will be skipped."; fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

test: $(STAMP) system-deps lint
	$(BIN)/python -c 'from microdrama.hub.i18n import compile_messages; compile_messages()'
	$(BIN)/pytest

bench-deps: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/pip install --quiet --no-deps 'invisible-watermark>=0.2,<1'

CORPUS ?= ../shared/media
bench: bench-deps
	$(BIN)/python bench/copy_detection.py --corpus $(CORPUS)
	$(BIN)/python bench/copy_detection_scale.py
	$(BIN)/python bench/watermark.py --corpus $(CORPUS)
	$(BIN)/python bench/qc.py --corpus $(CORPUS)

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache
