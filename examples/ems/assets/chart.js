// ems chart module: time-series line charts on a canvas, written for the ems dashboard.
// Time axis in the site's time zone (Intl), nice value ticks, many series, min/max bands,
// tooltips, drag-to-zoom and wheel zoom (reported through onZoom), device-pixel-ratio aware.
// No dependencies. Exposes window.EmsChart.
(function () {
  'use strict';
  const MIN = 60e3, H = 60 * MIN, D = 24 * H;
  const STEPS = [MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, H, 2 * H, 3 * H, 6 * H, 12 * H, D, 2 * D, 7 * D, 30 * D, 91 * D, 365 * D];
  const fmtCache = new Map();
  function fmt(tz, opts) {
    const k = tz + JSON.stringify(opts);
    let f = fmtCache.get(k);
    if (!f) { f = new Intl.DateTimeFormat(undefined, Object.assign({ timeZone: tz }, opts)); fmtCache.set(k, f); }
    return f;
  }
  // Offset of the zone from UTC at t, in ms.
  function offset(tz, t) {
    const p = {};
    for (const x of fmt(tz, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(t))) p[x.type] = x.value;
    const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
    return local - Math.floor(t / 1000) * 1000;
  }
  function timeTicks(tz, t0, t1, maxTicks) {
    const span = t1 - t0;
    let step = STEPS.find(s => span / s <= maxTicks) || STEPS[STEPS.length - 1];
    const out = [];
    if (step < 30 * D) {
      const off = offset(tz, t0);
      let t = Math.ceil((t0 + off) / step) * step - off;
      if (step === 7 * D) { // align weeks on Mondays, local
        const dow = (new Date(t + off).getUTCDay() + 6) % 7;
        t = Math.ceil((t0 + off) / D) * D - off - dow * D; if (t < t0) t += 7 * D;
      }
      for (; t <= t1 && out.length < 500; t += step) out.push(t);
    } else {
      const months = step === 30 * D ? 1 : step === 91 * D ? 3 : 12;
      const off = offset(tz, t0);
      const d = new Date(t0 + off);
      let y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
      m = Math.ceil(m / months) * months;
      for (let i = 0; i < 200; i++) {
        const yy = y + Math.floor(m / 12), mm = m % 12;
        const t = Date.UTC(yy, mm, 1) - offset(tz, Date.UTC(yy, mm, 1));
        if (t > t1) break;
        if (t >= t0) out.push(t);
        m += months;
      }
    }
    let opts;
    if (step < D) opts = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    else if (step < 30 * D) opts = { day: 'numeric', month: 'short' };
    else opts = { month: 'short', year: 'numeric' };
    return { ticks: out, f: fmt(tz, opts), step };
  }
  function niceTicks(lo, hi, n) {
    if (!(hi > lo)) { const d = Math.abs(lo) * 0.1 || 1; lo -= d; hi += d; }
    const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(x => x * mag).find(x => raw <= x);
    const out = [];
    const top = Math.ceil(hi / step - 1e-9) * step;
    for (let v = Math.floor(lo / step) * step; v <= top + step * 1e-9; v += step) out.push(+v.toFixed(10));
    return out;
  }
  function fmtNum(v) {
    const a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(a >= 1e10 ? 0 : 1) + 'G';
    if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
    if (a >= 1e4) return (v / 1e3).toFixed(0) + 'k';
    if (a >= 1e3) return (v / 1e3).toFixed(1) + 'k';
    if (a >= 10 || a === 0) return v.toFixed(0);
    if (a >= 1) return v.toFixed(1);
    return v.toFixed(2);
  }
  function css(name, fallback) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
  }

  class EmsChart {
    constructor(el, opts) {
      this.el = el; this.o = Object.assign({ tz: 'UTC', unit: '', height: 260, onZoom: null, step: false }, opts || {});
      this.series = []; this.x0 = 0; this.x1 = 1;
      el.classList.add('chart');
      this.canvas = document.createElement('canvas');
      this.tip = document.createElement('div'); this.tip.className = 'chart-tip'; this.tip.hidden = true;
      el.append(this.canvas, this.tip);
      this.hover = null; this.drag = null;
      const c = this.canvas;
      c.addEventListener('pointermove', e => this._move(e));
      c.addEventListener('pointerleave', () => { this.hover = null; this.tip.hidden = true; this.draw(); });
      c.addEventListener('pointerdown', e => { if (e.button === 0 && this.o.onZoom) { this.drag = { a: this._x(e), b: this._x(e) }; c.setPointerCapture(e.pointerId); } });
      c.addEventListener('pointerup', e => {
        if (!this.drag) return;
        const d = this.drag; this.drag = null;
        const a = Math.min(d.a, d.b), b = Math.max(d.a, d.b);
        if (b - a > 6) this.o.onZoom(this._t(a), this._t(b)); else this.draw();
      });
      c.addEventListener('wheel', e => {
        if (!this.o.onZoom || !e.ctrlKey && !e.shiftKey && !this.o.wheel) return;
        e.preventDefault();
        const t = this._t(this._x(e)), k = e.deltaY > 0 ? 1.6 : 1 / 1.6;
        const a = t - (t - this.x0) * k, b = t + (this.x1 - t) * k;
        clearTimeout(this._wt); this.x0 = a; this.x1 = b; this.draw();
        this._wt = setTimeout(() => this.o.onZoom(a, b), 250);
      }, { passive: false });
      this.ro = new ResizeObserver(() => this.draw()); this.ro.observe(el);
    }
    // series: [{name, color, points: [[t, v, min, max], ...]}]; range [x0, x1] in ms.
    set(series, x0, x1) {
      this.series = series;
      if (x0 !== undefined) { this.x0 = x0; this.x1 = x1; } else this._autoX();
      this.draw();
    }
    _autoX() {
      let a = Infinity, b = -Infinity;
      for (const s of this.series) if (s.points.length) { a = Math.min(a, s.points[0][0]); b = Math.max(b, s.points[s.points.length - 1][0]); }
      if (a < b) { this.x0 = a; this.x1 = b; }
    }
    // Appends a point to series i, dropping points older than the left edge when sliding.
    push(i, t, v, slide) {
      const s = this.series[i]; if (!s) return;
      if (s.points.length && t <= s.points[s.points.length - 1][0]) return;
      s.points.push([t, v]);
      if (slide) { const w = this.x1 - this.x0; this.x1 = Math.max(this.x1, t); this.x0 = this.x1 - w; while (s.points.length > 2 && s.points[1][0] < this.x0) s.points.shift(); }
      this.draw();
    }
    _geom() {
      const w = this.el.clientWidth || 300, h = this.o.height;
      return { w, h, l: 52, r: 12, t: 18, b: 26 };
    }
    _x(e) { const r = this.canvas.getBoundingClientRect(); return e.clientX - r.left; }
    _t(x) { const g = this._geom(); return this.x0 + (x - g.l) / (g.w - g.l - g.r) * (this.x1 - this.x0); }
    _move(e) {
      const x = this._x(e);
      if (this.drag) { this.drag.b = x; this.draw(); return; }
      this.hover = x; this.draw();
    }
    draw() {
      const g = this._geom(), dpr = window.devicePixelRatio || 1, c = this.canvas;
      if (c.width !== Math.round(g.w * dpr) || c.height !== Math.round(g.h * dpr)) {
        c.width = Math.round(g.w * dpr); c.height = Math.round(g.h * dpr);
        c.style.width = g.w + 'px'; c.style.height = g.h + 'px';
      }
      const ctx = c.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, g.w, g.h);
      const fg = css('--muted', '#8b98a8'), grid = css('--grid', '#263241'), text = css('--text', '#e6edf3');
      const pw = g.w - g.l - g.r, ph = g.h - g.t - g.b, x0 = this.x0, x1 = this.x1;
      let lo = Infinity, hi = -Infinity;
      for (const s of this.series) for (const p of s.points) if (p[0] >= x0 && p[0] <= x1) {
        const a = p[2] == null ? p[1] : p[2], b = p[3] == null ? p[1] : p[3];
        if (a < lo) lo = a; if (b > hi) hi = b;
      }
      ctx.font = '11px system-ui, sans-serif'; ctx.fillStyle = fg; ctx.textBaseline = 'middle';
      if (lo === Infinity) {
        ctx.textAlign = 'center'; ctx.fillText(this.o.empty || 'No data in this range', g.l + pw / 2, g.t + ph / 2);
        this.tip.hidden = true; return;
      }
      if (this.o.zero && lo > 0) lo = 0;
      const yt = niceTicks(lo, hi, Math.max(2, Math.floor(ph / 45)));
      const y0 = yt[0], y1 = yt[yt.length - 1];
      const X = t => g.l + (t - x0) / (x1 - x0) * pw, Y = v => g.t + ph - (v - y0) / (y1 - y0 || 1) * ph;
      ctx.strokeStyle = grid; ctx.lineWidth = 1; ctx.textAlign = 'right';
      const ystep = yt.length > 1 ? yt[1] - yt[0] : 1;
      let dec = Math.max(0, Math.ceil(-Math.log10(ystep) - 1e-9));
      if (Math.abs(ystep * 10 ** dec - Math.round(ystep * 10 ** dec)) > 1e-6) dec++;
      const label = v => Math.max(Math.abs(y0), Math.abs(y1)) >= 1e4 ? fmtNum(v) : v.toFixed(Math.min(dec, 4));
      for (const v of yt) { const y = Math.round(Y(v)) + 0.5; ctx.beginPath(); ctx.moveTo(g.l, y); ctx.lineTo(g.l + pw, y); ctx.stroke(); ctx.fillText(label(v), g.l - 6, y); }
      const tt = timeTicks(this.o.tz, x0, x1, Math.max(2, Math.floor(pw / 90)));
      ctx.textAlign = 'center'; ctx.textBaseline = 'top';
      for (const t of tt.ticks) { const x = Math.round(X(t)) + 0.5; ctx.beginPath(); ctx.moveTo(x, g.t); ctx.lineTo(x, g.t + ph); ctx.stroke(); ctx.fillText(tt.f.format(new Date(t)), x, g.t + ph + 6); }
      if (this.o.unit) { ctx.textAlign = 'left'; ctx.textBaseline = 'top'; ctx.fillText(this.o.unit, 4, 0); }
      ctx.save(); ctx.beginPath(); ctx.rect(g.l, g.t, pw, ph); ctx.clip();
      for (const s of this.series) {
        const pts = s.points; if (!pts.length) continue;
        if (pts[0].length > 2 && pts[0][2] != null) { // min/max band
          ctx.globalAlpha = 0.16; ctx.fillStyle = s.color; ctx.beginPath();
          pts.forEach((p, i) => { const x = X(p[0]), y = Y(p[3] ?? p[1]); i ? ctx.lineTo(x, y) : ctx.moveTo(x, y); });
          for (let i = pts.length - 1; i >= 0; i--) ctx.lineTo(X(pts[i][0]), Y(pts[i][2] ?? pts[i][1]));
          ctx.fill(); ctx.globalAlpha = 1;
        }
        ctx.strokeStyle = s.color; ctx.lineWidth = s.width || 1.6; ctx.lineJoin = 'round'; ctx.beginPath();
        const gap = s.gap || Infinity;
        let prev = null;
        for (const p of pts) {
          const x = X(p[0]), y = Y(p[1]);
          if (prev === null || p[0] - prev > gap) ctx.moveTo(x, y); else if (this.o.step) { ctx.lineTo(x, Y(p[1])); } else ctx.lineTo(x, y);
          prev = p[0];
        }
        ctx.stroke();
      }
      ctx.restore();
      if (this.drag) {
        ctx.fillStyle = css('--accent', '#3fb6ff'); ctx.globalAlpha = 0.18;
        ctx.fillRect(Math.min(this.drag.a, this.drag.b), g.t, Math.abs(this.drag.b - this.drag.a), ph); ctx.globalAlpha = 1;
      }
      if (this.hover !== null && this.hover >= g.l && this.hover <= g.l + pw) {
        const t = this._t(this.hover);
        const rows = [];
        let tx = null;
        for (const s of this.series) {
          const p = nearest(s.points, t); if (!p) continue;
          if (tx === null) tx = p[0];
          rows.push([s, p]);
          ctx.fillStyle = s.color; ctx.beginPath(); ctx.arc(X(p[0]), Y(p[1]), 3, 0, 7); ctx.fill();
        }
        if (tx !== null) {
          ctx.strokeStyle = fg; ctx.beginPath(); ctx.moveTo(Math.round(X(tx)) + 0.5, g.t); ctx.lineTo(Math.round(X(tx)) + 0.5, g.t + ph); ctx.stroke();
          const tf = fmt(this.o.tz, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: tt.step < 10 * MIN ? '2-digit' : undefined, hourCycle: 'h23' });
          this.tip.replaceChildren();
          const head = document.createElement('div'); head.className = 'chart-tip-time'; head.textContent = tf.format(new Date(tx)); this.tip.append(head);
          for (const [s, p] of rows) {
            const r = document.createElement('div');
            const sw = document.createElement('i'); sw.style.background = s.color;
            r.append(sw, document.createTextNode(' ' + s.name + ': ' + (s.format ? s.format(p[1]) : fmtNum(p[1]) + ' ' + this.o.unit)));
            this.tip.append(r);
          }
          this.tip.hidden = false;
          const left = X(tx) + 12, w = this.tip.offsetWidth;
          this.tip.style.left = (left + w > g.w ? X(tx) - w - 12 : left) + 'px';
          this.tip.style.top = g.t + 4 + 'px';
          ctx.fillStyle = text;
        }
      } else this.tip.hidden = true;
    }
  }
  function nearest(pts, t) {
    if (!pts.length) return null;
    let a = 0, b = pts.length - 1;
    while (b - a > 1) { const m = (a + b) >> 1; if (pts[m][0] < t) a = m; else b = m; }
    return Math.abs(pts[a][0] - t) <= Math.abs(pts[b][0] - t) ? pts[a] : pts[b];
  }
  EmsChart.fmtNum = fmtNum;
  window.EmsChart = EmsChart;
})();
