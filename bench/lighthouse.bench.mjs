/**
 * Lighthouse, mobile, its default (simulated) throttling, on the demo portal page as the
 * reference server serves it: every widget on one page, data from /dj-api/v1 on a fresh
 * PGlite store. Each run prints and records the performance score, total blocking time,
 * LCP, FCP, CLS, the largest paint's element, the kit's main-thread time (`bootup-time`)
 * and the long tasks attributed to the kit's scripts (`long-tasks`: durations as
 * Lighthouse simulates them on a phone, its CPU four times slower than this one).
 *
 * (Lighthouse 12.2.3's own largest-paint element audit fails with Chromium 156, `frame_sequence`:
 * bench/lighthouse.profile.mjs names the element from the page's own largest-contentful-paint entries.)
 *
 * Two variants of the same page: `single` (dist/dj-widgets.js, the one file, as the server
 * serves it) and `loader` (dist/dj-loader.js in its place: a small proxy in front of the
 * server swaps the tag; everything else, policy included, is the server's).
 *
 *   npm run build && node bench/lighthouse.bench.mjs
 *   LH_RUNS=3 LH_VARIANTS=single LH_LABEL=before node bench/lighthouse.bench.mjs
 *
 * LH_BEFORE=<dir> adds `single@before` and `loader@before`: the same page with the kit built in
 * another tree (<dir>/dist, e.g. `git archive <commit> | tar -x -C <dir>` and `npx vite build`
 * there), served by the same proxy, the page's `dj-loading` meta and the brand card's `priority`
 * taken out (LH_BEFORE_PAGE=same keeps them, for a before tree that has them too); so before and
 * after run by turns, under the same load. LH_AFTER=<dir> serves the
 * other variants' kit from <dir>/dist in the same way (the checkout's dist/ is shared and rebuilt).
 *
 * Results go to bench/results/lighthouse[-LABEL].json, with the machine (CPU model, cores,
 * load average before and after) and the Chromium version. Runs alternate between the
 * variants so that both see the same load, each round in the other order (in a pair, the side
 * run second did better, whichever it was).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROME_PATH, CHROMIUM_ARGS } from '../test/support/chromium.mjs';
import { ROOT, startServer } from '../test/support/server.mjs';

const RUNS = Number(process.env.LH_RUNS ?? 5);
const BEFORE = process.env.LH_BEFORE;
const VARIANTS = (process.env.LH_VARIANTS ?? (BEFORE ? 'single@before,single,loader@before,loader' : 'single,loader'))
  .split(',')
  .filter(Boolean);
const LABEL = process.env.LH_LABEL ? `-${process.env.LH_LABEL}` : '';
/** LH_BEFORE_PAGE=same: the before variants get the page as it is, for a before tree that knows its meta and attributes. */
const STRIP_BEFORE = process.env.LH_BEFORE_PAGE !== 'same';
const SINGLE_TAG = '<script type="module" src="/dist/dj-widgets.js"></script>';
const LOADER_TAG = '<script type="module" src="/dist/dj-loader.js"></script>';

for (const file of ['dj-widgets.js', 'dj-loader.js'])
  if (!existsSync(`${ROOT}dist/${file}`)) throw new Error(`dist/${file} is missing: run \`npm run build\` first.`);

/**
 * Sends what the proxy rewrote or read from a tree gzipped, as the server's own answers are, when
 * the browser takes gzip: served whole, the single file would be three times the bytes over the
 * simulated phone network, and its side would be slower for that alone.
 */
function send(req, res, status, headers, body) {
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const out = gzip ? gzipSync(body) : body;
  res.writeHead(status, { ...headers, ...(gzip && { 'content-encoding': 'gzip', vary: 'accept-encoding' }), 'content-length': out.length });
  res.end(out);
}

/** A proxy to the server; for `loader`, the page's kit tag swapped for the loader's. */
function proxy(target, variant) {
  const upstream = new URL(target);
  const before = variant.endsWith('@before');
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const tree = before ? BEFORE : process.env.LH_AFTER;
    if (tree && path.startsWith('/dist/') && existsSync(`${tree}${path}`)) {
      const type = path.endsWith('.js') ? 'text/javascript' : 'application/json';
      send(req, res, 200, { 'content-type': type, 'cache-control': 'no-cache' }, readFileSync(`${tree}${path}`));
      return;
    }
    const out = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const html = (answer.headers['content-type'] ?? '').startsWith('text/html');
        if (!html || variant === 'single') {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks = [];
        answer.on('data', (c) => chunks.push(c));
        answer.on('end', () => {
          const raw = Buffer.concat(chunks);
          const decode = { gzip: gunzipSync, br: brotliDecompressSync, deflate: inflateSync }[answer.headers['content-encoding']];
          let body = (decode ? decode(raw) : raw).toString('utf8');
          if (variant.startsWith('loader')) body = body.replaceAll(SINGLE_TAG, LOADER_TAG);
          if (before && STRIP_BEFORE) body = body.replace(/\s*<meta name="dj-loading"[^>]*>/, '').replace(/ priority>/g, '>');
          const { 'content-length': _, 'content-encoding': __, ...headers } = answer.headers;
          send(req, res, answer.statusCode, headers, Buffer.from(body));
        });
      },
    );
    req.pipe(out);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const round = (n, digits = 0) => (n == null ? null : Number(n.toFixed(digits)));
const isKit = (url = '') => /\/dist\//.test(url);

