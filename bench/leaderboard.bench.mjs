/**
 * Benchmark: <dj-liaison-leaderboard> (the built bundle) against a plain
 * innerHTML table of the same rows, 100 groups × 20 units, in headless
 * Chromium. Reports; never asserts (exit code 0 when the goal is missed).
 *
 *   npm run build   # or: npx vite build (only dist/dj-widgets.js is needed)
 *   node bench/leaderboard.bench.mjs
 *
 * Env: BENCH_ROUNDS (measured rounds per scenario, default 30),
 * BENCH_WARMUP (default 5), CHROME_PATH (default /usr/bin/chromium),
 * BENCH_ALLOW_NO_CJK=1 to measure without a CJK font (marked in the report),
 * BENCH_BUNDLE (another build of dj-widgets.js, e.g. `npx vite build --outDir
 * /tmp/x`), BENCH_PROFILE=1 (instead of timing: where a first render's time
 * goes, from a trace and a CPU profile; see leaderboard.profile.mjs),
 * BENCH_QUICK=1 (first render only, printed, nothing written).
 * Writes bench/results/leaderboard.json. Method: bench/README.md.
 *
 * Readers see Chinese text in a CJK font, and shaping and laying out
 * Chinese in one costs differently from drawing tofu boxes from a Latin
 * fallback. So the bench records which font Chromium actually drew the
 * tables' Chinese text with, and refuses to measure when none is a CJK font.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.mjs';
import { createServer } from 'vite';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUNDLE = process.env.BENCH_BUNDLE || fileURLToPath(new URL('../dist/dj-widgets.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 30;
const WARMUP = Number(process.env.BENCH_WARMUP) || 5;
const GOAL = 1.2;
const METRICS = ['score', 'fiveStarShare', 'fiveStarCount', 'branchCount'];

const SCENARIOS = [
  { op: 'render', label: 'first render' },
  ...METRICS.map((m) => ({ op: `sort:${m}`, label: m === 'score' ? 'sort by score (flip to ascending)' : `sort by ${m}` })),
];

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}
const median = (xs) => quantile(xs, 0.5);
const r2 = (x) => Math.round(x * 100) / 100;
const ms = (x) => x.toFixed(1);

/** What fontconfig offers for Chinese, and the Debian package version of Noto CJK. */
function systemCjkFonts() {
  const run = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const families = new Set(
    run('fc-list', [':lang=zh', 'family'])
      .split(/[\n,]/)
      .map((f) => f.trim())
      .filter(Boolean),
  );
  return {
    zhFamilies: [...families].sort(),
    sansSerifZh: run('fc-match', ['sans-serif:lang=zh-cn', 'family']) || null,
    package: run('dpkg-query', ['-W', '-f=${Package} ${Version}', 'fonts-noto-cjk']) || null,
  };
}

/**
 * The fonts Chromium drew each side's Chinese text with (caption and a
 * leader unit's cell; CSS.getPlatformFontsForNode), and whether each of
 * those texts got at least one of fontconfig's Chinese families.
 */
async function fontsInUse(page, system) {
  await page.evaluate(() => window.bench.mountForFonts());
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const probes = [];
    const walk = (node) => {
      const at = node.attributes?.indexOf('data-font-probe') ?? -1;
      if (at >= 0 && at % 2 === 0) probes.push({ text: node.attributes[at + 1], nodeId: node.nodeId });
      for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) walk(child);
    };
    walk(root);
    const zh = new Set(system.zhFamilies);
    const out = [];
    for (const { text, nodeId } of probes) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      out.push({ text, cjk: fonts.some((f) => zh.has(f.familyName)), fonts });
    }
    return out;
  } finally {
    await cdp.detach();
    await page.evaluate(() => window.bench.unmount());
  }
}

