/**
 * Hidden and control characters in names and the needs text, at the reference
 * server, on PGlite or on PostgreSQL when DATABASE_URL is set: each class is
 * refused with a 422 that names the field, the character's position and code
 * point (the shared rule of booking.rules.ts), and real names and notes are
 * booked and kept as sent.
 *
 *   node --import tsx --test test/server/input.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OPEN_DAY } from '../../src/demo/open-days.ts';
import { book, bookingBody } from '../support/booking.mjs';
import { findBookingAsStaff, startServer, STORE } from '../support/server.mjs';

const PROBLEM = 'https://dj-widgets.example/problems/';

let server;
let api;
before(async () => {
  server = await startServer();
  api = server.api;
});
after(() => server?.stop());

/** A booking of 兖州区行政审批服务局's open day (no ID numbers, up to 3 people), with one companion. */
let n = 100;
const body = (patch) => bookingBody({ sessionId: 'a1', n: n++, partySize: 2, ...patch });

/** One character of each class, where it sits, and its code point. */
const CASES = [
  ['control', 'BEL', '\u0007', 'U+0007'],
  ['control', 'ESC', '\u001b', 'U+001B'],
  ['control', 'DEL', '\u007f', 'U+007F'],
  ['control', 'C1 next line', '\u0085', 'U+0085'],
  ['control', 'line separator', '\u2028', 'U+2028'],
  ['bidi', 'right-to-left override', '\u202e', 'U+202E'],
  ['bidi', 'first strong isolate', '\u2068', 'U+2068'],
  ['bidi', 'right-to-left mark', '\u200f', 'U+200F'],
  ['bidi', 'Arabic letter mark', '\u061c', 'U+061C'],
  ['invisible', 'zero-width space', '\u200b', 'U+200B'],
  ['invisible', 'zero-width joiner', '\u200d', 'U+200D'],
  ['invisible', 'word joiner', '\u2060', 'U+2060'],
  ['invisible', 'byte order mark inside', '\ufeff', 'U+FEFF'],
  ['invisible', 'Hangul filler', '\u3164', 'U+3164'],
  ['surrogate', 'lone surrogate', '\ud83d', 'U+D83D'],
];

const refused = async (patch, field, code, position, char) => {
  const a = await book(api, OPEN_DAY.approval, body(patch));
  assert.equal(a.status, 422, JSON.stringify(a.body));
  assert.equal(a.type, 'application/problem+json');
  assert.equal(a.body.type, `${PROBLEM}validation`);
  assert.deepEqual(
    a.body.errors.map((e) => `${e.field}:${e.code}`),
    [`${field}:${code}`],
  );
  const message = a.body.errors[0].message;
  assert.ok(message.includes(`第 ${position} 个字符`) && message.includes(char), message);
  return message;
};

describe(`hidden and control characters are refused with 422 naming the field (${STORE})`, () => {
  for (const [code, what, c, char] of CASES) {
    test(`${code}: ${what} in the name, a companion's name and the needs text`, async () => {
      await refused({ name: `张${c}三明` }, 'name', code, 2, char);
      const companion = await refused({ companions: [{ name: `李${c}红` }] }, 'companions[0].name', code, 2, char);
      assert.ok(companion.startsWith('第 1 位同行人员：姓名'), companion);
      const needs = await refused({ needs: `需要轮椅${c}通道` }, 'needs', code, 5, char);
      assert.ok(needs.startsWith('特殊需要'), needs);
    });
  }

  test('a tab or a line break is a control character in a name', async () => {
    await refused({ name: '张\t三明' }, 'name', 'control', 2, 'U+0009');
    await refused({ name: '张\n三明' }, 'name', 'control', 2, 'U+000A');
    await refused({ needs: '需要轮椅\r\n通道' }, 'needs', 'control', 5, 'U+000D');
  });
});

describe(`real names and notes are booked and kept as sent (${STORE})`, () => {
  for (const [name, companion, needs] of [
    ['Zhang San', '阿依古丽·买买提', '需要轮椅\n和手语翻译'],
    ['阿依古丽·买买提', '欧阳 娜娜', '1.\t轮椅通道\n2.\t坐轮椅 👨\u200d🦽'],
  ]) {
    test(`${name} with ${companion}`, async () => {
      const a = await book(api, OPEN_DAY.approval, body({ name, companions: [{ name: companion }], needs }));
      assert.equal(a.status, 201, JSON.stringify(a.body));
      const kept = await findBookingAsStaff(api, { openDayId: OPEN_DAY.approval, sessionId: 'a1', code: a.body.code });
      assert.equal(kept.name, name);
      assert.deepEqual(
        kept.companions.map((c) => c.name),
        [companion],
      );
      assert.equal(kept.needs, needs);
    });
  }
});
