/**
 * Faults of the shared engine, on a PostgreSQL of this suite's own
 * (test/support/pg-instance.mjs: Debian's binaries, which .ci/run installs;
 * without them the suite fails saying so). Whichever store the rest of the
 * run uses, these servers use that private PostgreSQL, since the suite stops
 * and starts it.
 * - PostgreSQL restarted in the middle of a booking load on two server
 *   processes, away for 10 s: every request is answered, 201 or 503 with
 *   Retry-After (never 500, never a hang); the servers reconnect by
 *   themselves; every booking that got a 201 is in the database afterwards.
 * - PostgreSQL that stops answering without closing the connection (a
 *   frozen host, a dropped route): requests are answered 503 all the same,
 *   and the server works again once it answers.
 * - A connection cut in the middle of a transaction fails that transaction
 *   as unavailable and does not take the process down.
 *
 *   node --import tsx --test test/server/faults.test.mjs
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, connect } from 'node:net';
import * as node from 'node:test';
import { isUnavailable, openPostgres } from '../../server/db.ts';
import { bookingBody, post, staffDay, tally } from '../support/booking.mjs';
import { startCluster } from '../support/cluster.mjs';
import { startPostgres } from '../support/pg-instance.mjs';
import { PG_URL, staffHeaders, startServer } from '../support/server.mjs';

// These tests bring their own PostgreSQL, whichever store the pass is for:
// they run once, in the pass without DATABASE_URL (test/run.sh runs the
// server suites on PGlite, then on PostgreSQL).
const once = !PG_URL;
const [before, after, test] = once ? [node.before, node.after, node.test] : [() => {}, () => {}, () => {}];
if (!once) console.log('faults.test.mjs: these tests start a PostgreSQL of their own and run once, in the pass without DATABASE_URL.');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long any one request may take before it counts as hanging: far above every bound the server sets itself. */
const ANSWER_BOUND = 30_000;

