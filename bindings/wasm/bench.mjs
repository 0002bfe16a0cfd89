// Prints the speed of the package in Node and in headless Chromium (cases in bench/cases.mjs).
// Native figures for the same cases: `cargo run --release -p fupin-wasm --example native_bench`
// (`node bench.mjs --native` runs it too). Build first: ./build.sh (and `npm ci`).
//
//   node bindings/wasm/bench.mjs [--node-only] [--native]

import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as f from './pkg/node.js';
import { run } from './bench/cases.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (p) => JSON.parse(readFileSync(join(repo, 'tests/fixtures', p), 'utf8')).input;
const fixtures = { valid: fixture('households/valid_full.json'), invalid: fixture('households/invalid_many.json') };
const columns = {};

columns.node = run(f, fixtures);

if (!process.argv.includes('--node-only')) {
  const { chromium } = await import('playwright-core');
  const { serve } = await import('../../examples/web/serve.mjs');
  const server = await serve(0);
  const profile = mkdtempSync(join(tmpdir(), 'fupin-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${server.address().port}/bindings/wasm/bench/index.html`);
    columns.chromium = await page.waitForFunction(() => window.benchResults, null, { timeout: 300_000 })
      .then((h) => h.jsonValue());
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

if (process.argv.includes('--native')) {
  const out = execFileSync('cargo', ['run', '--quiet', '--release', '--locked', '-p', 'fupin-wasm',
    '--example', 'native_bench'], { cwd: repo, encoding: 'utf8' });
  columns.native = JSON.parse(out);
}

const names = columns.node.map((r) => r.name);
const fmt = (r) => (r ? `${r.value.toLocaleString('en', { maximumFractionDigits: 1 })}` : '—');
const heads = Object.keys(columns);
console.log(['case', ...heads, 'unit'].join(' | '));
console.log(['---', ...heads.map(() => '---:'), '---'].join(' | '));
for (const [i, name] of names.entries()) {
  const row = heads.map((h) => fmt(columns[h][i]));
  console.log([name, ...row, columns.node[i].unit].join(' | '));
}
