"""Persons named in a report and the posts written next to their names.

A name is introduced by an honorific or a rank ("đồng chí", "Đại tá"), by a title chain
before it ("Bí thư Tỉnh ủy X"), by one after it ("X, Bí thư Tỉnh ủy, …"), by a list that
shares its posts ("các Phó Bí thư gồm: A, B và C") or by a predicate ("X làm Bộ trưởng …").
The reader walks the tokens once; the lists it is inside are its only state.

>>> from orggraph.extract.chains import Grammar
>>> from orggraph.extract.tokens import tokenize
>>> from orggraph.gazetteer import default_gazetteer
>>> from orggraph.vocab import load_vocabulary
>>> reader = MentionReader(Grammar(load_vocabulary(), default_gazetteer().is_name))
>>> [(m.name, [p.post_label() for p in m.posts])
...  for m in reader.read(tokenize("Đồng chí Trần Văn Minh, Bí thư Huyện ủy dự."))]
[('Trần Văn Minh', ['Bí thư Huyện ủy'])]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orggraph.extract.chains import CHAIN_SEPARATORS, Grammar, OrgRef, PostRef, skip_term
from orggraph.extract.doc import Mention
from orggraph.extract.tokens import Token


@dataclass
class _Named:
    """The mentions read so far, with what later ones ask of them kept by key as they come:
    a question about "the last one that …" is then a look-up, not a walk back through every
    earlier mention (which made a long report's reading quadratic)."""

    mentions: list[Mention] = field(default_factory=list)
    # last word of a name → the latest mention whose name ends so ("đồng chí Sơn")
    by_last_word: dict[str, Mention] = field(default_factory=dict)
    # title (pref_vi) → (order, body) of the latest current post of that title with a body
    bodies: dict[str, tuple[int, OrgRef]] = field(default_factory=dict)
    _posts: int = 0  # posts filed so far: their order

    def append(self, m: Mention) -> None:
        self.mentions.append(m)
        self.by_last_word[m.name.split()[-1]] = m
        for p in m.posts:
            self._posts += 1
            if p.org is not None and not p.former:
                self.bodies[p.title.pref_vi] = (self._posts, p.org)

    def last_body(self, *titles: str) -> OrgRef | None:
        """The body of the post last named with one of ``titles``."""
        found = [self.bodies[t] for t in titles if t in self.bodies]
        return max(found, key=lambda hit: hit[0])[1] if found else None


@dataclass
class MentionReader:
    """Reads the mentions of persons from a report's tokens."""

    grammar: Grammar

    def read(self, toks: list[Token]) -> list[Mention]:
        """The persons named in ``toks``, each with the posts written next to the name."""
        g = self.grammar
        mentions = _Named()
        shared: list[PostRef] = []  # "các đồng chí Ủy viên BTV Tỉnh ủy: A, ...; B, ..."
        listing = False  # "các đồng chí A, B và C": names in a list after a plural honorific
        list_start = -1  # where the names of a list after its shared posts start
        i = 0
        n = len(toks)
        names = g.names
        quick = g.starts | names.starts
        while i < n:
            tok = toks[i]
            if tok.text in ".!?" or tok.line_start:
                shared, listing = [], False  # lists end with the sentence or paragraph
            if not tok.is_cap and tok.key not in quick:
                i += 1  # no name, title or honorific starts here
                continue
            j = i
            found = names.honorific(toks, j)
            hon: int | None = found[0] if found else None
            if found:
                # "các đồng chí", "hai ông": names in a list follow
                listing = listing or found[1] or (
                    i > 0 and toks[i - 1].key in g.words["quantifier"])
                j = found[0]
            elif listing and i > 0 and (i == list_start or toks[i - 1].text in {",", "và", ";"}) \
                    and g.titles.first(toks, i) is None and not self._place_at(toks, i):
                hon = i
            rk = names.rank_end(toks, j)
            if rk:
                j = rk
            pre, k = g.parse_chain(toks, j) if j < n and toks[j].is_cap else ([], j)
            listed = self._list_after(toks, j, k) if pre else None
            if listed is not None:  # "các Phó Bí thư gồm: A, B và C": all hold the posts
                shared, listing = [p for p in pre if not p.former], True
                i = list_start = listed
                continue
            deputies = self._deputies_listed(toks, i, j, mentions) if not pre else None
            if deputies is not None:  # "Hai Phó Bí thư gồm anh A và chị B": the body last named
                shared, listing = [deputies[0]], True
                i = list_start = deputies[1]
                continue
            members = self._members_listed(toks, j) if not pre and j < n else None
            if members is not None:  # "Tổ đại biểu Quốc hội gồm A; B": each is a deputy
                shared, listing = [members[0]], True
                i = list_start = members[1]
                continue
            if pre and k + 1 < n and toks[k].key == "là":  # "Trưởng đoàn là đồng chí X"
                k = names.honorific_end(toks, k + 1) or k + 1
            elif pre and k + 1 < n and toks[k].text in ("-", "–", ","):
                # "Thứ trưởng Bộ Y tế - Lê Văn A", "đại biểu Quốc hội, Trung tướng B": an
                # apposition; after a comma only with a rank ("Theo quyết định của Thủ
                # tướng, ông X …" ends a clause)
                after = names.rank_end(toks, k + 1) or (
                    toks[k].text != "," and names.honorific_end(toks, k + 1))
                if after or (toks[k].text != "," and names.name_end(toks, k + 1)):
                    k = after or k + 1
            if pre:
                k2 = names.rank_end(toks, k) or k
                end = names.name_end(toks, k2)
                if end is not None:
                    m = Mention(self._name(toks, k2, end), k2, end, [*shared, *pre])
                    self._posts_after(toks, m)
                    mentions.append(m)
                    i = m.chain_end
                    continue
                i = k if k > i else i + 1
                continue
            bare = g.titles.first(toks, j) if not pre and j < n and toks[j].is_cap else None
            if bare is not None:
                # "Bộ trưởng Lương Tam Quang": a holder named after a title with no body
                k2 = names.rank_end(toks, bare[0]) or bare[0]
                end = names.name_end(toks, k2)
                if end is not None and not g.is_place(" ".join(t.key for t in toks[k2:end])):
                    m = Mention(self._name(toks, k2, end), k2, end)
                    self._posts_after(toks, m)
                    mentions.append(m)
                    i = max(m.chain_end, end)
                    continue
            need_surname = not (hon or rk)
            end = names.name_end(toks, j, need_surname=need_surname) if j < n else None
            if end is not None and not need_surname and self._vocabulary_at(toks, j):
                end = None  # "đồng chí Trung ương …" is no name: a known phrase starts here
            if end is None and hon and j < n and toks[j].is_cap:
                # "đồng chí Sơn": a later short reference to a person named in full before
                full = mentions.by_last_word.get(toks[j].text)
                if full is not None:
                    short = Mention(full.name, j, j + 1)
                    short.chain_end = j + 1
                    mentions.append(short)
                    i = j + 1
                    continue
            if end is not None and need_surname and g.is_place(
                    " ".join(t.key for t in toks[j:end])):
                end = None  # "Tại Hà Nội, Bí thư …": a place, though it opens with a surname
            if end is not None:
                nxt = toks[end].text if end < n else ""
                if hon or rk or nxt in CHAIN_SEPARATORS or nxt in {"(", ";", ":"} or shared \
                        or self._predicate_at(toks, end):
                    m = Mention(self._name(toks, j, end), j, end, list(shared))
                    self._posts_after(toks, m)
                    if hon or rk or m.posts or shared:
                        mentions.append(m)
                        i = max(m.chain_end, end)
                        continue
            i += 1
        return self._merge_short_names(mentions.mentions)

    def _name_at(self, toks: list[Token], k: int) -> bool:
        """Does a personal name (with a family name, not a place's) start at ``k``?"""
        end = self.grammar.names.name_end(toks, k)
        return end is not None and not self.grammar.is_place(
            " ".join(t.key for t in toks[k:end]))

    def _predicate_at(self, toks: list[Token], k: int) -> bool:
        """Do posts follow "là", "làm" … at ``k`` ("Phan Văn A làm Bộ trưởng Quốc phòng")?"""
        linker = self.grammar.phrases["holds"].first(toks, k)
        return linker is not None and bool(self.grammar.parse_chain(toks, linker[0])[0])

    def _verb_before(self, toks: list[Token], i: int) -> bool:
        """Does a change verb stand in the sentence before token ``i``?"""
        for k in range(i - 1, max(-1, i - 40), -1):
            if toks[k].text in ".!?" or toks[k].line_start:
                return False
            hit = self.grammar.change_cues.first(toks, k)
            if hit is not None and hit[1]:  # "" is a look-alike ("bầu cử")
                return True
        return False

    def _past_sentence(self, toks: list[Token], i: int) -> bool:
        """Does the sentence up to token ``i`` speak of the past ("Trước đó, …", "Từng …")?"""
        matcher = self.grammar.phrases["former-context"]
        for k in range(i - 1, max(-1, i - 12), -1):
            if toks[k].text in ".!?":
                return False
            if matcher.first(toks, k) is not None:
                return True
        return False

    def _deputies_listed(self, toks: list[Token], i: int, j: int, mentions: _Named
                         ) -> tuple[PostRef, int] | None:
        """A counted title with no body, heading a list ("Hai Phó Bí thư gồm: A, B"): the
        body is the one whose head (or a holder of the same title) was named last; with where
        the names start."""
        g = self.grammar
        if j >= len(toks) or not toks[j].is_cap or i == 0 or j != i \
                or toks[i - 1].key not in g.words["quantifier"]:
            return None
        bare = g.titles.first(toks, j)
        if bare is None:
            return None
        end, title = bare
        head = title.pref_vi.removeprefix("Phó ")
        org = mentions.last_body(head, title.pref_vi)
        listed = self._list_after(toks, j, end) if org is not None else None
        if org is None or listed is None:
            return None
        return PostRef(title, org, j, end), listed

    def _members_listed(self, toks: list[Token], j: int) -> tuple[PostRef, int] | None:
        """A body whose listed members hold a title (og:membersHold) and where the list of
        its members starts: "Tổ đại biểu Quốc hội số 10 gồm …" → (Đại biểu Quốc hội, …)."""
        g = self.grammar
        head = g.kinds.first(toks, j) if toks[j].is_cap else None
        if head is None or not head[1].ref("membersHold"):
            return None  # the common case: no such body starts here
        body = g.parse_org(toks, j)
        title = g.vocabulary.titles.get(body.kind.ref("membersHold") or "") if body else None
        if body is None or title is None:
            return None
        listed = self._list_after(toks, j, body.end)
        org = g.implied_org(toks, body.end, title)
        if listed is None or org is None:
            return None
        return PostRef(title, org, body.start, body.end), listed

    def _list_after(self, toks: list[Token], start: int, end: int) -> int | None:
        """Where the names start, if the posts at ``start:end`` head a list of holders.

        "Phó Bí thư Tỉnh ủy gồm: A, …", "các Phó Giám đốc Sở là ông A và ông B": a list
        marker, an honorific or a colon after the posts, and a plural sense (a colon, "gồm",
        a plural honorific, or a quantifier before the title). "Trưởng đoàn là đồng chí X"
        names one holder and is read as a title before a name.
        """
        g = self.grammar
        k, plural = skip_term(toks, end), False
        if k < len(toks) and toks[k].text == ",":
            k += 1  # "chín Phó Chủ tịch Ủy ban MTTQ tỉnh, gồm: …"
        verb = g.change_cues.first(toks, k + 1) if k < len(toks) and toks[k].key == "được" \
            else None
        verb = verb if verb is not None and verb[1] else None  # not a look-alike
        if verb is not None:
            k = verb[0]  # "… được chỉ định là: A, B"
        marker = g.phrases["list-marker"].first(toks, k)
        if marker is not None:
            plural = toks[k].key != "là"
            k = marker[0]
        honorific = g.names.honorific(toks, k)  # read again by the caller, which starts there
        if honorific is not None:
            names_at, plural = k, plural or honorific[1]
        elif k < len(toks) and toks[k].text == ":":
            names_at, plural = k + 1, True
        else:
            names_at = k
        quantified = start > 0 and (toks[start - 1].key in g.words["quantifier"]
                                    or toks[start - 1].text.isdigit())
        if names_at == end or not (plural or quantified):
            return None
        return names_at

    def _vocabulary_at(self, toks: list[Token], i: int) -> bool:
        g = self.grammar
        return any(m.first(toks, i) for m in (g.titles, g.kinds, g.unit_types, g.cues))

    def _place_at(self, toks: list[Token], i: int) -> bool:
        """Does a place name start here ("các xã A, B": B is not a person)?"""
        end = self.grammar.place_name_end(toks, i)
        return end is not None and end - i >= 2

    def _posts_after(self, toks: list[Token], m: Mention) -> None:
        j = self._skip_age(toks, m.end)
        m.chain_end = j
        if j < len(toks) and toks[j].text in CHAIN_SEPARATORS | {"("}:
            posts, k = self.grammar.parse_chain(toks, j + 1)
            if posts and self._name_at(toks, k):
                posts = []  # "A, Chủ tịch nước B": the posts are B's, written before B
            if posts:
                m.posts.extend(posts)
                m.chain_end = k
                if toks[j].text == "(" and k < len(toks) and toks[k].text == ")":
                    m.chain_end = k + 1
        # "… do đồng chí X, <posts> làm Trưởng đoàn": a post taken in the same breath;
        # "ông X hiện là …", "ông X còn là …"
        j = m.chain_end
        linker = self.grammar.phrases["holds"].first(toks, j)
        if linker is None and j == m.end and not self._verb_before(toks, m.start):
            linker = self.grammar.phrases["holds-plain"].first(toks, j)
        if linker is not None and linker[0] < len(toks):
            posts, k = self.grammar.parse_chain(toks, linker[0])
            if posts:
                past = self._past_sentence(toks, m.start)  # "Trước đó, ông X là Phó Chủ tịch"
                for post in posts:
                    post.predicate = True
                    post.former = post.former or past
                m.posts.extend(posts)
                m.chain_end = k

    def _skip_age(self, toks: list[Token], j: int) -> int:
        """Past an age beside a name: "ông A, 43 tuổi, giám đốc …" reads as "ông A, giám đốc …"."""
        if j + 3 < len(toks) and toks[j].text == "," and toks[j + 1].text.isdigit() \
                and toks[j + 2].key in self.grammar.words["age"] and toks[j + 3].text == ",":
            return j + 3
        return j

    @staticmethod
    def _name(toks: list[Token], i: int, j: int) -> str:
        return " ".join(t.text for t in toks[i:j])

    @staticmethod
    def _merge_short_names(mentions: list[Mention]) -> list[Mention]:
        """Give a short name ("đồng chí Hồng") the full name it ends, wherever that is met."""
        # each full name under every tail of it after a space, the first full name a tail
        # ends kept: a short name is then looked up, not compared with every full name
        ends: dict[str, str] = {}
        for m in mentions:
            if len(m.name.split()) >= 3:
                name = m.name
                for k, char in enumerate(name):
                    if char == " ":
                        ends.setdefault(name[k + 1:], name)
        for m in mentions:
            if len(m.name.split()) <= 2:
                m.name = ends.get(m.name) or m.name
        return list(mentions)

