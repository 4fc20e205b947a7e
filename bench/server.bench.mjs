/**
 * Booking throughput of the reference server: autocannon posts bookings at
 * concurrency 50 over loopback, each with its own phone, ID number and
 * Idempotency-Key, to an open day that asks ID numbers (so every booking
 * seals one and hashes it), for PGlite and, when DATABASE_URL is set,
 * PostgreSQL. Two runs each: 500 bookings/s offered (the goal's rate), and
 * as fast as the server answers (its ceiling). Reports bookings per second
 * and p50/p99 latency; writes bench/results/server.json. Never fails on the
 * figures.
 *
 *   node bench/server.bench.mjs            # PGlite (and PostgreSQL if DATABASE_URL is set)
 *   DURATION=30 node bench/server.bench.mjs
 *
 * Goal (issue 6): ≥ 500 bookings/s with p99 ≤ 50 ms on a 2-core machine.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { staffDay } from '../test/support/booking.mjs';
import { PG_URL, staffHeaders, startServer } from '../test/support/server.mjs';

const CONNECTIONS = 50;
const DURATION = Number(process.env.DURATION ?? 20);
const WARMUP = 3;
const GOAL_RATE = 500;

/** A valid GB 11643 number, distinct for every n below 3.6 million. */
function idNumber(n) {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const head = `370812${birth}${String(n % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(head[i]) * (2 ** (17 - i) % 11);
  return head + '10X98765432'[sum % 11];
}

function run(opts) {
  return new Promise((resolve, reject) => autocannon(opts, (error, result) => (error ? reject(error) : resolve(result))));
}

async function bench(label, env = {}) {
  const server = await startServer({ env });
  try {
    const day = staffDay('od-bench', { requiresIdNumber: true, sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 100_000 }] });
    const res = await fetch(`${server.api}/admin/open-days`, { method: 'POST', headers: staffHeaders, body: JSON.stringify(day) });
    if (res.status !== 201) throw new Error(`could not create the open day: ${res.status} ${await res.text()}`);
    let n = 0;
    const options = (duration) => ({
      url: `${server.api}/open-days/od-bench/bookings`,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest(req) {
            n++;
            return {
              ...req,
              headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
              body: JSON.stringify({
                sessionId: 's1',
                name: '张三明',
                phone: `13${String(n).padStart(9, '0')}`,
                idNumber: idNumber(n),
                partySize: 1,
                companions: [],
                consent: { privacy: true, idNumber: true },
              }),
            };
          },
        },
      ],
    });
    const warm = await run(options(WARMUP));
    // Offered 500 bookings/s (the goal's rate) over the same 50 connections:
    // the latency a citizen sees at that load.
    const paced = await run({ ...options(DURATION), overallRate: GOAL_RATE });
    // As fast as the server answers: its ceiling, and the latency there.
    const result = await run(options(DURATION));
    const created = result['2xx'];
    const figures = {
      store: label,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      atGoalRate: {
        offeredPerSecond: GOAL_RATE,
        bookingsPerSecond: Math.round(paced['2xx'] / DURATION),
        p50ms: paced.latency.p50,
        p99ms: paced.latency.p99,
        maxMs: paced.latency.max,
      },
      bookingsPerSecond: Math.round(created / DURATION),
      p50ms: result.latency.p50,
      p99ms: result.latency.p99,
      maxMs: result.latency.max,
      created,
      non2xx: result.non2xx + paced.non2xx,
      errors: result.errors + result.timeouts + paced.errors + paced.timeouts,
    };
    // Every 201 is a booking in the database.
    const list = await (await fetch(`${server.api}/admin/open-days/od-bench/sessions/s1/bookings`, { headers: staffHeaders })).json();
    figures.stored = list.total;
    // At least every 201 counted (answers still in flight when a run ends are stored but not counted).
    figures.allStored = list.total >= warm['2xx'] + paced['2xx'] + created;
    return figures;
  } finally {
    await server.stop();
  }
}

const results = [await bench('PGlite')];
if (PG_URL) results.push(await bench('PostgreSQL'));
else console.log('PostgreSQL: not measured (set DATABASE_URL to a server the bench may create a database on).');

const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, date: new Date().toISOString().slice(0, 10) };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/server.json', import.meta.url), JSON.stringify({ machine, results }, null, 2) + '\n');
console.log(
  `\n${machine.cpus} CPUs (${machine.cpu}), Node ${machine.node}, concurrency ${CONNECTIONS}, ${DURATION} s after ${WARMUP} s warm-up`,
);
console.log('| store | load | bookings/s | p50 | p99 | max |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const a = r.atGoalRate;
  console.log(`| ${r.store} | ${a.offeredPerSecond}/s offered | ${a.bookingsPerSecond} | ${a.p50ms} ms | ${a.p99ms} ms | ${a.maxMs} ms |`);
  console.log(`| ${r.store} | as fast as it answers | ${r.bookingsPerSecond} | ${r.p50ms} ms | ${r.p99ms} ms | ${r.maxMs} ms |`);
}
for (const r of results) {
  console.log(`${r.store}: every 201 stored: ${r.allStored ? 'yes' : 'NO'}; other answers ${r.non2xx}; errors ${r.errors}`);
}
