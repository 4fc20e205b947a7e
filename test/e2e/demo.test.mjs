/**
 * End-to-end test of the demo portal page (index.html) with the BUILT kit.
 *
 * Serves the page as `npm start` does (the reference server) and as the mock
 * endpoint does (Vite in demo mode, msw), both on the bundle as built, not the
 * sources; opens it in Debian's Chromium and checks what a
 * portal would see: the kit loads, every card renders, the 显示设置 buttons
 * work, axe finds nothing, and phones get no horizontal scroll. Full-page
 * screenshots for people to look at go to test/screenshots/ (gitignored).
 *
 *   npm run build && node --test test/e2e/
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { findBookingAsStaff, startServer } from '../support/server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = new URL('../../dist/dj-widgets.js', import.meta.url);
const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The brand names the mock endpoint serves for the ids on the page. */
const NAMES = {
  'yanzheng-xianfeng': '担当作为 兖政先锋',
  'chengshen-weigong': '诚审惟公',
  'ying-zai-jining': '营在济宁',
  'hongyao-jiaoyu': '红耀教育 争当旗帜',
  'chuanxing-xianfeng': '穿行先锋 端信监管',
  'zhongcheng-dangban': '忠诚党办 服务先锋',
  'yan-zhoudao': '兖周到',
  'jianshou-gongzheng': '坚守公正 忠诚为民',
  'wennuan-renshe': '温暖人社·温情服务',
  'ningju-chuxin': '凝聚初心·倾情服务',
  'ruyun-qingfeng': '儒韵清风·清廉审批',
};

/** Console messages that are not failures. Keep empty unless one is explained. */
const EXPECTED_CONSOLE = [/^\[vite\] /];

let browser;
let baseUrl;
/** Set once the kit is known not to load, so later tests fail at once with the same reason. */
let kitError;

/**
 * The page runs twice: as `npm start` serves it (the reference server, with
 * the bundle's tag in place of the mock bootstrap, and the API at /dj-api/v1)
 * and on the mock endpoint (Vite in demo mode: msw in a service worker), as
 * Storybook and `npm run dev` keep using it. Every assertion holds on both.
 */
const TARGETS = [
  {
    id: 'server',
    name: 'the reference server (npm start)',
    async start() {
      const real = await startServer();
      return { url: real.origin, stop: () => real.stop() };
    },
  },
  {
    id: 'msw',
    name: 'the mock endpoint (msw)',
    async start() {
      const vite = await createServer({
        root: ROOT,
        mode: 'demo',
        logLevel: 'warn',
        clearScreen: false,
        // No HMR or file watching: other people's edits must not reload the page mid-test.
        server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false, watch: null },
      });
      await vite.listen();
      const address = vite.httpServer?.address();
      const port = typeof address === 'object' && address ? address.port : new URL(vite.resolvedUrls.local[0]).port;
      return { url: `http://127.0.0.1:${port}`, stop: () => vite.close() };
    },
  },
];

