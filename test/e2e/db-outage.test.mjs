/**
 * End to end, in Chromium: the booking form on the demo page, served by the
 * reference server on a PostgreSQL of this test's own
 * (test/support/pg-instance.mjs), while that PostgreSQL is away. A citizen
 * who presses "confirm" then sees the booking was not sent, why, and a
 * button to send it again; once the database is back, that button books,
 * once.
 *
 *   npx vite build && node --test --test-reporter=spec test/e2e/db-outage.test.mjs
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch } from '../support/engines.mjs';
import { startPostgres } from '../support/pg-instance.mjs';
import { staffHeaders, startServer } from '../support/server.mjs';
import { click, clickIn, fill, inPage, locate, readThrough, screenshot, textOf, waitFor } from './support.mjs';

const BUNDLE = new URL('../../dist/dj-widgets.js', import.meta.url);
const SHOTS = fileURLToPath(new URL('../screenshots/e2e/db-outage/', import.meta.url));
const FORM = 'dj-open-day-booking';
const PHONE = '137 0099 0001';

let pg;
let server;
let engine;
before(async () => {
  if (!existsSync(BUNDLE))
    throw new Error('dist/dj-widgets.js is missing: run `npx vite build` first (the demo page serves the built bundle).');
  pg = await startPostgres();
  const url = await pg.database('outage');
  server = await startServer({ database: { url, drop: async () => undefined }, env: { DATABASE_URL: url } });
  engine = await launch('chromium');
});
after(async () => {
  await engine?.close();
  await server?.stop();
  await pg?.destroy();
});

/** Ticks a radio or checkbox by its label, as a reader taps it, unless it is ticked already. */
async function tick(page, id) {
  await locate(page, FORM, `label[for="${id}"]`);
  const ticked = await page.evaluate((sel) => deepQuery(sel).checked, `${FORM} >>> #${id}`); // eslint-disable-line no-undef
  if (!ticked) await click(page, `${FORM} >>> label[for="${id}"]`);
  await waitFor(page, `#${id} ticked`, ($, sel) => $.all(document, sel)[0]?.checked, [`#${id}`]);
}

test('the database away when a citizen confirms: the form says the booking was not sent and offers to send it again, which books once the database is back', async () => {
  mkdirSync(SHOTS, { recursive: true });
  const page = await engine.newPage({ width: 390, height: 844 });
  await page.open(`${server.origin}/`);
  await readThrough(page);
  const next = () => clickIn(page, FORM, '.actions button[type="submit"]', { pick: 'last' });

  // Up to the last step while the database is there.
  const day = await waitFor(page, 'the open day 兖州区人民政府办公室 in the list', ($) => {
    const choice = $.within('dj-open-day-booking', '.choice').find((c) => $.text(c).includes('兖州区人民政府办公室'));
    return choice && choice.querySelector('input').id;
  });
  await tick(page, day);
  await locate(page, FORM, '[part="open-day"]', { has: '兖州区人民政府办公室' });
  await tick(page, 'f-sessionId');
  await next();
  await fill(page, FORM, '#f-name', '王秀兰');
  await fill(page, FORM, '#f-phone', PHONE);
  await fill(page, FORM, '#f-idNumber', '370812198503121234');
  await fill(page, FORM, '#f-partySize', '1');
  await next();
  await tick(page, 'f-consent-privacy');
  await tick(page, 'f-consent-idNumber');
  await next();
  await locate(page, FORM, '[part="answers"]');

  // The database goes away; the citizen confirms.
  await pg.stop();
  await next();
  const failure = await locate(page, FORM, '#failure[role="alert"]');
  const said = await textOf(page, failure);
  assert.match(said, /预约没有提交成功/, said);
  // Said plainly, with the wait the server's Retry-After gives (5 s), no HTTP status.
  assert.match(said, /服务暂时不可用（可能正在维护或重启），请约 5 秒后重试/, said);
  assert.doesNotMatch(said, /HTTP/, said);
  assert.match(said, /不会重复预约/, said);
  const again = await locate(page, FORM, '#failure button', { has: '重新提交' });
  await screenshot(page, `${SHOTS}retry-390.png`);
  // No booking screen while it is away.
  assert.equal(await inPage(page, ($) => $.within('dj-open-day-booking', '#code').length), 0);

  // Back again: the same button books.
  await pg.start();
  await click(page, again);
  const code = await textOf(page, await locate(page, FORM, '#code'));
  assert.match(code, /^[A-Z2-9]{8}$/);
  await screenshot(page, `${SHOTS}booked-390.png`);

  const res = await fetch(`${server.api}/admin/open-days/od-yz-gov/sessions/s1/bookings`, { headers: staffHeaders });
  const mine = (await res.json()).items.filter((b) => b.phone === PHONE.replace(/\s/g, ''));
  assert.deepEqual(
    mine.map((b) => [b.code, b.status]),
    [[code, 'confirmed']],
    'one booking, the one shown',
  );
  // What went wrong in the page is the refused request only.
  const errors = (await page.errors()).filter((e) => !/503|Service Unavailable/i.test(e));
  assert.deepEqual(errors, []);
  await page.close();
});
