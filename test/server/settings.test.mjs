/**
 * The server under its settings: rate limits with Retry-After, the CORS
 * allow-list, the staff API left off, DJ_DATA_KEY, the retention purge, and
 * a graceful stop on SIGTERM.
 *
 *   node --import tsx --test test/server/settings.test.mjs
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { OPEN_DAY } from '../../src/demo/open-days.ts';
import { book, bookingBody, get, patch, phoneOf, post, staffDay } from '../support/booking.mjs';
import { staffHeaders, startServer, STORE } from '../support/server.mjs';

const isProblem = (a, status, slug) => {
  assert.equal(a.status, status, JSON.stringify(a.body));
  assert.equal(a.type, 'application/problem+json');
  assert.equal(a.body.type, `https://dj-widgets.example/problems/${slug}`);
};

test(`rate limits per address on booking, lookup and cancel answer 429 with Retry-After; CORS allows the listed origins only; the staff API is off without a token (${STORE})`, async () => {
  const server = await startServer({
    env: {
      DJ_RATE_BOOKING: '2',
      DJ_RATE_LOOKUP: '3',
      DJ_RATE_CANCEL: '1',
      DJ_ALLOWED_ORIGINS: 'https://portal.example.gov.cn',
      DJ_ADMIN_TOKEN: '',
    },
  });
  try {
    const { api } = server;
    const first = await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 1 }));
    assert.equal(first.status, 201);
    assert.equal((await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 2 }))).status, 201);
    const third = await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 3 }));
    isProblem(third, 429, 'rate-limited');
    const wait = Number(third.headers.get('retry-after'));
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    assert.equal((await get(`${api}/open-days`)).status, 200, 'reading is not limited');

    for (let i = 0; i < 3; i++) assert.equal((await post(`${api}/bookings/${first.body.code}/lookup`, { phone: phoneOf(1) })).status, 200);
    isProblem(await post(`${api}/bookings/${first.body.code}/lookup`, { phone: phoneOf(1) }), 429, 'rate-limited');
    assert.equal((await post(`${api}/bookings/${first.body.code}/cancel`, { phone: phoneOf(1) })).status, 200);
    const cancel = await post(`${api}/bookings/${first.body.code}/cancel`, { phone: phoneOf(1) });
    isProblem(cancel, 429, 'rate-limited');
    assert.ok(cancel.headers.get('retry-after'));

    const allowed = await fetch(`${api}/open-days`, { headers: { Origin: 'https://portal.example.gov.cn' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://portal.example.gov.cn');
    assert.match(allowed.headers.get('access-control-expose-headers'), /ETag/);
    const preflight = await fetch(`${api}/open-days/${OPEN_DAY.approval}/bookings`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://portal.example.gov.cn',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,idempotency-key',
      },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-methods'), /POST/);
    assert.match(preflight.headers.get('access-control-allow-headers'), /idempotency-key/);
    const other = await fetch(`${api}/open-days`, { headers: { Origin: 'https://elsewhere.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);

    isProblem(await get(`${api}/admin/bookings/AAAAAAAA`, staffHeaders), 404, 'staff-api-off');
    assert.match(server.output(), /staff API off: set DJ_ADMIN_TOKEN/);
  } finally {
    await server.stop();
  }
});

test(`behind a proxy the client is the hop the proxy appended, not what the client wrote in X-Forwarded-For (${STORE})`, async () => {
  // nginx's $proxy_add_x_forwarded_for keeps the client's header and appends
  // the address it saw: rotating the leftmost hop must not reset the limit.
  const server = await startServer({ env: { DJ_TRUST_PROXY: '1', DJ_RATE_LOOKUP: '3' } });
  try {
    const lookup = (forwarded) => post(`${server.api}/bookings/ABCD2345/lookup`, { phone: phoneOf(1) }, { 'X-Forwarded-For': forwarded });
    for (let i = 0; i < 3; i++) assert.equal((await lookup(`10.9.${i}.1, 203.0.113.7`)).status, 404);
    isProblem(await lookup('10.9.99.1, 203.0.113.7'), 429, 'rate-limited');
    assert.equal((await lookup('203.0.113.8')).status, 404, 'another client, as the proxy saw it, has its own count');
  } finally {
    await server.stop();
  }
  // Two proxies (a CDN, then nginx): the client is the second hop from the right.
  const behindTwo = await startServer({ env: { DJ_TRUST_PROXY: '2', DJ_RATE_LOOKUP: '2' } });
  try {
    const lookup = (forwarded) =>
      post(`${behindTwo.api}/bookings/ABCD2345/lookup`, { phone: phoneOf(1) }, { 'X-Forwarded-For': forwarded });
    for (let i = 0; i < 2; i++) assert.equal((await lookup(`10.9.${i}.1, 198.51.100.4, 192.0.2.10`)).status, 404);
    isProblem(await lookup('10.9.9.9, 198.51.100.4, 192.0.2.11'), 429, 'rate-limited');
    assert.equal((await lookup('198.51.100.5, 192.0.2.10')).status, 404);
  } finally {
    await behindTwo.stop();
  }
});

test(`the demo (DJ_DEMO=1, as npm start runs it) makes a staff token for the run and prints it with the staff page; a token set wins (${STORE})`, async () => {
  const demo = await startServer({ env: { DJ_DEMO: '1', DJ_ADMIN_TOKEN: '' } });
  try {
    const [, token] = /demo staff token, this run only: (\S+)/.exec(demo.output()) ?? [];
    assert.ok(token && token.length >= 24, demo.output());
    assert.match(demo.output(), new RegExp(`staff desk \\(open days, check-in, lists\\): ${demo.origin}/demo/staff\\.html`));
    const desk = { Authorization: `Bearer ${token}` };
    const list = await get(`${demo.api}/admin/open-days`, desk);
    assert.equal(list.status, 200);
    // Today's open day at the door, with bookings whose codes are printed, checks them in.
    const door = list.body.items.find((d) => d.id === 'od-yz-door-today');
    assert.equal(door.date, new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
    const [, codes] = /today's demo open day at the door: check in with (.+)/.exec(demo.output()) ?? [];
    const code = codes.split(', ')[0];
    const checked = await post(`${demo.api}/admin/bookings/${code}/check-in`, {}, desk);
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    assert.equal(checked.body.openDayId, 'od-yz-door-today');
    const seats = door.sessions.map((s) => s.capacity - s.remaining);
    assert.deepEqual(
      seats,
      door.sessions.map((s) => s.counts.people),
      'seats taken match the bookings',
    );
    isProblem(await get(`${demo.api}/admin/open-days`, staffHeaders), 401, 'unauthorized');
    const page = await fetch(`${demo.origin}/demo/staff.html`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<dj-open-day-desk endpoint="\/dj-api\/v1">/);
    const home = await (await fetch(`${demo.origin}/`)).text();
    assert.match(home, /href="\/demo\/staff\.html"/, 'the demo page links to the staff page');
  } finally {
    await demo.stop();
  }
  const set = await startServer({ env: { DJ_DEMO: '1' } });
  try {
    assert.doesNotMatch(set.output(), /demo staff token/);
    assert.equal((await get(`${set.api}/admin/open-days`, staffHeaders)).status, 200);
  } finally {
    await set.stop();
  }
});

test(`settings that do not make sense stop the server with a sentence (${STORE})`, async () => {
  for (const [env, words] of [
    [{ DJ_DATA_KEY: 'too-short' }, /DJ_DATA_KEY must be 32 bytes/],
    [{ DJ_ADMIN_TOKEN: 'short' }, /DJ_ADMIN_TOKEN must be at least 16 characters/],
    [{ DJ_ADMIN_TOKENS: 'desk 1=abcdefghijklmnopqr' }, /DJ_ADMIN_TOKENS: each entry is name=token/],
    [{ DJ_ADMIN_TOKENS: 'desk-1=short' }, /DJ_ADMIN_TOKENS: the token of "desk-1" must be at least 16 characters/],
    [{ DJ_ADMIN_TOKENS: 'staff=abcdefghijklmnopqr' }, /the name "staff" is given twice \(DJ_ADMIN_TOKEN is named staff\)/],
    [{ DJ_ADMIN_TOKENS: 'a=abcdefghijklmnopqr,b=abcdefghijklmnopqr' }, /"b" has the same token as "a"/],
    [{ DJ_RATE_AUTH: '-1' }, /DJ_RATE_AUTH must be a whole number/],
    [{ DJ_RATE_BOOKING: 'lots' }, /DJ_RATE_BOOKING must be a whole number/],
    [{ DJ_ALLOWED_ORIGINS: 'https://portal.example.gov.cn/path' }, /is not an origin/],
    [{ DJ_TRUST_PROXY: 'yes' }, /DJ_TRUST_PROXY must be a whole number from 0 to 10/],
    [{ DJ_DEMO: '1', DJ_SEED: 'none' }, /DJ_DEMO=1 runs the demo, which needs the demo data/],
  ]) {
    await assert.rejects(startServer({ env }), words);
  }
});

test(`DJ_DATA_KEY is used instead of a generated key; bookings past the retention period are purged at start (${STORE})`, async () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  let server = await startServer({ env: { DJ_DATA_KEY: key, DJ_RETENTION_DAYS: '2' } });
  const { dataDir, database } = server;
  try {
    assert.ok(!existsSync(join(dataDir, 'data.key')), 'no key generated');
    assert.match(server.output(), /key from DJ_DATA_KEY; bookings kept 2 days after their open day/);
    const admin = `${server.api}/admin`;
    for (const id of ['od-old', 'od-recent']) {
      assert.equal((await post(`${admin}/open-days`, staffDay(id, { requiresIdNumber: true }), staffHeaders)).status, 201);
    }
    const old = await book(server.api, 'od-old', bookingBody({ sessionId: 's1', n: 1, ids: true }));
    const recent = await book(server.api, 'od-recent', bookingBody({ sessionId: 's1', n: 2, ids: true }));
    assert.equal(old.status, 201);
    assert.equal(recent.status, 201);
    // The days took place: 3 days ago (past the 2 days kept) and 2 days ago (not yet).
    const ago = (n) => new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);
    assert.equal((await patch(`${admin}/open-days/od-old`, { date: ago(3) }, staffHeaders)).status, 200);
    assert.equal((await patch(`${admin}/open-days/od-recent`, { date: ago(2) }, staffHeaders)).status, 200);
    await server.stop({ keepData: true });

    server = await startServer({ dataDir, database, env: { DJ_DATA_KEY: key, DJ_RETENTION_DAYS: '2' } });
    assert.match(server.output(), /Purged 1 booking\(s\)/);
    assert.equal((await get(`${server.api}/admin/bookings/${old.body.code}`, staffHeaders)).status, 404, 'the old booking is gone');
    const kept = await get(`${server.api}/admin/bookings/${recent.body.code}`, staffHeaders);
    assert.equal(kept.status, 200);
    assert.equal(kept.body.idNumber.length, 18, 'decrypted with the same key after a restart');
  } finally {
    await server.stop();
  }
});

test(`SIGTERM lets the requests in flight finish, then the server exits 0 (${STORE})`, async () => {
  const server = await startServer();
  let exitedEarly = false;
  server.exited.then(() => (exitedEarly = true));
  const created = await post(
    `${server.api}/admin/open-days`,
    staffDay('od-stop', { sessions: [{ id: 's1', start: '09:00', end: '11:00', capacity: 5000 }] }),
    staffHeaders,
  );
  assert.equal(created.status, 201);
  let stopAsked = false;
  let answeredAfterStop = 0;
  const load = Array.from({ length: 200 }, (_, i) =>
    book(server.api, 'od-stop', bookingBody({ sessionId: 's1', n: 1000 + i })).then(
      (a) => {
        if (stopAsked) answeredAfterStop++;
        return a.status;
      },
      (e) => `error: ${e.cause?.code ?? e.message}`,
    ),
  );
  // Stop once the first answers are out, with the rest still coming.
  await Promise.race(load);
  assert.equal(exitedEarly, false);
  stopAsked = true;
  const exit = server.stop();
  const statuses = await Promise.all(load);
  const { code } = await exit;
  assert.equal(code, 0, server.output());
  const refused = statuses.filter((s) => typeof s === 'string');
  const answered = statuses.filter((s) => typeof s === 'number');
  assert.ok(
    answered.every((s) => s === 201),
    `answered: ${[...new Set(answered)]}`,
  );
  assert.ok(answeredAfterStop > 0, 'requests in flight at SIGTERM were answered');
  // Requests the server had accepted all got their answer; only connections opened after the stop are refused.
  assert.ok(
    refused.every((s) => /ECONNREFUSED|ECONNRESET|other side closed/.test(s)),
    `refused: ${[...new Set(refused)]}`,
  );
  assert.match(server.output(), /SIGTERM: finishing the requests in flight[\s\S]*Stopped\./);
});

/** What the server's own pages add to the kit's policy: no plugins, no other base or form target, no framing. */
const PAGE_ONLY = "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

