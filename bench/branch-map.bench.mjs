/**
 * Benchmark: <dj-branch-map> (the built bundle) against an ECharts map
 * (echarts/core + Map + Scatter + Geo, canvas) of the same county
 * boundaries and the same 1,000 and 10,000 branches, in headless Chromium:
 * first paint (load data → painted frame), and zoom and pan frame times at
 * 10,000. Reports; never asserts (exit code 0 when a goal is missed).
 *
 *   npm run build   # or: npx vite build (only dist/dj-widgets.js is needed)
 *   node bench/branch-map.bench.mjs
 *
 * Env: BENCH_ROUNDS (first-paint rounds per size, default 30), BENCH_WARMUP
 * (default 5), BENCH_GESTURE_ROUNDS (zoom and pan runs per side, default 6),
 * BENCH_PAN_PROBE=0 (skip the pan diagnostic), BENCH_BUNDLE (another build of
 * dj-widgets.js, e.g. `npx vite build --outDir /tmp/x`, so two builds can be
 * compared while others rebuild dist/; the bundle is read once, at the
 * start), BENCH_SHOTS=dir (instead of the bench: screenshots, see shots()
 * below), BENCH_PROFILE=1 (instead of the bench: CPU profiles and traces of
 * the widget alone, see profile() below; build with `--minify false` for
 * readable names), BENCH_FRESH_ROUNDS (default 0: besides the bench, this
 * many rounds of first paints each on a fresh page, see below), CHROME_PATH
 * (default /usr/bin/chromium), BENCH_OUT (where the results go; default
 * bench/results/branch-map.json).
 * Writes bench/results/branch-map.json. Method: bench/README.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium } from './browser.mjs';
import { build, createServer } from 'vite';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUNDLE = process.env.BENCH_BUNDLE || fileURLToPath(new URL('../dist/dj-widgets.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 30;
const WARMUP = Number(process.env.BENCH_WARMUP) || 5;
const GESTURE_ROUNDS = Number(process.env.BENCH_GESTURE_ROUNDS) || 6;
const PAN_PROBE = process.env.BENCH_PAN_PROBE !== '0';
const PROFILE = process.env.BENCH_PROFILE === '1';
/**
 * Rounds of first paints on a fresh page: each trial loads the page again and is its first map,
 * as on a portal page that shows one. Both sides' modules have been evaluated, but none of
 * their drawing code has run: the engine compiles it as it goes, which the rounds above, after
 * their warm-up, no longer show.
 */
const FRESH_ROUNDS = Number(process.env.BENCH_FRESH_ROUNDS) || 0;
const REGION = '370800';
const SIZES = [1000, 10_000];
/** How many times faster than ECharts the widget should paint first, by size. */
const GOALS = { 1000: 3, 10_000: 5 };
/** The widget, ECharts as it comes, and ECharts tuned for many points (branch-map.echarts.js). */
const SIDES = ['widget', 'echarts', 'echarts-tuned'];
const ECHARTS_SIDES = SIDES.slice(1);
const LABEL = { widget: 'widget', echarts: 'ECharts, defaults', 'echarts-tuned': 'ECharts, tuned' };
/** Round i runs the sides in this order: each side goes first, second and third equally often. */
const orderOf = (i) => SIDES.map((_, k) => SIDES[(i + k) % SIDES.length]);

/**
 * One wheel event. Chromium reports wheelDelta 120 for each wheel event,
 * whatever its deltaY, and ECharts 6 zooms ×1.1 per event of that size
 * (zrender divides wheelDelta by 120; RoamController zooms ×1.1 up to 1,
 * ×1.2 up to 3, ×1.4 above). The widget zooms exp(-deltaY × 0.002), so a
 * deltaY of ln(1.1) / 0.002 ≈ 47.7 px zooms it ×1.1 too: the same input
 * gives both the same views.
 */
const FACTOR = 1.1;
const NOTCH = Math.log(FACTOR) / 0.002;
/** Zoom: twice 16 notches in (to ×1.1¹⁶ ≈ 4.6) and 16 back out. */
const ZOOM = { cycles: 2, notches: 16 };
/** The drag: a square, 12 moves of 10 px per side, at ×1.1¹⁶ ≈ 4.6. */
const PAN = { preZoom: 16, perSide: 12, px: 10 };
const LONG_FRAME = 50;
/** Runs per variant of the widget pan diagnostic. */
const PAN_PROBE_RUNS = 3;

function quantile(xs, q) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}
const median = (xs) => quantile(xs, 0.5);

/**
 * First-paint trials of one side: the median and p90 of their totals, the median of each phase,
 * and, for the widget, each update's start and length (medians over the trials that had it).
 */