before(async () => {
  if (!existsSync(BUNDLE)) {
    throw new Error('dist/dj-widgets.js is missing: run `npm run build` first (the demo page serves the built bundle).');
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

/**
 * Opens the demo page in a fresh context (fresh service worker) and waits
 * until every card shows its brand. Records requests and problems.
 */
async function openDemo(query = '', viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    const bad = message.type() === 'error' || (message.type() === 'warning' && text.includes('[dj-widgets]'));
    if (bad && !EXPECTED_CONSOLE.some((re) => re.test(text))) problems.push(`console ${message.type()}: ${text}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  await page.goto(`${baseUrl}/${query}`);
  await waitForKit(page, requests, problems);
  await waitForCards(page);
  return { context, page, requests, problems };
}

/** The kit's module script ran and defined its tags; fails fast, saying what is wrong. */
async function waitForKit(page, requests, problems) {
  if (kitError) throw kitError;
  const defined = () => customElements.get('dj-brand-card') && customElements.get('dj-provider');
  try {
    await page.waitForFunction(defined, null, { timeout: 8_000 });
  } catch {
    const tagged = await page.locator('script[src="/dist/dj-widgets.js"]').count();
    const reason = !tagged
      ? 'mocks/demo.ts never added the <script src="/dist/dj-widgets.js"> tag (did the mocks start?)'
      : !requests.includes('/dist/dj-widgets.js')
        ? 'the page never requested /dist/dj-widgets.js'
        : '/dist/dj-widgets.js loaded but did not define <dj-brand-card> / <dj-provider>: the built bundle has lost its ' +
          "define() calls (are src/widgets/*/*.ts tree-shaken as side-effect free? check package.json \"sideEffects\")";
    kitError = new Error(`${reason}${problems.length ? `\n${problems.join('\n')}` : ''}`);
    throw kitError;
  }
}

/** Every card has rendered its brand (its name is in its shadow root), and the leaderboard its table. */
async function waitForCards(page) {
  const rendered = () => {
    const cards = [...document.querySelectorAll('dj-brand-card')];
    const boards = [...document.querySelectorAll('dj-liaison-leaderboard')];
    const maps = [...document.querySelectorAll('dj-branch-map')];
    const forms = [...document.querySelectorAll('dj-open-day-booking')];
    return (
      cards.length > 0 &&
      forms.every((form) => form.shadowRoot?.querySelector('[part="form"] input')) &&
      cards.every((card) => card.shadowRoot?.querySelector('[part="name"]')) &&
      boards.every((board) => board.shadowRoot?.querySelector('tbody tr')) &&
      maps.every((map) => map.shadowRoot?.querySelector('.map-svg .cluster, .map-svg .pin'))
    );
  };
  try {
    await page.waitForFunction(rendered, null, { timeout: 10_000 });
  } catch {
    const states = await page.evaluate(() =>
      [...document.querySelectorAll('dj-brand-card, dj-liaison-leaderboard, dj-branch-map, dj-open-day-booking')]
        .filter((card) => !card.shadowRoot?.querySelector('[part="name"], tbody tr, .map-svg .cluster, .map-svg .pin, [part="form"] input'))
        .map((card) => `${card.localName} ${card.getAttribute('brand-id') ?? ''}: ${card.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim().slice(0, 160) ?? 'no shadow root'}`),
    );
    throw new Error(`widgets did not render their data within 10 s:\n${states.join('\n')}`);
  }
}

/** Every card's action text starts with `text` (the details link is in every layout). */
async function waitForActionText(page, text) {
  await page.waitForFunction(
    (expected) =>
      [...document.querySelectorAll('dj-brand-card')].every((card) =>
        card.shadowRoot?.querySelector('[part="action"]')?.textContent?.trim().startsWith(expected),
      ),
    text,
    { timeout: 5_000 },
  );
}

/** A full-page screenshot with every (lazy) image loaded and fonts ready. */
async function screenshot(page, name) {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  // A viewport as tall as the page makes the lazy images below the fold load.
  await page.setViewportSize({ width: viewport.width, height });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('dj-brand-card')].every((card) =>
        [...(card.shadowRoot?.querySelectorAll('img') ?? [])].every((img) => img.complete),
      ),
    null,
    { timeout: 5_000 },
  );
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(100); // the summaries' "Read more" appears a frame after layout
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
  await page.setViewportSize(viewport);
}

function formatViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`)
    .join('\n');
}

async function expectNoAxeViolations(page, label, t) {
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  assert.equal(violations.length, 0, `axe (${label}):\n${formatViolations(violations)}`);
}

for (const target of TARGETS) describe(`demo page (built kit) on ${target.name}`, () => {
  let running;
  before(async () => {
    kitError = undefined;
    running = await target.start();
    baseUrl = running.url;
  });
  after(async () => running?.stop());
  /** Screenshots of the real server's page keep their names; the mock's are prefixed. */
  const prefix = target.id === 'server' ? '' : 'msw-';
  const shot = (page, name) => screenshot(page, prefix + name);

  test('loads dist/dj-widgets.js and every card shows its brand name', async () => {
    const { context, page, requests, problems } = await openDemo();
    try {
      assert.ok(requests.includes('/dist/dj-widgets.js'), 'the page requested /dist/dj-widgets.js');
      if (target.id === 'server') {
        assert.ok(!requests.some((path) => path.startsWith('/src/')), 'the server serves the bundle, not the sources');
      } else {
        // The mocks import the contract's schemas, rules and messages from src/
        // (booking-desk.ts); the kit itself must still be the bundle.
        const kitSources = requests.filter((path) => path === '/src/index.ts' || /\.(component|styles)\.ts$|\/(brand-card|liaison-leaderboard|branch-map|open-day-booking|provider)\.ts$/.test(path));
        assert.deepEqual(kitSources, [], 'demo mode serves the bundle, not the sources');
      }
      assert.equal(await page.locator('script[src="/dist/dj-widgets.js"]').count(), 1, 'exactly one kit script tag');
      if (target.id === 'msw') {
        assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the mock service worker controls the page');
      } else {
        assert.ok(await page.evaluate(() => !navigator.serviceWorker.controller), 'no service worker: the widgets talk to the server');
        assert.ok(!requests.some((path) => path.startsWith('/mocks/')), 'no mock code is loaded');
        assert.ok(requests.includes('/dj-api/v1/brands/chengshen-weigong'), 'the cards ask the default endpoint, /dj-api/v1');
      }

      const cards = page.locator('dj-brand-card');
      const count = await cards.count();
      assert.ok(count >= 8, `expected at least 8 cards, found ${count}`);
      for (let i = 0; i < count; i++) {
        const card = cards.nth(i);
        const id = await card.getAttribute('brand-id');
        assert.ok(id in NAMES, `unexpected brand-id "${id}" on the page; add its name to NAMES`);
        // Playwright's CSS engine pierces the open shadow root.
        const name = (await card.locator('[part="name"]').textContent())?.trim();
        assert.equal(name, NAMES[id], `card ${id} shows its brand name`);
        assert.equal(await card.locator('[part="name"]').isVisible(), true, `card ${id}'s name is visible`);
      }
      const layouts = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('layout')));
      assert.equal(layouts.filter((l) => l === 'horizontal').length, 1, 'one featured (horizontal) card');
      assert.ok(layouts.filter((l) => l === 'card').length >= 4, 'a grid of at least 4 cards');
      assert.ok(layouts.includes('compact'), 'compact cards in the side column');

      // The light-DOM fallback is there for no-JS readers and hidden once the card renders.
      const fallback = page.locator('dj-brand-card[brand-id="chengshen-weigong"] > a[href="/brands/chengshen-weigong.html"]');
      assert.equal(await fallback.count(), 1, 'light-DOM fallback link present');
      assert.equal(await fallback.isVisible(), false, 'fallback hidden once the card renders');

      // Landmarks and outline.
      for (const selector of ['header', 'nav', 'main#main', 'aside', 'footer', 'a.skip-link[href="#main"]']) {
        assert.equal(await page.locator(selector).count() >= 1, true, `page has ${selector}`);
      }
      assert.equal(await page.locator('h1').count(), 1, 'one h1');

      await shot(page, 'zh-desktop-1280');
      assert.deepEqual(problems, [], 'no page errors, console errors or failed requests');
    } finally {
      await context.close();
    }
  });

  test('the 中文/English button switches the cards to English and back', async () => {
    const { context, page, problems } = await openDemo();
    try {
      const provider = page.locator('dj-provider#dj');
      await waitForActionText(page, '查看详情');
      const button = page.locator('#toggle-lang');
      assert.match(await button.innerText(), /English/);
      await button.click();
      assert.equal(await provider.getAttribute('lang'), 'en');
      await waitForActionText(page, 'View details');
      await page.locator('dj-brand-card').first().getByText('View details').waitFor();
      assert.equal(await page.locator('dj-brand-card').getByText('查看详情').count(), 0, 'no Chinese action text left');
      assert.match(await button.innerText(), /中文/, 'the button now offers 中文');
      assert.match(page.url(), /[?&]lang=en\b/, 'the state is kept in the URL');
      // The page's own text inside the provider stays marked as Chinese.
      assert.equal(await page.locator('#brands-title').evaluate((el) => el.closest('[lang]').lang), 'zh-CN');

      await button.click();
      assert.equal(await provider.getAttribute('lang'), 'zh-CN');
      await waitForActionText(page, '查看详情');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
    // ?lang=en starts in English.
    const en = await openDemo('?lang=en');
    try {
      await waitForActionText(en.page, 'View details');
      await shot(en.page, 'en-desktop-1280');
      assert.deepEqual(en.problems, []);
    } finally {
      await en.context.close();
    }
  });

  test('the 大字模式 button makes card text ≥ 18px and buttons ≥ 60px tall', async (t) => {
    const { context, page, problems } = await openDemo();
    try {
      const button = page.locator('#toggle-large');
      assert.equal(await button.getAttribute('aria-pressed'), 'false');
      await button.click();
      assert.equal(await button.getAttribute('aria-pressed'), 'true');
      assert.equal(await page.locator('dj-provider#dj').getAttribute('large'), '');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('dj-brand-card')].every((card) => card.shadowRoot?.querySelector('[part="base"].large')),
      );
      await page.waitForTimeout(100);

      const metrics = await page.evaluate(() =>
        [...document.querySelectorAll('dj-brand-card')].map((card) => {
          const root = card.shadowRoot;
          const size = (el) => parseFloat(getComputedStyle(el).fontSize);
          const text = ['[part="base"]', '[part="name"]', '[part="slogan"]', '.unit', '[part="summary"]', '.honor-title', '.sub-brands li', '[part="action"]']
            .flatMap((selector) => [...root.querySelectorAll(selector)])
            .map((el) => ({ what: el.getAttribute('part') || el.className || el.localName, px: size(el) }));
          // Secondary text (meta lines, labels) too: nothing under 18px in large mode.
          const small = [...root.querySelectorAll('*')]
            .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && !el.closest('.visually-hidden'))
            .filter((el) => size(el) < 18)
            .map((el) => `${el.className || el.localName} ${size(el)}px`);
          const buttons = [...root.querySelectorAll('button, a.button')].map((el) => ({
            what: el.getAttribute('part') || el.className,
            height: el.getBoundingClientRect().height,
          }));
          return { id: card.getAttribute('brand-id'), text, small, buttons };
        }),
      );
      for (const card of metrics) {
        for (const { what, px } of card.text) assert.ok(px >= 18, `${card.id}: ${what} is ${px}px in large mode (want ≥ 18px)`);
        assert.ok(card.buttons.length > 0, `${card.id} has a button`);
        for (const { what, height } of card.buttons) {
          assert.ok(height >= 59.5, `${card.id}: ${what} is ${height}px tall in large mode (want ≥ 60px)`);
        }
        assert.deepEqual(card.small, [], `${card.id}: text under 18px in large mode`);
      }
      const board = await page.evaluate(() => {
        const root = document.querySelector('dj-liaison-leaderboard').shadowRoot;
        const size = (el) => parseFloat(getComputedStyle(el).fontSize);
        return {
          small: [...root.querySelectorAll('*')]
            .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && !el.closest('.visually-hidden'))
            .filter((el) => size(el) < 18)
            .map((el) => `${el.className || el.localName} ${size(el)}px`),
          controls: [...root.querySelectorAll('button, select')].filter((el) => el.getClientRects().length).map((el) => ({ what: el.className || el.localName, height: el.getBoundingClientRect().height })),
        };
      });
      assert.deepEqual(board.small, [], 'leaderboard: text under 18px in large mode');
      for (const { what, height } of board.controls) assert.ok(height >= 59.5, `leaderboard: ${what} is ${height}px tall in large mode`);
      // The page's own text grows too.
      assert.ok(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize) >= 18), 'page text ≥ 18px');

      await button.click();
      assert.equal(await button.getAttribute('aria-pressed'), 'false');
      assert.equal(await page.locator('dj-provider#dj').getAttribute('large'), null);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
    const large = await openDemo('?large=1');
    try {
      assert.equal(await large.page.locator('#toggle-large').getAttribute('aria-pressed'), 'true');
      await shot(large.page, 'large-desktop-1280');
      assert.deepEqual(large.problems, []);
    } finally {
      await large.context.close();
    }
  });

  test('the 深色 button switches the cards to the dark theme', async (t) => {
    const { context, page, problems } = await openDemo();
    try {
      const button = page.locator('#toggle-dark');
      const cardBackground = () =>
        page.locator('dj-brand-card').first().locator('[part="card"]').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(await cardBackground(), 'rgb(255, 255, 255)');
      await button.click();
      assert.equal(await button.getAttribute('aria-pressed'), 'true');
      assert.equal(await page.locator('dj-provider#dj').getAttribute('theme'), 'dark');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('dj-brand-card')].every((card) => card.shadowRoot?.querySelector('[part="base"].theme-dark')),
      );
      assert.equal(await cardBackground(), 'rgb(28, 24, 22)');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
    const dark = await openDemo('?theme=dark');
    try {
      assert.equal(await dark.page.locator('#toggle-dark').getAttribute('aria-pressed'), 'true');
      await shot(dark.page, 'dark-desktop-1280');
      await expectNoAxeViolations(dark.page, 'dark', t);
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.context.close();
    }
  });

  test('axe finds no violations in zh, en and large mode', async (t) => {
    for (const [label, query] of [
      ['zh', ''],
      ['en', '?lang=en'],
      ['large', '?large=1'],
    ]) {
      const { context, page, problems } = await openDemo(query);
      try {
        if (label === 'en') await waitForActionText(page, 'View details');
        await expectNoAxeViolations(page, label, t);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  test('the leaderboard shows the top five, all on request, and its groups’ units', async () => {
    const { context, page, problems } = await openDemo();
    try {
      const board = page.locator('dj-liaison-leaderboard');
      const rows = board.locator('.board > tbody > tr[data-id]');
      assert.equal(await rows.count(), 5, 'limit="5" shows five groups');
      assert.match(await board.locator('caption').innerText(), /兖州区区直机关联系片排名（2024年第二季度，按评成效得分）/);
      assert.equal(await board.locator('.board > thead').isVisible(), true, 'a table in the main column at 1280px');
      await board.getByRole('button', { name: '显示全部 11 个联系片' }).click();
      assert.equal(await rows.count(), 11);
      await board.getByRole('columnheader', { name: /五星率/ }).getByRole('button').click();
      assert.equal(await board.getByRole('columnheader', { name: /五星率/ }).getAttribute('aria-sort'), 'descending');
      const first = rows.first().locator('.name');
      await first.focus();
      await page.keyboard.press('Enter');
      assert.equal(await first.getAttribute('aria-expanded'), 'true');
      assert.ok((await board.locator('.units tbody tr').count()) > 0, 'the member units are listed');
      await board.screenshot({ path: `${SHOTS}${prefix}leaderboard-desktop.png` });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
    const phone = await openDemo('', PHONE);
    try {
      const board = phone.page.locator('dj-liaison-leaderboard');
      assert.equal(await board.locator('.board > thead').isVisible(), false, 'a card list on a phone');
      assert.equal(await board.locator('tr[data-id]').first().evaluate((tr) => getComputedStyle(tr).display), 'grid');
      await board.screenshot({ path: `${SHOTS}${prefix}leaderboard-phone.png` });
      assert.deepEqual(phone.problems, []);
    } finally {
      await phone.context.close();
    }
  });

  test('the branch map shows Jining, zooms into a cluster and opens a branch’s card', async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'map-desktop'],
      [PHONE, 'map-phone'],
    ]) {
      const { context, page, problems } = await openDemo('', viewport);
      try {
        const map = page.locator('dj-branch-map');
        assert.equal(await map.locator('path.county').count(), 11, 'the 11 counties');
        // Drawn, not swallowed by a sibling: the bundle's minifier must keep `<path … />` closed.
        const drawn = await map.locator('path.county').evaluateAll((paths) =>
          paths.map((p) => p.parentElement.localName === 'g' && p.getBoundingClientRect().width > 0),
        );
        assert.deepEqual(drawn, Array(11).fill(true), 'every county outline is drawn');
        assert.ok((await map.locator('.map-svg .cluster text').first().boundingBox()).width > 0, 'cluster counts are drawn');
        assert.match(await map.locator('.summary').innerText(), /^五星级 \d+ 个 \/ 共 \d+ 个$/);
        const pins = map.locator('.map-svg .pin.stars-5');
        for (let i = 0; i < 12 && !(await pins.count()); i++) {
          const counts = await map.locator('.map-svg .cluster').evaluateAll((els) => els.map((el) => Number(el.textContent)));
          await map.locator('.map-svg .cluster').nth(counts.indexOf(Math.max(...counts))).click();
        }
        await pins.first().click();
        const card = map.locator('[role="dialog"]');
        assert.match(await card.innerText(), /五星级/);
        await map.screenshot({ path: `${SHOTS}${prefix}${name}.png` });
        await page.keyboard.press('Escape');
        assert.equal(await card.count(), 0, 'Esc closes the card');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  test('a citizen books an open-day visit, finds it and cancels it: zh and en at 390px, large at 320px, a screenshot of every step; on the server, staff see the booking', async (t) => {
    const modes = [
      ['zh', '', PHONE, '138 0013 8000'],
      ['en', '?lang=en', PHONE, '139 0013 9000'],
      ['large', '?large=1', { width: 320, height: 800 }, '137 0013 7000'],
    ];
    for (const [mode, query, viewport, phone] of modes) {
      const { context, page, problems } = await openDemo(query, viewport);
      try {
        const form = page.locator('dj-open-day-booking');
        const next = () => form.locator('.actions button[type="submit"]').last().click();
        const shot = async (step) => {
          const wide = await form.evaluate((el) => el.shadowRoot.querySelector('[part="base"]').scrollWidth - el.clientWidth);
          assert.ok(wide <= 0, `${mode} ${step}: the form is ${wide}px wider than its column`);
          await form.screenshot({ path: `${SHOTS}${prefix}booking-${mode}-${step}.png` });
        };
        await form.locator('.choice', { hasText: '兖州区人民政府办公室' }).locator('input').check();
        await form.locator('#f-sessionId').check();
        await shot('1-choose');
        await next();
        await form.locator('#f-name').waitFor();
        await next();
        await form.locator('#summary').waitFor();
        await shot('2-errors');
        await form.locator('#f-name').fill('张晓明');
        await form.locator('#f-phone').fill(phone);
        await form.locator('#f-idNumber').fill('370812198503121234');
        await form.locator('#f-partySize').fill('2');
        await form.locator('#f-companions-0-name').fill('李红');
        await form.locator('#f-companions-0-idNumber').fill('370812199007070022');
        await shot('2-details');
        await next();
        await form.locator('#f-consent-privacy').check();
        await form.locator('#f-consent-idNumber').check();
        await shot('3-consent');
        await next();
        await form.locator('[part="answers"]').waitFor();
        await shot('4-check');
        await next();
        const code = await form.locator('#code').innerText();
        assert.match(code, /^[A-Z2-9]{8}$/);
        await shot('5-done');
        await expectNoAxeViolations(page, `${mode} booking confirmed`, t);
        const staffView = () => findBookingAsStaff(`${baseUrl}/dj-api/v1`, { openDayId: 'od-yz-gov', sessionId: 's1', code });
        if (target.id === 'server') {
          const booked = await staffView();
          assert.ok(booked, `staff find booking ${code} in the session's list`);
          assert.equal(booked.status, 'confirmed');
          assert.equal(booked.partySize, 2);
          assert.equal(JSON.stringify(booked).includes('张晓明'), true, 'staff see the name unmasked');
          assert.equal(JSON.stringify(booked).includes('370812198503121234'), true, 'staff see the ID number unmasked');
        }
        await form.locator('.link-button').last().click(); // back to step 1
        await form.locator('.link-button', { hasText: mode === 'en' ? 'Find or cancel' : '查询或取消' }).click();
        await form.locator('#f-code').fill(code.toLowerCase());
        await form.locator('#f-phone').fill(phone);
        await shot('6-lookup');
        await next();
        await form.locator('.facts', { hasText: '09:00' }).last().waitFor();
        await shot('6-found');
        await form.locator('.actions button').last().click();
        await form.locator('.warning').waitFor();
        await shot('7-cancel');
        await next();
        await form.getByText(mode === 'en' ? 'Booking cancelled' : '预约已取消').first().waitFor();
        await shot('7-cancelled');
        await expectNoAxeViolations(page, `${mode} booking cancelled`, t);
        if (target.id === 'server') assert.equal((await staffView()).status, 'cancelled', 'staff see the cancellation');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  test('at 390px the columns stack and nothing scrolls sideways', async (t) => {
    const { context, page, problems } = await openDemo('', PHONE);
    try {
      const overflow = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .slice(0, 5)
          .map((el) => el.localName + (el.id ? `#${el.id}` : '') + (el.className ? `.${String(el.className).split(' ')[0]}` : '')),
      }));
      assert.ok(
        overflow.scrollWidth <= overflow.clientWidth,
        `horizontal scroll at 390px: scrollWidth ${overflow.scrollWidth} > ${overflow.clientWidth}; too wide: ${overflow.wide.join(', ')}`,
      );
      const main = await page.locator('main').boundingBox();
      const aside = await page.locator('aside').boundingBox();
      assert.ok(aside.y >= main.y + main.height, 'the side column comes after the main column');
      assert.ok(Math.abs(aside.x - main.x) < 1 && Math.abs(aside.width - main.width) < 1, 'both columns are full width');
      await shot(page, 'phone-390');
      await expectNoAxeViolations(page, 'phone', t);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
