// The shared golden fixtures of tests/fixtures/ (the Rust and Python suites run the same
// files), through the wasm package: exact {code, path} lists, in order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import * as raw from '../pkg/node.js';
import { checked } from './shape.mjs';

const f = checked(raw);
const dir = new URL('../../../tests/fixtures/', import.meta.url);
const load = (rel) => JSON.parse(readFileSync(new URL(rel, dir), 'utf8'));
const files = (sub, prefix) => {
  const names = readdirSync(new URL(sub, dir))
    .filter((n) => n.startsWith(prefix) && n.endsWith('.json'))
    .sort();
  assert.ok(names.length > 0, `no ${sub}${prefix}* fixtures`);
  return names.map((n) => `${sub}${n}`);
};
const codePath = (issues) => issues.map((i) => ({ code: i.code, path: i.path }));

for (const file of files('households/', 'valid_')) {
  test(`household fixture ${file} reads, validates and round-trips`, () => {
    const c = load(file);
    const today = c.today ?? '2020-06-30';
    assert.deepEqual(f.validateHousehold(c.input, today), []);
    const h = f.parseAndValidateHousehold(c.input, today);
    assert.deepEqual(f.readHousehold(h), h, 'the wire form reads back to itself');
  });
}

for (const file of files('households/', 'invalid_')) {
  test(`household fixture ${file} reports exactly the expected issues`, () => {
    const c = load(file);
    const issues = f.validateHousehold(c.input, c.today ?? '2020-06-30');
    assert.deepEqual(codePath(issues), c.expected);
    const text = JSON.stringify(issues);
    for (const m of c.input.members ?? []) {
      if (typeof m.id_number === 'string') assert.ok(!text.includes(m.id_number), 'leaks an id number');
      if (typeof m.name === 'string') assert.ok(!text.includes(m.name), 'leaks a name');
    }
    // parseAndValidateHousehold throws the same list as an Error
    assert.throws(
      () => f.parseAndValidateHousehold(c.input, c.today ?? '2020-06-30'),
      (e) => e instanceof Error && e.code === 'validation' && deepEq(codePath(e.issues), c.expected),
    );
  });
}

function deepEq(a, b) {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

test('codes.json: region codes parse with their forms, or fail with the stable code', () => {
  const c = load('codes.json');
  for (const v of c.valid) {
    const got = f.parseRegionCode(v.input);
    assert.equal(got.statistical, v.statistical, v.input);
    assert.equal(got.gb2260, v.gb2260, v.input);
    assert.equal(got.level, v.level, v.input);
    assert.equal(got.parent, v.parent, v.input);
    if ('township_kind' in v) assert.equal(got.township_kind, v.township_kind, v.input);
  }
  for (const v of c.invalid) {
    assert.throws(
      () => f.parseRegionCode(v.input),
      (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.code, v.code, v.input);
        if (v.segment) assert.ok(e.message.includes(v.segment), e.message);
        assert.equal(e.issues[0].code, v.code);
        return true;
      },
    );
  }
});

test('id_numbers.json: masked form, birth date, sex, region; or the stable code', () => {
  const c = load('id_numbers.json');
  for (const v of c.valid) {
    const got = f.parseIdNumber(v.input);
    assert.deepEqual(got, { masked: v.masked, birth_date: v.birth_date, sex: v.sex, region: v.region });
  }
  for (const v of c.invalid) {
    assert.throws(
      () => f.parseIdNumber(v.input),
      (e) => e instanceof Error && e.code === v.code && !e.message.includes(v.input)
        && !JSON.stringify(e.issues).includes(v.input),
    );
  }
});

test('targets.json: the built-in revision in force on a date, and invalid target lists', () => {
  const c = load('targets.json');
  for (const v of c.in_force) {
    const t = f.targetInForce(v.indicator, v.date ?? '2020-06-30');
    if (v.revision === null) {
      assert.equal(t, null, JSON.stringify(v));
    } else {
      assert.equal(t.revision, v.revision, JSON.stringify(v));
      assert.equal(t.threshold, v.threshold, JSON.stringify(v));
      assert.equal(t.comparator, v.comparator, JSON.stringify(v));
    }
  }
  for (const v of c.invalid) {
    assert.throws(
      () => f.readTargets(v.input),
      (e) => e instanceof Error && e.code === 'validation' && deepEq(codePath(e.issues), v.expected),
      v.description,
    );
  }
});

// pairing fixtures: `X_from` names a sibling file whose key X is used instead
const part = (c, key) => (c[`${key}_from`] ? load(`pairing/${c[`${key}_from`]}`)[key] : c[key]);

for (const file of files('pairing/', 'invalid_')) {
  test(`pairing fixture ${file} reports exactly the expected issues`, () => {
    const c = load(file);
    const issues = f.validatePairingBook(part(c, 'input'), part(c, 'designations'));
    assert.deepEqual(codePath(issues), c.expected);
  });
}

for (const file of files('pairing/', 'valid_')) {
  test(`pairing fixture ${file} reads, validates and round-trips`, () => {
    const c = load(file);
    const designations = part(c, 'designations');
    assert.deepEqual(f.validatePairingBook(part(c, 'input'), designations), []);
    const book = f.readPairingBook(part(c, 'input'));
    assert.deepEqual(f.readPairingBook(book), book);
  });
}

for (const file of files('pairing/', 'coverage_')) {
  test(`pairing fixture ${file} gives the expected coverage report`, () => {
    const c = load(file);
    const report = f.pairingCoverage(part(c, 'input'), part(c, 'designations'), part(c, 'rules'), c.as_of);
    const want = c.expected;
    assert.deepEqual(
      report.issues.map((i) => ({ code: i.code, path: i.path, region: i.params.region })),
      want.issues,
    );
    const pick = (list, like) => list.map((item) => Object.fromEntries(Object.keys(like[0]).map((k) => [k, item[k]])));
    for (const key of ['recipients', 'areas', 'helpers']) {
      assert.deepEqual(pick(report[key], want[key]), want[key], key);
    }
    assert.deepEqual(report.areas[0].domains, want.nation_domains);
    assert.deepEqual(report.no_longer_poor, want.no_longer_poor);
  });
}