/** "Noto Sans CJK SC (NotoSansCJKsc-Regular)" for the fonts that drew the most glyphs. */
function fontNames(probes) {
  const glyphs = new Map();
  for (const f of probes.flatMap((p) => p.fonts)) {
    const name = `${f.familyName} (${f.postScriptName})`;
    glyphs.set(name, (glyphs.get(name) ?? 0) + f.glyphCount);
  }
  return [...glyphs].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name}: ${n} glyphs`);
}

/**
 * Requests under /__bench-hold stay open: the widget's endpoint never answers.
 * /dist/dj-widgets.js is the bundle as read when the bench started, so a
 * rebuild of dist/ during a run changes nothing (and BENCH_BUNDLE can name
 * another build).
 */
function holdPlugin(held, bundle) {
  return {
    name: 'bench-hold',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== '/dist/dj-widgets.js') return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cache-Control', 'no-store');
        res.end(bundle);
      });
      server.middlewares.use('/__bench-hold', (_req, res) => {
        held.add(res);
        res.on('close', () => held.delete(res));
      });
    },
  };
}

async function main() {
  if (!existsSync(BUNDLE)) {
    console.error(`${BUNDLE} is missing: run \`npm run build\` (or \`npx vite build\`) first.`);
    process.exitCode = 1;
    return;
  }
  const allowNoCjk = process.env.BENCH_ALLOW_NO_CJK === '1';
  const noCjk = (why) =>
    `NO CJK FONT: ${why}. Readers' machines draw Chinese with a CJK font, and the widget's and the table's text ` +
    'costs differ with one: install one (Debian, as root: apt-get install -y fonts-noto-cjk) and run again, ' +
    'or set BENCH_ALLOW_NO_CJK=1 to measure anyway (the report is then marked).';
  const system = systemCjkFonts();
  if (!system.zhFamilies.length) {
    const message = noCjk('`fc-list :lang=zh` lists no font');
    if (!allowNoCjk) {
      console.error(message);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`WARNING: ${message}\n`);
  }
  const bundle = readFileSync(BUNDLE);
  const held = new Set();
  const server = await createServer({
    root: ROOT,
    // Not 'development': there vite.config.ts serves the sources for /dist/dj-widgets.js.
    mode: 'bench',
    logLevel: 'warn',
    clearScreen: false,
    // No HMR or file watching: other people's edits must not reload the page mid-run.
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false, watch: null },
    plugins: [holdPlugin(held, bundle)],
  });
  await server.listen();
  const url = `http://127.0.0.1:${server.httpServer.address().port}/bench/leaderboard.html`;
  const browser = await launchChromium();

  const problems = [];
  /** One context and page at a time: a second headless page gets no animation frames. */
  async function open(reducedMotion) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', reducedMotion });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()} ${m.location().url}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
    return { context, page };
  }

  /** Warm-up, then ROUNDS rounds of `a` and `b`, alternating which goes first. */
  async function measure(page, op, tag, [a, b] = ['widget', 'plain']) {
    const round = (i) => page.evaluate(([o, order]) => window.bench.round(o, order), [op, i % 2 ? [b, a] : [a, b]]);
    for (let i = 0; i < WARMUP; i++) await round(i);
    const runs = { [a]: [], [b]: [] };
    for (let i = 0; i < ROUNDS; i++) {
      const r = await round(i);
      runs[a].push(r[a]);
      runs[b].push(r[b]);
    }
    const summary = (xs) => {
      const med = (k) => r2(median(xs.map((x) => x[k])));
      return {
        median: med('total'),
        p90: r2(
          quantile(
            xs.map((x) => x.total),
            0.9,
          ),
        ),
        phases: { script: med('script'), fit: med('fit'), layout: med('layout'), frame: med('frame'), connect: med('connect') },
        work: r2(median(xs.map((x) => x.script + x.layout))),
        // The fastest trial: what the work costs when the shared machine lets it run.
        min: { total: r2(Math.min(...xs.map((x) => x.total))), script: r2(Math.min(...xs.map((x) => x.script - x.fit))) },
        totals: xs.map((x) => r2(x.total)),
      };
    };
    const out = { op, [a]: summary(runs[a]), [b]: summary(runs[b]) };
    out.ratio = r2(out[a].median / out[b].median);
    // Per round: both sides ran back to back, so a slow spell of the machine hits both.
    out.pairedRatio = r2(median(runs[a].map((x, i) => x.total / runs[b][i].total)));
    out.workRatio = r2(out[a].work / out[b].work);
    process.stderr.write(`  ${tag} ${op}: ${a} ${ms(out[a].median)} ms, ${b} ${ms(out[b].median)} ms, ×${out.ratio.toFixed(2)}\n`);
    return out;
  }

  const started = new Date();
  const loadBefore = os.loadavg().map(r2);
  let result;
  try {
    let { context, page } = await open('reduce');
    if (process.env.BENCH_PROFILE === '1') {
      const { profileRender } = await import('./leaderboard.profile.mjs');
      const profile = await profileRender(page, { bundle: BUNDLE, rounds: ROUNDS, warmup: WARMUP });
      profile.machine = { chromium: browser.version(), cpuModel: os.cpus()[0]?.model, loadavg: os.loadavg().map(r2) };
      profile.bundle = { sha256: createHash('sha256').update(bundle).digest('hex') };
      mkdirSync(RESULTS, { recursive: true });
      writeFileSync(`${RESULTS}leaderboard-profile.json`, `${JSON.stringify(profile, null, 2)}\n`);
      console.log(profile.report);
      await context.close();
      return;
    }
    const info = await page.evaluate(() => window.bench.info());
    const drawn = await fontsInUse(page, system);
    const fonts = { cjk: drawn.every((p) => p.cjk), drawnWith: fontNames(drawn), fontconfig: system, probes: drawn };
    process.stderr.write(`fonts: Chinese text drawn with ${fonts.drawnWith.join('; ')}\n`);
    if (!fonts.cjk) {
      const message = noCjk(`Chromium drew the tables' Chinese text with ${fonts.drawnWith.join('; ')}`);
      if (!allowNoCjk) throw new Error(message);
      process.stderr.write(`WARNING: ${message}\n`);
    }
    const twin = await page.evaluate(() => window.bench.check());
    process.stderr.write(`twin check: ${twin.identical ? 'same DOM' : 'DIFFERENT DOM'}\n`);
    for (const s of twin.states.filter((x) => !x.same)) {
      process.stderr.write(`  ${s.op} differs at line ${s.at}:\n    widget: ${s.widget.join(' | ')}\n    plain:  ${s.plain.join(' | ')}\n`);
    }
    if (process.env.BENCH_QUICK === '1') {
      // First render only, printed and not written: for trying a change.
      for (const side of ['widget', 'plain', 'widget', 'plain']) {
        const x = await page.evaluate((sd) => window.bench.scriptOnly(sd, 30), side);
        console.log(`script only, ${side}: fastest ${ms(x.min)} ms, median ${ms(x.median)} ms`);
      }
      const r = await measure(page, 'render', 'quick');
      const p = (x) =>
        `script ${ms(x.phases.script - x.phases.fit)} + fit ${ms(x.phases.fit)} + layout ${ms(x.phases.layout)} + frame ${ms(x.phases.frame)}`;
      console.log(
        `first render: widget ${ms(r.widget.median)} ms, plain ${ms(r.plain.median)} ms, ×${r.ratio} (per-round ×${r.pairedRatio})`,
      );
      console.log(`  widget ${p(r.widget)}; plain ${p(r.plain)}`);
      console.log(
        `  fastest: widget ${ms(r.widget.min.total)} (script ${ms(r.widget.min.script)}), plain ${ms(r.plain.min.total)} (script ${ms(r.plain.min.script)})`,
      );
      await context.close();
      return;
    }
    const idle = await page.evaluate(() => window.bench.idleFrame(30));
    const reduce = [];
    for (const s of SCENARIOS) reduce.push({ ...(await measure(page, s.op, 'reduce')), label: s.label });
    // Reference only: the same plain table with and without the widget's CSS.
    const css = await measure(page, 'render', 'css', ['plain', 'bare']);
    await context.close();

    // The FLIP animation of re-sorts runs only when motion is allowed: the sorts again, reported apart.
    ({ context, page } = await open('no-preference'));
    const motion = [];
    for (const s of SCENARIOS.slice(1)) motion.push({ ...(await measure(page, s.op, 'motion')), label: s.label });
    const flip = [];
    for (let i = 0; i < 5; i++) flip.push(await page.evaluate(() => window.bench.flipProbe('branchCount')));
    await context.close();

    result = {
      date: started.toISOString(),
      goal: `widget ≤ ${GOAL}× plain (median time to the next frame)`,
      machine: {
        chromium: browser.version(),
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        hardwareConcurrency: info.hardwareConcurrency,
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadavgBefore: loadBefore,
        loadavgAfter: os.loadavg().map(r2),
        fonts,
      },
      bundle: {
        bytes: bundle.length,
        sha256: createHash('sha256').update(bundle).digest('hex'),
        mtime: statSync(BUNDLE).mtime.toISOString(),
      },
      setup: {
        groups: 100,
        unitsPerGroup: 20,
        jsonBytes: info.jsonBytes,
        jsonParseMs: r2(info.parseMs),
        viewport: '1280x900',
        rounds: ROUNDS,
        warmup: WARMUP,
        gcBeforeEachTrial: info.gc,
        idleFrameMs: { median: r2(median(idle)), p90: r2(quantile(idle, 0.9)) },
      },
      twin,
      reducedMotion: reduce,
      noPreference: motion,
      cssReference: css,
      flipProbe: {
        metric: 'branchCount',
        runs: flip.length,
        scriptMs: r2(median(flip.map((f) => f.script))),
        rectCalls: median(flip.map((f) => f.rect.calls)),
        rectMs: r2(median(flip.map((f) => f.rect.ms))),
        slowRectCalls: median(flip.map((f) => f.rect.slow)),
        slowRectMs: r2(median(flip.map((f) => f.rect.slowMs))),
        slowRectCallsRightAfterAnimate: median(flip.map((f) => f.rect.slowAfterAnimate)),
        animateCalls: median(flip.map((f) => f.animate.calls)),
        animateMs: r2(median(flip.map((f) => f.animate.ms))),
      },
      problems: [...new Set(problems)],
    };
  } finally {
    await browser.close();
    for (const res of held) res.destroy();
    await server.close();
  }

  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}leaderboard.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(report(result));
}

