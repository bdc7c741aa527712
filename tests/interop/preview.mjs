// The HTML preview in a real browser: headless Chromium (Debian's `chromium`) driven by
// playwright-core, run by tests/it/interop.rs on folders that `diplomap build --html` wrote.
//
//   node preview.mjs SEED_DIR XSS_DIR PACIFIC_DIR ARTIFACT_DIR
//
// SEED_DIR holds the seed scenario's layers as GeoJSON beside index.html: the expected counts,
// dates and titles are read from those files, not from the page. XSS_DIR holds a build of a
// scenario whose strings are markup and script (tests/data/hostile-strings.toml), and the
// environment variable XSS_TITLE its title as it should show. PACIFIC_DIR holds a build of a
// story across the antimeridian (tests/data/pacific.toml). The network is cut (offline context) and every
// request other than the page itself is recorded and aborted. Prints one line per check and
// exits 1 on the first failure; screenshots go to ARTIFACT_DIR.
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [seedDir, xssDir, pacificDir, artifacts] = process.argv.slice(2).map((p) => resolve(p));
mkdirSync(artifacts, { recursive: true });

function check(ok, what) {
  if (!ok) {
    console.log(`FAIL ${what}`);
    process.exit(1);
  }
  console.log(`ok ${what}`);
}

function layers(dir) {
  const out = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.geojson')).sort()) {
    out[file.replace(/\.geojson$/, '')] = JSON.parse(readFileSync(join(dir, file), 'utf8')).features;
  }
  return out;
}

const day = (v) => (typeof v === 'string' ? Math.floor(Date.parse(v) / 86400000) : null);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});

