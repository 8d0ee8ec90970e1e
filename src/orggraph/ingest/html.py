"""Main text, metadata and photo captions from a news page.

Captions are cut out of the page before the main-text extraction so that they never mix with
the body (evidence offsets point into the body); trafilatura then finds the body, title, date,
author and URL. When trafilatura cannot be imported (it needs ``lxml_html_clean`` with recent
lxml) or fails on a page, a small lxml extractor takes over, so a page is never lost to it.

>>> page = ("<html><head><title>Hội nghị</title></head><body><article><p>Sáng 12/4, Đảng ủy "
...         "xã Tân Phú tổ chức hội nghị.</p><figure><img src='a.jpg'><figcaption>Quang cảnh "
...         "hội nghị</figcaption></figure></article></body></html>")
>>> fields = extract_page(page)
>>> fields["captions"]
['Quang cảnh hội nghị']
>>> "Quang cảnh" in fields["text"]
False
"""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
import lxml.html

from .metalines import date_line

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""",
                           re.IGNORECASE)
# Class names Vietnamese and international news sites give photo captions.
_CAPTION_XPATH = (
    "//figcaption"
    " | //*[contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
    "'abcdefghijklmnopqrstuvwxyz'), 'caption')]"
    " | //*[contains(@class, 'image_desc') or contains(@class, 'img-desc')"
    " or contains(@class, 'image-desc') or contains(@class, 'chuthich')"
    " or contains(@class, 'chu-thich') or contains(@class, 'pic-desc')]"
)
_MAX_CAPTION = 600  # longer "captions" are layout wrappers, not captions
# Page furniture that is never the report (a <header> inside <article> may hold the headline).
_NOISE_XPATH = ("//script | //style | //noscript | //template | //nav | //footer | //aside"
                " | //form | //iframe | //svg | //header[not(ancestor::article)]")


def drop_noise(tree: lxml.html.HtmlElement) -> None:
    """Remove menus, footers, scripts and the like, so no extractor can take them for text."""
    for el in tree.xpath(_NOISE_XPATH):
        if el.getparent() is not None:
            el.drop_tree()


def declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` a page declares in its first 4 KB, if any.

    >>> declared_charset(b'<meta charset="windows-1258">')
    'windows-1258'
    """
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _clean(text: str) -> str:
    return " ".join(text.split())


def parse(html: str) -> lxml.html.HtmlElement | None:
    """The page's tree, or None when there is no HTML in it."""
    html = _XML_DECL.sub("", html, count=1)  # lxml refuses str input with an XML declaration
    if not html or html.isspace():  # (strip() would copy a page of megabytes)
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def take_captions(tree: lxml.html.HtmlElement) -> list[str]:
    """Remove photo captions from ``tree`` and return their texts, in page order."""
    found = [el for el in tree.xpath(_CAPTION_XPATH)
             if isinstance(el, lxml.html.HtmlElement) and el.tag not in ("body", "html")
             and len(_clean(el.text_content())) <= _MAX_CAPTION]
    chosen = set(found)
    outer = [el for el in found if not any(anc in chosen for anc in el.iterancestors())]
    captions = []
    for el in outer:  # an inner caption element's text is in its outer one's
        text = _clean(el.text_content())
        if text:
            captions.append(text)
        el.drop_tree()  # keeps the tail text, which belongs to the surrounding body
    return captions


_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "header", "section",
           "time", "td", "dd", "blockquote", "address"}
_DATE_TAGS = "//p | //div | //li | //time | //span | //em | //strong | //b | //i | //small"


def take_date_lines(tree: lxml.html.HtmlElement) -> str | None:
    """Remove the blocks that hold only a date line ("Thứ Ba, 04/03/2025 08:30") from
    ``tree`` and return the first one's ISO date: an extractor would join such a block to the
    headline or the lede, where no line-by-line reading can find it again.

    >>> tree = parse("<div><h1>Tin</h1> <div class=d>Thứ Ba, 04/03/2025 08:30</div><p>Ngày "
    ...              "<b>4/3/2025</b>, xã họp.</p></div>")
    >>> take_date_lines(tree), _clean(tree.text_content())
    ('2025-03-04', 'Tin Ngày 4/3/2025, xã họp.')
    """
    first = None
    for el in tree.xpath(_DATE_TAGS):
        if not isinstance(el, lxml.html.HtmlElement) or el.getparent() is None:
            continue
        text = _clean(el.text_content())
        if not text or len(text) > 120 or (iso := date_line(text)) is None:
            continue
        block = el  # the nearest block around it must hold nothing else
        while block.tag not in _BLOCKS and block.getparent() is not None:
            block = block.getparent()
        if _clean(block.text_content()) != text or block.tag in ("body", "html"):
            continue
        first = first or iso
        block.drop_tree()  # keeps the tail text, which belongs to the text around it
    return first


