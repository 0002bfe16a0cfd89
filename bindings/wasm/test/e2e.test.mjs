// End to end: the demo page (examples/web) served on 127.0.0.1, driven in Debian's headless
// Chromium with playwright-core. Fills the household form with bad and good input, checks
// the messages next to the fields and the drawn dashboard, and saves a screenshot to
// target/web-e2e.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { serve } from '../../../examples/web/serve.mjs';
import * as f from '../pkg/node.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server;
let context;
let page;
let profile;
const errors = [];

before(async () => {
  server = await serve(0);
  profile = mkdtempSync(join(tmpdir(), 'fupin-e2e-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ARGS,
    viewport: { width: 1280, height: 1100 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await page.goto(`http://127.0.0.1:${server.address().port}/examples/web/`);
  const response = await wasm;
  assert.equal(response.headers()['content-type'], 'application/wasm');
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const msgAt = (path) => page.locator(`.msg[data-for="${path}"]`);

test('the page loads the module without errors and the default household is valid', async () => {
  assert.deepEqual(errors, []);
  assert.match(await page.locator('#form-result').textContent(), /valid household file/);
  assert.match(await page.locator('#village-name').textContent(), /册亨县/);
});

test('bad input: messages appear next to the fields, as the user types', async () => {
  await page.fill('input[name="m_id"]', '522327197003120210'); // wrong check digit
  await page.fill('input[name="village"]', '520010'); // a segment under a zero segment
  await page.fill('input[name="income_per_capita"]', '10.005'); // more than two decimals
  await page.fill('input[name="m_name"]', '');
  assert.match(await msgAt('members[0].id_number').textContent(), /check digit.*\[id_check_digit\]/);
  assert.match(await msgAt('village').textContent(), /code_segment_under_zero/);
  assert.match(await msgAt('income_per_capita').textContent(), /money_too_precise/);
  assert.match(await msgAt('members[0].name').textContent(), /missing_field/);
  assert.equal(await page.locator('input.invalid').count(), 4);
  assert.match(await page.locator('#form-result').textContent(), /4 issues/);
  mkdirSync(join(repo, 'target'), { recursive: true });
  await page.locator('#form-section').screenshot({ path: join(repo, 'target/web-e2e-invalid.png') });
  // personal data stays masked in the messages
  assert.ok(!(await page.locator('#household').textContent()).includes('5223271970031202'));

  // rules across fields run once the record reads: the id's birth date and sex
  await page.fill('input[name="m_id"]', '522327197003120211');
  await page.fill('input[name="village"]', '522327104201');
  await page.fill('input[name="income_per_capita"]', '4650.25');
  await page.fill('input[name="m_name"]', '王大山');
  await page.fill('input[name="m_birth"]', '1971-03-12');
  await page.selectOption('select[name="m_sex"]', 'female');
  await page.locator('#form-section').screenshot({ path: join(repo, 'target/web-e2e-mismatch.png') });
  const idMsg = await msgAt('members[0].id_number').textContent();
  assert.match(idMsg, /id_birth_date_mismatch/);
  assert.match(idMsg, /id_sex_mismatch/);
  assert.match(idMsg, /5223\*{10}0211/);
});

test('good input clears every message', async () => {
  await page.fill('input[name="m_birth"]', '1970-03-12');
  await page.selectOption('select[name="m_sex"]', 'male');
  assert.equal(await page.locator('.msg div').count(), 0);
  assert.equal(await page.locator('input.invalid').count(), 0);
  assert.match(await page.locator('#form-result').textContent(), /✓ valid/);
  const ms = Number(await page.locator('#household').getAttribute('data-validated-in-ms'));
  assert.ok(ms < 50, `validation took ${ms} ms`);
});

test('the dashboard is drawn from a labelled synthetic data set', async () => {
  assert.match(await page.locator('#synthetic-label').textContent(), /SYNTHETIC/);
  assert.match(await page.locator('#county-title').textContent(), /册亨县/);
  const a = f.synthesize(['522327'], { as_of: '2020-06-30', scale: 1, poor_county_share: 1 });
  const towns = f.unitChildren(a, '522327');
  const drawn = async (id) => {
    await page.selectOption('#township-indicator', id);
    assert.equal(await page.locator('#township-bars .township').count(), towns.length);
    const withValue = towns.filter((t) => t.indicators.find((i) => i.indicator === id)?.value != null);
    assert.equal(await page.locator('#township-bars .fill').count(), withValue.length, id);
    const first = withValue[0]?.indicators.find((i) => i.indicator === id);
    if (first) {
      const width = await page.locator('#township-bars .fill').first().evaluate((e) => e.style.width);
      assert.equal(parseFloat(width).toFixed(3), (first.value * 100).toFixed(3), id);
    }
  };
  await drawn('poor_village_broadband');
  await drawn('household_terminal');
  const verdicts = f.judgeTargets(a, { levels: ['county'], strategy: 'skip_if_all_missing', within: '522327' });
  assert.ok(verdicts.length > 0);
  assert.equal(await page.locator('#targets .target').count(), verdicts.length);
  for (const v of verdicts) {
    assert.equal(await page.locator(`#targets .target[data-indicator="${v.indicator}"]`).getAttribute('data-met'), String(v.met));
  }
  assert.ok(await page.locator('#cards .card').count() >= 4);
  const exit = f.exitVerdicts(a).find((v) => v.level === 'county');
  assert.equal(await page.locator('#exit [data-status]').getAttribute('data-status'), exit.status);
  assert.equal(await page.locator('#exit .criteria tr').count(), exit.criteria.length + 1);

  // another county by a messy name
  await page.fill('#county-picker input[name="county"]', '湖北长阳');
  await page.click('#county-picker button');
  await page.waitForFunction(() => document.querySelector('#county-title').textContent.includes('长阳'));
  assert.ok(await page.locator('#township-bars .township').count() > 0);
  await page.fill('#county-picker input[name="county"]', '不存在县');
  await page.click('#county-picker button');
  assert.match(await page.locator('#county-msg').textContent(), /not_found/);

  // back to the first county for the screenshot
  await page.fill('#county-picker input[name="county"]', '册亨');
  await page.click('#county-picker button');
  await page.waitForFunction(() => document.querySelector('#county-title').textContent.includes('册亨'));
  mkdirSync(join(repo, 'target'), { recursive: true });
  await page.screenshot({ path: join(repo, 'target/web-e2e.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
