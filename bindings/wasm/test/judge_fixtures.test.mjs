// The shared judgement fixtures of tests/fixtures/judge/ (tests/it/judge_fixtures.rs and pytest's
// test_judge_fixtures.py check the same files): the package's `judge` gives the digest the
// file holds — one assessment, identical answers in every language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as raw from '../pkg/node.js';
import { checked } from './shape.mjs';

const f = checked(raw);

const dir = new URL('../../../tests/fixtures/judge/', import.meta.url);

const digest = (j) => ({
  verdicts: j.verdicts.map((v) => [v.indicator, v.unit ?? null, v.met ?? null]),
  exits: j.exits.map((e) => [e.unit, e.status, e.criteria.map((c) => [c.key, c.passed ?? null])]),
  scorecards: j.scorecards.map((s) => [s.unit, s.rank, s.targets_met, s.targets_judged]),
  data_problems: j.data_problems.map((i) => [i.code, i.path, i.params]),
  units_met: j.units_met.map((u) => [u.indicator, u.level, u.met, u.judged, u.units]),
});

const names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();

test('there are judgement fixtures', () => assert.ok(names.length > 0));

for (const name of names) {
  test(`judge: ${name}`, () => {
    const c = JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
    const a = f.assess({ as_of: c.as_of, units: c.units, households: c.households });
    const judged = f.judge(a, { targets: c.targets, ...c.settings });
    assert.deepEqual(digest(judged), c.expected);
  });
}
