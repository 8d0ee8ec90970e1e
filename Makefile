# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: run test lint bench ontodoc clean

$(BIN)/orggraph: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
	  "orggraph needs Python 3.11 or newer; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/orggraph
	$(BIN)/orggraph run data/articles --out $(OUT)

test: $(BIN)/orggraph
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(BIN)/orggraph
	$(BIN)/python benchmarks/scale.py $(BENCH)

# the ontology's documentation page, from ontology/ (a test checks it is not stale)
ontodoc: $(BIN)/orggraph
	$(BIN)/python -m orggraph.ontodoc docs/ontology.html

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
