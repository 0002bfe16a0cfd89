// A browser app that installed `fupin`: bundled by esbuild, the module file as an asset.
import init, { validateHousehold } from 'fupin/web';
import wasmUrl from 'fupin/fupin_bg.wasm';

await init({ module_or_path: new URL(wasmUrl, import.meta.url) });
const issues = validateHousehold({ village: '5223' }, '2020-06-30');
document.body.dataset.result = issues.some((i) => i.path === 'village') ? 'ok' : 'wrong';
document.body.textContent = JSON.stringify(issues.map((i) => [i.path, i.code]));
