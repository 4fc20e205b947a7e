/**
 * The rate limiter on the database (server/limits.ts, SqlLimiter), which
 * PostgreSQL deployments use so that a limit holds whichever process a
 * client reaches: requests that come together are counted in one statement,
 * each answered as if counted alone, in the order they came. Run on PGlite,
 * and on PostgreSQL when DATABASE_URL is set (the table and the SQL are the
 * same).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SqlLimiter } from '../../server/limits.ts';
import { suiteStore } from '../support/store.mjs';

let store;
before(async () => (store = await suiteStore()));
after(() => store.close());

/** A limiter on the store with its own clock, and every statement it sends counted. */
function limiter(start) {
  const clock = { now: Date.parse(start), statements: 0 };
  const sql = { query: (text, params) => (clock.statements++, store.query(text, params)) };
  const limits = new SqlLimiter(sql, () => clock.now);
  after(() => limits.close());
  return { clock, limits };
}

test('requests that come together are counted in one statement, each answered in its order, per client', async () => {
  const { clock, limits } = limiter('2026-05-01T08:00:00Z');
  const asks = Array.from({ length: 12 }, () => limits.take('booking', '10.1.0.1', 10)).concat(
    Array.from({ length: 3 }, () => limits.take('booking', '10.1.0.2', 10)),
    [limits.take('lookup', '10.1.0.1', 2)],
  );
  const waits = await Promise.all(asks);
  assert.equal(clock.statements, 1, 'one statement for sixteen requests');
  // The first ten of the first client go on; its eleventh and twelfth wait the whole minute.
  assert.deepEqual(waits.slice(0, 12), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 60]);
  assert.deepEqual(waits.slice(12), [0, 0, 0, 0], 'another client, and another bucket, counted apart');
});

test('the next batch goes on from the count the last one left, and a window that has ended begins again', async () => {
  const { clock, limits } = limiter('2026-05-01T09:00:00Z');
  assert.deepEqual(await Promise.all([1, 2, 3].map(() => limits.take('cancel', '10.2.0.1', 4))), [0, 0, 0]);
  clock.now += 20_000;
  assert.deepEqual(await Promise.all([1, 2].map(() => limits.take('cancel', '10.2.0.1', 4))), [0, 40], 'fourth on, fifth waits 40 s');
  assert.equal(await limits.check('cancel', '10.2.0.1', 4), 40);
  // The window began at 09:00:00; at 09:01:00 a new one begins with this batch.
  clock.now += 40_000;
  assert.equal(await limits.check('cancel', '10.2.0.1', 4), 0);
  assert.deepEqual(await Promise.all([1, 2, 3, 4, 5].map(() => limits.take('cancel', '10.2.0.1', 4))), [0, 0, 0, 0, 60]);
  const [row] = await store.query(
    `SELECT hits, window_start::text AS start FROM rate_limits WHERE bucket = 'cancel' AND client = '10.2.0.1'`,
  );
  assert.deepEqual(row, { hits: 5, start: String(clock.now) });
});

test('no limit counts nothing, and the sweep deletes ended windows only', async () => {
  const { clock, limits } = limiter('2026-05-01T10:00:00Z');
  assert.equal(await limits.take('auth', '10.3.0.1', 0), 0);
  assert.equal(clock.statements, 0);
  await Promise.all([limits.take('auth', '10.3.0.2', 5), limits.take('auth', '10.3.0.3', 5)]);
  clock.now += 30_000;
  await limits.take('auth', '10.3.0.4', 5);
  clock.now += 31_000;
  await limits.sweep();
  const left = await store.query(`SELECT client FROM rate_limits WHERE bucket = 'auth' ORDER BY client`);
  assert.deepEqual(
    left.map((r) => r.client),
    ['10.3.0.4'],
  );
});

test('a statement that fails fails each request of its batch, and the next batch is counted', async () => {
  let fail = true;
  const clock = { now: Date.parse('2026-05-01T11:00:00Z') };
  const sql = {
    query: (text, params) =>
      fail ? Promise.reject(Object.assign(new Error('Connection terminated'), { code: '08006' })) : store.query(text, params),
  };
  const limits = new SqlLimiter(sql, () => clock.now);
  after(() => limits.close());
  const failed = await Promise.allSettled([limits.take('booking', '10.4.0.1', 3), limits.take('booking', '10.4.0.2', 3)]);
  assert.deepEqual(
    failed.map((r) => r.status === 'rejected' && r.reason.code),
    ['08006', '08006'],
  );
  fail = false;
  assert.deepEqual(await Promise.all([1, 2, 3, 4].map(() => limits.take('booking', '10.4.0.1', 3))), [0, 0, 0, 60]);
});
