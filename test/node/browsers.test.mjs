/**
 * The browser support policy (README, Browser support), checked against what
 * the build emits rather than against what we meant it to emit:
 *
 * - Syntax: esbuild (its own, current compatibility tables) is asked which
 *   JavaScript syntax features dist/dj-widgets.js uses, and to transform the
 *   bundle for the oldest engines we state: had it to rewrite anything, that
 *   engine could not parse the bundle.
 * - APIs: every platform API of a known age that the bundle calls.
 * - CSS: every property, value keyword, at-rule, pseudo-class and function in
 *   the widgets' stylesheets (parsed with postcss) must be in the table below
 *   with the versions that support it (MDN), so a new feature in the build
 *   fails here until the policy says what it costs.
 * - Fallback: with JavaScript off, or with a bundle the engine cannot parse
 *   (as in an engine below the floor, or one that runs no modules at all),
 *   every dj- tag shows its light-DOM fallback with a link that works; once
 *   the kit renders, the fallback is hidden (a shadow root without <slot>).
 *
 *   npm run build && node --test test/node/browsers.test.mjs
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { readThrough } from '../e2e/support.mjs';
import { parse as parseJs } from 'acorn';
import { transform } from 'esbuild';
import postcss from 'postcss';
import { chromium } from 'playwright-core';
import { startServer } from '../support/server.mjs';
import { CHROME_PATH, CHROMIUM_ARGS } from '../support/chromium.mjs';

const BUNDLE = readFileSync(new URL('../../dist/dj-widgets.js', import.meta.url), 'utf8');

/**
 * The policy, as the README states it. `runs`: the kit parses and runs, with
 * the layouts' fallbacks where container queries are missing. `full`: every
 * layout as designed and tested. Below `runs`, the fallback content shows.
 */
export const POLICY = {
  runs: { chrome: 94, edge: 94, firefox: 93, safari: 16.4, ios: 16.4 },
  full: { chrome: 105, edge: 105, firefox: 110, safari: 16.4, ios: 16.4 },
};
const ENGINES = ['chrome', 'firefox', 'safari'];
/** esbuild's target names for a policy: Edge follows Chrome, iOS Safari follows Safari. */
const targets = (floor) => Object.entries(floor).map(([engine, version]) => `${engine}${version}`);

/** Syntax features esbuild can name, with the first versions that parse them (MDN); those esbuild finds in the bundle must all be here. */
const SYNTAX = {
  arrow: { chrome: 45, firefox: 22, safari: 10 },
  bigint: { chrome: 67, firefox: 68, safari: 14 },
  'array-spread': { chrome: 46, firefox: 16, safari: 8 },
  'async-await': { chrome: 55, firefox: 52, safari: 10.1 },
  class: { chrome: 49, firefox: 45, safari: 9 },
  'class-static-blocks': { chrome: 94, firefox: 93, safari: 16.4 },
  'const-and-let': { chrome: 49, firefox: 44, safari: 11 },
  'default-argument': { chrome: 49, firefox: 15, safari: 10 },
  destructuring: { chrome: 49, firefox: 41, safari: 8 },
  'exponent-operator': { chrome: 52, firefox: 52, safari: 10.1 },
  'for-of': { chrome: 38, firefox: 13, safari: 7 },
  'logical-assignment': { chrome: 85, firefox: 79, safari: 14 },
  'nullish-coalescing': { chrome: 80, firefox: 72, safari: 13.1 },
  'object-accessors': { chrome: 1, firefox: 1, safari: 3 },
  'object-extensions': { chrome: 47, firefox: 33, safari: 9 },
  'object-rest-spread': { chrome: 60, firefox: 55, safari: 11.1 },
  'optional-catch-binding': { chrome: 66, firefox: 58, safari: 11.1 },
  'optional-chain': { chrome: 80, firefox: 74, safari: 13.1 },
  'regexp-sticky-and-unicode-flags': { chrome: 50, firefox: 46, safari: 10 },
  'regexp-unicode-property-escapes': { chrome: 64, firefox: 78, safari: 11.1 },
  'rest-argument': { chrome: 47, firefox: 15, safari: 10 },
  'template-literal': { chrome: 41, firefox: 34, safari: 9 },
};
const ESBUILD_FEATURES = [
  ...Object.keys(SYNTAX),
  ...[
    'async-generator',
    'class-field',
    'class-private-accessor',
    'class-private-brand-check',
    'class-private-field',
    'class-private-method',
  ],
  ...[
    'class-private-static-accessor',
    'class-private-static-field',
    'class-private-static-method',
    'class-static-field',
    'decorators',
    'dynamic-import',
  ],
  ...['for-await', 'generator', 'import-meta', 'new-target', 'nested-rest-binding', 'regexp-dot-all-flag', 'regexp-lookbehind-assertions'],
  ...[
    'regexp-match-indices',
    'regexp-named-capture-groups',
    'regexp-set-notation',
    'regexp-unicode-property-escapes',
    'top-level-await',
    'unicode-escapes',
    'using',
  ],
];

