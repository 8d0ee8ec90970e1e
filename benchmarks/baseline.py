"""The 20-line regular-expression baseline the extractor is compared with (speed and scores)."""

from __future__ import annotations

import re

from orggraph.articles import Article
from orggraph.facts import Facts, Holding

_NAME = r"((?:[A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ]*\s){1,3}[A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ]*)"
_PERSON = re.compile(r"(?:đồng chí|ông|bà)\s+" + _NAME)
_CHAIN = re.compile(r"(?:đồng chí|ông|bà)\s+" + _NAME + r",\s*([^.;:]+)")
_TITLE = re.compile(r"^(Phó )?(Bí thư|Chủ tịch|Giám đốc|Trưởng ban|Ủy viên)\b.*")


def extract(article: Article) -> Facts:
    facts = Facts(id=article.id)
    for m in _PERSON.finditer(article.text):
        if m.group(1) not in facts.persons:
            facts.persons.append(m.group(1))
    for m in _CHAIN.finditer(article.text):
        for part in m.group(2).split(","):
            if _TITLE.match(part.strip()):
                facts.holdings.append(Holding(person=m.group(1), post=part.strip()))
    return facts
