#!/usr/bin/env python3
"""Dependency policy of the Rust workspace, checked offline from `cargo metadata`.

    python3 scripts/check_deps.py [--manifest-path Cargo.toml]

Three rules, in the spirit of `cargo deny check licenses bans sources`:

- licenses: every package's SPDX expression must be satisfiable with the licences in
  ALLOWED (permissive ones; `OR` needs one side allowed, `AND` both, `WITH` an exception
  keeps the licence), and every package must state one;
- sources: every package comes from crates.io or is one of the workspace's own (no git
  or other registries);
- bans: none of BANNED is in the tree (native TLS/crypto stacks and the like that the
  library must not pull in).

Prints a summary and every violation; exits 1 when there is any. Reads the lock file as
it is (`--locked`): `cargo fetch --locked` first brings every package it names, for every
platform (android_system_properties, the winapi crates … that only other targets build),
into the Cargo home, then `cargo metadata --offline` reads their manifests. On a warm cache
the fetch downloads nothing; on a fresh machine (an empty `CARGO_HOME`) it downloads what
the metadata needs, which `--offline` alone could not.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter

ALLOWED = {
    "MIT",
    "MIT-0",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "CC0-1.0",
    "BSL-1.0",
    "Unlicense",
    "0BSD",
}
CRATES_IO = "registry+https://github.com/rust-lang/crates.io-index"
BANNED = {
    "openssl": "native TLS is not wanted in a library without network I/O",
    "openssl-sys": "native TLS is not wanted in a library without network I/O",
    "native-tls": "native TLS is not wanted in a library without network I/O",
    "reqwest": "the library and the command make no network requests",
    "hyper": "the library and the command make no network requests",
}


def tokens(expr: str) -> list[str]:
    # old crates write "MIT/Apache-2.0" for "MIT OR Apache-2.0"
    expr = expr.replace("/", " OR ")
    return re.findall(r"\(|\)|[A-Za-z0-9.+\-]+", expr)


def allowed(expr: str) -> bool:
    """Whether an SPDX expression can be met with licences in ALLOWED."""
    toks = tokens(expr)
    pos = 0

    def parse_or() -> bool:
        nonlocal pos
        ok = parse_and()
        while pos < len(toks) and toks[pos] == "OR":
            pos += 1
            right = parse_and()
            ok = ok or right
        return ok

    def parse_and() -> bool:
        nonlocal pos
        ok = parse_with()
        while pos < len(toks) and toks[pos] == "AND":
            pos += 1
            right = parse_with()
            ok = ok and right
        return ok

    def parse_with() -> bool:
        nonlocal pos
        ok = parse_atom()
        if pos < len(toks) and toks[pos] == "WITH":
            pos += 2  # an exception only widens what the licence allows
        return ok

    def parse_atom() -> bool:
        nonlocal pos
        if pos >= len(toks):
            raise ValueError(f"unexpected end of `{expr}`")
        tok = toks[pos]
        pos += 1
        if tok == "(":
            ok = parse_or()
            if pos >= len(toks) or toks[pos] != ")":
                raise ValueError(f"unbalanced parentheses in `{expr}`")
            pos += 1
            return ok
        return tok in ALLOWED

    ok = parse_or()
    if pos != len(toks):
        raise ValueError(f"cannot read `{expr}`")
    return ok


def self_test() -> None:
    """The expression reader on known cases, so a broken reader cannot pass everything."""
    for expr, want in [
        ("MIT OR Apache-2.0", True),
        ("MIT/Apache-2.0", True),
        ("(Apache-2.0 OR MIT) AND BSD-3-Clause", True),
        ("Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT", True),
        ("GPL-3.0-only", False),
        ("MIT AND GPL-3.0-only", False),
        ("GPL-3.0-only OR MIT", True),
        ("(MIT OR GPL-2.0-only) AND LGPL-2.1-or-later", False),
    ]:
        assert allowed(expr) == want, (expr, want)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifest-path", default="Cargo.toml")
    args = parser.parse_args()
    self_test()
    subprocess.run(
        ["cargo", "fetch", "--locked", "--quiet", "--manifest-path", args.manifest_path],
        check=True,
    )
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--offline", "--manifest-path", args.manifest_path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    meta = json.loads(out)
    workspace = set(meta["workspace_members"])
    problems: list[str] = []
    licences: Counter[str] = Counter()
    for p in meta["packages"]:
        name = f"{p['name']} {p['version']}"
        ours = p["id"] in workspace
        lic = p.get("license")
        if not lic:
            problems.append(f"licenses: {name} states no licence (license-file: {p.get('license_file')})")
        else:
            licences[lic] += 1
            try:
                if not allowed(lic):
                    problems.append(f"licenses: {name} is `{lic}`, not among the allowed licences")
            except ValueError as e:
                problems.append(f"licenses: {name}: {e}")
        source = p.get("source")
        if not ours and source != CRATES_IO:
            problems.append(f"sources: {name} comes from `{source}`, not crates.io")
        if p["name"] in BANNED:
            problems.append(f"bans: {name}: {BANNED[p['name']]}")
    n = len(meta["packages"])
    print(f"dependency policy: {n} packages ({len(workspace)} of the workspace), {len(licences)} licence expressions")
    for p in problems:
        print(f"  {p}")
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
