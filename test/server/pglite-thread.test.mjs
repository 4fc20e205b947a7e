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
import { openPglite } from '../../server/db.ts';
import { pgliteOptions } from '../../server/pglite-thread.mjs';

let store;

before(async () => {
  store = await openPglite('memory://');
  await store.exec('CREATE TABLE t (id integer PRIMARY KEY, note text)');
});

after(() => store.close());

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