/**
 * Platform APIs the bundle may call, with the first versions that have them
 * (MDN). Calls behind a feature test (`crypto.randomUUID?.()`, Lit's
 * adoptedStyleSheets with its <style> fallback) are not floors.
 */
const APIS = [
  [/\bnew ResizeObserver\b/, 'ResizeObserver', { chrome: 64, firefox: 69, safari: 13.1 }],
  [/\.replaceAll\(/, 'String.prototype.replaceAll', { chrome: 85, firefox: 77, safari: 13.1 }],
  [/\bqueueMicrotask\(/, 'queueMicrotask', { chrome: 71, firefox: 69, safari: 12.1 }],
  [/\.toggleAttribute\(/, 'Element.toggleAttribute', { chrome: 69, firefox: 63, safari: 12 }],
  [/\.formatToParts\(/, 'Intl.DateTimeFormat.formatToParts', { chrome: 57, firefox: 51, safari: 11 }],
  [/\bcustomElements\.define\(/, 'custom elements', { chrome: 67, firefox: 63, safari: 10.1 }],
  [/\.attachShadow\(/, 'shadow DOM', { chrome: 53, firefox: 63, safari: 10 }],
  [/\.clipboard\.writeText\(/, 'navigator.clipboard.writeText', { chrome: 66, firefox: 63, safari: 13.1 }],
  [/\bstructuredClone\(/, 'structuredClone', { chrome: 98, firefox: 94, safari: 15.4 }],
  [/\.at\(-/, 'Array.prototype.at', { chrome: 92, firefox: 90, safari: 15.4 }],
  [/\bObject\.hasOwn\(/, 'Object.hasOwn', { chrome: 93, firefox: 92, safari: 15.4 }],
  [/\.findLast(Index)?\(/, 'Array.prototype.findLast', { chrome: 97, firefox: 104, safari: 15.4 }],
  [/\.to(Sorted|Reversed|Spliced)\(/, 'Array change-by-copy', { chrome: 110, firefox: 115, safari: 16 }],
  [/\bAbortSignal\.timeout\(/, 'AbortSignal.timeout', { chrome: 103, firefox: 100, safari: 16 }],
  [/\bAbortSignal\.any\(/, 'AbortSignal.any', { chrome: 116, firefox: 124, safari: 17.4 }],
  [/\bPromise\.withResolvers\(/, 'Promise.withResolvers', { chrome: 119, firefox: 121, safari: 17.4 }],
  [/\b(Object|Map)\.groupBy\(/, 'Object.groupBy', { chrome: 117, firefox: 119, safari: 17.4 }],
  [/\bIntl\.Segmenter\b/, 'Intl.Segmenter', { chrome: 87, firefox: 125, safari: 14.1 }],
  [/\.attachInternals\(/, 'ElementInternals', { chrome: 77, firefox: 93, safari: 16.4 }],
  [/\.showPopover\(|\bpopover\b=/, 'popover', { chrome: 114, firefox: 125, safari: 17 }],
  [/\.checkVisibility\(/, 'Element.checkVisibility', { chrome: 105, firefox: 106, safari: 17.4 }],
];

/**
 * CSS in the widgets' stylesheets, with the first versions that support it
 * (MDN). `cq`: container queries, which the layouts fall back from.
 * `enhancement`: an engine without it ignores the declaration and the widget
 * still reads (an outline colour in forced-colours mode, a thinner
 * underline); those bind no floor. Everything else the widgets need.
 */
const OLD = { chrome: 57, firefox: 52, safari: 10.1 }; // CSS grid's engines: everything marked OLD predates them
const CSS = {
  properties: {
    ...Object.fromEntries(
      [
        'align-items',
        'align-self',
        'animation',
        'background',
        'background-position',
        'border',
        'border-bottom',
        'border-bottom-width',
        'border-collapse',
        'border-color',
        'border-radius',
        'border-top',
        'border-width',
        'bottom',
        'box-shadow',
        'box-sizing',
        'clip',
        'color',
        'column-gap',
        'content',
        'cursor',
        'display',
        'dominant-baseline',
        'fill',
        'flex',
        'flex-direction',
        'flex-wrap',
        'font',
        'font-family',
        'font-size',
        'font-variant-numeric',
        'font-weight',
        'grid-column',
        'grid-row',
        'grid-template-columns',
        'height',
        'justify-content',
        'left',
        'letter-spacing',
        'line-height',
        'list-style',
        'margin',
        'margin-bottom',
        'margin-top',
        'max-height',
        'max-width',
        'min-height',
        'min-width',
        'object-fit',
        'opacity',
        'outline',
        'outline-offset',
        'overflow',
        'overflow-x',
        'overflow-y',
        'padding',
        'padding-bottom',
        'padding-top',
        'padding-left',
        'padding-right',
        'margin-left',
        'margin-right',
        'pointer-events',
        'position',
        'right',
        'stroke',
        'stroke-dasharray',
        'stroke-linejoin',
        'stroke-width',
        'text-align',
        'text-anchor',
        'text-decoration',
        'top',
        'transform',
        'transition',
        'vector-effect',
        'vertical-align',
        'white-space',
        'width',
        'word-break',
        'z-index',
        'grid-template-rows',
        'grid-area',
        'grid-template-areas',
        'row-gap',
        'order',
        'flex-grow',
        'flex-shrink',
        'flex-basis',
        'text-overflow',
        'visibility',
        'touch-action',
        'place-items',
        'paint-order',
        'text-transform',
        'font-style',
        'border-spacing',
        'caption-side',
        'list-style-type',
        'stroke-opacity',
        'fill-opacity',
        'resize',
        'appearance',
        'table-layout',
        'hyphens',
      ].map((p) => [p, OLD]),
    ),
    gap: { chrome: 84, firefox: 63, safari: 14.1 }, // in flex layouts
    'aspect-ratio': { chrome: 88, firefox: 89, safari: 15 },
    'margin-inline-start': { chrome: 87, firefox: 66, safari: 14.1 },
    'margin-inline': { chrome: 87, firefox: 66, safari: 14.1 },
    'padding-inline': { chrome: 87, firefox: 66, safari: 14.1 },
    'padding-inline-start': { chrome: 87, firefox: 66, safari: 14.1 },
    'padding-inline-end': { chrome: 87, firefox: 66, safari: 14.1 },
    'padding-block': { chrome: 87, firefox: 66, safari: 14.1 },
    'margin-block': { chrome: 87, firefox: 66, safari: 14.1 },
    'border-inline-start': { chrome: 87, firefox: 66, safari: 14.1 },
    'inset-inline-start': { chrome: 87, firefox: 63, safari: 14.1 },
    inset: { chrome: 87, firefox: 66, safari: 14.1 },
    'clip-path': { chrome: 55, firefox: 54, safari: 13.1 },
    'overflow-wrap': { chrome: 80, firefox: 65, safari: 15.4 }, // with `anywhere`
    'accent-color': { chrome: 93, firefox: 92, safari: 15.4 },
    'container-type': { chrome: 105, firefox: 110, safari: 16, cq: true },
    'container-name': { chrome: 105, firefox: 110, safari: 16, cq: true },
    'color-scheme': { chrome: 81, firefox: 96, safari: 13, enhancement: true },
    'text-underline-offset': { chrome: 87, firefox: 70, safari: 12.1, enhancement: true },
    'text-decoration-thickness': { chrome: 89, firefox: 70, safari: 12.1, enhancement: true },
    'forced-color-adjust': { chrome: 89, firefox: 113, safari: false, enhancement: true },
    'user-select': { chrome: 54, firefox: 69, safari: false, enhancement: true }, // Safari: -webkit-user-select
    'scrollbar-gutter': { chrome: 94, firefox: 97, safari: false, enhancement: true },
    'text-wrap': { chrome: 114, firefox: 121, safari: 17.4, enhancement: true },
    '-webkit-line-clamp': { chrome: 6, firefox: 68, safari: 5 },
    '-webkit-box-orient': { chrome: 1, firefox: 49, safari: 3 },
    '-webkit-user-select': { chrome: 1, firefox: 49, safari: 3, enhancement: true },
  },
  atRules: {
    media: OLD,
    keyframes: OLD,
    supports: OLD,
    container: { chrome: 105, firefox: 110, safari: 16, cq: true },
  },
  pseudo: {
    ':host': { chrome: 54, firefox: 63, safari: 10 },
    ':host(': { chrome: 54, firefox: 63, safari: 10 },
    ':focus-visible': { chrome: 86, firefox: 85, safari: 15.4 },
    ':focus-within': { chrome: 60, firefox: 52, safari: 10.1 },
    ':is(': { chrome: 88, firefox: 78, safari: 14 },
    ':where(': { chrome: 88, firefox: 78, safari: 14 },
    ':has(': { chrome: 105, firefox: 121, safari: 15.4 },
    ...Object.fromEntries(
      [
        ':focus',
        ':hover',
        ':active',
        ':disabled',
        ':checked',
        ':first-child',
        ':last-child',
        ':nth-child(',
        ':not(',
        '::before',
        '::after',
        ':empty',
        '::placeholder',
        ':only-child',
        ':last-of-type',
        ':first-of-type',
        ':nth-of-type(',
        ':default',
        ':lang(',
      ].map((s) => [s, OLD]),
    ),
  },
  functions: {
    ...Object.fromEntries(
      [
        'var',
        'calc',
        'rgb',
        'rgba',
        'linear-gradient',
        'repeat',
        'minmax',
        'rotate',
        'translate',
        'rect',
        'url',
        'scale',
        'attr',
        'translateY',
        'translateX',
        'cubic-bezier',
        'hsl',
      ].map((f) => [f, OLD]),
    ),
    min: { chrome: 79, firefox: 75, safari: 11.1 },
    max: { chrome: 79, firefox: 75, safari: 11.1 },
    clamp: { chrome: 79, firefox: 75, safari: 13.1 },
    inset: { chrome: 55, firefox: 54, safari: 13.1 },
    'color-mix': { chrome: 111, firefox: 113, safari: 16.2 },
  },
  /** Value keywords with an age of their own. */
  values: [[/^overflow-wrap:\s*anywhere/, 'overflow-wrap: anywhere', { chrome: 80, firefox: 65, safari: 15.4 }]],
  units: {
    cqi: { chrome: 105, firefox: 110, safari: 16, cq: true },
    cqw: { chrome: 105, firefox: 110, safari: 16, cq: true },
    dvh: { chrome: 108, firefox: 101, safari: 15.4 },
    svh: { chrome: 108, firefox: 101, safari: 15.4 },
  },
};

/** The highest version per engine over these entries (`false`: never supported, an error unless an enhancement). */
function floorOf(entries) {
  const floor = { chrome: 0, firefox: 0, safari: 0 };
  for (const [name, versions] of entries) {
    for (const engine of ENGINES) {
      assert.notEqual(versions[engine], false, `${name} is not supported in ${engine} at all`);
      floor[engine] = Math.max(floor[engine], versions[engine]);
    }
  }
  return floor;
}
/** A floor as the policy states it: Edge with Chrome, iOS with Safari. */
const asPolicy = ({ chrome, firefox, safari }) => ({ chrome, edge: chrome, firefox, safari, ios: safari });

/** The cooked text of every tagged template in the bundle whose tag is Lit's `css` (found as the tag of `:host` rules). */
function stylesheets() {
  const ast = parseJs(BUNDLE, { ecmaVersion: 'latest', sourceType: 'module' });
  const tagged = [];
  (function walk(node) {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'TaggedTemplateExpression')
      tagged.push({ tag: BUNDLE.slice(node.tag.start, node.tag.end), parts: node.quasi.quasis.map((q) => q.value.cooked) });
    for (const key in node) {
      const value = node[key];
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value.type === 'string') walk(value);
    }
  })(ast);
  const cssTags = new Set(tagged.filter((t) => t.parts.join('').includes(':host')).map((t) => t.tag));
  assert.equal(cssTags.size, 1, `one css tag in the bundle, found ${[...cssTags]}`);
  // Interpolations are other css`` sheets (scanned on their own) or values: a comment keeps the text parseable.
  return tagged.filter((t) => cssTags.has(t.tag)).map((t) => t.parts.join('/**/'));
}

/** Every CSS feature of the stylesheets, as [name, versions] pairs; throws on one the table lacks. */
function cssFeatures(sheets) {
  const used = new Map();
  const unknown = new Set();
  const use = (table, key, name = key) => (table[key] ? used.set(name, table[key]) : unknown.add(name));
  for (const sheet of sheets) {
    postcss.parse(sheet).walk((node) => {
      if (node.type === 'atrule') use(CSS.atRules, node.name, `@${node.name}`);
      if (node.type === 'rule') {
        for (const [pseudo] of node.selector.matchAll(/::?[a-z-]+\(?/g)) use(CSS.pseudo, pseudo);
      }
      if (node.type === 'decl') {
        if (node.prop.startsWith('--')) return;
        use(CSS.properties, node.prop);
        const text = `${node.prop}: ${node.value}`;
        for (const [pattern, name, versions] of CSS.values) if (pattern.test(text)) used.set(name, versions);
        for (const [, fn] of node.value.matchAll(/([a-z-]+)\(/g)) use(CSS.functions, fn, `${fn}()`);
        for (const [, unit] of node.value.matchAll(/\d(cq[a-z]+|[dsl]v[hwib])\b/g)) use(CSS.units, unit);
      }
      if (node.type === 'atrule' && (node.name === 'media' || node.name === 'container')) {
        for (const [, unit] of node.params.matchAll(/\d(cq[a-z]+|[dsl]v[hwib])\b/g)) use(CSS.units, unit);
      }
    });
  }
  assert.deepEqual([...unknown], [], 'CSS the support table does not list yet: add each with the versions that support it (MDN)');
  return [...used];
}

describe('the support policy against dist/dj-widgets.js', () => {
  test('esbuild finds only syntax whose versions we list, and the stated floor is the newest of them', async () => {
    const base = (await transform(BUNDLE, { target: 'esnext', format: 'esm' })).code;
    const all = Object.fromEntries(ESBUILD_FEATURES.map((f) => [f, true]));
    const used = [];
    for (const feature of ESBUILD_FEATURES) {
      // Told an engine lacks just this feature, esbuild rewrites (or refuses) the bundle only if the bundle uses it.
      const out = await transform(BUNDLE, { target: 'esnext', format: 'esm', supported: { ...all, [feature]: false } }).then(
        (r) => r.code,
        () => null,
      );
      if (out !== base) used.push(feature);
    }
    assert.deepEqual(
      used.filter((f) => !SYNTAX[f]),
      [],
      'syntax the table does not list yet',
    );
    assert.ok(used.includes('class-static-blocks'), `expected the es2022 build's static blocks, found ${used}`);
    assert.deepEqual(asPolicy(floorOf(used.map((f) => [f, SYNTAX[f]]))), POLICY.runs, `syntax used: ${used.join(', ')}`);
  });

  test('the oldest engines we state parse the bundle as it is: esbuild needs to rewrite nothing for them, and would for the versions just below', async () => {
    const base = (await transform(BUNDLE, { target: 'esnext', format: 'esm' })).code;
    // esbuild turns a \p{…} literal into new RegExp(…) for every target, the newest too (the
    // properties grow with Unicode): not a floor. Its floor (Chrome 64, Firefox 78, Safari 11.1)
    // is in SYNTAX, checked by the test above.
    const supported = { 'regexp-unicode-property-escapes': true };
    const forTargets = (list) =>
      transform(BUNDLE, { target: list, format: 'esm', supported }).then(
        (r) => r.code,
        (e) => `refused: ${e.message}`,
      );
    assert.equal(await forTargets(targets(POLICY.runs)), base, `${targets(POLICY.runs)} lack syntax the bundle uses`);
    // esbuild's own tables put class static blocks in Chrome 91, so Chrome is checked by the table above; Firefox and Safari here.
    for (const older of ['firefox92', 'safari16.3', 'ios16.3']) {
      assert.notEqual(await forTargets([older]), base, `${older} would parse the bundle: the floor is too high`);
    }
  });

  test('the platform APIs the bundle calls are all older than the floor', () => {
    const found = APIS.filter(([pattern]) => pattern.test(BUNDLE)).map(([, name, versions]) => [name, versions]);
    assert.ok(
      found.some(([name]) => name === 'custom elements'),
      'the scan sees the bundle',
    );
    const floor = asPolicy(floorOf(found));
    for (const engine of Object.keys(POLICY.runs)) {
      assert.ok(
        floor[engine] <= POLICY.runs[engine],
        `${engine}: ${found.map(([n]) => n).join(', ')} need ${floor[engine]}, above the stated ${POLICY.runs[engine]}`,
      );
    }
  });

  test('the CSS the widgets use is in the table; without container queries it needs no more than `runs`, with them exactly `full`', () => {
    const features = cssFeatures(stylesheets());
    const names = features.map(([name]) => name);
    assert.ok(names.includes('@container') && names.includes('container-type'), `the build uses container queries: ${names}`);
    const needed = features.filter(([, v]) => !v.enhancement && !v.cq);
    const base = asPolicy(floorOf(needed));
    for (const engine of Object.keys(POLICY.runs)) {
      assert.ok(
        base[engine] <= POLICY.runs[engine],
        `${engine}: the CSS without container queries needs ${base[engine]} (${needed.filter(([, v]) => v[engine.replace(/edge/, 'chrome').replace(/ios/, 'safari')] >= base[engine]).map(([n]) => n)})`,
      );
    }
    const full = asPolicy(floorOf(features.filter(([, v]) => !v.enhancement)));
    const withRuns = Object.fromEntries(Object.keys(POLICY.full).map((e) => [e, Math.max(full[e], POLICY.runs[e])]));
    assert.deepEqual(withRuns, POLICY.full);
  });
});

describe('fallback content where the kit does not run (reference server, Chromium)', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await chromium.launch({
      executablePath: CHROME_PATH,
      args: CHROMIUM_ARGS,
    });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Each widget tag's visible fallback: its text and its links. */
  const fallbacks = (page) =>
    page.locator('dj-brand-card, dj-liaison-leaderboard, dj-branch-map, dj-open-day-booking').evaluateAll((tags) =>
      tags.map((tag) => ({
        tag: `${tag.localName}${tag.getAttribute('brand-id') ? `#${tag.getAttribute('brand-id')}` : ''}`,
        defined: !!customElements.get(tag.localName),
        text: tag.innerText.trim(),
        links: [...tag.querySelectorAll('a[href]')].filter((a) => a.getClientRects().length).map((a) => a.getAttribute('href')),
        height: tag.getBoundingClientRect().height,
      })),
    );

  /** Every fallback shows text and a link, and each link leads somewhere: a page of this site (200, HTML, its anchor there) or a phone number. */
  async function assertFallbacks(page, label) {
    const found = await fallbacks(page);
    assert.equal(found.length, 14, `${label}: every widget tag on the page (11 brand cards, the leaderboard, the map, the booking form)`);
    for (const f of found) {
      assert.equal(f.defined, false, `${label}: ${f.tag} is not defined`);
      assert.ok(f.text.length > 0 && f.height > 0, `${label}: ${f.tag} shows its fallback, not an empty box`);
      assert.ok(f.links.length > 0, `${label}: ${f.tag} has a visible link`);
      for (const href of f.links) {
        if (href.startsWith('tel:')) {
          assert.match(href, /^tel:\+86\d{10,11}$/);
          continue;
        }
        const url = new URL(href, server.origin);
        const res = await fetch(url);
        assert.equal(res.status, 200, `${label}: ${f.tag} links to ${href}`);
        assert.match(res.headers.get('content-type'), /^text\/html/);
        if (url.hash) assert.match(await res.text(), new RegExp(`id="${url.hash.slice(1)}"`), `${href}: the anchor is on the page`);
      }
    }
  }

  test('with JavaScript off, every widget tag shows its fallback with a working link, and every link of the page leads somewhere', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.origin}/`);
      await assertFallbacks(page, 'JavaScript off');
      const hrefs = [...new Set(await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))];
      for (const href of hrefs) {
        if (href.startsWith('tel:')) continue;
        if (href.startsWith('#')) {
          assert.equal(await page.locator(href).count(), 1, `the page has the section ${href}`);
          continue;
        }
        const url = new URL(href, server.origin);
        const res = await fetch(url);
        assert.equal(res.status, 200, href);
        if (url.hash) assert.match(await res.text(), new RegExp(`id="${url.hash.slice(1)}"`), `${href}: the anchor is on the page`);
      }
    } finally {
      await context.close();
    }
  });

  test('an engine that cannot parse the bundle (here: the bundle with syntax Chromium refuses) shows the fallbacks too', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.route('**/dist/dj-widgets.js', (route) =>
        route.fulfill({ contentType: 'text/javascript', body: `class Newer { static #x = 1; static { this.#x ||= @; } }\n${BUNDLE}` }),
      );
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.origin}/`);
      await page.waitForLoadState('networkidle');
      assert.ok(
        errors.some((m) => /SyntaxError|Invalid or unexpected token|Unexpected token/i.test(m)),
        `the bundle failed to parse: ${errors}`,
      );
      await assertFallbacks(page, 'bundle not parsed');
    } finally {
      await context.close();
    }
  });

  test('where the kit runs, the fallback is hidden once each widget renders', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.origin}/`);
      await readThrough(page);
      for (const card of await page.locator('dj-brand-card').all()) await card.locator('[part="name"]').waitFor();
      await page.locator('dj-liaison-leaderboard').locator('.board tr[data-id]').first().waitFor();
      await page.locator('dj-branch-map').locator('path.county').first().waitFor();
      await page.locator('dj-open-day-booking').locator('.choice').first().waitFor();
      const found = await fallbacks(page);
      assert.equal(found.length, 14);
      for (const f of found) {
        assert.equal(f.defined, true, f.tag);
        assert.deepEqual(f.links, [], `${f.tag}: no fallback link shows beside the widget`);
      }
      // document.querySelectorAll sees the light DOM only (Playwright's locators would pierce the shadow roots).
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll('dj-brand-card > *, dj-liaison-leaderboard > *, dj-branch-map > *, dj-open-day-booking > *')]
          .filter((el) => el.getClientRects().length > 0)
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      assert.equal(
        await page.evaluate(() => document.querySelectorAll('dj-brand-card > a[href]').length),
        11,
        'the fallbacks are still in the light DOM',
      );
      assert.deepEqual(shown, [], 'no light-DOM fallback is rendered');
    } finally {
      await context.close();
    }
  });
});
