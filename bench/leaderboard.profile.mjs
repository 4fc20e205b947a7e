/**
 * Where a first render's time goes, widget against twin: the profile half of
 * the leaderboard bench (`BENCH_PROFILE=1 node bench/leaderboard.bench.mjs`).
 *
 * Two passes over the same render trials as the timed bench, sides
 * alternating:
 *
 * 1. A Chrome trace (devtools.timeline) with user-timing marks around each
 *    timed window. Every main-thread event inside a window is counted by its
 *    self time (its duration less its children's), so style recalculation
 *    (UpdateLayoutTree), layout, paint and script add up without double
 *    counting. Counts of work come with them: elements whose style was
 *    recalculated, layout objects laid out.
 * 2. A V8 CPU profile (CDP Profiler, 100 µs samples) of the widget's render
 *    trials alone, self time per function mapped through the bundle's source
 *    map to its source file, then summed per module (lit-html, valibot, the
 *    widget…). It spans whole trials, set-up included, so `gc()` before each
 *    trial shows as (garbage collector); (program) is native work, mostly
 *    style and layout.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const ms = (x) => x.toFixed(2);

/** Trace event names, by what they are. Anything else is "other". */
const KIND = {
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  UpdateLayer: 'paint',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  UpdateLayerTree: 'paint',
  Commit: 'paint',
  FunctionCall: 'script',
  EvaluateScript: 'script',
  RunMicrotasks: 'script',
  'v8.run': 'script',
  'v8.callFunction': 'script',
  V8Execute: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  HitTest: 'other',
  MajorGC: 'gc',
  MinorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MARK_COMPACTOR': 'gc',
  'BlinkGC.AtomicPhase': 'gc',
  ParseHTML: 'parse',
};

async function trace(page, rounds) {
  const browser = page.context().browser();
  await page.evaluate(() => window.bench.setMarks(true));
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8', 'blink'],
  });
  for (let i = 0; i < rounds; i++)
    await page.evaluate((order) => window.bench.round('render', order), i % 2 ? ['plain', 'widget'] : ['widget', 'plain']);
  const buffer = await browser.stopTracing();
  await page.evaluate(() => window.bench.setMarks(false));
  if (process.env.BENCH_TRACE_FILE) writeFileSync(process.env.BENCH_TRACE_FILE, buffer);
  const events = JSON.parse(buffer.toString()).traceEvents;

  // The timed windows, from the marks, on the renderer's main thread.
  const marks = events.filter((e) => e.cat?.includes('blink.user_timing') && e.name?.startsWith('bench:')).sort((a, b) => a.ts - b.ts);
  if (!marks.length) throw new Error('no bench marks in the trace');
  const { pid, tid } = marks[0];
  const windows = [];
  const open = {};
  for (const m of marks) {
    const [, side, edge] = m.name.split(':');
    if (edge === 'start') open[side] = m.ts;
    else if (open[side] !== undefined) windows.push({ side, from: open[side], to: m.ts });
  }

  const main = events
    .filter((e) => e.ph === 'X' && e.pid === pid && e.tid === tid && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Self time: nested complete events on one thread form a tree.
  const self = new Map();
  const stack = [];
  for (const e of main) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent, self.get(parent) - e.dur);
    self.set(e, e.dur);
    stack.push(e);
  }
  const out = {};
  for (const side of ['widget', 'plain']) {
    const mine = windows.filter((w) => w.side === side);
    const byName = new Map();
    const byKind = {};
    const work = { styleElements: 0, layoutObjects: 0, styleRecalcs: 0, layouts: 0 };
    for (const e of main) {
      if (!mine.some((w) => e.ts >= w.from && e.ts < w.to)) continue;
      const t = self.get(e) / 1000;
      byName.set(e.name, (byName.get(e.name) ?? 0) + t);
      const kind = KIND[e.name] ?? (e.cat?.includes('v8') ? 'script' : 'other');
      byKind[kind] = (byKind[kind] ?? 0) + t;
      if (e.name === 'UpdateLayoutTree') {
        work.styleRecalcs++;
        work.styleElements += e.args?.elementCount ?? 0;
      }
      if (e.name === 'Layout') {
        work.layouts++;
        work.layoutObjects += e.args?.beginData?.dirtyObjects ?? 0;
      }
    }
    const n = mine.length;
    const wall = mine.reduce((sum, w) => sum + (w.to - w.from) / 1000, 0) / n;
    out[side] = {
      trials: n,
      wallMs: wall,
      perTrialMs: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v / n])),
      topEvents: [...byName]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 14)
        .map(([name, t]) => ({ name, ms: t / n })),
      workPerTrial: Object.fromEntries(Object.entries(work).map(([k, v]) => [k, v / n])),
    };
  }
  return out;
}

/** Source file of a bundle position → a module name worth reading. */
function moduleOf(source) {
  if (!source) return '(bundle, unmapped)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(source);
  if (m) return `${m[1]}/${m[2].split('/').at(-1)}`;
  // Relative to the repository, wherever the bundle was built.
  return source.replace(/^(\.\.\/)+/, '').replace(/^.*?(?=(src|mocks)\/)/, '');
}

