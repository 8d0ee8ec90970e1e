"""Write the hostile-input corpus (``corpus/``): real-world and broken article files.

The files are committed, so tests never depend on running this; it documents how each was
made and lets a test check that the committed bytes still match. All text is invented.

    python tests/hostile/make_corpus.py [OUT_DIR]
"""

from __future__ import annotations

import codecs
import json
import random
import sys
import unicodedata
from pathlib import Path

from orggraph.ingest.encoding import encode_cp1258, encode_tcvn3, encode_vni

HERE = Path(__file__).resolve().parent

# Invented reports: names, places and events are made up for these tests.
S = [
    "Sáng 12/4, đồng chí Trần Văn Minh, Bí thư Đảng ủy xã Tân Phú, chủ trì hội nghị sơ kết "
    "công tác xây dựng Đảng quý I năm 2025. Hội nghị đánh giá các chi bộ thôn đã hoàn thành "
    "tốt nhiệm vụ, kết nạp thêm 5 đảng viên mới.",
    "Chiều 3/5, Ban Thường vụ Huyện ủy Đông Sơn tổ chức lễ trao Huy hiệu 40 năm tuổi Đảng cho "
    "đồng chí Lê Thị Hạnh, nguyên Chủ tịch Hội Liên hiệp Phụ nữ huyện. Đồng chí Phạm Quốc "
    "Bảo, Phó Bí thư Thường trực Huyện ủy, trao huy hiệu và chúc mừng.",
    "Ngày 20/6, Hội đồng nhân dân xã Bình Khê khóa XII họp kỳ họp bất thường, bầu đồng chí Đỗ "
    "Minh Tuấn giữ chức Chủ tịch Ủy ban nhân dân xã nhiệm kỳ 2021-2026 với tỷ lệ phiếu tán "
    "thành đạt 96%.",
    "Sáng 9/8, Đảng ủy phường Hòa Lạc khai giảng lớp bồi dưỡng lý luận chính trị cho 60 đảng "
    "viên mới. Đồng chí Vũ Thanh Hà, Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Thị ủy, "
    "trực tiếp giảng bài khai mạc.",
    "Tối 15/9, Ủy ban Mặt trận Tổ quốc Việt Nam huyện Kim Sơn tổ chức hội nghị hiệp thương lần "
    "thứ nhất. Đồng chí Hoàng Văn Khải, Chủ tịch Ủy ban MTTQ huyện, phát biểu kết luận.",
    "Ngày 2/10, Đoàn kiểm tra của Ủy ban Kiểm tra Tỉnh ủy do đồng chí Bùi Thị Ngọc, Phó Chủ "
    "nhiệm Ủy ban Kiểm tra Tỉnh ủy, làm trưởng đoàn đã làm việc với Ban Thường vụ Đảng ủy xã "
    "Yên Mỹ.",
    "Chiều 28/11, Hội Nông dân xã Phước Long tổ chức đại hội đại biểu lần thứ X. Đại hội bầu "
    "đồng chí Ngô Văn Tâm tái cử Chủ tịch Hội Nông dân xã, nhiệm kỳ 2025-2030.",
    "Sáng 5/1, Huyện đoàn Mỹ Lộc phối hợp với Đảng ủy thị trấn trao 50 suất quà cho các gia "
    "đình chính sách. Đồng chí Đinh Quang Huy, Bí thư Huyện đoàn, tham dự và tặng quà.",
]
ENGLISH = ("On Monday the provincial committee held its quarterly meeting to review the "
           "work of the first quarter and to plan the tasks for the months ahead.")


def article(n: int) -> str:
    """A distinct invented report (so that no two good cases are duplicates)."""
    return f"{S[n % len(S)]} Tin số {n}: {S[(n + 3) % len(S)]}"


def lower_safe(n: int) -> str:
    """A report whose upper-case letters TCVN3 can write (no upper-case toned vowels)."""
    text = article(n)
    return "".join(c if not (c.isupper() and not c.isascii() and c not in "ĂÂĐÊÔƠƯ")
                   else c.lower() for c in text)


