/**
 * The contract test: the same request cases, in the same order, against the
 * msw handlers of the mock endpoint (mocks/handlers.ts, through msw's own
 * getResponse, so nothing patches fetch) and against the real server. Both
 * must give the same status, content type and body (booking codes and
 * times aside), every answer must be one /openapi.json documents, every 2xx
 * body must pass the contract's valibot schema, and every operation of the
 * document must be exercised. So the mock cannot drift from the server, nor
 * either from the document.
 *
 *   node --import tsx --test test/server/contract.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getResponse } from 'msw';
import * as v from 'valibot';
import { Branches, Regions } from '../../src/contract/branch-map.schema.ts';
import { BranchColumns, fromColumns } from '../../src/contract/branch-columns.ts';
import { Brand } from '../../src/contract/brand.schema.ts';
import { Leaderboard } from '../../src/contract/liaison.schema.ts';
import { StaffBooking, StaffBookings, StaffDay, StaffDays } from '../../src/contract/staff.schema.ts';
import { Booking, OpenDay, OpenDays } from '../../src/contract/booking.schema.ts';
import { desk, handlers } from '../../mocks/handlers.ts';
import { servedBrands } from '../../src/demo/served.ts';
import { addDays, ID, OPEN_DAY } from '../../src/demo/open-days.ts';
import { chinaDate } from '../../src/contract/booking.rules.ts';
import { answerOf, bookingBody, phoneOf, staffDay } from '../support/booking.mjs';
import { staffHeaders, startServer, STORE } from '../support/server.mjs';

const API = '/dj-api/v1';
const today = chinaDate();

/**
 * A case: method, path (with `{name}` for the code a case saved), headers,
 * body (an object is sent as JSON, a string as it is), and `save` to keep
 * the answer's booking code under a name.
 */
const get = (path) => ({ method: 'GET', path });
const post = (path, body, headers = {}) => ({ method: 'POST', path, body, headers });
const bookAt = (day, body, key, save, headers = {}) => ({
  ...post(`/open-days/${day}/bookings`, body, { ...(key === null ? {} : { 'Idempotency-Key': key }), ...headers }),
  save,
});

const first = bookingBody({ sessionId: 'a1', n: 1, partySize: 2, name: '欧阳建锋' });
const govBooking = bookingBody({ sessionId: 's1', n: 2, partySize: 2, ids: true, name: '张三明' });

