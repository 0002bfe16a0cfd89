// The package's API beyond the fixtures: error objects, labels, lookups, targets, the
// assessment of a county, panics, and personal data. Every result is checked at run time
// against the return type pkg/fupin.d.ts declares (see shape.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import * as raw from '../pkg/node.js';
import { checked, mismatches, returns, schema } from './shape.mjs';

const f = checked(raw);
const fixture = (rel) =>
  JSON.parse(readFileSync(new URL(`../../../tests/fixtures/${rel}`, import.meta.url), 'utf8'));
const valid = fixture('households/valid_full.json').input;
const TODAY = '2020-06-30';

test('every exported function has a declared return type and every declared type exists', () => {
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'function' && name !== 'default' && name !== 'initSync' && /^[a-z]/.test(name)) {
      assert.ok(returns.has(name), `${name} has no declaration`);
    }
  }
  const ours = [...returns].filter(([name]) => name !== 'initSync').map(([, ty]) => ty);
  const names = JSON.stringify(ours).match(/"name":"(\w+)"/g) ?? [];
  for (const n of names) assert.ok(schema[n.slice(8, -1)], n);
});

test('errors are Error objects with name, code and issues, never strings', () => {
  let caught;
  try {
    f.readHousehold({ file_number: 1 });
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'FupinError');
  assert.equal(caught.code, 'validation');
  assert.ok(Array.isArray(caught.issues) && caught.issues.length > 1);
  assert.deepEqual(mismatches(caught.issues, { kind: 'array', of: { kind: 'ref', name: 'Issue' } }), []);
  assert.ok(caught.issues.some((i) => i.code === 'missing_field' && i.path === 'village'));
  assert.ok(String(caught).startsWith('FupinError: '));

  assert.throws(() => f.validateHousehold(valid, '30/06/2020'), (e) => e instanceof Error
    && e.code === 'invalid_date' && e.issues[0].path === 'today');
  assert.throws(() => f.parseIdNumber(42), (e) => e.code === 'invalid_value');
  assert.throws(() => f.resolve('不存在的地方县'), (e) => e instanceof Error && e.code === 'not_found'
    && e.issues[0].code === 'not_found');
  assert.throws(() => f.division('5223'), (e) => e instanceof Error && e.code === 'invalid_json');
});

test('a panic becomes a thrown Error with code internal_error, and the next calls work', () => {
  for (let round = 0; round < 3; round++) {
    assert.throws(() => raw.__panicForTests(), (e) => e instanceof Error && e.code === 'internal_error'
      && e.issues[0].code === 'internal_error' && /deliberate panic/.test(e.message));
    // the next call after a panic re-creates the instance: strings, objects, results all work
    assert.equal(f.targetInForce('poor_village_broadband', TODAY).revision, 3);
    assert.deepEqual(f.validateHousehold(valid, TODAY), []);
  }
});

test('household validation: every issue with its path, and single members', () => {
  const bad = structuredClone(valid);
  bad.members[0].id_number = '522327197003120210';
  bad.income_per_capita = -5;
  const issues = f.validateHousehold(bad, TODAY);
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [
    ['id_check_digit', 'members[0].id_number'],
  ]);
  delete bad.members[0].id_number;
  assert.deepEqual(f.validateHousehold(bad, TODAY).map((i) => [i.code, i.path]), [
    ['negative_income', 'income_per_capita'],
    ['income_mismatch', 'income_per_capita'],
  ]);
  assert.deepEqual(f.validateMember(valid.members[0], TODAY), []);
  const m = { ...valid.members[1], sex: 'male', birth_date: '1972-08-06', migrant_months: 13 };
  assert.deepEqual(f.validateMember(m, TODAY).map((i) => [i.code, i.path]), [
    ['field_range', 'migrant_months'],
    ['id_birth_date_mismatch', 'id_number'],
    ['id_sex_mismatch', 'id_number'],
  ]);
  assert.deepEqual(f.validateMember({ relation: 'x' }, TODAY).map((i) => [i.code, i.path]), [
    ['missing_field', 'name'],
    ['missing_field', 'sex'],
    ['invalid_value', 'relation'],
  ]);
  // a date in the future of `today`
  assert.ok(f.validateHousehold(valid, '2015-01-01').some((i) => i.code === 'future_date'));
  // causes read from Chinese labels and aliases, written as keys
  assert.equal(f.readHousehold({ ...valid, main_cause: '因病致贫' }).main_cause, 'illness');
});

