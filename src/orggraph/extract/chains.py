"""Title chains: "Phó Bí thư Huyện ủy, Chủ tịch UBND huyện" → posts with their organisations.

A post is a title from ``titles.ttl`` followed by an organisation phrase built from
``org-kinds.ttl`` and ``unit-types.ttl``: a kind, then (as the kind says) a parent body, a unit
type word, a proper name, a place name. Nothing here names a real body or place.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from orggraph.extract.names import NameLexicon
from orggraph.extract.tokens import PhraseMatcher, Token, Tokens
from orggraph.vocab import Concept, Vocabulary

CHAIN_SEPARATORS = {",", "-", "–", "—", "kiêm"}
# Roman numerals that number bodies ("Quân khu V", "Quân đoàn IV"), to their values
ROMAN = {r: n for n, r in enumerate(
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split(), 1)}


@dataclass
class OrgRef:
    """An organisation phrase as written, before places are resolved."""

    kind: Concept
    start: int  # token indices
    end: int
    unit_type: Concept | None = None
    place_name: str | None = None
    name: str | None = None
    parent: OrgRef | None = None
    connector: str = ""
    prefix: str = ""  # "Trung ương" before a mass organisation's name
    inferred: bool = False  # unit type or parent supplied from context, not written
    former: bool = False  # "(cũ)": the unit before the 2025 merger
    official: str | None = None  # an official name (official-names.ttl) standing for kind + name
    canonical: str | None = None  # that name's full form, for the body ("… của Quốc hội")

    @property
    def level(self) -> str | None:
        if self.prefix:
            return "central"
        if self.unit_type is not None:
            return self.unit_type.level
        if self.kind.level:
            return self.kind.level
        return self.parent.level if self.parent else None

    def label(self, *, place: str | None = None, with_place: bool = True,
              organ: bool = False) -> str:
        """Canonical label: "Hội đồng nhân dân huyện Quan Sơn" (place from ``place``).

        Without the place it is the form posts are named with ("Bí thư Huyện ủy"); as the
        body an ``organ`` is named after, a central committee is "Trung ương …" ("Ban Tổ chức
        Trung ương Hội Nông dân").
        """
        if not with_place and self.kind.flag("adHoc"):
            return self.kind.pref_vi  # "Trưởng đoàn kiểm tra", of "Đoàn kiểm tra của Bộ …"
        # "Phó Chủ tịch Trung ương Hội Nông dân" serves its central executive committee
        parts = ([self.prefix] if not with_place or organ else ["Ban Chấp hành", self.prefix]) \
            if self.prefix else []
        # the post names the body as written ("Chủ nhiệm Ủy ban Kinh tế"), the body goes by its
        # official name ("Ủy ban Kinh tế của Quốc hội")
        parts.append((with_place and self.canonical) or self.official or self.kind.pref_vi)
        if self.name:
            parts.append(self.name)
        if self.parent is not None:
            if self.parent.connector:  # "Đoàn kiểm tra của Bộ Chính trị"
                parts.append(self.parent.connector)
            # organs of some bodies are named after a short form ("Văn phòng Trung ương Đảng")
            parts.append(self.parent.kind.value("organLabel")
                         or self.parent.label(place=place, with_place=with_place, organ=True))
            return " ".join(parts)
        # a level word is part of the post, even when the context supplied it ("Bí thư Đảng ủy"
        # of a ward: "Bí thư Đảng ủy phường"); not for a fixed-level body ("Giám đốc Sở Y tế")
        if self.unit_type is not None and (
                with_place or not self.inferred or self.kind.flag("takesLevel")):
            parts.append(self.unit_type.pref_vi)
        place_name = self.place_name or place
        if with_place and place_name and (self.level not in ("central", None) or self.place_name):
            parts.append(place_name)
        return " ".join(parts)

    def root(self) -> OrgRef:
        return self.parent.root() if self.parent else self


@dataclass
class PostRef:
    title: Concept
    org: OrgRef | None
    start: int
    end: int
    former: bool = False
    acting: bool = False
    new: bool = False
    written: str | None = None  # a title naming its body, as written ("Thủ tướng")
    predicate: bool = False  # after "là", "làm" … ("A làm Bộ trưởng"), not beside the name

    def post_label(self) -> str:
        """"Bí thư Huyện ủy"; an acting post is written "Quyền Chủ tịch …"."""
        label = self.title.pref_vi
        if self.title.ref("impliedOrgKind"):
            label = self.written or label
        elif self.org is not None:
            body = self.org.label(with_place=False)
            kind_word = self.title.value("takesBodyName")
            if kind_word and label.lower().endswith(kind_word.lower()) \
                    and body.startswith(kind_word + " "):
                body = body[len(kind_word) + 1:]  # "Trưởng phòng Nội vụ", not "… Phòng Nội vụ"
            label = f"{label} {body}"
        return f"Quyền {label}" if self.acting else label


@dataclass
class Grammar:
    """Matchers compiled from the vocabulary once, used for every article."""

    vocabulary: Vocabulary
    is_place_name: Callable[[str], bool]  # lower-case short name → is it a unit's? (gazetteer)
    # (name, unit type) → does a unit of that type bear that name? (gazetteer; None: no check)
    is_unit_name: Callable[[str, str], bool] | None = None
    titles: PhraseMatcher = field(init=False)
    kinds: PhraseMatcher = field(init=False)
    officials: PhraseMatcher[Concept] = field(init=False)  # official names (official-names.ttl)
    committees: dict[str, Concept] = field(init=False)  # unit type → kind of its cấp ủy
    kinds_by_label: dict[str, Concept] = field(init=False)  # "Bộ" → the ministry kind
    abbreviations: frozenset[str] = field(init=False)  # the vocabulary's (UBND, ĐBQH …)
    spelled: dict[str, str] = field(init=False)  # "UVBTV" → "Ủy viên Ban Thường vụ"
    unit_types: PhraseMatcher = field(init=False)
    cues: PhraseMatcher = field(init=False)  # event cues
    change_cues: PhraseMatcher = field(init=False)  # verbs of personnel change
    nominations: PhraseMatcher = field(init=False)  # "giới thiệu để bầu": a post not yet taken
    role_cues: PhraseMatcher = field(init=False)  # words telling a participant's role
    names: NameLexicon = field(init=False)  # honorifics, ranks, family names
    words: dict[str, frozenset[str]] = field(init=False)  # grammar-word classes (lower case)
    phrases: dict[str, PhraseMatcher] = field(init=False)  # the same classes, as phrases
    starts: frozenset[str] = field(init=False)  # first words of titles, for a fast skip
    byline_lead: re.Pattern[str] = field(init=False)  # "Tin, ảnh:", "Tác giả:" before authors
    _places: dict[str, bool] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        v = self.vocabulary
        self.titles = PhraseMatcher((lab, c) for c in v.titles.values() for lab in c.labels)
        self.kinds = PhraseMatcher((lab, c) for c in v.org_kinds.values() for lab in c.labels)
        self.officials = PhraseMatcher((lab, c) for c in v.official_names.values()
                                       for lab in c.labels)
        self.kinds_by_label = {c.pref_vi: c for c in v.org_kinds.values()}
        # unit type → the cấp ủy of such a unit: tỉnh → Tỉnh ủy; xã, phường → Đảng ủy (xã)
        self.committees = {ref: c for c in v.org_kinds.values() if c.flag("partyCommittee")
                           for ref in c.refs("partyUnitType")}
        generic = v.org_kinds.get("dang-uy")
        if generic is not None:
            for unit in v.unit_types.values():
                if unit.level == "commune":
                    self.committees.setdefault(unit.id, generic)
        self.unit_types = PhraseMatcher((lab, c) for c in v.unit_types.values()
                                        for lab in c.labels)
        self.cues = PhraseMatcher((lab, c) for c in v.event_cues.values() for lab in c.labels)
        self.change_cues = PhraseMatcher(
            (lab, "" if c.flag("notACue") else "left" if c.flag("leavesPost")
             else "moves-on" if c.flag("movesOn")
             else "replaces" if c.flag("replacesOffice") else c.ref("cueFor") or "")
            for c in v.change_cues.values() for lab in c.labels)
        self.nominations = PhraseMatcher((lab, True) for c in v.change_cues.values()
                                         if c.flag("nominates") for lab in c.labels)
        self.role_cues = PhraseMatcher(
            (lab, None if c.flag("notACue") else c.ref("cueFor"))
            for c in v.role_cues.values() for lab in c.labels)
        self.names = NameLexicon.from_vocabulary(v)
        self.abbreviations = frozenset(
            lab for table in (v.titles, v.org_kinds, v.unit_types, v.official_names)
            for c in table.values() for lab in c.labels if lab.isupper())
        self.spelled = {lab: c.pref_vi for c in v.abbreviations.values() for lab in c.alt_labels}
        self.words = {c: frozenset(v.words(c)) for c in v.grammar_words}
        self.phrases = {c: PhraseMatcher((w, c) for w in v.words(c)) for c in v.grammar_words}
        self.words["marks"] = self.words["former"] | self.words["acting"] | self.words["new"]
        self.starts = self.titles.first_words()
        leads = sorted(self.words["byline-lead"], key=len, reverse=True)  # longest first
        self.byline_lead = re.compile(
            r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in leads)
            + r")(?!\w)\s*:?\s*", re.IGNORECASE)

    def is_place(self, name: str) -> bool:
        """Is ``name`` (lower case) a unit's name? Memoised: the same names recur."""
        known = self._places.get(name)
        if known is None:
            known = self._places[name] = bool(self.is_place_name(name))
        return known

    # --- organisations ----------------------------------------------------------------------

    def parse_org(self, toks: list[Token], i: int, depth: int = 0) -> OrgRef | None:
        if depth > 4 or i >= len(toks):
            return None
        connector = ""
        if toks[i].key in self.words["connector"] and depth:
            connector, i = toks[i].text, i + 1
        # "Trung ương Hội Nông dân Việt Nam": the central body of a mass organisation
        central = self.unit_types.first(toks, i)
        starts = [(i, None)]
        if central is not None and central[1].level == "central":
            starts.insert(0, (central[0], central[1]))
        for at, prefix in starts:
            # every head's reading; the one reaching furthest wins ("Ban Chấp hành Trung ương
            # Hội Nông dân", not "Ban Chấp hành Trung ương" + a stray "Hội")
            refs = [ref for end, kind, official in self._org_heads(toks, at)
                    if (ref := self._org_rest(toks, at, end, kind, depth, official)) is not None]
            if refs:
                ref = max(refs, key=lambda r: r.end)
                ref.connector = connector
                if prefix is not None:
                    ref.prefix, ref.start = prefix.pref_vi, i
                return ref
        return None

    def _org_heads(self, toks: list[Token], i: int
                   ) -> list[tuple[int, Concept, Concept | None]]:
        """How a body's name can start at ``i``: an official name, else a kind; longest
        first."""
        heads: list[tuple[int, Concept, Concept | None]] = []
        official = self.officials.first(toks, i)
        if official is not None:
            end, concept = official
            heads.append((end, self.vocabulary.org_kinds[concept.ref("kind") or ""], concept))
        heads.extend((end, kind, None) for end, kind in self.kinds.match(toks, i)
                     if official is None or end > official[0])
        return sorted(heads, key=lambda h: -h[0])

    def _org_rest(self, toks: list[Token], i: int, j: int, kind: Concept, depth: int,
                  official: Concept | None = None) -> OrgRef | None:
        ref = OrgRef(kind, i, j)
        if official is not None:
            # written out as in the text, or in its canonical form for an abbreviation
            abbreviated = any(t.is_upper for t in toks[i + 1:j])
            ref.official = official.pref_vi if abbreviated else _joined(toks[i:j])
            if official.pref_vi.startswith(ref.official + " "):
                ref.canonical = official.pref_vi  # the written name and what completes it
        j = ref.end = _skip_abbreviation(toks, j)
        if j + 1 < len(toks) and toks[j].key == "số" and toks[j + 1].text.isdigit():
            ref.name = f"số {toks[j + 1].text}"  # "Đoàn kiểm tra số 8"
            j = ref.end = j + 2
        if kind.flag("takesName") and not ref.name and not official:
            k = self.body_name_end(toks, j, kind.flag("nameIncludesPlace"))
            if k == j:
                return None
            # "Quân khu V" is "Quân khu 5": one body, one name
            ref.name = str(ROMAN[toks[j].text]) if k == j + 1 and toks[j].text in ROMAN \
                else _joined(toks[j:k])
            j = ref.end = k
            # "Phòng Tổ chức - Hành chính Sở Y tế" (but "Cục X thuộc Bộ Y" names the Cục)
            if kind.flag("parentOptional") and j < len(toks) and \
                    toks[j].key not in self.words["connector"]:
                parent = self.parse_org(toks, j, depth + 1)
                if parent is not None and parent.kind.flag("takesName"):
                    ref.parent, ref.end = parent, parent.end
                    return self._suffix(toks, ref)
        elif kind.flag("parentOptional") and not official and j < len(toks) \
                and toks[j].is_cap and self.unit_types.first(toks, j) is None:
            # "Chi bộ Văn phòng HĐND và UBND huyện", "Chi bộ Trường THCS …": the cell of a body
            parent = self.parse_org(toks, j, depth + 1)
            if parent is not None and not _bare(parent):
                ref.parent, ref.end = parent, parent.end
                return self._suffix(toks, ref)
        if kind.flag("needsParent") and not official:
            parent = self.parse_org(toks, j, depth + 1)
            if parent is not None:
                ref.parent = parent
                ref.end = parent.end
                return self._suffix(toks, ref)
        if kind.flag("takesLevel") or (kind.flag("needsParent") and not kind.level):
            unit = self.unit_types.first(toks, j)
            if unit is not None and unit[1].id == "viet-nam":
                # "Hội LHPN Việt Nam tỉnh X": the national name before a chapter's level word;
                # "Ủy ban MTTQ Việt Nam" already says it
                after = self.unit_types.first(toks, unit[0])
                if after is not None or official or kind.pref_vi.endswith(unit[1].pref_vi):
                    j = ref.end = unit[0]
                    unit = after
            if unit is not None:
                j = ref.end = unit[0]
                ref.unit_type = unit[1]
            else:
                # "Chủ tịch UBND Đồng Tháp": the province's name says the level word
                ref.unit_type = self._province_named(toks, j)
        elif kind.level in ("province", "district", "commune", "city"):
            # "Sở Y tế tỉnh Nghệ An": the unit word of a fixed-level body, with its place name,
            # belongs to the body but not to the post ("Giám đốc Sở Y tế")
            unit = self.unit_types.first(toks, j)
            if unit is not None and unit[1].level in (kind.level, "city") and \
                    self.place_name_end(toks, unit[0]):
                j = ref.end = unit[0]
                ref.unit_type, ref.inferred = unit[1], True
        # a place name may follow a unit word, a fixed-level kind or a named body; otherwise the
        # place comes from the article's context ("Ban Thường vụ" alone)
        if (ref.unit_type is not None or kind.level or kind.flag("takesName")) and (
                ref.unit_type is None or ref.unit_type.level != "central"):
            end = self.place_name_end(toks, j)
            name = " ".join(t.text for t in toks[j:end]) if end else ""
            # "UBND tỉnh Lê Hồng Phong", "Tỉnh ủy Lạc Xuân Thu": a name no unit of the body's
            # type bears (a ward's, a person's) is no place
            typed = ref.unit_type or self.vocabulary.unit_types.get(
                kind.ref("partyUnitType") or "")
            if end and (typed is None or self.is_unit_name is None
                        or self.is_unit_name(name, typed.pref_vi)):
                ref.place_name = name
                ref.end = end
        return self._suffix(toks, ref)

    def _province_named(self, toks: list[Token], j: int) -> Concept | None:
        """The province-level unit word a body's bare place name at ``j`` implies: "UBND Đồng
        Tháp" is the tỉnh's, "HĐND Hà Nội" the thành phố's; None when no province bears it
        (a district's name stays unplaced rather than guessed)."""
        end = self.place_name_end(toks, j)
        if not end or self.is_unit_name is None:
            return None
        name = " ".join(t.text for t in toks[j:end])
        for unit in self.vocabulary.unit_types.values():
            if unit.level == "province" and self.is_unit_name(name, unit.pref_vi):
                return unit
        return None

    def _suffix(self, toks, ref: OrgRef) -> OrgRef:
        j = ref.end
        if (j + 2 < len(toks) and toks[j].text == "(" and toks[j + 1].key == "cũ"
                and toks[j + 2].text == ")"):
            ref.former = True
            ref.end = j + 3
        return ref

    def body_name_end(self, toks: list[Token], j: int, kind_of_name: bool = False) -> int:
        """End of a body's proper name: "Xây dựng", "Nông nghiệp và Môi trường", "3".

        Vietnamese capitalises only the first syllable of such names; the name runs on through
        lower-case syllables until a function word, a unit type or punctuation.
        """
        if j >= len(toks) or not (toks[j].is_cap or toks[j].text.isdigit()) or \
                not toks[j].is_word:
            return j
        if toks[j].text.isdigit() or toks[j].text in ROMAN:
            return j + 1  # "Quân khu 5", "Sư đoàn 312", "Quân khu V": a number is the name
        if kind_of_name:
            whole = self.place_name_end(toks, j)
            if whole:
                return whole  # "Báo Long An": a place's name is the body's
        k = j + 1
        while k < len(toks) and k - j < 10:
            tok = toks[k]
            if tok.key == "và" and k + 1 < len(toks) and toks[k + 1].is_cap \
                    and self.names.name_end(toks, k + 1) is None:
                k += 2  # "Giáo dục và Đào tạo", but not "Sở Y tế và Lạc Văn Hòa, …"
                continue
            if tok.text == ",":
                listed = self._listed_name_end(toks, k)
                if listed:
                    return listed  # "Sở Giáo dục, Khoa học và Công nghệ"
            if tok.text in ("-", "–") and self._name_goes_on(toks, k + 1):
                k += 2  # "Phòng Tổ chức - Hành chính", "Sở Văn hóa - Thể thao"
                continue
            if tok.is_cap and kind_of_name and k - j >= 2:
                # "Ban Quản lý Khu kinh tế cửa khẩu Tây Trang - Điện Biên"
                end = self.place_name_end(toks, k)
                while end and end + 1 < len(toks) and toks[end].text in "-–":
                    end = self.place_name_end(toks, end + 1) or end
                if end:
                    return end
            unit = self.unit_types.first(toks, k)
            if (not tok.is_word or tok.is_cap or tok.key in self.words["name-stop"]
                    or (unit and unit[1].level != "village")  # "… Phát triển nông thôn"
                    or self.phrases["name-stop"].first(toks, k) is not None):  # "công bố"
                break
            k += 1
        return k

    def _name_goes_on(self, toks: list[Token], k: int) -> bool:
        """Does a body's name go on at ``k`` after a dash: a capitalised field word, not a
        title, a body, a unit, a place or a person ("- Phó Giám đốc", "- Nguyễn Văn A")?"""
        return k + 1 < len(toks) and toks[k].is_cap and toks[k].is_word \
            and not toks[k + 1].is_cap and toks[k + 1].is_word \
            and not any(m.first(toks, k) for m in (self.titles, self.kinds, self.unit_types)) \
            and not self.place_name_end(toks, k) and self.names.name_end(toks, k) is None

    def _listed_name_end(self, toks: list[Token], k: int) -> int | None:
        """After a comma inside a body's name: the end of a list of fields that closes with
        "và" ("…, Thông tin, Thể thao và Du lịch"), or None if what follows is no such list
        (another post, a person, a place)."""
        closed = False
        while k < len(toks) and toks[k].key in (",", "và") and not closed:
            closed = toks[k].key == "và"
            k += 1
            if k >= len(toks) or not toks[k].is_cap or not toks[k].is_word or any(
                    m.first(toks, k) for m in (self.titles, self.kinds, self.unit_types)) \
                    or self.place_name_end(toks, k) or self.names.name_end(toks, k):
                return None
            k += 1
            while k < len(toks) and toks[k].is_word and not toks[k].is_cap \
                    and toks[k].key not in self.words["name-stop"] \
                    and self.unit_types.first(toks, k) is None:
                k += 1
        return k if closed else None

    def place_name_end(self, toks: list[Token], j: int) -> int | None:
        """End of the longest place name of 1–5 capitalised syllables (or a number) at ``j``."""
        if j < len(toks) and toks[j].text.isdigit():
            # "Phường 7", "Quân khu 5"; but "Đảng ủy 20 phường, xã": a count
            return None if self.unit_types.first(toks, j + 1) else j + 1
        k = j
        while k < len(toks) and k - j < 7:
            if toks[k].is_word and toks[k].is_cap:
                k += 1
            elif k > j and toks[k].text in ("-", "–") and k + 1 < len(toks) \
                    and toks[k + 1].is_word and toks[k + 1].is_cap:
                k += 1  # "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu": one name with a dash
            else:
                break
        for end in range(k, j, -1):
            if toks[end - 1].is_word and self.is_place(" ".join(t.key for t in toks[j:end])):
                return end
        return None

    # --- posts --------------------------------------------------------------------------------

    def parse_post(self, toks: list[Token], i: int) -> PostRef | None:
        start = i
        former = acting = new = False
        words = self.words
        while i < len(toks) and toks[i].key in words["marks"]:
            former |= toks[i].key in words["former"]
            acting |= toks[i].key in words["acting"]
            new |= toks[i].key in words["new"]
            i += 1
        if i >= len(toks):
            return None
        matches = self.titles.match(toks, i)
        readings = []  # every way to read a post here; the one reaching furthest wins
        plural = i > 0 and toks[i - 1].key in self.words["quantifier"]
        for end, title in matches:
            written_low = not toks[i].is_cap and not any(t.is_cap for t in toks[i + 1:end])
            if written_low and plural:
                continue  # "các bí thư chi bộ": a generic mention, not a title
            if title.ref("impliedOrgKind"):
                org = self.implied_org(toks, end, title)
            else:
                org = self.parse_org(toks, end)
            if org is not None and written_low and not _specific(toks, org):
                continue  # "bí thư chi bộ", "bí thư Đảng ủy": generic; "bí thư Tỉnh ủy X"
            if org is not None:
                written = None
                if title.ref("impliedOrgKind") and not any(t.is_upper for t in toks[i:end]):
                    written = _joined(toks[i:end])  # "Thủ tướng", not "Thủ tướng Chính phủ"
                    written = written[:1].upper() + written[1:]
                readings.append(PostRef(title, org, start, max(org.end, end), former, acting,
                                        new, written))
        if readings:
            # "Bí thư Trung ương Đoàn" is Bí thư of the Youth Union's centre, not "Bí thư
            # Trung ương" (Đảng) + a stray word; on a tie the longer title wins (matches are
            # longest first and max keeps the first)
            return max(readings, key=lambda r: r.end)
        # "… làm Trưởng đoàn": only when no reading names a body ("Trưởng Đoàn ĐBQH tỉnh")
        for end, title in matches:
            if title.refs("contextOrgKind"):
                delegation = self.recent_org(toks, start, title.refs("contextOrgKind"))
                base = self.vocabulary.titles.get(title.ref("baseTitle") or "")
                if delegation is not None and base is not None:
                    return PostRef(base, delegation, start, end, former, acting, new)
        for end, title in matches:
            # "Bộ trưởng Quốc phòng": the body's kind word left out ("Bộ Quốc phòng"), but
            # "Bộ trưởng Lương Tam Quang" is a minister named
            kind = self.kinds_by_label.get(title.value("takesBodyName") or "")
            if kind is not None and self.names.name_end(toks, end) is None:
                ref = self._org_rest(toks, end, end, kind, 0)
                if ref is not None and ref.name:
                    return PostRef(title, ref, start, ref.end, former, acting, new)
        for end, title in matches:
            if title.flag("partyTitle") and toks[i].is_cap:
                # "Bí thư huyện X": the cấp ủy of the unit named
                unit = self.unit_types.first(toks, end)
                committee = self.committees.get(unit[1].id) if unit else None
                if unit is not None and committee is not None:
                    org = OrgRef(committee, end, unit[0], inferred=True)
                    if committee.flag("takesLevel"):
                        org.unit_type, org.inferred = unit[1], False
                    place = self.place_name_end(toks, unit[0])
                    if place:
                        org.place_name = " ".join(t.text for t in toks[unit[0]:place])
                        org.end = place
                    return PostRef(title, org, start, org.end, former, acting, new)
        for end, title in matches:
            # "Phó Bí thư, Chủ tịch UBND tỉnh", "Phó Tư lệnh kiêm Tham mưu trưởng Quân khu 5":
            # the body comes from the chain
            if toks[i].is_cap and not title.ref("impliedOrgKind") and end < len(toks) \
                    and toks[end].key in CHAIN_SEPARATORS:
                return PostRef(title, None, start, end, former, acting, new)
        return None

    def implied_org(self, toks: list[Token], end: int, title: Concept) -> OrgRef | None:
        """The body a title names by itself ("Tổng Bí thư"), with a unit and place if written
        after it ("Tỉnh ủy viên tỉnh X")."""
        kind = self.vocabulary.org_kinds.get(title.ref("impliedOrgKind") or "")
        if kind is None:
            return None
        org = OrgRef(kind, end, end)
        unit = self.unit_types.first(toks, end)
        if unit is not None:
            org.unit_type, org.end = unit[1], unit[0]
        pend = self.place_name_end(toks, org.end)
        if pend and (org.unit_type or kind.level not in ("central", None)):
            org.place_name = " ".join(t.text for t in toks[org.end:pend])
            org.end = pend
        return org

    def recent_org(self, toks: list[Token], before: int, kinds: tuple[str, ...]
                   ) -> OrgRef | None:
        """The last body of one of ``kinds`` named before token ``before`` ("Đoàn kiểm tra")."""
        if isinstance(toks, Tokens):  # a whole text: where such bodies start, found once
            starts = toks.positions((self.kinds, kinds), lambda: [
                i for i, _, kind in self.kinds.scan(toks, overlapping=True) if kind.id in kinds])
            k = bisect_left(starts, before)
            return self.parse_org(toks, starts[k - 1]) if k else None
        for i in range(before - 1, -1, -1):
            found = self.kinds.first(toks, i)
            if found is not None and found[1].id in kinds:
                return self.parse_org(toks, i)
        return None

    def past_before(self, toks: list[Token], i: int) -> bool:
        """Is the post at ``i`` introduced as a past one: "từng (giữ chức)", "trước đó là",
        "khi còn là" (a former-context phrase, then only post-introducers)?"""
        k = i
        introducer = self.phrases["post-introducer"].ends_at(toks, k)
        if introducer is not None:
            k = introducer
        return self.phrases["former-context"].ends_at(toks, k) is not None

    def parse_chain(self, toks: list[Token], i: int) -> tuple[list[PostRef], int]:
        """Posts separated by commas, dashes or "kiêm", starting at ``i``; and where they end."""
        posts: list[PostRef] = []
        while i > 0 and toks[i - 1].key in self.words["marks"]:
            i -= 1  # "các nguyên Chủ tịch nước …", "quyền Chủ tịch …": the mark is the post's
        post = self.parse_post(toks, i)
        if post is None:
            return [], i
        # "từng giữ chức …", "trước đó là …": the whole chain is past
        former = self.past_before(toks, i)
        j = i
        while post is not None:
            # "nguyên" governs the rest of its chain, until "hiện là", "nay là" …
            former = post.former = post.former or former
            posts.append(post)
            # skip a term ("khóa XV", "nhiệm kỳ 2020 - 2025") that qualifies the post
            j = skip_term(toks, post.end)
            post = None
            if j < len(toks) and toks[j].key in CHAIN_SEPARATORS:
                linker = self.phrases["chain-linker"].first(toks, j + 1)
                post = self.parse_post(toks, linker[0] if linker else j + 1)
                former = former and linker is None
        self._imply_committees(posts)
        posts = [p for p in posts if p.org is not None]
        _share_locality(posts)
        complete_organs(posts, self.vocabulary)
        return posts, j

    def _imply_committees(self, posts: list[PostRef]) -> None:
        """A title written without its body takes it from its chain: "Phó Tư lệnh, Tham mưu
        trưởng Quân khu 5" are both of the Quân khu; "Phó Bí thư, Chủ tịch UBND tỉnh": a
        bare Party title is the cấp ủy's of the level of the People's Council, Committee or
        Front post later in the chain."""
        for n, post in enumerate(posts):
            if post.org is not None:
                continue
            if not post.title.flag("partyTitle"):
                post.org = next((p.org for p in posts[n + 1:] if p.org is not None), None)
                continue
            for later in posts[n + 1:]:
                root = later.org.root() if later.org else None
                if root is None or root.unit_type is None or not root.kind.flag("takesLevel") \
                        or root.kind.flag("needsParent") or root.kind.flag("takesName"):
                    continue
                committee = self.committees.get(root.unit_type.id)
                if committee is not None:
                    org = OrgRef(committee, post.end, post.end, place_name=root.place_name)
                    if committee.flag("takesLevel"):
                        org.unit_type = root.unit_type
                    post.org = org
                break


def complete_organs(posts: list[PostRef], vocabulary: Vocabulary) -> None:
    """"Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Huyện ủy": an organ named without its
    body belongs to the body a later element names (of a Party committee, "Ban Chấp hành"
    takes its unit type and place: "Ban Chấp hành Đảng bộ huyện X")."""
    for n, post in enumerate(posts):
        org = post.org
        if org is not None and org.parent is not None and _bare(org.parent):
            # "Ủy viên Ban Thường vụ Đảng ủy và … Bí thư Đảng ủy Quân sự tỉnh": that Đảng ủy
            org.parent = next((p.org for p in posts[n + 1:] if p.org is not None
                               and p.org.kind.id == org.parent.kind.id
                               and not _bare(p.org)), org.parent)
        if org is None or org.parent or org.unit_type or org.place_name \
                or not org.kind.flag("needsParent"):
            continue
        # the body: one standing on its own ("Huyện ủy X", "Đảng ủy đặc khu Y"), not an organ
        body = next((p.org.root() for p in posts[n + 1:] if p.org is not None and (
            not p.org.root().kind.flag("needsParent") or p.org.root().unit_type)), None)
        if org.kind.flag("partyOrgan") and (body is None
                                            or not body.kind.flag("partyCommittee")):
            # a Ban Tổ chức is a cấp ủy's, never a Phòng's or a Sở's: the committee named
            # earlier in the chain ("Ủy viên BTV Huyện ủy, Trưởng Ban Tổ chức, Trưởng phòng …")
            body = next((p.org.root() for p in reversed(posts[:n]) if p.org is not None
                         and p.org.root().kind.flag("partyCommittee")), None)
            if body is not None:
                org.parent, org.inferred = body, True
            continue
        if body is None:
            continue
        party = body.kind.flag("partyCommittee")
        party_form = vocabulary.org_kinds.get(org.kind.ref("partyForm") or "")
        if party and party_form is not None:
            org.kind = party_form
        if party and org.kind.flag("takesLevel"):
            # "Ban Chấp hành" of a Huyện ủy → "Ban Chấp hành Đảng bộ huyện X"; of a Đảng ủy
            # of a commune or special zone → "… Đảng bộ đặc khu Y"
            org.unit_type = vocabulary.unit_types.get(
                body.kind.ref("partyUnitType") or "") or body.unit_type
            org.place_name = body.place_name
        else:
            org.parent = body
            # a committee named bare ("Bí thư Đảng ủy, Giám đốc …") keeps its post as written
            org.inferred = org.kind.flag("partyCommittee")


def _bare(org: OrgRef) -> bool:
    """Is a body named by its kind alone ("Đảng ủy"), with nothing to tell which?"""
    return not (org.parent or org.unit_type or org.place_name or org.name or org.official)


def _share_locality(posts: list[PostRef]) -> None:
    """"Bí thư Đảng ủy, Chủ tịch HĐND phường X": the locality applies to every element;
    "Bí thư Đảng ủy, Giám đốc Sở Y": the committee is that agency's."""
    for n, post in enumerate(posts):
        org = post.org
        if org is None or org.parent or org.unit_type or org.place_name \
                or not org.kind.flag("takesLevel"):
            continue
        agency = next((p.org for p in posts[n + 1:] if p.org is not None
                       and p.org.kind.flag("takesName") and p.org.parent is None), None)
        if agency is not None and org.kind.flag("needsParent"):
            org.parent, org.inferred = agency, True
            continue
        for later in posts[n + 1:]:
            other = later.org.root() if later.org else None
            if other is not None and other.unit_type is not None and (
                    org.kind.level in (None, other.unit_type.level)):
                org.unit_type, org.place_name = other.unit_type, other.place_name
                break


def _specific(toks: list[Token], org: OrgRef) -> bool:
    """Does a body phrase name one body: capitalised (or a cấp ủy of fixed level, often written
    "tỉnh ủy"), and placed if its kind takes a level?"""
    if org.parent is not None and not toks[org.start].is_cap:
        return _specific(toks, org.parent)  # "ủy viên ban thường vụ huyện ủy": the huyện ủy's
    if not (org.end > org.start and (toks[org.start].is_cap or (
            org.kind.flag("partyCommittee") and org.kind.level in ("province", "district")))):
        return False
    return not org.kind.flag("takesLevel") or bool(org.unit_type or org.place_name or org.parent)


def _joined(toks: list[Token]) -> str:
    """Tokens as text: "Văn hóa , Thể thao" → "Văn hóa, Thể thao"."""
    text = " ".join(t.text for t in toks)
    return text.replace(" ,", ",").replace(" &", "&").replace("& ", "&")


def _skip_abbreviation(toks: list[Token], j: int) -> int:
    """Skip an abbreviation in brackets after a full name: "Hội đồng nhân dân (HĐND)"."""
    if (j + 2 < len(toks) and toks[j].text == "(" and toks[j + 1].is_upper
            and toks[j + 2].text == ")"):
        return j + 3
    return j


def skip_term(toks: list[Token], j: int) -> int:
    if j < len(toks) and toks[j].key in ("khóa", "khoá") and j + 1 < len(toks):
        return j + 2
    if j + 1 < len(toks) and toks[j].key == "nhiệm" and toks[j + 1].key == "kỳ":
        k = j + 2
        while k < len(toks) and (toks[k].text.isdigit() or toks[k].text in "-–"):
            k += 1
        return k
    return j
