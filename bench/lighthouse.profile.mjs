/**
 * Where the demo page's main-thread time goes on a phone, as the Lighthouse bench's companion:
 * the page from the reference server in Chromium at Lighthouse's mobile viewport with the CPU
 * slowed four times, a devtools.timeline trace of the load (5 s), and every task over 30 ms
 * listed with its self time by kind of work and the scripts' top functions (from the trace's
 * own call frames), so that a long task can be traced to the widget that ran it. Then a second
 * load under a CPU profile (sampled every 0.1 ms, the same ×4): the kit's functions with the most
 * self time, each at its source file and line through dist/dj-widgets.js.map. Self time includes
 * what a function makes the engine do on its behalf: a forced layout, or an Intl formatter's first
 * load of locale data.
 *
 *   npm run build && node bench/lighthouse.profile.mjs
 */
import { readFileSync } from 'node:fs';
import { SourceMapConsumer } from 'source-map-js';
import { launchChromium } from './browser.mjs';
import { ROOT, startServer } from '../test/support/server.mjs';

const server = await startServer();
const browser = await launchChromium();
try {
  const context = await browser.newContext({
    viewport: { width: 412, height: 823 },
    deviceScaleFactor: 1.75,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.goto(`${server.origin}/${process.env.LH_QUERY ?? ''}`, { waitUntil: 'load' });
  await page.waitForTimeout(5000);
  const lcp = await page.evaluate(
    () =>
      new Promise((resolve) =>
        new PerformanceObserver((list) => {
          const last = list.getEntries().at(-1);
          // An element in a shadow root is not exposed (null); the URL of an image is.
          resolve(
            last
              ? `${last.element?.localName ?? '(in a shadow root)'} ${last.url || '(text)'} at ${Math.round(last.startTime)} ms`
              : 'none',
          );
        }).observe({ type: 'largest-contentful-paint', buffered: true }),
      ),
  );
  const image = await page.evaluate(() => {
    const img = document.querySelector('dj-brand-card')?.shadowRoot?.querySelector('img');
    return img ? `loading=${img.loading} fetchpriority=${img.fetchPriority}` : 'no image';
  });
  console.log(`largest paint: ${lcp}; the first card's image: ${image}`);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  const all = trace.traceEvents ?? trace;
  const mains = new Set(all.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const events = all.filter((e) => e.ph === 'X' && e.dur != null && mains.has(`${e.pid}:${e.tid}`));
  const mainThread = events.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = mainThread.filter((e) => e.name === 'RunTask' && e.dur > 30_000);
  const t0 = mainThread[0].ts;
  for (const task of tasks) {
    const inside = mainThread.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const byName = {};
    const fns = {};
    for (const e of inside) {
      const children = inside.filter((c) => c !== e && c.ts >= e.ts && c.ts + c.dur <= e.ts + e.dur);
      // Direct children only: deeper ones are inside those.
      const direct = children.filter((c) => !children.some((p) => p !== c && c.ts >= p.ts && c.ts + c.dur <= p.ts + p.dur));
      const self = e.dur - direct.reduce((s, c) => s + c.dur, 0);
      byName[e.name] = (byName[e.name] ?? 0) + self;
      const frame = e.args?.data?.functionName || e.args?.data?.url?.split('/').pop();
      if (e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'TimerFire' || e.name === 'EventDispatch')
        fns[`${e.name} ${frame ?? ''} ${e.args?.data?.type ?? ''}`] = (fns[`${e.name} ${frame ?? ''}`] ?? 0) + e.dur;
    }
    const top = Object.entries(byName)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6);
    console.log(`task at ${((task.ts - t0) / 1000).toFixed(0)} ms: ${(task.dur / 1000).toFixed(0)} ms (4× slowed)`);
    console.log(`  ${top.map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`).join(', ')}`);
    console.log(
      `  ${Object.entries(fns)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([n, d]) => `${n.trim()} ${(d / 1000).toFixed(0)}`)
        .join('; ')}`,
    );
  }

  // The same load under a CPU profile: the kit's functions by self time, at their source lines.
  const second = await context.newPage();
  const profiler = await context.newCDPSession(second);
  await profiler.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await profiler.send('Profiler.enable');
  await profiler.send('Profiler.setSamplingInterval', { interval: 100 });
  await profiler.send('Profiler.start');
  await second.goto(`${server.origin}/${process.env.LH_QUERY ?? ''}`, { waitUntil: 'load' });
  await second.waitForTimeout(3000);
  const { profile } = await profiler.send('Profiler.stop');
  const map = new SourceMapConsumer(JSON.parse(readFileSync(`${ROOT}dist/dj-widgets.js.map`, 'utf8')));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id);
    if (!frame.url.endsWith('/dj-widgets.js')) return;
    const at = map.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
    const key = `${frame.functionName || '(top level)'} ${at.source?.replace(/^(\.\.\/)+/, '') ?? '?'}:${at.line ?? '?'}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  console.log('The kit’s functions by self time, ms (4× slowed), at their sources:');
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${ms.toFixed(1).padStart(6)} ${key}`);
} finally {
  await browser.close();
  await server.stop();
}
