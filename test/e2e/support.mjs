/**
 * Helpers for the demo page's end-to-end tests over test/support/engines.mjs:
 * waiting for what a reader would wait for, finding an element by what it
 * says (inside the widgets' shadow roots) and clicking or typing into it as a
 * person does, axe-core run inside the page, and full-page screenshots with
 * every lazy image loaded. The same code in Chromium, Firefox and WebKit.
 */
import { readFileSync } from 'node:fs';

const AXE_SOURCE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** With DJ_E2E_TRACE=1, how long each slow step took, on stderr (to see where a run's time goes). */
export async function timed(label, work) {
  if (!process.env.DJ_E2E_TRACE) return work();
  const start = Date.now();
  try {
    return await work();
  } finally {
    process.stderr.write(`  [${((Date.now() - start) / 1000).toFixed(1)} s] ${label}\n`);
  }
}

/**
 * In-page helpers, sent as source with each call of {@link inPage}:
 * `all(root, css)` matches css in root and every shadow root below it;
 * `within(host, css)` does so inside host's shadow root (host: a document
 * selector or an element); `text(el)` is its rendered text, spaces folded;
 * `shown(el)` whether it takes up room; `mark(el)` gives el a selector the
 * driver can click (a data attribute, nothing a reader sees).
 */
function pageHelpers() {
  const all = (root, css) => {
    const found = [...root.querySelectorAll(css)];
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...all(el.shadowRoot, css));
    return found;
  };
  const hostOf = (host) => (typeof host === 'string' ? document.querySelector(host) : host);
  const within = (host, css) => {
    const h = hostOf(host);
    return h ? all(h.shadowRoot || h, css) : [];
  };
  const text = (el) => (el ? (el.innerText ?? el.textContent).replace(/\s+/g, ' ').trim() : '');
  const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const mark = (el) => {
    window.__e2eMarks = (window.__e2eMarks || 0) + 1;
    el.setAttribute('data-e2e', String(window.__e2eMarks));
    return `[data-e2e="${window.__e2eMarks}"]`;
  };
  return { all, within, text, shown, mark };
}

/**
 * page.evaluate with the helpers: fn($, ...args) runs in the page, $ being
 * {all, within, text, shown, mark}. fn must be self-contained, args and
 * result JSON.
 */
export function inPage(page, fn, ...args) {
  return page.evaluate(`async (...args) => { const $ = (${pageHelpers})(); return (${fn})($, ...args); }`, ...args);
}

/**
 * Waits until fn($, ...args) is truthy in the page and returns its value;
 * after `timeout` ms throws, saying what it waited for and, when given, what
 * `explain($, ...args)` finds in the page then. A wait, not a timed
 * assertion: the limit only bounds a page that never gets there.
 */
export async function waitFor(page, what, fn, args = [], { timeout = 30_000, explain } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await inPage(page, fn, ...args);
    if (value) return value;
    if (Date.now() > end) {
      const detail = explain ? `\n${await inPage(page, explain, ...args)}` : '';
      throw new Error(`waited ${timeout / 1000} s for ${what}${detail}`);
    }
    await sleep(150);
  }
}

/**
 * The selector of the element `css` inside host's shadow root whose text
 * contains `has` (all when `has` is empty); `pick` is 'first', 'last' or an
 * index. Waits for it to be there and shown.
 */
export async function locate(page, host, css, { has = '', pick = 'first', timeout } = {}) {
  return waitFor(
    page,
    `${host} >>> ${css}${has ? ` with text “${has}”` : ''}`,
    ($, h, c, t, p) => {
      const found = $.within(h, c).filter(
        (el) => $.shown(el) && (!t || $.text(el).includes(t) || (el.getAttribute('aria-label') || '').includes(t)),
      );
      const el = p === 'first' ? found[0] : p === 'last' ? found.at(-1) : found[p];
      return el ? $.mark(el) : null;
    },
    [host, css, has, pick],
    // What the widget shows instead, to say where the reader is stuck.
    {
      timeout,
      explain: ($, h) =>
        `${h} shows: ${$.text($.within(h, '[part="base"]')[0] || document.querySelector(h)).slice(0, 300)}\n` +
        `last clicks the page saw: ${(window.__e2eClicks || []).slice(-4).join('; ') || 'none'}`,
    },
  );
}

/**
 * Clicks a deep selector with the real pointer once the element has stopped
 * moving (images loading above it, a widget re-rendering in large text): the
 * driver measures, then clicks, and a page still shifting in between makes
 * the click land elsewhere, which no reader's tap would. On a page that
 * records where clicks land (window.__e2eClickTargets), a click that did not
 * reach the element (WebKit under load lost a few when a widget moved focus,
 * and so scrolled, between the measuring and the click) is made again.
 */
