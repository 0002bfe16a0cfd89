// The demo page: a household form validated on every keystroke, and a county dashboard,
// both computed by the fupin wasm package. This file only reads the form, calls the package
// and draws what it returns; every rule and every figure comes from the package.

import init, {
  causes, exitVerdicts, fullName, householdStatuses, indicatorCatalog, judgeTargets,
  parseRegionCode, resolve, synthesize, unitChildren, indicators, validateHousehold,
} from '../../bindings/wasm/pkg/fupin.js';

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'style') e.style.cssText = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
};
const pct = (v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const AS_OF = '2020-06-30';

// ---------------------------------------------------------------- household form

const form = $('#household');
const value = (name) => form.elements[name].value.trim();
/** A number when the text is one, else the text itself (the package reports the type). */
const num = (text) => (text !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

function householdFromForm() {
  const h = {};
  const put = (obj, key, v) => { if (v !== '') obj[key] = v; };
  put(h, 'file_number', value('file_number'));
  put(h, 'village', value('village'));
  put(h, 'identified_year', num(value('identified_year')));
  put(h, 'status', value('status'));
  put(h, 'main_cause', value('main_cause'));
  put(h, 'income_per_capita', num(value('income_per_capita')));
  const m = { relation: 'householder' };
  put(m, 'name', value('m_name'));
  put(m, 'id_number', value('m_id'));
  put(m, 'sex', value('m_sex'));
  put(m, 'birth_date', value('m_birth'));
  h.members = [m];
  return h;
}

function showIssues(issues) {
  for (const msg of form.querySelectorAll('.msg')) msg.textContent = '';
  for (const input of form.querySelectorAll('.invalid')) input.classList.remove('invalid');
  const others = $('#other-issues');
  others.replaceChildren();
  for (const issue of issues) {
    const slot = form.querySelector(`.msg[data-for="${CSS.escape(issue.path)}"]`);
    const text = `${issue.message} [${issue.code}]`;
    if (slot) {
      slot.append(el('div', { 'data-code': issue.code }, text));
      form.querySelector(`[data-path="${CSS.escape(issue.path)}"]`)?.classList.add('invalid');
    } else {
      others.append(el('li', { 'data-code': issue.code, 'data-path': issue.path }, `${issue.path || '(record)'}: ${text}`));
    }
  }
  const result = $('#form-result');
  result.className = issues.length ? 'bad' : 'ok';
  result.textContent = issues.length
    ? `${issues.length} issue${issues.length > 1 ? 's' : ''} to fix`
    : `✓ valid household file as of ${value('today')}`;
}

function villageHint() {
  const hint = $('#village-name');
  try {
    const code = parseRegionCode(value('village'));
    const county = fullName(code.gb2260);
    hint.textContent = county ? `${county} · ${code.level}` : '';
  } catch {
    hint.textContent = '';
  }
}

function validateForm() {
  const started = performance.now();
  let issues;
  try {
    issues = validateHousehold(householdFromForm(), value('today'));
  } catch (e) {
    issues = e.issues ?? [{ code: e.code ?? 'error', path: '', message: String(e) }];
  }
  showIssues(issues);
  villageHint();
  form.dataset.validatedInMs = (performance.now() - started).toFixed(2);
}

// ---------------------------------------------------------------- county dashboard

let catalog = new Map();
let shown = null;

function bar(label, value, { threshold = null, met = null, text = pct(value), attrs = {} } = {}) {
  const track = el('div', { class: 'track' });
  if (value !== null && value !== undefined) {
    const cls = met === null ? 'fill' : `fill ${met ? 'met' : 'unmet'}`;
    track.append(el('div', { class: cls, style: `width:${Math.min(100, value * 100)}%` }));
  }
  if (threshold !== null) track.append(el('div', { class: 'mark', style: `left:${Math.min(100, threshold * 100)}%` }));
  return [el('div', attrs, label), track, el('div', {}, text)];
}

function showCounty(query) {
  const msg = $('#county-msg');
  msg.textContent = '';
  let county;
  try {
    county = resolve(query).map((c) => c.division).find((d) => d.level === 'county');
  } catch (e) {
    msg.textContent = `${e.message} [${e.code}]`;
    return;
  }
  if (!county) {
    msg.textContent = `\`${query}\` is not a county`;
    return;
  }
  // synthetic: the generator's county is made a poor county so that exit rules apply
  const a = synthesize([county.code], { as_of: AS_OF, scale: 1, poor_county_share: 1 });
  shown = { a, county };
  $('#synthetic-label').textContent = `⚠ ${a.label}`;
  $('#county-title').textContent = `${fullName(county.code)} (${county.code.slice(0, 6)}) · as of ${a.as_of}`;

  const values = new Map(indicators(a, county.code).map((i) => [i.indicator, i]));
  const cards = $('#cards');
  cards.replaceChildren();
  const card = (title, text) => cards.append(el('div', { class: 'card' }, title, el('b', {}, text)));
  card('Registered households 建档立卡户', a.household_count.toLocaleString('en'));
  card('Poverty incidence 贫困发生率', pct(values.get('poverty_incidence')?.value));
  card('Poor households 贫困户占比', pct(values.get('poor_household_share')?.value));
  card('Townships 乡镇', String(a.rollup.townships.length));

  drawTownships();

  const targets = $('#targets');
  targets.replaceChildren();
  const verdicts = judgeTargets(a, { levels: ['county'], strategy: 'skip_if_all_missing', within: county.code });
  for (const v of verdicts) {
    const name = catalog.get(v.indicator)?.name_zh ?? v.indicator;
    const sign = { ge: '≥', gt: '>', le: '≤', lt: '<' }[v.target.comparator] ?? v.target.comparator;
    const text = `${pct(v.value)} ${v.met ? '✓' : '✗'} ${sign}${pct(v.target.threshold)}`;
    targets.append(...bar(name, v.value, {
      threshold: v.target.threshold, met: v.met, text,
      attrs: { class: 'target', 'data-indicator': v.indicator, 'data-met': String(v.met) },
    }));
  }

  const exit = $('#exit');
  exit.replaceChildren();
  const verdict = exitVerdicts(a).find((v) => v.level === 'county');
  if (!verdict) {
    exit.append(el('p', { class: 'muted' }, 'not a poor county in this data set: no exit verdict'));
  } else {
    exit.append(el('p', { 'data-status': verdict.status }, `status: ${verdict.status}`));
    const table = el('table', { class: 'criteria' },
      el('tr', {}, el('th', {}, 'criterion'), el('th', {}, 'value'), el('th', {}, 'threshold'), el('th', {}, '')));
    for (const c of verdict.criteria) {
      const [cls, mark] = c.passed === null ? ['unknown', '?'] : c.passed ? ['pass', '✓'] : ['fail', '✗'];
      table.append(el('tr', {}, el('td', {}, c.label_zh), el('td', {}, c.value === null ? '—' : c.value.toFixed(3)),
        el('td', {}, `${c.comparator} ${c.threshold}`), el('td', { class: cls }, mark)));
    }
    exit.append(table);
  }
}

/** Bars of one indicator for every township of the county shown. */
function drawTownships() {
  if (!shown) return;
  const id = $('#township-indicator').value;
  const towns = $('#township-bars');
  towns.replaceChildren();
  for (const t of unitChildren(shown.a, shown.county.code)) {
    const v = t.indicators.find((i) => i.indicator === id);
    const label = `乡镇 ${t.code.slice(6, 9)}`;
    const text = v?.value == null ? `no data (${v?.completeness ?? 'missing'})` : `${pct(v.value)} of ${v.denominator}`;
    towns.append(...bar(label, v?.value ?? null, { text, attrs: { class: 'township', 'data-code': t.code } }));
  }
}

// ---------------------------------------------------------------- start

await init();
catalog = new Map(indicatorCatalog().map((i) => [i.id, i]));
for (const i of catalog.values()) {
  if (i.lowest_level !== 'county') $('#township-indicator').append(new Option(`${i.name_zh} ${i.id}`, i.id));
}
$('#township-indicator').value = 'household_terminal';
$('#township-indicator').addEventListener('change', drawTownships);
for (const s of householdStatuses()) form.elements.status.append(new Option(`${s.label_zh} ${s.key}`, s.key));
form.elements.status.value = 'poor';
for (const c of causes()) form.elements.main_cause.append(new Option(`${c.label_zh} ${c.key}`, c.key));
form.addEventListener('input', validateForm);
form.addEventListener('change', validateForm);
$('#county-picker').addEventListener('submit', (e) => {
  e.preventDefault();
  showCounty($('#county-picker').elements.county.value.trim());
});
validateForm();
showCounty($('#county-picker').elements.county.value.trim());
$('#status').textContent = 'wasm module loaded: everything below is computed in this page';
document.body.dataset.ready = 'true';