function report(r) {
  const head =
    '| scenario | widget median ms (p90) | plain median ms (p90) | ratio | median of per-round ratios |\n|---|---:|---:|---:|---:|';
  const row = (x) =>
    `| ${x.label} | ${ms(x.widget.median)} (${ms(x.widget.p90)}) | ${ms(x.plain.median)} (${ms(x.plain.p90)}) | **${x.ratio.toFixed(2)}×** | ${x.pairedRatio.toFixed(2)}× |`;
  const phases = (p) => `${ms(p.phases.script)} / ${ms(p.phases.layout)} / ${ms(p.phases.frame)}`;
  const phaseRow = (x, suffix = '') => `| ${x.label}${suffix} | ${phases(x.widget)} | ${phases(x.plain)} | ${x.workRatio.toFixed(2)}× |`;
  const f = r.flipProbe;
  const render = r.reducedMotion[0];
  const met = r.reducedMotion.filter((x) => x.ratio <= GOAL).length;
  return [
    '## <dj-liaison-leaderboard> vs plain innerHTML table, 100 groups × 20 units',
    '',
    `Chromium ${r.machine.chromium} headless · ${r.machine.cpus} CPUs (${r.machine.cpuModel}) · ${r.machine.platform} · Node ${r.machine.node} · ${r.date} · load average ${r.machine.loadavgBefore[0]} → ${r.machine.loadavgAfter[0]}`,
    `${r.setup.rounds} measured rounds after ${r.setup.warmup} warm-up rounds per scenario, sides alternating; ms to the next produced frame; ratio = widget median / plain median.`,
    `Bundle sha256 ${r.bundle.sha256.slice(0, 12)} (${r.bundle.bytes} B, built ${r.bundle.mtime}); JSON ${(r.setup.jsonBytes / 1024).toFixed(0)} KB.`,
    `Fonts: Chinese text drawn with ${r.machine.fonts.drawnWith.join('; ')}; fontconfig's sans-serif for zh-CN: ${r.machine.fonts.fontconfig.sansSerifZh ?? 'none'}; ${r.machine.fonts.fontconfig.package ?? 'fonts-noto-cjk not installed'}.`,
    ...(r.machine.fonts.cjk ? [] : ['', '**WARNING: NO CJK FONT drew the Chinese text; these figures are not what readers get.**', '']),
    `Twin check: ${r.twin.identical ? 'same DOM as the widget (elements, attributes, text) after render and after each sort' : 'DOM DIFFERS from the widget, the comparison is not fair (see leaderboard.json)'}.`,
    '',
    '### prefers-reduced-motion: reduce',
    '',
    head,
    ...r.reducedMotion.map(row),
    '',
    `Goal ≤ ${GOAL}×: met in ${met} of ${r.reducedMotion.length} scenarios.`,
    '',
    '### prefers-reduced-motion: no-preference (the widget animates row moves; the table does not)',
    '',
    head,
    ...r.noPreference.map(row),
    '',
    '### Phases (medians, ms: script / forced style+layout / rest of frame)',
    '',
    '| scenario | widget | plain | ratio of script+layout |\n|---|---:|---:|---:|',
    ...r.reducedMotion.map((x) => phaseRow(x)),
    ...r.noPreference.map((x) => phaseRow(x, ' (no-preference)')),
    '',
    `- First render, widget constructor + connectedCallback (JSON.parse + valibot validation of the snapshot): ${ms(render.widget.phases.connect)} ms; JSON.parse of the same text alone: ${ms(r.setup.jsonParseMs)} ms.`,
    `- The same plain table without the widget's CSS renders in ${ms(r.cssReference.bare.median)} ms (style+layout ${ms(r.cssReference.bare.phases.layout)} ms) vs ${ms(r.cssReference.plain.median)} ms (${ms(r.cssReference.plain.phases.layout)} ms) with it.`,
    `- A no-preference sort (by branchCount, median of ${f.runs}): ${ms(f.scriptMs)} ms of script; ${f.rectCalls} getBoundingClientRect() calls took ${ms(f.rectMs)} ms, ${f.slowRectCalls} of them ≥ 0.5 ms (${ms(f.slowRectMs)} ms), ${f.slowRectCallsRightAfterAnimate} of those right after an animate() call; ${f.animateCalls} animate() calls took ${ms(f.animateMs)} ms.`,
    `- Idle page, time from a random moment to the next produced frame: ${ms(r.setup.idleFrameMs.median)} ms median, ${ms(r.setup.idleFrameMs.p90)} ms p90 (waiting for a frame is in every total, on both sides).`,
    ...(r.problems.length ? ['', 'Console problems:', ...r.problems.map((p) => `- ${p}`)] : []),
  ].join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
