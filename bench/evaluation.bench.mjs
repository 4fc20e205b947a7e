/**
 * Where the single file's evaluation goes, on the demo page with every widget: the module's own
 * task, and each widget's definition, which on this lazy page comes in a later task of its own
 * (src/index.ts), as Lighthouse counts the kit's long tasks. The kit is built once more with a mark at the start of
 * every module (`performance.mark`, added by a plugin to this build only) and the page's
 * `customElements.define` wrapped in marks, so that each module's top-level code and each tag's
 * definition (the upgrade of every element of that tag on the page) get their own time. The demo
 * page from the reference server, in Chromium at Lighthouse's mobile viewport with the CPU slowed
 * four times, a fresh browser for every load (no code cache), the probe build served in place of
 * dist/dj-widgets.js.
 *
 * The build opens with V8's explicit compile hint (`//# allFunctionsCalledOnLoad`: every function
 * compiled eagerly, off the main thread, while the file streams in). EVAL_HINT=1 loads, by turns
 * with the build as it is, the same build without that line.
 *
 *   node bench/evaluation.bench.mjs                    # 8 loads
 *   EVAL_RUNS=12 EVAL_HINT=1 node bench/evaluation.bench.mjs
 *
 * Prints medians and ranges, ms at ×4; writes bench/results/evaluation.json. Marks cost a little
 * time of their own (about a hundred of them): read the figures side by side, not as absolutes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { launchChromium } from './browser.mjs';
import { ROOT, startServer } from '../test/support/server.mjs';

const RUNS = Number(process.env.EVAL_RUNS ?? 8);
const HINT = process.env.EVAL_HINT === '1';

/** Marks the start of each module's top-level code, named by its path. */
const markModules = () => ({
  name: 'mark-modules',
  enforce: 'post',
  transform(code, id) {
    if (!/\.(ts|js|mjs)$/.test(id)) return;
    const name = id.replace(/.*node_modules\//, '').replace(/.*\/src\//, 'src/');
    // The kit's entry also marks where its evaluation ends: on a lazy page the widgets' tags are
    // defined after it, each in a later task (src/index.ts).
    const end = name === 'src/index.ts' ? `\nperformance.mark('evaluated:');` : '';
    return { code: `performance.mark(${JSON.stringify(`module:${name}`)});\n${code}${end}`, map: null };
  },
});

const out = mkdtempSync(join(os.tmpdir(), 'dj-evaluation-'));
// The marks add bytes: the size budget reports instead of failing (DJ_SIZE_REPORT).
process.env.DJ_SIZE_REPORT = '1';
await build({ root: ROOT, configFile: `${ROOT}vite.config.ts`, logLevel: 'warn', plugins: [markModules()], build: { outDir: out } });
const built = readFileSync(join(out, 'dj-widgets.js'));
const HINT_LINE = '//# allFunctionsCalledOnLoad\n';
if (!built.toString('utf8', 0, HINT_LINE.length).startsWith(HINT_LINE)) throw new Error('the build no longer opens with the compile hint');
const variants = {
  'as built': built,
  ...(HINT ? { 'without the hint': built.subarray(HINT_LINE.length) } : {}),
};

/**
 * What one load of the page measures, from its marks: the time from each mark to the next goes
 * to the tag being defined (from `define:` to `defined:`), else, until `evaluated:`, to the
 * module whose code runs. After `evaluated:` only the definitions count: between them the page
 * runs other tasks. `evaluation` is the module's own task (top level and the definitions in it).
 */
function read(marks) {
  const ours = marks.filter(([name]) => /^(module|define|defined|evaluated):/.test(name));
  const modules = {};
  const defines = {};
  let module;
  let evaluated;
  for (let i = 0; i + 1 < ours.length; i++) {
    const [name, at] = ours[i];
    const time = ours[i + 1][1] - at;
    if (name === 'evaluated:') evaluated = at;
    if (name.startsWith('module:')) module = name.slice(7);
    if (name.startsWith('define:')) defines[name.slice(7)] = time;
    else if (evaluated === undefined) modules[module] = (modules[module] ?? 0) + time;
  }
  evaluated ??= ours.find(([name]) => name === 'evaluated:')[1];
  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  return { evaluation: evaluated - ours[0][1], topLevel: sum(modules), defines: sum(defines), modules, perTag: defines };
}

const server = await startServer();
const loads = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
try {
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? Object.keys(variants).reverse() : Object.keys(variants);
    for (const variant of order) {
      const browser = await launchChromium();
      try {
        const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        await page.route('**/dist/dj-widgets.js', (route) => route.fulfill({ body: variants[variant], contentType: 'text/javascript' }));
        await page.addInitScript(() => {
          const define = customElements.define.bind(customElements);
          customElements.define = (name, ctor, options) => {
            performance.mark(`define:${name}`);
            define(name, ctor, options);
            performance.mark(`defined:${name}`);
          };
        });
        await page.goto(`${server.origin}/`, { waitUntil: 'load' });
        await page.waitForFunction(() => performance.getEntriesByName('defined:dj-open-day-booking').length > 0);
        const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
        const load = read(marks);
        loads[variant].push(load);
        console.error(
          `${variant} #${i + 1}: evaluation ${load.evaluation.toFixed(1)} ms (top level ${load.topLevel.toFixed(1)}, definitions ${load.defines.toFixed(1)})`,
        );
      } finally {
        await browser.close();
      }
    }
  }
} finally {
  await server.stop();
}

const median = (values) => {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const range = (values) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model,
  cores: cpus.length,
  load: os.loadavg().map((x) => Math.round(x * 100) / 100),
  date: new Date().toISOString(),
};
console.log(`\n${machine.cpu}, ${machine.cores} cores; ${RUNS} loads per variant, CPU ×4, ms (median, range)`);
const summary = {};
for (const [variant, list] of Object.entries(loads)) {
  const figure = (pick) => ({ median: Math.round(median(list.map(pick)) * 10) / 10, range: range(list.map(pick)) });
  const modules = Object.keys(list[0].modules).map((name) => [name, median(list.map((l) => l.modules[name] ?? 0))]);
  const tags = Object.keys(list[0].perTag).map((tag) => [tag, median(list.map((l) => l.perTag[tag]))]);
  summary[variant] = {
    evaluation: figure((l) => l.evaluation),
    topLevel: figure((l) => l.topLevel),
    definitions: figure((l) => l.defines),
    modules: modules.length,
    slowestModules: modules.sort((a, b) => b[1] - a[1]).slice(0, 10),
    definitionsByTag: tags,
  };
  const s = summary[variant];
  console.log(
    `\n${variant}: evaluation ${s.evaluation.median} (${s.evaluation.range}); top level of ${s.modules} modules ${s.topLevel.median} (${s.topLevel.range}); definitions ${s.definitions.median} (${s.definitions.range})`,
  );
  console.log(`  definitions by tag: ${tags.map(([t, ms]) => `${t} ${ms.toFixed(1)}`).join(', ')}`);
  console.log(`  slowest modules: ${s.slowestModules.map(([m, ms]) => `${m} ${ms.toFixed(1)}`).join(', ')}`);
}
writeFileSync(
  new URL('./results/evaluation.json', import.meta.url),
  JSON.stringify({ machine, runs: RUNS, summary, loads }, null, 2) + '\n',
);
