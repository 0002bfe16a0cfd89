#!/usr/bin/env bash
# Builds the npm package `fupin` into bindings/wasm/pkg/:
#   cargo (wasm32-unknown-unknown, profile wasm-release) -> wasm-bindgen --target web
#   -> wasm-opt -Oz (npm binaryen) -> package.json, the Node entry, the generated types.
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli at the version in Cargo.lock
# (on PATH or in .tools/bin), and `npm ci` done in bindings/wasm (binaryen, typescript).
# Set FUPIN_WASM_FEATURES=--no-default-features to leave out the county table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
export PATH="$repo/.tools/bin:$PATH"

want="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
if [ "$have" != "$want" ]; then
    echo "wasm-bindgen $want is needed (found: ${have:-none}); scripts/test installs it" >&2
    exit 1
fi

pkg="$here/pkg"
target="$repo/target"
features="${FUPIN_WASM_FEATURES:-}"

# 1. the module; the build script's OUT_DIR holds the generated types (types.d.ts/.json)
# shellcheck disable=SC2086
cargo build --locked -p fupin-wasm --target wasm32-unknown-unknown --profile wasm-release \
    $features --message-format=json-render-diagnostics > "$target/fupin-wasm-build.jsonl"
out_dir="$(node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
  const m = lines.map(l => JSON.parse(l))
    .filter(m => m.reason === "build-script-executed" && m.package_id.includes("fupin-wasm"));
  process.stdout.write(m.length ? m[m.length - 1].out_dir : "");
' "$target/fupin-wasm-build.jsonl")"
[ -n "$out_dir" ] || { echo "no build-script output found for fupin-wasm" >&2; exit 1; }

# 2. JS glue and declarations (ES module for browsers and bundlers)
rm -rf "$pkg"
wasm-bindgen --target web --out-dir "$pkg" --out-name fupin \
    "$target/wasm32-unknown-unknown/wasm-release/fupin_wasm.wasm"
raw_bindgen=$(wc -c < "$pkg/fupin_bg.wasm")

# 3. size: npm binaryen's wasm-opt (Debian's corrupts current wasm-bindgen output)
# (-Oz until it no longer shrinks: --converge; no custom sections: --strip-*). Rust's
# wasm32 modules are linked stack first (the stack grows down from 1 MiB towards 0, data
# and heap above it), so the low 1 KiB is the far end of the stack, reached only by a stack
# about to overflow: binaryen may assume it unused (--low-memory-unused) and fold pointer
# offsets into loads and stores (5 KB less gzipped).
"$here/node_modules/.bin/wasm-opt" -Oz --converge --low-memory-unused --strip-debug --strip-producers --enable-bulk-memory --enable-reference-types \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-multivalue "$pkg/fupin_bg.wasm" -o "$pkg/fupin_bg.wasm"

# 4. the package: Node entry, the types as data, package.json with the crate's version
cp "$here/js/node.js" "$here/js/node.d.ts" "$pkg/"
cp "$out_dir/types.json" "$pkg/types.json"
cp "$here/README.md" "$pkg/README.md"
cp "$repo/LICENSE-MIT" "$repo/LICENSE-APACHE" "$pkg/"
# the township and village table, loaded only by pages that call loadVillageNames (feature
# `villages`); the same bytes as the Rust crate embeds, with their licence notices
cp "$repo/crates/fupin-data-villages/data/villages-2023.fpv.gz" "$pkg/"
cp "$repo/crates/fupin-data-villages/LICENSES-DATA.md" "$pkg/LICENSES-DATA-villages.md"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -1)"
sed "s/@VERSION@/$version/" "$here/js/package.json" > "$pkg/package.json"
rm -f "$pkg/.gitignore"

raw=$(wc -c < "$pkg/fupin_bg.wasm")
gz=$(gzip -9 -c "$pkg/fupin_bg.wasm" | wc -c)
printf 'fupin_bg.wasm: %s bytes after wasm-bindgen, %s after wasm-opt -Oz --converge, %s gzipped%s\n' \
    "$raw_bindgen" "$raw" "$gz" "${features:+ ($features)}" | tee "$target/fupin-wasm-size.txt"
printf 'villages-2023.fpv.gz: %s bytes (loaded separately)\n' "$(wc -c < "$pkg/villages-2023.fpv.gz")"
