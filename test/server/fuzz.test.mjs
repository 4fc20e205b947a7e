/**
 * 2,000 malformed requests (bodies, headers, paths and query strings, made by
 * fast-check from a fixed seed) against the real server: never a 5xx, every
 * error problem+json with its own status, and the server still books after.
 *
 *   node --import tsx --test test/server/fuzz.test.mjs
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import * as v from 'valibot';
import { Problem } from '../../src/core/schema.ts';
import { OPEN_DAY } from '../../src/demo/open-days.ts';
import { book, bookingBody, validId } from '../support/booking.mjs';
import { STAFF_TOKEN, startServer, STORE } from '../support/server.mjs';

const SEED = 20240601;

let server;
before(async () => {
  server = await startServer();
});
after(async () => server?.stop());

/** Sends exactly these bytes of method, path, headers and body (node:http, no fetch-side cleaning). */
function send({ method = 'GET', path, headers = {}, body }) {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, type: res.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const failures = [];
/** Checks one answer; records what was sent when it is wrong. */
function check(sent, a) {
  const wrong = (why) => failures.push(`${why}: ${JSON.stringify(sent).slice(0, 160)} → ${a.status} ${a.type} ${a.text.slice(0, 200)}`);
  if (a.status >= 500) return wrong('5xx');
  if (a.status >= 400) {
    if (a.type !== 'application/problem+json') return wrong('error not problem+json');
    if (sent.method === 'HEAD') return; // the headers of the GET, no body
    let body;
    try {
      body = JSON.parse(a.text);
    } catch {
      return wrong('problem body not JSON');
    }
    if (!v.is(Problem, body) || body.status !== a.status || !body.type?.startsWith('https://dj-widgets.example/problems/') || !body.title) {
      return wrong('problem body incomplete');
    }
  } else if (a.status !== 304 && a.status !== 204 && !/^(application\/json|text\/html|text\/csv|text\/javascript|image\/)/.test(a.type)) {
    wrong('unexpected content type');
  }
}

/** A path segment with any characters, each sent raw when it may be, else percent-encoded; sometimes broken escapes. */
const segment = fc.oneof(
  fc
    .string({ unit: 'grapheme', maxLength: 40 })
    .map((s) => [...s].map((ch) => (/^[\w.~!$&'()*+,;=:@-]$/.test(ch) ? ch : encodeURIComponent(ch))).join('')),
  fc.constantFrom(
    '..',
    '.',
    '%',
    '%zz',
    '%E0%A4%A',
    '%00',
    '%2F',
    '%2e%2e',
    'od-yz-gov',
    'brands',
    'bookings',
    'admin',
    'open-days',
    'cancel',
  ),
  fc.string({ unit: fc.constantFrom('a', 'Z', '9', '-', '_'), minLength: 200, maxLength: 3000 }),
);
const API_PATHS = ['brands', 'liaison-groups', 'regions', 'branches', 'open-days', 'bookings', 'admin/open-days', 'admin/bookings'];
const path = fc
  .tuple(
    fc.constantFrom('/dj-api/v1/', '/', '/dj-api/', '/dist/', '/images/'),
    fc.option(fc.constantFrom(...API_PATHS)),
    fc.array(segment, { maxLength: 4 }),
  )
  .map(([base, known, rest]) => base + [known, ...rest].filter((p) => p !== null).join('/'));
const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE');

const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', '2024-13-45', '9999-99-99', '0', '-1', '5', '1e3', 'NaN', '370800', '370812', '2024Q2', 'yanzhou'),
);
const query = fc
  .tuple(
    fc.constantFrom('open-days', 'branches', 'liaison-groups', 'bookings/ABCDEFGH', 'regions/370800', 'brands/chengshen-weigong'),
    fc.array(
      fc.tuple(fc.constantFrom('from', 'to', 'region', 'group', 'minStars', 'scope', 'period', 'phone', 'x', 'from[]', ''), queryValue),
      { maxLength: 5 },
    ),
  )
  .map(([p, pairs]) => `/dj-api/v1/${p}?${pairs.map(([k, val]) => `${encodeURIComponent(k)}=${encodeURIComponent(val)}`).join('&')}`);

const valid = bookingBody({ sessionId: 's1', n: 1, ids: true });
/** A valid booking with one field set to anything, removed, or the body nested, truncated or replaced. */
const body = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...Object.keys(valid), 'companions.0', 'consent.privacy', 'extra'),
      fc.oneof(fc.anything(), fc.constant(undefined)),
    )
    .map(([field, value]) => {
      const b = structuredClone(valid);
      const [head, sub] = field.split('.');
      if (sub !== undefined && b[head] && typeof b[head] === 'object') b[head][sub] = value;
      else b[head] = value;
      return JSON.stringify(b);
    }),
  fc.jsonValue().map((j) => JSON.stringify(j)),
  fc.string({ maxLength: 200 }),
  fc.nat({ max: 40 }).map((n) => JSON.stringify(valid).slice(0, n)),
  fc.nat({ max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.constantFrom(
    '',
    'null',
    '{}',
    '[]',
    '"x"',
    '1e999',
    '{"__proto__":{"x":1}}',
    '{"sessionId":"s1","partySize":1e308}',
    '\u0000',
    '\uFEFF{}',
  ),
  fc.constant(JSON.stringify({ ...valid, needs: 'x'.repeat(17_000) })),
);
const bodyTarget = fc.constantFrom(
  `/dj-api/v1/open-days/${OPEN_DAY.government}/bookings`,
  `/dj-api/v1/open-days/${OPEN_DAY.approval}/bookings`,
  '/dj-api/v1/bookings/ABCDEFGH/cancel',
  '/dj-api/v1/admin/open-days',
  `/dj-api/v1/admin/open-days/${OPEN_DAY.government}`,
  `/dj-api/v1/admin/open-days/${OPEN_DAY.government}/sessions`,
  `/dj-api/v1/admin/open-days/${OPEN_DAY.government}/sessions/s1`,
);
const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 300 });

const cases = {
  bodies: {
    runs: 700,
    arb: fc.record({
      path: bodyTarget,
      body,
      key: fc.oneof(fc.uuid(), latin1),
      type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
    }),
    toRequest: ({ path, body, key, type }) => ({
      method: path.includes('/sessions/s1') || /open-days\/od-yz-gov$/.test(path) ? 'PATCH' : 'POST',
      path,
      body,
      headers: { 'Idempotency-Key': key, ...(type ? { 'Content-Type': type } : {}), Authorization: `Bearer ${STAFF_TOKEN}` },
    }),
  },
  headers: {
    runs: 300,
    arb: fc.record({
      target: fc.constantFrom(
        '/dj-api/v1/open-days',
        `/dj-api/v1/open-days/${OPEN_DAY.approval}/bookings`,
        '/dj-api/v1/admin/bookings/ABCDEFGH',
        '/dj-api/v1/brands/chengshen-weigong',
      ),
      values: fc.dictionary(
        fc.constantFrom(
          'Idempotency-Key',
          'If-None-Match',
          'Authorization',
          'Origin',
          'Accept-Encoding',
          'Content-Type',
          'Content-Length',
          'X-Forwarded-For',
          'Range',
          'Accept',
        ),
        latin1,
        { maxKeys: 5 },
      ),
    }),
    toRequest: ({ target, values }) => {
      const headers = { ...values };
      const post = target.endsWith('/bookings');
      // A Content-Length that lies would hang the socket, not the server: send the real one.
      if (post) headers['Content-Length'] = String(Buffer.byteLength(JSON.stringify(valid)));
      else delete headers['Content-Length'];
      return { method: post ? 'POST' : 'GET', path: target, headers, body: post ? JSON.stringify(valid) : undefined };
    },
  },
  paths: {
    runs: 500,
    arb: fc.record({ method, path }),
    toRequest: ({ method, path }) => ({ method, path, body: ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined }),
  },
  queries: { runs: 500, arb: query, toRequest: (path) => ({ method: 'GET', path }) },
};

test(`2,000 malformed bodies, headers, paths and query strings: no 5xx, every error problem+json (${STORE})`, async () => {
  let sent = 0;
  for (const [name, { runs, arb, toRequest }] of Object.entries(cases)) {
    const samples = fc.sample(arb, { numRuns: runs, seed: SEED + name.length });
    for (const sample of samples) {
      const req = toRequest(sample);
      let answer;
      try {
        answer = await send(req);
      } catch (error) {
        // node:http refuses to send some bytes at all (e.g. a control character in a header): nothing reached the server.
        if (error.code === 'ERR_INVALID_CHAR' || error.code === 'ERR_UNESCAPED_CHARACTERS' || error.code === 'ERR_INVALID_HTTP_TOKEN')
          continue;
        throw error;
      }
      sent++;
      check({ kind: name, ...req, body: req.body?.slice(0, 200) }, answer);
    }
  }
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} bad answers`);
  assert.ok(sent >= 1900, `only ${sent} of 2,000 requests could be sent`);
  // After all that, the server is whole and still books.
  const after = await book(server.api, OPEN_DAY.government, bookingBody({ sessionId: 's3', n: 77, ids: true, idNumber: validId(770) }));
  assert.equal(after.status, 201, JSON.stringify(after.body));
});
