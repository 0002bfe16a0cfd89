"""A deterministic generator of SYNTHETIC household records (一户一档) in JSON Lines.

    python3 bench/households.py OUT.jsonl [--n 200000] [--seed 18] [--corrupt-every 20]

Every record is made up (names, ID numbers, villages, incomes); none is a real household.
A record is about 2 KB: a household of four (householder, spouse, two children) with ID
numbers that agree with their birth dates and sexes, income components that add up to the
per-capita income, the six guarantees, the network fields, a helper cadre, three measures,
a status history and an income history.

One record in `corrupt_every` (rows 1-based: `corrupt_every`, 2×`corrupt_every`, ...) has
exactly one known corruption, cycling through `CORRUPTIONS`: a wrong check digit in a
member's ID number, a negative per-capita income, a 10-digit village code, an unknown cause.
`corrupted_rows(n, corrupt_every)` gives their rows, so a validator's findings can be compared.
ID numbers are unique across the file (no record is a duplicate person of another).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

CORRUPTIONS = ("check_digit", "negative_income", "village_10_digits", "unknown_cause")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
COUNTIES = ("522327", "522328", "522325", "522326", "533324", "530629", "623027", "513431")
# ten distinct causes (a key and its Chinese label are the same cause)
CAUSES = ("因病", "因残", "因学", "缺技术", "缺劳力", "缺资金", "lack_of_land", "lack_of_water",
          "交通条件落后", "自身发展动力不足")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "秀英华明国芳建军丽强平伟敏静磊洋艳勇杰娟涛超霞刚"
UNITS = ("县扶贫办", "县农业农村局", "县教育局", "县卫生健康局", "乡人民政府", "县财政局")
MEASURES = ("industry", "employment", "education", "health", "housing", "network",
            "social_security", "finance")
DESCRIPTIONS = ("发放产业扶持资金用于养殖", "安排公益性岗位就业", "落实教育资助政策",
                "家庭医生签约服务", "农村危房改造补助", "宽带入户并开展电商培训",
                "纳入农村低保兜底保障", "扶贫小额信贷五万元")


def check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of 17 digits."""
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def corrupted_rows(n: int, corrupt_every: int = 20) -> list[int]:
    """The 1-based rows that carry a corruption."""
    return list(range(corrupt_every, n + 1, corrupt_every)) if corrupt_every > 0 else []


