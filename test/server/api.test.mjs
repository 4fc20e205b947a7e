/**
 * The reference server's API, on PGlite, or on PostgreSQL when DATABASE_URL
 * is set (test/run.sh runs this file both ways when it can): every path of the
 * contract, the booking rules, idempotency, lookup and cancel, the staff API,
 * personal data at rest and in logs, retention, and the HTTP behaviour.
 *
 *   node --import tsx --test test/server/api.test.mjs
 */
import assert from 'node:assert/strict';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import * as v from 'valibot';
import { Branches, Regions } from '../../src/contract/branch-map.schema.ts';
import { BranchColumns, fromColumns } from '../../src/contract/branch-columns.ts';
import { Brand } from '../../src/contract/brand.schema.ts';
import { Leaderboard } from '../../src/contract/liaison.schema.ts';
import { Booking, OpenDay, OpenDays } from '../../src/contract/booking.schema.ts';
import { ID, OPEN_DAY } from '../../src/demo/open-days.ts';
import { answerOf, book, bookingBody, get, patch, phoneOf, post, staffDay, validId } from '../support/booking.mjs';
import { findBookingAsStaff, PG_URL, staffHeaders, startServer, STORE } from '../support/server.mjs';

const PROBLEM = 'https://dj-widgets.example/problems/';
const valid = (schema, body) => {
  const r = v.safeParse(schema, body);
  assert.ok(r.success, r.success ? '' : `schema: ${JSON.stringify(r.issues[0].path?.map((p) => p.key))} ${r.issues[0].message}`);
};
const isProblem = (a, status, slug) => {
  assert.equal(a.status, status, `status of ${JSON.stringify(a.body)}`);
  assert.equal(a.type, 'application/problem+json');
  assert.equal(a.body.status, status);
  if (slug) assert.equal(a.body.type, PROBLEM + slug);
  assert.ok(a.body.title && a.body.detail, 'title and detail');
};
const seats = async (api, dayId, sessionId) =>
  (await get(`${api}/open-days/${dayId}`)).body.sessions.find((s) => s.id === sessionId).remaining;

let server;
let api;
before(async () => {
  server = await startServer({ env: { DJ_LOG: '1' } });
  api = server.api;
});
const leftDirs = [];
after(async () => {
  await server?.stop();
  for (const dir of leftDirs) rmSync(dir, { recursive: true, force: true });
});

