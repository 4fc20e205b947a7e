/**
 * Booking throughput, latency and CPU cost of the reference server, on PGlite
 * and, when DATABASE_URL is set, on PostgreSQL.
 *
 * The server runs as deployed: its own process (test/support/server.mjs), the
 * request log on (into a pipe the bench reads), the booking rate limit on at
 * its default of 10 a minute per client, CORS allowing one portal. Every
 * booking comes from that portal (Origin, as a browser sends it) and from its
 * own client address (X-Forwarded-For behind one trusted proxy, 127.x.y.z), with
 * its own phone, ID number and Idempotency-Key, to an open day that asks ID
 * numbers: so each one is counted by the limiter, validated, seals an ID
 * number (AES-GCM), hashes it and the body (HMAC) and runs dj_book.
 *
 * The load generator is the bench process itself, on the same two cores, over
 * keep-alive loopback connections written by hand (a few microseconds a
 * request, so it takes as little CPU from the server as it can). Each run,
 * on a fresh server after a 3 s warm-up:
 * - **paced**: 500 bookings/s offered, evenly spaced (one every 2 ms) over at
 *   most 50 connections, open loop: a request is due at its time whether or
 *   not earlier ones have been answered, and its latency counts from when it
 *   was due, so a stall shows in full (no coordinated omission);
 * - **flat out**: 50 connections, each sending its next booking as soon as it
 *   has its answer: the ceiling, and the latency there.
 * For each: bookings/s, p50/p95/p99/max, other answers, network errors, and
 * CPU time per booking of the server's process (and, on PostgreSQL, of the
 * database's backends serving it), read from /proc; CPU time is steadier than
 * latency on a shared machine. Then it checks through the staff API that every
 * 201 is a stored booking. Writes bench/results/server.json; never fails on
 * the figures.
 *
 *   node bench/server.bench.mjs                     # PGlite (and PostgreSQL if DATABASE_URL is set)
 *   RUNS=3 DURATION=15 RATE=500 node bench/server.bench.mjs
 *   STORES=postgres node bench/server.bench.mjs     # one store only (pglite or postgres)
 *   SERVER_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' RUNS=1 node bench/server.bench.mjs   # profile the server
 *   NOISE=3 node bench/server.bench.mjs             # three processes spinning beside it: a slower, busier machine
 *   OUT=/tmp/run-1.json node bench/server.bench.mjs # results there instead of bench/results/server.json
 *
 * Goal (issue 14): ≥ 500 bookings/s with p99 ≤ 50 ms at 500/s offered on 2 cores.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import pg from 'pg';
import { staffDay } from '../test/support/booking.mjs';

// The support module starts every server on PostgreSQL when DATABASE_URL is
// set; the bench chooses the store of each run itself, so it hides the URL
// from it and hands a fresh database to the PostgreSQL runs only.
const PG_URL = process.env.DATABASE_URL || '';
delete process.env.DATABASE_URL;
const { staffHeaders, startServer } = await import('../test/support/server.mjs');

const CONNECTIONS = 50;
const DURATION = Number(process.env.DURATION ?? 15);
const RUNS = Number(process.env.RUNS ?? 3);
const RATE = Number(process.env.RATE ?? 500);
const WARMUP = 3;
/** The portal the bookings come from, as a browser on it says (CORS). */
const PORTAL = 'https://portal.example.gov.cn';
const GOAL = { rate: 500, p99: 50 };
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const HZ = 100;
/** A request not answered this long after it was due is given up and counted as an error. */
const GIVE_UP_MS = 10_000;

