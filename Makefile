# The everyday commands. Each runs in the project's virtualenv (.venv), made and kept up
# to date with pyproject.toml by the first target that needs it. ARGS passes options on:
#   make run ARGS='--server https://talent.example.org'    make test ARGS='tests/tui -x'
VENV ?= .venv
PY := $(VENV)/bin/python
CHECKED := src tests bench scripts

.PHONY: run test lint screenshots

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test]'
	touch $@

run: $(VENV)/.installed  ## the app (the bundled demo server unless one is configured)
	$(VENV)/bin/talenttui $(ARGS)

test: $(VENV)/.installed  ## the whole suite, as .ci/run does
	$(PY) -m pytest -n 3 --dist loadscope $(ARGS)

lint: $(VENV)/.installed  ## ruff, ruff format, strict mypy, the import contracts
	$(PY) -m ruff check $(CHECKED)
	$(PY) -m ruff format --check $(CHECKED)
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

screenshots: $(VENV)/.installed  ## screenshots/*.svg from tests/tui/scenes.py
	$(PY) scripts/screenshots.py $(ARGS)