def _first(tree: lxml.html.HtmlElement, *xpaths: str) -> str | None:
    for xp in xpaths:
        for value in tree.xpath(xp):
            text = _clean(value if isinstance(value, str) else value.text_content())
            if text:
                return text
    return None


def _fallback(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """Plain lxml extraction: paragraphs of the <article> (or the body) and meta tags.

    Call :func:`drop_noise` on the tree first."""
    meta = {
        "title": _first(tree, "//meta[@property='og:title']/@content", "//title", "//h1"),
        "published": _first(tree, "//meta[@property='article:published_time']/@content",
                            "//meta[@itemprop='datePublished']/@content",
                            "//*[@itemprop='datePublished']/@datetime", "//time/@datetime"),
        "author": _first(tree, "//meta[@name='author']/@content"),
        "url": _first(tree, "//link[@rel='canonical']/@href",
                      "//meta[@property='og:url']/@content"),
        "source": _first(tree, "//meta[@property='og:site_name']/@content"),
    }
    scope = (tree.xpath("//article") or tree.xpath("//body") or [tree])[0]
    paragraphs = [_clean(p.text_content()) for p in scope.xpath(".//p | .//h2 | .//h3 | .//li")]
    meta["text"] = "\n".join(p for p in paragraphs if p)
    return meta


def _trafilatura(tree: lxml.html.HtmlElement) -> dict[str, Any] | None:
    try:
        import trafilatura
    except ImportError:
        return None
    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False,
        date_extraction_params={"original_date": True, "extensive_search": False})
    if doc is None:
        return {"text": ""}
    data = doc if isinstance(doc, dict) else doc.as_dict()
    return {"text": data.get("text") or "", "title": data.get("title"),
            "published": data.get("date"), "author": data.get("author"),
            "url": data.get("url"), "source": data.get("sitename")}


def extract_page(html: str) -> dict[str, Any]:
    """Article fields from a page: text, title, published, author, url, source, captions.

    ``text`` is empty when the page has no main text; a ``note`` says when the fallback
    extractor was used.
    """
    tree = parse(html)
    if tree is None:
        return {"text": "", "captions": []}
    captions = take_captions(tree)
    drop_noise(tree)
    date = take_date_lines(tree)
    note = None
    size = text_size(tree)
    if size > MAX_TRAFILATURA_CHARS:
        return _finish(_fallback(tree), captions,
                       f"{size:,} characters of text: used the plain lxml extractor")
    try:
        fields = _trafilatura(tree)
        if fields is None:
            note = "trafilatura is not importable; used the plain lxml extractor"
    except Exception as e:  # any failure of the library falls back, named
        fields, note = None, f"trafilatura failed ({type(e).__name__}); used the plain extractor"
    if fields is None or not fields.get("text"):
        fallback_tree = parse(html)
        if fallback_tree is not None:
            take_captions(fallback_tree)
            drop_noise(fallback_tree)
            take_date_lines(fallback_tree)
            fields = _fallback(fallback_tree) if fields is None else {
                **_fallback(fallback_tree), **{k: v for k, v in fields.items() if v}}
    fields = fields or {"text": ""}
    if date and not fields.get("published"):
        fields["published"] = date
    return _finish(fields, captions, note)


def _finish(fields: dict[str, Any], captions: list[str], note: str | None) -> dict[str, Any]:
    """``fields`` with the captions and the note, and without the headline when the body
    repeats it as its first line (found without splitting the whole body into lines)."""
    text = fields.get("text") or ""
    title = fields.get("title")
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if title and _clean(first).casefold() == _clean(title).casefold():
        text = "" if first_end < 0 else text[first_end + 1:]
    fields["text"] = text
    fields["captions"] = captions
    if note:
        fields["note"] = note
    return fields


# Above this much text, trafilatura's time and memory grow faster than the page (a 5 MB page:
# 4 s and 27 times its size; 19 MB: 52 s and 28 times), while the plain extractor stays
# linear (19 MB: 1 s, 4 times). A news report has a few thousand characters: only pages
# far from one (archives, digests, hostile input) take the plain way.
MAX_TRAFILATURA_CHARS = 1_000_000


def text_size(tree: lxml.html.HtmlElement) -> int:
    """Characters of text in ``tree`` (counted node by node: no copy of the whole text)."""
    return sum(len(el.text or "") + len(el.tail or "") for el in tree.iter())