export async function click(page, selector) {
  for (let attempt = 1; ; attempt++) {
    let last = '';
    for (let i = 0; i < 50; i++) {
      const now = await page.evaluate((sel) => {
        const el = deepQuery(sel); // eslint-disable-line no-undef -- defined by the driver
        if (!el) return 'missing';
        el.scrollIntoView({ block: 'center', inline: 'center' });
        const r = el.getBoundingClientRect();
        return [r.left, r.top, r.width, r.height, Math.round(scrollY)].map(Math.round).join(',');
      }, selector);
      if (now === last) break;
      last = now;
      await sleep(100);
    }
    const seen = await page.evaluate(() => (Array.isArray(window.__e2eClickTargets) ? window.__e2eClickTargets.length : -1));
    await page.click(selector);
    if (seen < 0) return;
    // A click's handler runs before the driver returns; a lost click leaves no trace.
    const landed = await page.evaluate(
      (sel, n) => {
        const el = deepQuery(sel); // eslint-disable-line no-undef -- defined by the driver
        const within = (outer, inner) => {
          for (let node = inner; node; node = node.parentNode || node.host) if (node === outer) return true;
          return false;
        };
        return window.__e2eClickTargets
          .slice(n)
          .some((t) => !el || !el.isConnected || within(el, t) || (t.localName === 'label' && within(t, el)));
      },
      selector,
      seen,
    );
    if (landed) return;
    if (attempt === 3) throw new Error(`three clicks on ${selector} never reached it`);
  }
}

/** Clicks (with the real pointer) the element `css` in host's shadow root; see {@link locate}. */
export async function clickIn(page, host, css, options) {
  await click(page, await locate(page, host, css, options));
}

/** Empties a field, then types `text` into it key by key, as a person does. */
export function fill(page, host, css, text) {
  return timed(`type ${css}`, () => typeInto(page, host, css, text));
}

async function typeInto(page, host, css, text) {
  const selector = await locate(page, host, css);
  await inPage(
    page,
    ($, sel) => {
      const el = $.all(document, sel)[0];
      el.value = '';
      el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    },
    selector,
  );
  await click(page, selector); // once the page has stopped moving (an error summary taking focus scrolls it)
  await page.type(selector, text);
  const same = (v) => v.replace(/\s/g, '').toLowerCase();
  await waitFor(
    page,
    `“${text}” in ${host} >>> ${css}`,
    ($, sel, want) => $.all(document, sel)[0].value.replace(/\s/g, '').toLowerCase() === want,
    [selector, same(text)],
    {
      timeout: 5_000,
      explain: ($, sel) => `the field holds “${$.all(document, sel)[0].value}”`,
    },
  );
}

/** The rendered text of the first match of a deep selector ('' if none). */
export function textOf(page, selector) {
  return page.evaluate((sel) => {
    const el = deepQuery(sel); // eslint-disable-line no-undef -- defined by the driver
    return el ? (el.innerText ?? el.textContent).replace(/\s+/g, ' ').trim() : '';
  }, selector);
}

/** An attribute of the first match of a deep selector (null if none or absent). */
export function attrOf(page, selector, name) {
  return page.evaluate(
    (sel, n) => {
      const el = deepQuery(sel); // eslint-disable-line no-undef -- defined by the driver
      return el ? el.getAttribute(n) : null;
    },
    selector,
    name,
  );
}

/**
 * axe-core's violations in the page (or in `include`, a document selector),
 * formatted one per rule. axe's source is handed to the page by the driver,
 * which the page's CSP does not govern (the strict policy would refuse it as
 * a script), in every engine.
 */
export function axeViolations(page, include = null) {
  return timed(`axe ${include ?? 'page'}`, () => runAxe(page, include));
}

async function runAxe(page, include) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) {
    const type = await page.evaluate(`function () { ${AXE_SOURCE}\n; return typeof window.axe; }`);
    if (type !== 'object') throw new Error(`axe-core did not load in the page (window.axe is ${type})`);
  }
  return page.evaluate(async (selector) => {
    const result = await window.axe.run(selector ? { include: [[selector]] } : document, { resultTypes: ['violations'] });
    return result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${(n.failureSummary || '').split('\n').join(' ')}`).join('\n'),
    );
  }, include);
}

/**
 * A full-page PNG for people to look at: the viewport made as tall as the
 * page first, so lazy images below the fold load, and fonts ready.
 */
export function screenshot(page, path) {
  return timed(`screenshot ${path.split('/').slice(-2).join('/')}`, () => shoot(page, path));
}

async function shoot(page, path) {
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  const viewport = await page.evaluate(() => [window.innerWidth, window.innerHeight]);
  await page.setViewport(viewport[0], Math.min(height, 8000));
  await waitFor(page, 'every image loaded', ($) => $.all(document, 'img').every((img) => img.complete), [], { timeout: 15_000 });
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await page.setViewport(viewport[0], viewport[1]);
  await page.screenshot(path);
}

/**
 * Scrolls the page through and back to the top, as a reader does, so that every widget of a page
 * that asks its widgets to wait for the reader (`<meta name="dj-loading" content="lazy">`, as the
 * demo page does) comes near the viewport and loads. Works on a Playwright page and on a page of
 * test/support/engines.mjs alike.
 */
export function readThrough(page) {
  return page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 30)));
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await frame();
    }
    scrollTo(0, 0);
    await frame();
  });
}
