// Real-browser test of the ems dashboard: Debian's chromium driven by playwright-core.
// Opens the dashboard at URL, waits for live values to change, opens a meter, zooms a history
// chart by dragging, follows the hierarchy up and down, checks the phone width, and saves
// screenshots to OUTDIR. Fails on any console error, page error or failed request.
// Usage: node dashboard.mjs URL OUTDIR
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, outDir] = process.argv.slice(2);
if (!url || !outDir) { console.error('usage: node dashboard.mjs URL OUTDIR'); process.exit(2); }
mkdirSync(outDir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'ems-chromium-'));
const errors = [];
const t0 = Date.now();
const step = m => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`);
function check(cond, msg) { if (!cond) throw new Error('check failed: ' + msg); }

// A fresh profile directory is the --user-data-dir (Playwright passes it for a persistent context).
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1440, height: 960 },
  colorScheme: 'dark',
});
let failed = false;
try {
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', e => errors.push('page error: ' + e.message));
  page.on('requestfailed', r => { if (!r.url().includes('/api/live')) errors.push('request failed: ' + r.url() + ' ' + (r.failure() || {}).errorText); });
  page.on('response', r => { if (r.status() >= 500) errors.push('HTTP ' + r.status() + ' ' + r.url()); });

  // Overview: first meaningful paint = the facility load shows a number.
  const start = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => /\d/.test(document.querySelector('#k-power .v')?.textContent || ''), null, { timeout: 15000 });
  await page.waitForFunction(() => performance.getEntriesByName('ems-first-value').length > 0);
  // From navigation start to the first live value on screen (the app's performance mark).
  const fmp = Math.round(await page.evaluate(() => performance.getEntriesByName('ems-first-value')[0].startTime));
  const wall = Date.now() - start;
  const weight = await page.evaluate(() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
    .reduce((s, e) => s + (e.transferSize || 0), 0));
  step(`overview painted with live values ${fmp} ms after navigation start (${wall} ms as the test saw it); transferred ${weight} bytes`);
  await page.waitForSelector('.node[data-meter]');
  const nodes = await page.locator('.node[data-meter]').count();
  check(nodes >= 3, 'the plant tree has nodes');
  check(await page.locator('.node.unmetered').count() >= 1, 'the unmetered share is shown');
  check(await page.locator('#conn.live').count() === 1, 'the live connection is up');

  // Live values change.
  const first = await page.locator('#k-power .v').textContent();
  await page.waitForFunction(v => document.querySelector('#k-power .v').textContent !== v, first, { timeout: 15000 });
  step(`live value changed: ${first} → ${await page.locator('#k-power .v').textContent()} kW`);
  await page.waitForTimeout(1500); // let the trend chart gather a few live points
  await page.screenshot({ path: join(outDir, 'overview.png'), fullPage: true });

  // Follow the hierarchy: incomer → a panel → equipment, via the tree and the breadcrumbs.
  const root = await page.locator('.tree > li > .node a.name').first().textContent();
  await page.locator('.tree > li > .node a.name').first().click();
  await page.waitForSelector('#phases');
  check((await page.locator('h1').textContent()) === root, 'opened the top-level meter');
  const feeds = page.locator('section.panel a[href^="#/meter/"]');
  check(await feeds.count() >= 1, 'the top-level meter lists what it feeds');
  const panel = await feeds.first().textContent();
  await feeds.first().click();
  await page.waitForFunction(n => document.querySelector('h1')?.textContent === n, panel);
  const leafLink = page.locator('section.panel a[href^="#/meter/"]').first();
  const leaf = await leafLink.textContent();
  await leafLink.click();
  await page.waitForFunction(n => document.querySelector('h1')?.textContent === n, leaf);
  check(await page.locator('.crumbs a').count() >= 3, 'breadcrumbs show site › incomer › panel');
  step(`followed the hierarchy: ${root} → ${panel} → ${leaf}`);

  // Meter page: live per-phase values, health, and the history chart at 24 h.
  await page.waitForFunction(() => /\d/.test(document.querySelector('#phases td[data-q="voltage_an"]')?.textContent || ''));
  await page.waitForFunction(() => document.querySelector('#view > div')?.dataset.resolution);
  const before = await page.evaluate(() => document.querySelector('#view > div').dataset.resolution);
  const info0 = await page.locator('#h-info').textContent();
  // Zoom: drag across a fifth of the history chart.
  await page.locator('#history canvas').scrollIntoViewIfNeeded();
  const box = await page.locator('#history canvas').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.55, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.65, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(i => { const t = document.querySelector('#h-info').textContent; return t !== i && !t.startsWith('loading'); }, info0);
  const after = await page.evaluate(() => document.querySelector('#view > div').dataset.resolution);
  step(`zoomed the history chart: resolution ${before} → ${after} (${await page.locator('#h-info').textContent()})`);
  check(before !== after || before === 'raw', 'zooming in asks for a finer resolution');
  // Hover for a tooltip.
  await page.mouse.move(box.x + box.width * 0.5, y);
  await page.waitForSelector('.chart-tip:not([hidden])');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, 'meter.png'), fullPage: true });
  // Zoom out to a year (daily rollup).
  await page.locator('button[data-range]', { hasText: '1y' }).click();
  await page.waitForFunction(() => document.querySelector('#view > div').dataset.resolution === '1d');
  step('year view served from the daily rollup');

  // Offline meter shown honestly.
  // A meter that does not answer: the fixture's 'Press 1', or the demo's dead meter.
  const deadMeter = process.env.EMS_OFFLINE_METER || 'Press 1';
  await page.goto(url + '#/meter/' + encodeURIComponent(deadMeter));
  await page.waitForTimeout(500);
  const offline = await page.locator('#m-state').textContent();
  step(`offline meter state: ${offline}`);

  // Breakdown and alarms.
  await page.goto(url + '#/breakdown');
  await page.waitForSelector('#bars .row');
  await page.locator('button[data-k="tag"]').click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(outDir, 'breakdown.png'), fullPage: true });
  await page.goto(url + '#/alarms');
  await page.waitForSelector('#view .panel');
  const alarmRows = await page.locator('#view tbody tr').count();
  const badge = await page.locator('#alarm-badge').isVisible() ? await page.locator('#alarm-badge').textContent() : '0';
  await page.screenshot({ path: join(outDir, 'alarms.png'), fullPage: false });
  step(`breakdown and alarms pages shown (${alarmRows} alarms, ${badge} unacknowledged)`);

  // Phone width and light scheme.
  const p2 = await ctx.newPage();
  await p2.setViewportSize({ width: 390, height: 844 });
  await p2.emulateMedia({ colorScheme: 'light' });
  p2.on('console', m => { if (m.type() === 'error') errors.push('phone console: ' + m.text()); });
  p2.on('pageerror', e => errors.push('phone page error: ' + e.message));
  await p2.goto(url, { waitUntil: 'domcontentloaded' });
  await p2.waitForFunction(() => /\d/.test(document.querySelector('#k-power .v')?.textContent || ''));
  const overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
  await p2.screenshot({ path: join(outDir, 'phone.png'), fullPage: false });
  step('phone width renders without horizontal scrolling');
  check(errors.length === 0, 'no console errors:\n' + errors.join('\n'));
  console.log(JSON.stringify({ ok: true, first_meaningful_paint_ms: fmp, transferred_bytes: weight }));
} catch (e) {
  failed = true;
  console.error(e.message);
  for (const [i, p] of ctx.pages().entries()) {
    await p.screenshot({ path: join(outDir, `failure-${i}.png`), fullPage: true }).catch(() => {});
    console.error(`page ${i}: ${p.url()}\n` + (await p.locator('body').innerText().catch(() => '')).slice(0, 1500));
  }
  if (errors.length) console.error(errors.join('\n'));
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
