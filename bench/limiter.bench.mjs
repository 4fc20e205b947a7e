/**
 * The rate limiter in memory under a flood of new client addresses: new
 * clients per second and heap kept, for the limiter of server/limits.ts
 * against the one it replaced (copied below as the anchor, measured in the
 * same run on the same machine).
 *
 * The old limiter kept one window per client in one map and, once the map
 * held 100,000 keys, swept all of them on every new window; within a
 * minute nothing is old enough to go, so every new client paid a full
 * sweep, and the map grew without bound.
 *
 *   node --import tsx bench/limiter.bench.mjs      (BENCH_RUNS=5 by default)
 *
 * Prints a markdown table (median and range over the runs) with the CPU model.
 */
import { cpus } from 'node:os';
import { MemoryLimiter } from '../server/limits.ts';

/** The limiter before issue 12, as it was, for comparison only. */
class OldLimiter {
  windows = new Map();
  constructor(now) {
    this.now = now;
  }
  take(bucket, client, perMinute) {
    const now = this.now();
    const key = `${bucket}\n${client}`;
    let w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      if (this.windows.size > 100_000) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= perMinute) return 1;
    w.count++;
    return 0;
  }
  sweep(now) {
    for (const [key, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(key);
  }
  get size() {
    return this.windows.size;
  }
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PREFILL = 150_000;
const address = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** New clients per second after `PREFILL` clients in the same minute, for `seconds` of wall time; and the heap it holds. */
async function measure(make, seconds = 2) {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = Date.parse('2026-05-01T08:00:00Z');
  let clock = start;
  const limiter = make(() => clock);
  let i = 0;
  for (; i < PREFILL; i++) {
    clock = start + Math.floor((i / PREFILL) * 30_000);
    await limiter.take('lookup', address(i), 30);
  }
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < 100; k++, i++, n++) await limiter.take('lookup', address(i), 30);
  }
  const rate = n / ((performance.now() - t0) / 1000);
  globalThis.gc?.();
  return { rate, keys: limiter.size, heapMB: (process.memoryUsage().heapUsed - heapBefore) / 1048576 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en');
const rows = [];
for (const [name, make] of [
  ['before (one map, sweep past 100,000)', (now) => new OldLimiter(now)],
  ['server/limits.ts MemoryLimiter (50,000 one by one)', (now) => new MemoryLimiter(now)],
]) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await measure(make));
  const rates = runs.map((x) => x.rate);
  rows.push(
    `| ${name} | ${fmt(median(rates))} | ${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))} | ${fmt(median(runs.map((x) => x.keys)))} | ${median(runs.map((x) => x.heapMB)).toFixed(0)} MB |`,
  );
}
console.log(`CPU: ${cpus()[0].model} (${cpus().length} cores); ${RUNS} runs each, ${fmt(PREFILL)} clients already counted in the minute\n`);
console.log('| limiter | new clients/s (median) | range | keys kept | heap held |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
