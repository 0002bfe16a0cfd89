// One version for the crates, the Python package and the npm package: the package built into
// pkg/ carries the workspace's version (set once, in Cargo.toml), and the CHANGELOG has it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const read = (rel) => readFileSync(new URL(rel, import.meta.url), 'utf8');

test('the npm package has the workspace version, which the CHANGELOG names', () => {
  const cargo = read('../../../Cargo.toml').split('[workspace.package]')[1];
  const version = /^version = "([^"]+)"/m.exec(cargo)[1];
  assert.equal(JSON.parse(read('../pkg/package.json')).version, version);
  assert.ok(read('../../../CHANGELOG.md').includes(`## [${version}]`));
});
