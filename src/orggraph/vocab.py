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

from orggraph.facts import CHANGE_KINDS, EVENT_KINDS, ROLES
from orggraph.rdf.namespaces import OG, OGG, OGV, SKOS

VOCAB_NS, OG_NS, OGG_NS, SKOS_NS = OGV.base, OG.base, OGG.base, SKOS.base
_SCHEMES = {"title": "titles", "org-kind": "org_kinds", "unit-type": "unit_types",
            "event-cue": "event_cues", "change-cue": "change_cues", "role-cue": "role_cues",
            "honorific": "honorifics", "rank": "ranks", "surname": "surnames",
            "grammar-word": "grammar_words", "official-name": "official_names",
            "abbreviation": "abbreviations"}


@dataclass(frozen=True)
class Concept:
    """One SKOS concept: its labels and the og: properties the code reads."""

    id: str  # local name: "bi-thu", "huyen-uy"
    iri: str
    pref_vi: str
    pref_en: str | None = None
    alt_labels: tuple[str, ...] = ()
    props: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)
    # computed from props once: read on every token the matchers look at
    _first: dict[str, str] = field(init=False, repr=False, compare=False, hash=False)
    _flags: frozenset[str] = field(init=False, repr=False, compare=False, hash=False)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every Vietnamese surface form: the prefLabel first, then the altLabels."""
        return (self.pref_vi, *self.alt_labels)

    def __post_init__(self) -> None:
        first = {name: values[0] for name, values in self.props.items() if values}
        object.__setattr__(self, "_first", first)
        object.__setattr__(self, "_flags", frozenset(n for n, v in first.items() if v == "true"))

    def value(self, name: str) -> str | None:
        """The (first) value of the og: property ``name``, as text."""
        return self._first.get(name)

    def flag(self, name: str) -> bool:
        return name in self._flags

    @property
    def org_class(self) -> str | None:
        return self._first.get("organizationClass")

    @property
    def level(self) -> str | None:
        return self._first.get("level")

    def refs(self, name: str) -> tuple[str, ...]:
        """Local names of the concepts this one points to with og:``name``."""
        return tuple(v.rsplit("/", 1)[-1] for v in self.props.get(name, ()))

    def ref(self, name: str) -> str | None:
        """The local name of the concept this one points to (``ogg:cueFor`` → "elected")."""
        refs = self.refs(name)
        return refs[0] if refs else None


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
    grammar_words: dict[str, Concept]  # word classes of the extractor's rules
    official_names: dict[str, Concept]  # bodies whose names no grammar cuts right
    abbreviations: dict[str, Concept]  # spelled out before reading ("UVBTV")

    @functools.cached_property
    def org_kind_words(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        """Every org-kind label as its lower-case words, with its kind, in the order of the
        kinds and their labels (read for every organisation name mapped, so split once).

        >>> ("huyện", "ủy") in {w for w, _ in load_vocabulary().org_kind_words}
        True
        """
        from orggraph.text import normalize

        return tuple((tuple(w.lower() for w in normalize(label).split()), kind)
                     for kind, concept in self.org_kinds.items() for label in concept.labels)

    def words(self, word_class: str) -> tuple[str, ...]:
        """The members of a grammar-word class ("former" → "nguyên", "cựu"), lower case."""
        concept = self.grammar_words.get(word_class)
        return tuple(label.lower() for label in concept.labels) if concept else ()

    def org_kind_class(self, kind: str | None) -> str | None:
        concept = self.org_kinds.get(kind or "")
        return concept.org_class if concept else None


def default_vocab_dir() -> Path:
    from orggraph.resources import ontology_dir  # late: resources locates the repo

    return ontology_dir() / "vocab"


class VocabularyError(ValueError):
    """A vocabulary file that the extractor cannot use; the message names file and concept."""


# og: properties whose values must be concepts of a given table (local names), and the closed
# lists of the facts format that cue concepts must point into.
_REFERENCES = {"impliedOrgKind": "org_kinds", "kind": "org_kinds", "baseTitle": "titles",
               "membersHold": "titles",
               "partyForm": "org_kinds", "partyUnitType": "unit_types",
               "contextOrgKind": "org_kinds", "familyKind": "org_kinds",
               "nationalKind": "org_kinds"}
_CUE_TARGETS = {"event_cues": EVENT_KINDS, "change_cues": CHANGE_KINDS, "role_cues": ROLES}


@functools.cache
def load_vocabulary(vocab_dir: Path | None = None) -> Vocabulary:
    """Read the SKOS schemes in ``vocab_dir`` (titles, org kinds, unit types, cues, name words)
    and check them: every concept has a Vietnamese prefLabel, every reference resolves.

    Cached per folder: a notebook that edits a vocabulary file calls
    ``load_vocabulary.cache_clear()`` to read it again.
    """
    vocab_dir = Path(vocab_dir) if vocab_dir else default_vocab_dir()
    tables: dict[str, dict[str, Concept]] = {name: {} for name in _SCHEMES.values()}
    where: dict[str, Path] = {}
    for path in sorted(vocab_dir.glob("*.ttl")):
        for concept, scheme in _concepts(path):
            if scheme in _SCHEMES:
                tables[_SCHEMES[scheme]][concept.id] = concept
                where[concept.iri] = path
    problems = list(_problems(tables, where))
    if problems:
        raise VocabularyError("; ".join(problems))
    return Vocabulary(**tables)


def _problems(tables: dict[str, dict[str, Concept]], where: dict[str, Path]):
    for table, concepts in tables.items():
        for c in concepts.values():
            at = f"{where[c.iri].name}: <{c.iri}>"
            if not c.pref_vi:
                yield f"{at} has no skos:prefLabel in Vietnamese (@vi)"
            for prop, target in _REFERENCES.items():
                for ref in c.refs(prop):
                    if ref not in tables[target]:
                        yield f"{at} og:{prop} names {ref!r}, which is not in {target}"
            allowed = _CUE_TARGETS.get(table)
            cue = c.ref("cueFor")
            if allowed is not None and cue is not None and cue not in allowed:
                yield f"{at} ogg:cueFor names {cue!r}, not one of {', '.join(allowed)}"


def _concepts(path: Path):
    subjects: dict[str, dict[str, list[ox.Literal | ox.NamedNode]]] = {}
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise VocabularyError(f"{path}: not valid Turtle: {exc}") from exc
    for triple in triples:
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
        # og: (what a concept means) and ogg: (how the extractor reads it), by local name
        extra = {p[len(ns):]: tuple(sorted(o.value for o in objs))
                 for p, objs in props.items() for ns in (OG_NS, OGG_NS) if p.startswith(ns)}
        yield Concept(cid, iri, pref.get("vi", ""), pref.get("en"), alts, extra), scheme
