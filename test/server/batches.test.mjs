/**
 * Bookings that reach the store together go to it as one statement
 * (server/office.ts, BookingBatches): what each booking is answered must be
 * what it would be answered one at a time, seats exact, duplicates and keys
 * caught inside a statement as across statements, one booking's error its
 * own. Run on PGlite, and on PostgreSQL when DATABASE_URL is set. Also the
 * request log's lines and the body limit's paths that came with it.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { vault } from '../../server/crypto.ts';
import { stdoutLines } from '../../server/http.ts';
import { BookingBatches, BookingOffice } from '../../server/office.ts';
import { upsertOpenDay } from '../../server/seed.ts';
import { bookingBody, phoneOf, staffDay, tally, validId } from '../support/booking.mjs';
import { PG_URL, STORE, startServer, staffHeaders } from '../support/server.mjs';
import { suiteStore } from '../support/store.mjs';

let store;
before(async () => (store = await suiteStore()));
after(() => store.close());

let days = 0;
/** Each open day's version as dj_book is to be told it (migrations/009_day_version.sql). */
const versions = new Map();
const versionOf = async (dayId) => (await store.query('SELECT version::text AS v FROM open_days WHERE id = $1', [dayId]))[0].v;

/** A new open day asking ID numbers, its one session of `capacity` seats, in the store. */
async function openDay(capacity) {
  const day = staffDay(`od-batch-${++days}`, { requiresIdNumber: true, sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity }] });
  // The seed's own writer; every seat still free.
  await upsertOpenDay(store, { ...day, sessions: day.sessions.map((session) => ({ ...session, remaining: session.capacity })) });
  versions.set(day.id, await versionOf(day.id));
  return day.id;
}

/** The store with every statement counted. */
function counted(sql) {
  const counter = { statements: 0, query: (text, params) => (counter.statements++, sql.query(text, params)) };
  return counter;
}

/** dj_book's parameters for booking n (phone n, ID number n) of `dayId`, with key `key`. */
const params = (dayId, n, key = randomUUID()) => {
  const code = `B${String(n).padStart(7, '0')}`;
  return [
    dayId,
    key,
    `hash-${key}`,
    JSON.stringify({ code }),
    code,
    's1',
    1,
    '张三明',
    phoneOf(n),
    null,
    [],
    null,
    new Date().toISOString(),
    [`id-${validId(n)}`],
    versions.get(dayId),
  ];
};

