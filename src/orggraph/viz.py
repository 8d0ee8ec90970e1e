"""The reporting-line picture: a standalone SVG drawn in pure Python (no Graphviz).

Layered top-down: the bodies that report to no one on the top row, each body one layer
below the lowest of its parents (:func:`orggraph.analyze.levels`). A wide layer wraps onto
several rows, so 300 bodies stay legible. Within a layer, bodies sit under their parents
(barycentre order), ties broken by group, label and IRI, so the output is byte-identical
for the same graph. Arrows run from a body to the body it reports to; colour and corner
shape tell Party, state, front and other bodies apart; the legend says both.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("a", label="Huyện ủy Khê Lâm", group="party")
>>> G.add_node("b", label="Đảng ủy xã Tân Hòa", group="party")
>>> G.add_edge("b", "a")
>>> svg = render_svg(G)
>>> svg.startswith("<?xml") and "Đảng ủy xã Tân Hòa" in svg
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from orggraph.analyze import GROUPS, levels, org_group

# Geometry (px). A box holds WRAP characters a line at FONT px.
BOX_W = 190
H_GAP = 28
ROW_GAP = 34  # between the rows of one wrapped layer
LAYER_GAP = 64  # between layers: room for the arrows
PAD = 7
FONT = 13
LINE_H = 17
WRAP = 25
MARGIN = 20
GUTTER = 64  # left column for the layer names
PER_ROW = 10  # boxes per row before a layer wraps
HEADER_H = 88  # title and legend

# fill, stroke, corner radius (None: a pill), dash pattern
STYLE: dict[str, tuple[str, str, float | None, str]] = {
    "party": ("#fdecea", "#b03a2e", 9.0, ""),
    "state": ("#e8f0fb", "#2c5aa0", 0.0, ""),
    "front": ("#fff4d6", "#9a7d0a", None, ""),
    "other": ("#f2f2f2", "#666666", 3.0, "4 3"),
}
LEGEND = {
    "party": "Đảng · Party",
    "state": "Nhà nước · State",
    "front": "Mặt trận, đoàn thể · Front",
    "other": "Khác · Other",
}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class _Box:
    node: str
    x: float  # left
    y: float  # top
    h: float
    lines: tuple[str, ...]
    group: str

    @property
    def cx(self) -> float:
        return self.x + BOX_W / 2


def wrap_label(text: str, width: int = WRAP) -> list[str]:
    """Split a label into balanced lines of at most ``width`` characters, at spaces if possible.

    >>> wrap_label("Ủy ban nhân dân huyện Khê Lâm")
    ['Ủy ban nhân dân', 'huyện Khê Lâm']
    """
    lines = _greedy_wrap(text, width)
    # The narrowest width giving as few lines: "Ủy ban nhân dân / huyện Khê Lâm" rather than
    # "Ủy ban nhân dân huyện Khê / Lâm".
    while width > 8 and len(_greedy_wrap(text, width - 1)) == len(lines):
        width -= 1
        lines = _greedy_wrap(text, width)
    return lines


def _greedy_wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width:  # a word longer than a line: cut it
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _esc(text: str) -> str:
    text = _INVALID_XML.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _group(data: dict) -> str:
    group = data.get("group")
    return group if group in GROUPS else org_group(data.get("class"))


def _layout(G: nx.DiGraph) -> tuple[list[_Box], list[tuple[int, float, float]], float, float]:
    """Boxes, layer bands (level, top, bottom), content width and bottom edge."""
    depth = levels(G)
    by_level: dict[int, list[str]] = {}
    for node, level in depth.items():
        by_level.setdefault(level, []).append(node)
    widest = max((len(v) for v in by_level.values()), default=1)
    per_row = max(1, min(PER_ROW, widest))
    content_w = per_row * BOX_W + (per_row - 1) * H_GAP
    boxes: dict[str, _Box] = {}
    bands: list[tuple[int, float, float]] = []
    y = HEADER_H + MARGIN
    group_rank = {g: i for i, g in enumerate(GROUPS)}
    for level in sorted(by_level):

        def order(node: str) -> tuple[float, int, str, str]:
            xs = [boxes[p].cx for p in G.successors(node) if p in boxes]
            centre = sum(xs) / len(xs) if xs else -1.0
            data = G.nodes[node]
            return (centre, group_rank[_group(data)], str(data.get("label") or node), node)

        nodes = sorted(by_level[level], key=order)
        top = y
        for start in range(0, len(nodes), per_row):
            row = nodes[start:start + per_row]
            texts = {n: tuple(wrap_label(str(G.nodes[n].get("label") or n))) for n in row}
            row_h = max(len(t) for t in texts.values()) * LINE_H + 2 * PAD
            for node, x in zip(row, _row_positions(G, row, boxes, content_w), strict=True):
                h = len(texts[node]) * LINE_H + 2 * PAD
                boxes[node] = _Box(node, x, y + (row_h - h) / 2, h, texts[node],
                                   _group(G.nodes[node]))
            y += row_h + ROW_GAP
        y += LAYER_GAP - ROW_GAP
        bands.append((level, top, y - LAYER_GAP))
    ordered = [boxes[n] for n in sorted(boxes)]
    return ordered, bands, content_w, y - LAYER_GAP + MARGIN


def _row_positions(G: nx.DiGraph, row: list[str], placed: dict[str, _Box],
                   content_w: float) -> list[float]:
    """Left edges for one row: each box under its parents where room allows, in order."""
    step = BOX_W + H_GAP
    left = MARGIN + GUTTER
    right = left + content_w - BOX_W
    wanted: list[float | None] = []
    for node in row:
        xs = [placed[p].cx for p in G.successors(node) if p in placed]
        wanted.append(sum(xs) / len(xs) - BOX_W / 2 if xs else None)
    if all(w is None for w in wanted):  # no parent drawn yet: centre the row
        start = left + (content_w - (len(row) * step - H_GAP)) / 2
        return [start + i * step for i in range(len(row))]
    xs: list[float] = []
    for w in wanted:  # left to right: as wanted, but never onto the previous box
        floor = xs[-1] + step if xs else left
        xs.append(max(floor, w if w is not None else floor))
    for i in range(len(xs) - 1, -1, -1):  # right to left: back inside the picture
        ceiling = right if i == len(xs) - 1 else xs[i + 1] - step
        xs[i] = min(xs[i], ceiling)
    return xs


def render_svg(G: nx.DiGraph, title: str | None = None) -> str:
    """The SVG text of the reporting-line picture of ``G`` (edges child → parent)."""
    boxes, bands, content_w, bottom = _layout(G)
    width = max(MARGIN * 2 + GUTTER + content_w, 760)
    height = max(bottom, HEADER_H + MARGIN * 2 + 30)
    where = {b.node: b for b in boxes}
    n_edges = G.number_of_edges()
    heading = title or (f"Reporting lines: {G.number_of_nodes()} organisations, "
                        f"{n_edges} links")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" font-size="{FONT}">',
        f"<title>{_esc(heading)}</title>",
        "<defs>",
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555555"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 14}" font-size="16" font-weight="bold" '
        f'fill="#222222">{_esc(heading)}</text>',
    ]
    out += _legend(MARGIN, MARGIN + 30)
    for i, (level, top, bottom_y) in enumerate(bands):
        if i % 2 == 0:  # a faint band per layer keeps a wrapped layer together
            out.append(f'<rect class="layer" x="{MARGIN}" y="{_num(top - 12)}" '
                       f'width="{_num(width - 2 * MARGIN)}" height="{_num(bottom_y - top + 24)}" '
                       f'fill="#f7f7f7"/>')
        out.append(f'<text x="{MARGIN + 6}" y="{_num(top + 14)}" font-size="11" '
                   f'fill="#777777">level {level}</text>')
    if not boxes:
        out.append(f'<text x="{MARGIN}" y="{HEADER_H + MARGIN + 16}" fill="#777777">'
                   "No organisations in the graph.</text>")
    for child, parent in sorted(G.edges):
        out.append(_edge(where[child], where[parent],
                         G.edges[child, parent].get("relation", "subOrganizationOf")))
    for index, box in enumerate(boxes):
        out += _node(index, box, G.nodes[box.node])
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend(x: float, y: float) -> list[str]:
    out = ['<g class="legend">']
    for group in GROUPS:
        out.append(_shape(x, y, 26, 16, group))
        out.append(f'<text x="{_num(x + 32)}" y="{_num(y + 12)}" font-size="12" '
                   f'fill="#333333">{_esc(LEGEND[group])}</text>')
        x += 40 + 7.2 * len(LEGEND[group])
    y2 = y + 34
    out.append(f'<path d="M{_num(MARGIN)},{_num(y2)} L{_num(MARGIN + 40)},{_num(y2)}" '
               'stroke="#555555" stroke-width="1.4" fill="none" marker-end="url(#arrow)"/>')
    out.append(f'<text x="{_num(MARGIN + 48)}" y="{_num(y2 + 4)}" font-size="12" '
               'fill="#333333">from a body to the body it reports to (dashed: org:unitOf); '
               "level 0: no parent in the graph</text>")
    out.append("</g>")
    return out


def _shape(x: float, y: float, w: float, h: float, group: str) -> str:
    fill, stroke, radius, dash = STYLE[group]
    r = h / 2 if radius is None else radius
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
            f'rx="{_num(r)}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dashed}/>')


def _edge(child: _Box, parent: _Box, relation: str) -> str:
    x1, y1 = child.cx, child.y
    x2, y2 = parent.cx, parent.y + parent.h
    bend = max((y1 - y2) / 2, 20.0)
    dash = ' stroke-dasharray="5 4"' if relation == "unitOf" else ""
    return (f'<path class="edge" d="M{_num(x1)},{_num(y1)} C{_num(x1)},{_num(y1 - bend)} '
            f'{_num(x2)},{_num(y2 + bend)} {_num(x2)},{_num(y2)}" fill="none" '
            f'stroke="#555555" stroke-opacity="0.75" stroke-width="1.2"{dash} '
            f'marker-end="url(#arrow)"/>')


def _node(index: int, box: _Box, data: dict) -> list[str]:
    tip = [str(data.get("label") or box.node), box.node]
    extra = " · ".join(str(v) for v in (data.get("class"), data.get("place_label")) if v)
    if extra:
        tip.append(extra)
    out = [f'<g class="node" id="n{index}">',
           f"<title>{_esc(chr(10).join(tip))}</title>",
           _shape(box.x, box.y, BOX_W, box.h, box.group)]
    first_y = box.y + PAD + LINE_H - 4
    spans = "".join(
        f'<tspan x="{_num(box.cx)}" y="{_num(first_y + i * LINE_H)}">{_esc(line)}</tspan>'
        for i, line in enumerate(box.lines))
    out.append(f'<text text-anchor="middle" fill="#1a1a1a">{spans}</text>')
    out.append("</g>")
    return out


def reporting_lines_svg(G: nx.DiGraph, path: str | Path, title: str | None = None) -> Path:
    """Write the picture of ``G`` (from :func:`orggraph.analyze.reporting_graph`) to ``path``."""
    path = Path(path)
    path.write_text(render_svg(G, title), encoding="utf-8")
    return path

