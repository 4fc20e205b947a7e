/**
 * The demo page under the strict Content Security Policy a portal can run the
 * kit under (README, Content Security Policy), end to end on the real
 * reference server (`npm start`), which sends that policy with its page:
 *
 *   default-src 'self'; script-src 'self' <page's inline script by hash>;
 *   style-src 'self' <page's <style> by hash>; img-src 'self' data:;
 *   require-trusted-types-for 'script'; trusted-types lit-html
 *
 * A listener installed before any page script records every
 * `securitypolicyviolation` (a blocked style attribute, an inline script, a
 * Trusted Types sink given a plain string) while a reader uses every widget:
 * switching language, large mode and dark mode, opening a branch's card on
 * the map and walking the booking form a step. The page must end with none.
 * It also checks what the page says against what the widgets show.
 *
 *   npm run build && node --test test/e2e/csp.test.mjs
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../support/server.mjs';
import { CHROME_PATH, CHROMIUM_ARGS } from '../support/chromium.mjs';
import { readThrough } from './support.mjs';

const BUNDLE = new URL('../../dist/dj-widgets.js', import.meta.url);

let server;
let browser;

before(async () => {
  assert.ok(existsSync(BUNDLE), 'dist/dj-widgets.js is missing: run `npm run build` first');
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page whose every CSP violation, page error and console error is recorded from before its first script. */
async function open(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(
        `${e.effectiveDirective}: ${e.blockedURI || 'inline'}${e.sample ? ` (${e.sample})` : ''} at ${e.sourceFile || location.pathname}:${e.lineNumber}`,
      );
    });
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  const violations = () => page.evaluate(() => window.__violations);
  return { context, page, errors, violations };
}

/** Every widget on the page drawn with its data: cards, leaderboard, map and the booking form at `step` (a selector in it). */
async function widgetsDrawn(page, step = '.choice') {
  await readThrough(page);
  for (const card of await page.locator('dj-brand-card').all()) await card.locator('[part="name"]').waitFor();
  await page.locator('dj-liaison-leaderboard').locator('.board tr[data-id]').first().waitFor();
  await page.locator('dj-branch-map').locator('path.county').first().waitFor();
  await page.locator('dj-open-day-booking').locator(step).first().waitFor();
}

