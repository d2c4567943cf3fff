# The two commands a newcomer needs: `make demo` and `make test`. Everything installs from here.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: install demo lint test test-fast app bench chromium clean train train-check

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Analyse the bundled examples with the offline extractor (no key, no network), then search them.
# The invented example companies go into their own store under the project, never the user's.
DEMO_HOME ?= $(CURDIR)/.demo-home
demo: export ANALYZER_HOME = $(DEMO_HOME)
demo: $(STAMP)
	$(BIN)/analyzer analyze examples/kitamura-precision.vtt --partner "Kitamura Precision"
	$(BIN)/analyzer analyze examples/sao-paulo-logistics.txt --partner "TransRota Logística"
	$(BIN)/analyzer analyze examples/lagos-fintech-minutes.md --partner "PayLinka"
	$(BIN)/analyzer analyze examples/seoul-cosmetics.json --partner "Seoul distributor" --date 2026-04-14
	$(BIN)/analyzer search "price increase" --partner "Kitamura Precision" -k 3

# Debian's Chromium for the real-browser test (Playwright's own browser download does not work offline).
chromium:
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# Both configured in pyproject.toml; the tests run only on a tree that passes them.
lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/mypy

test: lint chromium
	HF_HUB_OFFLINE=1 $(BIN)/pytest -q

test-fast: lint
	HF_HUB_OFFLINE=1 $(BIN)/pytest -q -m "not browser and not slow"

app: $(STAMP)
	$(BIN)/analyzer app

# Rebuild the offline model's weights from the multi-author corpus (fixed seeds: same bytes every run),
# with the leave-one-author-out report in eval/model-report.json. train-check only verifies the bytes.
train: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) eval/train.py --jobs 2
	HF_HUB_OFFLINE=1 $(PY) eval/train_followup.py

train-check: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) eval/train.py --check
	HF_HUB_OFFLINE=1 $(PY) eval/train_followup.py --check

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache
