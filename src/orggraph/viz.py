"""The reporting-line picture: a Graphviz ``dot`` drawing, left to right, as SVG.

:func:`to_dot` writes the dot source of a (selected, see :mod:`orggraph.viewgraph`) reporting
graph; :func:`render_svg` runs ``dot -Tsvg`` on it. The tree grows from left to right, so the
many units under one body stack in a column instead of a row thousands of pixels wide. Each
box is a body (its dot name is its IRI, which the SVG keeps as the node's ``<title>``); the
arrow runs from a body to the body it reports to, dashed for ``org:unitOf``, dotted for
``og:ledBy`` (the Party's leadership of the State and the Front). Colour and
shape tell Party, state, front and other bodies apart; a grey dotted box is a body outside
the selection that a selected one reports to; "+N below" counts the units left out.

Fonts: DejaVu Sans (Debian's fonts-dejavu-core, which graphviz pulls in) has every
Vietnamese letter. Nodes and links are written sorted, so the same graph gives the same
bytes. Without the ``dot`` program :class:`DotMissing` says how to install it.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("a", label="Huyện ủy Khê Lâm", group="party")
>>> G.add_node("b", label="Đảng ủy xã Tân Hòa", group="party")
>>> G.add_edge("b", "a")
>>> print(to_dot(G).splitlines()[-2])
  "a" -> "b" [color="#b03a2e"];
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
from pyoxigraph import Store

from orggraph.analyze import GROUPS, org_group
from orggraph.atomic import atomic_write
from orggraph.viewgraph import select, timed_graph

WRAP = 28  # characters a line in a box
FONT = "DejaVu Sans"

# fill, stroke, dot style
STYLE: dict[str, tuple[str, str, str]] = {
    "party": ("#fdecea", "#b03a2e", "rounded,filled"),
    "state": ("#e8f0fb", "#2c5aa0", "filled"),
    "front": ("#fff4d6", "#9a7d0a", "rounded,filled"),
    "other": ("#f2f2f2", "#666666", "dashed,filled"),
}
CONTEXT = ("#ffffff", "#999999", "dotted")
LEGEND = {
    "party": "Đảng · Party",
    "state": "Nhà nước · State",
    "front": "Mặt trận, đoàn thể · Front",
    "other": "Khác · Other",
}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class DotMissing(RuntimeError):
    """Graphviz's ``dot`` is not installed: the message says how to get it."""


# --- labels ---------------------------------------------------------------------------------