describe(`contract paths (${STORE})`, () => {
  test('brands: 200 with the Brand shape, 404 problem for an unknown id', async () => {
    const a = await get(`${api}/brands/chengshen-weigong`);
    assert.equal(a.status, 200);
    assert.equal(a.type, 'application/json; charset=utf-8');
    valid(Brand, a.body);
    assert.equal(a.body.name, '诚审惟公');
    isProblem(await get(`${api}/brands/no-such-brand`), 404, 'not-found');
  });

  test('liaison groups: default scope and latest period, a named period, 404 for unknown scope or period', async () => {
    const latest = await get(`${api}/liaison-groups`);
    valid(Leaderboard, latest.body);
    assert.equal(latest.body.scope.id, 'yanzhou');
    assert.equal(latest.body.period, latest.body.periods.at(-1));
    const q1 = await get(`${api}/liaison-groups?scope=jining&period=2024Q1`);
    assert.equal(q1.body.period, '2024Q1');
    assert.equal(q1.body.scope.id, 'jining');
    const unknownScope = await get(`${api}/liaison-groups?scope=nowhere`);
    isProblem(unknownScope, 404, 'not-found');
    assert.match(unknownScope.body.detail, /nowhere/);
    const unknownPeriod = await get(`${api}/liaison-groups?period=1999Q1`);
    isProblem(unknownPeriod, 404, 'not-found');
    assert.match(unknownPeriod.body.detail, /1999Q1/);
  });

  test('regions: the city with 11 counties, one county, 404 otherwise', async () => {
    const city = await get(`${api}/regions/370800`);
    valid(Regions, city.body);
    assert.equal(city.body.features.length, 11);
    const yanzhou = await get(`${api}/regions/370812`);
    assert.deepEqual(
      yanzhou.body.features.map((f) => f.properties.adcode),
      ['370812'],
    );
    isProblem(await get(`${api}/regions/110000`), 404, 'not-found');
  });

  test('branches: the region, group and minStars filters, summary counts, 400 for a bad minStars, 404 for a bad region', async () => {
    const all = await get(`${api}/branches`);
    valid(Branches, all.body);
    assert.equal(all.body.total, all.body.items.length);
    const yz = await get(`${api}/branches?region=370812`);
    assert.ok(yz.body.total > 0 && yz.body.total < all.body.total);
    const five = await get(`${api}/branches?region=370812&minStars=5`);
    assert.ok(five.body.items.every((b) => b.stars === 5));
    assert.equal(five.body.summary.byStars['5'], five.body.total);
    const group = all.body.items.find((b) => b.groupId).groupId;
    const inGroup = await get(`${api}/branches?group=${group}`);
    assert.ok(inGroup.body.total > 0 && inGroup.body.items.every((b) => b.groupId === group));
    const bad = await get(`${api}/branches?minStars=6`);
    isProblem(bad, 400, 'invalid-parameter');
    assert.equal(bad.body.errors[0].field, 'minStars');
    isProblem(await get(`${api}/branches?region=999999`), 404, 'not-found');
    assert.equal((await get(`${api}/branches?region=&minStars=`)).body.total, all.body.total, 'empty parameters count as absent');
  });

  test('branches in columns: the same answer as form=columns asks, 400 naming form for another form', async () => {
    const items = await get(`${api}/branches?region=370812&minStars=4`);
    const columns = await get(`${api}/branches?region=370812&minStars=4&form=columns`);
    assert.equal(columns.status, 200);
    assert.ok(v.safeParse(BranchColumns, columns.body).success, 'the columns form of the contract');
    assert.deepEqual(fromColumns(columns.body), items.body);
    assert.ok(columns.body.units.length < columns.body.columns.id.length, 'each unit once');
    assert.deepEqual((await get(`${api}/branches?region=370812&minStars=4&form=items`)).body, items.body);
    const bad = await get(`${api}/branches?form=rows`);
    isProblem(bad, 400, 'invalid-parameter');
    assert.equal(bad.body.errors[0].field, 'form');
    assert.match(bad.body.detail, /rows/);
  });

  test('branches: the answer names its liaison groups, the city’s 市直 then the district’s 区直, each in its own order', async () => {
    const all = await get(`${api}/branches`);
    const names = all.body.groups.map((g) => g.name);
    const ordinals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一'];
    assert.deepEqual(names, [...ordinals.slice(0, 9).map((n) => `市直第${n}联系片`), ...ordinals.map((n) => `区直第${n}联系片`)]);
    assert.deepEqual(
      all.body.groups.slice(-3).map((g) => g.id),
      ['yz-g9', 'yz-g10', 'yz-g11'],
    );
    const yz = await get(`${api}/branches?region=370812&minStars=5`);
    assert.deepEqual(
      yz.body.groups.map((g) => g.name),
      ordinals.map((n) => `区直第${n}联系片`),
    );
    const one = await get(`${api}/branches?group=yz-g10`);
    assert.deepEqual(one.body.groups, [{ id: 'yz-g10', name: '区直第十联系片' }]);
    const county = await get(`${api}/branches?region=370830`);
    assert.deepEqual(
      county.body.groups,
      [{ id: 'jn-g2', name: '市直第二联系片' }],
      '汶上县: county units have no group, the city audit team’s has',
    );
  });

  test('open days: by date within from/to, one by id, 400 for a bad date, 404 for an unknown id', async () => {
    const all = await get(`${api}/open-days`);
    valid(OpenDays, all.body);
    const dates = all.body.items.map((d) => d.date);
    assert.deepEqual(dates, [...dates].sort());
    const gov = all.body.items.find((d) => d.id === OPEN_DAY.government);
    const range = await get(`${api}/open-days?from=${gov.date}&to=${gov.date}`);
    assert.ok(range.body.items.every((d) => d.date === gov.date) && range.body.items.some((d) => d.id === gov.id));
    const one = await get(`${api}/open-days/${OPEN_DAY.government}`);
    valid(OpenDay, one.body);
    assert.deepEqual(one.body, gov);
    const bad = await get(`${api}/open-days?from=2024-5-1`);
    isProblem(bad, 400, 'invalid-parameter');
    assert.deepEqual(
      bad.body.errors.map((e) => [e.field, e.code]),
      [['from', 'format']],
    );
    isProblem(await get(`${api}/open-days/od-none`), 404, 'not-found');
  });
});

