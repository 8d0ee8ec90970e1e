"""Bytes → text for Vietnamese news: BOMs, UTF-8, legacy encodings, mojibake, "is it Vietnamese?".

Legacy Vietnamese text comes in three 8-bit forms that Python has no single codec for:
Windows-1258 (``cp1258``: base letters plus combining tone marks), TCVN3/ABC (a font
encoding: every toned lower-case letter has its own byte) and VNI-Windows (a font encoding:
letter + one or two diacritic bytes). All three decode "successfully" as any 8-bit codec, so
we decode each candidate and keep the one whose words are well-formed Vietnamese syllables;
when none is, we refuse rather than hand on garbage.

>>> decode_bytes("Đảng ủy xã".encode("utf-8"), "a.txt")
'Đảng ủy xã'
>>> decode_bytes(encode_tcvn3("Bí thư Đảng ủy xã họp tổng kết"), "a.txt")
'Bí thư Đảng ủy xã họp tổng kết'
"""

from __future__ import annotations

import codecs
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache, partial


class IngestError(ValueError):
    """A bad input, with a one-line reason a person can act on.

    >>> str(IngestError("empty file", "a.txt"))
    'a.txt: empty file'
    """

    def __init__(self, reason: str, where: str | None = None) -> None:
        self.reason = " ".join(reason.split())  # messages are always one line
        self.where = where
        super().__init__(f"{where}: {self.reason}" if where else self.reason)


# --------------------------------------------------------------------------- the alphabet

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = "aăâeêioôơuưy"


@cache
def _letters() -> tuple[frozenset[str], frozenset[str]]:
    """(every Vietnamese letter in both cases, those not in ASCII), NFC."""
    lower = set(string.ascii_lowercase) | {"đ"}
    for base in _VOWELS:
        for tone in _TONE_MARKS:
            lower.add(unicodedata.normalize("NFC", base + tone))
        lower.add(base)
    both = lower | {c.upper() for c in lower}
    return frozenset(both), frozenset(c for c in both if not c.isascii())


def vietnamese_letters() -> frozenset[str]:
    """The letters only Vietnamese uses (ă â đ ê ô ơ ư and toned vowels), both cases, NFC."""
    return _letters()[1]


# The vowel clusters a Vietnamese syllable can have (tones removed), longest first.
_NUCLEI_TEXT = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô "
    "uơ uy ưa ưi ươ ưu yê iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu")
_NUCLEI = sorted(_NUCLEI_TEXT.split(), key=len, reverse=True)
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
    rf"(?:{'|'.join(_NUCLEI)})"
    r"(?:ch|nh|ng|[cmnpt])?"
)
_EDGE_PUNCT = string.punctuation + "“”‘’–—…"
_INNER_PUNCT = frozenset("-./'&_:,+%")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _is_syllable(run: str) -> bool:
    """A Vietnamese syllable: one onset, a vowel nucleus, one coda, at most one tone on a vowel."""
    decomposed = unicodedata.normalize("NFD", run.lower())
    tones = 0
    prev = ""
    for ch in decomposed:
        if ch in _TONE_MARKS:
            tones += 1
            if unicodedata.normalize("NFC", prev)[-1:] not in _VOWELS:
                return False
        elif not unicodedata.combining(ch):
            prev = ch
        else:
            prev += ch
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


def _token_ok(core: str) -> bool:
    letters = _letters()[0]
    for ch in core:
        if ch.isalpha():
            if ch not in letters:
                return False
        elif not (ch.isdigit() or ch in _INNER_PUNCT or ch == "\ufffd"):  # FFFD: unknown
            return False
    for run in _LETTER_RUN.findall(core):
        if run.isascii() or (len(run) >= 2 and run.isupper()):
            continue  # foreign words, abbreviations (HĐND, UBND)
        if not (run.islower() or run.istitle()) or not _is_syllable(run):
            return False  # "chƯ" is a wrong code page, not a word
    return True