test('personal data: never unmasked in messages, errors or their string forms', () => {
  const bad = structuredClone(valid);
  bad.members[1].sex = 'male';
  bad.members[2].id_number = bad.members[0].id_number;
  bad.helper.phone = '1381234567x';
  const issues = f.validateHousehold(bad, TODAY);
  const text = JSON.stringify(issues);
  for (const m of valid.members) {
    assert.ok(!text.includes(m.id_number), 'id number');
    assert.ok(!text.includes(m.name), 'name');
  }
  assert.ok(!text.includes('1381234567x'));
  assert.ok(text.includes('5223**********0211'), 'masked form is used');
  try {
    f.parseAndValidateHousehold(bad, TODAY);
    assert.fail('should throw');
  } catch (e) {
    for (const s of [String(e), e.message, e.stack ?? '', JSON.stringify(e.issues)]) {
      for (const m of valid.members) assert.ok(!s.includes(m.id_number) && !s.includes(m.name));
    }
  }
  const id = f.parseIdNumber(valid.members[0].id_number);
  assert.ok(!JSON.stringify(id).includes(valid.members[0].id_number));
});

test('labels: causes, statuses, levels and projects in Chinese', () => {
  const causes = f.causes();
  assert.equal(causes.length, 12);
  assert.deepEqual(causes[0], { key: 'illness', label_zh: '因病', aliases: ['因病致贫', '疾病', '病', '因病返贫'] });
  assert.deepEqual(f.householdStatuses().map((s) => s.label_zh), ['贫困户', '已脱贫', '返贫', '新识别']);
  assert.deepEqual(f.levels().map((l) => l.key), ['nation', 'province', 'prefecture', 'county', 'township', 'village']);
  assert.equal(f.projects().length, 5);
  const catalog = f.indicatorCatalog();
  assert.equal(catalog.length, 15);
  assert.ok(catalog.some((i) => i.id === 'poor_village_broadband' && i.name_zh));
});

test('regions: lookup, path, full name, children and messy names', () => {
  assert.equal(f.division('522327').name, '册亨县');
  assert.equal(f.division(522327, '2016').vintage, '2016');
  assert.equal(f.division('522399'), null);
  assert.deepEqual(f.divisionPath('522327').map((d) => d.name), ['贵州省', '黔西南布依族苗族自治州', '册亨县']);
  assert.equal(f.fullName('522327'), '贵州省黔西南布依族苗族自治州册亨县');
  assert.equal(f.fullName('522399'), null);
  assert.throws(() => f.division('999999'), (e) => e.code === 'invalid_json' && /province/.test(e.message));
  assert.ok(f.divisionChildren('522300').some((d) => d.code === '522327000000'));
  assert.equal(f.resolve('长阳')[0].division.name, '长阳土家族自治县');
  const xuanwu = f.resolve('宣武区');
  assert.equal(xuanwu[0].how.kind, 'abolished');
  assert.equal(xuanwu[0].division.name, '西城区');
  assert.throws(() => f.resolve('x', '2024'), (e) => e.code === 'unknown_vintage');
  assert.equal(f.vintageOn(TODAY), '2019');
  assert.equal(f.division('330113', f.vintageOn('2022-12-31')).name, '临平区');
  assert.equal(f.division('330113', '2020'), null);
  assert.equal(f.resolve('西乌旗')[0].division.name, '西乌珠穆沁旗');
  assert.match(f.dataVersion(), /gb2260/);
});

