/**
 * The staff API (`{endpoint}/admin/…`) in memory, for the desk's stories: open days with their
 * bookings counted, a day created and edited, sessions added and edited (never below the seats
 * taken), a session's bookings in full and as CSV, check-in (on the day only), its undo, and a
 * cancel with a reason, each refusal with the problem body the reference server sends
 * (server/problems.ts). The public booking desk (booking-desk.ts) keeps bookings masked, as the
 * public contract does, so the staff's full view is kept here, with fixtures of its own.
 *
 * Registered only in Storybook (stories/open-day-desk.stories.ts adds {@link staffHandlers}
 * per story), never on the demo page. The token is {@link DEMO_STAFF_TOKEN}; any other is 401.
 * Endpoints for the states a designer needs:
 * - `/dj-api/staff/rate-limited`: every request 429 with Retry-After 60;
 * - `/dj-api/staff/off`: the staff API off (404 …/staff-api-off);
 * - `/dj-api/staff/empty`: no open days yet;
 * - `/dj-api/staff/offline`: the server unreachable (every request a network error).
 * A code `ERROR500` at the door answers 500, to show a server error among the answers.
 */
import { http, HttpResponse } from 'msw';
import { chinaDate } from '../src/contract/booking.rules.js';
import type { OpenDay } from '../src/contract/booking.schema.js';
import { addDays, makeOpenDays } from '../src/demo/open-days.js';
import type { StaffBooking, StaffDay } from '../src/contract/staff.schema.js';
import { problem } from './http.js';

export const DEMO_STAFF_TOKEN = 'demo-staff-token';

/** Codes of the fixtures, one of each kind the door answers. */
export const DESK_CODES = {
  /** Today, confirmed: checks in. */
  arrives: 'TD7K2M9Q',
  /** Today, checked in at 09:12 China time. */
  arrived: 'TD3P8W4X',
  /** Today, cancelled. */
  cancelled: 'TD6R2N5B',
  /** Another day's: not today. */
  later: 'LT4H9C2V',
  /** No such booking. */
  unknown: 'NX2Z7Y8Q',
  /** The mock answers 500. */
  error: 'ERROR500',
  /** Today, confirmed: the one the stories check in and undo. */
  undone: 'TD9F3K7M',
} as const;

/** The day the fixtures check in on: today (China time), in the government office. */
export const TODAY_DAY = 'od-yz-today';

const iso = (date: string, time: string) => `${date}T${time}:00+08:00`;

interface Memory {
  days: OpenDay[];
  bookings: StaffBooking[];
}

function fixtures(today = chinaDate()): Memory {
  const demo = makeOpenDays(today);
  const gov = demo[0];
  const todays: OpenDay = {
    ...gov,
    id: TODAY_DAY,
    title: '群众监督进机关暨政府开放日（今日）',
    date: today,
    bookingClosesAt: iso(addDays(today, -1), '17:00'),
    sessions: [
      { id: 's1', start: '09:00', end: '11:00', capacity: 30, remaining: 30 },
      { id: 's2', start: '14:30', end: '16:30', capacity: 30, remaining: 30 },
    ],
  };
  const booking = (
    code: string,
    day: OpenDay,
    name: string,
    phone: string,
    companions: string[],
    status: StaffBooking['status'] = 'confirmed',
    extra: Partial<StaffBooking> = {},
  ): StaffBooking => ({
    code,
    status,
    openDayId: day.id,
    sessionId: day.sessions[0].id,
    partySize: companions.length + 1,
    name,
    phone,
    idNumber: day.requiresIdNumber ? '370812198503121234' : null,
    companions: companions.map((c) => ({ name: c, idNumber: null })),
    needs: null,
    createdAt: iso(addDays(today, -3), '10:24'),
    cancelledAt: null,
    checkedInAt: null,
    cancelReason: null,
    cancelledBy: null,
    ...extra,
  });
  const bookings = [
    booking(DESK_CODES.arrives, todays, '张晓明', '13905371234', ['李红']),
    booking(DESK_CODES.arrived, todays, '王建国', '13805372468', [], 'checked-in', { checkedInAt: iso(today, '09:12') }),
    booking(DESK_CODES.cancelled, todays, '刘芳', '13705379876', ['刘子涵'], 'cancelled', {
      cancelledAt: iso(addDays(today, -1), '16:05'),
      cancelReason: '来电告知临时出差',
      cancelledBy: 'staff',
    }),
    booking(DESK_CODES.undone, todays, '陈志强', '13605375555', ['陈小雨', '周敏'], 'confirmed', { needs: '轮椅通行' }),
    booking(DESK_CODES.later, gov, '赵明天', '13505371111', []),
  ];
  const days = [todays, ...demo];
  // Seats taken by the live bookings.
  for (const b of bookings) {
    if (b.status === 'cancelled') continue;
    const s = days.find((d) => d.id === b.openDayId)!.sessions.find((x) => x.id === b.sessionId)!;
    s.remaining -= b.partySize;
  }
  return { days, bookings };
}

