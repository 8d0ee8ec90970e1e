"""The reporting-line picture: a standalone SVG drawn in pure Python (no Graphviz).

Layered top-down: bodies that report to no one in the graph on top (level 0), each body one
level below the lowest of its parents (:func:`orggraph.analyze.levels`). Boxes sit on one
column grid. A level too wide for the grid wraps: its bodies fill the columns top to bottom,
so the units under one parent stack in a column. Links are drawn as right-angled lines in the
gaps between columns and levels, never across a box: from the top of a body (or, in a wrapped
level, from its left side) to the bottom of its parent (or, when the parent's level is
wrapped, into its left side), with the arrow at the parent.

Within a level, bodies follow their parents' positions, ties broken by group, label and IRI,
so the same graph always gives the same bytes. Colour and corner shape tell Party, state,
front and other bodies apart; the legend says both, and how to read the arrows.

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

import math
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from orggraph.analyze import GROUPS, levels, org_group
from orggraph.atomic import atomic_write

# Geometry (px). A box holds WRAP characters a line at FONT px.
BOX_W = 190
H_GAP = 40  # between columns: the lanes the links run in
ROW_GAP = 18  # between the rows of a wrapped level
LAYER_GAP = 56  # between levels
PAD = 7
FONT = 13
LINE_H = 17
WRAP = 25
MARGIN = 20
GUTTER = 56  # left column for the level names
PER_ROW = 10  # columns at most
HEADER_H = 84  # title and legend
MIN_WIDTH = 780

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
    level: int
    col: int
    row: int  # within its level
    x: float  # left
    y: float  # top
    h: float
    lines: tuple[str, ...]
    group: str

    @property
    def cx(self) -> float:
        return self.x + BOX_W / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class _Layout:
    boxes: dict[str, _Box]
    bands: tuple[tuple[int, float, float], ...]  # level, top, bottom
    rows: dict[int, int]  # level → number of rows
    columns: int
    bottom: float


# --- labels and XML -------------------------------------------------------------------------

def wrap_label(text: str, width: int = WRAP) -> list[str]:
    """Split a label into balanced lines of at most ``width`` characters, at spaces if possible.

    >>> wrap_label("Ủy ban nhân dân huyện Khê Lâm")
    ['Ủy ban nhân dân', 'huyện Khê Lâm']
    """
    lines = _greedy_wrap(text, width)
    # The narrowest width giving as few lines: "Ủy ban nhân dân / huyện Khê Lâm" rather than
    # "Ủy ban nhân dân huyện Khê / Lâm"; never so narrow that a word which fitted is cut.
    longest = min(width, max((len(w) for w in text.split()), default=0))
    while width > max(longest, 1) and len(_greedy_wrap(text, width - 1)) == len(lines):
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


# --- layout ---------------------------------------------------------------------------------

def _col_x(col: int) -> float:
    return MARGIN + GUTTER + H_GAP + col * (BOX_W + H_GAP)


def _columns_for(wanted: list[float | None], columns: int) -> list[int]:
    """Distinct, increasing grid columns as near as may be to the wanted box centres."""
    if all(w is None for w in wanted):  # nothing to follow: centre the run
        start = (columns - len(wanted)) // 2
        return list(range(start, start + len(wanted)))
    cols: list[int] = []
    for w in wanted:  # left to right: as wanted, never onto the previous one
        floor = cols[-1] + 1 if cols else 0
        want = floor if w is None else round((w - BOX_W / 2 - _col_x(0)) / (BOX_W + H_GAP))
        cols.append(max(floor, want))
    for i in range(len(cols) - 1, -1, -1):  # right to left: back inside the grid
        cols[i] = min(cols[i], columns - 1 if i == len(cols) - 1 else cols[i + 1] - 1)
    return cols


def _layout(G: nx.DiGraph) -> _Layout:
    depth = levels(G)
    by_level: dict[int, list[str]] = {}
    for node, level in depth.items():
        by_level.setdefault(level, []).append(node)
    columns = max(1, min(PER_ROW, max((len(v) for v in by_level.values()), default=1)))
    group_rank = {g: i for i, g in enumerate(GROUPS)}
    boxes: dict[str, _Box] = {}
    bands: list[tuple[int, float, float]] = []
    rows_of: dict[int, int] = {}
    y = HEADER_H + MARGIN
    for level in sorted(by_level):

        def order(node: str) -> tuple[float, float, int, str, str]:
            parents = [boxes[p] for p in G.successors(node) if p in boxes]
            px = sum(p.cx for p in parents) / len(parents) if parents else -1.0
            py = sum(p.cy for p in parents) / len(parents) if parents else -1.0
            data = G.nodes[node]
            return (px, py, group_rank[_group(data)], str(data.get("label") or node), node)

        nodes = sorted(by_level[level], key=order)
        rows = math.ceil(len(nodes) / columns)
        # Column-major: consecutive bodies (the units of one parent) stack in one column.
        chunks = [nodes[i:i + rows] for i in range(0, len(nodes), rows)]
        wanted: list[float | None] = []
        for chunk in chunks:
            xs = [boxes[p].cx for n in chunk for p in G.successors(n) if p in boxes]
            wanted.append(sum(xs) / len(xs) if xs else None)
        cols = _columns_for(wanted, columns)
        texts = {n: tuple(wrap_label(_INVALID_XML.sub("", str(G.nodes[n].get("label") or n))))
                 for n in nodes}
        row_h = [max(len(texts[c[r]]) for c in chunks if r < len(c)) * LINE_H + 2 * PAD
                 for r in range(rows)]
        top = y
        row_y = []
        for h in row_h:
            row_y.append(y)
            y += h + ROW_GAP
        y -= ROW_GAP
        for col, chunk in zip(cols, chunks, strict=True):
            for r, node in enumerate(chunk):
                h = len(texts[node]) * LINE_H + 2 * PAD
                boxes[node] = _Box(node, level, col, r, _col_x(col),
                                   row_y[r] + (row_h[r] - h) / 2, h, texts[node],
                                   _group(G.nodes[node]))
        bands.append((level, top, y))
        rows_of[level] = rows
        y += LAYER_GAP
    return _Layout(boxes, tuple(bands), rows_of, columns, y - LAYER_GAP)


def _route(child: _Box, parent: _Box, layout: _Layout) -> list[tuple[float, float]]:
    """The corners of a link, from the child to the parent, through gaps only."""
    band_top = next(top for level, top, _ in layout.bands if level == child.level)
    # Links to different parents cross the gap at slightly different heights.
    y_gap = band_top - LAYER_GAP / 2 + ((parent.col + 2 * parent.row) % 5 - 2) * 5
    if layout.rows[child.level] == 1:
        points = [(child.cx, child.y), (child.cx, y_gap)]
    else:  # wrapped: leave by the left side (above the middle) into the lane left of the column
        lane = child.x - H_GAP * 0.7
        points = [(child.x, child.cy - 5), (lane, child.cy - 5), (lane, y_gap)]
    if layout.rows[parent.level] == 1 and parent.level == child.level - 1:
        points += [(parent.cx, y_gap), (parent.cx, parent.y + parent.h)]
    else:  # enter the parent's left side (below the middle) from the lane left of its column
        lane = parent.x - H_GAP * 0.35 + (parent.row % 3 - 1) * 3
        points += [(lane, y_gap), (lane, parent.cy + 5), (parent.x, parent.cy + 5)]
    return points


# --- drawing --------------------------------------------------------------------------------

def render_svg(G: nx.DiGraph, title: str | None = None) -> str:
    """The SVG text of the reporting-line picture of ``G`` (edges child → parent)."""
    layout = _layout(G)
    width = max(_col_x(layout.columns) + MARGIN, MIN_WIDTH)
    height = max(layout.bottom + MARGIN, HEADER_H + MARGIN * 2 + 30)
    heading = title or (f"Reporting lines: {G.number_of_nodes()} organisations, "
                        f"{G.number_of_edges()} links")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" font-size="{FONT}">',
        f"<title>{_esc(heading)}</title>",
        "<defs>",
        *(f'<marker id="arrow-{g}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
          f'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
          f'fill="{STYLE[g][1]}"/></marker>' for g in GROUPS),
        "</defs>",
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 14}" font-size="16" font-weight="bold" '
        f'fill="#222222">{_esc(heading)}</text>',
        *_legend(MARGIN, MARGIN + 30),
    ]
    for i, (level, top, bottom) in enumerate(layout.bands):
        if i % 2 == 0:  # a faint band per level keeps a wrapped level together
            out.append(f'<rect class="level" x="{MARGIN}" y="{_num(top - 10)}" '
                       f'width="{_num(width - 2 * MARGIN)}" height="{_num(bottom - top + 20)}" '
                       f'fill="#f6f6f6"/>')
        out.append(f'<text x="{MARGIN + 6}" y="{_num(top + 12)}" font-size="11" '
                   f'fill="#777777">level {level}</text>')
    if not layout.boxes:
        out.append(f'<text x="{MARGIN}" y="{HEADER_H + MARGIN + 16}" fill="#777777">'
                   "No organisations in the graph.</text>")
    for child, parent in sorted(G.edges):
        if child == parent:
            continue  # a body cannot report to itself; nothing to draw
        a, b = layout.boxes[child], layout.boxes[parent]
        relation = G.edges[child, parent].get("relation", "subOrganizationOf")
        out.append(_edge(_route(a, b, layout), b.group, relation))
    for index, node in enumerate(sorted(layout.boxes)):
        out += _node(index, layout.boxes[node], G.nodes[node])
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend(x: float, y: float) -> list[str]:
    out = ['<g class="legend">']
    for group in GROUPS:
        out.append(_shape(x, y, 26, 16, group))
        out.append(f'<text x="{_num(x + 32)}" y="{_num(y + 12)}" font-size="12" '
                   f'fill="#333333">{_esc(LEGEND[group])}</text>')
        x += 44 + 7.2 * len(LEGEND[group])
    y2 = y + 32
    out.append(f'<path d="M{_num(MARGIN)},{_num(y2)} L{_num(MARGIN + 40)},{_num(y2)}" '
               f'stroke="#555555" stroke-width="1.3" fill="none" '
               f'marker-end="url(#arrow-other)"/>')
    out.append(f'<text x="{_num(MARGIN + 48)}" y="{_num(y2 + 4)}" font-size="12" '
               'fill="#333333">from a body to the body it reports to (dashed: org:unitOf; '
               "dotted: og:ledBy, the Party's leadership); "
               "level 0: no parent in the graph</text>")
    out.append("</g>")
    return out


def _shape(x: float, y: float, w: float, h: float, group: str) -> str:
    fill, stroke, radius, dash = STYLE[group]
    r = h / 2 if radius is None else radius
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
            f'rx="{_num(r)}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dashed}/>')


def _edge(points: list[tuple[float, float]], parent_group: str, relation: str) -> str:
    d = " ".join(f"{'M' if i == 0 else 'L'}{_num(x)},{_num(y)}"
                 for i, (x, y) in enumerate(points))
    dash = {"unitOf": ' stroke-dasharray="5 4"', "ledBy": ' stroke-dasharray="1 3"'}.get(
        relation, "")
    # Coloured like the parent, so the lines into one body read as one bundle.
    return (f'<path class="edge" d="{d}" fill="none" stroke="{STYLE[parent_group][1]}" '
            f'stroke-opacity="0.7" stroke-width="1.2"{dash} '
            f'marker-end="url(#arrow-{parent_group})"/>')


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
    with atomic_write(path) as out:  # an interrupted run keeps the previous picture
        out.write(render_svg(G, title))
    return path
