"""The SKOS vocabularies of ``ontology/vocab/`` as plain lookup tables.

The extractor compiles its matchers from these tables, the RDF mapping reads the OWL class of
each organisation kind: knowledge lives in Turtle, not in code.

>>> v = load_vocabulary()
>>> v.titles["bi-thu"].pref_vi
'Bí thư'
>>> v.org_kinds["ubnd"].org_class
'https://w3id.org/orggraph/ontology#PeoplesCommittee'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

VOCAB_NS = "https://w3id.org/orggraph/vocab/"
OG_NS = "https://w3id.org/orggraph/ontology#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
_SCHEMES = {"title": "titles", "org-kind": "org_kinds", "unit-type": "unit_types",
            "event-cue": "event_cues", "change-cue": "change_cues", "role-cue": "role_cues",
            "honorific": "honorifics", "rank": "ranks", "surname": "surnames"}


@dataclass(frozen=True)
class Concept:
    """One SKOS concept: its labels and the og: properties the code reads."""

    id: str  # local name: "bi-thu", "huyen-uy"
    iri: str
    pref_vi: str
    pref_en: str | None = None
    alt_labels: tuple[str, ...] = ()
    props: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every Vietnamese surface form: the prefLabel first, then the altLabels."""
        return (self.pref_vi, *self.alt_labels)

    def flag(self, name: str) -> bool:
        return self.props.get(name) == "true"

    @property
    def org_class(self) -> str | None:
        return self.props.get("organizationClass")

    @property
    def level(self) -> str | None:
        return self.props.get("level")

    def ref(self, name: str) -> str | None:
        """The local name of a concept this one points to (``og:cueFor`` → "elected")."""
        value = self.props.get(name)
        return value.rsplit("/", 1)[-1] if value else None


@dataclass(frozen=True)
class Vocabulary:
    titles: dict[str, Concept]
    org_kinds: dict[str, Concept]
    unit_types: dict[str, Concept]
    event_cues: dict[str, Concept]
    change_cues: dict[str, Concept]
    role_cues: dict[str, Concept]
    honorifics: dict[str, Concept]
    ranks: dict[str, Concept]
    surnames: dict[str, Concept]

    def org_kind_class(self, kind: str | None) -> str | None:
        concept = self.org_kinds.get(kind or "")
        return concept.org_class if concept else None


def default_vocab_dir() -> Path:
    from orggraph.resources import ontology_dir  # late: resources locates the repo

    return ontology_dir() / "vocab"


@functools.cache
def load_vocabulary(vocab_dir: Path | None = None) -> Vocabulary:
    """Read the SKOS schemes in ``vocab_dir``: titles, org kinds, unit types, event and change
    cues."""
    vocab_dir = Path(vocab_dir) if vocab_dir else default_vocab_dir()
    tables: dict[str, dict[str, Concept]] = {name: {} for name in _SCHEMES.values()}
    for path in sorted(vocab_dir.glob("*.ttl")):
        for concept, scheme in _concepts(path):
            if scheme in _SCHEMES:
                tables[_SCHEMES[scheme]][concept.id] = concept
    return Vocabulary(**tables)


def _concepts(path: Path):
    subjects: dict[str, dict[str, list[ox.Literal | ox.NamedNode]]] = {}
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if isinstance(triple.subject, ox.NamedNode) and triple.subject.value.startswith(VOCAB_NS):
            props = subjects.setdefault(triple.subject.value, {})
            props.setdefault(triple.predicate.value, []).append(triple.object)
    for iri, props in sorted(subjects.items()):
        local = iri[len(VOCAB_NS):]
        if "/" not in local:
            continue  # the scheme itself
        scheme, cid = local.split("/", 1)
        pref = {o.language: o.value for o in props.get(SKOS_NS + "prefLabel", [])
                if isinstance(o, ox.Literal)}
        alts = tuple(sorted(o.value for o in props.get(SKOS_NS + "altLabel", [])
                            if isinstance(o, ox.Literal) and o.language == "vi"))
        extra = {p[len(OG_NS):]: objs[0].value for p, objs in props.items() if p.startswith(OG_NS)}
        yield Concept(cid, iri, pref.get("vi", cid), pref.get("en"), alts, extra), scheme