# Frequent syllables of news Vietnamese: they break ties between decodings that are all
# well-formed (short texts can be: "chí thư" in VNI reads "chớ thử" as TCVN3).
_FREQUENT_TEXT = (
    "của và các có là người được không những với đã này một năm để đồng chí tỉnh huyện xã "
    "đảng ủy hội nghị thư bí chủ tịch phó thường vụ trưởng nhân dân việt về từ đến tại ngày "
    "tháng khi đó cũng như nhiều đây còn lại vào lên trên dưới mới tổ chức công tác phát triển "
    "kinh tế xây dựng thực hiện quan trọng đại biểu kiểm cấp viên chính quyền địa phương nhà "
    "nước quốc cán bộ thành phố quận phường thị trấn ấp bản thôn làng bầu giữ nhiệm kỳ khóa "
    "lần thứ họp trao tặng huy hiệu tuổi lễ kết quả đánh giá sẽ đang rất hơn nhất đều vì nên "
    "nhưng hoặc mà thì bị bằng giữa cùng hai bốn sáu bảy tám chín mười trăm nghìn triệu tỷ sáng "
    "chiều tối trưa hôm dự biểu chỉ đạo lãnh tiếp xúc cử đoàn thể mặt trận phụ nữ nông cựu "
    "chiến binh ương trung tâm ý kiến ban hành văn bản nghị quyết động viên sự ưu tiên quyết "
    "định khuyến khích thuế ông")
_FREQUENT = frozenset(_FREQUENT_TEXT.split())


@dataclass(frozen=True)
class TextStats:
    """Word counts that tell Vietnamese from English, binary junk and mojibake.

    ``nonascii`` counts words with a non-ASCII character, ``good`` those of them that are
    well-formed Vietnamese, ``vietnamese`` the good ones with a Vietnamese-only letter.
    """

    words: int
    nonascii: int
    good: int
    vietnamese: int
    frequent: int = 0  # non-ASCII words among the most frequent Vietnamese syllables

    @property
    def good_ratio(self) -> float:
        return self.good / self.nonascii if self.nonascii else 1.0

    @property
    def looks_vietnamese(self) -> bool:
        return (self.vietnamese >= 1 and self.vietnamese >= 0.1 * self.words
                and self.good_ratio >= 0.85)

    @property
    def looks_mojibake(self) -> bool:
        return self.nonascii >= 2 and self.good_ratio < 0.85


@lru_cache(maxsize=1 << 16)  # news vocabulary is small: most words are seen again and again
def _classify(token: str) -> tuple[int, int, int, int, int]:
    """(word, non-ASCII, good, Vietnamese, frequent) counts, 0 or 1 each, for one token."""
    core = token.strip(_EDGE_PUNCT)
    if not core or not any(c.isalpha() for c in core):
        return (0, 0, 0, 0, 0)
    if core.isascii():
        return (1, 0, 0, 0, 0)
    if not _token_ok(core):
        return (1, 1, 0, 0, 0)
    viet = any(c in _letters()[1] for c in core)
    return (1, 1, 1, int(viet), int(core.lower() in _FREQUENT))


def text_stats(text: str, sample: int = 200_000) -> TextStats:
    """Count words in (the first ``sample`` characters of) ``text``.

    >>> text_stats("Sáng nay, Đảng ủy xã họp").looks_vietnamese
    True
    >>> text_stats("The committee met on Monday").looks_vietnamese
    False
    >>> text_stats("Ä\u2018áº£ng á»§y xÃ£ há»\u008dp").looks_mojibake
    True
    """
    return _sample_stats(text[:sample])


# Asked of one text by the repair and by the language check. Keyed by the sample, never the
# whole text: the cache would keep the last 16 articles alive (hundreds of MB when large).
@lru_cache(maxsize=16)
def _sample_stats(sample: str) -> TextStats:
    counts = [0, 0, 0, 0, 0]
    # each distinct word once: reports repeat their words, and this runs on every article
    for token, times in Counter(unicodedata.normalize("NFC", sample).split()).items():
        for i, n in enumerate(_classify(token)):
            if n:
                counts[i] += times
    return TextStats(*counts)


# --------------------------------------------------------------------------- legacy codecs

# TCVN3 (ABC): byte → letter. Upper-case toned letters have no code of their own (documents
# used a separate upper-case font with the same codes), so they come back lower case.
_TCVN3_PAIRS = (
    "µà ¸á ¶ả ·ã ¹ạ ¨ă »ằ ¾ắ ¼ẳ ½ẵ Æặ ©â Çầ Êấ Èẩ Éẫ Ëậ ®đ Ìè Ðé Îẻ Ïẽ Ñẹ ªê Òề Õế Óể Ôễ Öệ "
    "×ì Ýí Øỉ Üĩ Þị ßò ãó áỏ âõ äọ «ô åồ èố æổ çỗ éộ ¬ơ êờ íớ ëở ìỡ îợ ïù óú ñủ òũ ôụ "
    "\u00adư õừ øứ öử ÷ữ ùự úỳ ýý ûỷ üỹ þỵ ¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)

# VNI-Windows: letter + diacritic characters (as the font's bytes read in Windows-1252).
_VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT_TONES = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã",
                  "\u0323": "ä"}
