"""The interactive view: its data from a real graph, safe embedding, and the page in Chromium.

The browser tests drive the real page in headless Chromium (/usr/bin/chromium through the
playwright package, no downloaded browser) and keep a screenshot in the pytest tmp dir and in
``build/screenshots/view.png``.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, Store

from orggraph.cli import main
from orggraph.pipeline import run
from orggraph.view import render_html, script_json, sentence_around, view_data, write_view

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles"
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = '</script><script>window.pwned=1</script><!-- /*JS*/ {{TITLE}} \u2028 & é'


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    assert run([SEED], out).exit_code == 0
    return out


@pytest.fixture(scope="module")
def store(seed: Path) -> Store:
    store = Store()
    store.load(path=str(seed / "graph.trig"), format=RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def data(store: Store) -> dict[str, Any]:
    return view_data(store)


def person(data: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [p for p in data["persons"] if p["name"] == name]
    return found


# --- the data -------------------------------------------------------------------------------

def test_data_holds_tenures_with_their_sentences(data: dict[str, Any]) -> None:
    hong = person(data, "Nguyễn Xuân Hồng")
    tenures = [t for t in data["tenures"] if t["person"] == hong["id"]]
    assert sorted(t["post"] for t in tenures) == [
        "Bí thư Huyện ủy Lang Chánh", "Chủ tịch Hội đồng nhân dân huyện Lang Chánh"]
    bodies = {b["id"]: b for b in data["bodies"]}
    for t in tenures:
        assert bodies[t["body"]]["tree"]  # the body is in the hierarchy
        assert t["ev"], t
        for ev in t["ev"]:
            a, b = ev["q"]
            quote = ev["s"][a:b]
            assert quote and (quote in t["post"] or t["post"].startswith(quote[:6])), (quote, t)
            assert "Nguyễn Xuân Hồng" in ev["s"]  # the sentence, not only the quoted span
    articles = {a["id"] for a in data["articles"]}
    assert all(ev["a"] in articles for t in data["tenures"] for ev in t["ev"])
    huyen = next(b for b in data["bodies"] if b["label"] == "Huyện ủy Lang Chánh")
    assert huyen["province"] == "tỉnh Thanh Hóa" and huyen["end"] == "2025-06-30"
    assert any(link["c"] == huyen["id"] for link in data["links"])


def test_sentence_around_cuts_at_sentence_ends() -> None:
    text = "Một. Hai ba bốn! Năm sáu\nBảy."
    assert sentence_around(text, 9, 12) == ("Hai ba bốn!", 4, 7)
    words = " ".join(f"w{i:03d}" for i in range(300))  # one sentence of 1,500 characters
    start = words.index("w150")
    sentence, a, b = sentence_around(words, start, start + 4)
    assert sentence[a:b] == "w150" and len(sentence) <= 370
    assert sentence.startswith("…w") and sentence.endswith("…")  # cut between words


@settings(max_examples=200)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12))
def test_script_json_round_trips_and_never_closes_the_element(value: Any) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    assert not re.search(r"[<>&\u2028\u2029]", text)


def test_page_is_deterministic_and_self_contained(store: Store, tmp_path: Path) -> None:
    first = write_view(store, tmp_path / "a.html").read_bytes()
    assert write_view(store, tmp_path / "b.html").read_bytes() == first
    page = first.decode("utf-8")
    assert page.count("<script") == 2 and "/*JS*/" not in page and "/*DATA*/" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing to fetch


def test_a_hostile_name_stays_text(data: dict[str, Any]) -> None:
    hostile = {**data, "bodies": [*data["bodies"], {"id": "x", "label": HOSTILE, "tree": True}]}
    page = render_html(hostile, title=HOSTILE)
    assert page.count("</script>") == 2  # the data's and the code's, none from the name
    assert "<script>window.pwned" not in page
    embedded = page.split('id="data">', 1)[1].split("</script>", 1)[0]
    assert any(b["label"] == HOSTILE for b in json.loads(embedded)["bodies"])


def test_view_command(seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    assert main(["view", str(seed / "graph.trig"), "-o", str(out)]) == 0
    assert "Nguyễn Xuân Hồng" in out.read_text(encoding="utf-8")
    assert main(["view", str(seed / "graph.trig"), "-o", str(seed / "graph.trig")]) == 2
    assert main(["view", str(tmp_path / "missing.trig"), "-o", str(out)]) == 4


# --- the page in Chromium -------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("no headless Chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


class Page:
    """A page of the view with its console messages and the requests it made."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 760})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning")
                     and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())

    def tree(self) -> list[str]:
        return list(self.page.locator("#tree button.body").all_inner_texts())


