"""The reporting-line picture through Graphviz dot, and the filters that choose what it shows.

Real ``dot`` runs (Debian's graphviz); the SVG it writes is parsed: each body is a
``<g class="node">`` whose ``<title>`` is its IRI, each link a ``<g class="edge">``.
"""

from __future__ import annotations

import html
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, Store

from orggraph.analyze import reporting_graph
from orggraph.cli import main
from orggraph.pipeline import run
from orggraph.viewgraph import MAX_NODES, SelectionError, find_body, fold, select, timed_graph
from orggraph.viz import STYLE, render_svg, reporting_lines_svg, to_dot, wrap_label

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles"
SAMPLE = Path(__file__).parent / "data" / "sample.trig"
SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(shutil.which("dot") is None,
                                reason="Graphviz dot is not installed (apt-get install graphviz)")


@pytest.fixture(scope="module")
def sample_graph() -> nx.DiGraph:
    store = Store()
    store.load(path=str(SAMPLE), format=RdfFormat.TRIG)
    return reporting_graph(store)


@pytest.fixture(scope="module")
def seed_trig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    assert run([SEED], out).exit_code == 0
    return out / "graph.trig"


def province(districts: int, communes: int, cells: int, name: str = "Vân Sơn") -> nx.DiGraph:
    """An invented province: Tỉnh ủy → Huyện ủy → Đảng ủy xã → chi bộ, plus a UBND tỉnh."""
    G = nx.DiGraph()
    where = {"province_label": f"tỉnh {name}"}
    G.add_node("tinh", label=f"Tỉnh ủy {name}", group="party", **where)
    G.add_node("ubnd", label=f"Ủy ban nhân dân tỉnh {name}", group="state", **where)
    for d in range(districts):
        dn = f"huyen-{d:02d}"
        G.add_node(dn, label=f"Huyện ủy Khê Lâm {d}", group="party", **where)
        G.add_edge(dn, "tinh", relation="subOrganizationOf")
        for c in range(communes):
            cn = f"{dn}-xa-{c}"
            G.add_node(cn, label=f"Đảng ủy xã Tân Hòa {d}.{c}", group="party", **where)
            G.add_edge(cn, dn, relation="subOrganizationOf")
            for k in range(cells):
                kn = f"{cn}-chi-bo-{k}"
                G.add_node(kn, label=f"Chi bộ thôn Bản Pha {d}.{c}.{k}", group="party", **where)
                G.add_edge(kn, cn, relation="subOrganizationOf")
    return G


def drawn(svg: str) -> tuple[set[str], set[tuple[str, str]], list[str]]:
    """The bodies (IRIs), the links (child, parent) and the text lines of a dot SVG."""
    root = ET.fromstring(svg.encode("utf-8"))
    nodes, edges = set(), set()
    for g in root.iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        name = html.unescape(title.text or "") if title is not None else ""
        if g.get("class") == "node":
            nodes.add(name)
        elif g.get("class") == "edge":
            parent, child = name.split("->")
            edges.add((child, parent))
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    return nodes, edges, texts


# --- the picture ----------------------------------------------------------------------------

def test_sample_picture_draws_every_body_and_link(sample_graph: nx.DiGraph,
                                                  tmp_path: Path) -> None:
    path = reporting_lines_svg(sample_graph, tmp_path / "lines.svg")
    nodes, edges, texts = drawn(path.read_text(encoding="utf-8"))
    assert nodes == set(sample_graph.nodes)
    assert edges == set(sample_graph.edges) and len(edges) == 6
    joined = " ".join(texts)
    for _, data in sample_graph.nodes(data=True):  # every label, wrapped over lines
        assert all(word in joined for word in str(data["label"]).split())
    assert "Ủy ban MTTQ Việt Nam huyện" in joined  # diacritics kept as text, not escaped away
    assert 'font-family="DejaVu Sans"' in path.read_text(encoding="utf-8")