describe('the demo page on the reference server, under the strict CSP', () => {
  test('the page is sent with the strict policy, and every widget works under it with 0 violations', async () => {
    const { context, page, errors, violations } = await open();
    try {
      const response = await page.goto(`${server.origin}/`);
      const policy = response.headers()['content-security-policy'];
      assert.match(
        policy,
        /^default-src 'self'; script-src 'self' 'sha256-[^']+'; style-src 'self' 'sha256-[^']+'; img-src 'self' data:; require-trusted-types-for 'script'; trusted-types lit-html; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'$/,
      );
      assert.doesNotMatch(policy, /unsafe/);
      await widgetsDrawn(page);
      assert.deepEqual(await violations(), [], 'violations while the widgets load');

      // The map: zoom into clusters until single pins show, open one's card, close it.
      const map = page.locator('dj-branch-map');
      const pins = map.locator('.map-svg .pin.stars-5');
      for (let i = 0; i < 12 && !(await pins.count()); i++) {
        const counts = await map.locator('.map-svg .cluster').evaluateAll((els) => els.map((el) => Number(el.textContent)));
        await map
          .locator('.map-svg .cluster')
          .nth(counts.indexOf(Math.max(...counts)))
          .click();
      }
      await pins.first().click();
      const card = map.locator('[role="dialog"]');
      assert.match(await card.innerText(), /五星级/);
      await page.keyboard.press('Escape');
      assert.equal(await card.count(), 0);

      // The booking form: choose a day and a session, on to step 2 (the reader's details).
      const form = page.locator('dj-open-day-booking');
      await form.locator('.choice', { hasText: '兖州区人民政府办公室' }).locator('input').check();
      await form.locator('#f-sessionId').check();
      await form.locator('.actions button[type="submit"]').last().click();
      await form.locator('#f-name').waitFor();
      assert.deepEqual(await violations(), [], 'violations on the map and in the booking form');

      // 显示设置: English, large text, dark.
      const lang = page.locator('#toggle-lang');
      await lang.click();
      await page.locator('dj-brand-card').first().getByText('View details').waitFor();
      await page.locator('#toggle-large').click();
      await page.locator('#toggle-dark').click();
      assert.equal(await page.locator('dj-provider#dj').getAttribute('theme'), 'dark');
      assert.equal(await page.locator('dj-provider#dj').getAttribute('large'), '');
      await widgetsDrawn(page, '#f-name');
      assert.deepEqual(await violations(), [], 'violations after switching language, large and dark');
      assert.deepEqual(errors, [], 'no page or console errors');
    } finally {
      await context.close();
    }
  });

  test('the static demo pages the links lead to are sent with the same policy, with no hash, and show with 0 violations', async () => {
    const { context, page, errors, violations } = await open({ width: 390, height: 844 });
    try {
      for (const path of ['/demo/brands.html', '/demo/liaison-groups.html', '/demo/branches.html', '/demo/news.html', '/demo/about.html']) {
        const response = await page.goto(`${server.origin}${path}`);
        assert.equal(response.status(), 200, path);
        assert.equal(
          response.headers()['content-security-policy'],
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; require-trusted-types-for 'script'; trusted-types lit-html; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        );
        // Styled by demo/demo.css (the banner's red), so the stylesheet was allowed.
        assert.equal(await page.locator('.bar').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(200, 22, 29)', path);
        assert.deepEqual(await violations(), [], path);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the page names what each figure counts, and its figures agree with the data the widgets show', async () => {
    const { context, page } = await open();
    try {
      await page.goto(`${server.origin}/`);
      await readThrough(page);
      const figure = page.locator('.figures li', { hasText: '“五星级”党支部' });
      assert.equal(await figure.locator('.figure-label').innerText(), '全区评定“五星级”党支部');
      assert.match(await page.locator('.figures-source').innerText(), /^兖州区数据/);
      const yanzhou = Number((await figure.locator('.figure-value').innerText()).match(/^\d+/)[0]);
      // The map's data: the branches of 兖州区 (370812) that are five-star.
      const inYanzhou = await (await fetch(`${server.api}/branches?region=370812&minStars=5`)).json();
      assert.equal(inYanzhou.items.length, yanzhou, 'the map holds as many five-star branches in 兖州区 as the page says were rated');

      // The map covers the city: its summary counts more, and the page says why.
      const map = page.locator('dj-branch-map');
      const summary = await map.locator('.summary').innerText();
      const five = Number(/五星级 (\d+) 个/.exec(summary)[1]);
      const all = await (await fetch(`${server.api}/branches?minStars=5`)).json();
      assert.equal(five, all.items.length, `the map's summary (${summary}) counts the city's five-star branches`);
      assert.ok(five > yanzhou);
      const intro = await page.locator('#branches .intro').innerText();
      assert.match(intro, new RegExp(`济宁市.*兖州区评定的全部 ${yanzhou} 个“五星级”党支部.*多于 ${yanzhou} 个`));
      assert.equal(await page.locator('#map-title').innerText(), '济宁市党支部分布');

      // The footer names what serves the data here: this server, not a mock.
      const note = await page.locator('.demo-note').innerText();
      assert.match(note, /组件的数据由本站的参考服务器（\/dj-api\/v1 接口）提供/);
      assert.doesNotMatch(note, /模拟接口|msw/);
    } finally {
      await context.close();
    }
  });

  test('the language button says it switches every widget on the page, in the language the widgets are in', async () => {
    const { context, page } = await open();
    try {
      await page.goto(`${server.origin}/`);
      await readThrough(page);
      const lang = page.locator('#toggle-lang');
      const name = () => lang.evaluate((el) => el.textContent.replace(/\s+/g, ' ').trim());
      assert.equal(await name(), '将页面上的全部组件切换为English');
      await lang.click();
      assert.equal(await name(), 'Switch every widget on this page to 中文');
      assert.equal(await lang.locator('[data-label-prefix]').getAttribute('lang'), 'en');
      assert.equal(await page.locator('dj-provider#dj').getAttribute('lang'), 'en');
      // Every widget switched, not the brand cards only.
      await page
        .locator('dj-open-day-booking')
        .getByText(/Open day/i)
        .first()
        .waitFor();
      await page.locator('dj-liaison-leaderboard').getByText(/Score/).first().waitFor();
      await page
        .locator('dj-branch-map')
        .locator('.summary', { hasText: /^Five-star: \d+ \/ all: \d+/ })
        .waitFor();
      await lang.click();
      assert.equal(await name(), '将页面上的全部组件切换为English');
    } finally {
      await context.close();
    }
  });
});
