/**
 * The data key and the database belong together: the first start stores the
 * key's fingerprint; a start with a lost key file or another key is refused
 * with a sentence naming where the key came from and what to do, never with
 * a new key that would leave the ID numbers unreadable and let one ID number
 * book twice. A refused start leaves the data directory free for the next.
 *
 *   node --import tsx --test test/server/keys.test.mjs
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { book, bookingBody, post, staffDay, validId } from '../support/booking.mjs';
import { findBookingAsStaff, staffHeaders, startServer, STORE, sqlOn } from '../support/server.mjs';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const KEY_A = Buffer.alloc(32, 0xa1).toString('base64');
const KEY_B = Buffer.alloc(32, 0xb2).toString('hex');

/**
 * A server whose data outlives it: `restart()` starts another on the same
 * data directory (and PostgreSQL database); `remove()` deletes them at the end.
 */
async function keptServer(env = {}, setup = async () => undefined) {
  const first = await startServer({ env });
  const { dataDir, database } = first;
  let made;
  try {
    made = await setup(first);
  } finally {
    await first.stop({ keepData: true });
  }
  return {
    made,
    dataDir,
    databaseUrl: database?.url,
    keyFile: join(dataDir, 'data.key'),
    pidFile: join(dataDir, 'server.pid'),
    start: (more = {}) => startServer({ dataDir, database, env: more }),
    async remove() {
      rmSync(dataDir, { recursive: true, force: true });
      if (database) await database.drop();
    },
  };
}

/** One statement straight on the stopped server's database. */
/** SQL on this server's store (see sqlOn in test/support/server.mjs). */
const sql = (kept, text) => sqlOn({ databaseUrl: kept.databaseUrl, dataDir: kept.dataDir }, text);

/** Books one ID number on a fresh day of the running `server`; returns the day and the booking's code. */
async function bookWithId(server, dayId, n) {
  const made = await post(`${server.api}/admin/open-days`, staffDay(dayId, { requiresIdNumber: true }), staffHeaders);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const booked = await book(server.api, dayId, bookingBody({ sessionId: 's1', n, ids: true }));
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  return booked.body.code;
}

/** The booking is read with its ID number whole, and the same ID number cannot book the day again. */
async function keyStillWorks(server, dayId, code, n) {
  const seen = await findBookingAsStaff(server.api, { openDayId: dayId, sessionId: 's1', code });
  assert.equal(seen.idNumber, validId(n * 10), 'the staff list reads the ID number');
  const again = await book(server.api, dayId, bookingBody({ sessionId: 's1', n: n + 1, ids: true, idNumber: validId(n * 10) }));
  assert.equal(again.status, 409, 'the same ID number cannot book the same day twice');
  assert.equal(again.body.type, 'https://dj-widgets.example/problems/duplicate-booking');
}

/** Asserts that starting is refused with `words`, and that the refused start left the data directory unlocked. */
async function refused(kept, env, words) {
  const error = await kept.start(env).then(
    (server) => server.stop({ keepData: true }).then(() => assert.fail('the server started')),
    (e) => e,
  );
  for (const w of words) assert.match(error.message, w);
  assert.ok(!existsSync(kept.pidFile), 'the refused start released the pid lock');
}

test(`a lost key file is not replaced once the database holds bookings; another key in the file is refused; the restored key starts at once (${STORE})`, async () => {
  const kept = await keptServer({}, (server) => bookWithId(server, 'od-key-file', 1));
  const code = kept.made;
  try {
    const original = readFileSync(kept.keyFile, 'utf8');

    rmSync(kept.keyFile);
    await refused(kept, {}, [
      /The data key file .*data\.key is missing/,
      new RegExp(escape(kept.keyFile)),
      /1 booking/,
      /Restore .*from your backup/,
    ]);
    assert.ok(!existsSync(kept.keyFile), 'no new key was made');

    writeFileSync(kept.keyFile, `${KEY_B}\n`, { mode: 0o600 });
    await refused(kept, {}, [
      /The data key from .*data\.key is not the key the data in .* was encrypted with/,
      /Restore the original key from your backup into .*data\.key/,
    ]);

    writeFileSync(kept.keyFile, original, { mode: 0o600 });
    await refused(kept, { DJ_DATA_KEY: KEY_A }, [
      /The data key from DJ_DATA_KEY is not the key/,
      /The key in .*data\.key is the right one: unset DJ_DATA_KEY/,
    ]);
    const server = await kept.start();
    try {
      await keyStillWorks(server, 'od-key-file', code, 1);
    } finally {
      await server.stop({ keepData: true });
    }
  } finally {
    await kept.remove();
  }
});

