"""Show an article with the spans the extractor recognised, for debugging rules.

>>> from orggraph.articles import Article
>>> text = "Đồng chí Trần Văn Minh, Bí thư Huyện ủy Quan Sơn phát biểu."
>>> out = explain(Article(id="x", text=text))
>>> "[Trần Văn Minh]{person}" in out and "{post:bi-thu}" in out
True
"""

from __future__ import annotations

from orggraph.articles import Article
from orggraph.extract.pipeline import Extractor
from orggraph.facts import Facts
from orggraph.text import normalize

_COLORS = {"person": "\033[1;32m", "post": "\033[33m", "change": "\033[1;35m"}
_RESET = "\033[0m"


def spans(facts: Facts) -> list[tuple[int, int, str]]:
    """(start, end, label) for every fact with evidence, outermost first at equal starts."""
    found = {(s.start, s.end, "person") for s in facts.evidence.values()}
    found |= {(h.evidence.start, h.evidence.end, f"post:{h.title}") for h in facts.holdings
              if h.evidence}
    found |= {(c.evidence.start, c.evidence.end, f"change:{c.change}") for c in facts.changes
              if c.evidence}
    return sorted(found, key=lambda s: (s[0], -s[1]))


def explain(article: Article, *, color: bool = False, extractor: Extractor | None = None) -> str:
    """The article text with each recognised span wrapped, then the facts in short."""
    facts = (extractor or Extractor.load()).extract(article)
    text = normalize(article.text)  # the text the evidence offsets point into
    out, pos = [], 0
    for start, end, label in spans(facts):
        if start < pos:
            continue  # nested in a span already shown
        out.append(text[pos:start])
        kind = label.split(":")[0]
        out.append(f"{_COLORS[kind]}{text[start:end]}{_RESET}" if color
                   else f"[{text[start:end]}]{{{label}}}")
        pos = end
    out.append(text[pos:])
    lines = ["".join(out), "", f"persons: {', '.join(facts.persons)}"]
    lines += [f"holding: {h.person} — {h.post} — {h.organization} ({h.rule})"
              for h in facts.holdings]
    lines += [f"change: {c.person} {c.change} {c.post or ''} {c.date or ''}".rstrip()
              for c in facts.changes]
    lines += [f"event: {e.kind} {e.date} {e.label}" for e in facts.events]
    return "\n".join(lines)
