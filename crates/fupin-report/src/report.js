// The navigable assessment report: inflates the page's data, then shows the unit named in
// the address (#u=<12-digit code>; the nation without one). Written by fupin-report.
(async function () {
  'use strict';
  var $ = function (s) { return document.querySelector(s); };
  var esc = function (s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  };
  var main = $('#main');
  var M, L;
  try {
    var text = $('#data').textContent.trim();
    // base 85 (fupin-report's alphabet): five characters for four bytes
    var A = '!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_abcdefghijklmnopqrstuvwxyz{|}~';
    var val = new Int32Array(128);
    for (var q = 0; q < 85; q++) val[A.charCodeAt(q)] = q;
    var full = Math.floor(text.length / 5), tail = text.length % 5;
    var bin = new Uint8Array(full * 4 + (tail ? tail - 1 : 0));
    for (var g = 0, o = 0; g * 5 < text.length; g++) {
      var x = 0;
      for (var c = 0; c < 5; c++) {
        var at = g * 5 + c;
        x = x * 85 + (at < text.length ? val[text.charCodeAt(at)] : 84);
      }
      for (var t = 3; t >= 0; t--) {
        if (o + (3 - t) < bin.length && (g < full || 3 - t < tail - 1)) bin[o + (3 - t)] = (x / Math.pow(256, t)) & 255;
      }
      o += 4;
    }
    if (typeof DecompressionStream === 'undefined') throw new Error('DecompressionStream');
    var stream = new Blob([bin]).stream().pipeThrough(new DecompressionStream('gzip'));
    var buf = new Uint8Array(await new Response(stream).arrayBuffer());
    M = JSON.parse($('#meta').textContent);
    var n = (buf[0] | (buf[1] << 8) | (buf[2] << 16) | (buf[3] << 24)) >>> 0;
    var lists = JSON.parse(new TextDecoder().decode(buf.subarray(4, 4 + n)));
    M.verdicts = lists[0];
    M.county_exits = lists[1];
    L = decode(buf, 4 + n);
  } catch (e) {
    main.innerHTML = '<p class="bad">This browser cannot read the report\'s data (' + esc(e) +
      '): open it in a recent browser. 此浏览器无法读取报告数据，请用较新的浏览器打开。</p>';
    return;
  }
  var T = M.text;
  var K = M.indicators.length;
  // digits of a code that name the unit at each level (nation, province … village)
  var SPAN = [1e12, 1e10, 1e8, 1e6, 1e3, 1];

  function decode(b, pos) {
    function v() {
      var x = 0, m = 1, c;
      do { c = b[pos++]; x += (c & 127) * m; m *= 128; } while (c & 128);
      return x;
    }
    var out = [], K = M.indicators.length;
    for (var li = 0; li < 6; li++) {
      var n = v(), codes = new Float64Array(n), prev = 0, i, k;
      for (i = 0; i < n; i++) { prev += v(); codes[i] = prev; }
      var flags = b[pos++], withComp = flags & 2;
      var num = [], den = [], comp = [], cols = [];
      if (!(flags & 1)) {
        var none = new Float64Array(n), gone = new Float64Array(n).fill(4);
        for (k = 0; k < K; k++) { den.push(none); comp.push(gone); num.push(none); }
        var st0 = b.subarray(pos, pos + n); pos += n;
        out.push({ n: n, codes: codes, num: num, den: den, comp: comp, st: st0 });
        continue;
      }
      // a column: its values (0), the same as an earlier one (3j + 1), or differences below
      // (3j + 2) or above (3j + 3) an earlier one; numerators keep 0 for "no value"
      var column = function (noneZero) {
        var h = v();
        if (h && h % 3 === 1) { cols.push(cols[(h - 1) / 3]); return cols[cols.length - 1]; }
        var a = new Float64Array(n), r = h ? cols[Math.floor((h - 2) / 3)] : null, below = h % 3 === 2;
        for (var i = 0; i < n; i++) {
          var d = v();
          if (!r) a[i] = d;
          else if (noneZero && d === 0) a[i] = 0;
          else if (noneZero) a[i] = below ? r[i] + 1 - d : r[i] + d - 1;
          else a[i] = below ? r[i] - d : r[i] + d;
        }
        cols.push(a);
        return a;
      };
      var empty = new Float64Array(n).fill(4); // not given (villages)
      for (k = 0; k < K; k++) {
        den.push(column(false));
        comp.push(withComp ? column(false) : empty);
        num.push(column(true));
      }
      var st = b.subarray(pos, pos + n); pos += n;
      out.push({ n: n, codes: codes, num: num, den: den, comp: comp, st: st });
    }
    return out;
  }

  // ---- units ----
  function lowerBound(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function find(li, code) {
    var c = L[li].codes, i = lowerBound(c, code);
    return i < c.length && c[i] === code ? i : -1;
  }
  function code12(li, i) { return String(L[li].codes[i]).padStart(12, '0'); }
  function shortCode(li, i) { var c = code12(li, i); return li <= 3 ? c.slice(0, 6) : c; }
  function name(li, i) {
    if (li === 0) return M.names[0][0];
    return M.names[li][i] || shortCode(li, i);
  }
  function levelOf(code) {
    if (code === 0) return 0;
    for (var li = 5; li >= 1; li--) if (code % SPAN[li - 1] !== 0) return li;
    return 1;
  }
  function link(li, i) {
    return '<a href="#u=' + code12(li, i) + '">' + esc(name(li, i)) + '</a>';
  }
  function linkCode(code12s) {
    var code = Number(code12s), li = levelOf(code), i = find(li, code);
    if (i < 0) return esc(code12s);
    return link(li, i);
  }
  // the level whose units a page lists: a county lists its villages
  function childLevel(li) { return li === 3 ? 5 : li < 5 ? li + 1 : -1; }
  function inside(li, i, cl) {
    if (li === 0) return [0, L[cl].n];
    var code = L[li].codes[i], s = SPAN[li];
    return [lowerBound(L[cl].codes, code), lowerBound(L[cl].codes, code + s)];
  }
  function ancestors(li, i) {
    var out = [], code = L[li].codes[i];
    for (var l = 0; l < li; l++) {
      var c = l === 0 ? 0 : Math.floor(code / SPAN[l]) * SPAN[l], k = find(l, c);
      if (k >= 0) out.push([l, k]);
    }
    return out;
  }
  // an indicator's kind: share, count (a sum), amount (yuan, the numerator in fen), rate_per
  function kind(k) { return M.indicators[k][4]; }
  function value(li, k, i) {
    var n = L[li].num[k][i], d = L[li].den[k][i];
    if (!n) return null;
    switch (kind(k)) {
      case 'count': return n - 1;
      case 'amount': return (n - 1) / 100;
      case 'rate_per': return d ? (n - 1) / d * M.indicators[k][6] : null;
      default: return (n - 1) / d;
    }
  }
  // how a compares with b, equal within 1e-12 (what floating point leaves of a ratio; no
  // coarser than verdicts are decided, as digits.rs)
  function cmp(a, b) {
    var e = 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
    return a - b > e ? 1 : b - a > e ? -1 : 0;
  }
  // x exactly, with the fewest decimals (at least min) that give it back: a threshold 2.5, 2
  function exactDigits(x, min) {
    for (var d = min; d <= 9; d++) if (cmp(+x.toFixed(d), x) === 0) return d;
    return 9;
  }
  // the decimals (at least min) x needs not to seem on the other side of threshold t (as
  // exactDigits shows it) than it is: 2.004 against 2 needs 3, not 1 (2.0 would read as 2)
  function digitsAgainst(x, t, min) {
    if (t === null || t === undefined) return min;
    var want = cmp(x, t), shown = +t.toFixed(exactDigits(t, 0));
    for (var d = min; d <= 12; d++) if (cmp(+x.toFixed(d), shown) === want) return d;
    return 12;
  }
  // a share as a percentage, one decimal or as many as threshold t (a share) asks
  function pct(x, t) {
    if (x === null || x === undefined) return '—';
    var tp = t === null || t === undefined ? null : t * 100;
    return (x * 100).toFixed(digitsAgainst(x * 100, tp, 1)) + '%';
  }
  // a share's threshold as a percentage, exactly (2.5%, 2%)
  function thrPct(t) { return (t * 100).toFixed(exactDigits(t * 100, 0)) + '%'; }
  var target = {};
  M.targets.forEach(function (t) { target[t.i] = t; });
  // a value as its indicator's kind reads, with the decimals its target's threshold asks
  // (the value shown never seems on the other side of it than it is)
  function fmt(k, x) {
    if (x === null || x === undefined || k === null || k === undefined) return pct(x);
    var t = target[k] ? target[k].thr : null;
    switch (kind(k)) {
      case 'count':
        return t === null || t === Math.round(t) ? Math.round(x).toLocaleString('en-US')
          : x.toLocaleString('en-US', { maximumFractionDigits: digitsAgainst(x, t, 0) });
      case 'amount': case 'rate_per':
        var d = digitsAgainst(x, t, 2);
        return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
      default: return pct(x, t);
    }
  }
  // a threshold as its indicator's kind reads, exactly
  function fmtThr(k, t) {
    switch (kind(k)) {
      case 'count': return t.toLocaleString('en-US', { maximumFractionDigits: exactDigits(t, 0) });
      case 'amount': case 'rate_per':
        var d = exactDigits(t, 2);
        return t.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
      default: return thrPct(t);
    }
  }
  var verdict = {};
  M.verdicts.forEach(function (v) { verdict[v[0] + ':' + v[1] + ':' + v[2]] = v; });
  function verdictHtml(v) {
    if (!v) return '';
    var cls = v[3] === 1 ? 'ok' : v[3] === 0 ? 'bad' : 'muted';
    return '<span class="' + cls + '">' + esc(M.verdict_names[v[3] === 1 ? 1 : v[3] === 0 ? 0 : 2]) + '</span>';
  }
  function targetText(k) {
    var t = target[k];
    return t ? esc(t.cmp + ' ' + fmtThr(k, t.thr)) : '';
  }

  // ---- a sortable, filterable table ----
  var tables = 0;
  function table(headers, rows, opts) {
    opts = opts || {};
    var id = 't' + (tables++);
    var html = (opts.filter ? '<input class="filter" data-for="' + id + '" placeholder="' + esc(T.filter) + '"> ' +
      '<span class="muted" id="' + id + '-count"></span>' : '') +
      '<div class="scroll"><table id="' + id + '"><thead><tr>' +
      headers.map(function (h, c) {
        return '<th class="sort' + (h.n ? ' n' : '') + '" data-col="' + c + '">' + esc(h.t) + '</th>';
      }).join('') + '</tr></thead><tbody></tbody></table></div>';
    later.push(function () {
      var el = document.getElementById(id), body = el.tBodies[0], shown = rows.slice(), col = -1, dir = 1;
      function draw() {
        body.innerHTML = shown.map(function (r) {
          return '<tr>' + r.map(function (c, j) {
            return '<td' + (headers[j].n ? ' class="n"' : '') + '>' + c.h + '</td>';
          }).join('') + '</tr>';
        }).join('');
        var cnt = document.getElementById(id + '-count');
        if (cnt) cnt.textContent = shown.length + ' / ' + rows.length;
      }
      el.tHead.addEventListener('click', function (e) {
        var th = e.target.closest('th'); if (!th) return;
        var c = Number(th.dataset.col);
        dir = c === col ? -dir : 1; col = c;
        Array.prototype.forEach.call(el.tHead.rows[0].cells, function (x) { x.classList.remove('asc', 'desc'); });
        th.classList.add(dir > 0 ? 'asc' : 'desc');
        shown.sort(function (a, b) {
          var x = a[c].v, y = b[c].v;
          if (x === null || x === undefined) return 1;
          if (y === null || y === undefined) return -1;
          return (x < y ? -1 : x > y ? 1 : 0) * dir;
        });
        draw();
      });
      var box = document.querySelector('input[data-for="' + id + '"]');
      if (box) box.addEventListener('input', function () {
        var q = box.value.trim().toLowerCase();
        shown = rows.filter(function (r) { return !q || r.key.indexOf(q) >= 0; });
        if (col >= 0) { col = -1; Array.prototype.forEach.call(el.tHead.rows[0].cells, function (x) { x.classList.remove('asc', 'desc'); }); }
        draw();
      });
      draw();
    });
    return html;
  }
  var later = [];

  // ---- a histogram of the values of the units (0-100% in ten bins, or 0 to the largest
  // value for counts, amounts and rates), the target marked ----
  function histogram(vals, t, k) {
    var bins = new Array(10).fill(0), none = 0, share = kind(k) === 'share', top = 1;
    if (!share) {
      vals.forEach(function (x) { if (x !== null && x > top) top = x; });
      if (t && t.thr > top) top = t.thr;
    }
    vals.forEach(function (x) {
      if (x === null) { none++; return; }
      bins[Math.min(9, Math.max(0, Math.floor(x / top * 10)))]++;
    });
    var label = function (i) { return share ? (i * 10) + '%' : fmt(k, top * i / 10); };
    var max = Math.max.apply(null, bins.concat([1])), W = 340, H = 110, bw = W / 10;
    var svg = '<svg width="' + W + '" height="' + (H + 28) + '" role="img" aria-label="histogram">';
    bins.forEach(function (b, i) {
      var h = Math.round(b / max * H);
      svg += '<rect x="' + (i * bw + 1) + '" y="' + (H - h) + '" width="' + (bw - 2) + '" height="' + h +
        '" fill="#5b8bd0"><title>' + label(i) + '–' + label(i + 1) + ': ' + b + '</title></rect>';
      if (b) svg += '<text x="' + (i * bw + bw / 2) + '" y="' + (H - h - 2) + '" font-size="9" text-anchor="middle">' + b + '</text>';
    });
    for (var i = 0; i <= 10; i += 2) {
      svg += '<text x="' + Math.min(W - 12, i * bw) + '" y="' + (H + 12) + '" font-size="9">' + label(i) + '</text>';
    }
    if (t) {
      var x = Math.max(1, Math.min(W - 1, t.thr / top * W));
      svg += '<line x1="' + x + '" y1="0" x2="' + x + '" y2="' + H + '" stroke="#b71c1c" stroke-width="2" stroke-dasharray="4,3"/>' +
        '<text x="' + Math.min(W - 60, x + 3) + '" y="10" font-size="10" fill="#b71c1c">' + esc(t.cmp) + ' ' + fmtThr(k, t.thr) + '</text>';
    }
    svg += '<text x="0" y="' + (H + 25) + '" font-size="10" fill="#555">' + vals.length + ' ' + esc(T.units_count) +
      (none ? '; ' + none + ' ' + esc(T.no_value) : '') + '</text></svg>';
    return svg;
  }

  // ---- the page of one unit ----
  function render(li, i) {
    tables = 0; later = [];
    var out = [];
    var crumbs = ancestors(li, i).map(function (a) { return link(a[0], a[1]); });
    crumbs.push('<b>' + esc(name(li, i)) + '</b>' + (li ? ' <span class="muted">' + esc(M.level_names[li]) +
      ' ' + shortCode(li, i) + '</span>' : ''));
    $('#crumbs').innerHTML = (li ? '<a class="back" href="javascript:history.back()">←</a> ' : '') +
      crumbs.join('<span class="sep">›</span>');
    document.title = name(li, i) + ' — ' + M.title + ' (' + M.as_of + ')';
    out.push('<div class="tools"><button onclick="window.print()">' + esc(T.print) + '</button></div>');
    out.push('<p>' + esc(T.as_of) + ' ' + esc(M.as_of) + '</p>');
    if (li === 0) M.notes.forEach(function (n) { out.push('<p><em>' + esc(n) + '</em></p>'); });

    // the unit's indicators
    var rows = [];
    for (var k = 0; k < K; k++) {
      var den = L[li].den[k][i], v = value(li, k, i), vd = verdict[li + ':' + i + ':' + k];
      if (!den && v === null && L[li].comp[k][i] >= 3) continue;
      var num = L[li].num[k][i];
      rows.push([
        { v: M.indicators[k][1], h: esc(M.indicators[k][1]) },
        { v: num ? num - 1 : null, h: num ? String(num - 1) : '—' },
        { v: den, h: String(den) },
        { v: v, h: fmt(k, v) },
        { v: L[li].comp[k][i], h: esc(M.completeness[L[li].comp[k][i]] || '—') },
        { v: target[k] ? target[k].thr : null, h: targetText(k) },
        { v: vd ? vd[3] : null, h: verdictHtml(vd) }
      ]);
      rows[rows.length - 1].key = M.indicators[k][1].toLowerCase();
    }
    out.push('<h2 id="indicators">' + esc(T.indicators) + '</h2>');
    out.push(table([{ t: T.indicator }, { t: T.numerator, n: 1 }, { t: T.denominator, n: 1 }, { t: T.value, n: 1 },
      { t: T.completeness }, { t: T.target }, { t: T.verdict }], rows));
    if (li === 5 && L[5].st[i]) {
      out.push('<p>' + esc(T.exits) + ': <b>' + esc(M.statuses[L[5].st[i]]) + '</b></p>');
    }

    var cl = childLevel(li);
    if (cl > 0) {
      var r = inside(li, i, cl), lo = r[0], hi = r[1];
      var shown = [];
      for (k = 0; k < K; k++) {
        for (var u = lo; u < hi; u++) if (L[cl].den[k][u] || L[cl].num[k][u]) { shown.push(k); break; }
      }
      // units inside, each indicator's value
      var heads = [{ t: T.code }, { t: T.name }];
      if (cl === 5) heads.push({ t: T.township });
      shown.forEach(function (k) { heads.push({ t: M.indicators[k][1], n: 1 }); });
      var hasStatus = cl === 3 || cl === 5;
      if (hasStatus) heads.push({ t: T.exits });
      var urows = [];
      for (u = lo; u < hi; u++) {
        var row = [{ v: L[cl].codes[u], h: shortCode(cl, u) }, { v: name(cl, u), h: link(cl, u) }];
        if (cl === 5) {
          var tc = Math.floor(L[cl].codes[u] / 1e3) * 1e3, ti = find(4, tc);
          row.push({ v: tc, h: ti >= 0 ? esc(name(4, ti)) : String(tc).padStart(12, '0') });
        }
        shown.forEach(function (k) { var x = value(cl, k, u); row.push({ v: x, h: fmt(k, x) }); });
        if (hasStatus) row.push({ v: L[cl].st[u], h: esc(M.statuses[L[cl].st[u]]) });
        row.key = (name(cl, u) + ' ' + shortCode(cl, u)).toLowerCase();
        urows.push(row);
      }
      out.push('<h2 id="units">' + esc(T.units) + ': ' + esc(M.level_names[cl]) + ' (' + (hi - lo) + ')</h2>');
      out.push(table(heads, urows, { filter: true }));

      // distributions, and the units furthest from the target
      out.push('<h2 id="distribution">' + esc(T.distribution) + '</h2><div class="charts">');
      shown.forEach(function (k) {
        var vals = [], worst = [];
        for (var u = lo; u < hi; u++) {
          var x = value(cl, k, u); vals.push(x);
          var vd = verdict[cl + ':' + u + ':' + k];
          if (vd) { if (vd[3] === 0) worst.push([u, vd[4] || 0, x]); }
          else if (x !== null && target[k]) {
            var low = target[k].cmp === '≥' || target[k].cmp === '>';
            worst.push([u, low ? -x : x, x, true]);
          }
        }
        worst.sort(function (a, b) { return b[1] - a[1]; });
        var byGap = worst.length && !worst[0][3];
        out.push('<div class="chart"><h3>' + esc(M.indicators[k][1]) + (target[k] ? ' <span class="muted">' +
          targetText(k) + '</span>' : '') + '</h3>' + histogram(vals, target[k], k));
        if (worst.length) {
          out.push('<div class="muted">' + esc(byGap ? T.furthest : T.lowest) + '</div><ol>' +
            worst.slice(0, 5).map(function (w) { return '<li>' + link(cl, w[0]) + ' ' + fmt(k, w[2]) + '</li>'; }).join('') + '</ol>');
        }
        out.push('</div>');
      });
      out.push('</div>');
    }

    // exits: counts by status, the criteria with their sources, the counties
    if (li <= 3) {
      out.push('<h2 id="exits">' + esc(T.exits) + '</h2>');
      [3, 5].forEach(function (el) {
        if (el < li) return;
        var r = li === el ? [i, i + 1] : inside(li, i, el), counts = [0, 0, 0, 0];
        for (var u = r[0]; u < r[1]; u++) counts[L[el].st[u]]++;
        if (counts[1] + counts[2] + counts[3] === 0) return;
        out.push('<p><b>' + esc(el === 3 ? T.counties : T.villages) + '</b>: ' +
          [1, 2, 3].map(function (s) { return esc(M.statuses[s]) + ' ' + counts[s]; }).join('; ') + '</p>');
      });
      out.push('<h3>' + esc(T.criteria) + '</h3><ul>' + M.criteria.map(function (c) {
        return '<li>' + esc(M.level_names[M.levels.indexOf(c.level)] + ': ' + c.label) + ' ' + esc(c.cmp) + ' ' +
          thrPct(c.thr) + ' <span class="muted">— ' + esc(T.source) + ': ' + esc(c.source) + '</span></li>';
      }).join('') + '</ul>');
      if (li < 3) {
        var r3 = inside(li, i, 3), erows = [];
        M.county_exits.forEach(function (e) {
          var u = e[0];
          if (u < r3[0] || u >= r3[1]) return;
          var failing = e[1].filter(function (c) { return c[2] !== 1; }).map(function (c) {
            var d = M.criteria[c[0]];
            return '<span class="' + (c[2] === 0 ? 'bad' : 'muted') + '">' + esc(d.label) + ' ' + pct(c[1], d.thr) + ' ' +
              esc(d.cmp) + ' ' + thrPct(d.thr) + '</span>';
          });
          var row = [{ v: L[3].codes[u], h: shortCode(3, u) }, { v: name(3, u), h: link(3, u) },
            { v: L[3].st[u], h: esc(M.statuses[L[3].st[u]]) }, { v: failing.length, h: failing.join('<br>') }];
          row.key = (name(3, u) + ' ' + shortCode(3, u)).toLowerCase();
          erows.push(row);
        });
        if (erows.length) out.push(table([{ t: T.code }, { t: T.name }, { t: T.status }, { t: T.criteria }], erows, { filter: true }));
      }
    }

    // accountability: the body and the indicators that put it there, with links
    var acc = M.accountability.filter(function (a) {
      if (li === 0 || !a.unit) return li === 0;
      var c = Number(a.unit), own = L[li].codes[i];
      return c >= own && c < own + SPAN[li];
    });
    if (acc.length) {
      out.push('<h2 id="accountability">' + esc(T.accountability) + '</h2>');
      acc.forEach(function (a) {
        out.push('<h3>' + (a.unit ? linkCode(a.unit) : esc(M.names[0][0])) + ': ' +
          esc(a.i === null ? '' : M.indicators[a.i][1]) + ' ' + fmt(a.i, a.value) +
          (a.threshold !== null ? ' (' + esc(T.target) + ' ' + targetText(a.i) + ')' : '') + '</h3><ul>');
        a.chain.forEach(function (c) {
          out.push('<li>' + esc(c[0]) + ' ' + (c[1] ? linkCode(c[1]) : '') + ': ' +
            (c[3] ? '<span class="bad">' + esc(T.no_body) + '</span>' : esc(c[2].join('; '))) + '</li>');
        });
        out.push('</ul>');
        if (a.failing.length) out.push('<p>' + esc(T.failing) + ': ' + a.failing.map(linkCode).join(', ') + '</p>');
      });
    }

    if (li === 0) {
      out.push('<h2 id="inputs">' + esc(T.inputs) + '</h2>');
      out.push(table([{ t: 'file' }, { t: 'table' }, { t: 'read as' }, { t: 'rows', n: 1 }, { t: 'accepted', n: 1 }, { t: 'rejected', n: 1 }],
        M.inputs.map(function (f) { return f.map(function (c, j) { return { v: j >= 3 ? Number(c) : c, h: esc(c) }; }); })));
      if (M.rejected_total) {
        out.push('<details><summary>' + esc(T.rejected) + ': ' + M.rejected.length + ' ' + esc(T.shown_of) + ' ' +
          M.rejected_total + (M.rejected_file ? ' (' + esc(M.rejected_file) + ')' : '') + '</summary>' +
          table([{ t: 'file' }, { t: 'where' }, { t: 'code' }, { t: 'why' }], M.rejected.map(function (r) {
            var row = r.map(function (c) { return { v: c, h: esc(c) }; }); row.key = r.join(' ').toLowerCase(); return row;
          }), { filter: true }) + '</details>');
      }
    }
    out.push('<p class="muted"><small>' + esc(T.made_by) + ' fupin ' + esc(M.version) + '</small></p>');
    main.innerHTML = out.join('');
    later.forEach(function (f) { f(); });
  }

  function route() {
    var m = /u=(\d{12})/.exec(location.hash);
    if (m) {
      var code = Number(m[1]), li = levelOf(code), i = find(li, code);
      if (i >= 0) { render(li, i); window.scrollTo(0, 0); return; }
    }
    render(0, 0);
  }
  window.addEventListener('hashchange', route);
  route();
  document.body.dataset.ready = '1';
})();