/** `run` is 'trials' (whole timed trials) or 'script' (renders without fit() or frames: bench.scriptOnly). */
async function cpuProfile(page, rounds, bundlePath, run = 'trials') {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  if (run === 'script') await page.evaluate((n) => window.bench.scriptOnly('widget', n), rounds);
  else for (let i = 0; i < rounds; i++) await page.evaluate(() => window.bench.trial('widget', 'render'));
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();

  let consumer;
  const mapPath = `${bundlePath}.map`;
  if (existsSync(mapPath)) {
    // source-map-js comes with Vite; without it the report shows minified names.
    const { SourceMapConsumer } = await import('source-map-js').catch(() => ({}));
    if (SourceMapConsumer) consumer = new SourceMapConsumer(JSON.parse(readFileSync(mapPath, 'utf8')));
  }
  const selfUs = new Map();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map();
  const byModule = new Map();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id);
    if (!us) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let name = functionName || '(anonymous)';
    let module = url ? url.replace(/^https?:\/\/[^/]+/, '') : name;
    if (url.endsWith('/dist/dj-widgets.js') && consumer) {
      const pos = consumer.originalPositionFor({ line: lineNumber + 1, column: columnNumber });
      module = moduleOf(pos.source);
      name = `${pos.name ?? name} (${module}:${pos.line})`;
    } else if (url) name = `${name} (${module}:${lineNumber + 1})`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us / 1000);
    byModule.set(module, (byModule.get(module) ?? 0) + us / 1000);
  }
  const top = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, t]) => ({ name, ms: t / rounds }));
  return { trials: rounds, sourceMapped: !!consumer, byModule: top(byModule, 16), byFunction: top(byFunction, 25) };
}

export async function profileRender(page, { bundle, rounds = 30, warmup = 5 }) {
  for (let i = 0; i < warmup; i++) await page.evaluate(() => window.bench.round('render', ['widget', 'plain']));
  const phases = await trace(page, rounds);
  const cpu = await cpuProfile(page, rounds, bundle);
  const script = await cpuProfile(page, rounds, bundle, 'script');
  const kinds = [...new Set([...Object.keys(phases.widget.perTrialMs), ...Object.keys(phases.plain.perTrialMs)])].sort(
    (a, b) => (phases.widget.perTrialMs[b] ?? 0) - (phases.widget.perTrialMs[a] ?? 0),
  );
  const report = [
    `## Where a first render's time goes (trace of ${rounds} render trials per side, self times per trial, ms)`,
    '',
    '| | widget | plain | widget − plain |',
    '|---|---:|---:|---:|',
    `| timed window (wall) | ${ms(phases.widget.wallMs)} | ${ms(phases.plain.wallMs)} | ${ms(phases.widget.wallMs - phases.plain.wallMs)} |`,
    ...kinds.map((k) => {
      const [w, p] = [phases.widget.perTrialMs[k] ?? 0, phases.plain.perTrialMs[k] ?? 0];
      return `| ${k} | ${ms(w)} | ${ms(p)} | ${ms(w - p)} |`;
    }),
    `| elements whose style was recalculated | ${phases.widget.workPerTrial.styleElements} | ${phases.plain.workPerTrial.styleElements} | |`,
    `| layout objects laid out | ${phases.widget.workPerTrial.layoutObjects} | ${phases.plain.workPerTrial.layoutObjects} | |`,
    `| style recalcs / layouts | ${phases.widget.workPerTrial.styleRecalcs} / ${phases.widget.workPerTrial.layouts} | ${phases.plain.workPerTrial.styleRecalcs} / ${phases.plain.workPerTrial.layouts} | |`,
    '',
    'Top trace events by self time (widget | plain):',
    '',
    ...phases.widget.topEvents.map((e, i) => {
      const p = phases.plain.topEvents[i];
      return `- ${e.name} ${ms(e.ms)} | ${p ? `${p.name} ${ms(p.ms)}` : ''}`;
    }),
    '',
    `### Widget render, CPU profile (${cpu.trials} trials, whole trial incl. set-up; self ms per trial${cpu.sourceMapped ? ', source-mapped' : ''})`,
    '',
    'By module:',
    '',
    ...cpu.byModule.map((m) => `- ${ms(m.ms)} ${m.name}`),
    '',
    'By function:',
    '',
    ...cpu.byFunction.map((m) => `- ${ms(m.ms)} ${m.name}`),
    '',
    `### Widget render, script alone (${script.trials} renders without fit() or frames: bench.scriptOnly; self ms per render)`,
    '',
    'By module:',
    '',
    ...script.byModule.map((m) => `- ${ms(m.ms)} ${m.name}`),
    '',
    'By function:',
    '',
    ...script.byFunction.map((m) => `- ${ms(m.ms)} ${m.name}`),
  ].join('\n');
  return { rounds, phases, cpu, script, report };
}