describe(`bookings that come together (${STORE})`, () => {
  test('fifty at once over 30 seats go as a few statements: exactly 30 booked, 20 told it is full', async () => {
    const dayId = await openDay(30);
    const sql = counted(store);
    const batches = new BookingBatches(sql, 1);
    const rows = await Promise.all(Array.from({ length: 50 }, (_, i) => batches.book(params(dayId, 1000 + i))));
    assert.deepEqual(tally(rows.map((r) => ({ status: r.out_result }))), { booked: 30, full: 20 });
    assert.ok(sql.statements <= 2, `${sql.statements} statements for 50 bookings`);
    const [{ remaining }] = await store.query('SELECT remaining FROM sessions WHERE open_day_id = $1', [dayId]);
    assert.equal(remaining, 0);
    const [{ n }] = await store.query('SELECT count(*)::int AS n FROM bookings WHERE open_day_id = $1', [dayId]);
    assert.equal(n, 30);
  });

  test('inside one statement a phone or an ID number books once, a key claims once, a taken code is said so', async () => {
    const dayId = await openDay(100);
    const batches = new BookingBatches(store, 1);
    const first = params(dayId, 1);
    const samePhone = params(dayId, 2);
    samePhone[8] = first[8];
    const sameId = params(dayId, 3);
    sameId[13] = first[13];
    const sameKey = params(dayId, 4, first[1]);
    const sameCode = params(dayId, 5);
    sameCode[4] = first[4];
    const fine = params(dayId, 6);
    // The first keeps the store busy; the rest come meanwhile and go together.
    const rows = await Promise.all([first, samePhone, sameId, sameKey, sameCode, fine].map((p) => batches.book(p)));
    assert.deepEqual(
      rows.map((r) => r.out_result),
      ['booked', 'duplicate', 'duplicate', 'key-taken', 'code-taken', 'booked'],
    );
    const [{ n }] = await store.query('SELECT count(*)::int AS n FROM bookings WHERE open_day_id = $1', [dayId]);
    assert.equal(n, 2);
    const [{ remaining }] = await store.query('SELECT remaining FROM sessions WHERE open_day_id = $1', [dayId]);
    assert.equal(remaining, 98);
  });

  test('a booking that makes the statement fail fails alone: the others of its statement are booked', async () => {
    const dayId = await openDay(100);
    const batches = new BookingBatches(store, 1);
    const broken = params(dayId, 20);
    broken[5] = 'no-such-session'; // refused by the bookings' reference to their session
    const [a, b, c, d] = await Promise.allSettled(
      [params(dayId, 21), params(dayId, 22), broken, params(dayId, 23)].map((p) => batches.book(p)),
    );
    assert.equal(a.value.out_result, 'booked');
    assert.equal(b.value.out_result, 'booked');
    assert.equal(c.status, 'rejected');
    assert.equal(d.value.out_result, 'booked');
    const [{ remaining }] = await store.query('SELECT remaining FROM sessions WHERE open_day_id = $1', [dayId]);
    assert.equal(remaining, 97);
  });

  test('through the booking office: a hundred citizens at once for 40 seats, each answered as alone, every 201 stored', async () => {
    const dayId = await openDay(40);
    const office = new BookingOffice(store, vault(randomBytes(32)));
    const key = randomUUID();
    const bodies = Array.from({ length: 100 }, (_, i) => bookingBody({ sessionId: 's1', n: 5000 + i, ids: true }));
    // The same request twice with one key, in the same moment: one booking, the same answer twice.
    const answers = await Promise.all([
      office.book(dayId, key, bodies[0]),
      office.book(dayId, key, bodies[0]),
      ...bodies.slice(1).map((b) => office.book(dayId, randomUUID(), b)),
    ]);
    assert.deepEqual(tally(answers), { 201: 41, 409: 60 });
    assert.deepEqual(answers[1].body, answers[0].body);
    const codes = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.code));
    assert.equal(codes.size, 40);
    const stored = await store.query('SELECT code FROM bookings WHERE open_day_id = $1', [dayId]);
    assert.deepEqual(new Set(stored.map((r) => r.code)), codes);
  });

  test("a day changed since it was read makes dj_book answer 'stale' and write nothing; seats taken and given back leave it the same day", async () => {
    const dayId = await openDay(10);
    const batches = new BookingBatches(store, 1);
    const read = versions.get(dayId);
    assert.equal((await batches.book(params(dayId, 40))).out_result, 'booked');
    // What a cancel writes: the seats only.
    await store.query('UPDATE sessions SET remaining = remaining + 1 WHERE open_day_id = $1', [dayId]);
    assert.equal(await versionOf(dayId), read, 'a booking or a cancel changes only the seats: the day is as it was read');
    // Staff edits, whichever process writes them: each raises the version.
    for (const [text, ...rest] of [
      ['UPDATE open_days SET max_party_size = 3 WHERE id = $1'],
      ['UPDATE sessions SET end_time = $2 WHERE open_day_id = $1', '11:30'],
      ['UPDATE sessions SET capacity = 20, remaining = remaining + 10 WHERE open_day_id = $1'],
      [
        `INSERT INTO sessions (open_day_id, id, position, start_time, end_time, capacity, remaining) VALUES ($1, 's2', 1, '13:00', '15:00', 5, 5)`,
      ],
      [`DELETE FROM sessions WHERE open_day_id = $1 AND id = 's2'`],
    ]) {
      const was = await versionOf(dayId);
      await store.query(text, [dayId, ...rest]);
      assert.ok(BigInt(await versionOf(dayId)) > BigInt(was), `the version after: ${text}`);
    }
    const [{ remaining }] = await store.query('SELECT remaining FROM sessions WHERE open_day_id = $1', [dayId]);
    const late = params(dayId, 41);
    assert.equal((await batches.book(late)).out_result, 'stale');
    const [{ n }] = await store.query('SELECT count(*)::int AS n FROM bookings WHERE open_day_id = $1 AND phone = $2', [dayId, late[8]]);
    assert.equal(n, 0);
    const keys = await store.query('SELECT 1 FROM idempotency_keys WHERE open_day_id = $1 AND key = $2', [dayId, late[1]]);
    assert.equal(keys.length, 0);
    const [after] = await store.query('SELECT remaining FROM sessions WHERE open_day_id = $1', [dayId]);
    assert.equal(after.remaining, remaining);
    // With the version as it is now, the same booking goes through.
    late[14] = await versionOf(dayId);
    assert.equal((await batches.book(late)).out_result, 'booked');
  });

  test('through the booking office: a day closed by another process after this one read it refuses the next booking at once', async () => {
    const dayId = await openDay(10);
    const office = new BookingOffice(store, vault(randomBytes(32)));
    const first = await office.book(dayId, randomUUID(), bookingBody({ sessionId: 's1', n: 6001, ids: true }));
    assert.equal(first.status, 201);
    // Another process's staff edit: this office keeps its copy of the day and is not told.
    await store.query(`UPDATE open_days SET booking_closes_at = '2000-01-01T09:00:00+08:00' WHERE id = $1`, [dayId]);
    const next = await office.book(dayId, randomUUID(), bookingBody({ sessionId: 's1', n: 6002, ids: true }));
    assert.equal(next.status, 410);
    assert.equal(next.body.title, '预约已截止');
    const [{ n }] = await store.query('SELECT count(*)::int AS n FROM bookings WHERE open_day_id = $1', [dayId]);
    assert.equal(n, 1);
  });
});