_VNI_BREVE_TONES = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü",
                    "\u0323": "ë"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


@cache
def _cp1252_table() -> dict[int, str]:
    """latin-1 char → Windows-1252 char for 0x80-0x9F (the five holes stay C1 controls)."""
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            table[b] = chr(b)
    return table


@cache
def _tcvn3_decode_table() -> dict[int, str]:
    table = dict(_cp1252_table())
    for pair in _TCVN3_PAIRS.split(" "):
        table[ord(pair[0])] = pair[1]
    return table


@cache
def _vni_map() -> tuple[dict[str, str], re.Pattern[str]]:
    """VNI sequence → letter, and a longest-first pattern over the sequences."""
    lower: dict[str, str] = {"ñ": "đ", "ô": "ơ", "ö": "ư"}
    for tone, mark in _VNI_TONES.items():
        for base, seq in (("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("y", "y"),
                          ("ơ", "ô"), ("ư", "ö")):
            if base == "y" and tone == "\u0323":
                continue
            lower[seq + mark] = unicodedata.normalize("NFC", base + tone)
    lower["î"] = "ỵ"
    for tone, mark in _VNI_HAT_TONES.items():
        for base in "aeo":
            lower[base + mark] = unicodedata.normalize("NFC", base + "\u0302" + tone)
    for tone, mark in _VNI_BREVE_TONES.items():
        lower["a" + mark] = unicodedata.normalize("NFC", "a\u0306" + tone)
    for tone, mark in _VNI_I.items():
        lower[mark] = unicodedata.normalize("NFC", "i" + tone)
    both = dict(lower)
    both.update({seq.upper(): letter.upper() for seq, letter in lower.items()})
    pattern = re.compile("|".join(re.escape(s) for s in sorted(both, key=len, reverse=True)))
    return both, pattern


def _latin1_cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_cp1252_table())


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (ABC font) bytes → Unicode.

    >>> decode_tcvn3(b"\\xa7\\xb6ng \\xf1y")
    'Đảng ủy'
    """
    return data.decode("latin-1").translate(_tcvn3_decode_table())


def decode_vni(data: bytes) -> str:
    """VNI-Windows bytes → Unicode.

    >>> decode_vni("Ñaûng uûy".encode("cp1252"))
    'Đảng ủy'
    """
    mapping, pattern = _vni_map()
    return pattern.sub(lambda m: mapping[m.group()], _latin1_cp1252(data))


def decode_cp1258(data: bytes) -> str:
    """Windows-1258 bytes → NFC text (the codec yields base letters + combining tones)."""
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def encode_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes (for tests and fixtures); upper-case toned letters go lower case.

    >>> decode_tcvn3(encode_tcvn3("Ủy ban")) == "ủy ban"
    True
    """
    inverse = {letter: code for code, letter in _tcvn3_decode_table().items()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in inverse:
            out.append(inverse[ch])
        elif ch.lower() in inverse:
            out.append(inverse[ch.lower()])
        else:
            out.extend(ch.encode("cp1252"))
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Unicode → VNI-Windows bytes (for tests and fixtures)."""
    inverse: dict[str, str] = {}
    for seq, letter in _vni_map()[0].items():
        if letter not in inverse or len(seq) > len(inverse[letter]):
            inverse[letter] = seq
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text)).encode(
        "cp1252")


def encode_cp1258(text: str) -> bytes:
    """Unicode → Windows-1258 bytes: precomposed where the code page has it, else base + tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.extend(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in decomposed if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tone))
        out.extend((base + tone).encode("cp1258"))
    return bytes(out)


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the encoding that was used (a name for messages)."""

    text: str
    encoding: str


def sniff_utf16(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when BOM-less bytes look like UTF-16 (NULs in every other byte)."""
    pairs = len(head) // 2
    if pairs < 4:
        return None
    head = head[: pairs * 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in b"\t\n\r\x0c")