test('targets in force on a date, built in or given', () => {
  const all = f.targetsInForce(TODAY);
  assert.ok(all.length >= 5);
  assert.equal(new Set(all.map((t) => t.indicator)).size, all.length, 'one per indicator');
  assert.deepEqual(f.targetRevisions('poor_village_broadband').map((t) => t.revision), [1, 2, 3]);
  const own = [{ indicator: 'county_platform', comparator: 'ge', threshold: 1, deadline: '2020-12-31',
    valid_from: '2019-01-01', source: 'county plan', revision: 1 }];
  assert.deepEqual(f.targetsInForce(TODAY, own).map((t) => t.source), ['county plan']);
  assert.equal(f.targetInForce('county_platform', '2018-01-01', own), null);
});

test('judge: the verdicts, exits and scorecards of fupin assess, by the core\'s one judge', () => {
  const a = f.synthesize(['522327', '522328'], { as_of: TODAY, scale: 0.2 });
  const j = f.judge(a);
  const levels = ['nation', 'province', 'prefecture', 'county'];
  assert.deepEqual(j.verdicts, f.judgeTargets(a, { levels, strategy: 'skip_if_all_missing', within: null }));
  assert.deepEqual(j.exits, f.exitVerdicts(a));
  assert.deepEqual(j.scorecards.map((c) => c.unit).sort(), ['522327000000', '522328000000']);
  assert.deepEqual(j.accountability, []); // no responsibility map given
  const one = f.judge(a, { level: 'province', within: '522327' });
  assert.ok(one.verdicts.every((v) => v.level === 'nation' || v.unit === null || '522327000000'.startsWith(v.unit.slice(0, 2))));
  assert.throws(() => f.judge(a, { levels: ['county'] }), (e) => e.code !== undefined);
});

test('indicators beyond shares: amounts, counts and targets on them', () => {
  const units = { counties: [
    { code: '522327', poor_county: true, values: { online_retail_sales: 1250000.5, broadband_users: 1200 } },
    { code: '522328', poor_county: true, values: { online_retail_sales: 750000, broadband_users: 800 } }] };
  const indicators = [{ id: 'broadband_users', name_zh: '宽带用户数', kind: 'count', level: 'county',
    numerator: 'broadband_users', unit: 'users', source: "an analyst's own definition" }];
  const a = f.assess({ as_of: TODAY, units, indicators });
  const nation = f.indicators(a, null);
  const sales = nation.find((i) => i.indicator === 'online_retail_sales');
  assert.deepEqual([sales.kind, sales.numerator, sales.value, sales.unit], ['amount', 200000050, 2000000.5, 'yuan']);
  const users = nation.find((i) => i.indicator === 'broadband_users');
  assert.deepEqual([users.kind, users.value, users.completeness], ['count', 2000, 'complete']);
  const target = [{ indicator: 'broadband_users', comparator: 'ge', threshold: 1000, deadline: '2020-12-31',
    valid_from: '2020-01-01', source: 'county plan (example)', revision: 1 }];
  const verdicts = f.judgeTargets(a, { levels: ['county'], strategy: 'skip_if_all_missing', within: null }, target)
    .filter((v) => v.indicator === 'broadband_users');
  assert.deepEqual(verdicts.map((v) => [v.unit, v.met]), [['522327000000', true], ['522328000000', false]]);
  // a value no indicator reads, and a bad definition, are refused with their paths
  assert.throws(() => f.assess({ as_of: TODAY, units: { counties: [{ code: '522327', values: { nobody: 1 } }] } }),
    (e) => e.code === 'validation' && e.issues[0].path === 'units.counties[0].values.nobody');
  assert.throws(() => f.assess({ as_of: TODAY, indicators: [{ ...indicators[0], source: '' }] }),
    (e) => e.code === 'validation' && e.issues[0].path === 'indicators[0].source');
});

