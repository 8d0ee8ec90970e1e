"""Title words the extractor left unexplained: a recall proxy that needs no gold.

Every title in a report ("Bí thư", "Chủ tịch", "Giám đốc" …, from ``titles.ttl``) should end
up in a holding or a change, unless it is generic ("các bí thư chi bộ") or former ("nguyên
Bí thư", "từng giữ chức"). The ones that do not are listed with their sentence; their rate per
1,000 words on a large unlabelled corpus tells how much the extractor misses, without gold.

>>> from orggraph.articles import Article
>>> from orggraph.extract.pipeline import Extractor
>>> ex = Extractor.load()
>>> found = unexplained(ex.read(Article(id="x", text=(
...     "Bí thư Huyện ủy Nguyễn Văn An dự. Tiếp đó Phó Giám đốc Trung tâm Y tế phát biểu."))),
...     ex.grammar)
>>> [(u.title, u.sentence) for u in found]
[('Phó Giám đốc', 'Tiếp đó Phó Giám đốc Trung tâm Y tế phát biểu.')]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from orggraph.articles import Article
from orggraph.extract.chains import Grammar
from orggraph.extract.changes import sentences
from orggraph.extract.doc import Doc
from orggraph.extract.pipeline import Extractor


@dataclass(frozen=True)
class Unexplained:
    """A title word in an article that produced no holding or change."""

    article: str
    title: str  # as written
    start: int  # character offsets in the normalised text
    end: int
    sentence: str


@dataclass(frozen=True)
class UnexplainedReport:
    """The unexplained titles of a corpus and its size in words."""

    found: list[Unexplained]
    articles: int
    words: int

    @property
    def per_1000_words(self) -> float:
        return 1000 * len(self.found) / self.words if self.words else 0.0

    def table(self) -> str:
        lines = [f"{u.article}\t{u.title}\t{u.sentence}" for u in self.found]
        lines.append(f"{len(self.found)} unexplained title words in {self.articles} articles, "
                     f"{self.words} words: {self.per_1000_words:.2f} per 1,000 words")
        return "\n".join(lines)


def unexplained(doc: Doc, grammar: Grammar) -> list[Unexplained]:
    """The titles of ``doc`` (read to the end by :meth:`Extractor.read`) that no holding or
    change accounts for, that repeat no post already extracted ("Bí thư Tỉnh ủy phát biểu"
    after the holder was named), and that are neither generic nor former."""
    facts, toks = doc.facts, doc.toks
    spans = sorted({(e.start, e.end) for e in [
        *(h.evidence for h in facts.holdings), *(c.evidence for c in facts.changes)] if e}
        | {(toks[p.start].start, toks[p.end - 1].end)
           for m in doc.mentions for p in m.posts})  # former posts are accounted for too
    reach = [0] * len(spans)  # furthest end of the spans starting so far
    for k, (_, e) in enumerate(spans):
        reach[k] = max(e, reach[k - 1] if k else 0)
    starts = [s for s, _ in spans]
    posts = {h.post for h in facts.holdings}
    sents = sentences(doc.text)
    sent_starts = [s for s, _ in sents]
    bodies = {k for matcher in (grammar.kinds, grammar.officials)  # "Đoàn Chủ tịch"
              for i, end, _ in matcher.scan(toks, overlapping=True) for k in range(i + 1, end)}
    found = []
    for i, end, _title in grammar.titles.scan(toks):
        tok = toks[i]
        k = bisect_right(starts, tok.start) - 1
        if k >= 0 and tok.start < reach[k]:
            continue  # inside a holding's, a change's or a (former) post's evidence
        if i in bodies or (i and toks[i - 1].key in grammar.words["office-reference"]):
            continue  # a body's name; "quyết định của Chủ tịch UBND tỉnh": the office acts
        post = grammar.parse_post(toks, i)
        if post is None and not tok.is_cap:
            continue  # "các bí thư chi bộ": generic
        if post is not None and (post.former or post.post_label() in posts):
            continue  # a former post; or a post named again without its holder
        if (i and toks[i - 1].key in grammar.words["quantifier"]) or \
                grammar.past_before(toks, i):
            continue  # "hai Phó Giám đốc …" heads a list; "từng giữ chức …"
        s, e = sents[bisect_right(sent_starts, tok.start) - 1]
        found.append(Unexplained(doc.article.id, doc.text[tok.start:toks[end - 1].end],
                                 tok.start, toks[end - 1].end, doc.text[s:e].strip()))
    return found


def scan(articles: Iterable[Article], extractor: Extractor | None = None
         ) -> UnexplainedReport:
    """The unexplained titles of every article, and the corpus's size in words."""
    extractor = extractor or Extractor.load()
    found: list[Unexplained] = []
    count = words = 0
    for article in articles:
        doc = extractor.read(article)
        found.extend(unexplained(doc, extractor.grammar))
        count += 1
        words += sum(1 for t in doc.toks if t.is_word)
    return UnexplainedReport(found, count, words)
