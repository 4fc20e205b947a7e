/**
 * One small driver layer over the three browser engines on this machine, so a
 * test is written once and runs in Chromium, Firefox and WebKit alike.
 *
 *   chromium  playwright-core on Debian's /usr/bin/chromium (CHROME_PATH)
 *   firefox   puppeteer-core on /usr/bin/firefox-esr over WebDriver BiDi
 *   webkit    WebKitGTK's MiniBrowser through WebKitWebDriver (classic
 *             WebDriver, webdriverio), under a virtual display: the layer
 *             starts `xvfb-run … WebKitWebDriver --port=<free port>` itself
 *             and kills its process group on close.
 *
 *   import { engineNames, launch } from './engines.mjs';
 *   for (const name of engineNames()) {          // DJ_ENGINES=chromium,firefox limits them
 *     const engine = await launch(name);
 *     const page = await engine.newPage({ width: 390, height: 844 });
 *     await page.open(`${origin}/index.html`);
 *     await page.click('dj-open-day-booking >>> button.primary');
 *     await page.type('dj-open-day-booking >>> input[name="name"]', '张三明');
 *     await page.press('Enter');                  // also 'Shift+Tab', 'ArrowDown', …
 *     const title = await page.evaluate((sel) => document.querySelector(sel).textContent, 'h1');
 *     await page.screenshot('test/screenshots/x.png');
 *     assert.deepEqual(await page.errors(), []);
 *     await page.close();
 *     await engine.close();
 *   }
 *
 * Page API (the same in every engine):
 *   open(url)                 navigates and waits for the load event
 *   setViewport(w, h)         the layout viewport becomes exactly w × h CSS px
 *                             (innerWidth === w; in WebKit the window is sized,
 *                             measured and corrected until it is)
 *   evaluate(fn, ...args)     runs fn(...args) in the page; fn must be
 *                             self-contained (it is sent as source; it may call
 *                             deepQuery(selector)), args and the (awaited)
 *                             result must be JSON
 *   click(deepSelector)       scrolls the element into view and clicks its
 *                             centre with the real pointer; fails when another
 *                             element covers that point
 *   type(deepSelector, text)  clicks the field, then types text key by key
 *   press(key)                one key or chord: 'Enter', 'Tab', 'Shift+Tab',
 *                             'Escape', 'Space', 'ArrowDown', 'a', …
 *   screenshot(path)          PNG of the full page (WebKit's WebDriver shoots
 *                             the viewport only, so the layer makes the
 *                             viewport as tall as the page, up to 16000 px,
 *                             for the shot, and restores it)
 *   errors()                  what went wrong in the page, as strings: the
 *                             entries of window.__djErrors (see below) plus, in
 *                             Chromium and Firefox, page errors and
 *                             console.error messages the driver saw
 *   close()
 *
 * Deep selectors pierce shadow roots: `a >>> b` finds b anywhere inside a's
 * shadow root (nested shadow roots included); each part is a CSS selector,
 * and a part with no `>>>` before it is looked up in the document and in
 * every shadow root below it.
 *
 * Errors: classic WebDriver has no console log, so the page records its own.
 * Pages include /test/support/record-errors.js as their first script (no
 * inline script: it works under a strict CSP); it fills window.__djErrors
 * with uncaught errors, unhandled rejections, console.error calls and
 * securitypolicyviolation events. A page without it gets the recorder from
 * the layer right after load (errors during load are then missed in WebKit).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_PATH, CHROMIUM_ARGS } from './chromium.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const RECORDER = readFileSync(new URL('./record-errors.js', import.meta.url), 'utf8');

/** The engines to run: DJ_ENGINES (comma-separated) or all three. */
export function engineNames() {
  const wanted = (process.env.DJ_ENGINES || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!wanted.length) return [...ENGINES];
  const unknown = wanted.filter((n) => !ENGINES.includes(n));
  if (unknown.length) throw new Error(`DJ_ENGINES names unknown engines: ${unknown.join(', ')} (known: ${ENGINES.join(', ')})`);
  return wanted;
}

/** Launches one engine: { name, newPage({width, height}), close() }. */
export async function launch(name) {
  if (name === 'chromium') return launchChromium();
  if (name === 'firefox') return launchFirefox();
  if (name === 'webkit') return launchWebKit();
  throw new Error(`unknown engine ${name}`);
}

// ── In-page helpers, sent as source ─────────────────────────────────────────