let memory = fixtures();

/** Back to the fixtures (each story starts from them). */
export function resetStaff(): void {
  memory = fixtures();
}

const staffDay = (day: OpenDay): StaffDay => ({
  ...day,
  sessions: day.sessions.map((s) => {
    const of = memory.bookings.filter((b) => b.openDayId === day.id && b.sessionId === s.id);
    const live = of.filter((b) => b.status !== 'cancelled');
    const arrived = live.filter((b) => b.status === 'checked-in');
    const people = (list: StaffBooking[]) => list.reduce((n, b) => n + b.partySize, 0);
    return {
      ...s,
      counts: {
        bookings: live.length,
        people: people(live),
        arrived: arrived.length,
        arrivedPeople: people(arrived),
        cancelled: of.length - live.length,
      },
    };
  }),
});

const refusals = {
  off: () => problem(404, 'staff-api-off', '员工接口未开启', '服务器启动时没有设置 DJ_ADMIN_TOKEN 或 DJ_ADMIN_TOKENS，员工接口不可用。'),
  unauthorized: () => problem(401, 'unauthorized', '需要员工令牌', '请在 Authorization 请求头中提供 Bearer 令牌。'),
  rateLimited: () => {
    const res = problem(429, 'rate-limited', '错误令牌过多', '同一地址每分钟最多可试 10 次错误的员工令牌，请 60 秒后再试。');
    res.headers.set('Retry-After', '60');
    return res;
  },
  noDay: (id: string) => problem(404, 'not-found', '未找到开放日', `没有编号为“${id}”的开放日。`),
  noSession: (id: string, sid: string) => problem(404, 'not-found', '未找到场次', `开放日“${id}”没有编号为“${sid}”的场次。`),
  noBooking: (code: string) => problem(404, 'not-found', '未找到预约', `没有预约码为“${code}”的预约。`),
  invalid: (errors: { field: string; message: string }[]) =>
    problem(422, 'validation', '内容有误', errors.map((e) => e.message).join('; '), {
      errors: errors.map((e) => ({ ...e, code: 'type' })),
    }),
};

/** The checks of server/staff.ts that a designer meets: empty fields, times, whole numbers. */
function invalidDay(body: Record<string, unknown>, create: boolean): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const text = (field: string) => {
    const value = field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], body);
    if (create || value !== undefined)
      if (typeof value !== 'string' || !value.trim()) errors.push({ field, message: `${field}: expected not empty` });
  };
  for (const field of ['title', 'unit.id', 'unit.name', 'address', 'contactPhone']) text(field);
  if (create && !/^[A-Za-z0-9][\w-]{0,63}$/.test(String(body.id ?? ''))) errors.push({ field: 'id', message: 'id: expected a slug' });
  if ((create || body.date !== undefined) && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.date ?? '')))
    errors.push({ field: 'date', message: 'date: expected YYYY-MM-DD' });
  if ((create || body.bookingClosesAt !== undefined) && Number.isNaN(Date.parse(String(body.bookingClosesAt ?? ''))))
    errors.push({ field: 'bookingClosesAt', message: 'bookingClosesAt: expected an ISO date-time' });
  if (create) {
    const sessions = Array.isArray(body.sessions) ? (body.sessions as Record<string, unknown>[]) : [];
    if (!sessions.length) errors.push({ field: 'sessions', message: 'sessions: at least one session' });
    sessions.forEach((s, i) => errors.push(...invalidSession(s, `sessions[${i}].`)));
  }
  return errors;
}