describe(`bookings (${STORE})`, () => {
  test('a booking takes its seats and answers 201 with name and phone masked', async () => {
    const before = await seats(api, OPEN_DAY.approval, 'a1');
    const a = await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 1, partySize: 2, name: '张三明' }));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    valid(Booking, a.body);
    assert.match(a.body.code, /^[A-HJ-NP-Z2-9]{8}$/);
    assert.deepEqual(
      { ...a.body, code: 'C', createdAt: 'T' },
      {
        code: 'C',
        status: 'confirmed',
        openDayId: OPEN_DAY.approval,
        sessionId: 'a1',
        partySize: 2,
        name: '张*明',
        phone: '139****0001',
        createdAt: 'T',
      },
    );
    assert.equal(await seats(api, OPEN_DAY.approval, 'a1'), before - 2);
  });

  test('one booking per phone per open day: the same phone, however written, is 409 duplicate-booking', async () => {
    assert.equal((await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 2 }))).status, 201);
    const again = await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a2', n: 2, phone: '+86 139-0000-0002' }));
    isProblem(again, 409, 'duplicate-booking');
  });

  test('one booking per ID number per open day, companions included: 409 duplicate-booking', async () => {
    const first = await book(api, OPEN_DAY.government, bookingBody({ sessionId: 's1', n: 3, partySize: 2, ids: true }));
    assert.equal(first.status, 201, JSON.stringify(first.body));
    // Another phone, but the first booking's companion as the main visitor (lowercase x and spaces tidied alike).
    const companionId = validId(3 * 10 + 1);
    const again = await book(
      api,
      OPEN_DAY.government,
      bookingBody({ sessionId: 's3', n: 4, ids: true, idNumber: ` ${companionId.toLowerCase()} ` }),
    );
    isProblem(again, 409, 'duplicate-booking');
  });

  test('a full session is 409 session-full and takes nothing', async () => {
    const a = await book(api, OPEN_DAY.government, bookingBody({ sessionId: 's2', n: 5, ids: true }));
    isProblem(a, 409, 'session-full');
    assert.equal(await seats(api, OPEN_DAY.government, 's2'), 0);
    // Its phone and ID numbers are still free.
    assert.equal((await book(api, OPEN_DAY.government, bookingBody({ sessionId: 's1', n: 5, ids: true }))).status, 201);
  });

  test('closed booking and a past day are 410 booking-closed', async () => {
    isProblem(await book(api, OPEN_DAY.closed, bookingBody({ sessionId: 'j1', n: 6, ids: true })), 410, 'booking-closed');
    isProblem(await book(api, OPEN_DAY.past, bookingBody({ sessionId: 'm1', n: 6, ids: true })), 410, 'booking-closed');
  });

  test('the widget’s rules answer 422 with every field error, in Chinese', async () => {
    const a = await book(api, OPEN_DAY.government, {
      sessionId: 's9',
      name: '张',
      phone: '12345',
      idNumber: ID.child,
      partySize: 9,
      companions: [],
      needs: '需'.repeat(201),
      consent: { privacy: false },
    });
    isProblem(a, 422, 'validation');
    assert.deepEqual(
      a.body.errors.map((e) => `${e.field}:${e.code}`),
      [
        'sessionId:unknown',
        'name:length',
        'phone:format',
        'idNumber:age',
        'partySize:range',
        'needs:length',
        'consent.privacy:required',
        'consent.idNumber:required',
      ],
    );
    assert.equal(a.body.errors.find((e) => e.field === 'phone').message, '请输入以 1 开头的 11 位手机号码，例如 13800000000');
    assert.equal(a.body.errors.find((e) => e.field === 'partySize').message, '参观人数应为 1 到 5 人（含您本人）');
    const companions = await book(
      api,
      OPEN_DAY.government,
      bookingBody({ sessionId: 's1', n: 7, ids: true, partySize: 2, companions: [{ name: '同行', idNumber: '370812198503121235' }] }),
    );
    assert.deepEqual(
      companions.body.errors.map((e) => `${e.field}:${e.code}`),
      ['companions[0].idNumber:check'],
    );
    assert.equal(companions.body.errors[0].message, '第 1 位同行人员：身份证号码最后一位与前 17 位对不上，请逐位核对');
  });

  test('a body of the wrong shape is 422 naming the field; a body that is not JSON is 400', async () => {
    const a = await book(api, OPEN_DAY.approval, { ...bookingBody({ sessionId: 'a1', n: 8 }), partySize: '2' });
    isProblem(a, 422, 'validation');
    assert.deepEqual(
      a.body.errors.map((e) => [e.field, e.code]),
      [['partySize', 'type']],
    );
    isProblem(await book(api, OPEN_DAY.approval, '{"sessionId":'), 400, 'malformed-body');
    // PostgreSQL text cannot hold U+0000: refused before it reaches the database.
    isProblem(
      await book(api, OPEN_DAY.approval, { ...bookingBody({ sessionId: 'a1', n: 8 }), name: '张\u0000明' }),
      400,
      'invalid-character',
    );
    isProblem(
      await book(api, OPEN_DAY.approval, { ...bookingBody({ sessionId: 'a1', n: 8 }), needs: { ['\u0000']: 1 } }),
      400,
      'invalid-character',
    );
    // The six characters \u0000, typed as text, are text: checked in the parsed body, not in its JSON.
    const typed = await book(api, OPEN_DAY.approval, { ...bookingBody({ sessionId: 'a1', n: 60 }), needs: '轮椅通道 \\u0000' });
    assert.equal(typed.status, 201, JSON.stringify(typed.body));
    isProblem(await get(`${api}/brands/a%00b`), 400, 'invalid-character');
    isProblem(await book(api, 'od-none', bookingBody({ sessionId: 'a1', n: 8 })), 404, 'not-found');
  });

  test('Idempotency-Key: required; the same key and body replay the first 201; another body is 422', async () => {
    const body = bookingBody({ sessionId: 'a2', n: 9 });
    const noKey = await post(`${api}/open-days/${OPEN_DAY.approval}/bookings`, body);
    isProblem(noKey, 400, 'idempotency-key');
    assert.equal(noKey.body.title, '缺少 Idempotency-Key');
    const long = await book(api, OPEN_DAY.approval, body, 'k'.repeat(201));
    isProblem(long, 400, 'idempotency-key');
    assert.equal(long.body.title, 'Idempotency-Key 过长', 'a key that is there is not “missing”');
    assert.match(long.body.detail, /最多 200 个字符.*收到 201 个/);
    const left = await seats(api, OPEN_DAY.approval, 'a2');
    const first = await book(api, OPEN_DAY.approval, body, 'key-9');
    const replay = await book(api, OPEN_DAY.approval, body, 'key-9');
    assert.equal(first.status, 201);
    assert.equal(replay.status, 201);
    assert.deepEqual(replay.body, first.body);
    assert.equal(await seats(api, OPEN_DAY.approval, 'a2'), left - 1, 'one booking, one seat');
    isProblem(await book(api, OPEN_DAY.approval, { ...body, name: '李四光' }, 'key-9'), 422, 'idempotency-key-reused');
  });

  test('lookup: code and phone (in a POST body) find the masked booking; either wrong is the same 404', async () => {
    const made = await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 10 }));
    const found = await post(`${api}/bookings/${made.body.code}/lookup`, { phone: phoneOf(10) });
    assert.equal(found.status, 200);
    assert.deepEqual(found.body, made.body);
    assert.equal(
      (await post(`${api}/bookings/%20${made.body.code.toLowerCase()}%20/lookup`, { phone: `+86${phoneOf(10)}` })).status,
      200,
      'code and phone tidied',
    );
    const wrongPhone = await post(`${api}/bookings/${made.body.code}/lookup`, { phone: phoneOf(11) });
    const wrongCode = await post(`${api}/bookings/AAAAAAAA/lookup`, { phone: phoneOf(10) });
    const noPhone = await post(`${api}/bookings/${made.body.code}/lookup`, {});
    for (const a of [wrongPhone, wrongCode, noPhone]) isProblem(a, 404, 'not-found');
    assert.deepEqual(wrongPhone.body, wrongCode.body, 'never says which one is wrong');
    assert.equal(found.headers.get('cache-control'), 'no-store');
    isProblem(await post(`${api}/bookings/${made.body.code}/lookup`, 'phone'), 400, 'malformed-body');
    // The phone never travels in a URL: the old GET form is gone.
    isProblem(await get(`${api}/bookings/${made.body.code}/lookup?phone=${phoneOf(10)}`), 405, 'method-not-allowed');
  });

  test('cancel: the booking comes back cancelled, its seats return, and the phone may book again', async () => {
    const made = await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 12, partySize: 3 }));
    const left = await seats(api, OPEN_DAY.approval, 'a1');
    isProblem(await post(`${api}/bookings/${made.body.code}/cancel`, { phone: phoneOf(13) }), 404, 'not-found');
    isProblem(await post(`${api}/bookings/${made.body.code}/cancel`, 'phone'), 400, 'malformed-body');
    const cancelled = await post(`${api}/bookings/${made.body.code}/cancel`, { phone: phoneOf(12) });
    assert.equal(cancelled.status, 200);
    assert.deepEqual(cancelled.body, { ...made.body, status: 'cancelled' });
    assert.equal(await seats(api, OPEN_DAY.approval, 'a1'), left + 3);
    const twice = await post(`${api}/bookings/${made.body.code}/cancel`, { phone: phoneOf(12) });
    assert.equal(twice.status, 200);
    assert.equal(await seats(api, OPEN_DAY.approval, 'a1'), left + 3, 'a second cancel gives nothing back twice');
    assert.equal((await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 12 }))).status, 201);
  });
});