/** Finds a deep selector's element (see the module comment); null if none. */
function deepQuery(selector) {
  const parts = selector.split('>>>').map((s) => s.trim());
  const inTree = (root, css) => {
    const found = root.querySelector(css);
    if (found) return found;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        const inner = inTree(el.shadowRoot, css);
        if (inner) return inner;
      }
    }
    return null;
  };
  let el = inTree(document, parts[0]);
  for (const css of parts.slice(1)) {
    if (!el || !el.shadowRoot) return null;
    el = inTree(el.shadowRoot, css);
  }
  return el;
}

/**
 * Scrolls the element of a deep selector into view and returns the viewport
 * point of its centre, or a reason it cannot be clicked there.
 */
function clickPoint(selector) {
  const el = deepQuery(selector); // defined by callExpression
  if (!el) return { error: `no element matches ${selector}` };
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return { error: `${selector} has no size (${r.width}×${r.height})` };
  const x = Math.round(r.left + r.width / 2);
  const y = Math.round(r.top + r.height / 2);
  let hit = document.elementFromPoint(x, y);
  while (hit && hit.shadowRoot) {
    const inner = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  const composedContains = (outer, inner) => {
    for (let n = inner; n; n = n.parentNode || n.host) if (n === outer) return true;
    return false;
  };
  const ok = hit && (composedContains(el, hit) || (hit.localName === 'label' && composedContains(hit, el)));
  if (!ok) {
    const name = (n) =>
      n
        ? `<${n.localName}${n.id ? `#${n.id}` : ''}${n.className && typeof n.className === 'string' ? `.${n.className.trim().split(/\s+/).join('.')}` : ''}>`
        : 'nothing';
    return { error: `${selector} is covered at (${x}, ${y}) by ${name(hit)}` };
  }
  return { x, y };
}

/**
 * An expression that runs fn(...args) and resolves to {ok: json} or {error}.
 * Within fn, `deepQuery(selector)` is defined (no eval in the page: the
 * strict CSP forbids it).
 */
function callExpression(fn, args) {
  const src = typeof fn === 'function' ? fn.toString() : String(fn);
  return `(async () => { const deepQuery = ${deepQuery.toString()}; try { const v = await (${src})(...${JSON.stringify(args)}); return { ok: JSON.stringify(v === undefined ? null : v) }; } catch (e) { return { error: String(e && e.stack || e) }; } })()`;
}

function unwrap(result, fn) {
  if (!result || typeof result !== 'object') throw new Error(`evaluate: no result from the page for ${String(fn).slice(0, 80)}`);
  if ('error' in result) throw new Error(`in the page: ${result.error}`);
  return JSON.parse(result.ok);
}

/** The page-side part of errors(): window.__djErrors, installing the recorder if the page lacks it. */
async function pageErrors(page) {
  return page.evaluate(() => (Array.isArray(window.__djErrors) ? window.__djErrors.slice() : null));
}

function parseChord(key) {
  const parts = key === '+' ? ['+'] : key.split('+');
  const map = { Space: ' ' };
  return parts.map((p) => map[p] || p);
}

/** Shared page logic over an engine adapter with raw primitives. */
class Page {
  constructor(engine, raw) {
    this.engine = engine;
    this.raw = raw;
    this.native = [];
  }

  async open(url) {
    await this.raw.goto(url);
    await this.ensureRecorder();
  }

  async ensureRecorder() {
    const has = await this.evaluate(() => Array.isArray(window.__djErrors));
    if (!has) await this.raw.run(`(() => { ${RECORDER}; return { ok: 'null' }; })()`);
  }

  setViewport(width, height) {
    return this.raw.setViewport(width, height);
  }

  async evaluate(fn, ...args) {
    return unwrap(await this.raw.run(callExpression(fn, args)), fn);
  }

  async click(selector) {
    const p = await this.evaluate(clickPoint, selector);
    if (p.error) throw new Error(`click: ${p.error}`);
    await this.raw.clickAt(p.x, p.y);
  }

  async type(selector, text) {
    await this.click(selector);
    await this.raw.typeText(text);
  }

  press(key) {
    return this.raw.press(parseChord(key));
  }

  screenshot(path) {
    return this.raw.screenshot(path);
  }

  async errors() {
    const own = (await pageErrors(this)) || [];
    const core = (s) => s.split('\n')[0].replace(/^(page error|console\.error|unhandled rejection): (\w*Error: )?/, '');
    const reportedCsp = own.some((o) => o.startsWith('CSP violation'));
    const extra = this.native.filter(
      (n) =>
        !own.some((o) => core(o) === core(n) || o.includes(core(n))) &&
        !(reportedCsp && /Content Security Policy|Content-Security-Policy/.test(n)),
    );
    return [...own, ...extra];
  }

  close() {
    return this.raw.close();
  }
}

// ── Chromium (playwright-core) ───────────────────────────────────────────────

async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROMIUM_ARGS });
  return {
    name: 'chromium',
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
      const pw = await context.newPage();
      const page = new Page('chromium', {
        goto: (url) => pw.goto(url, { waitUntil: 'load' }),
        run: (expr) => pw.evaluate(expr),
        setViewport: (w, h) => pw.setViewportSize({ width: w, height: h }),
        clickAt: (x, y) => pw.mouse.click(x, y),
        typeText: (text) => pw.keyboard.type(text),
        press: (keys) => pw.keyboard.press(keys.join('+')),
        screenshot: (path) => pw.screenshot({ path, fullPage: true }),
        close: () => context.close(),
      });
      pw.on('pageerror', (e) => page.native.push(`page error: ${e.message}`));
      pw.on('console', (m) => {
        // The browser's own request for /favicon.ico is not the page's doing.
        if (m.type() === 'error' && !/\/favicon\.ico$/.test(m.location()?.url || '')) page.native.push(`console.error: ${m.text()}`);
      });
      return page;
    },
    close: () => browser.close(),
  };
}