const CASES = [
  ...servedBrands.map((b) => get(`/brands/${encodeURIComponent(b.id)}`)),
  get('/brands/no-such-brand'),
  get(`/brands/${encodeURIComponent('诚审惟公')}`),
  get('/liaison-groups'),
  get('/liaison-groups?scope=jining'),
  get('/liaison-groups?scope=jining&period=2024Q1'),
  get('/liaison-groups?scope=ties'),
  get('/liaison-groups?scope=single'),
  get('/liaison-groups?scope=none'),
  get('/liaison-groups?scope=gen-100'),
  get('/liaison-groups?scope=&period='),
  get('/liaison-groups?scope=nowhere'),
  get('/liaison-groups?period=1999Q1'),
  get('/regions/370800'),
  get('/regions/370812'),
  get('/regions/370883'),
  get('/regions/110000'),
  get('/branches'),
  get('/branches?region=370812'),
  get('/branches?region=370811&minStars=4'),
  get('/branches?region=370800&group=g3'),
  get('/branches?region=370800&group=yz-g10'),
  get('/branches?region=370811&group=jn-g2&minStars=5'),
  get('/branches?region=370830'),
  get('/branches?region=&minStars='),
  get('/branches?minStars=0'),
  get('/branches?minStars=abc'),
  get('/branches?region=1'),
  get('/branches?region=370811&minStars=4&form=columns'),
  get('/branches?region=370812&form=items'),
  get('/branches?form=rows'),
  get('/open-days'),
  get(`/open-days?from=${addDays(today, 5)}`),
  get(`/open-days?from=${today}&to=${addDays(today, 5)}`),
  get(`/open-days?to=${addDays(today, -1)}`),
  get('/open-days?from=tomorrow'),
  get('/open-days?to='),
  get(`/open-days/${OPEN_DAY.government}`),
  get('/open-days/od-none'),
  // The booking office, as a citizen meets it.
  bookAt(OPEN_DAY.approval, first, 'key-1', 'first'),
  bookAt(OPEN_DAY.approval, first, 'key-1'),
  bookAt(OPEN_DAY.approval, { ...first, name: '李四光' }, 'key-1'),
  bookAt(OPEN_DAY.approval, first, null),
  bookAt(OPEN_DAY.approval, first, 'k'.repeat(201)),
  bookAt(OPEN_DAY.approval, '{"sessionId":"a1",', 'key-2'),
  bookAt(OPEN_DAY.approval, { ...first, partySize: '2' }, 'key-3'),
  bookAt(OPEN_DAY.approval, { ...first, companions: 'none' }, 'key-4'),
  bookAt(OPEN_DAY.approval, null, 'key-5'),
  bookAt(OPEN_DAY.approval, { ...first, phone: '+86 139-0000-0001', sessionId: 'a2' }, 'key-6'),
  bookAt(
    OPEN_DAY.government,
    {
      sessionId: 's9',
      name: '张',
      phone: '12345',
      idNumber: ID.child,
      partySize: 9,
      companions: [],
      needs: '需'.repeat(201),
      consent: { privacy: false },
    },
    'key-7',
  ),
  bookAt(OPEN_DAY.government, { ...govBooking, companions: [{ name: '同', idNumber: '370812198503121235' }] }, 'key-8'),
  bookAt(OPEN_DAY.government, { ...govBooking, companions: [{ name: '同行人', idNumber: govBooking.idNumber }] }, 'key-9'),
  bookAt(OPEN_DAY.government, govBooking, 'key-10', 'gov'),
  bookAt(
    OPEN_DAY.government,
    { ...bookingBody({ sessionId: 's3', n: 3, ids: true }), idNumber: govBooking.companions[0].idNumber },
    'key-11',
  ),
  bookAt(OPEN_DAY.government, bookingBody({ sessionId: 's2', n: 4, ids: true }), 'key-12'),
  bookAt(OPEN_DAY.government, bookingBody({ sessionId: 's1', n: 5, ids: true, idNumber: ID.hongKong, partySize: 1 }), 'key-13'),
  bookAt(
    OPEN_DAY.government,
    bookingBody({ sessionId: 's1', n: 6, partySize: 1, ids: true, idNumber: ID.taiwan, consent: { privacy: true } }),
    'key-14',
  ),
  bookAt(OPEN_DAY.full, bookingBody({ sessionId: 'e1', n: 7, ids: true }), 'key-15'),
  bookAt(OPEN_DAY.closed, bookingBody({ sessionId: 'j1', n: 8, ids: true }), 'key-16'),
  bookAt(OPEN_DAY.past, bookingBody({ sessionId: 'm1', n: 9, ids: true }), 'key-17'),
  bookAt('od-none', first, 'key-18'),
  get(`/open-days/${OPEN_DAY.approval}`),
  get(`/open-days/${OPEN_DAY.government}`),
  post('/bookings/{first}/lookup', { phone: phoneOf(1) }),
  post('/bookings/{first}/lookup', { phone: `+86 ${phoneOf(1)}` }),
  post('/bookings/{first}/lookup', { phone: phoneOf(2) }),
  post('/bookings/{first}/lookup', {}),
  post('/bookings/{first}/lookup', 'phone'),
  post(`/bookings/ZZZZZZZZ/lookup`, { phone: phoneOf(1) }),
  post('/bookings/{gov}/lookup', { phone: phoneOf(2) }),
  // A body not labelled JSON: 415, from the mock as from the server (a staff PATCH would otherwise change nothing).
  post('/bookings/{first}/lookup', JSON.stringify({ phone: phoneOf(1) }), { 'Content-Type': 'text/plain' }),
  bookAt(OPEN_DAY.approval, JSON.stringify(first), 'key-text', undefined, { 'Content-Type': 'text/plain;charset=UTF-8' }),
  // U+0000 anywhere in a body: 400 before any rule, from the mock as from the server (PostgreSQL cannot store it).
  bookAt(OPEN_DAY.approval, { ...first, name: '欧阳\u0000建锋' }, 'key-nul'),
  post('/bookings/{first}/lookup', { phone: phoneOf(1), note: '\u0000' }),
  bookAt(OPEN_DAY.approval, bookingBody({ sessionId: 'a1', n: 50 }), 'key-50', 'locked'),
  // Ten wrong phones for one code lock it (429 code-locked, an hour), the right phone too, and cancel with it.
  ...Array.from({ length: 10 }, (_, i) => post('/bookings/{locked}/lookup', { phone: phoneOf(60 + i) })),
  post('/bookings/{locked}/lookup', { phone: phoneOf(50) }),
  post('/bookings/{locked}/cancel', { phone: phoneOf(50) }),
  post('/bookings/{first}/cancel', { phone: phoneOf(2) }),
  post('/bookings/{first}/cancel', 'phone'),
  post('/bookings/{first}/cancel', { phone: 13900000001 }),
  post('/bookings/{first}/cancel', { phone: phoneOf(1) }),
  post('/bookings/{first}/cancel', { phone: phoneOf(1) }),
  post(`/bookings/ZZZZZZZZ/cancel`, { phone: phoneOf(1) }),
  // The first attempt's key again after the cancel: its booking as it is now (cancelled), not as it was.
  bookAt(OPEN_DAY.approval, first, 'key-1'),
  get(`/open-days/${OPEN_DAY.approval}`),
  bookAt(OPEN_DAY.approval, first, 'key-19', 'again'),
  post('/bookings/{again}/lookup', { phone: phoneOf(1) }),
];

