// The README's JS examples run as written (with `fupin` resolved to the built package).

import { test } from 'node:test';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const pkg = new URL('../pkg/node.js', import.meta.url).href;

for (const [i, code] of blocks.entries()) {
  test(`README example ${i + 1} runs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-readme-'));
    try {
      const file = join(dir, 'example.mjs');
      const body = code.replaceAll("from 'fupin'", `from '${pkg}'`);
      writeFileSync(file, `import assert from 'node:assert/strict';\n${body}`);
      await import(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the README has JS examples', () => {
  if (blocks.length === 0) throw new Error('no ```js block in README.md');
});