test('assessment of a county: roll-up, indicators, targets and exit verdicts', () => {
  const a = f.synthesize(['522327'], { as_of: TODAY, scale: 1 });
  assert.match(a.label, /^SYNTHETIC/);
  assert.ok(a.household_count > 1000);
  assert.equal(a.rollup.counties.length, 1);
  const towns = f.unitChildren(a, '522327');
  assert.equal(towns.length, a.rollup.townships.length);
  assert.ok(towns.every((t) => t.indicators.length > 0));
  const county = f.indicators(a, '522327');
  const households = county.find((i) => i.indicator === 'poor_household_share');
  assert.equal(households.denominator, a.household_count);
  const verdicts = f.judgeTargets(a, { levels: ['county'], strategy: 'skip_if_all_missing', within: null });
  assert.ok(verdicts.length > 0 && verdicts.every((v) => v.unit === '522327000000'));
  const exits = f.exitVerdicts(a);
  assert.ok(exits.every((v) => v.criteria.length > 0));
  // the same numbers from household records given as JSON rows
  const h = structuredClone(valid);
  h.status = 'poor';
  h.status_history = [];
  const units = { villages: [{ code: '522327104201', poor_village: true, fiber: true, rural_population: 400 }],
    townships: [{ code: '522327104000', service_node: true }], counties: [{ code: '522327', poor_county: true }] };
  const b = f.assess({ as_of: TODAY, label: 'test', units, households: [h,
    // two members of their own (without ID numbers: the same person in two households is
    // left out, as `validate` leaves it), without the components of the four's income
    { ...h, file_number: `${h.file_number}-2`,
      members: h.members.slice(0, 2).map(({ id_number, ...m }) => m), income: {} }] });
  assert.equal(b.household_count, 2);
  const share = f.indicators(b, '522327104201').find((i) => i.indicator === 'poverty_incidence');
  assert.deepEqual([share.numerator, share.denominator], [6, 400]);
  assert.equal(f.unitChildren(b, '522327').length, 1);
  // rows of fields, with a bad row reported, not thrown; the same counts as the record
  const c = f.assess({ as_of: TODAY, fields: [{ village: '522327104201', people: 3, status: 'poor', terminal: true },
    { village: '522327104000', people: 2, status: 'exited' }] });
  assert.equal(c.report.fields.accepted, 1);
  assert.deepEqual(c.report.fields.rejected.map((i) => i.path), ['[1].village']);
  const poor = f.indicators(c, '522327104201').find((i) => i.indicator === 'household_terminal');
  assert.deepEqual([poor.numerator, poor.denominator], [1, 1]);
  // rows of fields that cannot be read are rejected rows, every problem under its row and
  // field, the others counted (as the command and Python report a file's rows)
  const rejected = (a, kind) => a.report[kind].rejected.map((i) => [i.path, i.code]);
  // the engine's flags are not a wire format: a row of fields takes named fields only
  const flags = f.assess({ as_of: TODAY, fields: [{ village: '522327104201', people: 3, status: 'poor', flags: 1 }] });
  assert.deepEqual(rejected(flags, 'fields'), [['[0].flags', 'unknown_field']]);
  const bad = f.assess({ as_of: TODAY, fields: [{ village: '522327104201', people: 3, status: 'poor' },
    { village: '52232710420', status: 'rich', terminal: 'yes' }] });
  assert.deepEqual([bad.report.fields.rows, bad.report.fields.accepted, bad.household_count], [2, 1, 1]);
  assert.deepEqual(rejected(bad, 'fields'), [['[1].people', 'missing_field'], ['[1].village', 'code_length'],
    ['[1].status', 'invalid_value'], ['[1].terminal', 'invalid_value']]);
  // a row without its status is not taken for a poor household's: status is required, as
  // a table's status cell is (null or left out alike)
  const nostatus = f.assess({ as_of: TODAY, fields: [{ village: '522327104201', people: 3, status: null },
    { village: '522327104201', people: 2 }, { village: '522327104201', people: 1, status: 'poor' }] });
  assert.equal(nostatus.household_count, 1);
  assert.deepEqual(rejected(nostatus, 'fields'), [['[0].status', 'missing_field'], ['[1].status', 'missing_field']]);
  // a size out of range is a rejected row, as in tables
  const big = f.assess({ as_of: TODAY, fields: [{ village: '522327104201', people: 31, status: 'poor' }] });
  assert.deepEqual(big.report.fields.rejected.map((i) => [i.path, i.code]), [['[0].people', 'people_range']]);
  // a record that breaks a rule on the date is a rejected row (as the command rejects it),
  // every problem under its index: here a per-capita income its components do not give
  const exitFixture = JSON.parse(readFileSync(new URL(
    '../../../tests/fixtures/exit/household_rejected_income_mismatch.json', import.meta.url), 'utf8'));
  const mixed = f.assess({ as_of: TODAY, households: [h, exitFixture.input] });
  assert.equal(mixed.report.households.accepted, 1);
  assert.deepEqual(mixed.report.households.rejected.map((i) => [i.path, i.code]),
    [['[1].income_per_capita', 'income_mismatch']]);
  // a household given twice is counted once, the other a rejected row naming the first:
  // its people and its file number, as `validate` reports them
  const twice = f.assess({ as_of: TODAY, households: [h, h] });
  assert.equal(twice.household_count, 1);
  assert.deepEqual(twice.report.households.rejected.map((i) => [i.path, i.code]),
    [...h.members.map((_, k) => [`[1].members[${k}].id_number`, 'duplicate_person']),
      ['[1].file_number', 'duplicate_household']]);
  // household records that cannot be read: rejected rows, every problem under the row
  const unread = f.assess({ as_of: TODAY, households: [h, { ...h, file_number: 'x2', status: 'rich' }] });
  assert.equal(unread.household_count, 1);
  assert.deepEqual(rejected(unread, 'households'), [['[1].status', 'invalid_value']]);
  // the shared fixture gives the command's numbers: 40 records, 30 counted, 10 rejected
  const shared = readFileSync(new URL('../../../tests/fixtures/households-synthetic.jsonl', import.meta.url), 'utf8')
    .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const all = f.assess({ as_of: TODAY, households: shared });
  assert.deepEqual([all.report.households.rows, all.report.households.accepted], [40, 30]);
  assert.throws(() => f.assess({ as_of: TODAY, units: { villages: [{ code: '522327' }] } }),
    (e) => e.code === 'validation' && e.issues[0].path.startsWith('units.villages[0]'));
  const exit = f.householdExit(valid, TODAY);
  // the date is required: a verdict of "today" would judge against another year's line
  assert.throws(() => raw.householdExit(valid), (e) => e.code === 'missing_value' && e.issues[0].path === 'as_of');
  assert.equal(exit.unit, valid.village);
  assert.ok(exit.criteria.some((c2) => c2.key === 'income_above_line'));
});