/** The staff API exists on the server only: these cases check it against the document. */
const STAFF_CASES = [
  post('/admin/open-days', staffDay('od-contract', { days: 0 }), staffHeaders),
  post('/admin/open-days', staffDay('od-contract', { days: 0 }), staffHeaders),
  post('/admin/open-days', { id: 'x' }, staffHeaders),
  { method: 'PATCH', path: '/admin/open-days/od-contract', body: { title: '新标题' }, headers: staffHeaders },
  { method: 'PATCH', path: '/admin/open-days/od-contract', body: { title: 5 }, headers: staffHeaders },
  post('/admin/open-days/od-contract/sessions', { id: 's2', start: '13:00', end: '14:00', capacity: 5 }, staffHeaders),
  post('/admin/open-days/od-contract/sessions', { id: 's2', start: '13:00', end: '14:00', capacity: 5 }, staffHeaders),
  { method: 'PATCH', path: '/admin/open-days/od-contract/sessions/s2', body: { capacity: 8 }, headers: staffHeaders },
  { ...bookAt('od-contract', bookingBody({ sessionId: 's2', n: 30, partySize: 3 }), 'key-s'), save: 'staff' },
  { method: 'PATCH', path: '/admin/open-days/od-contract/sessions/s2', body: { capacity: 1 }, headers: staffHeaders },
  { method: 'GET', path: '/admin/open-days/od-contract/sessions/s2/bookings', headers: staffHeaders },
  { method: 'GET', path: '/admin/open-days/od-contract/sessions/s2/bookings.csv', headers: staffHeaders },
  { method: 'GET', path: '/admin/open-days/od-contract/sessions/s9/bookings', headers: staffHeaders },
  { method: 'GET', path: '/admin/bookings/{staff}', headers: staffHeaders },
  { method: 'GET', path: '/admin/bookings/{staff}', headers: {} },
  post('/admin/bookings/{staff}/check-in', {}, staffHeaders),
  post('/admin/bookings/{staff}/check-in', {}, staffHeaders),
  post('/admin/bookings/ZZZZZZZZ/check-in', {}, staffHeaders),
  { method: 'DELETE', path: '/admin/bookings/{staff}/check-in', headers: staffHeaders },
  { method: 'DELETE', path: '/admin/bookings/{staff}/check-in', headers: staffHeaders },
  post('/admin/bookings/{staff}/cancel', {}, staffHeaders),
  post('/admin/bookings/{staff}/cancel', { reason: '群众来电取消' }, staffHeaders),
  post('/admin/bookings/{staff}/cancel', { reason: '群众来电取消' }, staffHeaders),
  { method: 'GET', path: '/admin/open-days', headers: staffHeaders },
  { method: 'GET', path: '/admin/open-days/od-contract', headers: staffHeaders },
  { method: 'GET', path: '/admin/open-days/od-none', headers: staffHeaders },
  // Lists (docs/lists.md): their versions, templates, and the refusals a JSON body, an unknown import and no previous version meet.
  { method: 'GET', path: '/admin/lists', headers: staffHeaders },
  { method: 'GET', path: '/admin/lists/branches/template.csv', headers: staffHeaders },
  { method: 'GET', path: '/admin/lists/boards/template.xlsx', headers: staffHeaders },
  post('/admin/lists/branches/imports', { not: 'a file' }, staffHeaders),
  post('/admin/lists/branches/imports/none/apply', {}, staffHeaders),
  post('/admin/lists/brands/restore', {}, staffHeaders),
  { method: 'GET', path: '/admin/audit?limit=5', headers: staffHeaders },
];

