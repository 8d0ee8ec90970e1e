"""Deterministic IRIs for everything the mapping writes.

A named thing (person, organisation, post, place) gets ``{slug}-{hash}``: the slug keeps the
IRI readable, the hash of the normalised key (:func:`orggraph.text.key`) keeps near-equal
names apart (Hùng/Hưng share a slug, not a hash). Spelling variants with the same key (tone
placement, NFD, "đồng chí" in front, case) share one IRI. Things that exist only inside one
article (memberships, events, changes) are namespaced by the article's id.

>>> person_iri("Nguyễn Văn Hùng") == person_iri("đồng chí  nguyễn văn HÙNG")
True
>>> person_iri("Nguyễn Văn Hùng") == person_iri("Nguyễn Văn Hưng")
False
>>> span_iri("a1", 12, 40).value
'https://w3id.org/orggraph/id/article/a1#char=12,40'
"""

from __future__ import annotations

import functools
import hashlib
from urllib.parse import quote

from pyoxigraph import NamedNode

from orggraph.rdf.namespaces import OGD, OGV
from orggraph.text import key, slug

_SEP = "\x1f"  # joins key parts before hashing; never occurs in normalised text


def digest(*parts: str | None, length: int = 6) -> str:
    """Hex digest of the normalised keys of ``parts`` (None and "" hash alike).

    >>> digest("Huyện ủy Quan Sơn") == digest("huyện uỷ quan sơn")
    True
    """
    joined = _SEP.join(key(p or "") for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def _named(kind: str, *parts: str | None) -> NamedNode:
    label = " ".join(p for p in parts if p)
    return OGD(f"{kind}/{slug(key(label))}-{digest(*parts)}")


def _segment(text: str) -> str:
    """One path segment: every character outside RFC 3986's unreserved set percent-encoded."""
    return quote(text, safe="-._~") or "_"


def article_iri(article_id: str) -> NamedNode:
    """``ogd:article/{id}``; the id is kept as is, percent-encoded where it must be.

    >>> article_iri("s01 lang/chánh").value
    'https://w3id.org/orggraph/id/article/s01%20lang%2Fch%C3%A1nh'
    """
    return OGD(f"article/{_segment(article_id)}")


def person_iri(name: str, person_key: str | None = None) -> NamedNode:
    """``ogd:person/{slug}-{hash}``: the slug of the name, the hash of the resolved person key
    (:mod:`orggraph.identity`: ``{name key}@{first article}``), so namesakes kept apart get
    different IRIs; without a key, of the name alone. The slug is the key's name (a curated
    decision may make two spellings one person).

    >>> person_iri("Nguyễn Văn An", "nguyễn văn an@a1").value.rsplit("/", 1)[1][:-7]
    'nguyen-van-an'
    >>> person_iri("Nguyễn Văn An", "nguyễn văn an@a1") == person_iri("An", "nguyễn văn an@a2")
    False
    """
    if person_key is None:
        return _named("person", name)
    return OGD(f"person/{slug(person_key.rsplit('@', 1)[0])}-{digest(person_key)}")


def mention_iri(article_id: str, name: str) -> NamedNode:
    """``ogd:mention/{article}/{hash}``: one article naming one person (the name's key)."""
    return OGD(f"mention/{_segment(article_id)}/{digest(name, length=10)}")


def identity_iri(person: NamedNode) -> NamedNode:
    """``ogd:identity/{slug}-{hash}``: the resolution record of a person node."""
    return OGD(f"identity/{person.value.rsplit('/', 1)[1]}")


def org_iri(name: str, place_id: str | None = None, kind: str | None = None) -> NamedNode:
    """``ogd:org/{slug}-{hash}`` of an organisation's name, its place and its kind.

    The place id carries the era, so "Tỉnh ủy X" before and after the 2025 merger, or two
    bare "Ban Chấp hành" of different provinces, are different nodes.

    >>> org_iri("Tỉnh ủy Sơn La", "pre2025/14") == org_iri("Tỉnh ủy Sơn La", "2025/14")
    False
    """
    return OGD(f"org/{slug(key(name))}-{digest(name, place_id, kind)}")


def outlet_iri(name: str) -> NamedNode:
    """``ogd:outlet/{slug}-{hash}``: the news outlet that published an article."""
    return _named("outlet", name)


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked again and again
def place_iri(unit_id: str) -> NamedNode:
    """``ogd:place/{era}/{code}`` of a gazetteer unit id such as ``pre2025/382``.

    >>> place_iri("pre2025/382").value
    'https://w3id.org/orggraph/id/place/pre2025/382'
    """
    return OGD("place/" + "/".join(_segment(p) for p in unit_id.split("/")))


def named_place_iri(label: str) -> NamedNode:
    """``ogd:place/name/{slug}-{hash}``: a place the gazetteer could not resolve."""
    return _named("place/name", label)


def post_iri(org_name: str | None, post: str, org: NamedNode | None = None) -> NamedNode:
    """``ogd:post/{slug}-{hash}`` of a post in an organisation (the organisation may be unknown).

    The hash covers the organisation (its node when known, which tells apart bodies of one name
    in two eras) and the post's label, so "Bí thư" and "Bí thư Tỉnh ủy X" of "Tỉnh ủy X" are
    one post.

    >>> post_iri("Huyện ủy Quan Sơn", "Bí thư").value.split("/")[-1][:-7]
    'bi-thu-huyen-uy-quan-son'
    """
    label = post_label(post, org_name)
    body = org.value if org is not None else org_name
    return OGD(f"post/{slug(key(label))}-{digest(body, label)}")


def post_label(post: str, org_name: str | None) -> str:
    """The post's display name: the title followed by the organisation, the shared words once.

    >>> post_label("Bí thư Huyện ủy", "Huyện ủy Quan Sơn")
    'Bí thư Huyện ủy Quan Sơn'
    >>> post_label("Chủ tịch", "Ủy ban nhân dân tỉnh Nghệ An")
    'Chủ tịch Ủy ban nhân dân tỉnh Nghệ An'
    >>> post_label("Bí thư Tỉnh ủy Nghệ An", "Tỉnh ủy Nghệ An")
    'Bí thư Tỉnh ủy Nghệ An'
    >>> post_label("Đại biểu Quốc hội khóa XV", "Quốc hội")
    'Đại biểu Quốc hội khóa XV'
    """
    words, org_words = post.split(), (org_name or "").split()
    if not org_words:
        return " ".join(words)
    low, org_low = [key(w) for w in words], [key(w) for w in org_words]
    if f" {' '.join(org_low)} " in f" {' '.join(low)} ":  # the post names its body already
        return " ".join(words)
    for n in range(min(len(words), len(org_words)), 0, -1):
        if low[-n:] == org_low[:n]:
            return " ".join(words + org_words[n:])
    return " ".join(words + org_words)


def membership_iri(article_id: str, person: str, post: str, org: str | None) -> NamedNode:
    """``ogd:membership/{article}/{hash}``: one person holding one post, as one article says."""
    label = post_label(post, org)
    return OGD(f"membership/{_segment(article_id)}/{digest(person, org, label, length=10)}")


def event_iri(article_id: str, n: int) -> NamedNode:
    """``ogd:event/{article}/{n}``: the n-th event (from 1) of the article's facts."""
    return OGD(f"event/{_segment(article_id)}/{n}")


def participation_iri(article_id: str, n: int, person: str, role: str) -> NamedNode:
    """``ogd:participation/{article}/{n}/{hash}``: a person's role in the n-th event."""
    return OGD(f"participation/{_segment(article_id)}/{n}/{digest(person, role, length=10)}")


def change_iri(article_id: str, person: str, change: str, post: str | None,
               org: str | None, date: str | None) -> NamedNode:
    """``ogd:change/{article}/{hash}``: a person starting or leaving a post."""
    label = post_label(post, org) if post else None
    return OGD(f"change/{_segment(article_id)}/"
               f"{digest(person, change, org, label, date, length=10)}")


def span_iri(article_id: str, start: int, end: int) -> NamedNode:
    """``<article-iri>#char=start,end``: a character range of the article text (RFC 5147)."""
    return NamedNode(f"{article_iri(article_id).value}#char={start},{end}")


def selector_iri(article_id: str, start: int, end: int, kind: str) -> NamedNode:
    """``ogd:selector/{article}/{start}-{end}/{kind}``: a Web Annotation selector ("position"
    or "quote") of a character range of the article text.

    >>> selector_iri("a1", 12, 40, "quote").value
    'https://w3id.org/orggraph/id/selector/a1/12-40/quote'
    """
    return OGD(f"selector/{_segment(article_id)}/{start}-{end}/{kind}")


def annotation_iri(article_id: str, target: NamedNode, start: int, end: int) -> NamedNode:
    """``ogd:annotation/{article}/{hash}``: the annotation saying that a range of the article
    text is evidence for one fact (node); one per fact and range."""
    h = hashlib.sha1(f"{target.value}{_SEP}{start}{_SEP}{end}".encode()).hexdigest()[:10]
    return OGD(f"annotation/{_segment(article_id)}/{h}")


def concept_iri(scheme: str, local: str) -> NamedNode:
    """``ogv:{scheme}/{local}``, e.g. ``concept_iri("event-kind", "training")``."""
    return OGV(f"{scheme}/{_segment(local)}")


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked again and again
def keyed_org_iri(label: str, identity: str) -> NamedNode:
    """``ogd:org/{slug}-{hash}`` of a body identified by a key rather than its name
    (:mod:`orggraph.bodies`): the slug shows the canonical name, the hash is of the key.

    >>> keyed_org_iri("Tỉnh ủy Quảng Ninh", "cap-uy@pre2025/22").value.split("/")[-1][:-7]
    'tinh-uy-quang-ninh'
    """
    return OGD(f"org/{slug(key(label))}-{digest(identity)}")
