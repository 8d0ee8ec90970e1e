"""YAML from untrusted files, without aliases.

An alias (``*name``) repeats an anchored value; a few hundred bytes of nested aliases expand to
gigabytes once the value is turned into text (a "billion laughs"). Articles, facts and gold
files never need them, so a document that uses one is refused before anything is built.

>>> load("id: a\\ntext: Sáng nay")
{'id': 'a', 'text': 'Sáng nay'}
>>> load("a: &x [1, 2]\\nb: *x")
Traceback (most recent call last):
...
orggraph.yamlsafe.AliasError: YAML aliases are not accepted (line 2: *x)
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasError(yaml.YAMLError):
    """A YAML document that repeats a value through an alias."""


def load(text: str) -> Any:
    """The single YAML document of ``text``, parsed safely; :class:`AliasError` if it uses an
    alias. (Only text that holds both "&" and "*" is scanned for them: reports rarely do.)"""
    if "&" in text and "*" in text:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise AliasError(f"YAML aliases are not accepted (line {line}: "
                                 f"*{str(event.anchor)[:40]})")
    return yaml.load(text, Loader=_LOADER)