/** 2xx bodies and the contract schema each must pass, by operation. */
const SCHEMAS = {
  'GET /brands/{id}': Brand,
  'GET /liaison-groups': Leaderboard,
  'GET /regions/{adcode}': Regions,
  'GET /branches': v.union([Branches, BranchColumns]),
  'GET /open-days': OpenDays,
  'GET /open-days/{id}': OpenDay,
  'POST /open-days/{id}/bookings': Booking,
  'POST /bookings/{code}/lookup': Booking,
  'POST /bookings/{code}/cancel': Booking,
  'POST /admin/open-days': OpenDay,
  'PATCH /admin/open-days/{id}': OpenDay,
  'POST /admin/open-days/{id}/sessions': OpenDay,
  'PATCH /admin/open-days/{id}/sessions/{sid}': OpenDay,
  'GET /admin/open-days': StaffDays,
  'GET /admin/open-days/{id}': StaffDay,
  'GET /admin/open-days/{id}/sessions/{sid}/bookings': StaffBookings,
  'GET /admin/bookings/{code}': StaffBooking,
  'POST /admin/bookings/{code}/check-in': StaffBooking,
  'DELETE /admin/bookings/{code}/check-in': StaffBooking,
  'POST /admin/bookings/{code}/cancel': StaffBooking,
};

