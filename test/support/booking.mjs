/**
 * Request helpers for the server suites: valid demo ID numbers and phones by
 * number, booking bodies, and fetch wrappers that return status, headers and
 * the parsed body.
 */
import { randomUUID } from 'node:crypto';

/** A valid GB 11643 number born 1985-03-12 (an adult on any day), the n-th of its kind (n < 1000). */
export function validId(n, birth = '19850312') {
  const head = `370812${birth}${String(n % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(head[i]) * (2 ** (17 - i) % 11);
  return head + '10X98765432'[sum % 11];
}

/** A valid mobile number, the n-th. */
export const phoneOf = (n) => `139${String(n).padStart(8, '0')}`;

/** A booking body that passes every rule, for a day that asks ID numbers or not. */
export function bookingBody({ sessionId, n = 1, partySize = 1, ids = false, name = '张三明', ...rest }) {
  const body = {
    sessionId,
    name,
    phone: phoneOf(n),
    partySize,
    companions: Array.from({ length: partySize - 1 }, (_, i) => ({
      name: `同行${i + 1}号`,
      ...(ids ? { idNumber: validId(n * 10 + i + 1) } : {}),
    })),
    consent: { privacy: true, ...(ids ? { idNumber: true } : {}) },
    ...(ids ? { idNumber: validId(n * 10) } : {}),
  };
  return { ...body, ...rest };
}

/** What an answer was: status, content type, headers and body (JSON when it is JSON). */
export async function answerOf(res) {
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  let body = text;
  if (/json/.test(type) && text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, type, headers: res.headers, body, text };
}

export const get = async (url, headers = {}) => answerOf(await fetch(url, { headers }));

export async function post(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answerOf(res);
}

export async function patch(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return answerOf(res);
}

/** POST a booking with a fresh Idempotency-Key (or the one given). */
export const book = (api, dayId, body, key = randomUUID()) =>
  post(`${api}/open-days/${encodeURIComponent(dayId)}/bookings`, body, { 'Idempotency-Key': key });

/**
 * An open day for the staff API, `days` from today (China time), with the sessions given. Booking
 * closes at 17:00 the day before; for a day of today (days 0, which the desk can check in), at 23:59.
 */
export function staffDay(
  id,
  {
    days = 3,
    sessions = [{ id: 's1', start: '09:00', end: '11:00', capacity: 30 }],
    requiresIdNumber = false,
    maxPartySize = 5,
    minAge = 0,
  } = {},
) {
  const date = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const eve = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const bookingClosesAt = days > 0 ? `${eve}T17:00:00+08:00` : `${date}T23:59:00+08:00`;
  return {
    id,
    title: '测试开放日',
    unit: { id: 'test-unit', name: '测试单位' },
    description: '用于测试。',
    address: '测试地址',
    date,
    bookingClosesAt,
    maxPartySize,
    requiresIdNumber,
    minAge,
    notes: ['测试须知'],
    contactPhone: '0537-0000000',
    sessions,
  };
}

/**
 * POST a booking under load (fetch opens as many connections as there are
 * requests): its status, content type and body, or, when the connection
 * failed, `network: <code>` as its status.
 */
export async function attempt(api, dayId, body, key = randomUUID()) {
  try {
    const res = await fetch(`${api}/open-days/${dayId}/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  } catch (error) {
    return { status: `network: ${error.cause?.code ?? error.message}` };
  }
}

/** How many answers had each status: `{201: 30, 409: 970}`. */
export const tally = (answers) => answers.reduce((t, a) => ((t[a.status] = (t[a.status] ?? 0) + 1), t), {});