function invalidSession(s: Record<string, unknown>, prefix = '', create = true): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (create && !/^[A-Za-z0-9][\w-]{0,63}$/.test(String(s.id ?? '')))
    errors.push({ field: `${prefix}id`, message: `${prefix}id: expected a slug` });
  for (const k of ['start', 'end'])
    if ((create || s[k] !== undefined) && !/^([01]\d|2[0-3]):[0-5]\d$/.test(String(s[k] ?? '')))
      errors.push({ field: `${prefix}${k}`, message: `${prefix}${k}: expected HH:MM` });
  if ((create || s.capacity !== undefined) && !(Number.isInteger(s.capacity) && (s.capacity as number) >= 0))
    errors.push({ field: `${prefix}capacity`, message: `${prefix}capacity: expected >=0` });
  return errors;
}

const findDay = (id: string) => memory.days.find((d) => d.id === id);
const findBooking = (code: string) => memory.bookings.find((b) => b.code === code.replace(/[\s-]/g, '').toUpperCase());

/** Every staff request passes here first: the fault endpoints, then the token. */
function gate(request: Request): Response | undefined {
  const path = new URL(request.url).pathname;
  if (path.includes('/dj-api/staff/offline/')) return HttpResponse.error();
  if (path.includes('/dj-api/staff/off/')) return refusals.off();
  if (path.includes('/dj-api/staff/rate-limited/')) return refusals.rateLimited();
  if (request.headers.get('Authorization') !== `Bearer ${DEMO_STAFF_TOKEN}`) return refusals.unauthorized();
  return undefined;
}

const json = (body: unknown, status = 200) => HttpResponse.json(body as Record<string, unknown>, { status });
const bodyOf = async (request: Request) => (await request.json().catch(() => ({}))) as Record<string, unknown>;

