"""Article → Facts: names, title chains, places, events and changes, composed.

>>> from orggraph.articles import Article
>>> ex = Extractor.load()
>>> facts = ex.extract(Article(id="x", published="2024-05-02", text=(
...     "Sáng 2/5, đồng chí Trần Văn Minh, Bí thư Huyện ủy Quan Sơn chủ trì hội nghị.")))
>>> [(h.person, h.post, h.organization) for h in facts.holdings]
[('Trần Văn Minh', 'Bí thư Huyện ủy', 'Huyện ủy Quan Sơn')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from orggraph.articles import Article
from orggraph.extract import events as ev
from orggraph.extract.abbreviations import expand, spell_places
from orggraph.extract.chains import CHAIN_SEPARATORS, Grammar, OrgRef, PostRef, skip_term
from orggraph.extract.changes import ChangeReader
from orggraph.extract.dates import find_dates, infer_year
from orggraph.extract.doc import Doc, Mention
from orggraph.extract.places import PlaceContext
from orggraph.extract.tokens import Token, tokenize
from orggraph.facts import Facts, Holding, Organization, Span, Subordination
from orggraph.gazetteer import Gazetteer, Unit, default_gazetteer
from orggraph.report import RunReport
from orggraph.text import normalize
from orggraph.vocab import Vocabulary, load_vocabulary


@dataclass
class Extractor:
    """Compiled matchers; ``extract`` is a pure function of the article."""

    grammar: Grammar
    gazetteer: Gazetteer
    _lookups: dict = field(default_factory=dict, repr=False)  # gazetteer answers, memoised

    @classmethod
    def load(cls, vocabulary: Vocabulary | None = None,
             gazetteer: Gazetteer | None = None) -> Extractor:
        vocabulary = vocabulary or load_vocabulary()
        gazetteer = gazetteer or default_gazetteer()
        typed: dict[tuple[str, str], bool] = {}  # memoised: the same places recur

        def is_unit_name(name: str, unit_type: str) -> bool:
            if (name, unit_type) not in typed:
                typed[(name, unit_type)] = bool(gazetteer.find(f"{unit_type} {name}"))
            return typed[(name, unit_type)]

        return cls(Grammar(vocabulary, gazetteer.is_name, is_unit_name), gazetteer)

    def parse(self, article: Article) -> Doc:
        """The article as a :class:`Doc`: normalised text, tokens, dates, places, names."""
        text = normalize(article.text)
        title = normalize(article.title or "")
        year = infer_year(text, article.published, title)
        dates = find_dates(text, year)
        lede_date = ev.lede_date(text, dates, article.published)
        era = Gazetteer.era_for(lede_date or article.published or (str(year) if year else None))
        facts = Facts(id=article.id, title=article.title, url=article.url,
                      published=article.published, source=article.source)
        doc = Doc(article, text, title, self._tokens(text), self._tokens(title), dates, lede_date,
                  PlaceContext(self.gazetteer, era, self._lookups), facts)
        self._collect_places(doc.title_toks, doc.places, headline=True)
        self._collect_places(doc.toks, doc.places)
        doc.mentions = self._mentions(doc.toks)
        return doc

    def _tokens(self, text: str) -> list[Token]:
        """Tokens, with the article's own abbreviations and abbreviated places spelled out."""
        words = {lab.rstrip(".") for u in self.grammar.vocabulary.unit_types.values()
                 if u.level not in ("central", None) for lab in u.labels
                 if lab.rstrip(".").isupper()}
        return spell_places(expand(tokenize(text), self.grammar.abbreviations,
                                   self.grammar.spelled), words, self._place_name)

    def _place_name(self, query: str) -> str | None:
        """The name of the unit(s) an abbreviated place denotes ("TP.HCM"), if one name."""
        key = ("abbr", query)
        if key not in self._lookups:
            names = {u.name for u in self.gazetteer.find(query)}
            self._lookups[key] = names.pop() if len(names) == 1 else None
        return self._lookups[key]

    def extract(self, article: Article) -> Facts:
        """The facts of ``article``: the stages in order over one :class:`Doc`."""
        return self.read(article).facts

    def read(self, article: Article) -> Doc:
        """The article's :class:`Doc` after every stage; ``doc.facts`` are its facts."""
        doc = self.parse(article)
        self._persons_and_posts(doc)
        changes = ChangeReader(doc, self).read()
        ev.add_event(doc, self, changes)
        doc.facts.changes.extend(changes)
        self._drop_posts_left(doc)
        self._drop_implied_titles(doc)
        self._mentioned_bodies(doc)
        self._collective_cells(doc)
        facts = doc.facts
        facts.subordination = self._subordination(doc.orgs)
        facts.organizations = sorted(doc.orgs.values(), key=lambda o: o.name)
        return doc

    @staticmethod
    def _drop_posts_left(doc: Doc) -> None:
        """A post the report has its holder leave (transferred, retired, dismissed) is no
        longer held, unless the report also has them take it (re-elected, appointed again)."""
        facts = doc.facts
        taken = {(c.person, c.post, c.organization) for c in facts.changes
                 if c.change in ("elected", "reelected", "appointed")}
        left = {(c.person, c.post, c.organization) for c in facts.changes
                if c.change in ("transferred", "retired", "dismissed")} - taken
        facts.holdings = [h for h in facts.holdings
                          if (h.person, h.post, h.organization) not in left]

    def _drop_implied_titles(self, doc: Doc) -> None:
        """"Phó Bí thư Thường trực" is one holding: not also "Phó Bí thư" of the same body."""
        titles = self.grammar.vocabulary.titles
        implied = set()
        for h in doc.facts.holdings:
            concept = titles.get(h.title or "")
            if concept is not None and concept.flag("standing") and concept.ref("baseTitle"):
                implied.add((h.person, concept.ref("baseTitle"), h.organization))
        doc.facts.holdings = [h for h in doc.facts.holdings
                              if (h.person, h.title, h.organization) not in implied]

    def _persons_and_posts(self, doc: Doc) -> None:
        """Every person named, the byline's authors, and the current posts by the names."""
        facts, toks = doc.facts, doc.toks
        for m in doc.mentions:
            if m.name not in facts.persons:
                facts.persons.append(m.name)
                facts.evidence[m.name] = Span(toks[m.start].start, toks[m.end - 1].end)
            for post in m.posts:
                if not post.former:
                    self.add_holding(doc, m.name, post)
        for name, start, end in ev.photo_credits(doc.text, self.grammar):
            if name not in facts.persons:
                facts.persons.append(name)
                facts.evidence[name] = Span(start, end)
        authors = ev.byline(doc.text, self.grammar)
        if authors:
            facts.author = ", ".join(authors)
            facts.persons.extend(a for a in authors if a not in facts.persons)

    # --- places --------------------------------------------------------------------------

    def _collect_places(self, toks: list[Token], places: PlaceContext, headline=False) -> None:
        """Record "tỉnh X", "huyện Y", "Tỉnh ủy X" … in reading order."""
        g = self.grammar
        kinds = {i: (end, kind) for i, end, kind in g.kinds.scan(toks, overlapping=True)
                 if toks[i].is_cap and kind.level in ("province", "district", "city")}
        units = {i: (end, unit) for i, end, unit in g.unit_types.scan(toks, overlapping=True)
                 if unit.level not in ("central", "village", None)}
        for i in sorted(kinds.keys() | units.keys()):
            pos = -1 if headline else toks[i].start
            if i in kinds:
                end, level, prefix = kinds[i][0], kinds[i][1].level, ""
            else:
                end, level, prefix = units[i][0], units[i][1].level, units[i][1].pref_vi + " "
            name_end_ = g.place_name_end(toks, end)
            if name_end_:
                name = " ".join(t.text for t in toks[end:name_end_])
                places.lookup(prefix + name, level, pos) or places.lookup(name, level, pos)

    def _unit_for(self, org: OrgRef, pos: int, places: PlaceContext) -> Unit | None:
        root = org.root()
        level = root.level
        if level in (None, "central", "village"):
            return None
        if root.place_name:
            label = (f"{root.unit_type.pref_vi} {root.place_name}" if root.unit_type
                     else root.place_name)
            era = "pre2025" if root.former or org.former else None  # "(cũ)": before the merger
            return (places.lookup(label, level, None, era=era)
                    or places.lookup(root.place_name, level, era=era))
        # "Tỉnh ủy", "UBND tỉnh": a tỉnh, not a centrally-run city named nearer
        unit_type = root.unit_type or self.grammar.vocabulary.unit_types.get(
            root.kind.ref("partyUnitType") or "")
        return places.resolve(level, pos, unit_type.pref_vi if unit_type else None)

    def organization(self, org: OrgRef, doc: Doc, toks: list[Token] | None = None
                     ) -> Organization:
        """The body ``org`` names (tokens of ``toks``, by default the text's), recorded in
        ``doc.orgs`` with its place resolved, and its parent bodies with it."""
        toks = doc.toks if toks is None else toks
        orgs = doc.orgs
        pos = toks[org.start].start if org.start < len(toks) else 0
        unit = self._unit_for(org, pos, doc.places)
        root = org.root()
        if unit is not None and root.unit_type is None and (
                root.kind.flag("takesName") or root.kind.flag("takesLevel")):
            # "Sở Xây dựng (Hà Nội)" → "Sở Xây dựng thành phố Hà Nội"
            root.unit_type = next((c for c in self.grammar.vocabulary.unit_types.values()
                                   if c.pref_vi == unit.type), None)
            root.inferred = True
        place_name = unit.name if unit else None
        name = org.label(place=place_name)
        if name not in orgs:
            span = (Span(toks[org.start].start, toks[org.end - 1].end)
                    if org.end > org.start else None)
            orgs[name] = Organization(
                name=name, kind=org.kind.id,
                place=self.gazetteer.full_label(unit) if unit else None,
                place_id=unit.id if unit else None, evidence=span)
            parent = org.parent
            if parent is not None:
                self.organization(parent, doc, toks)
        return orgs[name]

    def add_holding(self, doc: Doc, person: str, post: PostRef, rule: str = "") -> None:
        """Add ``person``'s holding of ``post`` unless the same one (in the same body) is there."""
        facts = doc.facts
        holding = self._holding(doc, person, post)
        key = (person, holding.post, holding.organization) if holding else None
        if holding is not None and not any((h.person, h.post, h.organization) == key
                                           for h in facts.holdings):
            holding.rule = rule + (holding.rule or "")
            facts.holdings.append(holding)

    def _holding(self, doc: Doc, person: str, post: PostRef) -> Holding | None:
        if post.org is None:
            return None
        org = self.organization(post.org, doc)
        toks = doc.toks
        return Holding(
            person=person, post=post.post_label(), organization=org.name, place=org.place,
            title=post.title.id, acting=post.acting,
            alternate=post.title.flag("alternateMember"),
            evidence=Span(toks[post.start].start, toks[post.end - 1].end),
            rule=f"title:{post.title.id}+org:{post.org.kind.id}")

    # --- names and the posts next to them ----------------------------------------------

    def _mentions(self, toks: list[Token]) -> list[Mention]:
        g = self.grammar
        mentions: list[Mention] = []
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
                listing = listing or found[1]  # "các đồng chí": names in a list follow
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
                full = next((m for m in reversed(mentions)
                             if m.name.split()[-1] == toks[j].text), None)
                if full is not None:
                    mentions.append(Mention(full.name, j, j + 1))
                    mentions[-1].chain_end = j + 1
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
        return self._merge_short_names(mentions)

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
            if self.grammar.change_cues.first(toks, k) is not None:
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

    def _members_listed(self, toks: list[Token], j: int) -> tuple[PostRef, int] | None:
        """A body whose listed members hold a title (og:membersHold) and where the list of
        its members starts: "Tổ đại biểu Quốc hội số 10 gồm …" → (Đại biểu Quốc hội, …)."""
        g = self.grammar
        body = g.parse_org(toks, j) if toks[j].is_cap else None
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
        j = m.end
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

    @staticmethod
    def _name(toks: list[Token], i: int, j: int) -> str:
        return " ".join(t.text for t in toks[i:j])

    @staticmethod
    def _merge_short_names(mentions: list[Mention]) -> list[Mention]:
        """Give a short name ("đồng chí Hồng") the full name it ends, wherever that is met."""
        full = [m.name for m in mentions if len(m.name.split()) >= 3]
        out = []
        for m in mentions:
            if len(m.name.split()) <= 2:
                target = next((f for f in full if f != m.name and f.endswith(" " + m.name)),
                              None)
                if target:
                    m.name = target
            out.append(m)
        return out

    # --- implied subordination ----------------------------------------------------------

    def _mentioned_bodies(self, doc: Doc) -> None:
        """Bodies named in the text outside title chains ("các đồng chí Ủy viên Ban Thường vụ")."""
        g, toks = self.grammar, doc.toks
        covered = {k for m in doc.mentions for p in m.posts for k in range(p.start, p.end)}
        # a body's name starts with a kind, an official name or "Trung ương": look only there
        heads = {i for matcher in (g.kinds, g.officials)
                 for i, _, _ in matcher.scan(toks, overlapping=True)}
        heads |= {i for i, _, unit in g.unit_types.scan(toks) if unit.level == "central"}
        reached = 0
        for i in sorted(k for k in heads if toks[k].is_cap and k not in covered):
            if i < reached:
                continue
            ref = g.parse_org(toks, i)
            if ref is not None and (ref.parent or ref.place_name or ref.unit_type
                                    or ref.kind.level in ("province", "district", "city")):
                self.organization(ref, doc)
                reached = ref.end

    def _collective_cells(self, doc: Doc) -> None:
        """"(các) chi bộ thôn, bản, khu phố": the class of village cells of the article's area.

        Cells are led by their commune Party organisation (Đảng bộ xã), which before July 2025
        sat under the district's and from then on under the province's.
        """
        kinds = self.grammar.vocabulary.org_kinds
        toks, places, orgs = doc.toks, doc.places, doc.orgs
        for i in range(len(toks) - 2):
            if toks[i].key != "chi" or toks[i + 1].key != "bộ":
                continue
            j, words = i + 2, list[str]()
            while j < len(toks):
                unit = self.grammar.unit_types.first(toks, j)
                if unit is None or unit[1].level != "village":
                    break
                end = unit[0]
                if words and toks[j - 1].text not in (",", "và"):
                    break  # "chi bộ thôn, bản tổ chức …": "tổ" starts a verb, not a unit
                words.append(" ".join(t.text for t in toks[j:end]))
                j = end + (1 if end < len(toks) and toks[end].text in (",", "và") else 0)
            if words and toks[j - 1].text in (",", "và"):
                j -= 1
            if not words:
                continue
            area = places.resolve("district", toks[i].start) or places.resolve(
                "province", toks[i].start)
            if area is None:
                continue
            where = f"{area.type} {area.name}"
            cells = f"Các chi bộ {', '.join(words)} {where}"
            communes = f"Các đảng bộ xã, thị trấn {where}"
            span = Span(toks[i].start, toks[j - 1].end)
            for name, kind in ((cells, "chi-bo"), (communes, "dang-bo")):
                if name not in orgs and kind in kinds:
                    orgs[name] = Organization(name, kind, self.gazetteer.full_label(area),
                                              area.id, collective=True, evidence=span)
            return


    def _subordination(self, orgs: dict[str, Organization]) -> list[Subordination]:
        links: dict[tuple[str, str], Subordination] = {}
        new: dict[str, Organization] = {}  # party organisations the links name
        kinds = self.grammar.vocabulary.org_kinds
        for org in orgs.values():
            kind = kinds.get(org.kind or "")
            if kind is None:
                continue
            # an organ is led by the body it is named after ("Ban Thường vụ Tỉnh ủy X")
            for other in orgs.values():
                if other is not org and org.name.endswith(" " + other.name) and \
                        org.name.startswith(kind.pref_vi):
                    links[(org.name, other.name)] = Subordination(org.name, other.name, True)
            if org.collective and org.place_id:
                unit = self.gazetteer.get(org.place_id)
                if org.kind == "chi-bo":  # village cells → commune Party organisations
                    parent = next((o.name for o in orgs.values()
                                   if o.collective and o.kind == "dang-bo"), None)
                else:  # commune organisations → the district's (before 2025)
                    parent = self._party_organization(unit, new, links)
                if parent:
                    links[(org.name, parent)] = Subordination(org.name, parent)
            if kind.ref("partyUnitType") and org.place_id and not org.collective:
                # a cấp ủy leads its đảng bộ
                own = self._party_organization(self.gazetteer.get(org.place_id), new, links)
                links[(org.name, own)] = Subordination(org.name, own)
        for org in new.values():
            orgs.setdefault(org.name, org)
        return [links[k] for k in sorted(links)]

    def _party_organization(self, unit: Unit, new: dict[str, Organization],
                            links: dict[tuple[str, str], Subordination]) -> str:
        """The đảng bộ of an administrative unit ("Đảng bộ tỉnh Thanh Hóa"), recorded once,
        with its link to the đảng bộ of the unit above, up to the province."""
        name = f"Đảng bộ {unit.type} {unit.name}"
        if name not in new:
            new[name] = Organization(name, "dang-bo", self.gazetteer.full_label(unit), unit.id)
            parents = self.gazetteer.ancestors(unit)
            if parents:
                top = self._party_organization(parents[0], new, links)
                links[(name, top)] = Subordination(name, top)
        return name


def extract_all(articles: Iterable[Article], report: RunReport,
                extractor: Extractor | None = None) -> Iterator[tuple[Article, Facts]]:
    """Extract facts from each article; a failure is reported and the run goes on."""
    extractor = extractor or Extractor.load()
    for article in articles:
        try:
            facts = extractor.extract(article)
        except Exception as exc:  # one bad article must not end a 100k-article run
            report.add(article.origin or article.id, "error", article=article.id,
                       reason=f"extraction failed ({type(exc).__name__}: {exc}); "
                              "article left out of the graph")
            continue
        report.counts["articles"] += 1
        yield article, facts