function summary(xs) {
  const keys = Object.keys(xs[0]).filter((k) => typeof xs[0][k] === 'number');
  const totals = xs.map((x) => x.total);
  const out = {
    median: r2(median(totals)),
    p90: r2(quantile(totals, 0.9)),
    phases: Object.fromEntries(keys.map((k) => [k, r2(median(xs.map((x) => x[k])))])),
    totals: totals.map(r2),
  };
  if (xs[0].steps) {
    const most = Math.max(...xs.map((x) => x.steps.length));
    out.steps = Array.from({ length: most }, (_, i) => {
      const had = xs.filter((x) => x.steps[i]);
      return { at: r2(median(had.map((x) => x.steps[i][0]))), ms: r2(median(had.map((x) => x.steps[i][1]))), trials: had.length };
    });
  }
  return out;
}
const r2 = (x) => Math.round(x * 100) / 100;
const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** The ECharts side as an app would ship it: one minified module, NODE_ENV production. */
async function buildECharts() {
  const out = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      copyPublicDir: false,
      lib: { entry: 'bench/branch-map.echarts.js', formats: ['es'], fileName: () => 'echarts-map.js' },
      rolldownOptions: { output: { comments: false } },
    },
  });
  const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
  const entry = chunks.find((c) => c.type === 'chunk' && c.isEntry);
  if (!entry || chunks.filter((c) => c.type === 'chunk').length !== 1) throw new Error('the ECharts side did not build into one module');
  if (/process\.env/.test(entry.code)) throw new Error('the ECharts side still reads process.env');
  return entry.code;
}

/**
 * The bench server's extra routes: the ECharts module, and the same JSON
 * bodies for both sides, one endpoint per size:
 * `/__bench-api/{n}/regions/370800` and `/__bench-api/{n}/branches?region=370800`.
 * No ETag and no-store, so every trial fetches and parses the whole body.
 */
function benchRoutes(bodies, echartsCode, bundle) {
  return {
    name: 'bench-branch-map',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url, 'http://x');
        if (url.pathname === '/dist/dj-widgets.js') {
          res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(bundle);
          return;
        }
        if (url.pathname === '/__bench/echarts-map.js') {
          res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(echartsCode);
          return;
        }
        const m = /^\/__bench-api\/(\d+)\/(regions\/([^/]+)|branches)$/.exec(url.pathname);
        if (!m) return next();
        const size = bodies.sizes[m[1]];
        const region = m[3] ?? url.searchParams.get('region');
        // The widget asks for the branches in columns (form=columns, src/contract/branch-columns.ts); ECharts for the usual form.
        const branches = url.searchParams.get('form') === 'columns' ? bodies.columns[m[1]] : size;
        const body = region !== REGION || !size ? undefined : m[3] ? bodies.regions : branches;
        if (!body) {
          res.writeHead(404, { 'Content-Type': 'application/problem+json' });
          res.end('{"title":"not found"}');
          return;
        }
        res.writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': body.length,
          'Cache-Control': 'no-store',
        });
        res.end(body);
      });
    },
  };
}