def test_search_click_and_evidence_in_chromium(browser: Any, store: Store,
                                               tmp_path: Path) -> None:
    view = Page(browser, write_view(store, tmp_path / "view.html"))
    page = view.page
    assert "Đảng Cộng sản Việt Nam" in view.tree()
    page.fill("#search", "nguyen XUAN hong")  # accents and case do not matter
    hits = page.locator("#results button[data-kind=person]")
    assert hits.count() == 1 and hits.first.inner_text().startswith("Nguyễn Xuân Hồng")
    hits.first.click()
    assert page.locator("#details h2").inner_text() == "Nguyễn Xuân Hồng"
    assert page.locator("#details .holder").count() == 2
    # From the person to a body: it is revealed in the tree, its holders and evidence shown.
    page.locator("#details .holder .link", has_text="Huyện ủy Lang Chánh").first.click()
    assert page.locator("#details h2").inner_text() == "Huyện ủy Lang Chánh"
    assert page.locator("#tree button.body.selected").inner_text() == "Huyện ủy Lang Chánh"
    holders = page.locator("#details .holder").all_inner_texts()
    assert any(h.startswith("Nguyễn Xuân Hồng, Bí thư Huyện ủy Lang Chánh") for h in holders)
    marks = page.locator("#details .evidence mark").all_inner_texts()
    assert "Bí thư Huyện ủy" in marks
    quote = page.locator("#details .evidence").first.inner_text()
    assert "Nguyễn Xuân Hồng" in quote and "—" in quote  # the sentence and its article
    shot = tmp_path / "view.png"
    page.screenshot(path=str(shot))
    keep = ROOT / "build" / "screenshots" / "view.png"
    keep.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, keep)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert view.errors == []
    assert all(url.startswith("file:") for url in view.requests), view.requests
    page.close()


def test_date_and_province_filter_the_tree(browser: Any, store: Store, tmp_path: Path) -> None:
    view = Page(browser, write_view(store, tmp_path / "view.html"))
    page = view.page
    page.click("#expand")
    assert "Huyện ủy Lang Chánh" in view.tree()
    page.fill("#date", "2025-08-01")  # the district and its bodies ended on 2025-06-30
    page.dispatch_event("#date", "change")
    page.click("#expand")
    after = view.tree()
    assert "Huyện ủy Lang Chánh" not in after and "Đảng Cộng sản Việt Nam" in after
    page.fill("#date", "")
    page.select_option("#province", "tỉnh Thanh Hóa")
    page.click("#expand")
    inside = view.tree()
    assert "Huyện ủy Lang Chánh" in inside and "Đảng Cộng sản Việt Nam" not in inside
    page.locator("#tree button.body", has_text="Huyện ủy Lang Chánh").first.click()
    assert page.locator("#details .holder").count() == 3
    assert view.errors == []
    page.close()


def test_a_hostile_name_does_not_break_the_page(browser: Any, data: dict[str, Any],
                                                tmp_path: Path) -> None:
    body = {"id": "https://example.org/x", "label": HOSTILE, "tree": True, "group": "party"}
    hostile = {**data, "bodies": [*data["bodies"], body]}
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile, title=HOSTILE), encoding="utf-8")
    view = Page(browser, path)
    assert view.page.evaluate("window.pwned") is None
    assert HOSTILE in view.tree()  # shown as text
    assert view.page.locator("h1").inner_text() == HOSTILE
    view.page.fill("#search", "script")
    assert view.page.locator("#results button[data-kind=body]").count() == 1
    assert view.errors == []
    view.page.close()


def test_run_writes_the_view_with_its_outputs(seed: Path, store: Store, tmp_path: Path) -> None:
    page = (seed / "view.html").read_bytes()
    # the run's store and the graph it wrote give one page
    assert write_view(store, tmp_path / "again.html").read_bytes() == page
    manifest = json.loads((seed / "run.json").read_text(encoding="utf-8"))["outputs"]
    assert manifest["view.html"]["bytes"] == len(page)
