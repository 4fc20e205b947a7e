/**
 * On PostgreSQL a booking request is counted against its rate limit by the
 * statement that books (dj_book_counted, migrations/010_book_counted.sql;
 * CountWithBooking in server/limits.ts): a valid booking is one statement,
 * not the limiter's and dj_book's two, and every request is answered as it
 * was when it was counted first. The app runs in this process on the suite's
 * store told it is PostgreSQL (its limiter then keeps the counts in the
 * store), with every statement counted. Run on PGlite, and on PostgreSQL
 * when DATABASE_URL is set (the SQL is the same).
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { configFrom } from '../../server/config.ts';
import { vault } from '../../server/crypto.ts';
import { BookingOffice } from '../../server/office.ts';
import { upsertOpenDay } from '../../server/seed.ts';
import { answerOf, bookingBody, staffDay, tally } from '../support/booking.mjs';
import { STORE } from '../support/server.mjs';
import { suiteStore } from '../support/store.mjs';

let store;
before(async () => (store = await suiteStore()));
after(() => store.close());

let days = 0;
/** A new open day with one session of `capacity` seats, in the store. */
async function openDay(capacity = 100) {
  const day = staffDay(`od-counted-${++days}`, { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity }] });
  await upsertOpenDay(store, { ...day, sessions: day.sessions.map((session) => ({ ...session, remaining: session.capacity })) });
  return day.id;
}

/** The app on the store as PostgreSQL, `perMinute` bookings a minute per address, each statement it sends counted. */
function app(perMinute) {
  const counter = { statements: 0 };
  const db = { ...store, kind: 'postgres', query: (text, params) => (counter.statements++, store.query(text, params)) };
  const config = { ...configFrom({ DJ_RATE_BOOKING: String(perMinute), DJ_TRUST_PROXY: '1' }), log: false };
  const created = createApp({ config, store: db, office: new BookingOffice(db, vault(randomBytes(32))) });
  /** A booking from `client` with `body` (an object, or raw text); its answer and the statements it took. */
  const book = async (client, dayId, body) => {
    const before = counter.statements;
    const res = await created.request(`/dj-api/v1/open-days/${dayId}/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'X-Forwarded-For': client },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { ...(await answerOf(res)), statements: counter.statements - before };
  };
  return { book };
}

const hitsOf = async (client) =>
  (await store.query("SELECT hits FROM rate_limits WHERE bucket = 'booking' AND client = $1", [client]))[0]?.hits ?? 0;
const bookedOn = async (dayId) => (await store.query('SELECT count(*)::int AS n FROM bookings WHERE open_day_id = $1', [dayId]))[0].n;

const isRateLimited = (answer, wait = [1, 60]) => {
  assert.equal(answer.status, 429, JSON.stringify(answer.body));
  assert.equal(answer.body.type, 'https://dj-widgets.example/problems/rate-limited');
  assert.match(answer.type, /^application\/problem\+json/);
  const retry = Number(answer.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry >= wait[0] && retry <= wait[1], `Retry-After ${retry}`);
};

describe(`a booking's rate-limit count taken with the booking (${STORE})`, () => {
  test('a valid booking is one statement; past the limit it is refused by that statement and nothing is booked, then refused unread', async () => {
    const { book } = app(3);
    const dayId = await openDay();
    const client = '198.51.100.10';
    // The first also reads the day (kept for a second after).
    const first = await book(client, dayId, bookingBody({ sessionId: 's1', n: 1 }));
    assert.equal(first.status, 201);
    for (const n of [2, 3]) {
      const next = await book(client, dayId, bookingBody({ sessionId: 's1', n }));
      assert.equal(next.status, 201);
      assert.equal(next.statements, 1, 'the count and the booking in one statement');
    }
    assert.equal(await hitsOf(client), 3);

    const fourth = await book(client, dayId, bookingBody({ sessionId: 's1', n: 4 }));
    isRateLimited(fourth);
    assert.equal(fourth.statements, 1, 'counted and refused by the one statement');
    assert.equal(await bookedOn(dayId), 3, 'the fourth booked nothing');
    assert.equal(await hitsOf(client), 4);

    // Refused in its minute: the next requests are answered from memory, whatever their body.
    for (const body of [bookingBody({ sessionId: 's1', n: 5 }), '{"broken', { sessionId: 's1' }]) {
      const refused = await book(client, dayId, body);
      isRateLimited(refused);
      assert.equal(refused.statements, 0);
    }
    assert.equal(await bookedOn(dayId), 3);
    // Another address is counted on its own.
    assert.equal((await book('198.51.100.11', dayId, bookingBody({ sessionId: 's1', n: 6 }))).status, 201);
  });

  test('a request refused before it books is answered its refusal and still counted; past the limit a 429 replaces it', async () => {
    const { book } = app(2);
    const dayId = await openDay();
    const client = '198.51.100.20';
    const malformed = await book(client, dayId, '{"broken');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.type, 'https://dj-widgets.example/problems/malformed-body');
    const rules = await book(client, dayId, bookingBody({ sessionId: 's1', n: 20, phone: '12345' }));
    assert.equal(rules.status, 422);
    assert.equal(await hitsOf(client), 2, 'both counted');

    const third = await book(client, dayId, bookingBody({ sessionId: 's1', n: 21, phone: '12345' }));
    isRateLimited(third);
    // The 429 is the limiter's own: no header of the 422 it replaced.
    assert.equal(third.headers.get('content-length'), null);
    assert.equal(third.body.status, 429);
    assert.equal(await hitsOf(client), 3);
    // A day that is not there, from a fresh address: 404, counted.
    const missing = await book('198.51.100.21', 'od-no-such-day', bookingBody({ sessionId: 's1', n: 22 }));
    assert.equal(missing.status, 404);
    assert.equal(await hitsOf('198.51.100.21'), 1);
  });

  test('bookings that come together are counted in their statement, each in its place: the limit holds exactly', async () => {
    const { book } = app(3);
    const dayId = await openDay();
    await book('198.51.100.39', dayId, bookingBody({ sessionId: 's1', n: 39 })); // the day read and kept
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => book('198.51.100.30', dayId, bookingBody({ sessionId: 's1', n: 30 + i }))),
      ...Array.from({ length: 2 }, (_, i) => book('198.51.100.31', dayId, bookingBody({ sessionId: 's1', n: 40 + i }))),
    ]);
    assert.deepEqual(tally(answers.slice(0, 6)), { 201: 3, 429: 3 });
    assert.deepEqual(tally(answers.slice(6)), { 201: 2 });
    assert.equal(await bookedOn(dayId), 6);
    assert.equal(await hitsOf('198.51.100.30'), 6);
    const statements = answers.reduce((n, a) => Math.max(n, a.statements), 0);
    assert.ok(statements <= 4, `${statements} statements while 8 bookings were in flight`);
  });

  test('a booking checked again against a day changed since it was read is counted once', async () => {
    const { book } = app(2);
    const dayId = await openDay();
    const client = '198.51.100.50';
    assert.equal((await book(client, dayId, bookingBody({ sessionId: 's1', n: 50 }))).status, 201);
    // A staff edit through another process: the kept day is stale, and dj_book_counted says so after counting.
    await store.query('UPDATE open_days SET notes = \'["changed"]\' WHERE id = $1', [dayId]);
    const second = await book(client, dayId, bookingBody({ sessionId: 's1', n: 51 }));
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(second.statements, 3, 'counted and stale, the day read again, booked');
    assert.equal(await hitsOf(client), 2, 'counted once');
    isRateLimited(await book(client, dayId, bookingBody({ sessionId: 's1', n: 52 })));
  });
});