def wrap_label(text: str, width: int = WRAP) -> list[str]:
    """Split a label into balanced lines of at most ``width`` characters, at spaces if possible.

    >>> wrap_label("Ủy ban nhân dân huyện Khê Lâm", 25)
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


def _q(*lines: str) -> str:
    """A dot double-quoted string of ``lines`` (dot's own escapes of a backslash kept out:
    ``\\l`` would mean a line break)."""
    return '"' + "\\n".join(_INVALID_XML.sub("", t).replace("\\", "\\\\")
                             .replace('"', '\\"').replace("\n", " ") for t in lines) + '"'


def _h(text: str) -> str:
    """Text inside a dot HTML-like label."""
    return html.escape(_INVALID_XML.sub("", text), quote=True)


def _group(data: dict) -> str:
    group = data.get("group")
    return group if group in GROUPS else org_group(data.get("class"))


# --- dot ------------------------------------------------------------------------------------

def to_dot(G: nx.DiGraph, title: str | None = None, note: str | None = None) -> str:
    """The dot source of the picture of ``G`` (edges child → parent)."""
    heading = title or (f"Reporting lines: {G.number_of_nodes()} organisations, "
                        f"{G.number_of_edges()} links")
    cells = "".join(
        f'<TD BGCOLOR="{STYLE[g][0]}" BORDER="1" COLOR="{STYLE[g][1]}">{_h(LEGEND[g])}</TD>'
        for g in GROUPS)
    rows = [f'<TR><TD ALIGN="LEFT" COLSPAN="4"><B>{_h(heading)}</B></TD></TR>',
            f"<TR>{cells}</TR>",
            '<TR><TD ALIGN="LEFT" COLSPAN="4">arrow: from a body to the body it reports to '
            "(dashed: org:unitOf; dotted: og:ledBy, the Party's leadership); "
            "dotted grey box: outside the selection</TD></TR>"]
    if note:
        rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="4">{_h(note)}</TD></TR>')
    if not G.number_of_nodes():
        rows.append('<TR><TD ALIGN="LEFT" COLSPAN="4">No organisations in the graph.</TD></TR>')
    out = [
        "digraph reporting_lines {",
        f'  graph [rankdir=LR, charset="UTF-8", fontname={_q(FONT)}, fontsize=12, '
        'labelloc=t, labeljust=l, nodesep=0.12, ranksep=0.45, bgcolor="#ffffff", '
        f'label=<<TABLE BORDER="0" CELLSPACING="4">{"".join(rows)}</TABLE>>];',
        f"  node [shape=box, fontname={_q(FONT)}, fontsize=11, margin=\"0.1,0.04\", "
        "penwidth=1.3];",
        '  edge [dir=back, arrowtail=normal, penwidth=1.1, arrowsize=0.7];',
    ]
    for node in sorted(G.nodes):
        data = G.nodes[node]
        lines = wrap_label(str(data.get("label") or node))
        start, end = data.get("start"), data.get("end")
        if start or end:  # a body of one side of the 2025 reform
            lines.append(f"{start or '…'} – {end or '…'}")
        if data.get("hidden"):
            lines.append(f"+{data['hidden']} below")
        fill, stroke, style = CONTEXT if data.get("context") else STYLE[_group(data)]
        tip = " · ".join(str(v) for v in (data.get("class"), data.get("place_label")) if v)
        out.append(f"  {_q(node)} [label={_q(*lines)}, "
                   f'fillcolor="{fill}", color="{stroke}", style="{style}", '
                   f"tooltip={_q(tip or node)}];")
    # parent -> child, drawn with the arrow at the parent (dir=back): ranks run top-down.
    for child, parent in sorted(G.edges):
        if child == parent:
            continue  # a body cannot report to itself; nothing to draw
        relation = G.edges[child, parent].get("relation", "subOrganizationOf")
        dash = {"unitOf": ", style=dashed", "ledBy": ", style=dotted"}.get(relation, "")
        colour = STYLE[_group(G.nodes[parent])][1]
        out.append(f'  {_q(parent)} -> {_q(child)} [color="{colour}"{dash}];')
    out.append("}")
    return "\n".join(out) + "\n"


def dot_program() -> str:
    """The path of Graphviz's ``dot``, or DotMissing."""
    found = shutil.which("dot")
    if found is None:
        raise DotMissing("Graphviz 'dot' not found: install it (Debian/Ubuntu: "
                         "apt-get install graphviz; macOS: brew install graphviz)")
    return found


def render_svg(G: nx.DiGraph, title: str | None = None, note: str | None = None) -> str:
    """The SVG text of the picture of ``G``, drawn by ``dot``."""
    source = to_dot(G, title, note)
    done = subprocess.run([dot_program(), "-Tsvg"], input=source.encode("utf-8"),
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError("dot failed: " + done.stderr.decode("utf-8", "replace").strip()[:300])
    return done.stdout.decode("utf-8")


def reporting_lines_svg(G: nx.DiGraph, path: str | Path, title: str | None = None,
                        note: str | None = None) -> Path:
    """Write the picture of ``G`` (from :func:`orggraph.viewgraph.select`) to ``path``."""
    path = Path(path)
    svg = render_svg(G, title, note)  # before opening: a dot failure leaves the old file
    with atomic_write(path) as out:  # an interrupted run keeps the previous picture
        out.write(svg)
    return path


def message_svg(text: str) -> str:
    """A small SVG that says ``text``: the picture when it cannot be drawn."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
            f'width="900" height="60" font-family="{FONT}, sans-serif" font-size="13">'
            f'<text x="10" y="30">{_h(text)}</text></svg>\n')


def overview(store: Store, path: str | Path) -> tuple[nx.DiGraph, list[str]]:
    """``orggraph run``'s picture: the top levels of the whole graph that fit (all of a small
    one), with a note on how to see the rest. Returns the whole reporting graph and the
    warnings for the run report (the note; dot missing)."""
    G = timed_graph(store)
    selection = select(G)
    note = selection.note and (f"{selection.note} (orggraph viz graph.trig --province NAME "
                               "--root BODY; or open view.html)")
    try:
        reporting_lines_svg(selection.graph, path, note=note)
    except DotMissing as exc:
        with atomic_write(Path(path)) as out:
            out.write(message_svg(f"reporting lines not drawn: {exc}"))
        return G, [f"reporting-lines.svg: {exc}"]
    return G, [f"reporting-lines.svg: {note}"] if note else []