/** A valid GB 11643 number, distinct for every n below 3.6 million. */
function idNumber(n) {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const head = `370812${birth}${String(n % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(head[i]) * (2 ** (17 - i) % 11);
  return head + '10X98765432'[sum % 11];
}

/** A client address of its own for booking n: no two share a /24, so the limiter never groups them. */
const clientAddress = (n) => `127.${n & 255}.${(n >> 8) & 255}.${(n >> 16) & 255}`;

let serial = 0;
/** The bytes of one booking request, each with its own phone, ID number, key and client. */
function bookingRequest(host) {
  const n = ++serial;
  const body = JSON.stringify({
    sessionId: 's1',
    name: '张三明',
    phone: `13${String(n).padStart(9, '0')}`,
    idNumber: idNumber(n),
    partySize: 1,
    companions: [],
    consent: { privacy: true, idNumber: true },
  });
  return Buffer.from(
    `POST /dj-api/v1/open-days/od-bench/bookings HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `Origin: ${PORTAL}\r\nIdempotency-Key: ${randomUUID()}\r\nX-Forwarded-For: ${clientAddress(n)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * One keep-alive HTTP/1.1 connection, one request at a time. Reads just
 * enough of each answer (status, Content-Length or chunks) to know where it
 * ends.
 */
class Connection {
  constructor(port, onFree) {
    this.port = port;
    this.onFree = onFree;
    this.current = undefined;
    this.open();
  }

  open() {
    this.buffer = Buffer.alloc(0);
    this.socket = net.connect({ port: this.port, host: '127.0.0.1', noDelay: true });
    this.socket.on('data', (chunk) => this.read(chunk));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      const failed = this.current;
      this.current = undefined;
      if (failed) failed.done(0);
      if (this.closed) return;
      this.open();
      if (failed) this.onFree(this);
    });
  }

  send(bytes, done) {
    this.current = { done };
    this.socket.write(bytes);
  }

  read(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const head = this.buffer.indexOf('\r\n\r\n');
    if (head < 0) return;
    const headers = this.buffer.toString('latin1', 0, head);
    const status = Number(headers.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
    let end;
    if (length) {
      end = head + 4 + Number(length[1]);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(headers)) {
      let at = head + 4;
      for (;;) {
        const line = this.buffer.indexOf('\r\n', at);
        if (line < 0) return;
        const size = parseInt(this.buffer.toString('latin1', at, line), 16);
        at = line + 2 + size + 2;
        if (at > this.buffer.length) return;
        if (size === 0) break;
      }
      end = at;
    } else {
      end = head + 4;
    }
    if (this.buffer.length < end) return;
    this.buffer = this.buffer.subarray(end);
    // An answer with no request in flight is the server closing a connection that sat idle
    // (Node's 408 on a keep-alive connection): nothing was asked, so nothing is counted, and
    // the close that follows opens a new connection.
    if (!this.current) return;
    const { done } = this.current;
    this.current = undefined;
    done(status);
    if (!this.current) this.onFree(this);
  }

  close() {
    this.closed = true;
    this.socket.destroy();
  }
}

/** The p-th percentile (nearest rank) of sorted numbers. */
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/**
 * Drives the server for `seconds`: paced at `rate` a second (open loop), or
 * with `rate` 0 as fast as `CONNECTIONS` connections get answers.
 */
function drive(port, seconds, rate) {
  return new Promise((resolve) => {
    const host = `127.0.0.1:${port}`;
    const latencies = [];
    const statuses = {};
    let errors = 0;
    let sent = 0;
    let answered = 0;
    const queue = [];
    const idle = [];
    const started = performance.now() + 20;
    const total = rate ? Math.round(rate * seconds) : Infinity;
    const deadline = started + seconds * 1000;
    let finished = false;

    const finish = () => {
      if (finished) return;
      finished = true;
      for (const c of connections) c.close();
      latencies.sort((a, b) => a - b);
      resolve({
        latencies,
        statuses,
        errors,
        sent,
        answered,
        unanswered: sent - answered - errors,
        elapsed: (performance.now() - started) / 1000,
      });
    };

    const dispatch = (connection, due) => {
      sent++;
      connection.send(bookingRequest(host), (status) => {
        if (status === 0) {
          errors++;
        } else {
          answered++;
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(performance.now() - due);
        }
      });
    };

    const onFree = (connection) => {
      if (finished) return;
      const now = performance.now();
      if (rate) {
        if (queue.length) dispatch(connection, queue.shift());
        else idle.push(connection);
        if (sent >= total && answered + errors >= total) finish();
      } else if (now < deadline) {
        dispatch(connection, now);
      } else if (answered + errors >= sent) {
        finish();
      }
    };

    const connections = Array.from({ length: CONNECTIONS }, () => new Connection(port, onFree));

    if (rate) {
      const interval = 1000 / rate;
      let next = 0;
      idle.push(...connections);
      const tick = () => {
        const now = performance.now();
        for (; next < total && started + next * interval <= now; next++) {
          const due = started + next * interval;
          const free = idle.pop();
          if (free) dispatch(free, due);
          else queue.push(due);
        }
        if (next < total) setTimeout(tick, Math.max(0, started + next * interval - performance.now() - 0.5));
      };
      setTimeout(tick, 20);
    } else {
      setTimeout(() => {
        for (const c of connections) dispatch(c, performance.now());
      }, 20);
      // Connections whose answers stop coming keep the run from ending; the give-up below ends it.
    }
    setTimeout(finish, seconds * 1000 + GIVE_UP_MS).unref();
  });
}

/** CPU ticks (user + system, all threads) of a process, or undefined when it is gone. */
function ticksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * CPU ticks of the PostgreSQL backends serving database `name`, sampled four
 * times a second (a backend the pool closes takes its last quarter second
 * with it). `since()` returns a function giving the ticks used from then on.
 */
function backendsOf(name) {
  const seen = new Map();
  const sample = () => {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let cmdline;
      try {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      } catch {
        continue;
      }
      if (!cmdline.startsWith('postgres: ') || !cmdline.includes(` ${name} `)) continue;
      const ticks = ticksOf(entry);
      if (ticks !== undefined) seen.set(entry, ticks);
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    since() {
      sample();
      const before = new Map(seen);
      return () => {
        sample();
        let sum = 0;
        for (const [pid, ticks] of seen) sum += ticks - (before.get(pid) ?? 0);
        return sum;
      };
    },
    stop: () => clearInterval(timer),
  };
}

/** Runs one load with CPU accounting. */
async function measure(server, backends, seconds, rate) {
  const load = os.loadavg()[0];
  const serverBefore = ticksOf(server.child.pid);
  const backendTicks = backends?.since();
  const selfBefore = process.cpuUsage();
  const r = await drive(Number(new URL(server.origin).port), seconds, rate);
  const self = process.cpuUsage(selfBefore);
  const serverTicks = ticksOf(server.child.pid) - serverBefore;
  const created = r.statuses[201] ?? 0;
  const perBooking = (ticks) => (created ? Number(((ticks * (1000 / HZ)) / created).toFixed(3)) : null);
  const l = r.latencies;
  return {
    offeredPerSecond: rate || null,
    seconds: Number(r.elapsed.toFixed(2)),
    // Over the time until the last answer: a server that falls behind at the offered rate shows it here too.
    bookingsPerSecond: Math.round(created / r.elapsed),
    created,
    p50ms: Number(percentile(l, 50).toFixed(1)),
    p95ms: Number(percentile(l, 95).toFixed(1)),
    p99ms: Number(percentile(l, 99).toFixed(1)),
    maxMs: Number((l[l.length - 1] ?? NaN).toFixed(1)),
    otherAnswers: Object.fromEntries(Object.entries(r.statuses).filter(([s]) => s !== '201')),
    errors: r.errors + Math.max(0, r.unanswered),
    serverCpuMsPerBooking: perBooking(serverTicks),
    databaseCpuMsPerBooking: backendTicks ? perBooking(backendTicks()) : null,
    generatorCpuMsPerBooking: created ? Number(((self.user + self.system) / 1000 / created).toFixed(3)) : null,
    loadAverage: [Number(load.toFixed(2)), Number(os.loadavg()[0].toFixed(2))],
  };
}

/** A new database on the PostgreSQL server at PG_URL, and how to drop it. */
async function freshDatabase() {
  const name = `dj_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function run(label) {
  const database = label === 'PostgreSQL' ? await freshDatabase() : undefined;
  const server = await startServer({
    env: {
      ...(database ? { DATABASE_URL: database.url } : {}),
      DJ_LOG: '1',
      DJ_RATE_BOOKING: '10',
      DJ_TRUST_PROXY: '1',
      DJ_ALLOWED_ORIGINS: PORTAL,
      // e.g. SERVER_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' for a profile of the server under this load.
      ...(process.env.SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.SERVER_NODE_OPTIONS } : {}),
    },
  }).catch(async (error) => {
    await database?.drop();
    throw error;
  });
  const backends = database ? backendsOf(database.name) : undefined;
  try {
    const day = staffDay('od-bench', { requiresIdNumber: true, sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 100_000 }] });
    const res = await fetch(`${server.api}/admin/open-days`, { method: 'POST', headers: staffHeaders, body: JSON.stringify(day) });
    if (res.status !== 201) throw new Error(`could not create the open day: ${res.status} ${await res.text()}`);
    const warm = await drive(Number(new URL(server.origin).port), WARMUP, 0);
    const paced = await measure(server, backends, DURATION, RATE);
    const flat = await measure(server, backends, DURATION, 0);
    const list = await (await fetch(`${server.api}/admin/open-days/od-bench/sessions/s1/bookings`, { headers: staffHeaders })).json();
    // Answers still in flight when a run gave up may be stored without having been counted: at least every 201.
    const answered201 = (warm.statuses[201] ?? 0) + paced.created + flat.created;
    return { store: label, paced, flat, stored: list.total, allStored: list.total >= answered201 };
  } finally {
    backends?.stop();
    await server.stop();
    await database?.drop();
  }
}

