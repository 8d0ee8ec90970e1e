"""Personnel changes: who is elected, appointed, moved, retired or dismissed, to which post.

The verbs come from ``ontology/vocab/change-cues.ttl``. For each verb the reader finds its
subject (passive "X, <posts>, được … bầu", active "bổ nhiệm đồng chí X", a list of names,
a verb coordinated with the previous one) and the posts it takes ("giữ chức", "tham gia",
"làm" …) or, for "thôi giữ chức", "miễn nhiệm", "nghỉ hưu", leaves.

>>> from orggraph.articles import Article
>>> from orggraph.extract.pipeline import Extractor
>>> f = Extractor.load().extract(Article(id="x", published="2024-05-02", text=(
...     "Đồng chí Lương Thị Thu được bầu giữ chức Chủ tịch HĐND tỉnh Sơn La.")))
>>> [(c.person, c.change, c.post) for c in f.changes]
[('Lương Thị Thu', 'elected', 'Chủ tịch Hội đồng nhân dân tỉnh')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from orggraph.extract.chains import PostRef, complete_organs, skip_term
from orggraph.extract.dates import DateMention
from orggraph.extract.doc import Doc, Mention
from orggraph.extract.tokens import Token
from orggraph.facts import Change, Span

if TYPE_CHECKING:
    from orggraph.extract.chains import Grammar, OrgRef
    from orggraph.extract.pipeline import Extractor

_EFFECTIVE = re.compile(r"(?:kể\s+)?từ\s+(?=ngày)", re.IGNORECASE)  # the date match owns "ngày"
_SENTENCE = re.compile(r"[.!?](?=\s|$)|\n")  # not the dot of "TP.HCM" or "1.000"
LEAVES = "left"  # cue value of og:leavesPost phrases
REPLACES = "replaces"  # cue value of og:replacesOffice phrases: appointed, leaving an office
MOVES_ON = "moves-on"  # cue value of og:movesOn phrases: no change by themselves


class Verb(NamedTuple):
    start: int  # token indices
    end: int
    cue: str  # change kind, LEAVES or MOVES_ON


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences (split at . ! ? and line breaks)."""
    spans, start = [], 0
    for m in _SENTENCE.finditer(text):
        if m.start() > start:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def effective_date(text: str, dates: Mapping[int, DateMention], start: int, end: int
                   ) -> str | None:
    """The date after "(kể) từ ngày" between ``start`` and ``end``, if any; ``dates`` are
    the text's by their offsets (see :func:`dates_at`)."""
    for m in _EFFECTIVE.finditer(text, start, end):
        found = dates.get(m.end())
        if found is not None:
            return found.iso
    return None


def dates_at(dates: list[DateMention]) -> dict[int, DateMention]:
    """The dates by where they start (the first, should two start at one offset)."""
    found: dict[int, DateMention] = {}
    for d in dates:
        found.setdefault(d.start, d)
    return found


def verb_at(grammar: Grammar, toks: list[Token], k: int) -> bool:
    """Does a change verb start at ``k`` (a "moving on" phrase is none)?"""
    found = grammar.change_cues.first(toks, k)
    return found is not None and found[1] not in (MOVES_ON, "")


