/**
 * The loader build (dist/dj-loader.js and dist/chunks/), end to end in Chromium, Firefox and
 * WebKit: a page fetches only the code of the tags it shows, from any folder; the shared core
 * comes with the first widget, not after it; English tables come only to English pages; tags
 * inserted later, in the document or in shadow roots, upgrade; and beside the single file it
 * defines nothing twice. Data from the reference server; the built files from a server of the
 * test's own, which logs what each page fetched.
 *
 *   npm run build && node --test --test-reporter=spec test/e2e/loader.test.mjs
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { engineNames, launch } from '../support/engines.mjs';
import { ROOT, startServer } from '../support/server.mjs';
import { inPage, waitFor } from './support.mjs';

const DIST = `${ROOT}dist/`;
const SIZES = `${DIST}sizes.json`;
/** Where a portal might put the kit: any folder, as deep as it likes. */
const SUB = '/static/vendor/dj-widgets/0.1.0/';

let api;
/** The reference server, for the data. */
let server;
/** The test's file server. */
let files;
let origin;
/** Paths the file server was asked for, in order. */
let fetched = [];
/** A path whose answer waits for another path to be asked for (or 5 s): `{ hold, until, released }`. */
let gate;

const WIDGETS = {
  'dj-brand-card': 'brand-id="chengshen-weigong"',
  'dj-liaison-leaderboard': 'scope="yanzhou"',
  'dj-branch-map': 'region="370800"',
  'dj-open-day-booking': 'open-day-id="od-yz-gov"',
};
const tag = (name) => `<${name} ${WIDGETS[name]} endpoint="${api}"></${name}>`;

/** A test page: the error recorder first, then `head` (scripts), then `body`. */
const pageOf = ({ lang = 'zh-CN', head = '', body = '' }) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>loader</title>` +
  `<script src="/test/support/record-errors.js"></script>${head}</head><body>${body}</body></html>`;
const loader = (base = '/') => `<script type="module" src="${base}dj-loader.js"></script>`;
const single = `<script type="module" src="/dj-widgets.js"></script>`;
/**
 * Counts every define() of a dj- tag, from before any script of the kit runs, and keeps what is
 * defined once the task that defined the provider is done (its microtasks run before any other
 * task): `window.defined`, `window.firstTask`.
 */
const defineCounter = `<script>window.defined = {}; const define = customElements.define.bind(customElements);
  customElements.define = (name, ctor, options) => {
    window.defined[name] = (window.defined[name] || 0) + 1;
    if (name === 'dj-provider') queueMicrotask(() => (window.firstTask = Object.keys(window.defined)));
    return define(name, ctor, options);
  };</script>`;
const pages = new Map();

before(async () => {
  for (const file of ['dj-loader.js', 'dj-widgets.js', 'sizes.json'])
    if (!existsSync(`${DIST}${file}`)) throw new Error(`dist/${file} is missing: run \`npm run build\` first.`);
  server = await startServer();
  // The API through the file server, as on a portal that proxies it: same origin.
  api = '/dj-api/v1';
  files = await new Promise((resolve) => {
    const http = createServer(async (req, res) => {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path.startsWith('/dj-api/')) {
        const body = req.method === 'GET' ? undefined : Buffer.concat(await Array.fromAsync(req));
        const answer = await fetch(`${server.origin}${req.url}`, {
          method: req.method,
          headers: { 'Content-Type': req.headers['content-type'] ?? '' },
          body,
        });
        res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? '' });
        return res.end(Buffer.from(await answer.arrayBuffer()));
      }
      fetched.push(path);
      if (process.env.DJ_DEBUG) console.log(Date.now() % 100000, path);
      if (gate && path.endsWith(gate.hold)) {
        const end = Date.now() + 5000;
        while (!fetched.some((p) => p.includes(gate.until)) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
        gate.released = fetched.some((p) => p.includes(gate.until));
      }
      const send = (type, body) => res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
      if (pages.has(path)) return send('text/html; charset=utf-8', pages.get(path));
      if (path === '/test/support/record-errors.js') return send('text/javascript', readFileSync(`${ROOT}test/support/record-errors.js`));
      if (path === '/favicon.ico') return res.writeHead(204).end();
      if (path.startsWith('/images/') && existsSync(`${ROOT}src/demo/public${path}`))
        return send('image/svg+xml', readFileSync(`${ROOT}src/demo/public${path}`));
      const file = path.startsWith(SUB) ? path.slice(SUB.length) : path.slice(1);
      if (/^(dj-loader|dj-widgets)\.js$|^chunks\/[\w.-]+\.js$/.test(file) && existsSync(`${DIST}${file}`))
        return send('text/javascript', readFileSync(`${DIST}${file}`));
      res.writeHead(404).end();
    });
    http.listen(0, '127.0.0.1', () => resolve(http));
  });
  origin = `http://127.0.0.1:${files.address().port}`;
});
after(async () => {
  files?.close();
  await server?.stop();
});