/** POST a booking; a request not answered within ANSWER_BOUND, or cut off, counts as its own status. */
async function attempt(server, dayId, body) {
  const sent = Date.now();
  try {
    const res = await fetch(`${server.api}/open-days/${dayId}/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_BOUND),
    });
    const text = await res.text();
    return {
      server,
      sent,
      answered: Date.now(),
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      type: res.headers.get('content-type'),
      body: JSON.parse(text),
    };
  } catch (error) {
    return {
      server,
      sent,
      answered: Date.now(),
      status: error.name === 'TimeoutError' ? 'no answer' : `network: ${error.cause?.code ?? error.message}`,
    };
  }
}

/** An answer saying, as the contract has it, that the database is away for now. */
function assertUnavailable(a) {
  assert.equal(a.status, 503, JSON.stringify(a.body));
  assert.equal(a.retryAfter, '5');
  assert.equal(a.type, 'application/problem+json');
  assert.ok(a.body.type.endsWith('/unavailable'), a.body.type);
}

let pg;
before(async () => {
  pg = await startPostgres();
});
after(async () => {
  await pg?.destroy();
});

test('PostgreSQL restarted during a booking load on two processes: 201 or 503 with Retry-After, never 500 or a hang; they reconnect; every 201 is kept', async () => {
  // Rate limits on, as in production: on PostgreSQL their counts are in the database too, so
  // every booking asks it twice (the limit is high: all clients here share one address).
  const cluster = await startCluster(2, { databaseUrl: await pg.database('restart'), env: { DJ_RATE_BOOKING: '1000000' } });
  const [a, b] = cluster.servers;
  try {
    const day = staffDay('od-restart', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 100_000 }] });
    assert.equal((await post(`${a.api}/admin/open-days`, day, staffHeaders)).status, 201);

    const answers = [];
    let n = 40_000;
    let running = true;
    // Twelve clients booking without pause, each a little patient after a refusal.
    const clients = Array.from({ length: 12 }, async (_, i) => {
      const server = i % 2 ? b : a;
      while (running) {
        const answer = await attempt(server, 'od-restart', bookingBody({ sessionId: 's1', n: n++ }));
        answers.push(answer);
        if (answer.status !== 201) await sleep(100);
      }
    });
    const since = (t, server) => answers.filter((x) => x.status === 201 && x.sent > t && (!server || x.server === server)).length;
    const until = async (what, done, limit = 60_000) => {
      const end = Date.now() + limit;
      while (!done()) {
        if (Date.now() > end) throw new Error(`waited ${limit / 1000} s for ${what}; answers so far: ${JSON.stringify(tally(answers))}`);
        await sleep(50);
      }
    };

    let stopped;
    let starting;
    let started;
    let probes;
    try {
      await until('the first bookings', () => since(0) >= 60);
      await pg.stop();
      stopped = Date.now();
      // Away for 10 s; the health check says so too.
      await sleep(2_000);
      probes = await Promise.all(
        [a, b].map(async (s) => {
          const res = await fetch(`${s.origin}/healthz`, { signal: AbortSignal.timeout(ANSWER_BOUND) });
          return {
            status: res.status,
            retryAfter: res.headers.get('retry-after'),
            type: res.headers.get('content-type'),
            body: await res.json(),
          };
        }),
      );
      await sleep(8_000);
      starting = Date.now();
      await pg.start();
      started = Date.now();
      await until('bookings on both processes after the restart', () => since(started, a) >= 10 && since(started, b) >= 10);
    } finally {
      running = false;
      await Promise.all(clients);
    }

    for (const probe of probes) assertUnavailable(probe);
    const statuses = tally(answers);
    assert.deepEqual(Object.keys(statuses).sort(), ['201', '503'], `every answer 201 or 503: ${JSON.stringify(statuses)}`);
    for (const x of answers.filter((x) => x.status === 503)) assertUnavailable(x);
    const whileAway = answers.filter((x) => x.sent > stopped && x.answered < starting);
    assert.ok(whileAway.length > 20, `requests made while PostgreSQL was away: ${whileAway.length}`);
    assert.deepEqual(tally(whileAway), { 503: whileAway.length });
    assert.equal(a.child.exitCode, null, `process A still runs:\n${a.output()}`);
    assert.equal(b.child.exitCode, null, `process B still runs:\n${b.output()}`);

    const confirmed = answers.filter((x) => x.status === 201).map((x) => x.body.code);
    const res = await fetch(`${b.api}/admin/open-days/od-restart/sessions/s1/bookings`, { headers: staffHeaders });
    const stored = new Set((await res.json()).items.map((x) => x.code));
    const lost = confirmed.filter((code) => !stored.has(code));
    assert.deepEqual(lost, [], `${lost.length} of ${confirmed.length} confirmed bookings lost`);
    const { sessions } = await (await fetch(`${a.api}/open-days/od-restart`)).json();
    assert.equal(sessions[0].remaining, 100_000 - stored.size, 'free seats agree with the bookings kept');
  } finally {
    await cluster.stop();
  }
});

/**
 * A TCP relay to PostgreSQL that can go silent: frozen, it neither passes
 * bytes on nor closes anything, as a host that vanished off the network.
 */
async function silentRelay(port) {
  const pairs = new Set();
  let frozen = false;
  const relay = createServer((inbound) => {
    const outbound = connect(port, '127.0.0.1');
    const pair = [inbound, outbound];
    pairs.add(pair);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    if (frozen) pair.forEach((s) => s.pause());
    const close = () => {
      pairs.delete(pair);
      pair.forEach((s) => s.destroy());
    };
    inbound.on('error', close).on('close', close);
    outbound.on('error', close).on('close', close);
  });
  await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: relay.address().port,
    freeze() {
      frozen = true;
      for (const pair of pairs) for (const s of pair) s.pause();
    },
    thaw() {
      frozen = false;
      for (const pair of pairs) for (const s of pair) s.resume();
    },
    close: () =>
      new Promise((resolve) => {
        for (const pair of pairs) pair.forEach((s) => s.destroy());
        relay.close(resolve);
      }),
  };
}

test('PostgreSQL silent without closing the connection: the server answers 503 with Retry-After instead of hanging, and books again once it answers', async () => {
  const relay = await silentRelay(pg.port);
  const url = new URL(await pg.database('silent'));
  url.port = String(relay.port);
  const server = await startServer({ env: { DATABASE_URL: url.href } });
  try {
    const day = staffDay('od-silent', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 100 }] });
    assert.equal((await post(`${server.api}/admin/open-days`, day, staffHeaders)).status, 201);
    // Several at once, so the pool holds several open connections when it goes silent.
    const before = await Promise.all(
      Array.from({ length: 6 }, (_, i) => attempt(server, 'od-silent', bookingBody({ sessionId: 's1', n: 50_000 + i }))),
    );
    assert.deepEqual(tally(before), { 201: 6 });

    relay.freeze();
    const silent = await Promise.all(
      Array.from({ length: 6 }, (_, i) => attempt(server, 'od-silent', bookingBody({ sessionId: 's1', n: 50_100 + i }))),
    );
    for (const a of silent) assertUnavailable(a);
    relay.thaw();

    const again = await attempt(server, 'od-silent', bookingBody({ sessionId: 's1', n: 50_200 }));
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(server.child.exitCode, null);
  } finally {
    await server.stop();
    await relay.close();
  }
});

test('a connection cut in the middle of a transaction fails it as unavailable, the process lives on, and the next transaction works', async () => {
  const { default: pgClient } = await import('pg');
  const store = await openPostgres(pg.url, 2);
  const admin = new pgClient.Client({ connectionString: pg.url });
  await admin.connect();
  try {
    const failure = await store
      .transaction(async (tx) => {
        const [{ pid }] = await tx.query('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        // The cut reaches this connection while it sits between two statements.
        while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rows.length) await sleep(20);
        await sleep(200);
        await tx.query('SELECT 1');
        return 'committed';
      })
      .catch((error) => error);
    assert.ok(failure instanceof Error, `the transaction failed: ${failure}`);
    assert.ok(isUnavailable(failure), `as unavailable: ${failure.message}`);
    assert.equal(await store.transaction(async (tx) => (await tx.query('SELECT 41 + 1 AS n'))[0].n), 42);
  } finally {
    await admin.end();
    await store.close();
  }
});

test('what node-postgres says when the database cannot be reached counts as unavailable (503), a wrong statement does not', () => {
  // A connection attempt past connectionTimeoutMillis: pg destroys its stream with this error.
  assert.ok(isUnavailable(new Error('timeout expired')), 'a connect timeout');
  assert.ok(isUnavailable(new Error('timeout exceeded when trying to connect')), 'no pool client in time');
  assert.ok(isUnavailable(new Error('Query read timeout')), 'a silent connection');
  assert.ok(isUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
  assert.ok(!isUnavailable(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' })), 'a wrong statement is a 500');
});