/* A page with the network cut, recording what it asked for, its dialogs and its errors. */
async function open(dir) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, offline: true });
  const page = await context.newPage();
  const url = pathToFileURL(join(dir, 'index.html')).href;
  const seen = { requests: [], dialogs: [], errors: [] };
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    seen.requests.push(route.request().url());
    return route.abort();
  });
  page.on('request', (r) => { if (r.url() !== url) seen.requests.push(r.url()); });
  page.on('dialog', (d) => { seen.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') seen.errors.push(m.text()); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('path.dm-feature', { state: 'attached' });
  await page.waitForTimeout(300);
  return { context, page, seen };
}

/* Drawn features of each layer: [count, count with a non-empty path]. */
const drawn = (page) => page.evaluate(() => {
  const out = {};
  for (const el of document.querySelectorAll('path.dm-feature')) {
    const layer = el.getAttribute('data-layer');
    const d = el.getAttribute('d') || '';
    out[layer] = out[layer] || [0, 0];
    out[layer][0] += 1;
    if (/^M-?[0-9.]+[ ,]-?[0-9.]+ ?[LZa]/.test(d)) out[layer][1] += 1;
  }
  return out;
});

/* A real click on one feature, zoomed in on it first with the mouse wheel as a reader would. */
async function clickFeature(page, id) {
  const sel = `path[data-id="${id.replace(/["\\]/g, '\\$&')}"]`;
  for (let i = 0; i < 2; i++) {
    const box = await page.locator(sel).boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(600);
  }
  await page.locator(sel).click();
  await page.waitForSelector('.leaflet-popup-content .dm-popup');
  await page.waitForTimeout(600); // the popup fades in and the map pans to show it
  return page.locator('.leaflet-popup-content .dm-popup');
}

// --- The seed scenario -------------------------------------------------------------------
{
  const expected = layers(seedDir);
  const { context, page, seen } = await open(seedDir);
  await page.screenshot({ path: join(artifacts, 'preview-seed.png') });

  const counts = await drawn(page);
  for (const [name, features] of Object.entries(expected)) {
    const [all, visible] = counts[name] || [0, 0];
    check(all === features.length, `${name}: ${all} drawn of ${features.length} features`);
    check(visible === features.length, `${name}: ${visible} of ${features.length} drawn in view`);
  }
  check(Object.keys(counts).every((n) => n in expected), 'no layer drawn that was not built');

  const switcher = await page.locator('.leaflet-control-layers-overlays label').allTextContents();
  check(switcher.length === Object.keys(expected).length,
    `layer switcher lists ${switcher.length} layers: ${switcher.map((s) => s.trim()).join(', ')}`);
  const basemap = await page.locator('.leaflet-basemap-pane canvas').count();
  check(basemap === 1, 'the basemap is drawn on its own canvas');

  const kinds = new Set(Object.values(expected).flat()
    .map((f) => (f.geometry.type === 'Point' || f.geometry.type.endsWith('LineString')
      ? f.properties.kind : `country: ${f.properties.role}`)));
  const legend = await page.locator('.dm-legend-label').allTextContents();
  check(legend.length === kinds.size && legend.every((l) => kinds.has(l)),
    `legend by kind: ${legend.join(', ')}`);

  // The date slider: at each position, the features under way on its days, and undated ones.
  const range = page.locator('input.dm-dates-range');
  const positions = Number(await range.getAttribute('max'));
  check(positions >= 4, `the date slider has ${positions} positions`);
  const everyDay = new Set();
  for (const f of Object.values(expected).flat()) {
    const s = day(f.properties.start);
    if (s !== null) for (let d = s; d <= (day(f.properties.end) ?? s); d++) everyDay.add(d);
  }
  const covered = new Set();
  for (let k = 1; k <= positions; k++) {
    await range.fill(String(k));
    const label = (await page.locator('.dm-dates-label').textContent()).trim();
    const [from, to] = [label.slice(0, 10), label.length > 10 ? label.slice(-10) : label.slice(0, 10)]
      .map(day);
    for (let d = from; d <= to; d++) covered.add(d);
    const now = await drawn(page);
    for (const [name, features] of Object.entries(expected)) {
      const want = features.filter((f) => {
        const s = day(f.properties.start);
        const e = day(f.properties.end) ?? s;
        return s === null || (s <= to && e >= from);
      }).length;
      const got = (now[name] || [0])[0];
      check(got === want, `on ${label}: ${name} shows ${got}, expected ${want}`);
    }
  }
  check([...everyDay].every((d) => covered.has(d)), 'every day with an event is on the slider');
  await range.fill('0');
  check((await page.locator('.dm-dates-label').textContent()).trim() === 'All dates',
    'the slider goes back to all dates');
  const back = await drawn(page);
  check(Object.entries(expected).every(([n, f]) => (back[n] || [0])[0] === f.length),
    'all dates shows every feature again');

  const kyiv = expected.strikes.find((f) => f.properties.place === 'Kyiv');
  check(kyiv !== undefined, 'the seed has a strike on Kyiv');
  const popup = await clickFeature(page, kyiv.properties.id);
  const heading = await popup.locator('h2').textContent();
  check(heading === kyiv.properties.title, `the Kyiv popup shows its title: ${heading}`);
  const cells = await popup.locator('tr').allTextContents();
  check(cells.some((c) => c.startsWith('place') && c.includes('Kyiv')) &&
    cells.some((c) => c.startsWith('start') && c.includes(kyiv.properties.start)),
  'the Kyiv popup lists its properties');
  await page.screenshot({ path: join(artifacts, 'preview-seed-popup.png') });

  check(seen.requests.length === 0, `no request left the page: ${JSON.stringify(seen.requests)}`);
  check(seen.dialogs.length === 0, 'no dialog opened');
  check(seen.errors.length === 0, `no error or warning on the console: ${JSON.stringify(seen.errors)}`);
  await context.close();
}

// --- A scenario whose strings are markup and script ---------------------------------------
{
  const expected = layers(xssDir);
  const title = process.env.XSS_TITLE;
  const { context, page, seen } = await open(xssDir);
  await page.screenshot({ path: join(artifacts, 'preview-xss.png') });
  check(await page.title() === title, 'the hostile title is the page title, as text');
  check(await page.locator('header h1').textContent() === title, 'the hostile title shows as text');
  check(await page.locator('img').count() === 0, 'no image element was made from a string');
  check(await page.locator('script').count() === 3, 'no script element was made from a string');
  for (const f of Object.values(expected).flat().filter((f) => f.geometry.type === 'Point')) {
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('path.dm-feature', { state: 'attached' });
    const popup = await clickFeature(page, f.properties.id);
    const heading = await popup.locator('h2').textContent();
    check(heading === f.properties.title, `a popup shows ${JSON.stringify(heading)} as text`);
    check(await page.locator('.leaflet-popup-content img, .leaflet-popup-content b').count() === 0,
      'no markup inside the popup');
  }
  const pwned = await page.evaluate(() => window.__pwned === undefined);
  check(pwned, 'no injected script ran');
  check(seen.dialogs.length === 0, `no dialog opened: ${JSON.stringify(seen.dialogs)}`);
  check(seen.requests.length === 0, `no request left the page: ${JSON.stringify(seen.requests)}`);
  check(seen.errors.length === 0, `no error or warning on the console: ${JSON.stringify(seen.errors)}`);
  await context.close();
}

// --- A story across the antimeridian ----------------------------------------------------
{
  const expected = layers(pacificDir);
  const { context, page, seen } = await open(pacificDir);
  await page.screenshot({ path: join(artifacts, 'preview-pacific.png') });
  const counts = await drawn(page);
  for (const [name, features] of Object.entries(expected)) {
    check((counts[name] || [0, 0])[1] === features.length, `${name}: every feature drawn in view`);
  }
  const shapes = await page.evaluate(() => {
    const map = document.getElementById('map').getBoundingClientRect();
    return Array.from(document.querySelectorAll('path.dm-feature')).map((el) => {
      const b = el.getBoundingClientRect();
      const moves = (el.getAttribute('d') || '').split('M').slice(1)
        .map((m) => m.trim().split(/[ ,LZa]+/).map(Number));
      return { id: el.getAttribute('data-id'), layer: el.getAttribute('data-layer'),
        inside: b.left >= map.left && b.right <= map.right && b.top >= map.top && b.bottom <= map.bottom,
        width: b.width / map.width, moves };
    });
  });
  for (const s of shapes.filter((s) => s.layer !== 'countries')) {
    check(s.inside, `${s.id} lies inside the map's frame`);
  }
  const corridor = shapes.find((s) => s.layer === 'corridors');
  check(corridor.moves.length === 2, 'the corridor comes in its two parts, cut at ±180');
  const [a, b] = corridor.moves;
  const gap = Math.hypot(a[a.length - 2] - b[0], a[a.length - 1] - b[1]);
  check(gap < 2, `the corridor's parts meet in the middle of the map (${gap.toFixed(2)} px apart)`);
  const fiji = shapes.find((s) => s.id.endsWith('/FJ'));
  check(fiji && fiji.width < 0.1, `Fiji is drawn whole (${(fiji.width * 100).toFixed(1)}% of the map wide)`);
  check(seen.requests.length === 0 && seen.errors.length === 0, 'no request and no error');
  await context.close();
}

await browser.close();
console.log('preview: all checks passed');