@dataclass
class ChangeReader:
    """Reads the changes of one article; adds the posts taken to its holdings."""

    doc: Doc
    ex: Extractor
    out: list[Change] = field(default_factory=list)
    seen: set[tuple[str, str, str | None, str | None]] = field(default_factory=set)
    recent: OrgRef | None = None  # body of the post last taken, for a later bare title

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def toks(self) -> list[Token]:
        return self.doc.toks

    def read(self) -> list[Change]:
        """The changes, dated by their sentence's "từ ngày", the report's, or the lede's."""
        toks, grammar, dates = self.toks, self.ex.grammar, dates_at(self.doc.dates)
        date = self.doc.date
        # "Các quyết định có hiệu lực kể từ ngày …" dates the changes of the whole report
        effective = effective_date(self.text, dates, 0, len(self.text))
        verbs = [Verb(*hit) for hit in grammar.change_cues.scan(toks) if hit[2]]  # "" a look-alike
        starts, verb_starts = [t.start for t in toks], [v.start for v in verbs]
        for s, e in sentences(self.text):
            first, stop = bisect_left(starts, s), bisect_left(starts, e)
            here = verbs[bisect_left(verb_starts, first):bisect_left(verb_starts, stop)]
            people = self.doc.mentions_in(first, stop) if here else []
            if people:
                when = effective_date(self.text, dates, s, e) or effective or date
                self._sentence(here, people, e, when)
        # a post left by someone the report also elects or appoints is left for the new one
        taking = {c.person for c in self.out if c.change in ("elected", "reelected", "appointed")}
        for change in self.out:
            if change.change == "dismissed" and change.person in taking:
                change.change = "transferred"
                change.rule = "verb:transferred"
        # "được bầu, tái đắc cử chức …": re-elected says more than elected
        again = {(c.person, c.post) for c in self.out if c.change == "reelected"}
        out = [c for c in self.out if c.change != "elected" or (c.person, c.post) not in again]
        # a change that names no post says nothing another of the same kind does not
        named = {(c.person, c.change) for c in out if c.post}
        return [c for c in out if c.post or (c.person, c.change) not in named]

    def _sentence(self, verbs: list[Verb], people: list[Mention], end: int,
                  when: str | None) -> None:
        cues = {v.cue for v in verbs}
        moves = "transferred" in cues or MOVES_ON in cues
        last: tuple[int, list[Mention], int] | None = None  # coordinated verbs share persons
        taken_kind = None  # the change the last run made, for later clauses without a verb
        last_kind: str | None = None  # the change of the last verb, whether taken or left
        done: set[int] = set()  # persons (their token index) this sentence changed
        for run in self._runs(verbs):
            # "được điều động, phân công, chỉ định giữ chức …": one subject, the posts after
            # the last verb; "điều động, bổ nhiệm đồng chí X": the object after the last
            group = subject(self.ex.grammar, self.toks, people, run[0], last)
            if not group and len(run) > 1:
                group = subject(self.ex.grammar, self.toks, people, run[-1], last)
            reach = run[-1].end  # where the verbs' objects end: coordination, not distance
            for verb in run:
                if verb.cue == MOVES_ON:
                    if last is not None:
                        self._new_post(verb, last[1], when)
                    continue
                kind = self._kind(verb, cues, moves)
                target = verb if verb.cue == LEAVES else run[-1]
                for who in group:
                    taken = self._apply(kind, verb, target, who, group, people, end, when)
                    self.recent = next((p.org for p in reversed(taken) if p.org), self.recent)
                    reach = max([reach, *(p.end for p in taken)])
                    done.add(who.start)
                if kind in ("elected", "reelected", "appointed"):
                    taken_kind = kind
                last_kind = kind
            if group:
                last = (run[0].start, group, reach)
        if taken_kind is not None:
            self._gapped(people, done, taken_kind, reach, when)
        if last_kind is not None:
            self._paired(people, done, last_kind, when)

    def _paired(self, people: list[Mention], done: set[int], kind: str,
                when: str | None) -> None:
        """"miễn nhiệm chức vụ X đối với ông A và chức vụ Y đối với ông B": each later post
        goes with the person its "đối với" names, under the verb of the first."""
        g, toks = self.ex.grammar, self.toks
        for m in people:
            if m.start in done:
                continue
            k = m.start
            hon = next((h for h in range(max(0, k - 3), k)
                        if g.names.honorific_end(toks, h) == k), k)
            marker = g.phrases["object-marker"].ends_at(toks, hon)
            if marker is None:
                continue
            # "… và chức danh Y, nhiệm kỳ …": the nearest "và" (or comma) before a post
            found = next((hit for i in range(marker - 1, max(-1, marker - 25), -1)
                          if toks[i].key in ("và", ",", ";") and
                          (hit := g.phrases["post-introducer"].first(toks, i + 1))), None)
            posts, end = g.parse_chain(toks, found[0]) if found else ([], 0)
            if not posts or skip_term(toks, end) > marker:
                continue
            for post in posts:
                if post.former:
                    continue
                if kind in ("elected", "reelected", "appointed"):
                    self._take(m.name, kind, post, when)
                else:
                    self._add(m.name, kind, post, when)
            done.add(m.start)

    def _new_post(self, verb: Verb, group: list[Mention], when: str | None) -> None:
        """"thôi giữ chức X để nhận công tác mới, giữ chức Y": the post named right after the
        moving-on phrase is taken, by those who left the other."""
        g, toks = self.ex.grammar, self.toks
        if g.nominations.first(toks, verb.start) is not None:
            return  # "giới thiệu để bầu giữ chức Y": put forward, not yet elected
        k = verb.end
        while k < len(toks) and (toks[k].text == "," or toks[k].key == "và"):
            k += 1
        intro = g.phrases["post-introducer"].first(toks, k)
        if intro is None or g.phrases["joins"].first(toks, k) is not None:
            return
        posts, _ = g.parse_chain(toks, intro[0])
        for post in posts:
            if post.former:
                continue
            for who in group:
                self._take(who.name, "appointed", post, when)

    def _gapped(self, people: list[Mention], done: set[int], kind: str, after: int,
                when: str | None) -> None:
        """"A được chỉ định giữ chức X; B giữ chức Y", "bầu A giữ chức X; B làm Y": a later
        clause with its verb left out takes the change of the clause before."""
        g, toks = self.ex.grammar, self.toks
        for m in people:
            if m.start in done or m.start < after:
                continue
            linker = g.phrases["holds-plain"].first(toks, m.end) or \
                g.phrases["holds"].first(toks, m.end)  # "; ông B làm Chủ nhiệm …"
            if linker is None:
                continue
            posts, _ = g.parse_chain(toks, linker[0])
            for post in posts:
                if not post.former:
                    self._take(m.name, kind, post, when)

    def _runs(self, verbs: list[Verb]) -> list[list[Verb]]:
        """Verbs joined only by commas or "và" ("điều động, phân công, chỉ định") as runs."""
        runs: list[list[Verb]] = []
        for verb in verbs:
            between = self.toks[runs[-1][-1].end:verb.start] if runs else None
            if between is not None and len(between) <= 2 and all(
                    t.text in {",", "-", "–"} or t.key == "và" for t in between):
                runs[-1].append(verb)
            else:
                runs.append([verb])
        return runs

    def _kind(self, verb: Verb, cues: set[str], moves: bool) -> str:
        """The change a verb reports, as its sentence qualifies it."""
        kind = "appointed" if verb.cue == REPLACES else verb.cue
        if kind == "elected" and any(t.key in ("tiếp", "lại")
                                     for t in self.toks[max(0, verb.start - 5):verb.end + 2]):
            return "reelected"  # "tiếp tục được tín nhiệm bầu", "bầu tiếp tục giữ"
        if kind in (LEAVES, "dismissed"):  # a post left: why, the sentence says
            # "thôi giữ chức … để nhận nhiệm vụ mới", "miễn nhiệm … do chuyển công tác",
            # "miễn nhiệm … do nghỉ hưởng chế độ"
            return "transferred" if moves else "retired" if "retired" in cues else "dismissed"
        return kind

    def _apply(self, kind: str, verb: Verb, target: Verb, who: Mention, group: list[Mention],
               people: list[Mention], end: int, when: str | None) -> list[PostRef]:
        """Record ``who``'s change (one of ``group``, who share the verb), with the posts
        left and taken (named after ``target``, the last verb of its run); return them."""
        posts = self._posts(target, group, people, end)
        leaving = verb.cue in (LEAVES, "dismissed", "retired") or kind in ("dismissed", "retired")
        if not posts and kind != "transferred" and not leaving:
            # "được phê chuẩn bổ nhiệm gồm: A làm Bộ trưởng X; B làm …": each their own
            posts = [p for p in who.posts if p.predicate and not p.former]
        if leaving:
            # "thôi giữ chức X", "cách chức X", "miễn nhiệm X (do chuyển công tác)": X is left,
            # not taken, whatever the reason makes of the change
            for left in posts or [None]:  # type: ignore[list-item]  # None: a post unnamed
                self._add(who.name, kind, left, when)
            return posts
        if any(t.key == "quyền" for t in self.toks[verb.start:verb.end]):  # "giao quyền"
            for post in posts:
                post.acting = True
        if kind == "transferred":
            # "X, Ủy viên BTV Tỉnh ủy, Giám đốc Sở Y được điều động …": the seat in the
            # standing committee stays; the post is left
            left_posts = [p for p in who.posts if not p.former and not p.predicate
                          and not p.title.flag("membership")]
            for left in left_posts or [None]:  # type: ignore[list-item]
                self._add(who.name, kind, left, when)
            if not posts:
                return []
            kind = "appointed"  # "điều động … giữ chức": leaves one post, takes another
        else:
            self._offices_left(verb, who, posts, when)
        held = {(p.post_label(), self._body(p)) for p in who.posts  # beside the name
                if not p.former and not p.predicate and p.start >= who.end}
        for post in posts:
            # "bầu anh A, Bí thư Tỉnh Đoàn khóa X, làm Bí thư Tỉnh Đoàn khóa XI": elected to
            # the post the report gives them already is elected again
            again = kind == "elected" and (post.post_label(), self._body(post)) in held
            self._take(who.name, "reelected" if again else kind, post, when,
                       rule=f"change:{kind}+")
        if not posts:
            self._add(who.name, kind, None, when)
        return posts

    def _offices_left(self, verb: Verb, who: Mention, posts: list[PostRef],
                      when: str | None) -> None:
        """The offices ``who`` leaves by taking ``posts``: under "bổ nhiệm" every office ("bổ
        nhiệm X, Phó Tham mưu trưởng, giữ chức Phó Tư lệnh"); otherwise another office in the
        same body ("X, Phó Chủ tịch UBND tỉnh, được bầu giữ chức Chủ tịch UBND tỉnh"). Seats
        (Ủy viên, Đại biểu) go on, and so do Party posts under "bổ nhiệm"; taking the same
        title in another body of the same kind leaves the first; an acting post
        ("giao quyền Chủ tịch") leaves nothing, nor does a post its standing variant includes
        ("Phó Bí thư Thường trực" chosen again as "Phó Bí thư")."""
        posts = [p for p in posts if not p.acting]
        taken = {(p.post_label(), self._body(p)) for p in posts}
        titles = {p.title.id for p in posts}
        bodies = {self._body(p) for p in posts}
        # "Bí thư Tỉnh ủy A … giữ chức Bí thư Tỉnh ủy B": one cannot hold both
        kinds = {(p.title.id, p.org.kind.id) for p in posts if p.org is not None}
        for left in who.posts:
            if left.title.flag("membership") or left.title.ref("baseTitle") in titles \
                    or left.predicate:
                continue
            if left.former and verb.cue != REPLACES:
                continue  # "nguyên …" beside an appointee is the office just left
            same_kind = left.org is not None and (left.title.id, left.org.kind.id) in kinds
            replaced = verb.cue == REPLACES and not left.title.flag("partyTitle")
            superseded = (self._body(left) in bodies or same_kind) and \
                (left.post_label(), self._body(left)) not in taken
            if replaced or superseded:
                self._add(who.name, "transferred", left, when)

    def _body(self, post: PostRef) -> str | None:
        return self.ex.organization(post.org, self.doc).name if post.org else None

    def _posts(self, verb: Verb, group: list[Mention], people: list[Mention],
               end: int) -> list[PostRef]:
        """Posts named with the verb: right after it ("giao quyền Chủ tịch …"), or after
        "giữ chức", "làm", "tham gia", "vào" … up to the next verb or person; for a list
        after the verb ("bầu giữ chức Phó Bí thư gồm: A, B"), up to the list. A bare title
        ("được bầu giữ chức Phó Chủ tịch.") belongs to the body of the post last taken."""
        g, toks = self.ex.grammar, self.toks
        direct, _ = g.parse_chain(toks, verb.end)
        if direct:
            return [p for p in direct if not p.former]
        posts: list[PostRef] = []
        if verb.cue == LEAVES:  # "thôi tham gia Ban Chấp hành, Ban Thường vụ"
            joined_bodies(g, toks, verb.end, posts)
            complete_organs(posts, g.vocabulary)
            return posts
        first, last = group[0], group[-1]
        marker = list_marker(g, toks, verb.end, first.start) if first.start > verb.start \
            else None
        if marker is not None:
            # "Bốn Phó Bí thư Tỉnh ủy được chỉ định là: A, B …": the posts head the list
            head = head_posts(g, toks, verb.start)
            if head:
                return head
            # "bầu hai Phó Bí thư Tỉnh ủy là các đồng chí: …": the posts between verb and list
            k = verb.end + (verb.end < len(toks) and (
                toks[verb.end].key in g.words["quantifier"] or toks[verb.end].text.isdigit()))
            chain, chain_end = g.parse_chain(toks, k)
            if chain and skip_term(toks, chain_end) <= marker:
                return [p for p in chain if not p.former]
            j, stop = verb.end, marker
        else:
            j = max(verb.end, last.chain_end) if first.start > verb.start else verb.end
            stop = min([m.start for m in people if m.start > max(verb.start, last.start)]
                       + [len(toks)])
        stop = next((k for k in range(verb.end, stop) if verb_at(g, toks, k)), stop)
        while j < stop and toks[j].start < end:
            cue = g.phrases["post-introducer"].first(toks, j)
            if cue is None:
                j += 1
                continue
            joins = g.phrases["joins"].first(toks, j)
            j = cue[0]
            if joins is not None and joins[0] == j:
                j = joined_bodies(g, toks, j, posts)
                continue
            if toks[j].key in g.words["quantifier"] or toks[j].text.isdigit():
                j += 1  # "được bầu làm hai Phó Bí thư"
            chain, k = g.parse_chain(toks, j)
            if not chain and self.recent is not None:
                title = g.titles.first(toks, j)
                if title is not None and toks[j].is_cap:
                    chain, k = [PostRef(title[1], self.recent, j, title[0])], title[0]
            posts.extend(p for p in chain if not p.former)
            j = max(k, j + 1)
        complete_organs(posts, g.vocabulary)
        share_place(posts)
        return posts

    def _take(self, person: str, kind: str, post: PostRef, when: str | None,
              rule: str | None = None) -> None:
        """Record that ``person`` takes ``post`` (a change of ``kind``) and now holds it."""
        self._add(person, kind, post, when)
        self.ex.add_holding(self.doc, person, post, rule=rule or f"change:{kind}+")

    def _add(self, person: str, kind: str, post: PostRef | None, when: str | None) -> None:
        org = self.ex.organization(post.org, self.doc).name if post and post.org else None
        label = post.post_label() if post else None
        key = (person, kind, label, org)
        if key in self.seen:
            return
        self.seen.add(key)
        span = Span(self.toks[post.start].start, self.toks[post.end - 1].end) if post else None
        self.out.append(Change(person=person, change=kind, post=label, organization=org,
                               date=when, evidence=span, rule=f"verb:{kind}"))