class Generator:
    """Makes records one at a time from a seed; the same seed gives the same file."""

    def __init__(self, seed: int = 18, corrupt_every: int = 20) -> None:
        self.rng = random.Random(seed)
        self.corrupt_every = corrupt_every
        self.ids: set[str] = set()

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))

    def id_number(self, county: str, birth: dt.date, male: bool) -> str:
        r = self.rng
        while True:
            seq = r.randint(0, 99) * 10 + int(r.choice("13579") if male else r.choice("02468"))
            first17 = f"{county}{birth:%Y%m%d}{seq:03d}"
            full = first17 + check_char(first17)
            if full not in self.ids:
                self.ids.add(full)
                return full

    def member(self, county: str, relation: str, male: bool, born: dt.date) -> dict:
        r = self.rng
        child = relation == "child"
        m = {
            "name": self.name(),
            "relation": relation,
            "id_number": self.id_number(county, born, male),
            "sex": "male" if male else "female",
            "birth_date": born.isoformat(),
            "education": r.choice(("primary", "junior_secondary", "senior_secondary"))
            if child else r.choice(("illiterate", "primary", "junior_secondary")),
            "health": r.choice(("healthy", "healthy", "chronic_illness")),
            "labour": "none" if child else r.choice(("ordinary", "skilled", "weak")),
            "migrant_months": 0 if child else r.randint(0, 10),
            "insurance": {"basic_medical": True, "serious_illness": True, "pension": not child},
        }
        if child:
            m["school"] = r.choice(("primary", "junior_secondary"))
        return m

    def record(self, row: int) -> dict:
        r = self.rng
        county = r.choice(COUNTIES)
        village = f"{county}{r.randint(100, 120)}{r.randint(201, 299)}"
        year = r.choice((2014, 2015, 2016))
        day = lambda y0, y1: dt.date(r.randint(y0, y1), r.randint(1, 12), r.randint(1, 28))
        male_head = r.random() < 0.7
        members = [
            self.member(county, "householder", male_head, day(1950, 1975)),
            self.member(county, "spouse", not male_head, day(1950, 1975)),
            self.member(county, "child", r.random() < 0.5, day(2003, 2012)),
            self.member(county, "child", r.random() < 0.5, day(2003, 2012)),
        ]
        wages, business, prop, transfers = (r.randint(3000, 12000), r.randint(-500, 4000),
                                            r.randint(0, 600), r.randint(500, 3000))
        total = wages + business + prop + transfers
        exited = r.random() < 0.6
        status = "exited" if exited else "poor"
        history = [{"date": f"{year}-03-15", "status": "poor", "note": "建档立卡"}]
        if exited:
            history.append({"date": "2019-11-20", "status": "exited", "note": "验收合格"})
        main = r.choice(CAUSES)
        other = [c for c in r.sample(CAUSES, 2) if c != main][:1]
        rec = {
            "file_number": f"{village}{row:07d}",
            "village": village,
            "identified_year": year,
            "status": status,
            "status_history": history,
            "income_per_capita": round(total / 4, 2),
            "income": {"wages": wages, "business": business, "property": prop,
                       "transfers": transfers},
            "income_history": [{"year": 2018, "per_capita": r.randint(2500, 4500)},
                               {"year": 2019, "per_capita": r.randint(3500, 6000)}],
            "main_cause": main,
            "other_causes": other,
            "guarantees": {"food": True, "clothing": True, "compulsory_education": True,
                           "basic_medical": True, "safe_housing": True,
                           "safe_water": r.random() < 0.95},
            "network": {"terminal": True, "broadband": r.random() < 0.8,
                        "ecommerce": r.random() < 0.3, "online_training": r.random() < 0.4},
            "helper": {"name": self.name(), "unit": r.choice(UNITS),
                       "phone": f"13{r.randint(0, 9)}{r.randint(0, 99999999):08d}"},
            "measures": [
                {"kind": k, "year": r.randint(year, 2020),
                 "description": DESCRIPTIONS[MEASURES.index(k)]}
                | ({"project": "network_coverage"} if k == "network" else {})
                for k in r.sample(MEASURES, 3)
            ],
            "members": members,
        }
        if self.corrupt_every and row % self.corrupt_every == 0:
            kind = CORRUPTIONS[(row // self.corrupt_every - 1) % len(CORRUPTIONS)]
            self.corrupt(rec, kind)
        return rec

    def corrupt(self, rec: dict, kind: str) -> None:
        """Breaks `rec` in one known way."""
        if kind == "check_digit":
            m = self.rng.choice(rec["members"])
            good = m["id_number"]
            bad = next(c for c in "0123456789X" if c != good[-1])
            m["id_number"] = good[:-1] + bad
        elif kind == "negative_income":
            rec["income_per_capita"] = -abs(rec["income_per_capita"]) - 1
        elif kind == "village_10_digits":
            rec["village"] = rec["village"][:10]
        elif kind == "unknown_cause":
            rec["main_cause"] = "因懒"


def write(path: Path, n: int, seed: int = 18, corrupt_every: int = 20) -> None:
    """Writes `n` records to `path` (JSON Lines, UTF-8, non-ASCII kept)."""
    gen = Generator(seed, corrupt_every)
    with open(path, "w", encoding="utf-8") as f:
        for row in range(1, n + 1):
            f.write(json.dumps(gen.record(row), ensure_ascii=False, separators=(", ", ": ")))
            f.write("\n")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--n", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--corrupt-every", type=int, default=20)
    a = p.parse_args()
    write(a.out, a.n, a.seed, a.corrupt_every)
    print(f"wrote {a.n} records to {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