def _binary_reason(data: bytes) -> str | None:
    head = data[:65536]
    nul = head.find(b"\x00")
    if nul >= 0:
        return f"binary data, not text (NUL byte at offset {nul})"
    controls = len(head.translate(None, _NOT_CONTROL))
    if controls > max(8, len(head) // 20):
        return f"binary data, not text ({controls} control bytes in the first {len(head)})"
    return None


# Legacy decodings are compared on the file's first bytes (text_stats reads 200,000
# characters anyway) and only the winner decodes the whole file: four whole candidates of a
# 20 MB file would cost more than 20 times its size.
_SAMPLE_BYTES = 400_000


def _legacy_decoders(data: bytes) -> list[tuple[str, Callable[[bytes], str]]]:
    """The legacy decodings worth trying on ``data``, by name."""
    decoders: list[tuple[str, Callable[[bytes], str]]] = [
        ("Windows-1258", decode_cp1258), ("TCVN3", decode_tcvn3), ("VNI-Windows", decode_vni)]
    try:  # charset-normalizer may know a code page we do not try ourselves
        import charset_normalizer

        guess = charset_normalizer.from_bytes(data[:200_000]).best()
        if guess is not None and guess.encoding not in ("cp1258", "utf_8", "ascii"):
            decoders.append((guess.encoding, partial(_decode_with, guess.encoding)))
    except Exception:  # a guess that fails is just not a candidate
        pass
    return decoders


def _decode_with(encoding: str, data: bytes) -> str:
    return data.decode(encoding)


def _prefix(data: bytes, decode: Callable[[bytes], str]) -> str | None:
    """``decode`` of the first bytes of ``data``, or None when they are not in its code page.
    A multi-byte sequence cut at the end of the sample costs its last character only."""
    sample = data[:_SAMPLE_BYTES]
    try:
        return decode(sample)
    except (UnicodeDecodeError, ValueError):
        if len(sample) == len(data):
            return None
    for cut in range(1, 4):  # a sequence of up to 4 bytes cut in two
        try:
            return decode(sample[:-cut])
        except (UnicodeDecodeError, ValueError):
            continue
    return None


def _legacy(data: bytes) -> Decoded | None:
    """The best legacy decoding of ``data`` (see :func:`_best`), or None."""
    decoders = _legacy_decoders(data)
    samples = [(name, text) for name, fn in decoders if (text := _prefix(data, fn)) is not None]
    by_name = dict(decoders)
    while (best := _best(samples)) is not None:
        try:
            return Decoded(by_name[best[0]](data), best[0])
        except (UnicodeDecodeError, ValueError):  # bad bytes after the sample: the next one
            samples = [c for c in samples if c[0] != best[0]]
    return None


def _best(candidates: list[tuple[str, str]]) -> tuple[str, str, TextStats] | None:
    scored = [(name, text, text_stats(text)) for name, text in candidates]
    scored = [s for s in scored if s[2].looks_vietnamese]
    if not scored:
        return None
    return max(scored, key=lambda s: (s[2].good + s[2].frequent) / max(s[2].nonascii, 1))


def decode_bytes_verbose(data: bytes, where: str, declared: str | None = None) -> Decoded:
    """Like :func:`decode_bytes`, also saying which encoding was used.

    ``declared`` is an encoding the container names (an HTML ``<meta charset>``): it is tried
    first and kept when its text is Vietnamese.
    """
    if not data:
        raise IngestError("empty file (0 bytes)", where)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), f"{name} with BOM")
            except UnicodeDecodeError as e:
                raise IngestError(
                    f"starts with a {name} byte-order mark but is not valid {name} "
                    f"({e.reason} at byte {e.start + len(bom)})", where) from None
    utf16 = sniff_utf16(data[:4096])
    if utf16:
        try:
            return Decoded(data.decode(utf16), f"{utf16.upper()} without BOM")
        except UnicodeDecodeError:
            pass
    binary = _binary_reason(data)
    if binary:
        raise IngestError(binary, where)
    if declared:
        try:
            text = data.decode(declared)
            if text_stats(text).looks_vietnamese:
                return Decoded(unicodedata.normalize("NFC", text), f"{declared} (as declared)")
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as e:
        utf8_error = f"{e.reason} at byte {e.start}"
    decoded = _salvaged_utf8(data) or _legacy(data)
    if decoded is None:
        raise IngestError(
            f"not UTF-8 ({utf8_error}) and no Vietnamese encoding (Windows-1258, TCVN3, VNI) "
            "gives Vietnamese text; convert the file to UTF-8", where)
    return decoded