def subject(grammar: Grammar, toks: list[Token], people: list[Mention], verb: Verb,
            last: tuple[int, list[Mention], int] | None) -> list[Mention]:
    """Whom a change verb is about: "X, <posts>, được (…) <verb>" or "<verb> đồng chí X".

    A list of names before a passive verb ("A, B và C được bầu …") all take the change; so do
    the names after "là" in "… được bầu giữ chức Phó Bí thư là A, … và B".
    """
    vi, vend = verb.start, verb.end
    # "X được (Bộ Chính trị) bầu", "X nhận quyết định bổ nhiệm": the subject comes before;
    # "có quyết định bổ nhiệm bà X": a decision names its object after the verb
    decision = grammar.phrases["decision"].ends_at(toks, vi)
    # "X được Ban Thường vụ Thành ủy quyết định chỉ định": the agent decided
    duoc = _passive_at(toks, vi, grammar) if decision is None else \
        _passive_at(toks, decision, grammar, agent_only=True)
    received = decision is not None and (
        grammar.phrases["receives"].ends_at(toks, decision) is not None or duoc < decision)
    passive = received or (decision is None and duoc < vi)
    after = [m for m in people if m.start > vi]
    if passive:
        # words between the person and "được" that show the verb is someone else's ("X trao
        # quyết định cho các cán bộ được bầu"); after "được" comes the agent ("được các đại
        # biểu bầu")
        def close(m: Mention) -> bool:
            """The verb a few words on, or "được" right after the person and a long agent
            between ("X, …, được Ban Thường vụ Thành ủy TP HCM quyết định chỉ định")."""
            k = _after_aside(toks, m)
            return (vi - k <= 12 or duoc - k <= 6) and not any(
                t.key in grammar.words["other-object"] for t in toks[k:duoc])

        near = [m for m in people if m.start < vi and close(m)]
        if near:
            group = [near[-1]]
            for m in reversed([p for p in people if p.start < group[0].start]):
                if not _coordinated(grammar, toks, max(m.chain_end, m.end), group[0].start):
                    break
                group.insert(0, m)
            return group
        if after and list_marker(grammar, toks, vend, after[0].start) is not None:
            return _listed(grammar, toks, after)
    else:
        near = [m for m in after if m.start - vend <= 2]
        if near:
            return _listed(grammar, toks, near[:1] + [m for m in after if m.start > near[0].start])
        # "bầu hai Phó Bí thư là các đồng chí: A, …; B, …": the persons listed after the post
        if after and _list_opens(grammar, toks, vend, after[0].start):
            return _listed(grammar, toks, after)
        # "…; Ban Thường vụ chỉ định đồng chí tham gia …": an honorific with no name after it
        # stands for the person just named
        hon = grammar.names.honorific(toks, vend)
        earlier = [m for m in people if m.start < vi]
        if hon is not None and not hon[1] and earlier and (
                hon[0] >= len(toks) or grammar.names.name_end(toks, hon[0]) is None):
            return [earlier[-1]]
        # an intransitive verb after its subject: "đồng chí X nghỉ hưu", "ông X (SN 1975)
        # tái đắc cử …"
        before = [m for m in people if m.start < vi and vi - _after_aside(toks, m) <= 1]
        if before:
            return [before[-1]]
        # "miễn nhiệm chức vụ … đối với ông X", "bầu bổ sung … đối với hai ông A và B": the
        # objects introduced after the post
        if after and any(grammar.phrases["object-marker"].first(toks, k)
                         for k in range(vend, after[0].start)) and not any(
                verb_at(grammar, toks, k) for k in range(vend, after[0].start)):
            return _listed(grammar, toks, after)
    # a verb coordinated with the previous one shares its persons, unless someone else is
    # named in between: "được điều động, chỉ định …", "… và được bầu …"; an active verb
    # further off has a subject of its own ("cho đến khi HĐND tỉnh bầu …")
    if last is not None and not any(last[0] < m.start < vi for m in people):
        between = {t.key for t in toks[last[2]:vi]}
        if passive or vi - last[2] <= 3 or (
                vi - last[2] <= 8 and "và" in between and not between & {"khi", "cho"}):
            return last[1]
    return []


