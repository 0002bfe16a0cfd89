// The naming table docs/names.md is true for JS: every name in its JS column is a function
// of the package, every exported function is in it, and every deprecated name (struck
// through) is declared `@deprecated` and gives what its new name gives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import * as f from '../pkg/node.js';

const table = readFileSync(new URL('../../../docs/names.md', import.meta.url), 'utf8');
const declarations = readFileSync(new URL('../pkg/fupin.d.ts', import.meta.url), 'utf8');
const fixture = (rel) =>
  JSON.parse(readFileSync(new URL(`../../../tests/fixtures/${rel}`, import.meta.url), 'utf8'));

/** The JS cell of every row of every table (the column headed `JS`). */
function jsCells() {
  const cells = [];
  let column = null;
  for (const line of table.split('\n')) {
    if (!line.startsWith('|')) {
      column = null;
      continue;
    }
    const row = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
    if (column === null) {
      column = row.indexOf('JS');
      assert.ok(column >= 0, `a table of names.md without a JS column: ${line}`);
    } else if (!/^[|\-: ]+$/.test(line)) {
      cells.push(row[column]);
    }
  }
  return cells;
}

const current = [];
const deprecated = [];
for (const cell of jsCells()) {
  for (const [, struck, name] of cell.matchAll(/(~~)?`([^`]+)`(~~)?/g)) {
    (struck ? deprecated : current).push(name);
  }
}

/** The comment declared above `export function name(` in fupin.d.ts. */
function doc(name) {
  const at = declarations.indexOf(`export function ${name}(`);
  assert.ok(at >= 0, `${name} is not declared in fupin.d.ts`);
  const start = declarations.lastIndexOf('/**', at);
  const end = declarations.lastIndexOf('*/', at);
  return start >= 0 && end > start && declarations.slice(end, at).trim() === '*/'
    ? declarations.slice(start, end)
    : '';
}

test('every JS name of the table is a function of the package', () => {
  assert.ok(current.length >= 35 && deprecated.length >= 3, `${current.length} names`);
  for (const name of [...current, ...deprecated]) {
    assert.equal(typeof f[name], 'function', name);
  }
});

test('every exported function is in the table', () => {
  const listed = new Set([...current, ...deprecated]);
  for (const [name, value] of Object.entries(f)) {
    // (init, initSync and start instantiate the module; __panicForTests is for the tests)
    const machinery = ['default', 'initSync', 'start'].includes(name) || name.startsWith('__');
    if (typeof value === 'function' && !machinery) {
      assert.ok(listed.has(name), `${name} is not in docs/names.md`);
    }
  }
});

// each deprecated name with its new name and arguments both take
const valid = fixture('households/valid_full.json').input;
const CALLS = {
  getDivision: ['division', ['522327', '2016']],
  resolveName: ['resolve', ['长阳']],
  checkHousehold: ['parseAndValidateHousehold', [valid, '2020-06-30']],
};

test('every deprecated name is declared @deprecated, names its new name and does the same', () => {
  assert.deepEqual([...deprecated].sort(), Object.keys(CALLS).sort());
  for (const [old, [name, args]] of Object.entries(CALLS)) {
    assert.ok(current.includes(name), `${name} is not in the table`);
    assert.match(doc(old), new RegExp(`@deprecated Use \`${name}\``), old);
    assert.doesNotMatch(doc(name), /@deprecated/, name);
    assert.deepEqual(f[old](...args), f[name](...args), old);
  }
});