/**
 * NOISE=n: n processes that spin on the CPU for the whole bench, at the same priority as the
 * server, standing in for the other tenants of a shared machine. With n + 1 busy processes on
 * 2 cores each gets about 2 / (n + 1) of a core: NOISE=3 leaves the server half a core, a
 * machine half as fast and as busy as the slower machine of this kind was (NOISE=1 takes the
 * core the single-threaded server did not need, and changes little).
 */
const NOISE = Number(process.env.NOISE ?? 0);
const noise = Array.from({ length: NOISE }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
// Unreferenced, so the bench still ends when its work is done; killed as it ends.
noise.forEach((child) => child.unref());
process.on('exit', () => noise.forEach((child) => child.kill()));

const stores = (process.env.STORES ?? (PG_URL ? 'pglite,postgres' : 'pglite')).split(',');
if (stores.includes('postgres') && !PG_URL) throw new Error('STORES=postgres needs DATABASE_URL');
if (!PG_URL) console.log('PostgreSQL: not measured (set DATABASE_URL to a server the bench may create a database on).');

const runs = [];
for (let i = 0; i < RUNS; i++) {
  // PGlite first or PostgreSQL first by turns, so neither always meets the machine's slow spells alone.
  const order = i % 2 ? [...stores].reverse() : stores;
  for (const store of order) {
    const r = await run(store === 'postgres' ? 'PostgreSQL' : 'PGlite');
    r.run = i + 1;
    runs.push(r);
    const line = (name, m) =>
      `${r.store} run ${r.run} ${name}: ${m.bookingsPerSecond}/s p50 ${m.p50ms} p95 ${m.p95ms} p99 ${m.p99ms} max ${m.maxMs} ms; ` +
      `cpu/booking server ${m.serverCpuMsPerBooking} db ${m.databaseCpuMsPerBooking} gen ${m.generatorCpuMsPerBooking} ms; ` +
      `other ${JSON.stringify(m.otherAnswers)} errors ${m.errors}; load ${m.loadAverage.join('→')}`;
    console.error(line('paced', r.paced));
    console.error(line('flat', r.flat));
  }
}

const cpus = os.cpus();
const machine = {
  cpus: cpus.length,
  cpu: cpus[0]?.model,
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
  noise: NOISE,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  // OUT=<file>: elsewhere, so that runs by turns keep a file each.
  process.env.OUT || new URL('./results/server.json', import.meta.url),
  JSON.stringify({ machine, connections: CONNECTIONS, durationSeconds: DURATION, offeredPerSecond: RATE, runs }, null, 2) + '\n',
);

const range = (values, digits = 0) => {
  const v = values.filter((x) => x !== null && !Number.isNaN(x));
  if (!v.length) return '–';
  const f = (x) => x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`;
};
console.log(
  `\n${machine.cpus} CPUs (${machine.cpu}), Node ${machine.node}${NOISE ? `, ${NOISE} spinning process(es) beside it (NOISE)` : ''}; ${RUNS} run(s) per store, each ${DURATION} s paced at ${RATE}/s ` +
    `then ${DURATION} s flat out over ${CONNECTIONS} connections, after ${WARMUP} s warm-up; ranges over the runs`,
);
console.log(
  '| store | load | bookings/s | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/booking | database CPU ms/booking | other answers, errors |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const store of [...new Set(runs.map((r) => r.store))]) {
  const mine = runs.filter((r) => r.store === store);
  for (const [name, pick] of [
    [`${RATE}/s offered`, (r) => r.paced],
    ['flat out', (r) => r.flat],
  ]) {
    const m = mine.map(pick);
    const others = m.reduce((n, x) => n + Object.values(x.otherAnswers).reduce((a, b) => a + b, 0), 0);
    console.log(
      `| ${store} | ${name} | ${range(m.map((x) => x.bookingsPerSecond))} | ${range(
        m.map((x) => x.p50ms),
        1,
      )} | ${range(
        m.map((x) => x.p95ms),
        1,
      )} | ` +
        `${range(
          m.map((x) => x.p99ms),
          1,
        )} | ${range(
          m.map((x) => x.maxMs),
          1,
        )} | ${range(
          m.map((x) => x.serverCpuMsPerBooking),
          3,
        )} | ` +
        `${range(
          m.map((x) => x.databaseCpuMsPerBooking),
          3,
        )} | ${others}, ${m.reduce((n, x) => n + x.errors, 0)} |`,
    );
  }
  const paced = mine.map((r) => r.paced);
  const met = paced.filter((m) => m.bookingsPerSecond >= GOAL.rate * 0.99 && m.p99ms <= GOAL.p99).length;
  const cpu = Math.max(...paced.map((m) => (m.serverCpuMsPerBooking ?? 0) + (m.databaseCpuMsPerBooking ?? 0)));
  console.log(
    `${store}: goal (${GOAL.rate}/s, p99 ≤ ${GOAL.p99} ms) met in ${met} of ${paced.length} runs; at ${RATE}/s the server and its database ` +
      `use up to ${((cpu * RATE) / 1000).toFixed(2)} of a core; every 201 stored: ${mine.every((r) => r.allStored) ? 'yes' : 'NO'}`,
  );
}