async function main() {
  if (!existsSync(BUNDLE)) {
    console.error('dist/dj-widgets.js is missing: run `npm run build` (or `npx vite build`) first.');
    process.exitCode = 1;
    return;
  }
  const bundle = readFileSync(BUNDLE);
  process.stderr.write('building the ECharts side…\n');
  const echartsCode = await buildECharts();

  // The data, from the fixtures the mocks serve: one JSON text per body, served to both sides.
  const bodies = { regions: null, sizes: {}, columns: {} };
  const server = await createServer({
    root: ROOT,
    // Not 'development': there vite.config.ts serves the sources for /dist/dj-widgets.js.
    mode: 'bench',
    logLevel: 'warn',
    clearScreen: false,
    // No HMR or file watching: other people's edits must not reload the page mid-run.
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false, watch: null },
    plugins: [benchRoutes(bodies, echartsCode, bundle)],
  });
  const counties = await server.ssrLoadModule('/src/demo/jining-counties.ts');
  const fixtures = await server.ssrLoadModule('/src/demo/branches.ts');
  bodies.regions = Buffer.from(JSON.stringify(counties.jiningCounties));
  const { toColumns } = await server.ssrLoadModule('/src/contract/branch-columns.ts');
  for (const n of SIZES) {
    const answer = fixtures.branchesResponse(fixtures.generateBranches(n));
    bodies.sizes[n] = Buffer.from(JSON.stringify(answer));
    bodies.columns[n] = Buffer.from(JSON.stringify(toColumns(answer)));
  }
  await server.listen();
  const url = `http://127.0.0.1:${server.httpServer.address().port}/bench/branch-map.html`;
  const browser = await launchChromium();

  const problems = [];
  const started = new Date();
  const loadBefore = os.loadavg().map(r2);
  let result;
  try {
    // One context and page at a time: a second headless page gets no animation frames.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()} ${m.location().url}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    const info = await page.evaluate(() => window.bench.setup());
    process.stderr.write(`map box ${info.box.width}×${info.box.height}\n`);
    if (process.env.BENCH_SHOTS) {
      await shots(page, process.env.BENCH_SHOTS);
      await context.close();
      return;
    }
    if (PROFILE) {
      await profile(page);
      await context.close();
      return;
    }

    // --- first paint, alternating which side goes first ---
    const firstPaint = [];
    for (const n of SIZES) {
      const round = (i) => page.evaluate(([size, order]) => window.bench.round(size, order), [n, orderOf(i)]);
      for (let i = 0; i < WARMUP; i++) await round(i);
      const runs = Object.fromEntries(SIDES.map((side) => [side, []]));
      for (let i = 0; i < ROUNDS; i++) {
        const r = await round(i);
        for (const side of SIDES) runs[side].push(r[side]);
      }
      const out = { n, goal: GOALS[n], ...Object.fromEntries(SIDES.map((side) => [side, summary(runs[side])])) };
      // How many times faster the widget is: the ECharts side's time over the widget's.
      for (const side of ECHARTS_SIDES) {
        const speedup = r2(out[side].median / out.widget.median);
        out[side].speedup = speedup;
        out[side].pairedSpeedup = r2(median(runs.widget.map((x, i) => runs[side][i].total / x.total)));
        out[side].met = speedup >= GOALS[n];
      }
      firstPaint.push(out);
      process.stderr.write(
        `  first paint ${n}: widget ${ms(out.widget.median)} ms; ${ECHARTS_SIDES.map((side) => `${side} ${ms(out[side].median)} ms (×${out[side].speedup.toFixed(2)})`).join('; ')}\n`,
      );
    }

    // --- zoom and pan at 10,000, real input, alternating which side goes first ---
    const gestures = { zoom: Object.fromEntries(SIDES.map((x) => [x, []])), pan: Object.fromEntries(SIDES.map((x) => [x, []])) };
    const center = (r) => [r.x + r.width / 2, r.y + r.height / 2];
    const view = () => page.evaluate(() => window.bench.viewNow());

    async function zoomRun(side) {
      const [cx, cy] = center(await page.evaluate(([s, n]) => window.bench.mountFor(s, n), [side, 10_000]));
      await page.mouse.move(cx, cy);
      await page.evaluate(() => window.bench.recordStart());
      let peak;
      for (let c = 0; c < ZOOM.cycles; c++)
        for (const dy of [-NOTCH, NOTCH]) {
          for (let i = 0; i < ZOOM.notches; i++) {
            await page.mouse.wheel(0, dy);
            await page.evaluate(() => window.bench.step());
          }
          // The deepest view, for the record: a few reads, between two steps.
          if (c === 0 && dy < 0) peak = await view();
        }
      const rec = await page.evaluate(() => window.bench.recordStop());
      rec.peak = peak;
      rec.end = await view();
      await page.evaluate(() => window.bench.unmount());
      return rec;
    }

    async function panRun(side, hidden) {
      const [cx, cy] = center(await page.evaluate(([s, n]) => window.bench.mountFor(s, n), [side, 10_000]));
      if (hidden) await page.evaluate((sel) => window.bench.hide(sel), hidden);
      await page.mouse.move(cx, cy);
      for (let i = 0; i < PAN.preZoom; i++) {
        await page.mouse.wheel(0, -NOTCH);
        await page.evaluate(() => window.bench.frames(2));
      }
      await page.evaluate(() => window.bench.frames(3));
      const before = await view();
      await page.evaluate(() => window.bench.recordStart());
      let [x, y] = [cx, cy];
      let afterFirstSide;
      await page.mouse.down();
      for (const [dx, dy] of [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
      ])
        for (let i = 0; i < PAN.perSide; i++) {
          x += dx * PAN.px;
          y += dy * PAN.px;
          await page.mouse.move(x, y);
          await page.evaluate(() => window.bench.step());
          if (dx === 1 && i === PAN.perSide - 1) afterFirstSide = await view();
        }
      await page.mouse.up();
      const rec = await page.evaluate(() => window.bench.recordStop());
      rec.before = before;
      rec.afterFirstSide = afterFirstSide;
      await page.evaluate(() => window.bench.unmount());
      return rec;
    }

    for (let i = 0; i < GESTURE_ROUNDS; i++) {
      const order = orderOf(i);
      for (const side of order) gestures.zoom[side].push(await zoomRun(side));
      for (const side of order) gestures.pan[side].push(await panRun(side));
      process.stderr.write(`  gestures round ${i + 1}/${GESTURE_ROUNDS}\n`);
    }
    const gestureSummary = (runs) => {
      const steps = runs.flatMap((r) => r.steps);
      const intervals = runs.flatMap((r) => r.intervals);
      const loaf = runs.flatMap((r) => r.loaf);
      const med = (k) => r2(median(loaf.map((l) => l[k])));
      return {
        runs: runs.length,
        steps: steps.length,
        missedInputs: steps.filter((s) => !Number.isFinite(s)).length,
        stepMs: { median: r2(median(steps)), p90: r2(quantile(steps, 0.9)), max: r2(Math.max(...steps.filter(Number.isFinite))) },
        scriptMs: (() => {
          const xs = runs.flatMap((r) => r.script);
          return {
            median: r2(median(xs)),
            p90: r2(quantile(xs, 0.9)),
            max: r2(Math.max(...xs)),
            over16: xs.filter((x) => x > 16).length,
            of: xs.length,
          };
        })(),
        frameIntervalMs: { median: r2(median(intervals)), p90: r2(quantile(intervals, 0.9)), max: r2(Math.max(...intervals)) },
        frames: intervals.length,
        longFrames: intervals.filter((x) => x > LONG_FRAME).length,
        longFramesPerRun: r2(intervals.filter((x) => x > LONG_FRAME).length / runs.length),
        loaf: {
          count: loaf.length,
          duration: med('duration'),
          beforeRender: med('beforeRender'),
          rafCallbacks: med('rafCallbacks'),
          styleLayoutPaint: med('styleLayoutPaint'),
        },
        widgetUpdates: runs[0].updates.length
          ? {
              perRun: r2(runs.flatMap((r) => r.updates).length / runs.length),
              medianMs: r2(median(runs.flatMap((r) => r.updates))),
              p90Ms: r2(
                quantile(
                  runs.flatMap((r) => r.updates),
                  0.9,
                ),
              ),
            }
          : null,
        views: runs.map((r) => ({ peak: r.peak, end: r.end, before: r.before, afterFirstSide: r.afterFirstSide })),
      };
    };
    const interactions = {};
    for (const g of ['zoom', 'pan']) {
      interactions[g] = Object.fromEntries(SIDES.map((side) => [side, gestureSummary(gestures[g][side])]));
      process.stderr.write(
        `  ${g}: ${SIDES.map((side) => `${side} ${ms(interactions[g][side].stepMs.median)} ms (p90 ${ms(interactions[g][side].stepMs.p90)})`).join(', ')}\n`,
      );
    }

    // --- diagnostic: the widget's pan with parts of the map hidden (CSS only), to see what its frames paint ---
    const panParts = [];
    for (const hidden of PAN_PROBE ? [null, '.pin, .cluster', '.county-name', '.county'] : []) {
      const runs = [];
      for (let i = 0; i < PAN_PROBE_RUNS; i++) runs.push(await panRun('widget', hidden));
      const s = gestureSummary(runs);
      panParts.push({ hidden: hidden ?? 'nothing', stepMs: s.stepMs, loaf: s.loaf, longFrames: s.longFrames, frames: s.frames });
      process.stderr.write(`  pan probe, hidden ${hidden ?? 'nothing'}: ${ms(s.stepMs.median)} ms\n`);
    }

    // --- where the widget's time goes, and a reference frame rate ---
    const probes = [];
    for (const n of SIZES) probes.push(await page.evaluate((size) => window.bench.probe(size), n));
    const idle = await page.evaluate(() => window.bench.idle(1000));

    // --- first paint on a fresh page (BENCH_FRESH_ROUNDS), side order rotating ---
    const freshPaint = [];
    for (const n of FRESH_ROUNDS ? SIZES : []) {
      const runs = Object.fromEntries(SIDES.map((side) => [side, []]));
      for (let i = 0; i < FRESH_ROUNDS; i++)
        for (const side of orderOf(i)) {
          await page.goto(url);
          await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
          // The box measured above: measuring it again would draw a map before the trial.
          await page.evaluate((b) => window.bench.setBox(b), info.box);
          const r = await page.evaluate(([size, s]) => window.bench.round(size, [s]), [n, side]);
          runs[side].push(r[side]);
        }
      const out = { n, ...Object.fromEntries(SIDES.map((side) => [side, summary(runs[side])])) };
      for (const side of ECHARTS_SIDES) {
        out[side].speedup = r2(out[side].median / out.widget.median);
        out[side].pairedSpeedup = r2(median(runs.widget.map((x, i) => runs[side][i].total / x.total)));
      }
      freshPaint.push(out);
      process.stderr.write(
        `  fresh page, first paint ${n}: widget ${ms(out.widget.median)} ms; ${ECHARTS_SIDES.map((side) => `${side} ${ms(out[side].median)} ms (×${out[side].speedup.toFixed(2)})`).join('; ')}\n`,
      );
    }
    await context.close();

    const echartsGzip = gzipSync(Buffer.from(echartsCode), { level: 9 }).length;
    result = {
      date: started.toISOString(),
      goal: Object.fromEntries(
        SIZES.map((n) => [n, `widget first paint ≥ ${GOALS[n]}× faster than ECharts (median time to the painted frame)`]),
      ),
      sides: LABEL,
      machine: {
        chromium: browser.version(),
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        hardwareConcurrency: info.hardwareConcurrency,
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadavgBefore: loadBefore,
        loadavgAfter: os.loadavg().map(r2),
      },
      bundle: {
        bytes: bundle.length,
        gzipBytes: gzipSync(bundle, { level: 9 }).length,
        sha256: createHash('sha256').update(bundle).digest('hex'),
        mtime: statSync(BUNDLE).mtime.toISOString(),
      },
      echarts: {
        version: JSON.parse(readFileSync(fileURLToPath(new URL('../node_modules/echarts/package.json', import.meta.url)), 'utf8')).version,
        moduleBytes: echartsCode.length,
        moduleGzipBytes: echartsGzip,
      },
      setup: {
        region: REGION,
        sizes: SIZES,
        bodyBytes: {
          regions: bodies.regions.length,
          ...Object.fromEntries(SIZES.map((n) => [n, bodies.sizes[n].length])),
          columns: Object.fromEntries(SIZES.map((n) => [n, bodies.columns[n].length])),
        },
        viewport: '1280x900',
        mapBox: info.box,
        rounds: ROUNDS,
        warmup: WARMUP,
        gestureRounds: GESTURE_ROUNDS,
        freshRounds: FRESH_ROUNDS,
        zoom: { ...ZOOM, deltaY: r2(NOTCH), factorPerNotch: FACTOR },
        pan: PAN,
        gcBeforeEachTrial: info.gc,
        idleFrameIntervalMs: { median: r2(median(idle)), p90: r2(quantile(idle, 0.9)) },
      },
      firstPaint,
      freshPaint,
      interactions,
      panParts,
      probes: probes.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'number' ? r2(v) : v]))),
      problems: [...new Set(problems)],
    };
  } finally {
    await browser.close();
    await server.close();
  }

  if (!result) return;
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(process.env.BENCH_OUT || `${RESULTS}branch-map.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(report(result));
}

/**
 * BENCH_SHOTS=dir: instead of the bench, screenshots of the widget with 1,000
 * branches at 1280 and 320 px: the whole region, after 8 wheel notches in
 * over the middle, and after a drag of 40 px left and 20 px up. Taken the
 * same way for two builds (BENCH_BUNDLE), they show whether a change moved
 * anything on the map.
 */
async function shots(page, dir) {
  mkdirSync(dir, { recursive: true });
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    const r = await page.evaluate((n) => window.bench.mountFor('widget', n), 1000);
    const shot = (state) => page.screenshot({ path: `${dir}/${width}-${state}.png`, fullPage: true });
    await shot('region');
    const [cx, cy] = [r.x + r.width / 2, r.y + r.height / 2];
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 8; i++) {
      await page.mouse.wheel(0, -NOTCH);
      await page.evaluate(() => window.bench.frames(2));
    }
    await shot('zoomed');
    await page.mouse.down();
    for (let i = 1; i <= 4; i++) {
      await page.mouse.move(cx - 10 * i, cy - 5 * i);
      await page.evaluate(() => window.bench.frames(1));
    }
    await page.mouse.up();
    await page.evaluate(() => window.bench.frames(3));
    await page.mouse.move(1, 1);
    await page.evaluate(() => window.bench.frames(3));
    await shot('panned');
    await page.evaluate(() => window.bench.unmount());
  }
}

/**
 * BENCH_PROFILE=1: where the widget's time goes at 10,000 branches, without
 * ECharts: a CPU profile (CDP Profiler, 100 µs sampling) and a trace
 * (devtools.timeline) of each of `one-paint` (one first paint, of
 * BENCH_PROFILE_N branches, default 1,000, its main-thread events listed in
 * order), `first-paint` (BENCH_PROFILE_PAINTS first paints, default 10, of
 * BENCH_PROFILE_PAINT_N branches, default 10,000), `zoom`, `pan` (driven as the bench
 * drives them) and `pan-keys` (24 arrow-key pans). Prints per run the
 * functions with the most self time and the rendering work by kind (style
 * recalcs with the elements they restyled, layouts, paints); writes the
 * profiles to the temp directory for DevTools. BENCH_PROFILE_ONLY=zoom,pan
 * picks runs; BENCH_PROFILE_CSS adds a style sheet to the widget's shadow root
 * before a gesture (to see what a rule costs); BENCH_PROFILE_TRACE=categories
 * traces those and prints what the longest style recalc contained.
 */
async function profile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const gesture = async (kind) => {
    const [cx, cy] = await page.evaluate(async (n) => {
      const r = await window.bench.mountFor('widget', n);
      return [r.x + r.width / 2, r.y + r.height / 2];
    }, 10_000);
    if (process.env.BENCH_PROFILE_CSS)
      await page.evaluate((css) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        const root = document.querySelector('dj-branch-map').shadowRoot;
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      }, process.env.BENCH_PROFILE_CSS);
    await page.mouse.move(cx, cy);
    if (kind.startsWith('pan'))
      for (let i = 0; i < PAN.preZoom; i++) {
        await page.mouse.wheel(0, -NOTCH);
        await page.evaluate(() => window.bench.frames(2));
      }
    return [cx, cy];
  };
  const runs = {
    'one-paint': async () => {
      await page.evaluate((n) => window.bench.round(n, ['widget']), Number(process.env.BENCH_PROFILE_N) || 1000);
    },
    'first-paint': async () => {
      const n = Number(process.env.BENCH_PROFILE_PAINT_N) || 10_000;
      for (let i = 0; i < (Number(process.env.BENCH_PROFILE_PAINTS) || 10); i++)
        await page.evaluate((size) => window.bench.round(size, ['widget']), n);
    },
    zoom: async () => {
      for (let c = 0; c < ZOOM.cycles; c++)
        for (const dy of [-NOTCH, NOTCH])
          for (let i = 0; i < ZOOM.notches; i++) {
            await page.mouse.wheel(0, dy);
            await page.evaluate(() => window.bench.frames(1));
          }
    },
    pan: async ([x, y]) => {
      await page.mouse.down();
      for (const [dx, dy] of [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
      ])
        for (let i = 0; i < PAN.perSide; i++) {
          await page.mouse.move((x += dx * PAN.px), (y += dy * PAN.px));
          await page.evaluate(() => window.bench.frames(1));
        }
      await page.mouse.up();
    },
    'pan-keys': async () => {
      await page.evaluate(() => document.querySelector('dj-branch-map').shadowRoot.querySelector('svg.map-svg').focus());
      for (const key of ['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'])
        for (let i = 0; i < 6; i++) {
          await page.keyboard.press(key);
          await page.evaluate(() => window.bench.frames(1));
        }
    },
  };
  for (const [name, run] of Object.entries(runs)) {
    if (process.env.BENCH_PROFILE_ONLY && !process.env.BENCH_PROFILE_ONLY.split(',').includes(name)) continue;
    await page.evaluate(() => window.bench.round(10_000, ['widget']));
    const at = name.endsWith('paint') ? undefined : await gesture(name);
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', {
      traceConfig: {
        includedCategories: process.env.BENCH_PROFILE_TRACE ? process.env.BENCH_PROFILE_TRACE.split(',') : ['devtools.timeline', 'blink'],
      },
    });
    await cdp.send('Profiler.start');
    await run(at);
    const { profile: prof } = await cdp.send('Profiler.stop');
    await cdp.send('Tracing.end');
    await traced;
    cdp.removeAllListeners('Tracing.dataCollected');
    if (name === 'one-paint') {
      // The main thread's work in one first paint, in order: what happens between the data and the frame.
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
      const t0 = events.filter((e) => e.tid === main?.tid && e.ph === 'X').reduce((m, e) => Math.min(m, e.ts), Infinity);
      for (const e of events)
        if (e.tid === main?.tid && e.ph === 'X' && e.dur > 300 && !['RunTask', 'ThreadControllerImpl::RunTask'].includes(e.name))
          console.log(
            `${((e.ts - t0) / 1000).toFixed(1).padStart(7)} +${(e.dur / 1000).toFixed(1).padStart(6)} ${e.name} ${e.args?.data?.functionName ?? e.args?.data?.type ?? e.args?.data?.url ?? ''}`,
          );
    }
    if (process.env.BENCH_PROFILE_TRACE) {
      const longest = events.filter((e) => e.name === 'UpdateLayoutTree' && e.ph === 'X').sort((a, b) => b.dur - a.dur)[0];
      const inside = {};
      for (const e of events)
        if (e.tid === longest?.tid && e.ts >= longest.ts && e.ts < longest.ts + longest.dur && e.ph === 'X' && e !== longest) {
          const k = (inside[e.name] ??= { ms: 0, n: 0 });
          k.ms += (e.dur ?? 0) / 1000;
          k.n++;
        }
      console.log('longest UpdateLayoutTree', longest?.dur / 1000, JSON.stringify(longest?.args), JSON.stringify(inside));
    }
    // Rendering work by kind: style recalcs (with the elements they restyled), layouts, paints; total ms and count.
    const kinds = {};
    for (const e of events) {
      if (
        e.ph !== 'X' ||
        !['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'RasterTask', 'FunctionCall', 'EventDispatch'].includes(e.name)
      )
        continue;
      const k = (kinds[e.name] ??= { ms: 0, count: 0, elements: 0 });
      k.ms += (e.dur ?? 0) / 1000;
      k.count++;
      k.elements += e.args?.elementCount ?? e.args?.beginData?.elementCount ?? 0;
    }
    await page.evaluate(() => window.bench.unmount());
    const file = `${os.tmpdir()}/branch-map.${name}.cpuprofile`;
    writeFileSync(file, JSON.stringify(prof));
    const self = new Map();
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const dt = prof.timeDeltas;
    let busy = 0;
    prof.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      if (f.functionName === '(idle)' || f.functionName === '(program)') return;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      const t = (dt[i + 1] ?? 0) / 1000;
      busy += t;
      self.set(key, (self.get(key) ?? 0) + t);
    });
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 18);
    console.log(`\n### ${name}: ${ms(busy)} ms busy (profile: ${file})\n`);
    for (const [k, t] of top) console.log(`${ms(t).padStart(8)} ms ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${k}`);
    console.log(
      Object.entries(kinds)
        .map(([k, v]) => `${k}: ${v.count}× ${ms(v.ms)} ms${v.elements ? ` (${v.elements} elements)` : ''}`)
        .join('; '),
    );
  }
}