def _coordinated(grammar: Grammar, toks: list[Token], end: int, start: int) -> bool:
    """Are two mentions, one ending at ``end`` and the next starting at ``start``, listed
    together: "A, B", "A và B", "anh A và chị B" (a comma or "và", then an honorific)?"""
    k = end + 1 if end < start and (toks[end].text in (",", ";") or toks[end].key == "và") \
        else end
    return k == start or grammar.names.honorific_end(toks, k) == start


def _passive_at(toks: list[Token], vi: int, grammar: Grammar, agent_only: bool = False
                ) -> int:
    """The "được" of a passive verb at ``vi`` (the verb itself if there is none): a few words
    before it ("được tín nhiệm bầu"), or before the agent that names the body acting ("được
    Ban Thường vụ Tỉnh ủy Sơn La chỉ định"); with ``agent_only``, only the latter."""
    for k in range(vi - 1, max(-1, vi - 13), -1):
        if toks[k].key == "được":
            near = vi - k <= 6 and not agent_only
            agent = grammar.parse_org(toks, k + 1) if not near else None
            if near or (agent is not None and agent.end == vi):
                return k
    return vi


def _after_aside(toks: list[Token], m: Mention) -> int:
    """Where the words after a mention go on, past a bracketed aside ("(SN 1975, quê …)")."""
    k = max(m.chain_end, m.end)
    if k < len(toks) and toks[k].text == "(":
        close = next((j for j in range(k + 1, min(len(toks), k + 20)) if toks[j].text == ")"),
                     None)
        if close is not None:
            return close + 1
    return k