describe(`staff API (${STORE})`, () => {
  const admin = () => `${api}/admin`;

  test('without the bearer token: 401 problem with WWW-Authenticate', async () => {
    const none = await get(`${admin()}/bookings/AAAAAAAA`);
    isProblem(none, 401, 'unauthorized');
    assert.match(none.headers.get('www-authenticate'), /^Bearer/);
    isProblem(await get(`${admin()}/bookings/AAAAAAAA`, { Authorization: 'Bearer wrong-token-of-some-length' }), 401, 'unauthorized');
    isProblem(
      await get(`${admin()}/bookings/AAAAAAAA`, { Authorization: `Basic ${staffHeaders.Authorization.slice(7)}` }),
      401,
      'unauthorized',
    );
    // The scheme in any case (RFC 9110): the token is let in, and the unknown code is 404.
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const token = staffHeaders.Authorization.slice('Bearer '.length);
      isProblem(await get(`${admin()}/bookings/AAAAAAAA`, { Authorization: `${scheme} ${token}` }), 404, 'not-found');
    }
  });

  test('create an open day, refuse its id twice and bad fields, edit it, add and resize sessions', async () => {
    const day = staffDay('od-staff-1', { sessions: [{ id: 's1', start: '09:00', end: '10:00', capacity: 4 }] });
    const created = await post(`${admin()}/open-days`, day, staffHeaders);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    valid(OpenDay, created.body);
    assert.deepEqual(created.body.sessions, [{ id: 's1', start: '09:00', end: '10:00', capacity: 4, remaining: 4 }]);
    assert.equal((await get(`${api}/open-days/od-staff-1`)).body.title, '测试开放日', 'public at once');
    isProblem(await post(`${admin()}/open-days`, day, staffHeaders), 409, 'open-day-exists');
    const bad = await post(
      `${admin()}/open-days`,
      { ...day, id: 'od-staff-bad', date: '2025-02-30', maxPartySize: 0, extra: 1 },
      staffHeaders,
    );
    isProblem(bad, 422, 'validation');
    assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['date', 'extra', 'maxPartySize']);

    const edited = await patch(`${admin()}/open-days/od-staff-1`, { title: '改过的标题', minAge: 12 }, staffHeaders);
    assert.equal(edited.status, 200);
    assert.equal(edited.body.title, '改过的标题');
    assert.equal(edited.body.minAge, 12);
    assert.equal(edited.body.address, day.address, 'other fields stay');
    isProblem(await patch(`${admin()}/open-days/od-nope`, { title: '标题' }, staffHeaders), 404);

    const added = await post(
      `${admin()}/open-days/od-staff-1/sessions`,
      { id: 's2', start: '14:00', end: '15:00', capacity: 2 },
      staffHeaders,
    );
    assert.equal(added.status, 201);
    assert.deepEqual(
      added.body.sessions.map((s) => s.id),
      ['s1', 's2'],
    );
    isProblem(
      await post(`${admin()}/open-days/od-staff-1/sessions`, { id: 's2', start: '14:00', end: '15:00', capacity: 2 }, staffHeaders),
      409,
      'session-exists',
    );
    isProblem(
      await post(`${admin()}/open-days/od-staff-1/sessions`, { id: 's3', start: '15:00', end: '14:00', capacity: 2 }, staffHeaders),
      422,
      'validation',
    );

    assert.equal((await book(api, 'od-staff-1', bookingBody({ sessionId: 's1', n: 20, partySize: 3 }))).status, 201);
    const smaller = await patch(`${admin()}/open-days/od-staff-1/sessions/s1`, { capacity: 2 }, staffHeaders);
    isProblem(smaller, 409, 'capacity-below-booked');
    assert.match(smaller.body.detail, /3/);
    const larger = await patch(`${admin()}/open-days/od-staff-1/sessions/s1`, { capacity: 10 }, staffHeaders);
    assert.equal(larger.status, 200);
    assert.deepEqual(larger.body.sessions[0], { id: 's1', start: '09:00', end: '10:00', capacity: 10, remaining: 7 });
    isProblem(await patch(`${admin()}/open-days/od-staff-1/sessions/s9`, { capacity: 10 }, staffHeaders), 404);
  });

  test('a session’s bookings unmasked, the CSV for Excel, check-in by code', async () => {
    const made = await book(
      api,
      OPEN_DAY.government,
      bookingBody({ sessionId: 's3', n: 21, partySize: 2, ids: true, name: '王小明', needs: '需要轮椅' }),
    );
    assert.equal(made.status, 201);
    const mine = await findBookingAsStaff(api, { openDayId: OPEN_DAY.government, sessionId: 's3', code: made.body.code });
    assert.deepEqual(
      { ...mine, createdAt: 'T' },
      {
        code: made.body.code,
        status: 'confirmed',
        openDayId: OPEN_DAY.government,
        sessionId: 's3',
        partySize: 2,
        name: '王小明',
        phone: phoneOf(21),
        idNumber: validId(210),
        companions: [{ name: '同行1号', idNumber: validId(211) }],
        needs: '需要轮椅',
        createdAt: 'T',
        cancelledAt: null,
        checkedInAt: null,
        cancelReason: null,
        cancelledBy: null,
      },
    );
    const res = await fetch(`${admin()}/open-days/${OPEN_DAY.government}/sessions/s3/bookings.csv`, { headers: staffHeaders });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="bookings-od-yz-gov-s3\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], '预约码,状态,姓名,手机号码,身份证号码,人数,同行人员,特殊需要,预约时间,签到时间,取消时间,取消原因,取消人');
    const row = lines.find((l) => l.startsWith(made.body.code));
    assert.ok(row.includes(`\t${validId(210)}`), 'ID number kept as text');
    assert.ok(row.includes(`同行1号（${validId(211)}）`) && row.includes('王小明') && row.includes('需要轮椅'));

    // The government's open day is days ahead: check-in is on the day only, and says so with the booking.
    const early = await post(`${admin()}/bookings/${made.body.code}/check-in`, {}, staffHeaders);
    isProblem(early, 409, 'not-today');
    assert.equal(early.body.date, (await get(`${api}/open-days/${OPEN_DAY.government}`)).body.date);
    assert.equal(early.body.booking.name, '王小明');
    assert.match(early.body.detail, /只能在当天签到/);
    // On the day (China time) a visitor is checked in, by the code in any case.
    assert.equal((await post(`${admin()}/open-days`, staffDay('od-door', { days: 0 }), staffHeaders)).status, 201);
    const door = await book(api, 'od-door', bookingBody({ sessionId: 's1', n: 23, name: '李红' }));
    assert.equal(door.status, 201, JSON.stringify(door.body));
    const checked = await post(`${admin()}/bookings/${door.body.code.toLowerCase()}/check-in`, {}, staffHeaders);
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    assert.equal(checked.body.status, 'checked-in');
    assert.ok(checked.body.checkedInAt);
    const again = await post(`${admin()}/bookings/${door.body.code}/check-in`, {}, staffHeaders);
    isProblem(again, 409, 'already-checked-in');
    assert.equal(again.body.checkedInAt, checked.body.checkedInAt);
    assert.equal(again.body.booking.name, '李红');
    assert.equal((await post(`${api}/bookings/${door.body.code}/lookup`, { phone: phoneOf(23) })).body.status, 'checked-in');
    isProblem(await post(`${admin()}/bookings/AAAAAAAA/check-in`, {}, staffHeaders), 404, 'not-found');

    const gone = await book(api, OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 22 }));
    await post(`${api}/bookings/${gone.body.code}/cancel`, { phone: phoneOf(22) });
    isProblem(await post(`${admin()}/bookings/${gone.body.code}/check-in`, {}, staffHeaders), 409, 'booking-cancelled');
    assert.equal((await get(`${admin()}/bookings/${gone.body.code}`, staffHeaders)).body.status, 'cancelled');
  });
});