def txt(title: str, body: str) -> str:
    return f"{title}\n{body}\n"


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (bytes it has no character for kept as C1 controls)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def jline(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def corpus() -> dict[str, bytes]:
    """File name (relative to corpus/) → bytes."""
    rng = random.Random(20250412)
    f: dict[str, bytes] = {}
    u8 = "utf-8"
    # plain text in every encoding seen in the wild
    f["good-utf8.txt"] = txt("Hội nghị sơ kết quý I", article(0)).encode(u8)
    f["good-utf8-bom.txt"] = codecs.BOM_UTF8 + txt("Trao Huy hiệu Đảng", article(1)).encode(u8)
    f["good-utf16le-bom.txt"] = txt("Kỳ họp bất thường", article(2)).encode("utf-16")
    f["good-utf16be-bom.txt"] = codecs.BOM_UTF16_BE + txt("Lớp bồi dưỡng", article(3)).encode(
        "utf-16-be")
    f["good-utf16le-nobom.txt"] = txt("Hội nghị hiệp thương", article(4)).encode("utf-16-le")
    f["good-cp1258.txt"] = encode_cp1258(txt("Đoàn kiểm tra làm việc", article(5)))
    f["good-tcvn3.txt"] = encode_tcvn3(txt("Đại hội Hội Nông dân", lower_safe(6)))
    f["good-vni.txt"] = encode_vni(txt("Trao quà tết", article(7)))
    f["good-nfd.txt"] = unicodedata.normalize("NFD", txt("Sơ kết quý II", article(8))).encode(u8)
    f["good-old-tones.txt"] = txt(
        "Đảng uỷ phường Hoà Lạc", "Sáng 9/8, Đảng uỷ phường Hoà Lạc khai giảng lớp học cho "
        "đảng viên; đồng chí Bí thư nói về sức khoẻ của tổ chức Đảng. " + article(9)).encode(u8)
    f["good-nbsp-crlf.txt"] = ("Tiếp xúc cử tri\r\nChiều 22/7,\u00a0Thường trực HĐND thị xã\u200b "
                               "tiếp xúc cử tri\x07 tại phường Quang Trung.\r\n"
                               + article(10) + "\r\n").encode(u8)
    f["Bài viết (bản nháp).txt"] = txt("Bản nháp", article(11)).encode(u8)
    f["sub/deeper/nested.txt"] = txt("Tin trong thư mục con", article(12)).encode(u8)
    f[".hidden.txt"] = txt("Tệp ẩn", article(13)).encode(u8)
    stray = txt("Một byte hỏng", article(14)).encode(u8)
    cut = stray.index(b" ", 60)
    f["utf8-stray-byte.txt"] = stray[:cut] + b"\xff" + stray[cut:]
    f["mojibake-repairable.txt"] = mojibake(txt("Tin bị lỗi mã", article(15))).encode(u8)
    f["mojibake-tcvn3-as-unicode.txt"] = encode_tcvn3(
        txt("Văn bản TCVN3 dán vào thư mục", lower_safe(16))).decode("cp1252").encode(u8)
    f["mojibake-hopeless.txt"] = mojibake(mojibake(txt("Lỗi mã hai lần", article(17)))).encode(u8)
    f["x-duplicate-of-good-utf8.txt"] = txt("Cùng nội dung, tiêu đề khác", article(0)).encode(u8)
    # bad text files
    f["empty.txt"] = b""
    f["blank.txt"] = b"  \n\t\n   \n"
    f["title-only.txt"] = "Chỉ có tiêu đề\n\n".encode(u8)
    f["english.txt"] = txt("Quarterly meeting", ENGLISH).encode(u8)
    f["english-latin1.txt"] = txt("Le café", "Le café de la place est fermé le lundi; "
                                  "l'équipe a déjà préparé la fête.").encode("latin-1")
    f["binary-png.txt"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256)
                                                                       for _ in range(300))
    f["random-high-bytes.txt"] = bytes(rng.randrange(128, 256) for _ in range(600))
    f["bad-utf16-bom.txt"] = codecs.BOM_UTF16_LE + b"\x00\xd8" + "Tin".encode("utf-16-le")
    f["notes.md"] = "# Ghi chú\nKhông phải bài báo.\n".encode(u8)
    f["README"] = b"not an article\n"
    # YAML
    f["good-gold.yaml"] = (
        "id: tin-yaml-01\n"
        "source_url: https://baomau.example.vn/tin/hoi-nghi-01.html\n"
        "published: 2025-04-12\n"
        "title: \"Hội nghị sơ kết\"\n"
        "source: Báo Mẫu\n"
        f"text: |\n  {article(18)}\n\n  {S[2]}\n"
        "gold:\n  persons:\n    - Trần Văn Minh\n").encode(u8)
    f["yaml-int-id.yaml"] = (f"id: 20250412\npublished: '12/04/2025'\ntext: \"{article(19)}\"\n"
                             ).encode(u8)
    f["yaml-bad-date.yaml"] = (f"published: một ngày nào đó\ntext: \"{article(20)}\"\n"
                               ).encode(u8)
    f["yaml-dup-url.yaml"] = (f"url: http://www.baomau.example.vn/tin/hoi-nghi-01.html/\n"
                              f"text: \"{article(21)}\"\n").encode(u8)
    for k in (1, 2):  # a feed's home page as url: two different reports, no duplicate
        f[f"yaml-home-url-{k}.yaml"] = (f"id: home-url-{k}\nurl: https://baomau.example.vn/\n"
                                        f"text: \"{article(40 + k)}\"\n").encode(u8)
    f["yaml-text-list.yaml"] = f"title: Danh sách\ntext:\n  - {S[0]}\n  - {S[1]}\n".encode(u8)
    f["yaml-no-text.yaml"] = f"title: Không có nội dung\nbody: \"{S[3]}\"\n".encode(u8)
    f["yaml-not-mapping.yaml"] = f"- {S[0]}\n- {S[1]}\n".encode(u8)
    f["yaml-syntax.yaml"] = f"title: \"Thiếu ngoặc\ntext: {S[0]}\n  : : [\n".encode(u8)
    f["yaml-python-tag.yaml"] = (
        "text: !!python/object/apply:os.system ['echo pwned']\n").encode(u8)
    f["yaml-multi-doc.yaml"] = f"text: \"{S[4]}\"\n---\ntext: \"{S[5]}\"\n".encode(u8)
    f["yaml-empty-text.yaml"] = "title: Trống\ntext: \"   \"\n".encode(u8)
    f["yaml-english.yaml"] = f"text: \"{ENGLISH}\"\n".encode(u8)
    bomb = ['a: &a ["Đảng", "Đảng", "Đảng", "Đảng", "Đảng", "Đảng", "Đảng", "Đảng", "Đảng"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        bomb.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    f["yaml-alias-bomb.yaml"] = ("\n".join([*bomb, "title: *i", "text: *i"]) + "\n").encode(u8)
    # JSON Lines: one file mixing good and bad lines, and whole-file problems
    good = {"id": "tin-01", "title": "Hội nghị", "url": "https://baomau.example.vn/tin/01.html",
            "published": "2025-04-12T08:30:00+07:00", "source": "Báo Mẫu", "text": article(22)}
    lines = [
        jline(good),                                                        # 1
        "",                                                                 # 2 blank
        '{"id": "tin-03" "text": "Sáng 12/4, đồng chí Minh chủ trì."}',     # 3
        jline([article(23)]),                                               # 4
        jline({"id": "tin-05", "title": "Không có text"}),                  # 5
        jline({"id": "tin-06", "text": 12345}),                             # 6
        jline({"id": "tin-07", "text": ENGLISH}),                           # 7
        jline({"id": "tin-08", "url": "https://baomau.example.vn/tin/01.html#binh-luan",
               "text": article(24)}),                                       # 8
        jline({"id": "tin-09", "url": "https://baomau.example.vn/tin/09.html",
               "text": article(22)}),                                       # 9
        jline({"title": "Không có id", "text": article(25)}),               # 10
        jline({"id": "../../etc/passwd", "text": article(26)}),             # 11
        jline({"id": "tin-01", "text": article(27)}),                       # 12
        json.dumps({"id": "tin-13", "text": article(28) + "\u0000"})[:-2]
        + '\\ud800"}',                                                      # 13
        "[" * 5000 + "]" * 5000,                                            # 14
        jline({"id": "tin-15", "published": "2025-13-45", "text": article(29)}),   # 15
        jline({"id": "tin-16", "text": mojibake(article(30))}),             # 16
        jline({"id": "tin-17", "title": {"vi": "Tiêu đề"}, "text": article(31)}),  # 17
        '{"id": "tin-18", "text": "Sáng 12/4, đồng chí Trần Văn Minh chủ trì hội ngh',  # 18 cut
    ]
    f["mixed.jsonl"] = "\n".join(lines).encode(u8)
    f["bom.jsonl"] = codecs.BOM_UTF8 + (jline({"id": "tin-bom", "text": article(32)}) + "\n"
                                        ).encode(u8)
    f["utf16.jsonl"] = (jline({"id": "tin-utf16", "text": article(33)}) + "\n").encode("utf-16")
    f["crlf.jsonl"] = (jline({"id": "tin-crlf-1", "text": article(34)}) + "\r\n"
                       + jline({"id": "tin-crlf-2", "text": article(35)}) + "\r\n").encode(u8)
    # lines ended the classic Mac OS way (a lone CR): two records, not one line of both
    f["mac-cr.jsonl"] = (jline({"id": "tin-cr-1", "text": article(37)}) + "\r"
                         + jline({"id": "tin-cr-2", "text": article(38)}) + "\r").encode(u8)
    # UTF-16 with U+2028 and U+0085 inside a string: text, not line breaks, as in UTF-8
    f["utf16-separators.jsonl"] = "\n".join([
        jline({"id": "tin-u16-1", "text": article(39) + "\u2028Tin số 39b.\u0085Hết."}),
        jline({"id": "tin-u16-2", "text": article(40)})]).encode("utf-16")
    f["legacy-lines.jsonl"] = (
        encode_tcvn3(jline({"id": "tin-tcvn3", "text": lower_safe(36)})) + b"\n"
        + b'{"id": "tin-junk", "text": "' + bytes(rng.randrange(128, 256) for _ in range(200))
        + b'"}\n')
    f["empty.jsonl"] = b""
    f["blank-lines.jsonl"] = b"\n  \n\r\n"
    f["binary.jsonl"] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + bytes(
        rng.randrange(256) for _ in range(400))
    # HTML pages
    page = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="{charset}">'
        "<title>{title} - Báo Mẫu</title>"
        '<meta property="og:title" content="{title}">'
        '<meta property="og:site_name" content="Báo Mẫu">'
        '<meta property="article:published_time" content="2025-05-03T16:00:00+07:00">'
        '<meta name="author" content="Lê Thu Trang">'
        '<link rel="canonical" href="https://baomau.example.vn/tin/{slug}.html">'
        "</head><body><nav><ul><li><a href='/'>Trang chủ</a></li><li>Thời sự</li></ul></nav>"
        "<article><h1>{title}</h1><p>{p1}</p>"
        '<figure><img src="a.jpg" alt="ảnh"><figcaption>Đồng chí Phạm Quốc Bảo trao huy hiệu '
        "cho đảng viên. Ảnh: Lê Thu Trang</figcaption></figure><p>{p2}</p>"
        '<table class="image"><tr><td><img src="b.jpg"></td></tr><tr><td class="image_desc">'
        "Các đại biểu dự buổi lễ.</td></tr></table><p>{p3}</p>"
        '<p class="author">Lê Thu Trang</p></article>'
        "<footer>Bản quyền thuộc Báo Mẫu. Liên hệ quảng cáo.</footer></body></html>")
    f["page-good.html"] = page.format(
        charset="utf-8", title="Trao Huy hiệu 40 năm tuổi Đảng", slug="trao-huy-hieu",
        p1=S[1], p2=S[0], p3=S[6]).encode(u8)
    f["page-cp1258.html"] = encode_cp1258(page.format(
        charset="windows-1258", title="Đại hội Hội Nông dân xã", slug="dai-hoi-nong-dan",
        p1=S[6], p2=S[3], p3=S[5]))
    f["page-nav-only.html"] = (
        "<html><head><title>Báo Mẫu</title></head><body><nav><a href='/'>Trang chủ</a> "
        "<a href='/ts'>Thời sự</a></nav><footer>Bản quyền Báo Mẫu</footer></body></html>"
    ).encode(u8)
    f["page-english.html"] = (f"<html><head><title>News</title></head><body><article><p>{ENGLISH}"
                              f"</p><p>{ENGLISH}</p></article></body></html>").encode(u8)
    f["page-empty.html"] = b""
    f["page-broken.html"] = (f"<html><body><div><p>{S[4]}<p>{S[7]}<div><b>{S[2]}"
                             "<table><tr><td>").encode(u8)
    return f


def write(out: Path) -> list[Path]:
    written = []
    for name, data in sorted(corpus().items()):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "corpus"
    print(f"wrote {len(write(target))} files to {target}")
