"""Properties of the export: Turtle re-imports to the same graph; equal input, equal bytes."""

from __future__ import annotations

import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from orggraph.facts import Event, Facts, Holding, Participant, Span
from orggraph.pipeline import build_store
from orggraph.store import to_rdflib, trig_bytes, turtle_bytes

letters = ("aăâbcdđeêghiklmnoôơpqrstuưvxy"
           "àáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ")
word = st.text(letters, min_size=1, max_size=7).map(str.capitalize)
name = st.lists(word, min_size=2, max_size=4).map(" ".join)
body = st.sampled_from(["Huyện ủy Quan Sơn", "Ủy ban nhân dân xã Tân Lập", "Chi bộ thôn Mới",
                        "Ban Thường vụ Tỉnh ủy Sơn La", 'Hội "Nông dân" <tỉnh> \\ Sơn La'])
post = st.sampled_from(["Bí thư", "Phó Bí thư", "Chủ tịch", "Ủy viên"])
date = st.none() | st.dates().map(lambda d: d.isoformat()) | st.just("2024-03")


@st.composite
def facts(draw) -> Facts:
    people = draw(st.lists(name, min_size=1, max_size=4, unique=True))
    holdings = [Holding(p, draw(post), draw(body), evidence=draw(st.none() | st.just(Span(0, 5))))
                for p in people]
    event = Event(kind=draw(st.sampled_from(["meeting", "congress", "training"])),
                  label=draw(st.none() | st.text(max_size=30)), date=draw(date),
                  participants=[Participant(p, "attendee") for p in people])
    return Facts(id=draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)),
                 persons=people, holdings=holdings, events=[event], published=draw(date))


@settings(max_examples=40, deadline=None)
@given(st.lists(facts(), min_size=1, max_size=3, unique_by=lambda f: f.id))
def test_turtle_reimports_isomorphic_and_bytes_repeat(records):
    store = build_store((f, "Sáng 2/5, hội nghị." * 3) for f in records)
    data = turtle_bytes(store)
    assert data == turtle_bytes(build_store((f, "Sáng 2/5, hội nghị." * 3) for f in records))
    assert trig_bytes(store) == trig_bytes(build_store(
        (f, "Sáng 2/5, hội nghị." * 3) for f in reversed(records)))
    assert isomorphic(rdflib.Graph().parse(data=data, format="turtle"), to_rdflib(store))
