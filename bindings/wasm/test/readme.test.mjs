// The JS examples of the package's README and of the user guide's browser chapter
// (docs/guide/src/browser.md) run as written (with `fupin` resolved to the built package).

import { test } from 'node:test';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const documents = {
  README: new URL('../README.md', import.meta.url),
  'the guide': new URL('../../../docs/guide/src/browser.md', import.meta.url),
};
const jsBlocks = (url) => [...readFileSync(url, 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const pkg = new URL('../pkg/node.js', import.meta.url).href;

for (const [name, url] of Object.entries(documents)) {
  for (const [i, code] of jsBlocks(url).entries()) {
    test(`${name}: example ${i + 1} runs`, async () => {
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

  test(`${name} has JS examples`, () => {
    if (jsBlocks(url).length === 0) throw new Error(`no \`\`\`js block in ${url.pathname}`);
  });
}