test(`the demo page and the static demo pages go out under the strict CSP, exactly, with the page's own inline script and style by hash; API answers keep their own policy (${STORE})`, async () => {
  const server = await startServer();
  try {
    const sha256 = (body) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
    for (const path of ['/', '/index.html']) {
      const res = await fetch(`${server.origin}${path}`);
      assert.equal(res.status, 200);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(([, body]) => sha256(body));
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, body]) => sha256(body));
      assert.equal(scripts.length, 1, 'the page has one inline script (显示设置)');
      assert.equal(styles.length, 1, 'the page has one <style>');
      assert.equal(
        res.headers.get('content-security-policy'),
        `default-src 'self'; script-src 'self' ${scripts[0]}; style-src 'self' ${styles[0]}; img-src 'self' data:; require-trusted-types-for 'script'; trusted-types lit-html; ${PAGE_ONLY}`,
        path,
      );
      assert.match(html, /<script type="module" src="\/dist\/dj-widgets.js"><\/script>/);
      assert.match(html, /组件的数据由本站的参考服务器（\/dj-api\/v1 接口）提供/);
    }
    for (const path of ['/demo/brands.html', '/demo/demo.css']) {
      const res = await fetch(`${server.origin}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(
        res.headers.get('content-security-policy'),
        `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; require-trusted-types-for 'script'; trusted-types lit-html; ${PAGE_ONLY}`,
      );
    }
    const api = await fetch(`${server.api}/open-days`);
    const own = api.headers.get('content-security-policy');
    assert.match(own, /frame-ancestors 'none'/);
    assert.doesNotMatch(own, /trusted-types/);
    assert.equal((await fetch(`${server.origin}/demo/no-such-page.html`)).headers.get('content-type'), 'application/problem+json');
  } finally {
    await server.stop();
  }
});