def test_picture_is_byte_identical_whatever_the_insertion_order(
        sample_graph: nx.DiGraph, tmp_path: Path) -> None:
    first = reporting_lines_svg(sample_graph, tmp_path / "a.svg").read_bytes()
    assert reporting_lines_svg(sample_graph, tmp_path / "b.svg").read_bytes() == first
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(sorted(sample_graph.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(sample_graph.edges(data=True), reverse=True))
    assert render_svg(shuffled).encode("utf-8") == first


def test_group_colours_unit_of_dashes_and_context_boxes() -> None:
    G = province(districts=2, communes=1, cells=0)
    G.add_node("ban", label="Ban Tuyên giáo", group="party")
    G.add_edge("ban", "huyen-01", relation="unitOf")
    dot = to_dot(G)
    assert dot.count("style=dashed") == 1
    assert f'fillcolor="{STYLE["state"][0]}"' in dot and f'fillcolor="{STYLE["party"][0]}"' in dot
    H = select(G, province="Vân Sơn").graph
    assert not any(d.get("context") for _, d in H.nodes(data=True))


def test_labels_are_escaped() -> None:
    G = nx.DiGraph()
    G.add_node('a"b', label='Ban <b> & "Đoàn" \\ \x01 kiểm tra', group="other")
    G.add_node("b", label="x", group="nonsense")
    G.add_edge('a"b', "b")
    nodes, edges, texts = drawn(render_svg(G, title="A & B <test>"))
    assert nodes == {'a"b', "b"} and edges == {('a"b', "b")}
    assert 'Ban <b> & "Đoàn"' in texts  # the label wraps; the control character is gone
    assert any(t.startswith("\\") and t.endswith("kiểm tra") for t in texts)
    assert "A & B <test>" in texts


def test_empty_graph_is_still_a_picture() -> None:
    _, _, texts = drawn(render_svg(nx.DiGraph()))
    assert "No organisations in the graph." in texts


@settings(max_examples=80)
@given(st.text(alphabet="abcđêơưàáảãạ Huyệnủy-", max_size=80), st.integers(8, 30))
def test_wrap_label_keeps_every_word_within_the_width(text: str, width: int) -> None:
    lines = wrap_label(text, width)
    assert all(len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())
    if all(len(w) <= width for w in text.split()):  # no word had to be cut
        assert " ".join(lines) == " ".join(text.split())


# --- the filters ----------------------------------------------------------------------------

def test_root_and_depth_select_the_subtree() -> None:
    G = province(districts=3, communes=2, cells=2)
    nodes, edges, _ = drawn(render_svg(select(G, root="Huyện ủy Khê Lâm 1", depth=1).graph))
    assert nodes == {"huyen-01", "huyen-01-xa-0", "huyen-01-xa-1"}
    assert edges == {("huyen-01-xa-0", "huyen-01"), ("huyen-01-xa-1", "huyen-01")}
    # accent- and case-insensitive, and an IRI works as well as a name
    assert find_body(G, "HUYEN UY khe lam 2") == find_body(G, "huyen-02") == "huyen-02"
    whole = select(G, root="tinh", depth=3).graph
    assert set(whole) == set(G) - {"ubnd"}


def test_an_ambiguous_or_unknown_root_is_a_clear_error() -> None:
    G = province(districts=12, communes=1, cells=0)
    with pytest.raises(SelectionError, match=r"names 12 bodies: .*<huyen-00>.*give one"):
        select(G, root="Huyện ủy Khê Lâm")
    with pytest.raises(SelectionError, match="no body named 'Ban Kinh tế'"):
        select(G, root="Ban Kinh tế")


def test_province_keeps_its_bodies_and_where_they_report() -> None:
    G = nx.compose(province(1, 2, 0), nx.relabel_nodes(province(1, 1, 0, "Hà Giang"),
                                                       lambda n: f"hg-{n}"))
    G.add_node("bch", label="Ban Chấp hành Trung ương", group="party")
    G.add_edge("tinh", "bch")
    G.add_edge("hg-tinh", "bch")
    H = select(G, province="van son").graph
    assert set(H) == {"tinh", "ubnd", "huyen-00", "huyen-00-xa-0", "huyen-00-xa-1", "bch"}
    assert H.nodes["bch"]["context"] and not H.nodes["tinh"].get("context")
    assert 'style="dotted"' in to_dot(H)
    with pytest.raises(SelectionError, match=r"no province 'Atlantis'.*tỉnh Hà Giang"):
        select(G, province="Atlantis")


def test_on_a_date_only_valid_bodies_and_links() -> None:
    G = province(2, 1, 0)
    G.nodes["huyen-00"].update(end="2025-06-30")
    G.edges["huyen-01-xa-0", "huyen-01"]["intervals"] = ((None, "2025-06-30"),)
    G.add_edge("huyen-01-xa-0", "tinh", intervals=(("2025-07-01", None),))
    before = select(G, on="2025-06-30", depth=5).graph
    after = select(G, on="2025-07-01", depth=5).graph
    assert "huyen-00" in before and "huyen-00" not in after
    assert set(before.successors("huyen-01-xa-0")) == {"huyen-01"}
    assert set(after.successors("huyen-01-xa-0")) == {"tinh"}
    # A partial end covers its year: a body "to 2025" is there on the last day of 2025.
    G.nodes["ubnd"].update(end="2025")
    assert "ubnd" in select(G, on="2025-12-31").graph
    assert "ubnd" not in select(G, on="2026-01-01").graph


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=60), st.data())
def test_root_depth_is_the_distance_below_the_root(parents: list[int], data: st.DataObject
                                                   ) -> None:
    G = nx.DiGraph()
    G.add_node("n0", label="Đảng bộ 0")
    for i, p in enumerate(parents, start=1):  # a random tree: node i under an earlier node
        G.add_node(f"n{i}", label=f"Đảng bộ {i}")
        G.add_edge(f"n{i}", f"n{p % i}")
    root = f"n{data.draw(st.integers(0, len(parents)))}"
    depth = data.draw(st.integers(0, 6))
    got = set(select(G, root=root, depth=depth).graph)
    distance = nx.single_source_shortest_path_length(G.reverse(), root)
    assert got == {n for n, d in distance.items() if d <= depth}
    auto = select(G, root=root, max_nodes=10)
    kept = [distance[n] for n in auto.graph]
    assert len(kept) <= 10 or max(kept) == 1  # the levels that fit, at least one below
    assert (auto.note is None) == (set(auto.graph) == set(distance))


