/**
 * Benchmark: the county names' placement (`placeLabels`, src/widgets/branch-map/labels.ts) on a
 * scene like the map's first view of Jining at 1,000 branches: 11 names, 43 markers, a
 * 1246×640 map, the same every run. The map places its names in every render (each zoom and pan
 * step), and on a page the first time before the engine has compiled anything: so each of RUNS
 * fresh processes times its first call, its second, and the median of 200 calls once warm.
 * Reports; never asserts.
 *
 *   node --import tsx bench/labels.bench.mjs
 *   git show <rev>:src/widgets/branch-map/labels.ts > /tmp/labels-then.ts
 *   LABELS_MODULE=/tmp/labels-then.ts node --import tsx bench/labels.bench.mjs   # an older version, to compare
 *
 * Env: RUNS (processes, default 10), LABELS_MODULE (default the widget's labels.ts).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MODULE = process.env.LABELS_MODULE || fileURLToPath(new URL('../src/widgets/branch-map/labels.ts', import.meta.url));

if (process.argv[2] === '--child') {
  const { placeLabels } = await import(pathToFileURL(MODULE).href);
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const markers = Array.from({ length: 43 }, () => ({ x: 100 + rnd() * 1046, y: 60 + rnd() * 520, r: 22 + rnd() * 8 }));
  // Names of two to four characters at 14 px, as the map sizes their boxes.
  const labels = Array.from({ length: 11 }, (_, i) => ({
    x: 150 + rnd() * 946,
    y: 80 + rnd() * 480,
    w: (2 + (i % 3)) * 14 + 2,
    h: 1.5 * 14 + 1,
  }));
  const view = { x0: 0, y0: 0, x1: 1246, y1: 640 };
  const time = () => {
    const t = performance.now();
    placeLabels(labels, markers, view);
    return performance.now() - t;
  };
  const first = time();
  const second = time();
  for (let i = 0; i < 300; i++) time();
  const warm = Array.from({ length: 200 }, time).sort((a, b) => a - b)[100];
  console.log(JSON.stringify({ first, second, warm }));
} else {
  const runs = Number(process.env.RUNS ?? 10);
  const out = [];
  for (let i = 0; i < runs; i++)
    out.push(
      JSON.parse(execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8' })),
    );
  const range = (k, d = 2) => {
    const xs = out.map((x) => x[k]).sort((a, b) => a - b);
    return `${xs[0].toFixed(d)}–${xs.at(-1).toFixed(d)} (median ${xs[xs.length >> 1].toFixed(d)})`;
  };
  console.log(`placeLabels, ${MODULE}: ${runs} processes, Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(`first call ${range('first')} ms; second ${range('second')} ms; warm ${range('warm', 3)} ms`);
}
