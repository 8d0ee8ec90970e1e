"""docs/ontology.html is what the generator makes of ontology/ now, and documents every term."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, URIRef

from orggraph.ontodoc import OG, anchor, curie, load, main, render

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "ontology.html"


def test_the_committed_page_is_what_the_generator_makes_now():
    assert PAGE.read_text(encoding="utf-8") == render(load()), (
        "docs/ontology.html is stale: run `make ontodoc`")


def test_every_class_appears_with_its_labels_and_parents():
    src = load()
    page = render(src)
    g = src.ontology
    classes = [c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(OG)]
    assert len(classes) > 20
    for cls in classes:
        block = re.search(rf'<section class="term" id="{anchor(cls)}">(.*?)</section>', page,
                          re.S)
        assert block, cls
        for label in g.objects(cls, RDFS.label):
            assert html.escape(str(label)) in block.group(1), (cls, label)
        for parent in g.objects(cls, RDFS.subClassOf):
            assert f"<code>{html.escape(curie(parent))}</code>" in block.group(1), (cls, parent)


def test_every_property_shows_its_domain_and_range():
    src = load()
    page = render(src)
    g = src.ontology
    for prop in g.subjects(RDFS.range, None):
        if not str(prop).startswith(OG):
            continue
        block = re.search(rf'id="{anchor(prop)}">(.*?)</section>', page, re.S)
        assert block, prop
        for rng in g.objects(prop, RDFS.range):
            assert re.search(rf"<th>range</th><td>.*{re.escape(curie(rng))}", block.group(1))


def test_every_vocabulary_concept_has_a_row():
    src = load()
    page = render(src)
    concepts = {c for g in src.vocabularies.values() for c in g.subjects(SKOS.inScheme, None)
                if isinstance(c, URIRef)}
    assert len(concepts) > 300
    for c in concepts:
        assert f'<tr id="{anchor(c)}">' in page, c


def test_the_page_follows_the_ontology(tmp_path):
    """Edit a label in a copy of ontology/: the page changes (so a stale page is caught)."""
    copy = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", copy)
    ttl = copy / "orggraph.ttl"
    text = ttl.read_text(encoding="utf-8")
    assert '"tenure"@en' in text
    ttl.write_text(text.replace('"tenure"@en', '"holding span"@en'), encoding="utf-8")
    page = render(load(copy))
    assert page != render(load()) and "holding span" in page


def test_the_command_writes_the_page(tmp_path):
    out = tmp_path / "o.html"
    assert main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == PAGE.read_text(encoding="utf-8")
