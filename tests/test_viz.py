"""The reporting-line SVG: valid, complete, deterministic, legible at 5 and 300 bodies."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, Store

from orggraph.analyze import reporting_graph
from orggraph.viz import STYLE, render_svg, reporting_lines_svg, wrap_label

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def sample_graph() -> nx.DiGraph:
    store = Store()
    store.load(path=str(SAMPLE), format=RdfFormat.TRIG)
    return reporting_graph(store)


def province(districts: int, communes: int, cells: int) -> nx.DiGraph:
    """An invented province: Tỉnh ủy → Huyện ủy → Đảng ủy xã → chi bộ, plus a UBND tỉnh."""
    G = nx.DiGraph()
    G.add_node("tinh", label="Tỉnh ủy Vân Sơn", group="party")
    G.add_node("ubnd", label="Ủy ban nhân dân tỉnh Vân Sơn", group="state")
    for d in range(districts):
        dn = f"huyen-{d:02d}"
        G.add_node(dn, label=f"Huyện ủy Khê Lâm {d}", group="party")
        G.add_edge(dn, "tinh", relation="subOrganizationOf")
        for c in range(communes):
            cn = f"{dn}-xa-{c}"
            G.add_node(cn, label=f"Đảng ủy xã Tân Hòa {d}.{c}", group="party")
            G.add_edge(cn, dn, relation="subOrganizationOf")
            for k in range(cells):
                kn = f"{cn}-chi-bo-{k}"
                G.add_node(kn, label=f"Chi bộ thôn Bản Pha {d}.{c}.{k}", group="party")
                G.add_edge(kn, cn, relation="subOrganizationOf")
    return G


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def node_texts(root: ET.Element) -> list[str]:
    """The label of every drawn body, its wrapped lines joined by spaces."""
    return [" ".join(t.text or "" for t in g.iter(f"{SVG}tspan"))
            for g in root.iter(f"{SVG}g") if g.get("class") == "node"]


def node_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    boxes = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node":
            r = g.find(f"{SVG}rect")
            assert r is not None
            boxes.append(tuple(float(r.get(k, "0")) for k in ("x", "y", "width", "height")))
    return boxes  # type: ignore[return-value]


def edge_points(root: ET.Element) -> list[list[tuple[float, float]]]:
    paths = [p for p in root.iter(f"{SVG}path") if p.get("class") == "edge"]
    return [[(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+),(-?[\d.]+)",
                                                         p.get("d", ""))] for p in paths]


def crosses(segment: tuple[tuple[float, float], tuple[float, float]],
            box: tuple[float, float, float, float]) -> bool:
    """Whether an axis-parallel segment enters the inside of a box (its border excluded)."""
    (x1, y1), (x2, y2) = segment
    x, y, w, h = box
    lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
    return lo_x < x + w - 0.5 and hi_x > x + 0.5 and lo_y < y + h - 0.5 and hi_y > y + 0.5


def check_legible(G: nx.DiGraph) -> ET.Element:
    root = parse(render_svg(G))
    labels = sorted(str(d["label"]) for _, d in G.nodes(data=True))
    assert sorted(node_texts(root)) == labels
    boxes = node_boxes(root)
    for i, a in enumerate(boxes):  # no two boxes overlap
        for b in boxes[i + 1:]:
            assert (a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0]
                    or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]), (a, b)
    edges = edge_points(root)
    assert len(edges) == G.number_of_edges()
    for points in edges:  # links run in the gaps, never across a box
        for segment in pairwise(points):
            assert not any(crosses(segment, box) for box in boxes), segment
    width = float(root.get("width", "0"))
    assert all(x + w <= width for x, _, w, _ in boxes)
    return root


# --- the fixture graph ----------------------------------------------------------------------

def test_sample_picture_is_valid_and_complete(sample_graph: nx.DiGraph, tmp_path: Path) -> None:
    path = reporting_lines_svg(sample_graph, tmp_path / "lines.svg")
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    labels = sorted(d["label"] for _, d in sample_graph.nodes(data=True))
    assert sorted(node_texts(root)) == labels
    assert "Ủy ban MTTQ Việt Nam huyện Khê Lâm" in labels
    # One drawn link per subOrganizationOf link.
    assert len(edge_points(root)) == sample_graph.number_of_edges() == 6
    # The three groups of the fixture are drawn in their own colours.
    fills = {r.get("fill") for g in root.iter(f"{SVG}g") if g.get("class") == "node"
             for r in g.iter(f"{SVG}rect")}
    assert fills == {STYLE["party"][0], STYLE["state"][0], STYLE["front"][0]}


def test_sample_picture_is_byte_identical_whatever_the_insertion_order(
        sample_graph: nx.DiGraph, tmp_path: Path) -> None:
    first = reporting_lines_svg(sample_graph, tmp_path / "a.svg").read_bytes()
    second = reporting_lines_svg(sample_graph, tmp_path / "b.svg").read_bytes()
    assert first == second
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(sorted(sample_graph.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(sample_graph.edges(data=True), reverse=True))
    assert render_svg(shuffled).encode("utf-8") == first


def test_arrows_point_from_child_to_parent(sample_graph: nx.DiGraph) -> None:
    root = parse(render_svg(sample_graph))
    boxes = node_boxes(root)
    for points in edge_points(root):
        start, end = points[0], points[-1]
        assert end[1] < start[1]  # parents are higher up
        # Each link starts on one box's border and ends on another's.
        on = [b for b in boxes for p in (start, end)
              if b[0] - 0.5 <= p[0] <= b[0] + b[2] + 0.5
              and b[1] - 0.5 <= p[1] <= b[1] + b[3] + 0.5]
        assert len(on) == 2


# --- legibility at both ends ----------------------------------------------------------------

def test_five_bodies() -> None:
    G = province(districts=1, communes=2, cells=0)
    assert G.number_of_nodes() == 5
    root = check_legible(G)
    assert float(root.get("width", "0")) < 1200  # a small graph makes a small picture


def test_three_hundred_bodies_wrap_into_rows() -> None:
    G = province(districts=12, communes=8, cells=2)
    assert G.number_of_nodes() == 302
    root = check_legible(G)
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    assert width <= 2600  # ten columns at most: the wide levels wrap instead
    assert height < 4000


def test_skipped_levels_multiple_parents_and_unit_of() -> None:
    G = province(districts=3, communes=4, cells=1)
    G.add_edge("huyen-00-xa-0", "tinh", relation="subOrganizationOf")  # two parents
    G.add_node("ban", label="Ban Tuyên giáo", group="party")
    G.add_edge("ban", "huyen-01", relation="unitOf")
    G.add_edge("huyen-02-xa-3-chi-bo-0", "tinh")  # skips two levels
    root = check_legible(G)
    dashed = [p for p in root.iter(f"{SVG}path")
              if p.get("class") == "edge" and p.get("stroke-dasharray")]
    assert len(dashed) == 1


def test_labels_are_escaped() -> None:
    G = nx.DiGraph()
    G.add_node("a", label='Ban <b> & "Đoàn" \x01 kiểm tra', group="other")
    G.add_node("b", label="x", group="nonsense")
    G.add_edge("a", "b")
    root = parse(render_svg(G, title="A & B <test>"))
    assert 'Ban <b> & "Đoàn" kiểm tra' in node_texts(root)
    assert root.find(f"{SVG}title").text == "A & B <test>"  # type: ignore[union-attr]


def test_empty_graph_is_still_a_picture() -> None:
    root = parse(render_svg(nx.DiGraph()))
    assert any("No organisations" in (t.text or "") for t in root.iter(f"{SVG}text"))


@settings(max_examples=80)
@given(st.text(alphabet="abcđêơưàáảãạ Huyệnủy-", max_size=80), st.integers(8, 30))
def test_wrap_label_keeps_every_word_within_the_width(text: str, width: int) -> None:
    lines = wrap_label(text, width)
    assert all(len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())
    if all(len(w) <= width for w in text.split()):  # no word had to be cut
        assert " ".join(lines) == " ".join(text.split())


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
    size = f"{int(float(root.get('width', '800')))},{int(float(root.get('height', '600')))}"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", f"--screenshot={png}", f"--window-size={size}",
                    svg.as_uri()], check=True, capture_output=True, timeout=120)
    width, height, rows = png_pixels(png.read_bytes())
    assert (width, height) == tuple(int(v) for v in size.split(","))
    pixels = [row[i:i + 3] for row in rows[::4] for i in range(0, len(row), 12)]
    ink = sum(1 for p in pixels if p != b"\xff\xff\xff")
    assert ink / len(pixels) > 0.05  # boxes, bands and text, not an empty page
    # The Party red border colour appears, so the boxes were drawn in colour.
    red = bytes.fromhex(STYLE["party"][1][1:])
    assert any(red in row for row in rows)