test(`another DJ_DATA_KEY is refused, naming DJ_DATA_KEY; the data directory is free again for the right key at once (${STORE})`, async () => {
  const kept = await keptServer({ DJ_DATA_KEY: KEY_A }, (server) => bookWithId(server, 'od-env-key', 3));
  const code = kept.made;
  try {
    await refused(kept, { DJ_DATA_KEY: KEY_B }, [
      /The data key from DJ_DATA_KEY is not the key/,
      /Restore the original key from your backup into DJ_DATA_KEY/,
    ]);
    assert.ok(!existsSync(kept.keyFile), 'no key file was made either');

    const server = await kept.start({ DJ_DATA_KEY: KEY_A });
    try {
      await keyStillWorks(server, 'od-env-key', code, 3);
    } finally {
      await server.stop({ keepData: true });
    }
  } finally {
    await kept.remove();
  }
});

test(`a database from before the fingerprint: its sealed ID numbers tell a wrong key, and the right one gets its fingerprint stored (${STORE})`, async () => {
  const kept = await keptServer({ DJ_DATA_KEY: KEY_A }, (server) => bookWithId(server, 'od-old-db', 5));
  const code = kept.made;
  try {
    await sql(kept, 'DELETE FROM data_key');
    await refused(kept, { DJ_DATA_KEY: KEY_B }, [/The data key from DJ_DATA_KEY is not the key/]);
    assert.deepEqual(await sql(kept, 'SELECT count(*)::int AS n FROM data_key'), [{ n: 0 }], 'the wrong key left no fingerprint');

    const server = await kept.start({ DJ_DATA_KEY: KEY_A });
    try {
      await keyStillWorks(server, 'od-old-db', code, 5);
    } finally {
      await server.stop({ keepData: true });
    }
    const [row] = await sql(kept, 'SELECT fingerprint FROM data_key');
    assert.match(row.fingerprint, /^[A-Za-z0-9_-]{43}$/);
    for (const form of [KEY_A, Buffer.from(KEY_A, 'base64').toString('hex'), Buffer.from(KEY_A, 'base64').toString('base64url')]) {
      assert.ok(!row.fingerprint.includes(form.slice(0, 16)), 'the key is not in the database');
    }
  } finally {
    await kept.remove();
  }
});

test(`once a key has been used, a missing key file is not replaced even before the first booking; key file faults name the file (${STORE})`, async () => {
  const kept = await keptServer();
  try {
    const key = readFileSync(kept.keyFile, 'utf8');
    assert.match(key, /^[A-Za-z0-9+/]{43}=\n$/);
    assert.equal(statSync(kept.keyFile).mode & 0o777, 0o600);
    assert.deepEqual(
      readdirSync(kept.dataDir).filter((f) => f.includes('data.key')),
      ['data.key'],
      'no temporary file left',
    );

    rmSync(kept.keyFile);
    await refused(kept, {}, [/The data key file .*data\.key is missing/, /was set up with a data key/]);
    assert.ok(!existsSync(kept.keyFile), 'no new key was made');

    // What a crash in the middle of a plain write could have left.
    writeFileSync(kept.keyFile, '');
    await refused(kept, {}, [new RegExp(`The data key file ${escape(kept.keyFile)} must be 32 bytes`), /it is empty/]);

    rmSync(kept.keyFile);
    mkdirSync(kept.keyFile);
    await refused(kept, {}, [/Could not read the data key file .*data\.key: EISDIR/]);
  } finally {
    await kept.remove();
  }
});