function report(r) {
  const fp = r.firstPaint;
  const phase = (s, k) => ms(s.phases[k]);
  /** The phases of each side's first paints, and the widget's updates one by one. */
  const phasesTable = (paints) => {
    const rows = [
      'Phases (medians, ms from t0): both bodies received / content in the DOM or on the canvas / forced style+layout / rest of the frame',
      '',
      '| branches | side | phases | more |',
      '|---:|---|---:|---|',
    ];
    for (const x of paints)
      for (const side of SIDES) {
        const p = x[side];
        const more =
          side === 'widget'
            ? `dj-load (fetched, parsed, validated): regions ${phase(p, 'regionsLoaded')}, branches ${phase(p, 'branchesLoaded')} ms from t0; updates (start: render+commit+updated()) ${p.steps.map((u) => `${ms(u.at)}: ${ms(u.ms)}${u.trials < p.totals.length ? ` (in ${u.trials} of ${p.totals.length})` : ''}`).join(', ')}; ${p.phases.elements} SVG elements`
            : `parsed ${phase(p, 'parsed')}, registerMap ${phase(p, 'registered')}, init ${phase(p, 'init')}, setOption returned ${phase(p, 'setOption')} ms from t0`;
        rows.push(
          `| ${x.n.toLocaleString('en')} | ${LABEL[side]} | ${phase(p, 'dataIn')} / ${phase(p, 'script')} / ${phase(p, 'layout')} / ${phase(p, 'frame')} | ${more} |`,
        );
      }
    return rows;
  };
  const fmt = (s) => `${ms(s.median)} (${ms(s.p90)})`;
  const lines = [
    '## <dj-branch-map> vs an ECharts map (echarts/core + Map + Scatter + Geo, canvas): Jining, 11 counties',
    '',
    `Chromium ${r.machine.chromium} headless · ${r.machine.cpus} CPUs (${r.machine.cpuModel}) · ${r.machine.platform} · Node ${r.machine.node} · ${r.date} · load average ${r.machine.loadavgBefore[0]} → ${r.machine.loadavgAfter[0]}`,
    `Widget bundle sha256 ${r.bundle.sha256.slice(0, 12)} (${(r.bundle.gzipBytes / 1024).toFixed(1)} KB gzip, the whole kit); ECharts ${r.echarts.version} module ${(r.echarts.moduleGzipBytes / 1024).toFixed(1)} KB gzip.`,
    `Map box ${r.setup.mapBox.width}×${r.setup.mapBox.height} px; bodies: regions ${(r.setup.bodyBytes.regions / 1024).toFixed(0)} KB, ${SIZES.map((n) => `${n} branches ${(r.setup.bodyBytes[n] / 1024).toFixed(0)} KB`).join(', ')}.`,
    '',
    `### First paint (load data → painted frame), ms, ${r.setup.rounds} rounds after ${r.setup.warmup} warm-up, side order rotating`,
    '',
    '| branches | widget median (p90) | ECharts defaults median (p90) | widget faster by | ECharts tuned median (p90) | widget faster by | goal |',
    '|---:|---:|---:|---:|---:|---:|---|',
    ...fp.map((x) => {
      const e = x.echarts;
      const t = x['echarts-tuned'];
      const verdict = `≥ ${x.goal}×: ${e.met ? 'met' : '**missed**'} vs defaults, ${t.met ? 'met' : '**missed**'} vs tuned`;
      return `| ${x.n.toLocaleString('en')} | ${fmt(x.widget)} | ${fmt(e)} | **${e.speedup.toFixed(2)}×** (${e.pairedSpeedup.toFixed(2)}×) | ${fmt(t)} | **${t.speedup.toFixed(2)}×** (${t.pairedSpeedup.toFixed(2)}×) | ${verdict} |`;
    }),
    '',
    'In brackets after a ratio: the median of the per-round ratios.',
    '',
    ...phasesTable(fp),
  ];
  if (r.freshPaint?.length)
    lines.push(
      '',
      `### First paint on a fresh page, ms: ${r.setup.freshRounds} rounds, each trial the page's first map, side order rotating`,
      '',
      '| branches | widget median | ECharts defaults median | widget faster by | ECharts tuned median | widget faster by |',
      '|---:|---:|---:|---:|---:|---:|',
      ...r.freshPaint.map((x) => {
        const [e, t] = [x.echarts, x['echarts-tuned']];
        return `| ${x.n.toLocaleString('en')} | ${ms(x.widget.median)} | ${ms(e.median)} | **${e.speedup.toFixed(2)}×** (${e.pairedSpeedup.toFixed(2)}×) | ${ms(t.median)} | **${t.speedup.toFixed(2)}×** (${t.pairedSpeedup.toFixed(2)}×) |`;
      }),
      '',
      ...phasesTable(r.freshPaint),
    );
  lines.push(
    '',
    `### Zoom and pan at 10,000 branches, ${r.setup.gestureRounds} runs per side, side order rotating`,
    '',
    `Zoom: ${r.setup.zoom.cycles} × (${r.setup.zoom.notches} wheel notches in, then ${r.setup.zoom.notches} out) over the map's middle, ×${r.setup.zoom.factorPerNotch} per notch on every side (deltaY ${r.setup.zoom.deltaY} px). Pan: a drag around a square, ${r.setup.pan.perSide} moves of ${r.setup.pan.px} px per side, at ×${r.setup.zoom.factorPerNotch}^${r.setup.pan.preZoom}. One input, then its frame.`,
    '',
    '| gesture | side | input → painted frame, median ms (p90, max) | frame interval median ms (p90) | frames > 50 ms | long animation frames: count, median ms (before rendering / rAF callbacks / style+layout+paint) |',
    '|---|---|---:|---:|---:|---:|',
  );
  for (const g of ['zoom', 'pan'])
    for (const side of SIDES) {
      const s = r.interactions[g][side];
      const l = s.loaf;
      lines.push(
        `| ${g} | ${LABEL[side]} | ${ms(s.stepMs.median)} (${ms(s.stepMs.p90)}, ${ms(s.stepMs.max)}) | ${ms(s.frameIntervalMs.median)} (${ms(s.frameIntervalMs.p90)}) | ${s.longFrames} of ${s.frames} | ${l.count ? `${l.count}: ${ms(l.duration)} (${ms(l.beforeRender)} / ${ms(l.rafCallbacks)} / ${ms(l.styleLayoutPaint)})` : 'none'} |`,
      );
    }
  const wz = r.interactions.zoom.widget;
  const wp = r.interactions.pan.widget;
  lines.push(
    '',
    `Widget render+commit per update: zoom ${ms(wz.widgetUpdates?.medianMs)} ms median (p90 ${ms(wz.widgetUpdates?.p90Ms)}), pan ${ms(wp.widgetUpdates?.medianMs)} ms (p90 ${ms(wp.widgetUpdates?.p90Ms)}). ` +
      `Widget map at the zoom's deepest view: ${wz.views[0]?.peak?.elements} SVG elements (${wz.views[0]?.peak?.pins} pins, ${wz.views[0]?.peak?.clusters} clusters); during the pan: ${wp.views[0]?.afterFirstSide?.elements} (${wp.views[0]?.afterFirstSide?.pins} pins, ${wp.views[0]?.afterFirstSide?.clusters} clusters).`,
    `Script per input (from the event to the end of its handlers, which for the widget includes its update: render, commit and \`updated()\`; ECharts draws later, in its rAF callbacks): ${[
      'zoom',
      'pan',
    ]
      .map(
        (g) =>
          `${g}: ${SIDES.map((side) => {
            const x = r.interactions[g][side].scriptMs;
            return `${LABEL[side]} ${ms(x.median)} ms (p90 ${ms(x.p90)}, max ${ms(x.max)}, ${x.over16} of ${x.of} over 16 ms)`;
          }).join('; ')}`,
      )
      .join('. ')}.`,
    `Zoom after the first ${r.setup.zoom.notches} notches in (expected ×${r2(r.setup.zoom.factorPerNotch ** r.setup.zoom.notches)}, also at the pan), and at the pan: ${SIDES.map((side) => `${LABEL[side]} ×${r2(r.interactions.zoom[side].views[0]?.peak?.zoom)}, ×${r2(r.interactions.pan[side].views[0]?.before?.zoom)}`).join('; ')}.`,
    '',
    "### The widget's pan with parts of its map hidden (diagnostic, CSS display: none in its shadow root)",
    '',
    '| hidden | input → painted frame, median ms (p90) | long animation frames: count, median ms (before rendering / rAF / style+layout+paint) |',
    '|---|---:|---:|',
    ...r.panParts.map(
      (p) =>
        `| ${p.hidden} | ${ms(p.stepMs.median)} (${ms(p.stepMs.p90)}) | ${p.loaf.count ? `${p.loaf.count}: ${ms(p.loaf.duration)} (${ms(p.loaf.beforeRender)} / ${ms(p.loaf.rafCallbacks)} / ${ms(p.loaf.styleLayoutPaint)})` : 'none'} |`,
    ),
    '',
    "### Where the widget's first paint goes (probes, medians of 9)",
    '',
    "| branches | UTF-8 decode of the branches | JSON.parse of the branches | valibot validation | the widget's check (fast-schema.ts) | project | cluster, first view (at ×2.1, ×4.6) | groups drawn (single pins) | SVG elements in the map |",
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const p of r.probes) {
    const z = Object.values(p.clusterZoomed);
    lines.push(
      `| ${p.n.toLocaleString('en')} | ${ms(p.decodeBranchesMs)} | ${ms(p.parseBranchesMs)} | ${ms(p.validateBranchesMs)} (regions ${ms(p.validateRegionsMs)}) | ${ms(p.checkBranchesMs)} | ${ms(p.projectMs)} | ${ms(p.clusterMs)} (${z.map((c) => `${ms(c.ms)}: ${c.groups} groups`).join(', ')}) | ${p.groups} (${p.singles}) | ${p.dom.mapElements} |`,
    );
  }
  lines.push(
    '',
    `Idle page frame interval: ${ms(r.setup.idleFrameIntervalMs.median)} ms median, ${ms(r.setup.idleFrameIntervalMs.p90)} ms p90.`,
  );
  if (r.problems.length) lines.push('', 'Console problems:', ...r.problems.map((p) => `- ${p}`));
  return lines.join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
