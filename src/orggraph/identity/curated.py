"""Curated identity decisions: a YAML file that overrides the automatic choice both ways.

The file (``orggraph run --identities FILE``, ``orggraph identities --identities FILE``)::

    same:                        # these mentions are one person
      - mentions:
          - {article: d05-quang-ninh-dieu-dong-bi-thu-tinh-uy, name: Vũ Đại Thắng}
          - {article: k21-van-don-dai-hoi-dang-bo-dac-khu-lan-thu-i, name: Vũ Đại Thắng}
        note: Bí thư Tỉnh ủy Quảng Ninh, then Chủ tịch UBND Hà Nội (2025)
    different:                   # these mentions are all different persons
      - mentions:
          - {article: h05-thai-nguyen-dieu-dong-luan-chuyen-can-bo, name: Nguyễn Thanh Hải}
          - {article: k09-long-an-hop-nhat-bao-va-dai-phat-thanh-truyen-hinh,
             name: Nguyễn Thanh Hải}

A mention is an article id and a name as written (compared by :func:`orggraph.text.key`, so
tone placement, case and "đồng chí" do not matter). Both keys are optional; each decision
lists two mentions or more and may carry a ``note``. A mention the corpus lacks is reported,
not an error (one file can serve several corpora). A mistake is a :class:`CuratedError`
naming the file, the line and the reason.

>>> ds = parse_decisions('''
... different:
...   - mentions: [{article: a1, name: Nguyễn Văn An}, {article: a2, name: Nguyễn Văn An}]
... ''', "ids.yaml")
>>> ds[0].kind, [str(m) for m in ds[0].mentions], ds[0].where
('different', ['a1: nguyễn văn an', 'a2: nguyễn văn an'], 'ids.yaml:3')
>>> parse_decisions("same:\\n  - mentions: [{article: a1}]\\n", "ids.yaml")
Traceback (most recent call last):
...
orggraph.identity.curated.CuratedError: ids.yaml:2: a mention needs 'article' and 'name'
"""

from __future__ import annotations

from pathlib import Path

import yaml

from orggraph import yamlsafe
from orggraph.identity.context import MentionId
from orggraph.identity.resolve import Decision
from orggraph.text import key

KINDS = ("same", "different")


class CuratedError(ValueError):
    """A curated identities file that cannot be read; the message names file and line."""


def load_decisions(path: str | Path) -> list[Decision]:
    """The decisions of a curated identities file (see the module docstring)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CuratedError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise CuratedError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return parse_decisions(text, str(path))


def parse_decisions(text: str, where: str = "identities") -> list[Decision]:
    """The decisions of the text of a curated identities file; ``where`` names it."""
    try:
        root = yamlsafe.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CuratedError(f"{where}{at}: not valid YAML ({problem})") from exc
    if root is None:
        return []

    def fail(node: yaml.Node, reason: str) -> CuratedError:
        return CuratedError(f"{where}:{node.start_mark.line + 1}: {reason}")

    if not isinstance(root, yaml.MappingNode):
        raise fail(root, "expected a mapping with 'same' and/or 'different'")
    out: list[Decision] = []
    for k, value in root.value:
        if not isinstance(k, yaml.ScalarNode) or k.value not in KINDS:
            raise fail(k, f"unknown key {getattr(k, 'value', '?')!r} (expected one of "
                          f"{', '.join(KINDS)})")
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            continue
        if not isinstance(value, yaml.SequenceNode):
            raise fail(value, f"'{k.value}' must be a list of decisions")
        out += [_decision(k.value, item, fail, where) for item in value.value]
    return out


def _decision(kind: str, node: yaml.Node, fail, where: str) -> Decision:
    if not isinstance(node, yaml.MappingNode):
        raise fail(node, "a decision is a mapping with 'mentions' (and an optional 'note')")
    fields = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    unknown = sorted(set(fields) - {"mentions", "note"})
    if unknown:
        raise fail(fields[unknown[0]][0], f"unknown key {unknown[0]!r} in a decision "
                                          "(expected 'mentions', 'note')")
    if "mentions" not in fields:
        raise fail(node, "a decision needs 'mentions'")
    mentions_node = fields["mentions"][1]
    if not isinstance(mentions_node, yaml.SequenceNode):
        raise fail(mentions_node, "'mentions' must be a list of {article, name}")
    mentions = [_mention(m, fail) for m in mentions_node.value]
    if len(set(mentions)) < 2:
        raise fail(mentions_node, "a decision needs two different mentions or more")
    note = None
    if "note" in fields:
        note_node = fields["note"][1]
        if not isinstance(note_node, yaml.ScalarNode):
            raise fail(note_node, "'note' must be text")
        note = note_node.value
    return Decision(kind, tuple(mentions), note, f"{where}:{node.start_mark.line + 1}")


def _mention(node: yaml.Node, fail) -> MentionId:
    if not isinstance(node, yaml.MappingNode):
        raise fail(node, "a mention is a mapping {article: ID, name: NAME}")
    fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    unknown = sorted(set(fields) - {"article", "name"})
    if unknown:
        raise fail(node, f"unknown key {unknown[0]!r} in a mention (expected 'article', 'name')")
    values = {}
    for field in ("article", "name"):
        value = fields.get(field)
        if value is None:
            raise fail(node, "a mention needs 'article' and 'name'")
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            raise fail(value, f"'{field}' must be non-empty text")
        values[field] = str(value.value).strip()
    if not key(values["name"]):
        raise fail(node, "'name' is only an honorific")
    return MentionId(values["article"], key(values["name"]))
