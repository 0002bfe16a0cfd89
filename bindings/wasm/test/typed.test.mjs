// Runs test/typed.ts as compiled by `tsc -p bindings/wasm` (into .test-build/) against the
// Node build: typed code that compiles must also hold at run time.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as f from '../pkg/node.js';
import { exercise } from '../.test-build/test/typed.js';

test('typed use of the package compiles (tsc) and holds at run time', () => {
  const done = exercise(f);
  assert.ok(done.length >= 12, done.join(', '));
});