describe('request log lines', () => {
  test('the lines of one turn go out in one write, in order, each on its own line', async () => {
    const writes = [];
    const log = stdoutLines({ write: (text) => writes.push(text) });
    log('POST /open-days/:id/bookings 201 3.1ms');
    log('GET /open-days 200 1.0ms');
    assert.deepEqual(writes, []);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes, ['POST /open-days/:id/bookings 201 3.1ms\nGET /open-days 200 1.0ms\n']);
    log('GET /healthz 200 0.4ms');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes.slice(1), ['GET /healthz 200 0.4ms\n']);
  });
});

describe(`bodies sent in chunks (${STORE})`, () => {
  let server;
  before(async () => {
    server = await startServer();
    const res = await fetch(`${server.api}/admin/open-days`, {
      method: 'POST',
      headers: staffHeaders,
      body: JSON.stringify(staffDay('od-chunks', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 10 }] })),
    });
    assert.equal(res.status, 201);
  });
  after(() => server?.stop());

  /** A booking POSTed with Transfer-Encoding: chunked (no length), in chunks of 1,000 bytes; the answer's status. */
  const chunked = (body) =>
    new Promise((resolve, reject) => {
      const { hostname, port } = new URL(server.origin);
      const socket = connect({ host: hostname, port: Number(port) });
      let answer = '';
      socket.setEncoding('latin1');
      socket.on('data', (d) => {
        answer += d;
        const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
        if (m) {
          resolve(Number(m[1]));
          socket.destroy();
        }
      });
      socket.on('error', reject);
      const bytes = Buffer.from(body);
      socket.write(
        `POST /dj-api/v1/open-days/od-chunks/bookings HTTP/1.1\r\nHost: ${server.origin.slice(7)}\r\n` +
          `Content-Type: application/json\r\nIdempotency-Key: ${randomUUID()}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      for (let at = 0; at < bytes.length; at += 1000) {
        const part = bytes.subarray(at, at + 1000);
        socket.write(`${part.length.toString(16)}\r\n`);
        socket.write(part);
        socket.write('\r\n');
      }
      socket.write('0\r\n\r\n');
    });

  test('a booking in chunks is read and booked; one over the limit in chunks is 413', async () => {
    assert.equal(await chunked(JSON.stringify(bookingBody({ sessionId: 's1', n: 77 }))), 201);
    assert.equal(await chunked(JSON.stringify({ ...bookingBody({ sessionId: 's1', n: 78 }), needs: 'x'.repeat(20_000) })), 413);
  });
});

// PGlite has no pool and prepares nothing: this is about PostgreSQL's connections.
if (PG_URL)
  describe('statements on PostgreSQL (postgres)', () => {
    test('a statement with parameters is prepared once under a name and then run by it; one without parameters is not named', async () => {
      const text = 'SELECT $1::int + 1 AS n';
      for (let i = 0; i < 3; i++) assert.equal((await store.query(text, [i]))[0].n, i + 1);
      await store.query('SELECT 2 AS two');
      // One request at a time: the pool hands back the connection it was given last.
      const prepared = await store.query('SELECT name, statement FROM pg_prepared_statements WHERE statement IN ($1, $2)', [
        text,
        'SELECT 2 AS two',
      ]);
      assert.deepEqual(
        prepared.map((p) => p.statement),
        [text],
      );
      assert.match(prepared[0].name, /^dj_\d+$/);
    });
  });