def head_posts(grammar: Grammar, toks: list[Token], before: int) -> list[PostRef]:
    """The posts that end right before a (passive) verb at ``before``: "Phó Bí thư Tỉnh ủy
    (nhiệm kỳ 2025-2030) được chỉ định …"."""
    stop = before - 1 if before and toks[before - 1].key == "được" else before
    for k in range(max(0, stop - 16), stop):
        if not toks[k].is_cap:
            continue
        chain, end = grammar.parse_chain(toks, k)
        if chain and skip_term(toks, end) == stop:
            return [p for p in chain if not p.former]
    return []


def _listed(grammar: Grammar, toks: list[Token], after: list[Mention]) -> list[Mention]:
    """The first of ``after`` and those listed with it ("A, B và C"; "A, <posts>; bà B")."""
    group = [after[0]]
    for m in after[1:]:
        k = max(group[-1].chain_end, group[-1].end)
        if k < m.start and toks[k].text in {",", ";"}:
            k += 1
        if k < m.start and toks[k].key == "và":
            k += 1
        k = grammar.names.honorific_end(toks, k) or k
        if k != m.start:
            break
        group.append(m)
    return group


def _list_opens(grammar: Grammar, toks: list[Token], start: int, name: int) -> bool:
    """Does a list marker between ``start`` and the name at ``name`` open the list the name
    heads ("… là các đồng chí: A", "… gồm: A"), with no other verb between?"""
    marker = list_marker(grammar, toks, start, name)
    if marker is None or any(verb_at(grammar, toks, k) for k in range(start, name)):
        return False
    k = grammar.phrases["list-marker"].first(toks, marker) or \
        grammar.phrases["object-marker"].first(toks, marker)
    end = k[0] if k else marker + 1
    if end < name and toks[end].text == ":":
        end += 1  # "gồm: ông A"
    return (grammar.names.honorific_end(toks, end) or end) == name


