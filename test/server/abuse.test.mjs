/**
 * The server against abuse: a booking code locked after ten wrong phones
 * (whoever sends them), wrong staff tokens slowed down, the staff API kept
 * out of CORS and same-origin, its audit log, 304s that keep their CORS
 * headers, frames refused, source maps kept back, a rate limiter of bounded
 * memory, and booking codes drawn without bias, their random bytes drawn
 * many at a time.
 *
 *   node --import tsx --test test/server/abuse.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { OPEN_DAY } from '../../src/demo/open-days.ts';
import { newCode } from '../../src/contract/booking.ts';
import { MemoryLimiter, networkOf } from '../../server/limits.ts';
import { book, bookingBody, get, patch, phoneOf, post, staffDay } from '../support/booking.mjs';
import { staffHeaders, startServer, STORE } from '../support/server.mjs';

const isProblem = (a, status, slug) => {
  assert.equal(a.status, status, JSON.stringify(a.body));
  assert.equal(a.type, 'application/problem+json');
  assert.equal(a.body.type, `https://dj-widgets.example/problems/${slug}`);
};

const PORTAL = 'https://portal.example.gov.cn';
const DESK_TOKEN = 'desk-token-abcdefghijklmnop';

let server;
before(async () => {
  server = await startServer({
    env: { DJ_ALLOWED_ORIGINS: PORTAL, DJ_ADMIN_TOKENS: `desk-1=${DESK_TOKEN}`, DJ_RATE_AUTH: '3', DJ_TRUST_PROXY: '1' },
  });
});
after(async () => {
  await server?.stop();
});

describe(`a booking code and its phone (${STORE})`, () => {
  test('ten wrong phones lock the code for an hour, from any address, the right phone and cancel too; other codes stay open', async () => {
    const { api } = server;
    const made = await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 301 }));
    const other = await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 302 }));
    assert.equal(made.status, 201);
    // Each try from another address: a per-address limit would not stop this.
    const tries = [];
    for (let i = 0; i < 10; i++) {
      tries.push(
        await post(`${api}/bookings/${made.body.code}/lookup`, { phone: phoneOf(400 + i) }, { 'X-Forwarded-For': `198.51.100.${i + 1}` }),
      );
    }
    for (const a of tries.slice(0, 9)) isProblem(a, 404, 'not-found');
    isProblem(tries[9], 429, 'code-locked');
    const right = await post(
      `${api}/bookings/${made.body.code.toLowerCase()}/lookup`,
      { phone: phoneOf(301) },
      { 'X-Forwarded-For': '203.0.113.50' },
    );
    isProblem(right, 429, 'code-locked');
    const wait = Number(right.headers.get('retry-after'));
    assert.ok(wait > 3500 && wait <= 3600, `Retry-After ${wait}`);
    assert.equal(right.body.retryAfter, wait);
    assert.match(right.body.detail, /预约本身仍然有效/);
    isProblem(await post(`${api}/bookings/${made.body.code}/cancel`, { phone: phoneOf(301) }), 429, 'code-locked');
    assert.equal(
      (await post(`${api}/bookings/${other.body.code}/lookup`, { phone: phoneOf(302) })).status,
      200,
      'another code is not locked',
    );
    // The booking stands: staff still see it confirmed.
    assert.equal((await get(`${api}/admin/bookings/${made.body.code}`, staffHeaders)).body.status, 'confirmed');
  });

  test('wrong phones on cancel count too, and a code with no booking locks alike', async () => {
    const { api } = server;
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await post(`${api}/bookings/ZZZZ9999/cancel`, { phone: phoneOf(500 + i) }));
    assert.deepEqual(
      answers.map((a) => a.status),
      [...Array(9).fill(404), 429],
    );
    isProblem(await post(`${api}/bookings/ZZZZ9999/lookup`, { phone: phoneOf(1) }), 429, 'code-locked');
  });

  test('the lookup travels as a POST body: no phone in any URL the server logs', async () => {
    const made = await book(server.api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 303 }));
    const found = await post(`${server.api}/bookings/${made.body.code}/lookup`, { phone: phoneOf(303) });
    assert.equal(found.status, 200);
    assert.equal(found.headers.get('cache-control'), 'no-store');
    assert.ok(!server.output().includes(phoneOf(303)), 'the phone is in no log line');
  });
});

describe(`the staff API (${STORE})`, () => {
  test('the start banner names the staff tokens, never the tokens themselves', () => {
    assert.match(server.output(), /staff API on at \S+ \(bearer tokens: staff, desk-1; every action in the audit log\)/);
    assert.ok(!server.output().includes(DESK_TOKEN));
  });

  test('is left out of CORS and same-origin only, even with origins allowed for the contract', async () => {
    const { api } = server;
    const contract = await fetch(`${api}/open-days`, { headers: { Origin: PORTAL } });
    assert.equal(contract.headers.get('access-control-allow-origin'), PORTAL);
    assert.equal(contract.headers.get('cross-origin-resource-policy'), 'cross-origin');
    const staffRead = await fetch(`${api}/admin/bookings/ZZZZZZZZ`, { headers: { ...staffHeaders, Origin: PORTAL } });
    assert.equal(staffRead.status, 404);
    assert.equal(staffRead.headers.get('access-control-allow-origin'), null);
    assert.equal(staffRead.headers.get('cross-origin-resource-policy'), 'same-origin');
    const preflight = await fetch(`${api}/admin/bookings/ZZZZZZZZ/check-in`, {
      method: 'OPTIONS',
      headers: { Origin: PORTAL, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.equal(preflight.headers.get('access-control-allow-headers'), null);
    const refused = await fetch(`${api}/admin/audit`, { headers: { Origin: PORTAL } });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('cross-origin-resource-policy'), 'same-origin');
  });

  test('wrong tokens from one address are slowed down: past DJ_RATE_AUTH a minute, 429 even for the right one; other addresses go on', async () => {
    const { api } = server;
    const from = (address, token) => get(`${api}/admin/audit`, { Authorization: `Bearer ${token}`, 'X-Forwarded-For': address });
    for (let i = 0; i < 3; i++) isProblem(await from('192.0.2.66', `wrong-token-${i}-xxxxxxxxxx`), 401, 'unauthorized');
    const slowed = await from('192.0.2.66', 'wrong-token-4-xxxxxxxxxx');
    isProblem(slowed, 429, 'rate-limited');
    const wait = Number(slowed.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    isProblem(await from('192.0.2.66', DESK_TOKEN), 429, 'rate-limited');
    assert.equal((await from('192.0.2.67', DESK_TOKEN)).status, 200, 'another address is not held back');
  });

  test('every read, export, check-in and edit is in the audit log: who, what, when, the status, and no personal data', async () => {
    const { api } = server;
    const desk = { Authorization: `Bearer ${DESK_TOKEN}`, 'Content-Type': 'application/json' };
    assert.equal((await post(`${api}/admin/open-days`, staffDay('od-audit', { days: 0 }), desk)).status, 201);
    assert.equal((await patch(`${api}/admin/open-days/od-audit`, { title: '审计测试开放日' }, staffHeaders)).status, 200);
    const made = await book(api, 'od-audit', bookingBody({ sessionId: 's1', n: 310, name: '审计人' }));
    assert.equal(made.status, 201);
    assert.equal((await get(`${api}/admin/open-days/od-audit/sessions/s1/bookings`, desk)).status, 200);
    assert.equal((await get(`${api}/admin/open-days/od-audit/sessions/s1/bookings.csv`, desk)).status, 200);
    assert.equal((await get(`${api}/admin/bookings/${made.body.code}`, desk)).status, 200);
    assert.equal((await post(`${api}/admin/bookings/${made.body.code}/check-in`, {}, desk)).status, 200);
    assert.equal((await post(`${api}/admin/bookings/${made.body.code}/check-in`, {}, desk)).status, 409);
    const log = await get(`${api}/admin/audit?limit=7`, desk);
    assert.equal(log.status, 200);
    const entries = log.body.items.map(({ who, action, target, status }) => `${who} ${action} ${target} ${status}`);
    assert.deepEqual(entries, [
      `desk-1 check-in ${made.body.code} 409`,
      `desk-1 check-in ${made.body.code} 200`,
      `desk-1 read-booking ${made.body.code} 200`,
      'desk-1 export-bookings od-audit/s1 200',
      'desk-1 read-bookings od-audit/s1 200',
      'staff edit-open-day od-audit 200',
      'desk-1 create-open-day od-audit 201',
    ]);
    for (const e of log.body.items) assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 600_000, `${e.at} is a time of today`);
    const text = JSON.stringify((await get(`${api}/admin/audit?limit=500`, desk)).body);
    for (const personal of ['审计人', phoneOf(310), phoneOf(310).slice(-4)])
      assert.ok(!text.includes(personal), `no ${personal} in the audit log`);
    // Paging, and a bad parameter said plainly.
    const older = await get(`${api}/admin/audit?limit=2&before=${log.body.items[1].id}`, desk);
    assert.deepEqual(
      older.body.items.map((e) => e.action),
      ['read-booking', 'export-bookings'],
    );
    isProblem(await get(`${api}/admin/audit?limit=0`, desk), 400, 'invalid-parameter');
  });
});

describe(`headers (${STORE})`, () => {
  test('a 304 carries the CORS headers its 200 would, so a cross-origin widget can revalidate', async () => {
    const first = await fetch(`${server.api}/brands/chengshen-weigong`, { headers: { Origin: PORTAL } });
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const again = await fetch(`${server.api}/brands/chengshen-weigong`, { headers: { Origin: PORTAL, 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('access-control-allow-origin'), PORTAL);
    assert.match(again.headers.get('access-control-expose-headers'), /ETag/);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), first.headers.get('cache-control'));
    assert.match(again.headers.get('vary') ?? '', /Origin/);
    assert.equal(again.headers.get('content-type'), null);
  });

  test('frames are refused alike by X-Frame-Options and frame-ancestors; source maps are not served unless asked', async () => {
    const page = await fetch(`${server.origin}/`);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    const api = await fetch(`${server.api}/open-days`);
    assert.equal(api.headers.get('x-frame-options'), 'DENY');
    assert.equal((await fetch(`${server.origin}/dist/dj-widgets.js`)).status, 200);
    isProblem(await get(`${server.origin}/dist/dj-widgets.js.map`), 404, 'not-found');
  });

  test('DJ_SOURCE_MAPS=1 serves them', async () => {
    const withMaps = await startServer({ env: { DJ_SOURCE_MAPS: '1' } });
    try {
      const map = await fetch(`${withMaps.origin}/dist/dj-widgets.js.map`);
      assert.equal(map.status, 200);
      assert.ok((await map.json()).sources.length > 0);
    } finally {
      await withMaps.stop();
    }
  });
});

describe('the rate limiter in memory', () => {
  test('keeps a bounded number of keys under a flood of addresses, and still limits each one it counts', async () => {
    let now = Date.parse('2026-05-01T08:00:10Z');
    const limiter = new MemoryLimiter(() => now, 1000);
    for (let i = 0; i < 20_000; i++) await limiter.take('lookup', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 5);
    assert.ok(limiter.size <= 1250 + 1, `${limiter.size} keys`);
    // The first 1,000 are counted one by one: the sixth request of one is refused.
    for (let i = 0; i < 4; i++) assert.equal(await limiter.take('lookup', '10.0.0.7', 5), 0);
    assert.ok((await limiter.take('lookup', '10.0.0.7', 5)) > 0);
    // A minute on, the same address starts afresh; two minutes on, the old keys are gone.
    now += 61_000;
    assert.equal(await limiter.take('lookup', '10.0.0.7', 5), 0);
    now += 120_000;
    await limiter.take('lookup', '10.0.0.8', 5);
    assert.equal(limiter.size, 1);
  });

  test('a window is the client’s own minute, not the clock’s: no fresh allowance at :00', async () => {
    let now = Date.parse('2026-05-01T08:00:59Z');
    const limiter = new MemoryLimiter(() => now);
    for (let i = 0; i < 3; i++) assert.equal(await limiter.take('booking', '::1', 3), 0);
    now += 2000; // 08:01:01, in a new clock minute
    assert.equal(await limiter.take('booking', '::1', 3), 58, 'the window began at 08:00:59 and ends at 08:01:59');
  });

  test('counts past its bound by network', () => {
    assert.equal(networkOf('203.0.113.77'), '203.0.113.0/24');
    assert.equal(networkOf('::ffff:203.0.113.77'), '203.0.113.0/24');
    assert.equal(networkOf('2001:db8:85a3:8d3:1319:8a2e:370:7348'), '2001:db8:85a3::/48');
  });
});

test('booking codes draw their random bytes 512 at a time, each byte used once: not a system call per code', () => {
  const draws = [];
  const real = crypto.getRandomValues.bind(crypto);
  mock.method(crypto, 'getRandomValues', (array) => (draws.push(array.length), real(array)));
  try {
    const codes = Array.from({ length: 1_000 }, newCode);
    // 1,000 codes take 8,000 bytes and a few redrawn (of 248 or more): 16 or 17 draws of 512, not 1,000 or more.
    assert.ok(draws.length >= 15 && draws.length <= 18, `${draws.length} draws`);
    assert.ok(draws.every((n) => n === 512));
    // Each byte once: codes that shared bytes would repeat (8 characters of 31 do not, by chance, in 1,000).
    assert.equal(new Set(codes).size, 1_000);
    assert.ok(codes.every((code) => /^[A-HJKMNP-Z2-9]{8}$/.test(code)));
  } finally {
    mock.restoreAll();
  }
});

test('booking codes are drawn evenly: every character of the alphabet about as often', () => {
  const counts = new Map();
  for (let i = 0; i < 100_000; i++) for (const ch of newCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  assert.equal(counts.size, 31);
  const values = [...counts.values()];
  // 800,000 characters, about 25,800 each (chance spreads them by ±2%); byte % 31 gave A–H an eighth more.
  assert.ok(Math.max(...values) / Math.min(...values) < 1.08, `from ${Math.min(...values)} to ${Math.max(...values)}`);
});