test('validateHouseholds checks a batch of objects and JSON strings, paths from the record', () => {
  const lines = readFileSync(new URL('../../../tests/fixtures/households-synthetic.jsonl', import.meta.url), 'utf8')
    .split('\n').filter((l) => l.trim());
  const batch = lines.map((l, i) => (i % 2 ? l : JSON.parse(l)));
  const issues = f.validateHouseholds(batch, TODAY);
  const records = [...new Set(issues.map((i) => Number(/^\[(\d+)\]/.exec(i.path)[1])))];
  // one record in four of the sample is corrupted (bench/households.py)
  assert.deepEqual(records, [3, 7, 11, 15, 19, 23, 27, 31, 35, 39]);
  for (const [n, line] of lines.entries()) {
    const alone = f.validateHousehold(JSON.parse(line), TODAY).map((i) => [i.code, `[${n}]` + (i.path.startsWith('[') ? '' : '.') + i.path]);
    assert.deepEqual(issues.filter((i) => i.path.startsWith(`[${n}]`)).map((i) => [i.code, i.path]), alone);
  }
  const twice = f.validateHouseholds([valid, valid], TODAY);
  // the second is the same household (village and file number) and its people are registered twice
  assert.ok(twice.length > 0 && twice.every((i) => ['duplicate_person', 'duplicate_household'].includes(i.code) && i.path.startsWith('[1].')));
  assert.deepEqual(twice.filter((i) => i.code === 'duplicate_household').map((i) => i.path), ['[1].file_number']);
});