def _salvaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with its few bad bytes as U+FFFD: a stray or cut byte in an otherwise good UTF-8
    file costs one character, not the article. None when there are more (a legacy file)."""
    salvaged = data.decode("utf-8", errors="replace")
    bad = salvaged.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= max(3, len(data) // 1000) and text_stats(salvaged).looks_vietnamese:
        plural = "sequence" if bad == 1 else "sequences"
        return Decoded(salvaged, f"UTF-8 ({bad} invalid byte {plural} replaced by U+FFFD)")
    return None


def decode_bytes(data: bytes, where: str) -> str:
    """Decode a file's bytes: UTF-8 (BOM or not), UTF-16/32 (BOM), or a legacy Vietnamese
    encoding recognised by its words; raises :class:`IngestError` saying why not.

    >>> decode_bytes(b"", "x.txt")
    Traceback (most recent call last):
    ...
    orggraph.ingest.encoding.IngestError: x.txt: empty file (0 bytes)
    """
    return decode_bytes_verbose(data, where).text


# --------------------------------------------------------------------------- text checks

def _to_cp1252_bytes(text: str) -> bytes | None:
    """The bytes a Windows-1252 reader saw, or None when the text has characters beyond it
    (other than U+FFFD, which a lossy reader left where a byte had no character)."""
    inverse: dict[int, int] = {ord(v): k for k, v in _cp1252_table().items()}
    inverse[0xFFFD] = 0xFF  # never valid in UTF-8: the lost byte stays lost, nothing is invented
    mapped = text.translate(inverse)
    if any(ord(c) > 0xFF for c in mapped):
        return None
    return mapped.encode("latin-1")


# Typographic marks well-formed reports use beside ASCII and Vietnamese letters; none of them
# is left by the mis-decodings repair_mojibake undoes ("Ä‘áº£ng á»§y": Ä, º, £, », §).
_TYPOGRAPHY = frozenset("“”‘’–—…•·°×\u00a0")


def _plain_vietnamese(text: str) -> bool:
    """Only ASCII, NFC Vietnamese letters and typographic marks: no mojibake possible."""
    return set(text) <= _plain_chars()


@cache
def _plain_chars() -> frozenset[str]:
    return frozenset(map(chr, range(128))) | _letters()[0] | _TYPOGRAPHY


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Undo the usual mis-decodings: UTF-8 read as Windows-1252, TCVN3 or VNI text pasted as
    Windows-1252 characters. Returns (text, note); the note is None when nothing was done.

    Raises :class:`IngestError` when the text is mojibake no repair explains.

    >>> repair_mojibake("Ä\u2018áº£ng á»§y xÃ£")
    ('đảng ủy xã', 'repaired mis-decoded text (UTF-8 read as Windows-1252)')
    """
    if _plain_vietnamese(text):
        return text, None  # the common case, without counting words
    stats = text_stats(text)
    if not stats.looks_mojibake:
        return text, None
    raw = _to_cp1252_bytes(text)
    candidates: list[tuple[str, str]] = []
    if raw is not None:
        utf8 = raw.decode("utf-8", errors="replace")
        lost = len(re.findall("\ufffd+", utf8)) - len(re.findall("\ufffd+", text))
        candidates.append(("UTF-8 read as Windows-1252"
                           + (f"; {lost} characters could not be recovered" if lost > 0 else ""),
                           utf8))
        candidates.append(("TCVN3 text shown as Windows-1252", decode_tcvn3(raw)))
        candidates.append(("VNI text shown as Windows-1252", decode_vni(raw)))
    best = _best(candidates)
    if best is None:
        sample = next((t for t in text.split() if not t.isascii() and not _token_ok(
            t.strip(_EDGE_PUNCT))), "")
        raise IngestError(
            f"looks like mis-decoded text (mojibake such as {sample[:20]!r}: only "
            f"{stats.good_ratio:.0%} of non-ASCII words are Vietnamese) and no known "
            "repair fits")
    return best[1], f"repaired mis-decoded text ({best[0]})"


def check_vietnamese(text: str) -> None:
    """Raise :class:`IngestError` unless ``text`` reads as Vietnamese.

    >>> try:
    ...     check_vietnamese("The committee met.")
    ... except IngestError as e:
    ...     print(e)
    no Vietnamese letters: the text is not Vietnamese (0 of 3 words)
    """
    stats = text_stats(text)
    if stats.looks_vietnamese:
        return
    if stats.looks_mojibake:
        raise IngestError(
            f"looks like mis-decoded text (mojibake: only {stats.good_ratio:.0%} of non-ASCII "
            "words are Vietnamese)")
    if stats.vietnamese == 0:
        raise IngestError(
            f"no Vietnamese letters: the text is not Vietnamese (0 of {stats.words} words)")
    raise IngestError(
        f"too little Vietnamese: {stats.vietnamese} of {stats.words} words have Vietnamese "
        "letters (English or another language?)")