def test_a_thousand_bodies_draw_their_top_levels_and_say_how_to_narrow() -> None:
    G = province(districts=6, communes=12, cells=13)
    assert G.number_of_nodes() > 1000
    selection = select(G)
    assert selection.note is not None and "narrow with --root" in selection.note
    assert len(selection.graph) <= MAX_NODES
    assert {d.get("hidden") for _, d in selection.graph.nodes(data=True)} == {None, 13}
    nodes, _, texts = drawn(render_svg(selection.graph, note=selection.note))
    assert "huyen-03-xa-4" in nodes and "huyen-03-xa-4-chi-bo-0" not in nodes
    assert "+13 below" in texts  # each commune says how many cells are left out


def test_fold_ignores_accents_case_and_spaces() -> None:
    assert fold("Ủy ban  Nhân dân tỉnh ĐẮK LẮK") == fold("uy ban nhan dan tinh dak lak")


# --- the command on a real graph ------------------------------------------------------------

def test_viz_command_filters_a_real_graph(seed_trig: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    store = Store()
    store.load(path=str(seed_trig), format=RdfFormat.TRIG)
    G = timed_graph(store)
    huyen = find_body(G, "Huyện ủy Lang Chánh")
    assert G.nodes[huyen]["end"] == "2025-06-30"  # the district's bodies end with the reform
    assert G.nodes[huyen]["province_label"] == "tỉnh Thanh Hóa"
    out = tmp_path / "v.svg"
    assert main(["viz", str(seed_trig), "-o", str(out), "--root", "huyen uy lang chanh",
                 "--depth", "1"]) == 0
    nodes, _, texts = drawn(out.read_text(encoding="utf-8"))
    assert nodes == {huyen, *G.predecessors(huyen)} and len(nodes) >= 2
    assert "… – 2025-06-30" in texts
    assert main(["viz", str(seed_trig), "-o", str(out), "--province", "Thanh Hoa",
                 "--on", "2025-08-01"]) == 0
    nodes, _, _ = drawn(out.read_text(encoding="utf-8"))
    assert huyen not in nodes and nodes
    capsys.readouterr()
    assert main(["viz", str(seed_trig), "-o", str(out), "--root", "Ban Kinh tế"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("orggraph viz: no body named 'Ban Kinh tế'") and err.count("\n") == 1
    assert main(["viz", str(seed_trig), "-o", str(out), "--on", "1/8/2025"]) == 2


# --- rendering ------------------------------------------------------------------------------

def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and raw rows of an 8-bit RGB(A) PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks += body
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color in (2, 6)
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(chunks)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(
            b for j in range(0, stride, 4) for b in line[j:j + 3]))
        prev = line
    return width, height, rows


@pytest.mark.skipif(not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None,
                    reason="no headless Chromium at /usr/bin/chromium")
def test_chromium_renders_a_picture_that_is_not_blank(sample_graph: nx.DiGraph,
                                                      tmp_path: Path) -> None:
    svg = reporting_lines_svg(sample_graph, tmp_path / "lines.svg")
    png = tmp_path / "lines.png"
    root = ET.parse(svg).getroot()
    # dot sizes in points; Chromium draws a point as 4/3 pixels
    w, h = (round(float(root.get(k, "0").removesuffix("pt")) * 4 / 3) for k in ("width", "height"))
    size = f"{w},{h}"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                    "--hide-scrollbars", f"--screenshot={png}", f"--window-size={size}",
                    svg.as_uri()], check=True, capture_output=True, timeout=120)
    width, height, rows = png_pixels(png.read_bytes())
    assert (width, height) == tuple(int(v) for v in size.split(","))
    pixels = [row[i:i + 3] for row in rows[::4] for i in range(0, len(row), 12)]
    ink = sum(1 for p in pixels if p != b"\xff\xff\xff")
    assert ink / len(pixels) > 0.05  # boxes and text, not an empty page
    # The Party red border colour appears, so the boxes were drawn in colour.
    red = bytes.fromhex(STYLE["party"][1][1:])
    assert any(red in row for row in rows)


def test_a_body_with_many_units_shows_the_biggest_and_counts_the_rest() -> None:
    G = province(districts=40, communes=0, cells=0)
    for c in range(3):  # two districts with communes of their own: they are shown first
        G.add_edge(f"huyen-39-xa-{c}", "huyen-39")
    G.add_edge("huyen-07-xa-0", "huyen-07")
    selection = select(G, max_children=15)
    S = selection.graph
    units = set(S.predecessors("tinh"))
    assert len(units) == 15 and {"huyen-39", "huyen-07"} <= units
    assert S.nodes["tinh"]["hidden"] == 25
    assert selection.note is not None and "at most 15 units" in selection.note
    # An explicit depth draws every unit.
    assert len(list(select(G, root="tinh", depth=1).graph.predecessors("tinh"))) == 40