async function runOnce(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    chromeFlags: [...CHROMIUM_ARGS, '--headless=new'],
  });
  try {
    const { lhr } = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    if (process.env.LH_KEEP) writeFileSync(process.env.LH_KEEP, JSON.stringify(lhr));
    const audit = (id) => lhr.audits[id];
    const longTasks = (audit('long-tasks').details?.items ?? []).map((t) => ({
      url: t.url,
      start: round(t.startTime),
      duration: round(t.duration),
    }));
    const bootup = audit('bootup-time').details?.items ?? [];
    const kitBootup = bootup.filter((i) => isKit(i.url));
    // A run Lighthouse could not finish (no first paint seen, the page not loaded in time) has no
    // figures: it is recorded with its reason and left out of the ranges, never counted as a 0.
    if (lhr.runtimeError)
      return { failed: `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`, kitLongTasks: [], warnings: lhr.runWarnings };
    return {
      score: Math.round(lhr.categories.performance.score * 100),
      tbt: round(audit('total-blocking-time').numericValue),
      lcp: round(audit('largest-contentful-paint').numericValue),
      fcp: round(audit('first-contentful-paint').numericValue),
      si: round(audit('speed-index').numericValue),
      cls: round(audit('cumulative-layout-shift').numericValue, 3),
      kitMainThread: round(kitBootup.reduce((s, i) => s + i.total, 0)),
      kitScripting: round(kitBootup.reduce((s, i) => s + i.scripting, 0)),
      kitLongTasks: longTasks.filter((t) => isKit(t.url)).map((t) => t.duration),
      longTasks,
      warnings: lhr.runWarnings,
      chromium: lhr.environment.hostUserAgent,
    };
  } finally {
    await chrome.kill();
  }
}

const range = (values) => {
  const v = values.filter((x) => x != null);
  return v.length ? [Math.min(...v), Math.max(...v)] : null;
};

const machine = {
  cpu: (() => {
    try {
      return /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim();
    } catch {
      return cpus()[0]?.model;
    }
  })(),
  cores: cpus().length,
  chromium: execFileSync(CHROME_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
  loadBefore: loadavg().map((n) => round(n, 2)),
};

const server = await startServer();
const proxies = {};
for (const variant of VARIANTS) proxies[variant] = await proxy(server.origin, variant);
const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]));
const loads = [];
try {
  // Warm the server's caches (and PGlite) once, so the first run does not pay for it.
  await fetch(`${server.origin}/`).then((r) => r.text());
  for (let i = 0; i < RUNS; i++) {
    // Each round in the other order: a side run second did better, whichever it was.
    for (const variant of i % 2 ? [...VARIANTS].reverse() : VARIANTS) {
      const url = `http://127.0.0.1:${proxies[variant].address().port}/`;
      const result = await runOnce(url);
      const load = round(loadavg()[0], 2);
      loads.push(load);
      runs[variant].push({ ...result, load });
      if (result.failed) {
        console.log(`${variant.padEnd(6)} #${i + 1}: Lighthouse failed (${result.failed}), load ${load}`);
        continue;
      }
      console.log(
        `${variant.padEnd(6)} #${i + 1}: score ${result.score}, TBT ${result.tbt} ms, LCP ${result.lcp} ms, FCP ${result.fcp} ms, ` +
          `CLS ${result.cls}, kit main thread ${result.kitMainThread} ms, kit long tasks [${result.kitLongTasks.join(', ')}] ms, load ${load}`,
      );
      if (result.warnings.length) console.log(`  warnings: ${result.warnings.join(' | ')}`);
    }
  }
} finally {
  for (const p of Object.values(proxies)) p.close();
  await server.stop();
}

machine.loadAfter = loadavg().map((n) => round(n, 2));
machine.loadDuring = range(loads);
const summary = Object.fromEntries(
  Object.entries(runs)
    .map(([variant, all]) => [all, all.filter((r) => !r.failed), variant])
    .map(([all, list, variant]) => [
      variant,
      {
        runs: list.length,
        failed: all.length - list.length,
        score: range(list.map((r) => r.score)),
        tbt: range(list.map((r) => r.tbt)),
        lcp: range(list.map((r) => r.lcp)),
        fcp: range(list.map((r) => r.fcp)),
        cls: range(list.map((r) => r.cls)),
        kitMainThread: range(list.map((r) => r.kitMainThread)),
        longestKitTask: range(list.map((r) => Math.max(0, ...r.kitLongTasks))),
      },
    ]),
);
console.log(
  `\n${machine.cpu}, ${machine.cores} cores, ${machine.chromium}, load ${machine.loadBefore.join(' ')} → ${machine.loadAfter.join(' ')}`,
);
for (const [variant, s] of Object.entries(summary)) {
  const r = (x, unit = '') => (x ? `${x[0]}–${x[1]}${unit}` : 'n/a');
  console.log(
    `${variant}: score ${r(s.score)} (goal ≥ 95), TBT ${r(s.tbt, ' ms')} (goal ≤ 150), LCP ${r(s.lcp, ' ms')}, FCP ${r(s.fcp, ' ms')}, ` +
      `CLS ${r(s.cls)}, kit main thread ${r(s.kitMainThread, ' ms')}, longest kit task ${r(s.longestKitTask, ' ms')} (goal ≤ 50)` +
      (s.failed ? `; ${s.failed} run(s) Lighthouse could not finish, left out` : ''),
  );
}
mkdirSync(`${ROOT}bench/results`, { recursive: true });
const out = `${ROOT}bench/results/lighthouse${LABEL}.json`;
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, summary, runs }, null, 2)}\n`);
console.log(`→ ${out.replace(ROOT, '')}`);
