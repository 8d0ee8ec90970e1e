"""Facts → RDF quads, in the shape of ``docs/architecture.md``.

Everything one article says goes into one named graph, named by the article's IRI. Shared
nodes (persons, organisations, posts, places) are repeated in each graph that mentions them,
so every article graph is self-contained: it can be validated, replaced or dropped alone.
Every rdf:type is written together with its superclasses from ``ontology/orggraph.ttl``, so
SHACL and SPARQL need no inference: Oxigraph answers ``?o a og:PartyBody`` from the data.

>>> from orggraph.facts import Facts, Holding
>>> facts = Facts(id="a1", published="2024-03-26",
...               holdings=[Holding("Nguyễn Văn An", "Bí thư", "Huyện ủy Sông Lam")])
>>> quads = facts_to_quads(facts, gazetteer=False)
>>> quads == facts_to_quads(facts, gazetteer=False)
True
>>> {q.graph_name.value for q in quads}
{'https://w3id.org/orggraph/id/article/a1'}
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from orggraph.bodies import Body, article_place, body_iri, resolve
from orggraph.facts import Facts, Organization, Span
from orggraph.rdf import iris
from orggraph.rdf.namespaces import (
    DCTERMS,
    FOAF,
    OA,
    OG,
    ORG,
    PROV,
    RDFS,
    SCHEMA,
    SKOS,
    TIME,
    XSD,
    A,
)
from orggraph.text import key

# Change kinds that give the person the post; the others take it away. Mirrors og:startsHolding
# in ontology/vocab/change-kinds.ttl (a test keeps the two in step).
STARTING_CHANGES = frozenset({"elected", "reelected", "appointed"})
_MODE = {"elected": "elected", "reelected": "elected", "appointed": "appointed"}
_LEVELS = {"central": "Central", "province": "Province", "city": "Province",
           "district": "District", "commune": "Commune", "village": "Village"}
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?", re.DOTALL)
_INSTANT_PROP = {"date": "inXSDDate", "gYearMonth": "inXSDgYearMonth", "gYear": "inXSDgYear"}
# Characters of text kept before and after an evidence quote (oa:prefix, oa:suffix): enough to
# find a short quote ("Bí thư") again in a long article.
QUOTE_CONTEXT = 32


def date_literal(value: str) -> Literal:
    """An ISO date as ``xsd:date``, a partial one as ``xsd:gYearMonth``/``xsd:gYear``.

    Anything else stays a plain string, so that SHACL reports it rather than the mapping
    dropping it.

    >>> [str(date_literal(d)) for d in ("2024-03-26", "2024-03", "2024-02-30")]
    ['"2024-03-26"^^<http://www.w3.org/2001/XMLSchema#date>', \
'"2024-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>', '"2024-02-30"']
    """
    m = _DATE.fullmatch(value.strip())
    if m:
        year, month, day = m.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return Literal(value)
        if day:
            return Literal(f"{year}-{month}-{day}", datatype=XSD("date"))
        if month:
            return Literal(f"{year}-{month}", datatype=XSD("gYearMonth"))
        return Literal(year, datatype=XSD("gYear"))
    return Literal(value)


def _is_date(lit: Literal) -> bool:
    return lit.datatype.value.startswith(XSD.base) and lit.datatype.value[len(XSD.base):] in (
        _INSTANT_PROP)


@functools.cache
def _superclasses(ontology: str) -> dict[str, tuple[str, ...]]:
    """rdfs:subClassOf closure of the named classes of the ontology file."""
    direct: dict[str, set[str]] = {}
    sub = RDFS("subClassOf")
    for t in parse(path=ontology, format=RdfFormat.TURTLE):
        if t.predicate == sub and isinstance(t.object, NamedNode):
            direct.setdefault(t.subject.value, set()).add(t.object.value)
    closure: dict[str, tuple[str, ...]] = {}
    for cls in direct:
        seen: set[str] = set()
        todo = [cls]
        while todo:
            for parent in direct.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closure[cls] = tuple(sorted(seen))
    return closure


def class_closure(cls: str) -> tuple[str, ...]:
    """``cls`` and every superclass the ontology declares for it.

    >>> [c.rsplit("#", 1)[-1] for c in class_closure(OG("PartyCell").value)]
    ['PartyCell', 'FormalOrganization', 'Organization', 'PartyBody', 'PartyOrganization']
    """
    from orggraph.resources import ENV_HOME

    return _closure(cls, os.environ.get(ENV_HOME))


@functools.cache
def _closure(cls: str, home: str | None) -> tuple[str, ...]:
    """:func:`class_closure`, once per class and ``ORGGRAPH_HOME``: finding the ontology
    file resolves paths, which cost more than the rest of mapping a record."""
    from orggraph.resources import ontology_path  # late: only when types are written

    return (cls, *_superclasses(str(ontology_path())).get(cls, ()))


def _default_vocabulary() -> Any:
    from orggraph.vocab import load_vocabulary  # late: loading reads the Turtle files

    return load_vocabulary()


def _default_gazetteer() -> Any:
    from orggraph.gazetteer import default_gazetteer  # late: loading reads the unit data

    return default_gazetteer()


@dataclass
class _Membership:
    iri: NamedNode
    person: NamedNode
    post: NamedNode
    post_key: str  # key of the post title, for changes that name no organisation
    person_key: str
    org: NamedNode | None
    title: str | None = None
    acting: bool = False
    alternate: bool = False
    evidence: list[Span] = field(default_factory=list)
    rules: set[str] = field(default_factory=set)
    begin: list[Literal] = field(default_factory=list)
    end: list[Literal] = field(default_factory=list)
    ended: bool = False  # a change in the report ends it (transferred, retired, dismissed)


class _Builder:
    """Collects the triples of one article graph; each node is written once."""

    def __init__(self, facts: Facts, text: str | None, vocabulary: Any, gazetteer: Any,
                 run: NamedNode | None = None, persons: dict[str, str] | None = None) -> None:
        self.facts = facts
        self.run = run
        self.persons = persons or {}
        self.text = text
        self.vocabulary = vocabulary
        self.gazetteer = gazetteer
        self.article = iris.article_iri(facts.id)
        self.triples: set[tuple[Any, NamedNode, Any]] = set()
        self.done: set[str] = set()  # node IRIs already described
        self.orgs: dict[str, Organization] = {}
        for record in facts.organizations:
            self.orgs.setdefault(key(record.name), record)
        # A place label an organisation record resolved, reused for events at the same place.
        self.place_ids = {key(o.place): o.place_id for o in facts.organizations
                          if o.place and o.place_id}
        self.article_place = (article_place([o.place_id for o in facts.organizations],
                                            gazetteer) if gazetteer is not None else None)

    # -- basics ------------------------------------------------------------------------------
    def add(self, s: Any, p: NamedNode, o: Any) -> None:
        self.triples.add((s, p, o))

    def typed(self, node: NamedNode, *classes: NamedNode) -> None:
        for cls in classes:
            for c in class_closure(cls.value):
                self.add(node, A, NamedNode(c))

    def generated(self, node: NamedNode) -> None:
        """A record this extraction made (not the world it describes): generated by the run."""
        if self.run is not None:
            self.add(node, PROV("wasGeneratedBy"), self.run)

    def first(self, node: NamedNode) -> bool:
        """True the first time a node is described: later mentions only link to it."""
        if node.value in self.done:
            return False
        self.done.add(node.value)
        return True

    def quads(self) -> list[Quad]:
        quads = [Quad(s, p, o, self.article) for s, p, o in self.triples]
        return sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))

    # -- nodes ---------------------------------------------------------------------------------
    def span(self, span: Span) -> NamedNode:
        """The article text range as a Web Annotation oa:SpecificResource of the article.

        Its IRI is the RFC 5147 fragment ``<article>#char=start,end``; it is selected by
        position (oa:TextPositionSelector) and, when the text is known, by quote
        (oa:TextQuoteSelector with oa:exact and some context), which survives re-encoding
        of the text where offsets would not.
        """
        node = iris.span_iri(self.facts.id, span.start, span.end)
        if not self.first(node):
            return node
        self.typed(node, OA("SpecificResource"))
        self.add(node, OA("hasSource"), self.article)
        position = iris.selector_iri(self.facts.id, span.start, span.end, "position")
        self.add(node, OA("hasSelector"), position)
        self.typed(position, OA("TextPositionSelector"))
        self.add(position, OA("start"), Literal(span.start))
        self.add(position, OA("end"), Literal(span.end))
        text = self.text
        if text is not None and 0 <= span.start < span.end <= len(text):
            quote = iris.selector_iri(self.facts.id, span.start, span.end, "quote")
            self.add(node, OA("hasSelector"), quote)
            self.typed(quote, OA("TextQuoteSelector"))
            self.add(quote, OA("exact"), Literal(text[span.start:span.end]))
            prefix = text[max(0, span.start - QUOTE_CONTEXT):span.start]
            suffix = text[span.end:span.end + QUOTE_CONTEXT]
            if prefix:
                self.add(quote, OA("prefix"), Literal(prefix))
            if suffix:
                self.add(quote, OA("suffix"), Literal(suffix))
        return node

    def evidence(self, node: NamedNode, spans: Iterable[Span | None]) -> None:
        """One oa:Annotation per span: its target the fact (``node``), its body the text."""
        for span in spans:
            if span is None:
                continue
            annotation = iris.annotation_iri(self.facts.id, node, span.start, span.end)
            if self.first(annotation):
                self.typed(annotation, OA("Annotation"))
                self.add(annotation, OA("motivatedBy"), OG("evidencing"))
                self.add(annotation, OA("hasTarget"), node)
                self.add(annotation, OA("hasBody"), self.span(span))
                self.generated(annotation)

    def person_iri(self, name: str) -> NamedNode:
        """The node of the person this article's ``name`` was resolved to; a name the
        resolution does not know is a person of this article alone."""
        k = key(name)
        return iris.person_iri(name, self.persons.get(k) or f"{k}@{self.facts.id}")

    def person(self, name: str) -> NamedNode:
        node = self.person_iri(name)
        if self.first(node):
            self.typed(node, FOAF("Person"), SCHEMA("Person"))
            self.add(node, FOAF("name"), Literal(name))
            self.mention(name, node)
        return node

    def mention(self, name: str, person: NamedNode) -> None:
        """The article naming the person: a record (og:PersonMention, derived from the
        article) of the name as written and the person it was resolved to, which identity
        resolution records cite; its first span is its evidence, as for any fact."""
        node = iris.mention_iri(self.facts.id, name)
        if not self.first(node):
            return
        self.typed(node, OG("PersonMention"))
        self.add(node, OG("mentionOf"), person)
        self.add(node, RDFS("label"), Literal(name, language="vi"))
        self.add(node, PROV("wasDerivedFrom"), self.article)
        self.generated(node)
        self.evidence(node, [self.facts.evidence.get(name)])

    def org(self, name: str) -> NamedNode:
        """The node of the body a name denotes (:mod:`orggraph.bodies`): aliases ("Ban Chấp
        hành Đảng bộ tỉnh X", "Tỉnh ủy X") and both eras of a body the reform left alone
        share it; the canonical name is its prefLabel, every written name an altLabel."""
        record = self.orgs.get(key(name))
        body = self.body(name)
        node = body_iri(body)
        if body.label != name:
            self.add(node, SKOS("altLabel"), Literal(name, language="vi"))
        if record is not None:
            self.evidence(node, [record.evidence])
        if not self.first(node):
            return node
        kind_name = body.kind or (record.kind if record is not None else None)
        cls = ORG("Organization").value
        if kind_name and self.vocabulary is not None:
            concept = self.vocabulary.org_kinds.get(kind_name)
            cls = getattr(concept, "org_class", None) or cls
        self.typed(node, NamedNode(cls), ORG("Organization"))
        self.add(node, SKOS("prefLabel"), Literal(body.label, language="vi"))
        if kind_name:
            concept = self.vocabulary.org_kinds.get(kind_name) if self.vocabulary else None
            kind = NamedNode(concept.iri) if concept else iris.concept_iri("org-kind", kind_name)
            self.add(node, OG("kind"), kind)
        if record is None:
            return node
        place = self.place(body.place or record.place_id, record.place, self.facts.published)
        if place is not None:
            self.add(node, OG("place"), place)
        if record.collective:
            self.add(node, OG("collective"), Literal(True))
        return node

    def body(self, name: str) -> Body:
        """The body a name of this report denotes (:func:`orggraph.bodies.resolve`)."""
        record = self.orgs.get(key(name))
        return resolve(name, record.kind if record is not None else None,
                       record.place_id if record is not None else None, self.article_place,
                       self.vocabulary, self.gazetteer)

    def place(self, unit_id: str | None, label: str | None, date: str | None) -> NamedNode | None:
        """The node of a gazetteer unit (by id, else by a label naming exactly one unit), or
        of a place known only by its label."""
        if not unit_id and label:
            unit_id = self.place_ids.get(key(label))
        if not unit_id and label and self.gazetteer is not None:
            units = self._find(label, date)
            if len(units) == 1:
                unit_id = units[0].id
        if unit_id:
            node = iris.place_iri(unit_id)
            if self.first(node):
                unit = self._unit(unit_id)
                if unit is None:
                    self.typed(node, OG("AdministrativeUnit"))
                    if label:
                        self.add(node, SKOS("prefLabel"), Literal(label, language="vi"))
                else:
                    self._describe_unit(node, unit)
            return node
        if not label:
            return None
        node = iris.named_place_iri(label)
        if self.first(node):
            self.typed(node, SCHEMA("Place"))
            self.add(node, SKOS("prefLabel"), Literal(label, language="vi"))
        return node

    def _find(self, label: str, date: str | None) -> list[Any]:
        try:
            era = self.gazetteer.era_for(date) if date else None
        except ValueError:
            era = None
        try:
            return list(self.gazetteer.find(label, era=era))
        except (ValueError, KeyError):
            return []

    def _unit(self, unit_id: str) -> Any:
        if self.gazetteer is None:
            return None
        try:
            return self.gazetteer.get(unit_id)
        except KeyError:
            return None

    def _describe_unit(self, node: NamedNode, unit: Any) -> None:
        self.typed(node, OG("AdministrativeUnit"))
        label = getattr(unit, "label", None) or f"{unit.type} {unit.name}"
        self.add(node, SKOS("prefLabel"), Literal(label, language="vi"))
        self.add(node, SCHEMA("name"), Literal(unit.name, language="vi"))
        self.add(node, SCHEMA("identifier"), Literal(unit.id))
        if unit.type:
            self.add(node, OG("unitType"), Literal(unit.type))
        level = _LEVELS.get(str(unit.level))
        if level:
            self.add(node, OG("level"), OG(level))
        full = self.gazetteer.full_label(unit)
        if full != label:
            self.add(node, SKOS("altLabel"), Literal(full, language="vi"))
        if unit.parent:
            parent = iris.place_iri(unit.parent)
            self.add(node, SCHEMA("containedInPlace"), parent)
            if self.first(parent):
                grand = self._unit(unit.parent)
                if grand is None:
                    self.typed(parent, OG("AdministrativeUnit"))
                else:
                    self._describe_unit(parent, grand)

    def post(self, post: str, org_name: str | None, title: str | None) -> NamedNode:
        org = self.org(org_name) if org_name else None
        node = iris.post_iri(org_name, post, org)
        if self.first(node):
            self.typed(node, ORG("Post"))
            label = iris.post_label(post, org_name)
            self.add(node, SKOS("prefLabel"), Literal(label, language="vi"))
            if org is not None:
                self.add(node, ORG("postIn"), org)
        if title:
            self.add(node, ORG("role"), self.role(title))
        return node

    def role(self, title: str) -> NamedNode:
        """The title concept, typed org:Role: ORG's range of org:role. The concept is a
        skos:Concept of titles.ttl; the type is written in the article graph that uses it
        as a role, so the graph says it without the vocabulary loaded."""
        node = iris.concept_iri("title", title)
        self.add(node, A, ORG("Role"))
        return node

    # -- the article ---------------------------------------------------------------------------
    def build(self) -> list[Quad]:
        f, art = self.facts, self.article
        self.typed(art, OG("Article"))
        self.add(art, SCHEMA("identifier"), Literal(f.id))
        if f.title is not None:
            self.add(art, SCHEMA("headline"), Literal(f.title, language="vi"))
        if f.url:
            try:
                self.add(art, SCHEMA("url"), NamedNode(f.url))
            except ValueError:  # not an IRI: keep the text, typed as what it claims to be
                self.add(art, SCHEMA("url"), Literal(f.url, datatype=XSD("anyURI")))
        if f.published is not None:
            self.add(art, SCHEMA("datePublished"), date_literal(f.published))
        if self.text is not None:
            self.add(art, SCHEMA("text"), Literal(self.text, language="vi"))
        if f.author:
            self.add(art, SCHEMA("author"), self.person(f.author))
        if f.source:
            outlet = iris.outlet_iri(f.source)
            self.typed(outlet, SCHEMA("Organization"))
            self.add(outlet, SCHEMA("name"), Literal(f.source))
            self.add(art, SCHEMA("publisher"), outlet)

        for name in f.persons:
            self.person(name)
        for name, span in f.evidence.items():
            self.evidence(self.person(name), [span])
        for record in f.organizations:
            self.org(record.name)
        memberships = self.holdings()
        self.changes(memberships)
        self.events()
        for sub in f.subordination:  # the bodies; the links go to the hierarchy graph
            self.org(sub.child)
            self.org(sub.parent)
        self.write_memberships(memberships)
        return self.quads()

    def attested_on(self) -> Literal | None:
        for event in self.facts.events:
            if event.date:
                return date_literal(event.date)
        return date_literal(self.facts.published) if self.facts.published else None

    def holdings(self) -> dict[str, _Membership]:
        """One membership per (person, post); repeated holdings merge their evidence."""
        out: dict[str, _Membership] = {}
        org_places: dict[str, str] = {}
        for h in self.facts.holdings:
            person = self.person(h.person)
            post = self.post(h.post, h.organization, h.title)
            slot = f"{person.value} {post.value}"
            m = out.get(slot)
            if m is None:
                org = self.org(h.organization) if h.organization else None
                m = out[slot] = _Membership(
                    iris.membership_iri(self.facts.id, h.person, h.post, h.organization),
                    person, post, key(h.post), key(h.person), org)
            m.title = m.title or h.title
            m.acting |= h.acting
            m.alternate |= h.alternate
            if h.evidence:
                m.evidence.append(h.evidence)
            if h.rule:
                m.rules.add(h.rule)
            record = self.orgs.get(key(h.organization or ""))
            if h.organization and h.place and not (record and (record.place or record.place_id)):
                org_places.setdefault(h.organization, h.place)
        # The place a holding gives is the place of an organisation no record places.
        for name, label in org_places.items():
            place = self.place(None, label, self.facts.published)
            if place is not None:
                self.add(self.org(name), OG("place"), place)
        return out

    def write_memberships(self, memberships: dict[str, _Membership]) -> None:
        attested = self.attested_on()
        by_person: dict[str, list[NamedNode]] = {}
        for m in memberships.values():
            node = m.iri
            self.typed(node, ORG("Membership"))
            self.add(node, ORG("member"), m.person)
            self.add(node, OG("post"), m.post)
            # ORG's own person–post link, untimed, for tools that know ORG but not Popolo's
            # dated membership; the membership keeps the date and evidence.
            self.add(m.person, ORG("holds"), m.post)
            self.add(m.post, ORG("heldBy"), m.person)
            if m.org is not None:
                self.add(node, ORG("organization"), m.org)
            if m.title:
                self.add(node, ORG("role"), self.role(m.title))
            if attested is not None:
                self.add(node, OG("attestedOn"), attested)
            if m.acting:
                self.add(node, OG("acting"), Literal(True))
            if m.alternate:
                self.add(node, OG("alternate"), Literal(True))
            self.add(node, PROV("wasDerivedFrom"), self.article)
            self.generated(node)
            self.evidence(node, m.evidence)
            for rule in sorted(m.rules):
                self.add(node, OG("rule"), Literal(rule))
            self.interval(m)
            if not m.ended:  # a post left in the report is not held alongside the new one
                by_person.setdefault(m.person.value, []).append(node)
        for nodes in by_person.values():
            for a in nodes:
                for b in nodes:
                    if a != b:
                        self.add(a, OG("concurrent"), b)

    def interval(self, m: _Membership) -> None:
        begin = min(m.begin, key=str, default=None)
        end = max(m.end, key=str, default=None)
        if begin is None and end is None:
            return
        during = NamedNode(m.iri.value + "#during")
        self.add(m.iri, ORG("memberDuring"), during)
        self.typed(during, TIME("Interval"))
        for prop, suffix, value in (("hasBeginning", "#start", begin), ("hasEnd", "#end", end)):
            if value is None:
                continue
            instant = NamedNode(m.iri.value + suffix)
            self.add(during, TIME(prop), instant)
            self.typed(instant, TIME("Instant"))
            kind = value.datatype.value[len(XSD.base):]
            self.add(instant, TIME(_INSTANT_PROP[kind]), value)

    def changes(self, memberships: dict[str, _Membership]) -> None:
        for c in self.facts.changes:
            node = iris.change_iri(self.facts.id, c.person, c.change, c.post, c.organization,
                                   c.date)
            person = self.person(c.person)
            if self.first(node):
                self.typed(node, OG("PostChange"))
                self.add(node, OG("changeKind"), iris.concept_iri("change-kind", c.change))
                self.add(node, OG("person"), person)
                # an activity is not derived from its report (PROV: only entities are); it is
                # reported by it
                self.add(node, DCTERMS("source"), self.article)
            m = self._membership_for(memberships, c.person, c.post, c.organization)
            post: NamedNode | None
            if m is not None:  # the holding's post, which may know the organisation
                post, org = m.post, m.org
            else:
                post = self.post(c.post, c.organization, None) if c.post else None
                org = self.org(c.organization) if c.organization else None
            if post is not None:
                self.add(node, OG("post"), post)
            if org is not None:
                self.add(node, OG("organization"), org)
            date = date_literal(c.date) if c.date else None
            if date is not None:
                self.add(node, SCHEMA("startDate"), date)
            self.evidence(node, [c.evidence])
            if c.rule:
                self.add(node, OG("rule"), Literal(c.rule))
            if m is None:
                continue
            starts = c.change in STARTING_CHANGES
            self.add(node, OG("resultingMembership" if starts else "endedMembership"), m.iri)
            m.ended |= not starts
            if starts:
                mode = iris.concept_iri("change-kind", _MODE[c.change])
                self.add(m.iri, OG("appointmentMode"), mode)
            if date is not None and _is_date(date):
                (m.begin if starts else m.end).append(date)

    def _membership_for(self, memberships: dict[str, _Membership], person: str,
                        post: str | None, org: str | None) -> _Membership | None:
        """The membership of the same person and post; a change that names no organisation
        fits the one holding of the same person and post title."""
        if post is None:
            return None
        body = self.org(org) if org else None
        slot = f"{self.person_iri(person).value} {iris.post_iri(org, post, body).value}"
        found = memberships.get(slot)
        if found is not None or org:
            return found
        fits = [m for m in memberships.values()
                if m.person_key == key(person) and m.post_key == key(post)]
        return fits[0] if len(fits) == 1 else None

    def events(self) -> None:
        for n, e in enumerate(self.facts.events, 1):
            node = iris.event_iri(self.facts.id, n)
            self.typed(node, OG("Event"))
            self.add(node, OG("eventKind"), iris.concept_iri("event-kind", e.kind))
            self.add(node, DCTERMS("source"), self.article)  # an activity: reported, not derived
            if e.label is not None:
                self.add(node, RDFS("label"), Literal(e.label, language="vi"))
            if e.date:
                self.add(node, SCHEMA("startDate"), date_literal(e.date))
            place = self.place(None, e.place, e.date or self.facts.published)
            if place is not None:
                self.add(node, SCHEMA("location"), place)
            if e.organizer:
                self.add(node, SCHEMA("organizer"), self.org(e.organizer))
            self.evidence(node, [e.evidence])
            for p in e.participants:
                part = iris.participation_iri(self.facts.id, n, p.person, p.role)
                self.add(node, OG("participation"), part)
                if self.first(part):
                    self.typed(part, OG("Participation"))
                    self.add(part, OG("participant"), self.person(p.person))
                    self.add(part, OG("role"), iris.concept_iri("role", p.role))
                    self.add(part, PROV("wasDerivedFrom"), self.article)
                    self.generated(part)


def facts_to_quads(facts: Facts, text: str | None = None, *, vocabulary: Any = None,
                   gazetteer: Any = None, run: NamedNode | None = None,
                   persons: dict[str, str] | None = None) -> list[Quad]:
    """The quads of one article's facts: sorted, without duplicates, all in its graph.

    ``text`` is the article text: with it, evidence spans carry their quote and the article
    node its text. ``vocabulary`` (:func:`orggraph.vocab.load_vocabulary`) gives organisations
    their OWL class; ``gazetteer`` (:func:`orggraph.gazetteer.default_gazetteer`) describes
    places and their containing units. Both default to the project's own when those modules
    are importable; pass ``False`` to do without (organisations are then org:Organization and
    places bare IRIs or labels). ``run`` (:func:`orggraph.rdf.provenance.run_iri`) is the
    extraction run the records (memberships, participations, evidence annotations) were
    generated by; without it they say only which article they were derived from.
    ``persons`` maps name keys to resolved person keys
    (:meth:`orggraph.identity.Resolution.keys_for`); a name it lacks is a person of this
    article alone, as if the corpus were this one article.
    """
    if vocabulary is None:
        vocabulary = _default_vocabulary()
    if gazetteer is None:
        gazetteer = _default_gazetteer()
    return _Builder(facts, text, vocabulary or None, gazetteer or None, run, persons).build()
