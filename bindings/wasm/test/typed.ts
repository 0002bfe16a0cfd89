// Typed use of the package, compiled with tsc against the generated pkg/fupin.d.ts (strict):
// if a declaration changed shape, this file stops compiling. `exercise` runs the same code
// at run time (test/typed.test.mjs), so the declarations are checked against real values.
// The `@ts-expect-error` lines prove the declarations are precise, not `any`.

import type * as Fupin from '../pkg/fupin.js';
import type {
  Assessment, Candidate, ExitVerdict, Household, HouseholdInput, Issue, Label, Target,
  TargetVerdict, UnitIndicators,
} from '../pkg/fupin.js';

/** Runs typed calls; returns what was checked (for the log). */
export function exercise(f: typeof Fupin): string[] {
  const done: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(`typed check failed: ${what}`);
    done.push(what);
  };

  const input: HouseholdInput = {
    file_number: '5223270001001',
    village: '522327104201',
    identified_year: 2014,
    status: 'poor',
    main_cause: '因病',
    income_per_capita: '3100.50',
    members: [{ name: '王大山', relation: 'householder', sex: 'male', id_number: '522327197003120211',
      birth_date: '1970-03-12' }],
  };
  const issues: Issue[] = f.validateHousehold(input, '2020-06-30');
  check(issues.length === 0, 'a typed HouseholdInput validates');
  const h: Household = f.readHousehold(input);
  check(h.main_cause === 'illness' && h.members[0]?.relation === 'householder', 'Household fields are typed');
  // @ts-expect-error: a Cause on output is one of the keys, not any string
  const notACause: Household['main_cause'] = '因病';
  check(typeof notACause === 'string', 'output causes are keys (compile-time)');
  // @ts-expect-error: results are arrays of issues, not numbers
  const notANumber: number = f.validateHousehold(input);
  check(Array.isArray(notANumber), 'results are not any (compile-time)');

  const broken: Issue[] = f.validateHousehold({ ...input, income_per_capita: -1 }, '2020-06-30');
  const first: Issue | undefined = broken[0];
  check(first?.code === 'negative_income' && first.path === 'income_per_capita', 'Issue has code and path');
  const params: Record<string, unknown> | undefined = first?.params;
  check(params !== undefined && params['value'] === '-1.00', 'Issue params are a record');

  try {
    f.parseAndValidateHousehold({ ...input, status: 'rich' }, '2020-06-30');
    check(false, 'parseAndValidateHousehold throws');
  } catch (e) {
    const err = e as Error & { code: string; issues: Issue[] };
    check(err instanceof Error && err.code === 'validation' && err.issues[0]?.path === 'status', 'thrown errors');
  }

  const causes: Label[] = f.causes();
  check(causes.some((c) => c.key === 'illness' && c.label_zh === '因病'), 'labels');
  const target: Target | null = f.targetInForce('poor_village_broadband', '2020-06-30');
  check(target !== null && target.threshold === 0.99 && target.comparator === 'ge', 'Target');

  const found: Candidate[] = f.resolve('西乌');
  check(found[0]?.division.name === '西乌珠穆沁旗' && found[0].how.kind === 'prefix', 'Candidate and MatchKind');

  const a: Assessment = f.synthesize(['522327'], { as_of: '2020-06-30', scale: 0.2, seed: 7 });
  check(a.label?.startsWith('SYNTHETIC') === true, 'Assessment label');
  const towns: UnitIndicators[] = f.unitChildren(a, '522327');
  check(towns.length === a.rollup.townships.length, 'UnitIndicators');
  const verdicts: TargetVerdict[] = f.judgeTargets(a, { levels: ['county'], strategy: 'skip_if_any_missing', within: null });
  check(verdicts.every((v) => v.level === 'county' && typeof v.days_left === 'number'), 'TargetVerdict');
  const exits: ExitVerdict[] = f.exitVerdicts(a, null);
  check(exits.every((v) => ['eligible', 'not_eligible', 'undetermined'].includes(v.status)), 'ExitVerdict');
  return done;
}