// ── Firefox (puppeteer-core, WebDriver BiDi) ─────────────────────────────────

async function launchFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
    headless: true,
    // Overlay scrollbars, as on phones, so a 320 px viewport lays out 320 px of page.
    extraPrefsFirefox: { 'widget.gtk.overlay-scrollbars.enabled': true, 'ui.useOverlayScrollbars': 1 },
  });
  return {
    name: 'firefox',
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.createBrowserContext();
      const pp = await context.newPage();
      await pp.setViewport({ width, height, deviceScaleFactor: 1 });
      const page = new Page('firefox', {
        goto: (url) => pp.goto(url, { waitUntil: 'load' }),
        run: (expr) => pp.evaluate(expr),
        setViewport: (w, h) => pp.setViewport({ width: w, height: h, deviceScaleFactor: 1 }),
        clickAt: (x, y) => pp.mouse.click(x, y),
        typeText: (text) => pp.keyboard.type(text),
        async press(keys) {
          const mods = keys.slice(0, -1);
          for (const m of mods) await pp.keyboard.down(m);
          await pp.keyboard.press(keys.at(-1));
          for (const m of mods.reverse()) await pp.keyboard.up(m);
        },
        screenshot: (path) => pp.screenshot({ path, fullPage: true }),
        close: () => context.close(),
      });
      pp.on('pageerror', (e) => page.native.push(`page error: ${e.message}`));
      pp.on('console', (m) => {
        if (m.type() === 'error') page.native.push(`console.error: ${m.text()}`);
      });
      return page;
    },
    close: () => browser.close(),
  };
}