/** Runs the cases in order through `send`, filling in and saving booking codes. */
async function run(cases, send) {
  const codes = {};
  const answers = [];
  for (const c of cases) {
    const path = c.path.replace(/\{(\w+)\}/g, (_, name) => codes[name] ?? `missing-${name}`);
    const init = { method: c.method, headers: { ...(c.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...c.headers } };
    if (c.body !== undefined) init.body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
    const answer = await answerOf(await send(API + path, init));
    if (c.save && answer.status === 201) codes[c.save] = answer.body.code;
    answers.push({ case: `${c.method} ${c.path}`, answer, codes: { ...codes } });
  }
  return answers;
}

/** What must agree: status, content type, body with codes and times named instead of given. */
function comparable({ answer, codes }) {
  const names = Object.fromEntries(Object.entries(codes).map(([name, code]) => [code, `<${name}>`]));
  const body = JSON.parse(JSON.stringify(answer.body), (key, value) => {
    if (key === 'code' && typeof value === 'string') return names[value] ?? '<code>';
    if (key === 'createdAt') return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? '<time>' : value;
    return value;
  });
  return { status: answer.status, type: answer.type, body };
}

let server;
let doc;
let mockAnswers;
let serverAnswers;
let staffAnswers;

before(async () => {
  desk.reset();
  mockAnswers = await run(
    CASES,
    async (path, init) =>
      (await getResponse(handlers, new Request(`http://mock.test${path}`, init))) ?? new Response('no mock handler', { status: 599 }),
  );
  server = await startServer();
  serverAnswers = await run(CASES, (path, init) => fetch(server.origin + path, init));
  staffAnswers = await run(STAFF_CASES, (path, init) => fetch(server.origin + path, init));
  doc = await (await fetch(`${server.origin}/openapi.json`)).json();
});
after(async () => server?.stop());

/** The document's operation for a request, by its path template. */
function operationOf(method, path) {
  const bare = path.split('?')[0];
  for (const [template, ops] of Object.entries(doc.paths)) {
    const re = new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`);
    if (re.test(bare) && ops[method.toLowerCase()]) return { key: `${method} ${template}`, op: ops[method.toLowerCase()] };
  }
  return undefined;
}

describe(`contract: the mock endpoint and the real server (${STORE})`, () => {
  test('every case gets the same status, content type and body from both', () => {
    const differences = [];
    CASES.forEach((c, i) => {
      const mock = comparable(mockAnswers[i]);
      const real = comparable(serverAnswers[i]);
      try {
        assert.deepEqual(real, mock);
      } catch {
        differences.push(
          `#${i} ${c.method} ${c.path}\n  mock:   ${JSON.stringify(mock).slice(0, 400)}\n  server: ${JSON.stringify(real).slice(0, 400)}`,
        );
      }
    });
    assert.deepEqual(differences, [], `${differences.length} of ${CASES.length} cases differ`);
  });

  test('the cases reach every kind of answer the booking contract has', () => {
    const kinds = new Set(
      serverAnswers.map(({ answer }) =>
        answer.status < 400 ? String(answer.status) : `${answer.status} ${answer.body.type.split('/').pop()}`,
      ),
    );
    for (const kind of [
      '200',
      '201',
      '400 invalid-parameter',
      '400 idempotency-key',
      '400 malformed-body',
      '404 not-found',
      '409 session-full',
      '409 duplicate-booking',
      '410 booking-closed',
      '422 validation',
      '422 idempotency-key-reused',
      '429 code-locked',
      '400 invalid-character',
      '415 unsupported-media-type',
    ]) {
      assert.ok(kinds.has(kind), `no case answered ${kind}`);
    }
  });
});

/** 一 … 十一 as numbers. */
const chineseNumber = (text) => {
  const digits = '一二三四五六七八九';
  if (text === '十') return 10;
  if (text.startsWith('十')) return 10 + digits.indexOf(text[1]) + 1;
  return digits.indexOf(text) + 1;
};