describe(`HTTP behaviour (${STORE})`, () => {
  test('GETs carry a weak ETag and Cache-Control; If-None-Match gets 304', async () => {
    const a = await get(`${api}/brands/chengshen-weigong`);
    const etag = a.headers.get('etag');
    assert.match(etag, /^W\/"[\w-]+"$/);
    assert.equal(a.headers.get('cache-control'), 'public, max-age=60');
    const again = await fetch(`${api}/brands/chengshen-weigong`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal((await get(`${api}/open-days`)).headers.get('cache-control'), 'no-cache');
  });

  test('the weak ETag survives compression and HEAD: the same tag gzipped or not, and a 304 for either', async () => {
    const plain = await fetch(`${api}/branches`, { headers: { 'Accept-Encoding': 'identity' } });
    const zipped = await fetch(`${api}/branches`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(zipped.headers.get('content-encoding'), 'gzip');
    assert.match(zipped.headers.get('etag'), /^W\//);
    assert.equal(zipped.headers.get('etag'), plain.headers.get('etag'));
    const again = await fetch(`${api}/branches`, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': plain.headers.get('etag') } });
    assert.equal(again.status, 304);
    // HEAD answers with the headers of the GET, so a client may revalidate with either.
    const head = await fetch(`${api}/branches`, { method: 'HEAD' });
    assert.equal(head.headers.get('etag'), plain.headers.get('etag'));
    assert.equal(head.headers.get('cache-control'), plain.headers.get('cache-control'));
  });

  test('a body must say it is JSON: another Content-Type is 415, and a staff edit sent so changes nothing', async () => {
    // fetch sends a string body as text/plain unless told otherwise.
    const url = `${api}/open-days/${OPEN_DAY.approval}/bookings`;
    const plain = await fetch(url, {
      method: 'POST',
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(bookingBody({ sessionId: 'a1', n: 41 })),
    });
    isProblem(await answerOf(plain), 415, 'unsupported-media-type');
    const stored = (await get(`${api}/open-days/${OPEN_DAY.approval}`)).body;
    const edit = await fetch(`${api}/admin/open-days/${OPEN_DAY.approval}`, {
      method: 'PATCH',
      headers: { ...staffHeaders, 'Content-Type': 'text/plain' },
      body: JSON.stringify({ address: '别处' }),
    });
    isProblem(await answerOf(edit), 415, 'unsupported-media-type');
    assert.equal((await get(`${api}/open-days/${OPEN_DAY.approval}`)).body.address, stored.address);
    // A JSON media type with parameters is JSON.
    const withCharset = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(bookingBody({ sessionId: 'a1', n: 43 })),
    });
    assert.equal(withCharset.status, 201);
  });

  test('answers are compressed when the client accepts gzip', async () => {
    const res = await fetch(`${api}/branches`, { headers: { 'Accept-Encoding': 'gzip' } });
    // fetch decodes transparently; the header says what came over the wire.
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    valid(Branches, await res.json());
    const { request } = await import('node:http');
    const raw = await new Promise((resolve, reject) => {
      request(`${api}/branches`, { headers: { 'Accept-Encoding': 'gzip' } }, (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
      })
        .on('error', reject)
        .end();
    });
    assert.ok(JSON.parse(gunzipSync(raw).toString()).items.length > 0);
  });

  test('security headers on every answer', async () => {
    for (const path of ['/', '/dj-api/v1/open-days', '/dj-api/v1/nowhere']) {
      const res = await fetch(`${server.origin}${path}`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      // The demo page goes out under the kit's strict policy (checked exactly in
      // settings.test.mjs), framing limited by X-Frame-Options; API answers frame nowhere.
      const policy = path === '/' ? /^default-src 'self';/ : /default-src 'self'.*frame-ancestors 'none'/;
      assert.match(res.headers.get('content-security-policy'), policy, path);
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
      assert.ok(res.headers.get('x-frame-options'), path);
    }
  });

  test('unknown paths are 404, wrong methods 405 with Allow, big bodies 413: all problem+json', async () => {
    isProblem(await get(`${api}/nowhere`), 404, 'not-found');
    isProblem(await get(`${server.origin}/nowhere.html`), 404, 'not-found');
    const res = await fetch(`${api}/open-days/${OPEN_DAY.approval}`, { method: 'DELETE' });
    const wrong = { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
    isProblem(wrong, 405, 'method-not-allowed');
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    const big = await book(api, OPEN_DAY.approval, { ...bookingBody({ sessionId: 'a1', n: 30 }), needs: 'x'.repeat(20_000) });
    isProblem(big, 413, 'payload-too-large');
  });

  test('CORS: no allowed origin by default', async () => {
    const res = await fetch(`${api}/open-days`, { headers: { Origin: 'https://portal.example.gov.cn' } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  test('the demo page on the bundle (no msw), the bundle, the images and /openapi.json', async () => {
    const page = await get(`${server.origin}/`);
    assert.equal(page.status, 200);
    assert.match(page.type, /^text\/html/);
    assert.ok(page.text.includes('<script type="module" src="/dist/dj-widgets.js"></script>'));
    assert.ok(!page.text.includes('/mocks/demo.ts'), 'the mock bootstrap is swapped out');
    const kit = await fetch(`${server.origin}/dist/dj-widgets.js`);
    assert.equal(kit.status, 200);
    assert.match(kit.headers.get('content-type'), /javascript/);
    const image = await fetch(`${server.origin}/images/banners/chengshen-weigong.svg`);
    assert.equal(image.status, 200);
    assert.match(image.headers.get('content-type'), /^image\/svg\+xml/);
    isProblem(await get(`${server.origin}/mockServiceWorker.js`), 404);
    isProblem(await get(`${server.origin}/dist/..%2F..%2Fpackage.json`), 404);
    const doc = await get(`${server.origin}/openapi.json`);
    assert.equal(doc.body.openapi, '3.1.0');
    assert.ok(doc.body.paths['/open-days/{id}/bookings'].post);
  });
});

describe(`personal data (${STORE})`, () => {
  test('ID numbers are sealed at rest; the key file is 0600; logs carry no personal data', async () => {
    const idNumber = validId(400);
    const made = await book(api, OPEN_DAY.government, bookingBody({ sessionId: 's3', n: 40, ids: true, idNumber, name: '赵钱孙' }));
    assert.equal(made.status, 201);
    await post(`${api}/bookings/${made.body.code}/lookup`, { phone: phoneOf(40) });
    const log = server.output();
    const rows = await readBookings(server, made.body.code);
    assert.equal(rows.length, 1);
    assert.match(rows[0].id_number, /^v1:[A-Za-z0-9+/=]+$/);
    assert.ok(!JSON.stringify(rows[0]).includes(idNumber.slice(6)), 'no ID number in the row');
    assert.equal(statSync(join(server.dataDir, 'data.key')).mode & 0o777, 0o600);
    assert.match(log, /POST \/dj-api\/v1\/open-days\/:id\/bookings 201/);
    for (const secret of [idNumber, phoneOf(40), '赵钱孙', made.body.code]) assert.ok(!log.includes(secret), `log holds ${secret}`);
  });
});

/** The stored rows of a booking, read straight from the database. */
async function readBookings(srv, code) {
  if (PG_URL) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: srv.database.url });
    await client.connect();
    const { rows } = await client.query('SELECT * FROM bookings WHERE code = $1', [code]);
    await client.end();
    return rows;
  }
  // PGlite serves one process: stop the server, read its directory, start it again.
  await srv.stop({ keepData: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(join(srv.dataDir, 'pglite'));
  const { rows } = await db.query('SELECT * FROM bookings WHERE code = $1', [code]);
  await db.close();
  server = await startServer({ dataDir: srv.dataDir, env: { DJ_LOG: '1' } });
  api = server.api;
  leftDirs.push(srv.dataDir);
  return rows;
}
