/**
 * A migrated store for a suite that talks to the store in its own process:
 * PGlite in memory, or, when DATABASE_URL is set, a fresh database on that
 * PostgreSQL server, dropped again when the store is closed. Needs tsx (it
 * imports the server's TypeScript).
 *
 *   let store;
 *   before(async () => (store = await suiteStore()));
 *   after(() => store.close());
 */
import { openPglite, openPostgres } from '../../server/db.ts';
import { migrate } from '../../server/migrate.ts';
import { freshDatabase, PG_URL } from './server.mjs';

export async function suiteStore() {
  const database = PG_URL ? await freshDatabase() : undefined;
  const store = database ? await openPostgres(database.url) : await openPglite('memory://');
  await migrate(store);
  return {
    ...store,
    close: async () => {
      await store.close();
      await database?.drop();
    },
  };
}
