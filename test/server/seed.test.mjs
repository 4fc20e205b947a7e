/**
 * The demo seed on its own store, in this process: branches and liaison
 * groups replaced whole at every seed. Apart from the HTTP suites, because
 * PGlite's WebAssembly holds this process's event loop for seconds, long
 * enough for a kept-alive connection of theirs to be closed under them.
 *
 *   node --import tsx --test test/server/seed.test.mjs
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('seed: branches and groups are replaced whole, so a branch the fixtures dropped is gone after a restart', async () => {
  const { openPglite } = await import('../../server/db.ts');
  const { migrate } = await import('../../server/migrate.ts');
  const { seedDemo } = await import('../../server/seed.ts');
  const store = await openPglite('memory://');
  try {
    await migrate(store);
    await seedDemo(store);
    const [{ n }] = await store.query('SELECT count(*)::int AS n FROM branches');
    await store.query(
      `INSERT INTO branches (id, position, county, group_id, stars, doc) VALUES ('stale', 9999, '370812', 'yz-g1', 5, '{}')`,
    );
    await store.query(`INSERT INTO liaison_groups (id, position, name) VALUES ('stale-g', -1, '旧联系片')`);
    await seedDemo(store);
    assert.deepEqual(await store.query(`SELECT id FROM branches WHERE id = 'stale'`), []);
    assert.deepEqual(await store.query(`SELECT id FROM liaison_groups WHERE id = 'stale-g'`), []);
    assert.deepEqual(await store.query('SELECT count(*)::int AS n FROM branches'), [{ n }]);
  } finally {
    await store.close();
  }
});
