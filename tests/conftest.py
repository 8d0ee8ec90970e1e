"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from orggraph.extract.pipeline import Extractor


@pytest.fixture(scope="session")
def ex() -> Extractor:
    """One extractor for the whole run: loading the vocabularies is the slow part."""
    return Extractor.load()
