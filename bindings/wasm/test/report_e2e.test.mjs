// End to end: the navigable HTML report of `fupin assess --format html` (rendered by the
// fupin-report crate), opened from a file in Debian's headless Chromium with playwright-core:
// it opens on the nation, drills down to a village through the breadcrumb's levels, sorts a
// table by a header, filters it, goes back, and saves screenshots to target/report-e2e*.png
// for review. Needs the command built (target/debug/fupin, or FUPIN).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fupin = process.env.FUPIN ?? join(repo, 'target', 'debug', 'fupin');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const out = join(repo, 'target');
const report = join(out, 'report-e2e.html');

let context;
let page;
let profile;
const errors = [];
const requests = [];

before(async () => {
  mkdirSync(out, { recursive: true });
  // the embedded SYNTHETIC demo (贵州), small
  execFileSync(fupin, ['assess', '--demo-scale', '0.05', '--format', 'html', '--out', report]);
  profile = mkdtempSync(join(tmpdir(), 'fupin-report-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ARGS,
    viewport: { width: 1280, height: 1000 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  const t0 = Date.now();
  await page.goto(pathToFileURL(report).href);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 10_000 });
  console.log(`report: ${statSync(report).size} bytes, ready in ${Date.now() - t0} ms`);
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const crumbs = () => page.locator('#crumbs').textContent();
const unitLinks = () => page.locator('#units ~ div.scroll').first().locator('tbody tr td:nth-child(2) a');

test('opens on the nation, with no error and nothing fetched', async () => {
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, []);
  assert.match(await crumbs(), /全国/);
  assert.match(await page.locator('.synthetic').textContent(), /SYNTHETIC/);
  // the indicators of the nation, the provinces inside, a histogram per indicator
  assert.ok(await page.locator('#indicators').count());
  assert.match(await page.locator('#units').textContent(), /省级/);
  assert.ok((await page.locator('.chart svg').count()) >= 3);
  // exit criteria with their symbols and sources, never lt/le/ge
  const exits = await page.locator('#exits ~ ul').first().textContent();
  assert.match(exits, /[≤≥<]/);
  assert.doesNotMatch(exits, /\b(lt|le|ge|gt)\b/);
  assert.match(exits, /来源|source/);
  await page.screenshot({ path: join(out, 'report-e2e-nation.png'), fullPage: true });
});

// the page renders after the hash changes: wait for the list of units of `level`
const listing = (level) => page.waitForFunction(
  (l) => (document.querySelector('#units')?.textContent ?? '').includes(l), level);

test('drills from the nation to a village, then back', async () => {
  await unitLinks().first().click(); // a province
  await listing('地级');
  await page.waitForFunction(() => document.querySelector('#crumbs').textContent.includes('贵州省'));
  assert.match(await crumbs(), /贵州省/);
  assert.match(await page.locator('#units').textContent(), /地级/);
  await unitLinks().first().click(); // a prefecture
  await listing('县级');
  assert.match(await page.locator('#units').textContent(), /县级/);
  await unitLinks().first().click(); // a county: its villages
  await listing('村级');
  await page.waitForFunction(() => document.querySelector('#crumbs').textContent.includes('县级'));
  assert.match(await page.locator('#units').textContent(), /村级/);
  const county = await crumbs();
  const village = await unitLinks().first().textContent();
  // villages have no names here: their 12-digit codes, never a made-up label
  assert.match(village, /^\d{12}$/);
  await unitLinks().first().click();
  await page.waitForFunction((v) => document.querySelector('#crumbs').textContent.includes(v), village);
  assert.match(await crumbs(), new RegExp(village));
  assert.match(await page.locator('#crumbs').textContent(), /村级/);
  await page.screenshot({ path: join(out, 'report-e2e-village.png'), fullPage: true });
  await page.goBack();
  await page.waitForFunction((c) => document.querySelector('#crumbs').textContent === c, county);
  assert.deepEqual(errors, []);
});

test('sorts by a header and filters the units', async () => {
  await page.goto(pathToFileURL(report).href + '#u=520000000000');
  await page.waitForSelector('body[data-ready="1"]');
  await unitLinks().first().click(); // the first prefecture: its counties
  const table = page.locator('#units ~ div.scroll').first();
  const header = table.locator('thead th').nth(2); // the first indicator
  const values = async () => (await table.locator('tbody tr td:nth-child(3)').allTextContents())
    .map((t) => (t === '—' ? null : parseFloat(t)));
  await header.click();
  let v = (await values()).filter((x) => x !== null);
  assert.ok(v.length > 1);
  assert.deepEqual(v, [...v].sort((a, b) => a - b), 'ascending');
  await header.click();
  v = (await values()).filter((x) => x !== null);
  assert.deepEqual(v, [...v].sort((a, b) => b - a), 'descending');
  const names = await table.locator('tbody tr td:nth-child(2)').allTextContents();
  const pick = names[names.length - 1];
  await page.locator('input.filter').first().fill(pick.slice(0, 3));
  const left = await table.locator('tbody tr td:nth-child(2)').allTextContents();
  assert.ok(left.length >= 1 && left.length < names.length, `${left.length} of ${names.length}`);
  assert.ok(left.every((n) => n.includes(pick.slice(0, 3))));
  await page.screenshot({ path: join(out, 'report-e2e.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('shows the numbers of the JSON report, down to a village', async () => {
  // the first county of the demo, and its villages, as the JSON report gives them
  const json = JSON.parse(execFileSync(fupin, ['assess', '--demo-scale', '0.05', '--format', 'json',
    '--level', 'village', '--region', '520102'], { maxBuffer: 1 << 28 }).toString());
  const units = json.indicators.filter((u) => u.level === 'county' || u.level === 'village');
  const village = units.find((u) => u.level === 'village');
  for (const unit of [units.find((u) => u.level === 'county'), village]) {
    await page.goto(pathToFileURL(report).href + '#u=' + unit.code);
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForFunction((c) => document.querySelector('#crumbs').textContent.includes(c),
      unit.level === 'county' ? unit.code.slice(0, 6) : unit.code);
    const rows = await page.locator('#indicators ~ div.scroll').first().locator('tbody tr').evaluateAll(
      (trs) => trs.map((tr) => Array.from(tr.cells).map((td) => td.textContent)));
    const names = Object.fromEntries(await page.evaluate(
      () => JSON.parse(document.querySelector('#meta').textContent).indicators.map((i) => [i[0], i[1]])));
    let checked = 0;
    for (const v of unit.indicators) {
      const row = rows.find((r) => r[0] === names[v.indicator]);
      if (!row) { assert.ok(v.denominator === 0 && v.value === null, `${unit.code} ${v.indicator}`); continue; }
      assert.equal(row[2], String(v.denominator), `${unit.code} ${v.indicator} denominator`);
      assert.equal(row[1], v.value === null ? '—' : String(v.numerator), `${unit.code} ${v.indicator} numerator`);
      // each kind as it reads: a share in percent, a count whole, an amount or a rate to two decimals
      const shown = v.value === null ? '—'
        : v.kind === 'count' ? Math.round(v.value).toLocaleString('en-US')
          : v.kind === 'amount' || v.kind === 'rate_per'
            ? v.value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
            : (v.value * 100).toFixed(1) + '%';
      // a share near its target's threshold has the decimals it takes not to seem on the
      // other side of it (2.004%, not 2.0%, against 2%): the same number, more decimals
      const more = v.kind === 'share' && v.value !== null && /^\d+\.\d{2,}%$/.test(row[3])
        && (v.value * 100).toFixed(row[3].length - row[3].indexOf('.') - 2) + '%' === row[3];
      assert.ok(row[3] === shown || more, `${unit.code} ${v.indicator}: ${row[3]} for ${shown}`);
      checked++;
    }
    assert.ok(checked >= 5, `${unit.code}: ${checked} indicators checked`);
  }
});

test('prints on A4', async () => {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.ok(pdf.length > 10_000);
  assert.ok(existsSync(report));
  await page.emulateMedia({ media: 'screen' });
});

test('a value at its threshold is shown on its side of it, thresholds exactly', async () => {
  // a poor village of 100,000 people, 2,004 of them poor (2.004%), in a poor county: not
  // eligible to exit against 2% (not "2.0% ≤ 2%"); a rule pack's 2.5% is shown as 2.5%
  const dir = mkdtempSync(join(tmpdir(), 'fupin-boundary-'));
  try {
    const rows = ['file_number,village,people,status'];
    for (let i = 0; i < 1002; i++) rows.push(`Q${i},341522100201,2,poor`);
    writeFileSync(join(dir, 'h.csv'), rows.join('\n') + '\n');
    writeFileSync(join(dir, 'v.csv'), 'village,poor_village,rural_population\n341522100201,是,100000\n');
    writeFileSync(join(dir, 'c.csv'), 'county,poor_county\n341522,是\n');
    writeFileSync(join(dir, 'rules.json'), '{"incidence": 0.025}');
    const html = async (extra) => {
      const file = join(dir, `r${extra.length}.html`);
      execFileSync(fupin, ['assess', 'h.csv', '--villages', 'v.csv', '--counties', 'c.csv', '--as-of',
        '2020-06-30', '--format', 'html', '--out', file, ...extra], { cwd: dir });
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="1"]');
      return page.locator('body').textContent();
    };
    let text = await html([]);
    assert.match(text, /贫困发生率 2\.004% ≤ 2%/);
    assert.doesNotMatch(text, /2\.0% ≤ 2%/);
    text = await html(['--exit-rules', 'rules.json']);
    assert.match(text, /≤ 2\.5%/);
    assert.deepEqual(errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