// ── WebKit (webdriverio on WebKitWebDriver under Xvfb) ───────────────────────

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** WebDriver key codes for the named keys. */
const WD_KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  ' ': '\uE00D',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Delete: '\uE017',
  Meta: '\uE03D',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForDriver(port, child, output) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}): ${output.join('')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port}: ${output.join('')}`);
}

async function launchWebKit() {
  const { remote } = await import('webdriverio');
  const port = await freePort();
  const output = [];
  // MiniBrowser has no headless mode and its toolbar keeps the window at least
  // 447 px wide; a GTK style sheet of its own shrinks the toolbar to nothing,
  // so the window (and the viewport) can be 320 px. Web content is not styled
  // by GTK, so the page renders as it would anyway.
  const config = mkdtempSync(join(tmpdir(), 'dj-webkit-'));
  mkdirSync(join(config, 'gtk-3.0'));
  writeFileSync(
    join(config, 'gtk-3.0', 'gtk.css'),
    '* { min-width: 0; min-height: 0; padding: 0; margin: 0; border-width: 0; font-size: 1px; -gtk-icon-transform: scale(0.05); }\n',
  );
  // Its own process group, so close() ends xvfb-run, Xvfb, the driver and MiniBrowser together.
  const child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1920x1200x24', 'WebKitWebDriver', `--port=${port}`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: config },
  });
  child.stdout.on('data', (d) => output.push(String(d)));
  child.stderr.on('data', (d) => output.push(String(d)));
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    rmSync(config, { recursive: true, force: true });
  };
  // Killed or interrupted, the test process takes the display, driver and browser with it.
  const onSignal = (signal) => {
    killGroup();
    process.kill(process.pid, signal);
  };
  process.once('exit', killGroup);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  let session;
  try {
    await waitForDriver(port, child, output);
    session = await remote({
      hostname: '127.0.0.1',
      port,
      capabilities: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        'wdio:enforceWebDriverClassic': true,
      },
      logLevel: 'error',
    });
    await session.setTimeout({ script: 300_000, pageLoad: 120_000 });
  } catch (e) {
    killGroup();
    throw e;
  }
  let open = null;
  const size = { width: 1280, height: 900 };
  /** What the window adds to the viewport, as last measured. */
  const chrome = { width: 0, height: 0 };
  /** The viewport to go back to after a full-page screenshot. */
  let pending = null;
  async function flush() {
    if (!pending) return;
    const { width, height, sx, sy } = pending;
    pending = null;
    await setViewport(width, height);
    await session.execute(`window.scrollTo(${sx}, ${sy})`);
  }

  /** Sizes the window until the viewport (innerWidth × innerHeight) is exactly w × h. */
  async function setViewport(w, h) {
    let ww = w + chrome.width;
    let wh = h + chrome.height;
    const tried = [];
    for (let i = 0; i < 8; i++) {
      if (!(Number.isInteger(ww) && Number.isInteger(wh) && ww > 0 && wh > 0 && wh < 20000)) {
        // A measurement taken mid-resize sent the correction astray: start again from the known chrome.
        tried.push(`${ww}×${wh}`);
        ww = w + chrome.width;
        wh = h + chrome.height;
        await new Promise((r) => setTimeout(r, 200));
      }
      await session.setWindowSize(ww, wh);
      const measured = await session.execute('return [window.innerWidth, window.innerHeight]');
      // Between two documents (right after a navigation) the answer can be empty: measure again.
      if (!Array.isArray(measured) || !measured.every(Number.isFinite)) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const [iw, ih] = measured.map(Math.round);
      if (iw === w && ih === h) {
        size.width = w;
        size.height = h;
        chrome.width = ww - w;
        chrome.height = wh - h;
        return;
      }
      ww += w - iw;
      wh += h - ih;
    }
    const got = await session.execute('return [window.innerWidth, window.innerHeight]');
    throw new Error(
      `WebKit: asked for a ${w}×${h} viewport, got ${got} (window chrome ${chrome.width}×${chrome.height}${tried.length ? `; astray: ${tried.join(', ')}` : ''})`,
    );
  }

  return {
    name: 'webkit',
    async newPage({ width = 1280, height = 900 } = {}) {
      if (open) throw new Error('WebKit: one page at a time (close the open one first)');
      await session.url('about:blank');
      await setViewport(width, height);
      const page = new Page('webkit', {
        goto: async (url) => {
          await flush();
          await session.url(url);
        },
        run: async (expr) => {
          await flush();
          return session.execute(`return ${expr}`);
        },
        setViewport: (w, h) => {
          pending = null;
          return setViewport(w, h);
        },
        async clickAt(x, y) {
          await flush();
          await session.performActions([
            {
              type: 'pointer',
              id: 'mouse',
              parameters: { pointerType: 'mouse' },
              actions: [
                { type: 'pointerMove', duration: 0, origin: 'viewport', x, y },
                { type: 'pointerDown', button: 0 },
                { type: 'pointerUp', button: 0 },
              ],
            },
          ]);
          await session.releaseActions();
        },
        async typeText(text) {
          await flush();
          const actions = [];
          for (const ch of text) actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
          await session.performActions([{ type: 'key', id: 'keyboard', actions }]);
          await session.releaseActions();
        },
        async press(keys) {
          await flush();
          const codes = keys.map((k) => WD_KEYS[k] ?? k);
          const actions = [
            ...codes.map((c) => ({ type: 'keyDown', value: c })),
            ...codes
              .slice()
              .reverse()
              .map((c) => ({ type: 'keyUp', value: c })),
          ];
          await session.performActions([{ type: 'key', id: 'keyboard', actions }]);
          await session.releaseActions();
        },
        async screenshot(path) {
          await flush();
          const { width: w, height: h } = size;
          const [full, sx, sy] = await session.execute(
            'return [Math.ceil(Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)), window.scrollX, window.scrollY]',
          );
          const tall = Math.max(h, Math.min(full, 16000));
          if (tall !== h) await setViewport(w, tall);
          await session.execute('window.scrollTo(0, 0)');
          await session.saveScreenshot(path);
          // The viewport goes back to its size before the next command that needs it (not at all when that is setViewport).
          if (tall !== h) pending = { width: w, height: h, sx, sy };
          else await session.execute(`window.scrollTo(${sx}, ${sy})`);
        },
        async close() {
          open = null;
          pending = null;
          await session.url('about:blank');
        },
      });
      open = page;
      return page;
    },
    async close() {
      // MiniBrowser sometimes never answers the session's end: wait a little, then end the process group anyway.
      const ended = session.deleteSession().catch(() => {});
      await Promise.race([ended, new Promise((r) => setTimeout(r, 5000).unref())]);
      killGroup();
      process.removeListener('exit', killGroup);
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
    },
  };
}
