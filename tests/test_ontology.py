"""The ontology and the closed-list vocabularies: they parse, are labelled, and agree with code."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from orggraph import resources
from orggraph.facts import CHANGE_KINDS, EVENT_KINDS, ROLES
from orggraph.rdf.mapping import STARTING_CHANGES, class_closure
from orggraph.rdf.namespaces import OG, OGG, OGV, ORG

OG_NS = OG.base
OGG_NS = OGG.base
MY_VOCABS = {"event-kinds.ttl": ("event-kind", EVENT_KINDS), "roles.ttl": ("role", ROLES),
             "change-kinds.ttl": ("change-kind", CHANGE_KINDS)}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(resources.ontology_path(), format="turtle")


def og_terms_used(path: Path) -> set[str]:
    terms = set()
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(OG_NS):
                terms.add(term.value)
    return terms


def test_ontology_parses_in_both_libraries(ontology: rdflib.Graph):
    assert len(ontology) > 200
    assert len(list(ox.parse(path=str(resources.ontology_path()),
                             format=ox.RdfFormat.TURTLE))) == len(ontology)
    assert (rdflib.URIRef("https://w3id.org/orggraph/ontology"), RDF.type, OWL.Ontology) in ontology


def test_every_og_term_has_vietnamese_and_english_labels_and_a_comment(ontology: rdflib.Graph):
    terms = {s for s in ontology.subjects() if str(s).startswith(OG_NS)}
    assert len(terms) > 60
    missing = []
    for term in sorted(terms):
        langs = {lit.language for lit in ontology.objects(term, RDFS.label)}
        if not {"vi", "en"} <= langs or (term, RDFS.comment, None) not in ontology:
            missing.append(str(term))
    assert missing == []


def test_grammar_terms_live_apart_and_are_declared_there(ontology: rdflib.Graph):
    """The extractor's grammar (ogg:) is declared in grammar.ttl, with labels, and nowhere in
    the domain ontology; every ogg: term the vocabularies use is one of them."""
    grammar = rdflib.Graph().parse(resources.grammar_path(), format="turtle")
    declared = {str(s) for s in grammar.subjects(RDF.type, OWL.AnnotationProperty)}
    assert len(declared) >= 15
    assert not any(str(s).startswith(OGG_NS) for s in ontology.subjects())
    for term in declared:
        langs = {lit.language for lit in grammar.objects(rdflib.URIRef(term), RDFS.label)}
        assert {"vi", "en"} <= langs, term
    used = set()
    for path in resources.vocab_paths():
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if t.predicate.value.startswith(OGG_NS):
                used.add(t.predicate.value)
    assert used and used <= declared, used - declared


def test_every_og_term_used_anywhere_is_declared(ontology: rdflib.Graph):
    declared = {str(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(OG_NS)}
    files = [resources.ontology_path(), resources.shapes_path(), *resources.vocab_paths()]
    undeclared = {f"{p.name}: {t}" for p in files for t in og_terms_used(p) - declared}
    assert undeclared == set(), "declare these in ontology/orggraph.ttl"


@pytest.mark.parametrize(("child", "parent"), [
    ("PartyCell", "PartyOrganization"),
    ("PartyOrganization", ORG("FormalOrganization").value),
    ("PartyCommittee", ORG("OrganizationalUnit").value),
    ("StandingCommittee", ORG("OrganizationalUnit").value),
    ("PartyOrganization", "PartyBody"), ("PartyCommittee", "PartyBody"),
    ("StandingCommittee", "PartyBody"), ("StandingBoard", "PartyBody"),
    ("InspectionCommission", "PartyBody"), ("AdvisoryBody", "PartyBody"),
    ("PartyBody", ORG("Organization").value),
    ("PeoplesCouncil", "StateBody"), ("PeoplesCommittee", "StateBody"),
    ("NationalAssembly", "StateBody"), ("Government", "StateBody"),
    ("GovernmentAgency", "StateBody"), ("ArmedForcesUnit", "StateBody"),
    ("Delegation", "StateBody"), ("Delegation", ORG("OrganizationalUnit").value),
    ("StateBody", ORG("Organization").value),
    ("AdministrativeUnit", "https://schema.org/AdministrativeArea"),
    ("Event", "https://schema.org/Event"), ("Event", "http://www.w3.org/ns/prov#Activity"),
    ("PostChange", "http://www.w3.org/ns/prov#Activity"),
    ("Article", "http://www.w3.org/ns/prov#Entity"),
])
def test_class_hierarchy(ontology: rdflib.Graph, child: str, parent: str):
    parent_iri = parent if ":" in parent else OG_NS + parent
    assert (rdflib.URIRef(OG_NS + child), RDFS.subClassOf, rdflib.URIRef(parent_iri)) in ontology
    assert parent_iri in class_closure(OG_NS + child)


def test_party_and_state_trees_do_not_meet_and_cover_every_body_class():
    """Every og: body class the vocabularies use is Party, state, front or mass; none is two."""
    party, state = OG("PartyBody").value, OG("StateBody").value
    others = {OG("FatherlandFront").value, OG("MassOrganization").value}
    for cls in ("PartyCell", "PartyCommittee", "StandingCommittee", "StandingBoard",
                "InspectionCommission", "AdvisoryBody", "PartyOrganization", "PeoplesCouncil",
                "PeoplesCommittee", "NationalAssembly", "Government", "GovernmentAgency",
                "Delegation", "ArmedForcesUnit", "FatherlandFront", "MassOrganization"):
        closure = set(class_closure(OG_NS + cls))
        assert len(closure & ({party, state} | others)) == 1, cls
        # ORG: a formal organisation is recognised on its own, a unit is not; never both
        assert not {ORG("FormalOrganization").value, ORG("OrganizationalUnit").value} <= closure


def test_deprecated_terms_are_replaced_and_unused(ontology: rdflib.Graph):
    """og:evidence, og:quote, og:inArticle gave way to Web Annotation: nothing we ship uses
    them, and each names its replacement."""
    deprecated = set(ontology.subjects(OWL.deprecated, rdflib.Literal(True)))
    assert {str(d)[len(OG_NS):] for d in deprecated} == {"evidence", "quote", "inArticle"}
    replaced = rdflib.URIRef("http://purl.org/dc/terms/isReplacedBy")
    assert all((d, replaced, None) in ontology for d in deprecated)
    shipped = [resources.shapes_path(), *sorted(resources.queries_dir().glob("*.rq"))]
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        assert not any(f"og:{str(d)[len(OG_NS):]} " in text for d in deprecated), path


def test_closure_is_transitive():
    closure = class_closure(OG("PartyCell").value)
    assert OG("PartyOrganization").value in closure
    assert ORG("FormalOrganization").value in closure
    assert class_closure("http://example.org/Unknown") == ("http://example.org/Unknown",)


def test_required_properties_are_declared(ontology: rdflib.Graph):
    wanted = ["kind", "place", "level", "unitType", "post", "attestedOn", "acting",
              "alternate", "concurrent", "appointmentMode",
              "eventKind", "participation", "participant", "role", "changeKind", "person",
              "organization", "resultingMembership", "organizationClass", "parentKind", "term"]
    kinds = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
    for name in wanted:
        types = set(ontology.objects(rdflib.URIRef(OG_NS + name), RDF.type))
        assert types & kinds, name


def test_levels_are_individuals(ontology: rdflib.Graph):
    levels = set(ontology.subjects(RDF.type, rdflib.URIRef(OG_NS + "AdministrativeLevel")))
    assert {str(x)[len(OG_NS):] for x in levels} == {
        "Central", "Province", "District", "Commune", "Village"}


@pytest.mark.parametrize("name", sorted(MY_VOCABS))
def test_closed_lists_match_facts_format(name: str):
    scheme, values = MY_VOCABS[name]
    g = rdflib.Graph().parse(resources.ontology_dir() / "vocab" / name, format="turtle")
    scheme_iri = rdflib.URIRef(OGV(scheme + "s").value)
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in g
    concepts = set(g.subjects(SKOS.inScheme, scheme_iri))
    assert {str(c).rsplit("/", 1)[-1] for c in concepts} == set(values)
    for c in concepts:
        assert str(c) == OGV(f"{scheme}/{str(c).rsplit('/', 1)[-1]}").value
        assert {lit.language for lit in g.objects(c, SKOS.prefLabel)} == {"vi", "en"}
        assert (c, RDF.type, SKOS.Concept) in g


def test_starting_change_kinds_agree_with_the_vocabulary():
    g = rdflib.Graph().parse(resources.ontology_dir() / "vocab" / "change-kinds.ttl")
    starts = {str(c).rsplit("/", 1)[-1]
              for c, v in g.subject_objects(rdflib.URIRef(OG_NS + "startsHolding"))
              if v.toPython() is True}
    assert starts == STARTING_CHANGES
    assert len(set(g.subjects(rdflib.URIRef(OG_NS + "startsHolding"), None))) == len(CHANGE_KINDS)


def test_org_kind_classes_exist(ontology: rdflib.Graph):
    """The mapping types bodies with og:organizationClass: each must be a declared class."""
    classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class)} | {
        ORG("Organization").value, ORG("FormalOrganization").value,
        ORG("OrganizationalUnit").value}
    used = set()
    for path in resources.vocab_paths():
        g = rdflib.Graph().parse(path, format="turtle")
        used |= {str(o) for o in g.objects(None, rdflib.URIRef(OG_NS + "organizationClass"))}
    assert used - classes == set()


@pytest.mark.parametrize("path", [resources.ontology_path(),
                                  *(resources.ontology_dir() / "vocab" / n for n in MY_VOCABS)])
def test_no_blank_nodes(path: Path):
    """Blank nodes would make store exports differ from run to run."""
    blanks = [t for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
              if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)]
    assert blanks == []


def test_orggraph_home_overrides_the_source_tree(tmp_path: Path, monkeypatch):
    (tmp_path / "ontology" / "vocab").mkdir(parents=True)
    (tmp_path / "ontology" / "vocab" / "b.ttl").write_text("")
    (tmp_path / "ontology" / "vocab" / "a.ttl").write_text("")
    monkeypatch.setenv(resources.ENV_HOME, str(tmp_path))
    assert resources.ontology_path() == tmp_path / "ontology" / "orggraph.ttl"
    assert resources.queries_dir() == tmp_path / "queries"
    assert [p.name for p in resources.vocab_paths()] == ["a.ttl", "b.ttl"]
    monkeypatch.setenv(resources.ENV_HOME, str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="ORGGRAPH_HOME"):
        resources.shapes_path()
