/**
 * Three server processes on one PostgreSQL database, as docs/deploy.md runs
 * them behind nginx: nothing that must hold across processes may live in
 * one process's memory.
 * - started at the same moment on a fresh database, all three come up and
 *   the migrations are applied once (they take turns under an advisory lock);
 * - 1,000 concurrent booking attempts for 30 seats, spread over the three:
 *   exactly 30 confirmed, and the database agrees;
 * - one Idempotency-Key sent to all three at once, several times each: one
 *   booking;
 * - a staff edit made through one process is obeyed by the next booking on
 *   the other two at once;
 * - 50 lookups of one booking code with wrong phones, spread over the three:
 *   the code locks after ten in all (not ten per process), on all three, and
 *   then even the right phone is refused;
 * - a rate limit (cancel, 10 a minute per address) counts the requests of
 *   all three processes together.
 *
 * PostgreSQL only (DATABASE_URL): PGlite is one process's own database, so
 * in the PGlite pass this file registers no test and says where they run.
 *
 *   DATABASE_URL=postgres://… node --import tsx --test test/server/cluster.test.mjs
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { after, test } from 'node:test';
import { bookingBody, patch, phoneOf, post, staffDay, attempt, tally } from '../support/booking.mjs';
import { nth, startCluster } from '../support/cluster.mjs';
import { PG_URL, ROOT, staffHeaders } from '../support/server.mjs';

async function staffList(api, dayId, sessionId = 's1') {
  const res = await fetch(`${api}/admin/open-days/${dayId}/sessions/${sessionId}/bookings`, { headers: staffHeaders });
  assert.equal(res.status, 200);
  return (await res.json()).items;
}

async function remaining(api, dayId) {
  const { sessions } = await (await fetch(`${api}/open-days/${dayId}`)).json();
  return sessions[0].remaining;
}

if (!PG_URL) {
  console.log(
    'cluster.test.mjs: three processes on one database need PostgreSQL; these tests run in the PostgreSQL pass (DATABASE_URL set).',
  );
} else {
  let cluster;
  after(async () => {
    await cluster?.stop();
  });
  const servers = () => cluster.servers;
  const [A, B, C] = [0, 1, 2].map((i) => () => cluster.servers[i]);

  test('three processes started at the same moment on a fresh database all come up, and each migration is applied once', async () => {
    // The cancel limit on (the other limits stay off for the loads below): counted in PostgreSQL.
    cluster = await startCluster(3, { env: { DJ_RATE_CANCEL: '10' } });
    const files = readdirSync(`${ROOT}server/migrations`)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    // Each banner names the migrations its process applied: together, every file once.
    const applied = servers().flatMap((s) => /migrations applied: ([^)]*)\)/.exec(s.output())?.[1].split(', ') ?? []);
    assert.deepEqual(applied.sort(), files);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: cluster.database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT name FROM schema_migrations ORDER BY name');
      assert.deepEqual(
        rows.map((r) => r.name),
        files,
      );
    } finally {
      await client.end();
    }
    for (const s of servers()) assert.equal((await fetch(`${s.origin}/healthz`)).status, 200);
  });

  test('1,000 concurrent attempts for 30 seats spread over three processes: exactly 30 confirmed, and the database agrees', async () => {
    const day = staffDay('od-cluster-rush', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 30 }] });
    assert.equal((await post(`${A().api}/admin/open-days`, day, staffHeaders)).status, 201);
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        attempt(nth(servers(), i).api, 'od-cluster-rush', bookingBody({ sessionId: 's1', n: 30_000 + i })),
      ),
    );
    assert.deepEqual(tally(answers), { 201: 30, 409: 970 });
    assert.ok(answers.filter((a) => a.status === 409).every((a) => a.body.type.endsWith('/session-full')));
    const confirmed = answers
      .filter((a) => a.status === 201)
      .map((a) => a.body.code)
      .sort();
    assert.equal(new Set(confirmed).size, 30);
    // Each process reads the same database: the same 30 bookings, no seat left.
    for (const s of servers()) {
      assert.deepEqual((await staffList(s.api, 'od-cluster-rush')).map((b) => b.code).sort(), confirmed);
      assert.equal(await remaining(s.api, 'od-cluster-rush'), 0);
    }
  });

  test('one Idempotency-Key sent to all three processes at once, ten times each, makes one booking', async () => {
    const day = staffDay('od-cluster-key', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 50 }] });
    assert.equal((await post(`${B().api}/admin/open-days`, day, staffHeaders)).status, 201);
    const key = randomUUID();
    const body = bookingBody({ sessionId: 's1', n: 31_000, partySize: 2 });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(nth(servers(), i).api, 'od-cluster-key', body, key)));
    assert.deepEqual(tally(answers), { 201: 30 });
    assert.equal(new Set(answers.map((a) => a.body.code)).size, 1, 'one code for all thirty');
    assert.equal((await staffList(C().api, 'od-cluster-key')).length, 1);
    assert.equal(await remaining(A().api, 'od-cluster-key'), 48);
  });

  test('capacity cut to the seats booked, through one process: the next booking on each of the other two is refused at once', async () => {
    const day = staffDay('od-cluster-cut', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 10 }] });
    assert.equal((await post(`${A().api}/admin/open-days`, day, staffHeaders)).status, 201);
    // B and C have just read the day for a booking each.
    assert.equal((await attempt(B().api, 'od-cluster-cut', bookingBody({ sessionId: 's1', n: 32_001 }))).status, 201);
    assert.equal((await attempt(C().api, 'od-cluster-cut', bookingBody({ sessionId: 's1', n: 32_002 }))).status, 201);
    const cut = await patch(`${A().api}/admin/open-days/od-cluster-cut/sessions/s1`, { capacity: 2 }, staffHeaders);
    assert.equal(cut.status, 200);
    const [onB, onC] = await Promise.all([
      attempt(B().api, 'od-cluster-cut', bookingBody({ sessionId: 's1', n: 32_003 })),
      attempt(C().api, 'od-cluster-cut', bookingBody({ sessionId: 's1', n: 32_004 })),
    ]);
    assert.deepEqual([onB.status, onC.status], [409, 409]);
    assert.ok(onB.body.type.endsWith('/session-full') && onC.body.type.endsWith('/session-full'));
    assert.equal((await staffList(A().api, 'od-cluster-cut')).length, 2);
  });

  test('booking closed early through one process (bookingClosesAt moved into the past): the next booking on each of the other two is refused at once', async () => {
    const day = staffDay('od-cluster-close', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 10 }] });
    assert.equal((await post(`${A().api}/admin/open-days`, day, staffHeaders)).status, 201);
    assert.equal((await attempt(B().api, 'od-cluster-close', bookingBody({ sessionId: 's1', n: 33_001 }))).status, 201);
    assert.equal((await attempt(C().api, 'od-cluster-close', bookingBody({ sessionId: 's1', n: 33_002 }))).status, 201);
    const past = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const closed = await patch(`${A().api}/admin/open-days/od-cluster-close`, { bookingClosesAt: past }, staffHeaders);
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    const [onB, onC] = await Promise.all([
      attempt(B().api, 'od-cluster-close', bookingBody({ sessionId: 's1', n: 33_003 })),
      attempt(C().api, 'od-cluster-close', bookingBody({ sessionId: 's1', n: 33_004 })),
    ]);
    assert.deepEqual([onB.status, onC.status], [410, 410]);
    assert.ok(onB.body.type.endsWith('/booking-closed') && onC.body.type.endsWith('/booking-closed'));
    assert.equal((await staffList(A().api, 'od-cluster-close')).length, 2);
  });

  test('50 lookups with wrong phones spread over three processes: the code locks after ten in all, on every process, and then refuses even the right phone', async () => {
    const day = staffDay('od-cluster-lock', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 10 }] });
    assert.equal((await post(`${A().api}/admin/open-days`, day, staffHeaders)).status, 201);
    const booked = await attempt(A().api, 'od-cluster-lock', bookingBody({ sessionId: 's1', n: 34_000 }));
    assert.equal(booked.status, 201);
    const { code } = booked.body;
    const lookup = (server, phone) => post(`${server.api}/bookings/${code}/lookup`, { phone });
    // The right phone works before: the lock below is the wrong phones' doing.
    assert.equal((await lookup(B(), phoneOf(34_000))).status, 200);

    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => lookup(nth(servers(), i), phoneOf(35_000 + i))));
    // Counted in the database, whichever process answers: nine are told
    // "no such booking", the tenth locks the code (ten per process would let 27 through).
    assert.deepEqual(tally(answers), { 404: 9, 429: 41 });
    assert.ok(answers.filter((a) => a.status === 429).every((a) => a.body.type.endsWith('/code-locked')));

    for (const server of servers()) {
      for (const phone of [phoneOf(36_000), phoneOf(34_000)]) {
        const answer = await lookup(server, phone);
        assert.equal(answer.status, 429, `${server.origin} with ${phone === phoneOf(34_000) ? 'the right' : 'a wrong'} phone`);
        assert.ok(answer.body.type.endsWith('/code-locked'));
        assert.ok(Number(answer.headers.get('retry-after')) > 3000, `Retry-After ${answer.headers.get('retry-after')}`);
      }
    }
    // The booking itself stands.
    const [one] = (await staffList(C().api, 'od-cluster-lock')).filter((b) => b.code === code);
    assert.equal(one.status, 'confirmed');
  });

  test('a rate limit holds across the processes: 30 cancels from one address spread over three, 10 a minute allowed, 10 get through in all', async () => {
    // A code of its own for each, so no code locks: only the limit refuses.
    const codes = Array.from({ length: 30 }, (_, i) => `RATE${String(i).padStart(4, '0')}`);
    const answers = await Promise.all(
      codes.map((code, i) => post(`${nth(servers(), i).api}/bookings/${code}/cancel`, { phone: phoneOf(37_000 + i) })),
    );
    // Ten per process would let all 30 through to be told "no such booking".
    assert.deepEqual(tally(answers), { 404: 10, 429: 20 });
    assert.ok(
      answers
        .filter((a) => a.status === 429)
        .every((a) => a.body.type.endsWith('/rate-limited') && Number(a.headers.get('retry-after')) > 0),
    );
  });
}
