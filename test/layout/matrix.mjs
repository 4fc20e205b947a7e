/**
 * The layout matrix: every widget of the BUILT kit (dist/dj-widgets.js), and
 * the staff desk from its own module (dist/dj-desk.js), in its main states ×
 * zh / en × normal / large text × 320, 390, 768 and 1280 px, in Chromium,
 * Firefox and WebKit (DJ_ENGINES limits them, DJ_WIDGETS the widgets), served
 * under the strict CSP with the mock endpoint's data (the desk's: the staff
 * API of its stories, mocks/staff.ts).
 *
 * One page per (engine, widget, language, mode) shows all the widget's
 * states (test/layout/matrix.js brings each copy there as a reader would);
 * the page is then resized through the widths. At each width, in the page
 * (the same code in every engine): nothing of a widget outside its host's
 * box, no sideways scroll of the page, no clipped or ellipsised text, no
 * two map names, markers or controls overlapping, every target at least
 * 44×44 CSS px (60×60 in large mode; links in running text excepted), and
 * at 320 and 1280 px axe finds nothing. Every page: no CSP violation and no
 * error. Each failure names engine, widget, state, language, mode, width and
 * the element.
 *
 * Screenshots of every cell go to test/screenshots/layout/<engine>/, with a
 * contact sheet there (index.html) and one PNG sheet per engine (sheet.png).
 *
 * One test file per engine (matrix-<engine>.test.mjs), so node --test runs
 * the engines side by side.
 *
 *   npm run test:layout            (builds dist/ first when it is missing or stale)
 *   DJ_ENGINES=webkit DJ_WIDGETS=branch-map node --import tsx --test test/layout/
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ENGINES, engineNames, launch } from '../support/engines.mjs';
import { ROOT, startLayoutServer } from './server.mjs';
import { CHROME_PATH } from '../support/chromium.mjs';

const WIDGETS = ['brand-card', 'liaison-leaderboard', 'branch-map', 'open-day-booking', 'open-day-desk'];
const LANGS = ['zh', 'en'];
const MODES = ['normal', 'large'];
const WIDTHS = [320, 390, 768, 1280];
const AXE_AT = new Set([320, 1280]);
const HEIGHT = 900;
const SHOTS = fileURLToPath(new URL('../screenshots/layout/', import.meta.url));
const BUNDLE = `${ROOT}dist/dj-widgets.js`;
/** The staff desk is a module of its own (vite build --mode desk). */
const DESK_BUNDLE = `${ROOT}dist/dj-desk.js`;

const widgets = (process.env.DJ_WIDGETS || '').split(',').filter(Boolean);
const chosen = widgets.length ? WIDGETS.filter((w) => widgets.includes(w)) : WIDGETS;

/** Errors a fault cell causes on purpose (the widget reports the failed request it was sent to). */
const EXPECTED = [/\/dj-api\/(post-)?fault\//, /^console\.error: Failed to load resource: the server responded with a status of 500/];
/**
 * The booking form's lookup-locked cell sends wrong mobiles until the code locks: nine 404s, then a 429; its
 * send-failed cell's booking gets no answer (the connection closed). The browser logs each.
 */
const EXPECTED_OF = {
  'open-day-booking': [
    /^console\.error: Failed to load resource: the server responded with a status of (404|429)/,
    /^console\.error: Failed to load resource: net::ERR_EMPTY_RESPONSE/,
  ],
  // The desk's refusals, each explained on screen: a wrong token (401), a code the door does not know (404) or
  // cannot take (409), a form or a reason the server refuses (422), and the mock's ERROR500 code.
  'open-day-desk': [
    /^console\.error: Failed to load resource: the server responded with a status of (401|404|409|422|500)/,
    /^console\.error: \[dj-widgets\] POST \S+\/admin\/bookings\/ERROR500\/check-in failed: HTTP 500/,
  ],
};

const line = (f) => `  ${f.state} · ${f.check} · ${f.element}: ${f.detail}`;

let server;

/** The whole matrix in one engine (nothing when DJ_ENGINES leaves it out). */
export function defineMatrix(engineName) {
  if (!engineNames().includes(engineName)) return;
  before(async () => {
    if (!existsSync(BUNDLE)) throw new Error('dist/dj-widgets.js is missing: run `npx vite build` (npm run test:layout does).');
    if (chosen.includes('open-day-desk') && !existsSync(DESK_BUNDLE))
      throw new Error('dist/dj-desk.js is missing: run `npx vite build --mode desk` (npm run test:layout does).');
    server = await startLayoutServer();
  });
  after(() => server?.stop());

  describe(`layout matrix in ${engineName}`, () => {
    let engine;
    const shots = [];
    const dir = `${SHOTS}${engineName}/`;
    before(async () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      engine = await launch(engineName);
    });
    after(async () => {
      if (engine && shots.length) await contactSheet(engine, engineName, dir, shots);
      await engine?.close();
    });

    for (const widget of chosen) {
      for (const lang of LANGS) {
        for (const mode of MODES) {
          const where = `${engineName} · ${widget} · ${lang} · ${mode}`;
          describe(where, () => {
            let page;
            let notReady = [];
            before(async () => {
              page = await engine.newPage({ width: WIDTHS[0], height: HEIGHT });
              await page.open(`${server.origin}/test/layout/matrix.html?widget=${widget}&lang=${lang}&mode=${mode}`);
              notReady = await page.evaluate(() => window.__matrix.ready);
            });
            after(() => page?.close());

            test(`${where}: every state is reached`, () => {
              assert.deepEqual(notReady, [], `${where}: cells not brought to their state:\n  ${notReady.join('\n  ')}`);
            });

            for (const width of WIDTHS) {
              test(`${where} · ${width} px`, async () => {
                await page.setViewport(width, HEIGHT);
                const faults = await page.evaluate((w) => window.__matrix.measure(w), width);
                if (AXE_AT.has(width)) faults.push(...(await page.evaluate(() => window.__matrix.axe())));
                const file = `${widget}-${lang}-${mode}-${width}.png`;
                await page.screenshot(`${dir}${file}`);
                shots.push({ widget, lang, mode, width, file, faults: faults.length });
                assert.equal(faults.length, 0, `${where} · ${width} px: ${faults.length} faults\n${faults.map(line).join('\n')}`);
              });
            }

            test(`${where}: no CSP violation, no error`, async () => {
              const expected = [...EXPECTED, ...(EXPECTED_OF[widget] ?? [])];
              const errors = (await page.errors()).filter((e) => !expected.some((re) => re.test(e)));
              assert.deepEqual(errors, [], `${where}: ${errors.length} errors in the page\n  ${errors.join('\n  ')}`);
            });
          });
        }
      }
    }
  });
}

