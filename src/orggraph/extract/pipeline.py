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
from orggraph.extract.chains import Grammar, OrgRef, PostRef
from orggraph.extract.changes import ChangeReader
from orggraph.extract.dates import find_dates, infer_year
from orggraph.extract.doc import Doc
from orggraph.extract.mentions import MentionReader
from orggraph.extract.places import PlaceContext
from orggraph.extract.sources import outlet_places
from orggraph.extract.tokens import Token, Tokens, surface, tokenize
from orggraph.facts import Facts, Holding, Organization, Span, Subordination
from orggraph.gazetteer import Gazetteer, Unit, default_gazetteer
from orggraph.report import RunReport
from orggraph.text import normalize
from orggraph.vocab import Concept, Vocabulary, load_vocabulary


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
        year = infer_year(text, article.published, title,
                          self.grammar.vocabulary.words("term-opening"))
        dates = find_dates(text, year)
        lede_date = ev.lede_date(text, dates, article.published)
        # a term's first year dates no later session, but it does tell the era of the units
        era_year = year or infer_year(text, article.published, title)
        era = Gazetteer.era_for(lede_date or article.published or
                                (str(era_year) if era_year else None))
        facts = Facts(id=article.id, title=article.title, url=article.url,
                      published=article.published, source=article.source)
        doc = Doc(article, text, title, Tokens(self._tokens(text)), self._tokens(title), dates,
                  lede_date, PlaceContext(self.gazetteer, era, self._lookups), facts)
        words = self.grammar.words
        for unit in outlet_places(article.url, self.gazetteer, era, words["outlet-prefix"],
                                  words["outlet-suffix"]):
            doc.places.add(-2, unit)  # before the headline: the weakest, first-named place
        self._collect_places(doc.title_toks, doc.places, headline=True)
        self._collect_places(doc.toks, doc.places)
        doc.mentions = MentionReader(self.grammar).read(doc.toks)
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
        named = set(facts.persons)  # as the list grows: a name is looked up, not searched for
        for m in doc.mentions:
            if m.name not in named:
                named.add(m.name)
                facts.persons.append(m.name)
                facts.evidence[m.name] = Span(toks[m.start].start, toks[m.end - 1].end)
            for post in m.posts:
                if not post.former:
                    self.add_holding(doc, m.name, post)
        for name, start, end in ev.photo_credits(doc.text, self.grammar):
            if name not in named:
                named.add(name)
                facts.persons.append(name)
                facts.evidence[name] = Span(start, end)
        # a byline the reader took out of the text (a page's, a .txt's) is the article's author
        authors = ev.byline(doc.text, self.grammar) or ev.author_names(doc.article.author,
                                                                       self.grammar)
        if authors:
            facts.author = ", ".join(authors)
            for a in authors:
                if a not in named:
                    named.add(a)
                    facts.persons.append(a)

    # --- places --------------------------------------------------------------------------

    def _collect_places(self, toks: list[Token], places: PlaceContext, headline=False) -> None:
        """Record "tỉnh X", "huyện Y", "Tỉnh ủy X" … in reading order."""
        g = self.grammar
        lead = g.place_name_end(toks, 0) if headline else None
        if lead and lead < len(toks) and toks[lead].text in (":", "-", "–", "|"):
            # "Gia Lai: Trao quyết định …": a headline opening with the place it reports from
            name = " ".join(t.text for t in toks[:lead])
            places.lookup(name, "province", -1) or places.lookup(name, "district", -1)
        self._bare_provinces(toks, places, headline)
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
                written = surface(toks[end:name_end_])
                found = places.lookup(prefix + name, level, pos, written=written) or \
                    places.lookup(name, level, pos, written=written)
                if found is None and prefix and level in ("district", "commune"):
                    places.add_unplaced(level, prefix.strip(), written)

    def _bare_provinces(self, toks: list[Token], places: PlaceContext, headline: bool) -> None:
        """Record provinces named bare after a preposition ("Ở An Giang, …", "(Đồng Tháp)")."""
        g = self.grammar
        after = g.words["place-preposition"]
        for i in range(1, len(toks)):
            if toks[i - 1].key not in after or not toks[i].is_cap:
                continue
            end = g.place_name_end(toks, i)
            if end is None or end - i < 2 or (end < len(toks) and toks[end].is_cap
                                               and toks[end].is_word):
                continue  # one syllable, or a longer name goes on ("tại Hà Nội Mới")
            name = " ".join(t.text for t in toks[i:end])
            places.lookup(name, "province", -1 if headline else toks[i].start,
                          written=surface(toks[i:end]))

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
            root.unit_type = self._unit_type(unit.type)
            root.inferred = True
        place_name = doc.places.written.get(unit.id, unit.name) if unit else None
        if unit is None and not root.place_name and root.level in ("district", "commune") \
                and (named := doc.places.unplaced(root.level)) is not None \
                and (root.unit_type is None or root.unit_type.pref_vi == named[0]):
            # "Đảng ủy xã" in a report on "xã Vĩnh Lộc", a name several provinces' xã bear
            place_name = named[1]
            if root.unit_type is None and root.kind.flag("takesLevel"):
                root.unit_type = self._unit_type(named[0])
                root.inferred = True
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

    def _unit_type(self, word: str) -> Concept | None:
        """The unit-type concept written ``word`` ("tỉnh", "phường")."""
        return next((c for c in self.grammar.vocabulary.unit_types.values()
                     if c.pref_vi == word), None)

    def add_holding(self, doc: Doc, person: str, post: PostRef, rule: str = "") -> None:
        """Add ``person``'s holding of ``post`` unless the same one (in the same body) is there."""
        holding = self._holding(doc, person, post)
        if holding is not None and not doc.holds((person, holding.post, holding.organization)):
            holding.rule = rule + (holding.rule or "")
            doc.add_holding(holding)

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

    # --- implied subordination ----------------------------------------------------------

    def _mentioned_bodies(self, doc: Doc) -> None:
        """Bodies named in the text outside title chains ("các đồng chí Ủy viên Ban Thường vụ")."""
        g, toks = self.grammar, doc.toks
        covered = bytearray(len(toks))  # tokens inside posts: a mark each, not a set of them
        for m in doc.mentions:
            for p in m.posts:
                covered[p.start:p.end] = b"\x01" * max(0, p.end - p.start)
        # a body's name starts with a kind, an official name or "Trung ương": look only there
        heads = {i for matcher in (g.kinds, g.officials)
                 for i, _, _ in matcher.scan(toks, overlapping=True)}
        heads |= {i for i, _, unit in g.unit_types.scan(toks) if unit.level == "central"}
        reached = 0
        for i in sorted(k for k in heads if toks[k].is_cap and not covered[k]):
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
        by_name: dict[str, list[Organization]] = {}  # a name's bodies: looked up, not searched
        for org in orgs.values():
            by_name.setdefault(org.name, []).append(org)
        communes = next((o.name for o in orgs.values() if o.collective and o.kind == "dang-bo"),
                        None)
        for org in orgs.values():
            kind = kinds.get(org.kind or "")
            if kind is None:
                continue
            # an organ is led by the body it is named after ("Ban Thường vụ Tỉnh ủy X")
            if org.name.startswith(kind.pref_vi):
                for other in _named_within(org, by_name):
                    links[(org.name, other.name)] = Subordination(org.name, other.name, True)
            if org.collective and org.place_id:
                unit = self.gazetteer.get(org.place_id)
                if org.kind == "chi-bo":  # village cells → commune Party organisations
                    parent = communes
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


def _named_within(org: Organization, by_name: dict[str, list[Organization]]
                  ) -> Iterator[Organization]:
    """The other bodies whose name ends ``org``'s after a space ("Tỉnh ủy X" in "Ban Thường
    vụ Tỉnh ủy X"): each tail of the name is looked up, so the work is the name's length."""
    name = org.name
    for k, char in enumerate(name):
        if char == " ":
            yield from (o for o in by_name.get(name[k + 1:], ()) if o is not org)


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