/** The chunks a page fetched, without hashes: `dj-brand-card`, `core`, `brand-card.messages.en`. */
const chunksFetched = () =>
  fetched.filter((p) => p.includes('/chunks/')).map((p) => p.replace(/^.*\/chunks\//, '').replace(/-[\w-]{8}\.js$/, ''));

/** Waits until every widget on the page has drawn its data (no skeleton, no error box), and gives their texts. */
const rendered = (page, tags) =>
  waitFor(
    page,
    `${tags.join(', ')} rendered`,
    ($, names) => {
      const texts = names.map((name) => {
        const hosts = $.all(document, name);
        return hosts.length > 0 &&
          hosts.every((el) => el.shadowRoot?.querySelector('[part="base"]') && !$.within(el, '.skeleton, .state').length)
          ? hosts.map((el) => $.text(el.shadowRoot.querySelector('[part="base"]'))).join(' | ')
          : '';
      });
      return texts.every(Boolean) && texts;
    },
    [tags],
    {
      timeout: 15_000,
      explain: ($, names) =>
        names
          .map((name) =>
            $.all(document, name)
              .map(
                (el) =>
                  `<${name}> ${el.matches(':defined') ? 'defined' : 'undefined'}: ${$.text(el.shadowRoot?.querySelector('[part="base"]')).slice(0, 120)}`,
              )
              .join('\n'),
          )
          .join('\n') + `\nerrors: ${JSON.stringify(window.__djErrors)}`,
    },
  );

test('the QR code’s encoder is a chunk of its own, fetched with the confirmation, not with the form', () => {
  const { files } = JSON.parse(readFileSync(SIZES, 'utf8'));
  assert.deepEqual(
    files['dj-open-day-booking'].filter((f) => f.includes('booking.qr')),
    [],
  );
  assert.match(
    readFileSync(`${DIST}${files['dj-open-day-booking'][0].slice(2)}`, 'utf8'),
    /import\(`\.\/booking\.qr-[\w-]+\.js`\)|import\("\.\/booking\.qr-[\w-]+\.js"\)/,
  );
});

for (const engineName of engineNames()) {
  describe(`loader build in ${engineName}`, () => {
    let engine;
    let page;
    before(async () => {
      engine = await launch(engineName);
      page = await engine.newPage({ width: 1280, height: 900 });
    });
    after(() => engine?.close());

    /** Opens a page made of `parts` at `path`, with a clean log of fetches. */
    const open = async (path, parts) => {
      pages.set(path, pageOf(parts));
      fetched = [];
      await page.open(`${origin}${path}`);
    };

    test('a page with every widget renders them all, each fetched once', async () => {
      const body = `<dj-provider>${Object.keys(WIDGETS).map(tag).join('')}</dj-provider>`;
      await open('/every.html', { head: loader(), body });
      const texts = await rendered(page, Object.keys(WIDGETS));
      assert.match(texts[0], /诚审惟公/);
      assert.match(texts[3], /开放日/);
      const chunks = chunksFetched();
      assert.deepEqual(
        chunks.filter((c, i) => chunks.indexOf(c) !== i),
        [],
        'no chunk twice',
      );
      for (const name of ['dj-provider', ...Object.keys(WIDGETS), 'core']) assert.ok(chunks.includes(name), `${name} fetched: ${chunks}`);
      assert.deepEqual(await page.errors(), []);
    });

    test('a Chinese page with one brand card fetches the loader, the core and the card: nothing else, English neither', async () => {
      await open('/brand.html', { head: loader(), body: tag('dj-brand-card') });
      const [text] = await rendered(page, ['dj-brand-card']);
      assert.match(text, /诚审惟公/);
      assert.deepEqual(chunksFetched().sort(), ['core', 'dj-brand-card']);
      const sizes = JSON.parse(readFileSync(SIZES, 'utf8'));
      const bytes = fetched
        .filter((p) => p.endsWith('.js') && !p.includes('record-errors'))
        .map((p) => readFileSync(`${DIST}${p.slice(1)}`))
        .reduce((n, body) => n + gzipSize(body), 0);
      assert.equal(bytes, sizes.pages['dj-brand-card'], 'the build’s figure for this page is what the page fetched');
      assert.deepEqual(await page.errors(), []);
    });

    test('an English page fetches the English tables and shows English', async () => {
      await open('/brand-en.html', { lang: 'en', head: loader(), body: tag('dj-brand-card') });
      const [text] = await rendered(page, ['dj-brand-card']);
      assert.match(text, /Party-building brand|Umbrella brand|Sub-brand/);
      assert.doesNotMatch(text, /党建品牌 ·|所获荣誉|查看详情/);
      assert.deepEqual(chunksFetched().sort(), ['brand-card.messages.en', 'core', 'dj-brand-card', 'i18n.en']);
      assert.deepEqual(await page.errors(), []);
    });

    test('the shared core is asked for with the widget, not after it', async () => {
      // The card's chunk is held until the core is asked for: a loader that waited for the
      // card's chunk before asking for the core (a waterfall) would leave it held 5 s.
      gate = { hold: '.js', until: '/chunks/core-' };
      const [cardFile] = JSON.parse(readFileSync(SIZES, 'utf8')).files['dj-brand-card'];
      gate.hold = cardFile.replace(/^\.\//, '/');
      try {
        await open('/waterfall.html', { head: loader(), body: tag('dj-brand-card') });
        await rendered(page, ['dj-brand-card']);
        assert.equal(gate.released, true, 'the core was asked for while the card’s chunk was still on its way');
      } finally {
        gate = undefined;
      }
    });

    test(`works from a sub-path (${SUB}): chunks resolve from the loader's own URL`, async () => {
      await open('/portal/news/page.html', { head: loader(SUB), body: tag('dj-liaison-leaderboard') });
      await rendered(page, ['dj-liaison-leaderboard']);
      const js = fetched.filter((p) => p.endsWith('.js') && !p.includes('record-errors'));
      assert.ok(js.length >= 3, js.join(', '));
      assert.deepEqual(
        js.filter((p) => !p.startsWith(SUB)),
        [],
        'every file from the loader’s folder',
      );
      assert.deepEqual(await page.errors(), []);
    });

    test('tags inserted after load upgrade: in the document, in an open and in a closed shadow root', async () => {
      await open('/later.html', {
        head: loader(),
        body:
          `<button id="tab">开放日</button><div id="panel"></div><portal-tab id="open"></portal-tab><portal-tab id="closed" mode="closed"></portal-tab>` +
          `<script type="module">
            customElements.define('portal-tab', class extends HTMLElement {
              connectedCallback() { this.root = this.attachShadow({ mode: this.getAttribute('mode') || 'open' }); window.roots = window.roots || {}; window.roots[this.id] = this.root; }
            });
          </script>`,
      });
      await waitFor(page, 'the portal’s tabs', () => !!window.roots?.closed);
      assert.deepEqual(chunksFetched(), [], 'no widget on the page yet, no widget code');
      await inPage(
        page,
        (_, html) => {
          document.querySelector('#panel').innerHTML = html.booking;
          window.roots.open.innerHTML = html.card;
          window.roots.closed.innerHTML = html.board;
        },
        { booking: tag('dj-open-day-booking'), card: tag('dj-brand-card'), board: tag('dj-liaison-leaderboard') },
      );
      await rendered(page, ['dj-open-day-booking', 'dj-brand-card']);
      await waitFor(page, 'the board in the closed shadow root', () => {
        const board = window.roots.closed.querySelector('dj-liaison-leaderboard');
        const base = board?.shadowRoot?.querySelector('[part="base"]');
        return !!base && !base.querySelector('.skeleton, .state') && base.textContent.length > 100;
      });
      assert.deepEqual(await page.errors(), []);
    });

    for (const order of ['single file, then loader', 'loader, then single file']) {
      test(`beside the single file (${order}): every tag defined once, every widget renders, no error`, async () => {
        const head = defineCounter + (order.startsWith('single') ? single + loader() : loader() + single);
        await open(`/both-${order.split(',')[0]}.html`, {
          head,
          body: `<dj-provider>${Object.keys(WIDGETS).map(tag).join('')}</dj-provider>`,
        });
        await rendered(page, Object.keys(WIDGETS));
        const seen = await page.evaluate(() => ({ firstTask: window.firstTask, defined: window.defined }));
        assert.deepEqual(seen.defined, Object.fromEntries(['dj-provider', ...Object.keys(WIDGETS)].map((t) => [t, 1])));
        if (order.startsWith('single')) {
          assert.deepEqual(chunksFetched(), [], 'the single file defined every tag: the loader fetched nothing');
          assert.equal(seen.firstTask.length, 5, 'off a lazy page, the single file defines every tag in one go');
        }
        assert.deepEqual(await page.errors(), []);
      });
    }

    test('a lazy page with the single file, then the loader: the widgets’ tags come a turn apart, and the loader fetches nothing', async () => {
      const tags = ['dj-provider', ...Object.keys(WIDGETS)];
      await open('/lazy-both.html', {
        head: `<meta name="dj-loading" content="lazy">${defineCounter}${single}${loader()}`,
        // One widget at a time in the first screen, the rest below it: each is scrolled to.
        body: `<dj-provider>${Object.keys(WIDGETS)
          .map((name) => `<div style="min-height: 100vh">${tag(name)}</div>`)
          .join('')}</dj-provider>`,
      });
      await waitFor(page, 'every tag defined', (_$, names) => names.every((t) => customElements.get(t)), [tags]);
      const seen = await page.evaluate(() => ({ firstTask: window.firstTask, defined: window.defined }));
      assert.deepEqual(seen.firstTask, ['dj-provider'], 'the widgets’ tags are defined in later tasks than the provider’s');
      assert.deepEqual(seen.defined, Object.fromEntries(tags.map((t) => [t, 1])));
      for (const name of Object.keys(WIDGETS)) {
        await page.evaluate((n) => document.querySelector(n).scrollIntoView(), name);
        await rendered(page, [name]);
      }
      assert.deepEqual(chunksFetched(), [], 'the single file defines every tag: the loader fetched nothing');
      assert.deepEqual(await page.errors(), []);
    });
  });
}

function gzipSize(body) {
  return gzipSync(body, { level: 9 }).length;
}
