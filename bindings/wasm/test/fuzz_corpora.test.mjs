// The fuzz corpora (fuzz/corpus/<target>/: what cargo fuzz found interesting, crashes
// included once fixed) fed through the wasm package: every input gives a result or a thrown
// FupinError with a stable code — never a trap, never `internal_error` (a caught panic) —
// and no error message shows an ID number of the input unmasked.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

import * as f from '../pkg/node.js';

const root = new URL('../../../fuzz/', import.meta.url);
// 18 characters shaped like an ID number, not part of a longer run of digits
const ID_LIKE = /(?<!\d)\d{17}[\dXx](?![\dXx])/g;
const decoder = new TextDecoder('utf-8', { fatal: false });
// a valid ID number (date, region and check digit): personal data
const isIdNumber = (s) => {
  try {
    f.parseIdNumber(s);
    return true;
  } catch {
    return false;
  }
};

const json = (text) => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};
const withJson = (run) => (text) => {
  const v = json(text);
  if (v.ok) run(v.value);
};

// the targets whose inputs the package takes (files are read by the command, not here)
const targets = {
  region_code: (t) => f.parseRegionCode(t),
  region_name: (t) => f.resolve(t),
  id_number: (t) => f.parseIdNumber(t),
  date: (t) => f.targetsInForce(t),
  household_json: withJson((v) => f.readHousehold(v)),
  pairing_json: withJson((v) => f.readPairingBook(v)),
  targets_json: withJson((v) => f.readTargets(v)),
};

const corpus = (name) => {
  const dir = new URL(`corpus/${name}/`, root);
  return existsSync(dir) ? readdirSync(dir).sort().map((file) => [file, readFileSync(new URL(file, dir))]) : [];
};

test('the corpora of the targets the package covers exist', () => {
  for (const name of Object.keys(targets)) assert.ok(corpus(name).length > 0, name);
});

for (const [name, run] of Object.entries(targets)) {
  test(`fuzz corpus ${name}: results or FupinErrors, never a trap or a panic`, () => {
    for (const [file, bytes] of corpus(name)) {
      const text = decoder.decode(bytes);
      try {
        run(text);
      } catch (e) {
        assert.ok(e instanceof Error, `${name}/${file}: threw a non-Error`);
        assert.equal(typeof e.code, 'string', `${name}/${file}: no code`);
        assert.notEqual(e.code, 'internal_error', `${name}/${file}: a panic: ${e.message.slice(0, 200)}`);
        for (const raw of text.match(ID_LIKE) ?? []) {
          if (isIdNumber(raw)) assert.ok(!e.message.includes(raw), `${name}/${file}: the error shows an ID number`);
        }
      }
    }
  });
}
