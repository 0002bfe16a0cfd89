// The shared exit fixtures of tests/fixtures/exit/ (tests/it/exit_fixtures.rs and pytest's
// test_exit_fixtures.py run the same files), through the wasm package: the boundaries of the
// exit rules decided exactly, the line and the criteria that applied.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import * as raw from '../pkg/node.js';
import { checked } from './shape.mjs';

const f = checked(raw);
const dir = new URL('../../../tests/fixtures/exit/', import.meta.url);
const files = (prefix) => {
  const names = readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.json')).sort();
  assert.ok(names.length > 0, `no ${prefix} fixtures`);
  return names;
};
const load = (name) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

function check(got, want, name) {
  assert.equal(got.status, want.status, name);
  assert.deepEqual(got.criteria.map((c) => c.key), want.criteria.map((c) => c.key), name);
  got.criteria.forEach((have, i) => {
    const expect = want.criteria[i];
    for (const k of ['passed', 'numerator', 'denominator']) {
      if (k in expect) assert.equal(have[k] ?? null, expect[k], `${name}: ${expect.key} ${k}`);
    }
  });
  for (const [key, source] of Object.entries(want.sources ?? {})) {
    assert.equal(got.criteria.find((c) => c.key === key).source, source, `${name}: source of ${key}`);
  }
  for (const [k, v] of Object.entries(want.line ?? {})) assert.equal(got.line[k], v, `${name}: line.${k}`);
}

for (const name of files('units_')) {
  test(`exit fixture ${name}`, () => {
    const c = load(name);
    const a = f.assess({ as_of: c.as_of, units: c.units, households: c.households });
    assert.equal(a.report.households.accepted, c.households.length);
    const verdicts = f.exitVerdicts(a, c.rules ?? null);
    assert.equal(verdicts.length, c.expected.length, name);
    verdicts.forEach((v, i) => {
      assert.equal(v.unit, c.expected[i].unit);
      assert.equal(v.level, c.expected[i].level);
      check(v, c.expected[i], name);
    });
  });
}

for (const name of files('household_')) {
  test(`exit fixture ${name}`, () => {
    const c = load(name);
    if (c.rejected) {
      // a record that breaks a rule gets its problems, not a verdict
      assert.throws(() => f.householdExit(c.input, c.as_of, c.lines ?? null), (e) => {
        assert.equal(e.code, 'validation');
        assert.deepEqual(e.issues.map((i) => ({ code: i.code, path: i.path })), c.rejected);
        return true;
      });
      return;
    }
    const v = f.householdExit(c.input, c.as_of, c.lines ?? null);
    assert.equal(v.as_of, c.as_of);
    check(v, c.expected, name);
  });
}

test('the rule table names its sources', () => {
  const rules = f.exitRules();
  const approval = rules.find((r) => r.key === 'public_approval');
  assert.deepEqual([approval.comparator, approval.threshold, approval.counted_in], ['ge', 0.9, 'households']);
  assert.equal(approval.source.number, '国开办发〔2017〕56号');
  assert.equal(rules.find((r) => r.key === 'guarantee.safe_water').applies_from, '2019-06-23');
});
