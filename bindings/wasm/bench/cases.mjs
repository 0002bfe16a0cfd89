// Benchmark cases, run the same way in Node and in Chromium (bench.mjs drives both):
// household validations per second, and the assessment of a county of 100,000 households
// from JSON household records, from rows of fields, and from the synthetic generator.

export const COUNTY = '522327';
export const N_HOUSEHOLDS = 100_000;
export const VILLAGES = 150; // 10 townships x 15 villages

/** The village code of household `i`: 150 villages under the county, rows sorted by village. */
export function villageOf(i, n = N_HOUSEHOLDS) {
  const v = Math.floor((i * VILLAGES) / n);
  const township = 100 + Math.floor(v / 15);
  const village = 201 + (v % 15);
  return `${COUNTY}${township}${village}`;
}

/** `n` household records made from a valid one: other file numbers, villages and statuses. */
export function households(template, n = N_HOUSEHOLDS) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      ...template,
      id: undefined,
      file_number: `${COUNTY}${String(i).padStart(7, '0')}`,
      village: villageOf(i, n),
      status: i % 3 === 0 ? 'poor' : 'exited',
      status_history: undefined,
      members: template.members.slice(0, 1 + (i % template.members.length)),
    };
    delete out[i].id;
    delete out[i].status_history;
  }
  return out;
}

function time(fn, minMs = 1000) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    fn();
    n++;
    now = performance.now();
  }
  return { n, ms: now - start };
}

function once(fn) {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

/** Runs every case against the package `f`; `fixtures` holds the valid and invalid records. */
export function run(f, fixtures) {
  const results = [];
  const rate = (name, fn) => {
    const { n, ms } = time(fn);
    results.push({ name, value: Math.round((n * 1000) / ms), unit: 'per s' });
  };
  const ms = (name, fn) => {
    fn(); // warm up (and check it runs)
    const runs = [0, 1, 2].map(() => once(fn).ms);
    results.push({ name, value: Math.min(...runs), unit: 'ms (best of 3)' });
  };

  rate('validateHousehold, valid 4-member record', () => f.validateHousehold(fixtures.valid, '2020-06-30'));
  rate('validateHousehold, record with 6 issues', () => f.validateHousehold(fixtures.invalid, '2020-06-30'));
  rate('validateMember', () => f.validateMember(fixtures.valid.members[0], '2020-06-30'));

  const rows = households(fixtures.valid);
  const units = { counties: [{ code: COUNTY, poor_county: true }] };
  ms(`assess ${N_HOUSEHOLDS.toLocaleString('en')} household records (JSON rows)`, () => {
    const a = f.assess({ as_of: '2020-06-30', units, households: rows });
    if (a.household_count !== N_HOUSEHOLDS) throw new Error('rows lost');
  });
  const fields = rows.map((h, i) => (i % 3 === 0
    ? { village: h.village, people: h.members.length, status: 'poor', terminal: true, ecommerce: true, online_training: true }
    : { village: h.village, people: h.members.length, status: 'exited', file_complete: true }));
  ms(`assess ${N_HOUSEHOLDS.toLocaleString('en')} household rows of fields`, () => {
    const a = f.assess({ as_of: '2020-06-30', units, fields });
    if (a.household_count !== N_HOUSEHOLDS) throw new Error('rows lost');
  });
  let synthetic = 0;
  ms('synthesize + assess one county at scale 6 (~100,000 households)', () => {
    synthetic = f.synthesize([COUNTY], { as_of: '2020-06-30', scale: 6, poor_county_share: 1 }).household_count;
  });
  results.push({ name: '  (households in that synthetic county)', value: synthetic, unit: '' });
  const a = f.synthesize([COUNTY], { as_of: '2020-06-30', scale: 6, poor_county_share: 1 });
  ms('indicators + targets + exit verdicts of that county', () => {
    f.unitChildren(a, COUNTY);
    f.judgeTargets(a, { levels: ['county'], strategy: 'skip_if_all_missing', within: null });
    f.exitVerdicts(a);
  });
  return results;
}
