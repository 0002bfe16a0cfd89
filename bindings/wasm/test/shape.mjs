// Run-time shape checks: every value an export returns is checked against the return type
// that pkg/fupin.d.ts declares for it, using pkg/types.json (the same generated types, as
// data). A declaration that lies about a result fails the test that produced the result.

import { readFileSync } from 'node:fs';

const pkg = new URL('../pkg/', import.meta.url);
export const schema = JSON.parse(readFileSync(new URL('types.json', pkg), 'utf8'));
const dts = readFileSync(new URL('fupin.d.ts', pkg), 'utf8');

/** Reads the few TS forms the declarations use: names, `T[]`, `A | B`, `Record<…>`. */
function parseType(src) {
  const s = src.trim();
  const arms = splitTop(s, '|');
  if (arms.length > 1) return { kind: 'union', of: arms.map(parseType) };
  if (s.endsWith('[]')) return { kind: 'array', of: parseType(s.slice(0, -2)) };
  if (s.startsWith('(') && s.endsWith(')')) return parseType(s.slice(1, -1));
  const rec = /^Record<string,\s*(.+)>$/.exec(s);
  if (rec) return { kind: 'record', of: parseType(rec[1]) };
  const prim = { any: 'unknown', void: 'undefined' }[s] ?? s;
  if (['string', 'number', 'boolean', 'null', 'unknown', 'undefined'].includes(prim)) {
    return { kind: prim };
  }
  if (/^"[^"]*"$/.test(s)) return { kind: 'literal', value: JSON.parse(s) };
  if (/^[A-Za-z_]\w*$/.test(s)) return { kind: 'ref', name: s };
  throw new Error(`type form not understood: ${s}`);
}

function splitTop(s, sep) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if ('<([{'.includes(c)) depth++;
    if ('>)]}'.includes(c)) depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x.length);
}

/** The declared return type of every exported function. */
export const returns = new Map();
for (const m of dts.matchAll(/^export function (\w+)\((.*)\): (.+);$/gm)) {
  returns.set(m[1], parseType(m[3]));
}

const show = (v) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

/** Every way `value` differs from `ty` (empty when it conforms). */
export function mismatches(value, ty, path = '$') {
  const bad = (what) => [`${path}: expected ${what}, got ${show(value)}`];
  switch (ty.kind) {
    case 'unknown':
      return [];
    case 'undefined':
      return value === undefined ? [] : bad('undefined');
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === ty.kind ? [] : bad(ty.kind);
    case 'null':
      return value === null ? [] : bad('null');
    case 'literal':
      return value === ty.value ? [] : bad(JSON.stringify(ty.value));
    case 'ref': {
      const def = schema[ty.name];
      if (!def) return [`${path}: type ${ty.name} is not declared`];
      return mismatches(value, def, path);
    }
    case 'array':
      if (!Array.isArray(value)) return bad('an array');
      return value.flatMap((v, i) => mismatches(v, ty.of, `${path}[${i}]`));
    case 'tuple':
      if (!Array.isArray(value) || value.length !== ty.of.length) return bad(`a ${ty.of.length}-tuple`);
      return value.flatMap((v, i) => mismatches(v, ty.of[i], `${path}[${i}]`));
    case 'record':
      if (!isPlain(value)) return bad('an object');
      return Object.entries(value).flatMap(([k, v]) => mismatches(v, ty.of, `${path}.${k}`));
    case 'union': {
      const results = ty.of.map((arm) => mismatches(value, arm, path));
      if (results.some((r) => r.length === 0)) return [];
      return results.reduce((a, b) => (b.length < a.length ? b : a));
    }
    case 'object': {
      if (!isPlain(value)) return bad('an object');
      const out = [];
      for (const [name, f] of Object.entries(ty.fields)) {
        if (!Object.hasOwn(value, name) || value[name] === undefined) {
          if (!f.optional) out.push(`${path}.${name}: missing, declared required`);
        } else out.push(...mismatches(value[name], f.type, `${path}.${name}`));
      }
      for (const k of Object.keys(value)) {
        if (!Object.hasOwn(ty.fields, k)) out.push(`${path}.${k}: not declared`);
      }
      return out;
    }
    default:
      return [`${path}: unknown schema kind ${ty.kind}`];
  }
}

function isPlain(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The module's exports with every function's result checked against its declared return
 * type; a mismatch throws. Errors thrown by the exports pass through unchanged.
 */
export function checked(api) {
  return new Proxy(api, {
    get(target, name) {
      const fn = target[name];
      const ty = returns.get(name);
      if (typeof fn !== 'function' || !ty) return fn;
      return (...args) => {
        const value = fn(...args);
        const problems = mismatches(value, ty, `${String(name)}()`);
        if (problems.length) throw new Error(`result differs from the .d.ts:\n${problems.join('\n')}`);
        return value;
      };
    },
  });
}
