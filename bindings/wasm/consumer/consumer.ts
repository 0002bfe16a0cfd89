// A Node project that installed `fupin` from its tarball: typed calls, checked by tsc --strict.
import { parseRegionCode, resolve, validateHousehold } from 'fupin';
import type { HouseholdInput, Issue } from 'fupin';

const input: HouseholdInput = {
  file_number: '5223270002001',
  village: '522327104201',
  identified_year: 2016,
  status: 'poor',
  main_cause: '因病',
  income_per_capita: -1,
  members: [{ name: '张三', relation: 'householder', sex: 'male' }],
};
const issues: Issue[] = validateHousehold(input, '2020-06-30');
if (issues.length !== 1 || issues[0]?.code !== 'negative_income') {
  throw new Error(`unexpected issues: ${JSON.stringify(issues)}`);
}
const found = resolve('湖北长阳');
if (found[0]?.division.name !== '长阳土家族自治县') throw new Error('name resolution');
parseRegionCode('522327');
console.log('consumer: ok');
