// ems dashboard: live overview, meter pages, breakdown and alarms. Plain JavaScript, no
// dependencies; live values arrive on the WebSocket /api/live, everything else from /api/….
(function () {
  'use strict';
  const S = { site: null, tz: 'UTC', meters: {}, list: [], staleAfter: 60000, skew: 0, alarms: [], ws: null, view: null, lastMsg: 0 };
  const COLORS = ['#3fb6ff', '#f0883e', '#3fb950', '#d2a8ff', '#ff7b72', '#e3b341', '#56d4dd', '#db61a2'];

  // ---------- helpers ----------
  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v; else if (k === 'style') e.style.cssText = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids.flat()) if (k != null && k !== false) e.append(k instanceof Node ? k : String(k));
    return e;
  }
  const $ = id => document.getElementById(id);
  const now = () => Date.now() + S.skew;
  async function api(path, opts) {
    const r = await fetch(path, Object.assign({ headers: { Accept: 'application/json' }, credentials: 'same-origin' }, opts || {}));
    if (r.status === 401) { location.href = '/login'; throw new Error('login needed'); }
    const body = r.status === 204 ? null : await r.json().catch(() => null);
    if (!r.ok) throw new Error((body && (body.detail || body.title)) || ('HTTP ' + r.status));
    return body;
  }
  function fmt(v, digits) { return v == null || !isFinite(v) ? '—' : v.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }); }
  function kw(w) { return w == null ? '—' : fmt(w / 1000, Math.abs(w) >= 100000 ? 0 : 1); }
  function energy(wh) {
    if (wh == null) return ['—', 'kWh'];
    if (Math.abs(wh) >= 1e7) return [fmt(wh / 1e6, 1), 'MWh'];
    return [fmt(wh / 1e3, Math.abs(wh) >= 1e5 ? 0 : 1), 'kWh'];
  }
  function age(ms) {
    if (ms == null) return 'never';
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 172800) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  }
  function timeFmt(t, opts) { return new Intl.DateTimeFormat(undefined, Object.assign({ timeZone: S.tz, hourCycle: 'h23' }, opts)).format(new Date(t)); }
  function meterState(name) {
    const m = S.meters[name];
    const hs = m && m.health && m.health.state;
    if (hs === 'offline') return 'offline';
    if (hs === 'retrying') return 'retrying';
    if (!m || !m.time_ms) return hs === 'online' ? 'online' : 'unknown';
    return now() - m.time_ms > S.staleAfter ? 'stale' : 'online';
  }
  function val(name, q) { const m = S.meters[name]; const v = m && m.values[q]; return v ? v.v : null; }
  function valAge(name) { const m = S.meters[name]; return m && m.time_ms ? now() - m.time_ms : null; }
  function mergeValues(name, values, t, health) {
    const m = S.meters[name] || (S.meters[name] = { values: {}, time_ms: null, health: null });
    for (const v of values) {
      const vt = v.time_ms != null ? v.time_ms : v.time ? Date.parse(v.time) : t;
      const old = m.values[v.quantity];
      if (!old || old.t <= vt) m.values[v.quantity] = { v: v.value, u: v.unit, t: vt };
      if (vt > (m.time_ms || 0)) m.time_ms = vt;
    }
    if (health) m.health = health;
  }

  // ---------- live feed ----------
  let retry = 0;
  function setConn(cls, text) { const c = $('conn'); c.className = 'conn ' + cls; $('conn-text').textContent = text; }
  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live');
    S.ws = ws;
    ws.onopen = () => { retry = 0; setConn('live', 'live'); };
    ws.onmessage = e => {
      S.lastMsg = Date.now();
      let m; try { m = JSON.parse(e.data); } catch (_) { return; }
      if (m.type === 'snapshot') {
        S.skew = m.server_time_ms - Date.now(); S.staleAfter = m.stale_after_ms || S.staleAfter;
        for (const [name, x] of Object.entries(m.meters)) mergeValues(name, x.values, x.time_ms, x.health);
      } else if (m.type === 'reading') {
        mergeValues(m.meter, m.values, m.time_ms, m.health);
        if (S.view && S.view.onReading) S.view.onReading(m);
      } else if (m.type === 'health') {
        mergeValues(m.meter, [], m.time_ms, m.health);
      } else if (m.type === 'alarm') {
        loadAlarms();
      }
      scheduleUpdate();
    };
    ws.onclose = () => {
      if (S.ws !== ws) return;
      retry = Math.min(retry + 1, 5);
      const wait = Math.min(1000 * 2 ** (retry - 1), 10000);
      setConn(retry > 2 ? 'down' : 'reconnecting', 'reconnecting…');
      setTimeout(connect, wait);
    };
    ws.onerror = () => ws.close();
  }
  // A silent connection (no message, no pong visible to scripts) is replaced.
  setInterval(() => { if (S.ws && S.ws.readyState === 1 && S.lastMsg && Date.now() - S.lastMsg > 60000) S.ws.close(); }, 5000);
  let pending = false;
  function scheduleUpdate() { if (pending) return; pending = true; requestAnimationFrame(() => { pending = false; if (S.view && S.view.update) S.view.update(); }); }
  setInterval(() => { scheduleUpdate(); $('clock').textContent = timeFmt(now(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' }) + ' ' + S.tz; }, 1000);

  // ---------- alarms ----------
  async function loadAlarms() {
    try { S.alarms = await api('/api/alarms'); } catch (_) { S.alarms = []; }
    const active = S.alarms.filter(a => a.state === 'active' && !a.acknowledged).length;
    const b = $('alarm-badge'); b.hidden = !active; b.textContent = active;
    if (S.view && S.view.onAlarms) S.view.onAlarms();
  }

  // ---------- views ----------
  function kpi(label, id, unit, sub) {
    return h('div', { class: 'kpi', id: 'k-' + id }, h('div', { class: 'label' }, label),
      h('div', { class: 'value' }, h('span', { class: 'v' }, '—'), unit ? h('small', {}, unit) : null), h('div', { class: 'sub' }, sub || '\u00a0'));
  }
  function setKpi(id, v, sub, cls) {
    const e = $('k-' + id); if (!e) return;
    e.querySelector('.v').textContent = v;
    if (sub !== undefined) e.querySelector('.sub').textContent = sub;
    if (cls !== undefined) e.classList.toggle('alert', !!cls);
  }

  function overview() {
    const view = h('div', {},
      h('div', { class: 'kpis' },
        kpi('Facility load', 'power', 'kW', 'top-level meters'), kpi('Energy today', 'today', 'kWh'), kpi('Energy this month', 'month', 'kWh'),
        kpi('Power factor', 'pf', '', 'facility average'), kpi('Frequency', 'freq', 'Hz'), kpi('Active alarms', 'alarms', ''), kpi('Meters', 'meters', '', '')),
      h('div', { class: 'grid2' },
        h('section', { class: 'panel' }, h('h2', {}, 'Plant — live kW'), h('ul', { class: 'tree', id: 'tree' }, h('li', { class: 'empty' }, 'Loading…'))),
        h('div', {},
          h('section', { class: 'panel' }, h('h2', {}, 'Facility load — last hour'), h('div', { id: 'ov-chart' })),
          h('section', { class: 'panel' }, h('h2', {}, 'Needs attention'), h('div', { id: 'attention' })))));
    let site = null, chart = null, roots = [];
    async function load() {
      try { site = await api('/api/site'); } catch (e) { $('tree').replaceChildren(h('li', { class: 'error-msg' }, e.message)); return; }
      roots = site.tree.map(n => n.name);
      const [et, eu] = energy(site.totals.energy_today_wh); setKpi('today', et); $('k-today').querySelector('small').textContent = eu;
      const [em, mu] = energy(site.totals.energy_month_wh); setKpi('month', em); $('k-month').querySelector('small').textContent = mu;
      $('tree').replaceChildren(...site.tree.map(n => treeNode(n)));
      update();
    }
    function treeNode(n) {
      const kids = n.children || [];
      for (const k of kids) k.parent = n.name;
      const li = h('li', {},
        h('div', { class: 'node', 'data-meter': n.name, 'data-parent': n.parent || '' },
          h('span', { class: 'dot' }), h('a', { class: 'name', href: '#/meter/' + encodeURIComponent(n.name), title: n.name }, n.name),
          h('div', { class: 'track' }, h('div', { class: 'fill', style: 'width:0' })), h('div', { class: 'val' }, h('span', { class: 'v' }, '—'), h('small', {}, ' kW'), h('span', { class: 'age' }))));
      if (kids.length) {
        li.append(h('ul', {}, ...kids.map(treeNode),
          h('li', {}, h('div', { class: 'node unmetered', 'data-unmetered': n.name, 'data-children': JSON.stringify(kids.map(k => k.name)) },
            h('span', {}), h('span', { class: 'name', title: 'Parent minus the sum of its children: losses and unmetered loads' }, 'Unmetered'),
            h('div', { class: 'track' }, h('div', { class: 'fill', style: 'width:0' })), h('div', { class: 'val' }, h('span', { class: 'v' }, '—'), h('small', {}, ' kW'))))));
      }
      return li;
    }
    function update() {
      if (!site) return;
      const ps = roots.map(r => val(r, 'active_power_total')).filter(v => v != null);
      const total = ps.length ? ps.reduce((a, b) => a + b, 0) : null;
      setKpi('power', kw(total));
      if (total != null && !S.marked) { S.marked = true; performance.mark('ems-first-value'); }
      const ss = roots.map(r => val(r, 'apparent_power_total')).filter(v => v != null);
      const pf = ss.length === ps.length && ss.length ? ps.reduce((a, b) => a + b, 0) / ss.reduce((a, b) => a + b, 0) : site.totals.power_factor;
      setKpi('pf', fmt(pf, 3));
      const fs = roots.map(r => val(r, 'frequency')).filter(v => v != null);
      setKpi('freq', fs.length ? fmt(fs.reduce((a, b) => a + b, 0) / fs.length, 2) : '—');
      const active = S.alarms.filter(a => a.state === 'active').length;
      setKpi('alarms', String(active), active ? S.alarms.filter(a => a.state === 'active' && !a.acknowledged).length + ' unacknowledged' : 'no alarms', active > 0);
      const counts = { online: 0, stale: 0, offline: 0 };
      for (const m of S.list) { const st = meterState(m.name); if (st === 'online') counts.online++; else if (st === 'stale') counts.stale++; else counts.offline++; }
      const bad = S.list.filter(m => meterState(m.name) !== 'online');
      const att = $('attention');
      if (att) att.replaceChildren(...(bad.length ? bad.slice(0, 20).map(m => { const st = meterState(m.name), hl = (S.meters[m.name] || {}).health; return h('div', { class: 'att is-' + st }, h('span', { class: 'dot ' + st }), h('a', { href: '#/meter/' + encodeURIComponent(m.name) }, m.name), h('span', { class: 'hint' }, st + ' · last value ' + age(valAge(m.name)) + (hl && hl.error ? ' · ' + hl.error : ''))); }) : [h('div', { class: 'hint' }, 'All meters online')]));
      setKpi('meters', counts.online + ' / ' + S.list.length, counts.online + ' online · ' + counts.stale + ' stale · ' + counts.offline + ' offline/unknown', counts.offline > 0);
      const max = Math.max(1, ...ps.map(Math.abs));
      for (const el of document.querySelectorAll('.node[data-meter]')) {
        const name = el.dataset.meter, st = meterState(name), p = val(name, 'active_power_total');
        el.className = 'node is-' + st; el.querySelector('.dot').className = 'dot ' + st;
        el.querySelector('.v').textContent = kw(p);
        const pp = el.dataset.parent ? val(el.dataset.parent, 'active_power_total') : null;
        const scale = el.dataset.parent ? Math.max(1, Math.abs(pp || 0)) : max;
        el.querySelector('.fill').style.width = p == null ? '0' : Math.min(100, Math.abs(p) / scale * 100).toFixed(1) + '%';
        el.querySelector('.age').textContent = st === 'online' ? '' : st + ' · ' + age(valAge(name));
        el.title = name + ': ' + st;
      }
      for (const el of document.querySelectorAll('.node[data-unmetered]')) {
        const p = val(el.dataset.unmetered, 'active_power_total');
        const kids = JSON.parse(el.dataset.children).map(k => val(k, 'active_power_total'));
        const stale = [el.dataset.unmetered, ...JSON.parse(el.dataset.children)].some(n => meterState(n) !== 'online');
        const u = p == null || kids.some(k => k == null) ? null : p - kids.reduce((a, b) => a + b, 0);
        el.classList.toggle('is-stale', stale);
        el.querySelector('.v').textContent = kw(u);
        el.querySelector('.fill').style.width = u == null || !p ? '0' : Math.min(100, Math.abs(u) / Math.abs(p) * 100).toFixed(1) + '%';
        el.title = stale ? 'Includes stale or offline values' : 'Parent minus the sum of its children';
      }
    }
    async function loadChart() {
      chart = new EmsChart($('ov-chart'), { tz: S.tz, unit: 'kW', height: 300, zero: true });
      const to = now(), from = to - 3600e3;
      const series = await Promise.all(roots.map(async (r, i) => {
        try {
          const d = await api('/api/meters/' + encodeURIComponent(r) + '/history?quantity=active_power_total&resolution=auto&from=' + new Date(from).toISOString() + '&to=' + new Date(to).toISOString());
          return { name: r, color: COLORS[i % COLORS.length], points: d.points.map(p => [p[0], p[1] / 1000]) };
        } catch (_) { return { name: r, color: COLORS[i % COLORS.length], points: [] }; }
      }));
      chart.set(series, from, to);
    }
    const timer = setInterval(load, 30000);
    load().then(loadChart);
    return {
      el: view, update, onAlarms: update,
      onReading(m) { const i = roots.indexOf(m.meter); if (chart && i >= 0) { const v = m.values.find(x => x.quantity === 'active_power_total'); if (v) chart.push(i, m.time_ms, v.value / 1000, true); } },
      close() { clearInterval(timer); }
    };
  }

  const QUANTITIES = [
    ['active_power_total', 'Active power', 'kW', 1000], ['reactive_power_total', 'Reactive power', 'kvar', 1000], ['apparent_power_total', 'Apparent power', 'kVA', 1000],
    ['power_factor_total', 'Power factor', '', 1], ['frequency', 'Frequency', 'Hz', 1], ['voltage_an', 'Voltage A-N', 'V', 1], ['voltage_bn', 'Voltage B-N', 'V', 1],
    ['voltage_cn', 'Voltage C-N', 'V', 1], ['current_a', 'Current A', 'A', 1], ['current_b', 'Current B', 'A', 1], ['current_c', 'Current C', 'A', 1],
    ['active_energy_delivered', 'Active energy (per interval)', 'kWh', 1000]];
  const RANGES = [['1h', 3600e3], ['6h', 6 * 3600e3], ['24h', 86400e3], ['7d', 7 * 86400e3], ['30d', 30 * 86400e3], ['1y', 365 * 86400e3]];

  function meterPage(name) {
    const info = S.list.find(m => m.name === name);
    if (!info) return { el: h('div', { class: 'panel' }, h('h1', {}, 'No meter named “' + name + '”'), h('a', { href: '#/' }, 'Back to the overview')) };
    const chain = []; let p = info.parent;
    while (p && chain.length < 32) { chain.unshift(p); const pm = S.list.find(m => m.name === p); p = pm && pm.parent; }
    const children = S.list.filter(m => m.parent === name);
    const phases = [['Voltage L-N', 'V', ['voltage_an', 'voltage_bn', 'voltage_cn', 'voltage_ln_avg'], 1, 1], ['Voltage L-L', 'V', ['voltage_ab', 'voltage_bc', 'voltage_ca', 'voltage_ll_avg'], 1, 1],
      ['Current', 'A', ['current_a', 'current_b', 'current_c', 'current_avg'], 1, 1], ['Active power', 'kW', ['active_power_a', 'active_power_b', 'active_power_c', 'active_power_total'], 1000, 2],
      ['Reactive power', 'kvar', ['reactive_power_a', 'reactive_power_b', 'reactive_power_c', 'reactive_power_total'], 1000, 2],
      ['Apparent power', 'kVA', ['apparent_power_a', 'apparent_power_b', 'apparent_power_c', 'apparent_power_total'], 1000, 2],
      ['Power factor', '', ['power_factor_a', 'power_factor_b', 'power_factor_c', 'power_factor_total'], 1, 3]];
    const view = h('div', {},
      h('div', { class: 'crumbs' }, h('a', { href: '#/' }, S.site ? S.site.site : 'Site'), ...chain.map(c => [' › ', h('a', { href: '#/meter/' + encodeURIComponent(c) }, c)]), ' › ', name),
      h('div', { class: 'title-row' }, h('h1', {}, name), h('span', { class: 'pill', id: 'm-state' }, h('span', { class: 'dot' }), h('span', {}, '…')),
        h('span', { class: 'hint' }, [info.model, info.bus && ('bus ' + info.bus), info.unit != null && ('unit ' + info.unit), info.tags && info.tags.length && info.tags.join(', ')].filter(Boolean).join(' · '))),
      h('div', { class: 'kpis' }, kpi('Active power', 'p', 'kW'), kpi('Reactive power', 'q', 'kvar'), kpi('Apparent power', 's', 'kVA'), kpi('Power factor', 'pf', ''), kpi('Frequency', 'f', 'Hz'), kpi('Energy delivered', 'e', 'kWh', 'counter')),
      h('div', { class: 'grid2' },
        h('section', { class: 'panel' }, h('h2', {}, 'Per phase'), h('div', { class: 'table-wrap' }, h('table', { id: 'phases' },
          h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'A'), h('th', {}, 'B'), h('th', {}, 'C'), h('th', {}, 'Total / avg'), h('th', {}, ''))),
          h('tbody', {}, ...phases.map(([label, unit, qs, div, dig]) => h('tr', {}, h('td', {}, label), ...qs.map(q => h('td', { 'data-q': q, 'data-div': div, 'data-dig': dig }, '—')), h('td', { class: 'hint' }, unit))))))),
        h('section', { class: 'panel' }, h('h2', {}, 'Communication'), h('dl', { class: 'kv', id: 'health' }),
          children.length ? [h('h2', { style: 'margin-top:14px' }, 'Feeds'), h('div', {}, ...children.map(c => h('div', {}, h('a', { href: '#/meter/' + encodeURIComponent(c.name) }, c.name))))] : null)),
      h('section', { class: 'panel' }, h('h2', {}, 'Active power — last hour (live)'), h('div', { id: 'trend' })),
      h('section', { class: 'panel' }, h('h2', {}, 'History'),
        h('div', { class: 'toolbar' },
          h('select', { id: 'h-q', 'aria-label': 'Quantity' }, ...QUANTITIES.map(([q, l]) => h('option', { value: q }, l))),
          ...RANGES.map(([l, span]) => h('button', { 'data-range': span, onclick: () => setRange(now() - span, now()) }, l)),
          h('button', { id: 'h-out', onclick: zoomOut, title: 'Zoom out' }, '−'),
          h('span', { class: 'hint', id: 'h-info' })),
        h('div', { id: 'history' }), h('div', { class: 'hint' }, 'Drag across the chart to zoom in; Shift/Ctrl + wheel zooms around the pointer; − zooms out.')));
    let trend, hist, range = [now() - 86400e3, now()], seq = 0;
    async function setRange(a, b) {
      const nowT = now();
      if (b > nowT) { a -= b - nowT; b = nowT; }
      b = Math.max(b, a + 60e3);
      range = [a, b];
      const q = $('h-q').value, meta = QUANTITIES.find(x => x[0] === q);
      const my = ++seq;
      $('h-info').textContent = 'loading…';
      for (const btn of view.querySelectorAll('[data-range]')) btn.classList.toggle('on', Math.abs(+btn.dataset.range - (b - a)) < 60e3 && nowT - b < 120e3);
      try {
        const d = await api('/api/meters/' + encodeURIComponent(name) + '/history?quantity=' + q + '&resolution=auto&from=' + new Date(a).toISOString() + '&to=' + new Date(b).toISOString());
        if (my !== seq) return;
        hist.o.unit = meta[2]; hist.o.step = d.energy;
        const div = meta[3];
        hist.set([{ name: meta[1], color: COLORS[0], points: d.points.map(p => [p[0], p[1] / div, p[2] == null ? null : p[2] / div, p[3] == null ? null : p[3] / div]) }], a, b);
        $('h-info').textContent = d.points.length + ' points · resolution ' + d.resolution + ' · ' + timeFmt(a, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }) + ' – ' + timeFmt(b, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
        view.dataset.resolution = d.resolution;
      } catch (e) { if (my === seq) $('h-info').textContent = e.message; }
    }
    function zoomOut() { const c = (range[0] + range[1]) / 2, w = (range[1] - range[0]) * 2; setRange(c - w, c + w); }
    async function loadTrend() {
      trend = new EmsChart($('trend'), { tz: S.tz, unit: 'kW', height: 200 });
      const to = now(), from = to - 3600e3;
      try {
        const d = await api('/api/meters/' + encodeURIComponent(name) + '/history?quantity=active_power_total&resolution=auto&from=' + new Date(from).toISOString() + '&to=' + new Date(to).toISOString());
        trend.set([{ name: 'Active power', color: COLORS[0], points: d.points.map(p => [p[0], p[1] / 1000]) }], from, to);
      } catch (_) { trend.set([{ name: 'Active power', color: COLORS[0], points: [] }], from, to); }
    }
    function update() {
      const st = meterState(name), a = valAge(name);
      const pill = $('m-state'); if (!pill) return;
      pill.querySelector('.dot').className = 'dot ' + st;
      pill.lastChild.textContent = st + (a != null ? ' · ' + age(a) : '');
      const grey = st !== 'online';
      const set = (id, v) => { setKpi(id, v); $('k-' + id).classList.toggle('is-stale', grey); };
      set('p', kw(val(name, 'active_power_total'))); set('q', kw(val(name, 'reactive_power_total'))); set('s', kw(val(name, 'apparent_power_total')));
      set('pf', fmt(val(name, 'power_factor_total'), 3)); set('f', fmt(val(name, 'frequency'), 2));
      const [e, eu] = energy(val(name, 'active_energy_delivered')); set('e', e); $('k-e').querySelector('small').textContent = eu;
      for (const td of view.querySelectorAll('#phases td[data-q]')) { const v = val(name, td.dataset.q); td.textContent = v == null ? '—' : fmt(v / +td.dataset.div, +td.dataset.dig); td.classList.toggle('is-stale', grey); }
      const m = S.meters[name] || {}, hl = m.health || {};
      const rate = hl.reads ? (100 * hl.errors / hl.reads) : null;
      const rows = [['State', st], ['Last value', m.time_ms ? timeFmt(m.time_ms, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) + ' (' + age(a) + ')' : 'never'],
        ['Last answer', hl.last_seen_ms ? age(now() - hl.last_seen_ms) : '—'], ['Polls', hl.reads != null ? fmt(hl.reads, 0) : '—'],
        ['Errors', hl.errors != null ? fmt(hl.errors, 0) + (rate != null ? ' (' + fmt(rate, 1) + ' %)' : '') : '—'], ['Latency', hl.latency_ms != null ? fmt(hl.latency_ms, 0) + ' ms' : '—'],
        ['Backoff', hl.backoff_until_ms ? 'next try in ' + Math.max(0, Math.round((hl.backoff_until_ms - now()) / 1000)) + ' s' : 'none'], ['Last error', hl.error || '—']];
      $('health').replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { class: k === 'Last error' && hl.error ? 'error-msg' : '' }, v)]));
    }
    setTimeout(async () => {
      try { const l = await api('/api/meters/' + encodeURIComponent(name) + '/latest'); mergeValues(name, l.values, null, l.health); } catch (_) { }
      update();
      loadTrend();
      hist = new EmsChart($('history'), { tz: S.tz, unit: 'kW', height: 300, wheel: false, onZoom: (a, b) => setRange(a, b) });
      $('h-q').addEventListener('change', () => setRange(range[0], range[1]));
      setRange(range[0], range[1]);
    });
    return {
      el: view, update,
      onReading(m) { if (m.meter === name && trend) { const v = m.values.find(x => x.quantity === 'active_power_total'); if (v) trend.push(0, m.time_ms, v.value / 1000, true); } }
    };
  }

  function breakdown() {
    let period = 'today', by = 'equipment', seq = 0;
    const list = h('div', { class: 'bars', id: 'bars' });
    const btns = (items, cur, on) => items.map(([k, l]) => h('button', { 'data-k': k, class: k === cur ? 'on' : '', onclick: e => { for (const b of e.target.parentNode.querySelectorAll('button')) b.classList.toggle('on', b === e.target); on(k); } }, l));
    const view = h('div', {}, h('h1', {}, 'Consumption breakdown'),
      h('section', { class: 'panel' },
        h('div', { class: 'toolbar' }, h('span', {}, ...btns([['today', 'Today'], ['week', 'This week'], ['month', 'This month']], period, k => { period = k; load(); }))),
        h('div', { class: 'toolbar' }, h('span', {}, ...btns([['equipment', 'By equipment'], ['panel', 'By panel'], ['tag', 'By tag']], by, k => { by = k; load(); })), h('span', { class: 'hint', id: 'b-info' })),
        list,
        h('div', { class: 'toolbar downloads', id: 'b-dl' })));
    // Local calendar date (YYYY-MM-DD) of a time in the site's zone.
    const day = ms => new Intl.DateTimeFormat('en-CA', { timeZone: S.tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
    function downloads(fromMs) {
      const q = 'from=' + day(fromMs) + '&to=' + day(Date.now());
      const link = (kind, fmt, label) => h('a', { class: 'button', href: '/api/reports/' + kind + '?' + q + '&format=' + fmt, download: '' }, label);
      $('b-dl').replaceChildren(h('span', { class: 'hint' }, 'Reports for this period:'),
        link('energy', 'xlsx', 'Energy (Excel)'), link('energy', 'csv', 'Energy (CSV)'),
        link('cost', 'pdf', 'Cost (PDF)'), link('demand', 'pdf', 'Maximum demand (PDF)'), link('balance', 'pdf', 'Balance (PDF)'));
    }
    async function load() {
      const my = ++seq;
      try {
        const d = await api('/api/breakdown?period=' + period + '&by=' + by);
        if (my !== seq) return;
        downloads(Date.parse(d.from));
        const [t, u] = energy(d.total_wh);
        $('b-info').textContent = 'total ' + t + ' ' + u + ' · since ' + timeFmt(Date.parse(d.from), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
        const max = Math.max(1, ...d.items.map(i => i.wh || 0));
        list.replaceChildren(...(d.items.length ? d.items.map(i => {
          const [v, vu] = energy(i.wh);
          const label = by === 'tag' ? h('span', {}, i.name) : h('a', { href: '#/meter/' + encodeURIComponent(i.name) }, i.name);
          return h('div', { class: 'row' }, label, h('div', { class: 'track' }, h('div', { class: 'fill', style: 'width:' + ((i.wh || 0) / max * 100).toFixed(1) + '%' })),
            h('div', { class: 'v' }, v + ' ' + vu), h('div', { class: 'p' }, i.share == null ? '' : fmt(i.share * 100, 1) + ' %'));
        }) : [h('div', { class: 'empty' }, 'Nothing to show')]));
      } catch (e) { list.replaceChildren(h('div', { class: 'error-msg' }, e.message)); }
    }
    load();
    return { el: view };
  }

  function alarmsPage() {
    const body = h('div', {});
    const view = h('div', {}, h('h1', {}, 'Alarms'), h('section', { class: 'panel' }, body));
    function render() {
      if (!S.alarms.length) { body.replaceChildren(h('div', { class: 'empty' }, 'No alarms')); return; }
      body.replaceChildren(h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ...['Meter', 'Quantity', 'Message', 'Value', 'Priority', 'State', 'Raised', ''].map(x => h('th', { style: x === 'Message' ? 'text-align:left' : null }, x)))),
        h('tbody', {}, ...S.alarms.map(a => h('tr', {},
          h('td', {}, h('a', { href: '#/meter/' + encodeURIComponent(a.meter) }, a.meter)), h('td', {}, a.quantity || ''), h('td', { style: 'text-align:left' }, a.message || a.rule || ''),
          h('td', {}, a.value == null ? '' : fmt(a.value, 2)), h('td', { class: 'prio-' + a.priority }, String(a.priority)),
          h('td', {}, a.state + (a.acknowledged ? ' · ack' : '') + (a.shelved_until ? ' · shelved' : '')),
          h('td', {}, a.raised_at ? timeFmt(Date.parse(a.raised_at), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : ''),
          h('td', {}, a.acknowledged ? '' : h('button', { onclick: () => act(a, 'ack') }, 'Acknowledge'), ' ',
            h('button', { onclick: () => act(a, 'shelve') }, 'Shelve 8 h')))))), h('div', { class: 'hint', id: 'a-msg' })));
    }
    async function act(a, what) {
      try {
        await api('/api/alarms/' + encodeURIComponent(a.id) + '/' + what, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: what === 'shelve' ? JSON.stringify({ until: new Date(now() + 8 * 3600e3).toISOString() }) : '{}' });
        loadAlarms();
      } catch (e) { const m = $('a-msg'); if (m) m.textContent = e.message; }
    }
    render();
    return { el: view, onAlarms: render };
  }

  // ---------- routing ----------
  function route() {
    if (S.view && S.view.close) S.view.close();
    const hash = location.hash.replace(/^#\/?/, '');
    let v, tab;
    if (hash.startsWith('meter/')) { v = meterPage(decodeURIComponent(hash.slice(6))); tab = ''; }
    else if (hash === 'breakdown') { v = breakdown(); tab = 'breakdown'; }
    else if (hash === 'alarms') { v = alarmsPage(); tab = 'alarms'; }
    else { v = overview(); tab = 'overview'; }
    for (const a of document.querySelectorAll('nav.tabs a')) a.classList.toggle('active', a.dataset.tab === tab);
    S.view = v;
    $('view').replaceChildren(v.el);
    window.scrollTo(0, 0);
  }

  async function start() {
    connect();
    try {
      const [site, list] = await Promise.all([api('/api/site'), api('/api/meters')]);
      S.site = site; S.tz = site.timezone || 'UTC'; S.list = list;
      $('site-name').textContent = site.site; document.title = site.site + ' — energy';
    } catch (e) { $('view').replaceChildren(h('div', { class: 'panel error-msg' }, 'Cannot load the site: ' + e.message)); return; }
    loadAlarms();
    setInterval(loadAlarms, 30000);
    window.addEventListener('hashchange', route);
    route();
  }
  start();
})();
