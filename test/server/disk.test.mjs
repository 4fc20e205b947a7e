/**
 * PGlite's data on a disk that fails (server/pglite-thread.mjs): a commit
 * whose sync fails is not confirmed, the server says why and stops with exit
 * code 1 instead of hanging, and started again on a sound disk it has every
 * booking that got a 201. The disk's failure is test/support/failing-sync.mjs,
 * preloaded into the server.
 *
 *   node --import tsx --test test/server/disk.test.mjs
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as node from 'node:test';
import { book, bookingBody, post, staffDay } from '../support/booking.mjs';
import { findBookingAsStaff, PG_URL, staffHeaders, startServer } from '../support/server.mjs';

// PGlite's own: they run in the pass without DATABASE_URL (test/run.sh runs the server suites on PGlite, then on PostgreSQL).
const test = PG_URL ? () => {} : node.test;
if (PG_URL) console.log('disk.test.mjs: these tests are of PGlite on a disk and run once, in the pass without DATABASE_URL.');

const preload = pathToFileURL(new URL('../support/failing-sync.mjs', import.meta.url).pathname).href;

test('a sync that fails: the booking is not confirmed (503), the server says why and exits 1; started again, every 201 is there', async (t) => {
  const marks = mkdtempSync(join(tmpdir(), 'dj-disk-'));
  t.after(() => rmSync(marks, { recursive: true, force: true }));
  const mark = join(marks, 'fail');
  const env = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`.trim(), DJ_TEST_FAIL_SYNCS: mark };
  const server = await startServer({ env });
  let restarted;
  try {
    const day = staffDay('od-disk', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 10 }] });
    assert.equal((await post(`${server.api}/admin/open-days`, day, staffHeaders)).status, 201);
    const kept = await book(server.api, 'od-disk', bookingBody({ sessionId: 's1', n: 1 }));
    assert.equal(kept.status, 201);

    writeFileSync(mark, '');
    const key = randomUUID();
    const failed = await book(server.api, 'od-disk', bookingBody({ sessionId: 's1', n: 2 }), key);
    assert.equal(failed.status, 503, JSON.stringify(failed.body));
    assert.ok(Number(failed.headers.get('retry-after')) > 0);
    const exit = await server.exited;
    assert.deepEqual(exit, { code: 1, signal: null });
    assert.match(server.output(), /PGlite stopped: could not fsync file .*I\/O error/);
    assert.match(server.output(), /the data can no longer be reached; stopping\. Start the server again\./);

    rmSync(mark);
    restarted = await startServer({ dataDir: server.dataDir });
    const one = await findBookingAsStaff(restarted.api, { openDayId: 'od-disk', sessionId: 's1', code: kept.body.code });
    assert.equal(one.status, 'confirmed');
    // The refused booking tried again with its key: booked once, whether or not its commit had reached the disk.
    const again = await book(restarted.api, 'od-disk', bookingBody({ sessionId: 's1', n: 2 }), key);
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal((await book(restarted.api, 'od-disk', bookingBody({ sessionId: 's1', n: 2 }), key)).body.code, again.body.code);
    const { items } = await (
      await fetch(`${restarted.api}/admin/open-days/od-disk/sessions/s1/bookings`, { headers: staffHeaders })
    ).json();
    assert.deepEqual(items.map((b) => b.code).sort(), [kept.body.code, again.body.code].sort());
  } finally {
    await restarted?.stop();
    await server.stop();
  }
});
