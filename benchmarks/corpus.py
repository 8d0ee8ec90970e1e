"""A reproducible, genre-true corpus of provincial Party and state news, for speed only.

Run: ``python benchmarks/corpus.py --articles N [--seed S] -o corpus.jsonl``. The same seed
and size give the same bytes. Each article is one of the report kinds of the domain notes
(``shared/docs/domain.md``): a personnel decision announced at a conference (appointment,
transfer, retirement), a Party congress electing its committee and secretary, an HĐND
session electing and relieving officers, and a working visit or training course with its
participants. Half are set before 1 July 2025 (three tiers: tỉnh, huyện, xã; Huyện ủy,
UBND huyện), half after (two tiers: tỉnh, xã; Đảng ủy xã). Places come from the gazetteer
the project uses (``vietnamadminunits``' data, one era each); family names from
``ontology/vocab/person-cues.ttl``; middle and given names are syllables of commune names of
that gazetteer. People recur: each province has a pool of officials, so that one person is
named by several reports, as in a real feed. Nothing is checked against what the extractor
finds: this corpus measures time and memory, not accuracy.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from orggraph.gazetteer import Gazetteer, Unit, default_gazetteer
from orggraph.vocab import load_vocabulary

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII")
OFFICIALS_PER_PROVINCE = 60  # a pool: the same names come back in later reports


@dataclass(frozen=True)
class Province:
    unit: Unit
    districts: tuple[Unit, ...]  # empty after 2025 (no district tier)
    communes: tuple[Unit, ...]
    officials: tuple[str, ...]


@dataclass(frozen=True)
class Era:
    name: str  # the gazetteer's era
    years: tuple[int, ...]
    months: tuple[int, ...]
    term: str  # nhiệm kỳ of the current congresses
    provinces: tuple[Province, ...]


def _syllables(gz: Gazetteer) -> list[str]:
    """Name-like syllables: every word of a commune name that is a capitalised letter word."""
    found = set()
    for unit in gz.units(level="commune"):
        for word in unit.name.split():
            if word.isalpha() and word[0].isupper() and len(word) > 1:
                found.add(word)
    return sorted(found)


def _eras(gz: Gazetteer, rng: random.Random) -> tuple[Era, Era]:
    surnames = sorted(c.labels[0] for c in load_vocabulary().surnames.values() if c.labels)
    syllables = _syllables(gz)

    def person() -> str:
        return " ".join([rng.choice(surnames), rng.choice(syllables), rng.choice(syllables)])

    def provinces(era: str) -> tuple[Province, ...]:
        out = []
        for p in gz.units(era=era, level="province"):
            below = gz.children(p)
            districts = tuple(u for u in below if u.level == "district")
            communes = tuple(c for d in districts for c in gz.children(d)) if districts \
                else tuple(u for u in below if u.level == "commune")
            if communes:
                out.append(Province(p, districts, communes,
                                    tuple(person() for _ in range(OFFICIALS_PER_PROVINCE))))
        return tuple(out)

    return (Era("pre2025", (2021, 2022, 2023, 2024), tuple(range(1, 13)), "2020-2025",
                provinces("pre2025")),
            Era("2025", (2025,), (7, 8, 9, 10, 11, 12), "2025-2030", provinces("2025")))


def _short(unit: Unit) -> str:
    """"Thanh Hóa" for "tỉnh Thanh Hóa"; a numbered district keeps its type ("Quận 1")."""
    return unit.name if not unit.name.isdigit() else unit.label


class Writer:
    """Articles of one kind after another, drawn from ``rng``; see the module doc."""

    def __init__(self, seed: int, gz: Gazetteer | None = None) -> None:
        self.rng = random.Random(seed)
        self.eras = _eras(gz or default_gazetteer(), self.rng)

    def articles(self, n: int) -> Iterator[dict[str, str]]:
        kinds = (self.appointment, self.congress, self.council, self.visit)
        for k in range(n):
            era = self.eras[k % 2]
            prov = self.rng.choice(era.provinces)
            year, month = self.rng.choice(era.years), self.rng.choice(era.months)
            day = self.rng.randint(1, 28)
            title, paragraphs = kinds[(k // 2) % len(kinds)](era, prov, day, month)
            paragraphs.append(self.filler(prov))
            paragraphs.append(f"Bản tin số {k}.")  # unique: ingest drops repeated texts
            yield {"id": f"bench-{k:06d}", "title": title, "text": "\n\n".join(paragraphs),
                   "published": f"{year}-{month:02d}-{day:02d}",
                   "source": f"Báo {_short(prov.unit)}"}

    # -- the pieces of a report ----------------------------------------------------------------

    def _people(self, prov: Province, n: int) -> list[str]:
        return self.rng.sample(prov.officials, n)

    def _local(self, era: Era, prov: Province) -> tuple[str, str, str]:
        """The local committee's name, its level word and its place ("Huyện ủy Quan Sơn",
        "huyện", "Quan Sơn"); a commune's Đảng ủy after 2025."""
        if prov.districts and self.rng.random() < 0.7:
            d = self.rng.choice(prov.districts)
            kind = {"quận": "Quận ủy", "thị xã": "Thị ủy", "thành phố": "Thành ủy"}.get(
                d.type, "Huyện ủy")
            return f"{kind} {_short(d)}", d.type, _short(d)
        c = self.rng.choice(prov.communes)
        return f"Đảng ủy {c.type} {_short(c)}", c.type, _short(c)

    def appointment(self, era: Era, prov: Province, day: int, month: int
                    ) -> tuple[str, list[str]]:
        p = _short(prov.unit)
        leader, new, old, deputy = self._people(prov, 4)
        body, level, place = self._local(era, prov)
        session = self.rng.choice(("Sáng", "Chiều"))
        return (f"Công bố quyết định về công tác cán bộ tại {body}", [
            f"{session} {day}/{month}, Ban Thường vụ Tỉnh ủy {p} tổ chức hội nghị công bố "
            f"quyết định về công tác cán bộ. Dự hội nghị có đồng chí {leader}, Phó Bí thư "
            f"Thường trực Tỉnh ủy {p}.",
            f"Theo đó, đồng chí {new}, Ủy viên Ban Thường vụ, Phó Bí thư {body}, được chỉ định "
            f"giữ chức Bí thư {body} nhiệm kỳ {era.term}. Đồng chí {old}, nguyên Bí thư {body}, "
            f"được điều động, bổ nhiệm giữ chức Phó Giám đốc Sở Nội vụ tỉnh {p}.",
            f"Cũng tại hội nghị, đồng chí {deputy} được bầu giữ chức Chủ tịch Ủy ban nhân dân "
            f"{level} {place}.",
            f"Phát biểu giao nhiệm vụ, đồng chí {leader} đề nghị đồng chí {new.split()[-1]} "
            "cùng tập thể Ban Thường vụ đoàn kết, phát huy dân chủ, hoàn thành tốt nhiệm vụ.",
        ])

    def congress(self, era: Era, prov: Province, day: int, month: int) -> tuple[str, list[str]]:
        p = _short(prov.unit)
        guest, secretary, deputy, chair = self._people(prov, 4)
        c = self.rng.choice(prov.communes)
        n = self.rng.choice(ROMAN[:5] if era.name == "2025" else ROMAN[10:])
        members = self.rng.randint(9, 19)
        return (f"Đại hội đại biểu Đảng bộ {c.type} {_short(c)} lần thứ {n}, nhiệm kỳ "
                f"{era.term}", [
            f"Ngày {day}/{month}, Đảng bộ {c.type} {_short(c)} long trọng tổ chức Đại hội đại "
            f"biểu lần thứ {n}, nhiệm kỳ {era.term}. Dự đại hội có đồng chí {guest}, Ủy viên "
            f"Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy {p}.",
            f"Đại hội đã bầu Ban Chấp hành Đảng bộ {c.type} khóa {n} gồm {members} đồng chí. "
            f"Tại phiên họp thứ nhất, đồng chí {secretary} được bầu giữ chức Bí thư Đảng ủy "
            f"{c.type} {_short(c)}; đồng chí {deputy} được bầu giữ chức Phó Bí thư Đảng ủy, "
            f"Chủ tịch Ủy ban nhân dân {c.type}.",
            f"Đồng chí {chair}, Chủ tịch Ủy ban Mặt trận Tổ quốc {c.type} {_short(c)} phát "
            "biểu tham luận về công tác vận động nhân dân.",
        ])

    def council(self, era: Era, prov: Province, day: int, month: int) -> tuple[str, list[str]]:
        p = _short(prov.unit)
        chair, elected, relieved, speaker = self._people(prov, 4)
        n = self.rng.randint(5, 30)
        khoa = "XVIII" if era.name == "pre2025" else "XIX"
        return (f"Kỳ họp thứ {n} Hội đồng nhân dân tỉnh {p} khóa {khoa}", [
            f"Sáng {day}/{month}, HĐND tỉnh {p} khóa {khoa}, nhiệm kỳ 2021-2026 tổ chức kỳ "
            f"họp thứ {n} (kỳ họp chuyên đề). Đồng chí {chair}, Phó Bí thư Tỉnh ủy, Chủ tịch "
            f"HĐND tỉnh chủ trì kỳ họp.",
            f"Kỳ họp đã miễn nhiệm chức vụ Phó Chủ tịch UBND tỉnh đối với ông {relieved} do "
            f"nghỉ hưu theo chế độ. Với 100% đại biểu có mặt tán thành, ông {elected}, Giám đốc "
            f"Sở Tài chính, được bầu giữ chức Phó Chủ tịch UBND tỉnh {p}.",
            f"Phát biểu tại kỳ họp, bà {speaker}, Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh "
            "trình bày báo cáo thẩm tra các tờ trình.",
        ])

    def visit(self, era: Era, prov: Province, day: int, month: int) -> tuple[str, list[str]]:
        p = _short(prov.unit)
        lead, host, other = self._people(prov, 3)
        body, level, place = self._local(era, prov)
        return (f"Bí thư Tỉnh ủy {p} làm việc với {body}", [
            f"Chiều {day}/{month}, đồng chí {lead}, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, "
            f"Chủ tịch HĐND tỉnh {p} đã có buổi làm việc với Ban Thường vụ {body} về tình hình "
            "thực hiện nhiệm vụ chính trị.",
            f"Cùng dự có các đồng chí: {other}, Ủy viên Ban Thường vụ Tỉnh ủy, Chủ nhiệm Ủy "
            f"ban Kiểm tra Tỉnh ủy; lãnh đạo các sở, ngành của tỉnh.",
            f"Báo cáo tại buổi làm việc, đồng chí {host}, Bí thư {body} cho biết, "
            f"{level} {place} đã tập trung lãnh đạo phát triển kinh tế - xã hội, giữ vững quốc "
            "phòng, an ninh.",
        ])

    def filler(self, prov: Province) -> str:
        """A paragraph of figures without names, as reports have between the facts."""
        c = self.rng.choice(prov.communes)
        return (f"Năm qua, thu nhập bình quân đầu người tại {c.type} {_short(c)} đạt "
                f"{self.rng.randint(30, 90)} triệu đồng; tỷ lệ hộ nghèo giảm còn "
                f"{self.rng.randint(1, 9)},{self.rng.randint(0, 9)}%. Công tác xây dựng Đảng "
                "và hệ thống chính trị được chú trọng, an ninh trật tự được giữ vững.")


def write_corpus(n: int, path: str | Path, seed: int = 1) -> int:
    """Write ``n`` articles as JSON Lines to ``path``; return the bytes of text written.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> write_corpus(3, os.path.join(d, "a.jsonl")) == write_corpus(3, os.path.join(d, "b.jsonl"))
    True
    """
    size = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for record in Writer(seed).articles(n):
            size += len(record["text"].encode())
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--out", required=True)
    args = ap.parse_args()
    size = write_corpus(args.articles, args.out, args.seed)
    print(f"{args.articles} articles, {size / 1e6:.1f} MB of text → {args.out}")


if __name__ == "__main__":
    main()