describe(`contract: liaison-group names in the branches answer (${STORE})`, () => {
  const branchAnswers = () =>
    [
      ['mock', mockAnswers],
      ['server', serverAnswers],
    ].flatMap(([who, answers]) =>
      answers.filter(({ case: name, answer }) => name.startsWith('GET /branches') && answer.status === 200).map((a) => ({ who, ...a })),
    );

  test('every group an item names comes once with its name, the city’s before the district’s, each 第一 … 第十一', () => {
    const answers = branchAnswers();
    assert.ok(answers.length >= 12, `${answers.length} branches answers`);
    for (const { who, case: name, answer } of answers) {
      // An answer in columns (form=columns) holds the same items.
      const { items, groups } = answer.body.columns ? fromColumns(answer.body) : answer.body;
      const named = [...new Set(items.map((b) => b.groupId).filter((id) => id !== null))];
      assert.deepEqual(groups.map((g) => g.id).sort(), named.sort(), `${who} ${name}: the groups are those the items name`);
      const ranks = groups.map((g) => {
        const m = /^(市直|区直)第([一二三四五六七八九十]+)联系片$/.exec(g.name);
        assert.ok(m, `${who} ${name}: ${g.id} is named ${g.name}`);
        const n = chineseNumber(m[2]);
        assert.equal(g.id, `${m[1] === '市直' ? 'jn' : 'yz'}-g${n}`, `${who} ${name}: ${g.name} is ${g.id}`);
        return (m[1] === '市直' ? 0 : 100) + n;
      });
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        `${who} ${name}: groups in display order`,
      );
    }
  });

  test('the whole city lists 市直第一 … 第九, then 区直第一 … 第十一, not yz-g1, yz-g10, yz-g2', () => {
    const all = branchAnswers().find(({ who, case: name }) => who === 'server' && name === 'GET /branches');
    const ids = all.answer.body.groups.map((g) => g.id);
    assert.deepEqual(ids, [
      ...Array.from({ length: 9 }, (_, i) => `jn-g${i + 1}`),
      ...Array.from({ length: 11 }, (_, i) => `yz-g${i + 1}`),
    ]);
    assert.equal(all.answer.body.groups[10].name, '区直第二联系片');
    assert.equal(all.answer.body.groups[19].name, '区直第十一联系片');
  });

  test('filtered answers name only their own groups: one group, a county’s, none', () => {
    const body = (path) => serverAnswers.find(({ case: name }) => name === `GET ${path}`).answer.body;
    assert.deepEqual(body('/branches?region=370800&group=yz-g10').groups, [{ id: 'yz-g10', name: '区直第十联系片' }]);
    assert.deepEqual(body('/branches?region=370811&group=jn-g2&minStars=5').groups, [{ id: 'jn-g2', name: '市直第二联系片' }]);
    assert.deepEqual(body('/branches?region=370830').groups, [{ id: 'jn-g2', name: '市直第二联系片' }]);
    assert.deepEqual(body('/branches?region=370800&group=g3'), {
      items: [],
      groups: [],
      total: 0,
      summary: { byStars: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, temporary: 0 },
    });
  });
});

describe(`contract: answers and the OpenAPI document (${STORE})`, () => {
  test('the document is OpenAPI 3.1 with a schema for every body it names', () => {
    assert.equal(doc.openapi, '3.1.0');
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g);
    for (const ref of new Set(refs)) assert.ok(doc.components.schemas[ref.split('/').pop()], `${ref} is defined`);
  });

  test('every answer of the mock and of the server is documented: its status and content type', () => {
    const wrong = [];
    for (const [who, answers] of [
      ['mock', mockAnswers],
      ['server', serverAnswers],
      ['server (staff)', staffAnswers],
    ]) {
      for (const { case: name, answer } of answers) {
        const [method, path] = name.split(' ');
        const found = operationOf(method, path);
        if (!found) {
          wrong.push(`${who}: ${name} is in no path of the document`);
          continue;
        }
        const documented = found.op.responses[String(answer.status)];
        if (!documented) {
          wrong.push(`${who}: ${name} answered ${answer.status}, not documented for ${found.key}`);
          continue;
        }
        const types = Object.keys(documented.content ?? {});
        const bare = answer.type.split(';')[0];
        if (types.length && !types.includes(bare)) wrong.push(`${who}: ${name} answered ${bare}, documented ${types}`);
        const schema = SCHEMAS[found.key];
        if (schema && answer.status < 300) {
          const r = v.safeParse(schema, answer.body);
          if (!r.success) wrong.push(`${who}: ${name}: ${r.issues[0].message}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('every operation of the document is exercised by a case', () => {
    const used = new Set([...serverAnswers, ...staffAnswers].map(({ case: name }) => operationOf(...name.split(' '))?.key));
    const all = Object.entries(doc.paths).flatMap(([template, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${template}`));
    assert.deepEqual(
      all.filter((op) => !used.has(op)),
      [],
    );
  });
});
