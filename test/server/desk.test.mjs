/**
 * What the staff desk does with open days and bookings through the staff
 * API: every open day with its bookings counted, check-in on the day only
 * (with the booking in every refusal, so the desk can say whose code it is),
 * undoing a check-in, and cancelling on a citizen's behalf with a reason that
 * stays with the booking, its export and the audit log.
 *
 *   node --import tsx --test test/server/desk.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { answerOf, book, bookingBody, get, phoneOf, post, staffDay } from '../support/booking.mjs';
import { staffHeaders, startServer, STORE } from '../support/server.mjs';

const isProblem = (a, status, slug) => {
  assert.equal(a.status, status, JSON.stringify(a.body));
  assert.equal(a.type, 'application/problem+json');
  assert.equal(a.body.type, `https://dj-widgets.example/problems/${slug}`);
};
const del = async (url, headers) => answerOf(await fetch(url, { method: 'DELETE', headers }));

let server;
let admin;
before(async () => {
  server = await startServer();
  admin = `${server.api}/admin`;
  const today = staffDay('od-desk-today', {
    days: 0,
    sessions: [
      { id: 'am', start: '09:00', end: '11:00', capacity: 20 },
      { id: 'pm', start: '14:00', end: '16:00', capacity: 20 },
    ],
  });
  assert.equal((await post(`${admin}/open-days`, today, staffHeaders)).status, 201);
  assert.equal((await post(`${admin}/open-days`, staffDay('od-desk-later', { days: 5 }), staffHeaders)).status, 201);
});
after(() => server?.stop());

const bookToday = async (n, partySize = 1, sessionId = 'am') => {
  const made = await book(server.api, 'od-desk-today', bookingBody({ sessionId, n, partySize, name: `到访${n}号` }));
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body.code;
};
const counts = async (id = 'od-desk-today', sid = 'am') =>
  (await get(`${admin}/open-days/${id}`, staffHeaders)).body.sessions.find((s) => s.id === sid).counts;

test(`every open day, past and ahead, with each session's bookings counted (${STORE})`, async () => {
  const list = await get(`${admin}/open-days`, staffHeaders);
  assert.equal(list.status, 200);
  assert.equal(list.body.total, list.body.items.length);
  const dates = list.body.items.map((d) => d.date);
  assert.deepEqual(dates, [...dates].sort(), 'by date');
  assert.ok(
    list.body.items.some((d) => d.id === 'od-yz-market-past'),
    'past days are listed for staff',
  );
  const later = list.body.items.find((d) => d.id === 'od-desk-later');
  assert.deepEqual(later.sessions[0].counts, { bookings: 0, people: 0, arrived: 0, arrivedPeople: 0, cancelled: 0 });

  const before = await counts('od-desk-today', 'pm');
  await bookToday(101, 3, 'pm');
  const code = await bookToday(102, 2, 'pm');
  assert.equal((await post(`${admin}/bookings/${code}/check-in`, {}, staffHeaders)).status, 200);
  const gone = await bookToday(103, 1, 'pm');
  assert.equal((await post(`${admin}/bookings/${gone}/cancel`, { reason: '群众来电取消' }, staffHeaders)).status, 200);
  assert.deepEqual(await counts('od-desk-today', 'pm'), {
    bookings: before.bookings + 2,
    people: before.people + 5,
    arrived: before.arrived + 1,
    arrivedPeople: before.arrivedPeople + 2,
    cancelled: before.cancelled + 1,
  });
  isProblem(await get(`${admin}/open-days/od-none`, staffHeaders), 404, 'not-found');
  isProblem(await get(`${admin}/open-days`), 401, 'unauthorized');
});

test(`check-in on the day only; every refusal names the booking; undo puts it back (${STORE})`, async () => {
  const code = await bookToday(201, 2);
  const was = await counts();
  const checked = await post(`${admin}/bookings/${code}/check-in`, {}, staffHeaders);
  assert.equal(checked.status, 200);
  assert.equal(checked.body.status, 'checked-in');
  assert.equal(checked.body.name, '到访201号');
  assert.equal(checked.body.partySize, 2);
  assert.equal((await counts()).arrivedPeople, was.arrivedPeople + 2);

  const twice = await post(`${admin}/bookings/${code}/check-in`, {}, staffHeaders);
  isProblem(twice, 409, 'already-checked-in');
  assert.equal(twice.body.checkedInAt, checked.body.checkedInAt);
  assert.equal(twice.body.booking.code, code);

  const undone = await del(`${admin}/bookings/${code}/check-in`, staffHeaders);
  assert.equal(undone.status, 200);
  assert.equal(undone.body.status, 'confirmed');
  assert.equal(undone.body.checkedInAt, null);
  assert.deepEqual(await counts(), was, 'the counts are as before the check-in');
  const notIn = await del(`${admin}/bookings/${code}/check-in`, staffHeaders);
  isProblem(notIn, 409, 'not-checked-in');
  assert.equal(notIn.body.booking.status, 'confirmed');
  isProblem(await del(`${admin}/bookings/ZZZZZZZZ/check-in`, staffHeaders), 404, 'not-found');
  assert.equal((await post(`${admin}/bookings/${code}/check-in`, {}, staffHeaders)).status, 200, 'checked in again after the undo');

  const ahead = await book(server.api, 'od-desk-later', bookingBody({ sessionId: 's1', n: 202, name: '提前来' }));
  const early = await post(`${admin}/bookings/${ahead.body.code}/check-in`, {}, staffHeaders);
  isProblem(early, 409, 'not-today');
  assert.equal(early.body.date, staffDay('x', { days: 5 }).date);
  assert.equal(early.body.booking.name, '提前来');
  assert.equal((await get(`${admin}/bookings/${ahead.body.code}`, staffHeaders)).body.status, 'confirmed', 'nothing changed');
});

test(`staff cancel on a citizen's behalf: a reason is needed, seats go back, the phone may book again, the reason is kept and exported (${STORE})`, async () => {
  const seats = async () => (await get(`${server.api}/open-days/od-desk-today`)).body.sessions.find((s) => s.id === 'am').remaining;
  const code = await bookToday(301, 3);
  const left = await seats();
  const noReason = await post(`${admin}/bookings/${code}/cancel`, {}, staffHeaders);
  isProblem(noReason, 422, 'validation');
  assert.equal(noReason.body.errors[0].field, 'reason');
  isProblem(await post(`${admin}/bookings/${code}/cancel`, { reason: '   ' }, staffHeaders), 422, 'validation');
  isProblem(await post(`${admin}/bookings/${code}/cancel`, { reason: '长'.repeat(201) }, staffHeaders), 422, 'validation');

  const cancelled = await post(`${admin}/bookings/${code}/cancel`, { reason: '群众电话告知临时有事' }, staffHeaders);
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  assert.equal(cancelled.body.status, 'cancelled');
  assert.equal(cancelled.body.cancelReason, '群众电话告知临时有事');
  assert.equal(cancelled.body.cancelledBy, 'staff');
  assert.equal(await seats(), left + 3, 'the three seats are free again');
  const lookup = await post(`${server.api}/bookings/${code}/lookup`, { phone: phoneOf(301) });
  assert.equal(lookup.body.status, 'cancelled', 'the citizen sees it cancelled');
  assert.equal((await book(server.api, 'od-desk-today', bookingBody({ sessionId: 'am', n: 301 }))).status, 201, 'the phone may book again');

  const twice = await post(`${admin}/bookings/${code}/cancel`, { reason: '再次' }, staffHeaders);
  isProblem(twice, 409, 'booking-cancelled');
  assert.match(twice.body.detail, /不能取消/);
  isProblem(await post(`${admin}/bookings/${code}/check-in`, {}, staffHeaders), 409, 'booking-cancelled');

  const arrived = await bookToday(302);
  await post(`${admin}/bookings/${arrived}/check-in`, {}, staffHeaders);
  const late = await post(`${admin}/bookings/${arrived}/cancel`, { reason: '误操作' }, staffHeaders);
  isProblem(late, 409, 'already-checked-in');
  assert.match(late.body.detail, /不能取消/);
  isProblem(await post(`${admin}/bookings/ZZZZZZZZ/cancel`, { reason: '无' }, staffHeaders), 404, 'not-found');

  const res = await fetch(`${admin}/open-days/od-desk-today/sessions/am/bookings.csv`, { headers: staffHeaders });
  const row = (await res.text()).split('\r\n').find((l) => l.startsWith(code));
  assert.ok(row.endsWith(',群众电话告知临时有事,staff'), row);

  const log = (await get(`${admin}/audit?limit=500`, staffHeaders)).body.items.map((e) => `${e.action} ${e.target} ${e.status}`);
  for (const line of [`cancel-booking ${code} 200`, `cancel-booking ${code} 422`, `cancel-booking ${arrived} 409`, 'list-open-days  200'])
    assert.ok(log.includes(line), `${line} in the audit log`);
  assert.ok(!JSON.stringify(log).includes('群众电话告知'), 'no reason (it may name a person) in the audit log');
});

test(`undo of a check-in is in the audit log (${STORE})`, async () => {
  const code = await bookToday(401);
  await post(`${admin}/bookings/${code}/check-in`, {}, staffHeaders);
  await del(`${admin}/bookings/${code}/check-in`, staffHeaders);
  const [last, first] = (await get(`${admin}/audit?limit=2`, staffHeaders)).body.items;
  assert.deepEqual([first.action, last.action], ['check-in', 'undo-check-in']);
  assert.equal(last.target, code);
});