export const staffHandlers = [
  http.get('*/admin/open-days', ({ request }) => {
    const refused = gate(request);
    if (refused) return refused;
    const items = new URL(request.url).pathname.includes('/dj-api/staff/empty/')
      ? []
      : [...memory.days].sort((a, b) => a.date.localeCompare(b.date)).map(staffDay);
    return json({ items, total: items.length });
  }),
  http.get('*/admin/open-days/:id', ({ request, params }) => {
    const day = findDay(String(params.id));
    return gate(request) ?? (day ? json(staffDay(day)) : refusals.noDay(String(params.id)));
  }),
  http.post('*/admin/open-days', async ({ request }) => {
    const refused = gate(request);
    if (refused) return refused;
    const body = await bodyOf(request);
    const errors = invalidDay(body, true);
    if (errors.length) return refusals.invalid(errors);
    if (findDay(String(body.id)))
      return problem(409, 'open-day-exists', '开放日已存在', `已有编号为“${body.id}”的开放日；修改请用 PATCH。`);
    const day = { ...body, sessions: (body.sessions as OpenDay['sessions']).map((s) => ({ ...s, remaining: s.capacity })) } as OpenDay;
    memory.days.push(day);
    return json(day, 201);
  }),
  http.patch('*/admin/open-days/:id', async ({ request, params }) => {
    const refused = gate(request);
    if (refused) return refused;
    const day = findDay(String(params.id));
    if (!day) return refusals.noDay(String(params.id));
    const body = await bodyOf(request);
    const errors = invalidDay(body, false);
    if (errors.length) return refusals.invalid(errors);
    Object.assign(day, body);
    return json(day);
  }),
  http.post('*/admin/open-days/:id/sessions', async ({ request, params }) => {
    const refused = gate(request);
    if (refused) return refused;
    const day = findDay(String(params.id));
    if (!day) return refusals.noDay(String(params.id));
    const s = await bodyOf(request);
    const errors = invalidSession(s);
    if (errors.length) return refusals.invalid(errors);
    if (day.sessions.some((x) => x.id === s.id))
      return problem(409, 'session-exists', '场次已存在', `开放日“${day.id}”已有编号为“${s.id}”的场次。`);
    day.sessions.push({
      id: String(s.id),
      start: String(s.start),
      end: String(s.end),
      capacity: Number(s.capacity),
      remaining: Number(s.capacity),
    });
    return json(day, 201);
  }),
  http.patch('*/admin/open-days/:id/sessions/:sid', async ({ request, params }) => {
    const refused = gate(request);
    if (refused) return refused;
    const day = findDay(String(params.id));
    const s = day?.sessions.find((x) => x.id === params.sid);
    if (!day || !s) return day ? refusals.noSession(day.id, String(params.sid)) : refusals.noDay(String(params.id));
    const p = await bodyOf(request);
    const errors = invalidSession(p, '', false);
    if (errors.length) return refusals.invalid(errors);
    const booked = s.capacity - s.remaining;
    const capacity = p.capacity === undefined ? s.capacity : Number(p.capacity);
    if (capacity < booked)
      return problem(409, 'capacity-below-booked', '名额少于已预约人数', `该场次已有 ${booked} 个名额被预约，名额不能少于这个数。`);
    Object.assign(s, { start: p.start ?? s.start, end: p.end ?? s.end, capacity, remaining: capacity - booked });
    return json(day);
  }),
  http.get('*/admin/open-days/:id/sessions/:sid/bookings', ({ request, params }) => {
    const refused = gate(request);
    if (refused) return refused;
    const items = memory.bookings.filter((b) => b.openDayId === params.id && b.sessionId === params.sid);
    return json({ items, total: items.length });
  }),
  http.get('*/admin/open-days/:id/sessions/:sid/bookings.csv', ({ request, params }) => {
    const refused = gate(request);
    if (refused) return refused;
    const items = memory.bookings.filter((b) => b.openDayId === params.id && b.sessionId === params.sid);
    const rows = [
      ['预约码', '状态', '姓名', '手机号码', '人数'],
      ...items.map((b) => [b.code, b.status, b.name, `\t${b.phone}`, String(b.partySize)]),
    ];
    return new HttpResponse('\uFEFF' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n', {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="bookings-${params.id}-${params.sid}.csv"`,
      },
    });
  }),
  http.post('*/admin/bookings/:code/check-in', ({ request, params }) => {
    const refused = gate(request);
    if (refused) return refused;
    const code = String(params.code);
    if (code === DESK_CODES.error) return problem(500, 'internal', '服务器内部错误', '服务器处理请求时出错，请稍后再试。');
    const b = findBooking(code);
    if (!b) return refusals.noBooking(code);
    if (b.status === 'cancelled') return problem(409, 'booking-cancelled', '预约已取消', '该预约已经取消，不能签到。', { booking: b });
    if (b.status === 'checked-in')
      return problem(409, 'already-checked-in', '已经签到', '该预约码已签到入场，不能重复使用。', {
        checkedInAt: b.checkedInAt,
        booking: b,
      });
    const date = findDay(b.openDayId)!.date;
    if (date !== chinaDate())
      return problem(409, 'not-today', '不是今天的预约', `该预约是 ${date} 的开放日，只能在当天签到。`, { date, booking: b });
    Object.assign(b, { status: 'checked-in', checkedInAt: new Date().toISOString() });
    return json(b);
  }),
  http.delete('*/admin/bookings/:code/check-in', ({ request, params }) => {
    const refused = gate(request);
    if (refused) return refused;
    const b = findBooking(String(params.code));
    if (!b) return refusals.noBooking(String(params.code));
    if (b.status !== 'checked-in') return problem(409, 'not-checked-in', '尚未签到', '该预约没有签到，无需撤销。', { booking: b });
    Object.assign(b, { status: 'confirmed', checkedInAt: null });
    return json(b);
  }),
  http.post('*/admin/bookings/:code/cancel', async ({ request, params }) => {
    const refused = gate(request);
    if (refused) return refused;
    const b = findBooking(String(params.code));
    if (!b) return refusals.noBooking(String(params.code));
    const reason = String((await bodyOf(request)).reason ?? '').trim();
    if (!reason || reason.length > 200) return refusals.invalid([{ field: 'reason', message: 'reason: expected 1 to 200 characters' }]);
    if (b.status === 'cancelled') return problem(409, 'booking-cancelled', '预约已取消', '该预约已经取消，不能取消。', { booking: b });
    if (b.status === 'checked-in')
      return problem(409, 'already-checked-in', '已经签到', '该预约码已签到入场，不能取消。', { checkedInAt: b.checkedInAt, booking: b });
    Object.assign(b, { status: 'cancelled', cancelledAt: new Date().toISOString(), cancelReason: reason, cancelledBy: 'staff' });
    const s = findDay(b.openDayId)!.sessions.find((x) => x.id === b.sessionId)!;
    s.remaining += b.partySize;
    return json(b);
  }),
];
