"""YAML from untrusted files, with aliases bounded.

An alias (``*name``) repeats an anchored value; a few hundred bytes of nested aliases expand to
gigabytes once the value is built or turned into text (a "billion laughs"). Aliases are
legitimate (a YAML writer emits them for a value used twice), so they are allowed as long as
the document, aliases expanded, stays within ``MAX_NODES`` values; beyond that it is refused
before anything is built. The count is taken from the parser's events, which never expand.

>>> load("id: a\\nholder: &p {name: An}\\nagain: *p")
{'id': 'a', 'holder': {'name': 'An'}, 'again': {'name': 'An'}}
>>> load("a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "\\n".join(
...     f"{chr(98 + k)}: &{chr(98 + k)} [" + ", ".join([f"*{chr(97 + k)}"] * 10) + "]"
...     for k in range(6)))
Traceback (most recent call last):
...
orggraph.yamlsafe.AliasError: YAML aliases expand to more than 1,000,000 values (line 6)
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 1_000_000  # far above any article or facts file, far below a bomb's expansion


class AliasError(yaml.YAMLError):
    """A YAML document whose aliases expand beyond :data:`MAX_NODES` values."""


def load(text: str) -> Any:
    """The single YAML document of ``text``, parsed safely; :class:`AliasError` if its
    aliases expand too far. (Text without both "&" and "*" has no alias: not scanned.)"""
    if "&" in text and "*" in text:
        _check_expansion(text)
    return yaml.load(text, Loader=_LOADER)


def _check_expansion(text: str) -> None:
    sizes: dict[str, int] = {}  # anchor → values its node holds, aliases expanded
    frames: list[tuple[str | None, int]] = [(None, 0)]  # open collections: anchor, count
    total = 0  # values built so far: the sum of the frames (a closed one passes its count up)
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
            size = 1 if isinstance(event, yaml.ScalarEvent) else sizes.get(str(event.anchor), 1)
            if isinstance(event, yaml.ScalarEvent) and event.anchor:
                sizes[str(event.anchor)] = 1
            anchor, count = frames[-1]
            frames[-1] = (anchor, count + size)
            total += size
        elif isinstance(event, yaml.CollectionStartEvent):
            frames.append((event.anchor, 1))
            total += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, count = frames.pop()
            if anchor:
                sizes[str(anchor)] = count
            parent_anchor, parent = frames[-1]
            frames[-1] = (parent_anchor, parent + count)
        else:
            continue
        if total > MAX_NODES:
            line = event.start_mark.line + 1 if event.start_mark else "?"
            raise AliasError(f"YAML aliases expand to more than {MAX_NODES:,} values "
                             f"(line {line})")


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (values with their line and column), aliases bounded as in
    :func:`load`; for readers that must name the line of a bad value.

    >>> compose("a: [1, 2]").value[0][1].start_mark.line
    0
    """
    if "&" in text and "*" in text:
        _check_expansion(text)
    return yaml.compose(text, Loader=_LOADER)
