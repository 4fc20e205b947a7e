/**
 * PGlite runs on a thread of its own (server/db.ts, server/pglite-thread.mjs):
 * a statement no longer holds up the server's thread, a transaction still has
 * the one connection to itself, and errors keep the fields the server reads;
 * in a directory, a commit is on the disk before it is answered.
 */
import assert from 'node:assert/strict';
import fs, { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, mock, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { isUnavailable, openPglite } from '../../server/db.ts';
import { MOST_NAMED, pgliteOptions, preparedQueries } from '../../server/pglite-thread.mjs';

let store;
/** A PGlite on this thread, to compare prepared statements with PGlite's own query, and its prepared queries. */
let direct;
let prepared;

before(async () => {
  store = await openPglite('memory://');
  await store.exec('CREATE TABLE t (id integer PRIMARY KEY, note text)');
  direct = await PGlite.create();
  prepared = preparedQueries(direct);
});

after(() => Promise.all([store.close(), direct.closed || direct.close()]));

test("a slow statement leaves the server's thread free: a timer set after it fires before it answers", async () => {
  const order = [];
  const slow = store.query('SELECT pg_sleep(0.3)').then(() => order.push('statement'));
  // On the server's thread, the 0.3 s in WebAssembly would run before any timer could.
  await new Promise((resolve) => setTimeout(resolve, 0)).then(() => order.push('timer'));
  await slow;
  assert.deepEqual(order, ['timer', 'statement']);
});

test('rows come back with their types; parameters go in as given', async () => {
  const [row] = await store.query(`SELECT $1::integer + 1 AS n, $2::jsonb AS j, $3::text[] AS a, now() AS at, NULL AS nothing`, [
    41,
    JSON.stringify({ a: [1, '二'] }),
    ['x', 'y'],
  ]);
  assert.equal(row.n, 42);
  assert.deepEqual(row.j, { a: [1, '二'] });
  assert.deepEqual(row.a, ['x', 'y']);
  assert.ok(row.at instanceof Date);
  assert.equal(row.nothing, null);
});

test('a database error keeps its code and constraint across the thread, and the store goes on', async () => {
  await store.query('INSERT INTO t VALUES (1, $1)', ['one']);
  const error = await store.query('INSERT INTO t VALUES (1, $1)', ['again']).catch((e) => e);
  assert.ok(error instanceof Error);
  assert.equal(error.code, '23505');
  assert.equal(error.constraint, 't_pkey');
  assert.match(error.message, /duplicate key/);
  assert.deepEqual(await store.query('SELECT note FROM t WHERE id = 1'), [{ note: 'one' }]);
});

test('a transaction has the connection to itself: a statement asked meanwhile waits for the commit', async () => {
  let inside;
  const seen = [];
  const done = store.transaction(async (tx) => {
    await tx.query('INSERT INTO t VALUES (2, $1)', ['in the transaction']);
    // Asked while the transaction is open: it must not run inside it, nor before its commit.
    inside = store.query('SELECT note FROM t WHERE id = 2').then((rows) => seen.push(rows));
    await tx.query('SELECT pg_sleep(0.05)');
    await tx.query('UPDATE t SET note = $1 WHERE id = 2', ['committed']);
    return 'ok';
  });
  assert.equal(await done, 'ok');
  await inside;
  assert.deepEqual(seen, [[{ note: 'committed' }]]);
});

test('a transaction that throws is rolled back, and what waited for it runs after', async () => {
  const failed = store.transaction(async (tx) => {
    await tx.query('INSERT INTO t VALUES (3, $1)', ['never']);
    throw new Error('changed my mind');
  });
  const waited = store.query('SELECT count(*)::integer AS n FROM t WHERE id = 3');
  await assert.rejects(failed, /changed my mind/);
  assert.deepEqual(await waited, [{ n: 0 }]);
});

test('a statement is prepared once under a name and then only bound and run, each time with its own values', async () => {
  const text = 'SELECT $1::integer * 2 AS twice, $2::text AS said';
  assert.deepEqual(await store.query(text, [1, 'one']), [{ twice: 2, said: 'one' }]);
  assert.deepEqual(await store.query(text, [21, null]), [{ twice: 42, said: null }]);
  const named = await store.query('SELECT name FROM pg_prepared_statements WHERE statement = $1', [text]);
  assert.equal(named.length, 1, 'one named statement for the text, however often it ran');
  assert.match(named[0].name, /^dj_\d+$/);
});

test("prepared, a statement answers exactly what PGlite's own query answers, types and errors alike", async () => {
  const query = prepared;
  await direct.exec('CREATE TABLE u (id integer PRIMARY KEY, big bigint, at timestamptz, tags text[], doc jsonb, ok boolean, n numeric)');
  const insert = 'INSERT INTO u VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *';
  const values = [1, 9007199254740993n, new Date('2026-12-04T01:02:03Z'), ['a', 'b "c"', null], { x: ['二', 3] }, true, '1.50'];
  const inserted = await query(insert, values);
  await direct.exec('DELETE FROM u');
  assert.deepEqual(inserted, (await direct.query(insert, values)).rows);
  const select = 'SELECT id, big, at, tags, doc, ok, n FROM u WHERE id = $1';
  for (let i = 0; i < 2; i++) assert.deepEqual(await query(select, [1]), (await direct.query(select, [1])).rows);
  assert.deepEqual(await query('SELECT 1 AS one WHERE false'), []);

  // A unique violation: the same error, its fields kept, and the statement still usable.
  const mine = await query(insert, values).catch((e) => e);
  const theirs = await direct.query(insert, values).catch((e) => e);
  for (const field of ['message', 'code', 'constraint', 'severity', 'detail', 'query']) assert.equal(mine[field], theirs[field], field);
  // A text that does not parse: refused, and never named.
  const wrong = await query('SELEC 1').catch((e) => e);
  assert.equal(wrong.code, '42601');
  const unnamed = `SELECT count(*)::integer AS n FROM pg_prepared_statements WHERE statement = 'SELEC 1'`;
  assert.deepEqual((await direct.query(unnamed)).rows, [{ n: 0 }]);
  // Inside a transaction that failed, statements are refused until it is rolled back, as with query.
  await query('BEGIN');
  await assert.rejects(query(insert, values), { code: '23505' });
  await assert.rejects(query(select, [1]), { code: '25P02' });
  await query('ROLLBACK');
  assert.equal((await query(select, [1])).length, 1);
});

test(`past ${MOST_NAMED} texts the rest are run unnamed, and answer the same`, async () => {
  const texts = Array.from({ length: MOST_NAMED + 5 }, (_, i) => `SELECT $1::integer + ${i} AS n`);
  const answers = await Promise.all(texts.map((text) => prepared(text, [1])));
  assert.deepEqual(
    answers.map(([row]) => row.n),
    texts.map((_, i) => i + 1),
  );
  // The statements of the test before, on the same PGlite, count among them.
  assert.deepEqual((await direct.query('SELECT count(*)::integer AS n FROM pg_prepared_statements')).rows, [{ n: MOST_NAMED }]);
});

test('a thread that answers nothing for its stall limit while asked is stopped: what waits is unavailable, and the server is told', async () => {
  const lost = [];
  const stuck = await openPglite('memory://', (error) => lost.push(error), 400);
  // Busy but answering is not stuck: statements of 0.15 s one after another, 0.75 s in all.
  for (let i = 0; i < 5; i++) await stuck.query('SELECT pg_sleep(0.15)');
  // Idle is not stuck either.
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.deepEqual(await stuck.query('SELECT 1 AS one'), [{ one: 1 }]);
  assert.deepEqual(lost, []);

  const started = Date.now();
  const error = await stuck.query('SELECT pg_sleep(60)').catch((e) => e);
  assert.ok(Date.now() - started < 5_000, `given up after ${Date.now() - started} ms, not when the statement ended`);
  assert.ok(isUnavailable(error), 'answered 503, as an unreachable PostgreSQL is');
  assert.match(error.message, /answered nothing for 0.4 s/);
  while (!lost.length) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(lost.length, 1);
  assert.equal(lost[0], error);
  await assert.rejects(stuck.query('SELECT 1'), /PGlite's thread ended/);
});

test('once closed, the store refuses statements with a sentence instead of hanging', async () => {
  const other = await openPglite('memory://');
  await other.close();
  await assert.rejects(other.query('SELECT 1'), /PGlite's thread ended/);
});

test('in a directory, a commit is on the disk before it is answered: the WAL is synced at COMMIT, not before', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dj-pglite-sync-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The files synced, by the path of their descriptor (Linux's /proc).
  const synced = [];
  for (const name of ['fdatasyncSync', 'fsyncSync']) {
    const real = fs[name];
    mock.method(fs, name, (fd) => {
      synced.push(readlinkSync(`/proc/self/fd/${fd}`));
      return real(fd);
    });
  }
  t.after(() => mock.restoreAll());
  const db = await PGlite.create(pgliteOptions(join(dir, 'pglite')));
  try {
    assert.deepEqual((await db.query('SHOW fsync')).rows, [{ fsync: 'on' }]);
    await db.exec('CREATE TABLE t (id integer PRIMARY KEY)');
    const wal = () => synced.splice(0).filter((path) => path.includes('/pg_wal/'));

    wal();
    await db.query('INSERT INTO t VALUES (1)');
    assert.ok(wal().length > 0, 'a statement on its own synced the WAL as it committed');

    await db.exec('BEGIN');
    await db.query('INSERT INTO t VALUES (2)');
    assert.deepEqual(wal(), [], 'nothing is synced inside the transaction');
    await db.exec('COMMIT');
    assert.ok(wal().length > 0, 'COMMIT synced the WAL');
  } finally {
    await db.close();
  }
});

test("the server's store in a directory runs with fsync on, and memory:// without the disk", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dj-pglite-sync-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const onDisk = await openPglite(dir);
  try {
    assert.deepEqual(await onDisk.query('SHOW fsync'), [{ fsync: 'on' }]);
    assert.deepEqual(await onDisk.query('SHOW wal_sync_method'), [{ wal_sync_method: 'fsync' }]);
  } finally {
    await onDisk.close();
  }
  assert.deepEqual(await store.query('SHOW fsync'), [{ fsync: 'off' }]);
});

// Last: it closes the PGlite on this thread the tests above share (one more in this process would
// be one more WebAssembly instance to start and free).
test('prepared statements of a PGlite that is closed are refused with a sentence, as its query is', async () => {
  assert.deepEqual(await prepared('SELECT $1::integer AS n', [1]), [{ n: 1 }]);
  await direct.close();
  await assert.rejects(prepared('SELECT $1::integer AS n', [2]), /PGlite is closed/);
  await assert.rejects(direct.query('SELECT 1'), /PGlite is closed/);
});