def list_marker(grammar: Grammar, toks: list[Token], start: int, stop: int) -> int | None:
    """Where a marker of the persons a change names after its post ("là", "gồm", "đối
    với" …) stands between ``start`` and ``stop``."""
    markers = (grammar.phrases["list-marker"], grammar.phrases["object-marker"])
    return next((k for k in range(start, stop)
                 if any(m.first(toks, k) is not None for m in markers)), None)


def share_place(posts: list[PostRef]) -> None:
    """"tham gia BCH, BTV Huyện ủy và giữ chức Phó Bí thư Huyện ủy X": X is everyone's."""
    for post in posts:
        root = post.org.root() if post.org else None
        if root is None or root.place_name:
            continue
        for later in posts:
            other = later.org.root() if later.org else None
            if other is not None and other.place_name and other.level == root.level \
                    and later.start > post.start:
                root.place_name = other.place_name
                break


def joined_bodies(grammar: Grammar, toks: list[Token], j: int, posts: list[PostRef]) -> int:
    """"tham gia Ban Chấp hành, Ban Thường vụ Tỉnh ủy" → a member post of each body (their
    committee, when left out, is completed from the posts that follow); returns the end."""
    member = grammar.vocabulary.titles.get("uy-vien")
    while j < len(toks) and member is not None:
        ref = grammar.parse_org(toks, j)
        if ref is None:
            break
        posts.append(PostRef(member, ref, ref.start, ref.end))
        j = ref.end
        if j < len(toks) and toks[j].key in (",", "và"):
            j += 1
            continue
        break
    return j
