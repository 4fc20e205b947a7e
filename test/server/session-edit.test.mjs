/**
 * A staff edit of a session is checked whole, against the stored session,
 * before anything is written: a refused edit leaves the session as it was.
 * The database itself refuses a session that ends before it starts
 * (migration 005), and that migration stops, naming the sessions, on a
 * database where the old fault left one.
 *
 *   node --import tsx --test test/server/session-edit.test.mjs
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { book, bookingBody, get, patch, post, staffDay } from '../support/booking.mjs';
import { staffHeaders, startServer, STORE, sqlOn } from '../support/server.mjs';

const isProblem = (a, status, slug) => {
  assert.equal(a.status, status, JSON.stringify(a.body));
  assert.equal(a.type, 'application/problem+json');
  assert.equal(a.body.type, `https://dj-widgets.example/problems/${slug}`);
};

/** One statement straight on a stopped server's database. */
/** SQL on this server's store (see sqlOn in test/support/server.mjs). */
const sql = (server, text) => sqlOn({ databaseUrl: server.database?.url, dataDir: server.dataDir }, text);

const DAY = 'od-session-edit';

test(`a session edit refused as a whole changes nothing: end before the stored start, start after the stored end, capacity below the booked seats (${STORE})`, async () => {
  const server = await startServer();
  try {
    const admin = `${server.api}/admin/open-days/${DAY}/sessions/s1`;
    const made = await post(
      `${server.api}/admin/open-days`,
      staffDay(DAY, { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 10 }] }),
      staffHeaders,
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal((await book(server.api, DAY, bookingBody({ sessionId: 's1', n: 1, partySize: 3 }))).status, 201);
    const asBooked = { id: 's1', start: '09:00', end: '11:00', capacity: 10, remaining: 7 };
    const shown = async () => (await get(`${server.api}/open-days/${DAY}`)).body.sessions.find((s) => s.id === 's1');
    assert.deepEqual(await shown(), asBooked);

    const endOnly = await patch(admin, { end: '08:30' }, staffHeaders);
    isProblem(endOnly, 422, 'validation');
    assert.deepEqual(
      endOnly.body.errors.map((e) => e.field),
      ['end'],
    );
    assert.deepEqual(await shown(), asBooked, 'the refused end was not stored');
    assert.match(endOnly.body.detail, /09:00/, 'says the start it was held against');

    isProblem(await patch(admin, { end: '09:00' }, staffHeaders), 422, 'validation');
    const startOnly = await patch(admin, { start: '11:30' }, staffHeaders);
    isProblem(startOnly, 422, 'validation');
    assert.deepEqual(
      startOnly.body.errors.map((e) => e.field),
      ['start'],
    );
    assert.deepEqual(await shown(), asBooked, 'the refused start was not stored');

    isProblem(await patch(admin, { start: '13:00', end: '15:00', capacity: 2 }, staffHeaders), 409, 'capacity-below-booked');
    assert.deepEqual(await shown(), asBooked, 'times sent with a refused capacity were not stored either');

    const moved = await patch(admin, { start: '10:00', capacity: 12 }, staffHeaders);
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(await shown(), { id: 's1', start: '10:00', end: '11:00', capacity: 12, remaining: 9 }, 'an edit that fits is stored');
  } finally {
    await server.stop();
  }
});

test(`the database refuses a session that ends before it starts; migration 005 names such sessions and stops until they are corrected (${STORE})`, async () => {
  const first = await startServer();
  const { dataDir, database } = first;
  try {
    assert.equal((await post(`${first.api}/admin/open-days`, staffDay(DAY), staffHeaders)).status, 201);
    await first.stop({ keepData: true });

    await assert.rejects(
      sql(first, `UPDATE sessions SET end_time = '08:00' WHERE open_day_id = '${DAY}' AND id = 's1'`),
      /sessions_end_after_start/,
      'the CHECK constraint holds whatever writes the row',
    );

    // A database as the old fault could leave it: the row written, 005 not yet applied.
    await sql(first, 'ALTER TABLE sessions DROP CONSTRAINT sessions_end_after_start');
    await sql(first, `UPDATE sessions SET end_time = '08:00' WHERE open_day_id = '${DAY}' AND id = 's1'`);
    await sql(first, "DELETE FROM schema_migrations WHERE name = '005_session_times.sql'");
    await assert.rejects(
      startServer({ dataDir, database }),
      /005_session_times\.sql: these sessions end before they start.*open day od-session-edit session s1 \(09:00-08:00\)/s,
    );

    await sql(first, `UPDATE sessions SET end_time = '11:00' WHERE open_day_id = '${DAY}' AND id = 's1'`);
    const mended = await startServer({ dataDir, database });
    try {
      assert.match(mended.output(), /migrations applied: 005_session_times\.sql/);
      const day = (await get(`${mended.api}/open-days/${DAY}`)).body;
      assert.deepEqual(
        day.sessions.map((s) => [s.start, s.end]),
        [['09:00', '11:00']],
      );
    } finally {
      await mended.stop({ keepData: true });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (database) await database.drop();
  }
});
