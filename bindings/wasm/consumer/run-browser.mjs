// Serves this folder on 127.0.0.1 and opens index.html (the esbuild bundle) in headless
// Chromium; fails unless the bundle loaded the module and validated a household.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [serveModule] = process.argv.slice(2);
const { serve } = await import(serveModule);
const root = fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '');
const server = await serve(0, root);
const profile = mkdtempSync(join(tmpdir(), 'fupin-consumer-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const errors = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await page.waitForFunction(() => document.body.dataset.result !== 'pending', null, { timeout: 30_000 });
  const result = await page.evaluate(() => [document.body.dataset.result, document.body.textContent]);
  if (result[0] !== 'ok' || errors.length) throw new Error(`bundle in Chromium: ${result} ${errors}`);
  console.log(`bundle in Chromium: ok ${result[1]}`);
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
