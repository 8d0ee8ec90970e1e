"""Extracting facts from an invented sentence, shared by the extractor's test modules."""

from __future__ import annotations

from orggraph.articles import Article
from orggraph.extract.pipeline import Extractor
from orggraph.facts import Facts


def facts_of(ex: Extractor, text: str, published: str | None = "2024-05-02",
             title: str | None = None) -> Facts:
    return ex.extract(Article(id="t", text=text, published=published, title=title))