/** test/screenshots/layout/<engine>/index.html, and sheet.png of it drawn by a browser. */
async function contactSheet(engine, engineName, dir, shots) {
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = [];
  for (const widget of chosen)
    for (const lang of LANGS)
      for (const mode of MODES) {
        const cells = WIDTHS.map((width) =>
          shots.find((s) => s.widget === widget && s.lang === lang && s.mode === mode && s.width === width),
        );
        if (!cells.some(Boolean)) continue;
        rows.push(
          `<tr><th>${esc(widget)}<br>${lang} · ${mode}</th>${cells
            .map((s) =>
              s
                ? `<td class="${s.faults ? 'bad' : 'good'}"><a href="${esc(s.file)}"><img src="${esc(s.file)}" alt="${esc(`${widget} ${lang} ${mode} ${s.width}px`)}"></a><br>${s.width} px · ${s.faults ? `${s.faults} faults` : 'clean'}</td>`
                : '<td>—</td>',
            )
            .join('')}</tr>`,
        );
      }
  writeFileSync(
    `${dir}sheet.css`,
    `body{font:13px/1.4 sans-serif;margin:8px}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}
img{width:160px;max-height:360px;object-fit:cover;object-position:top;display:block}.bad{background:#fde2e2}.good{background:#e3f4e1}`,
  );
  writeFileSync(
    `${dir}index.html`,
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Layout matrix: ${engineName}</title><link rel="stylesheet" href="sheet.css">
<h1>Layout matrix in ${engineName}</h1><p>Each picture is the whole matrix page of one widget (all its states) at one width; red: the matrix found faults there (see the test output). Click for full size.</p>
<table><tr><th></th>${WIDTHS.map((w) => `<th>${w} px</th>`).join('')}</tr>${rows.join('\n')}</table></html>\n`,
  );
  // Drawn by Chromium where there is one: WebKit leaves most of a tall page of large images unpainted.
  const composer = engineName !== 'chromium' && existsSync(CHROME_PATH) ? await launch('chromium') : engine;
  const page = await composer.newPage({ width: 180 * WIDTHS.length + 140, height: 900 });
  try {
    await page.open(`${server.origin}/test/screenshots/layout/${engineName}/index.html`);
    // Loaded and decoded: WebKit paints a large image only once it is decoded.
    await page.evaluate(() => Promise.all([...document.images].map((i) => i.decode().catch(() => {}))));
    await page.screenshot(`${dir}sheet.png`);
  } finally {
    await page.close();
    if (composer !== engine) await composer.close();
  }
  const engines = ENGINES.filter((e) => existsSync(`${SHOTS}${e}/index.html`));
  writeFileSync(
    `${SHOTS}index.html`,
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Layout matrix</title>
<h1>Layout matrix contact sheets</h1><ul>${engines.map((e) => `<li><a href="${e}/index.html">${e}</a> (<a href="${e}/sheet.png">one PNG</a>)</li>`).join('')}</ul></html>\n`,
  );
}
