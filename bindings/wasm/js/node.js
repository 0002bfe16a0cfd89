// Node entry of the package: the `--target web` module, instantiated synchronously from the
// .wasm file next to it. Browsers and bundlers use fupin.js and call `await init()`.
import { readFileSync } from 'node:fs';
import { initSync } from './fupin.js';

initSync({ module: readFileSync(new URL('./fupin_bg.wasm', import.meta.url)) });

export * from './fupin.js';
