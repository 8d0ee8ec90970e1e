"""The vocabularies are data: the extractor follows them, and bad entries are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orggraph.articles import Article
from orggraph.extract.pipeline import Extractor
from orggraph.resources import ontology_dir
from orggraph.vocab import VocabularyError, load_vocabulary

TEXT = "Sáng 2/5, ông Hà Văn Nam, Điều phối viên Hội Nông dân tỉnh Sơn La phát biểu."


@pytest.fixture
def vocab_dir(tmp_path) -> Path:
    copy = tmp_path / "vocab"
    shutil.copytree(ontology_dir() / "vocab", copy)
    return copy


def posts(vocab_dir: Path) -> list[str]:
    load_vocabulary.cache_clear()
    ex = Extractor.load(vocabulary=load_vocabulary(vocab_dir))
    return [h.post for h in ex.extract(Article(id="x", text=TEXT, published="2024-05-02")).holdings]


def test_a_new_title_is_one_line_of_turtle(vocab_dir):
    assert posts(vocab_dir) == []
    with open(vocab_dir / "titles.ttl", "a", encoding="utf-8") as ttl:
        ttl.write('<title/dieu-phoi-vien> a skos:Concept ; skos:inScheme <titles> ; '
                  'skos:prefLabel "Điều phối viên"@vi, "Coordinator"@en .\n')
    assert posts(vocab_dir) == ["Điều phối viên Hội Nông dân tỉnh"]


def test_a_new_abbreviation_is_an_alt_label(vocab_dir):
    text = (vocab_dir / "org-kinds.ttl").read_text(encoding="utf-8")
    text = text.replace('skos:altLabel "HND"@vi', 'skos:altLabel "HND"@vi, "HộiND"@vi')
    (vocab_dir / "org-kinds.ttl").write_text(text, encoding="utf-8")
    load_vocabulary.cache_clear()
    assert "HộiND" in load_vocabulary(vocab_dir).org_kinds["hoi-nong-dan"].alt_labels


@pytest.mark.parametrize(("entry", "message"), [
    ('<title/x> a skos:Concept ; skos:inScheme <titles> ; og:impliedOrgKind <org-kind/nope> ;'
     ' skos:prefLabel "X"@vi .', "titles.ttl: <https://w3id.org/orggraph/vocab/title/x> "
                                 "og:impliedOrgKind names 'nope'"),
    ('<title/y> a skos:Concept ; skos:inScheme <titles> ; skos:prefLabel "Y"@en .',
     "title/y> has no skos:prefLabel in Vietnamese"),
])
def test_bad_entries_are_refused_with_file_and_concept(vocab_dir, entry, message):
    with open(vocab_dir / "titles.ttl", "a", encoding="utf-8") as ttl:
        ttl.write(entry + "\n")
    load_vocabulary.cache_clear()
    with pytest.raises(VocabularyError, match=message.replace(".", r"\.")):
        load_vocabulary(vocab_dir)


def test_cues_point_into_the_closed_lists(vocab_dir):
    with open(vocab_dir / "change-cues.ttl", "a", encoding="utf-8") as ttl:
        ttl.write('<change-cue/z> a skos:Concept ; skos:inScheme <change-cues> ; '
                  'og:cueFor <change-kind/promoted> ; skos:prefLabel "thăng"@vi .\n')
    load_vocabulary.cache_clear()
    with pytest.raises(VocabularyError, match="'promoted', not one of elected"):
        load_vocabulary(vocab_dir)


def teardown_module():
    load_vocabulary.cache_clear()
