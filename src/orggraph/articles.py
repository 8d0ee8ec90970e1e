"""The Article type. Readers for each input format live in :mod:`orggraph.ingest`.

>>> Article(id="a1", text="Sáng 26/3, ...").year_hint is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One news report, its text already Unicode-normalised (:func:`orggraph.text.normalize`).

    ``origin`` says where it came from (``path`` or ``path:line``) for messages and provenance;
    ``captions`` are photo captions kept apart from the body when the reader can tell them.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) of publication
    source: str | None = None  # the outlet
    author: str | None = None
    captions: tuple[str, ...] = field(default=())
    origin: str | None = None

    @property
    def year_hint(self) -> int | None:
        """The publication year, when known."""
        if self.published and self.published[:4].isdigit():
            return int(self.published[:4])
        return None
