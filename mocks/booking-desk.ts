/**
 * The mock endpoint's booking office: an in-memory store that behaves like
 * the server, so the form meets every answer of the contract in stories and
 * tests. Seats are taken and given back, an Idempotency-Key replays its first
 * answer, one phone or ID number books an open day once, booking closes on
 * time, and every rule of booking.rules.ts answers 422 on its field.
 *
 * Answers are plain `{status, body}` so the msw handlers (handlers.ts) and the
 * contract test can both use them.
 */
import * as v from 'valibot';
import { BookingRequest, type Booking, type OpenDay } from '../src/widgets/open-day-booking/booking.schema.js';
import { chinaDate, describeFieldError, normaliseId, normalisePhone, validateBooking } from '../src/widgets/open-day-booking/booking.rules.js';
import { msg } from '../src/core/i18n.js';
import '../src/widgets/open-day-booking/booking.messages.js';
import { describeIssue, issuePath } from '../src/core/schema.js';
import { makeOpenDays } from './fixtures/open-days.js';
import { PROBLEM_BASE } from './http.js';

export interface Answer {
  status: number;
  body: unknown;
}

/** 张*明, 李* , 欧阳**锋: the first and last character kept. */
export const maskName = (name: string) => {
  const chars = [...name.trim()];
  return chars.length < 3 ? `${chars[0] ?? ''}*` : chars[0] + '*'.repeat(chars.length - 2) + chars.at(-1);
};
/** 138****5678 */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
/** 370***********1234 */
export const maskId = (id: string) => `${id.slice(0, 3)}${'*'.repeat(Math.max(0, id.length - 7))}${id.slice(-4)}`;

/** Eight characters, none of them easy to misread (no 0/O, 1/I/L). */
const CODE_CHARS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const newCode = () => Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => CODE_CHARS[b % CODE_CHARS.length]).join('');

export const problemBody = (status: number, slug: string, title: string, detail: string, extra: object = {}) => ({
  type: PROBLEM_BASE + slug,
  title,
  status,
  detail,
  ...extra,
});

const problemAnswer = (status: number, slug: string, title: string, detail: string, extra?: object): Answer => ({
  status,
  body: problemBody(status, slug, title, detail, extra),
});

interface Stored {
  booking: Booking;
  phone: string;
  ids: string[];
}

/** The start of a session as an instant (the contract's times are China Standard Time). */
const startOf = (day: OpenDay, start: string) => Date.parse(`${day.date}T${start}:00+08:00`);

export class BookingDesk {
  private days = new Map<string, OpenDay>();
  private bookings = new Map<string, Stored>();
  private replays = new Map<string, { body: string; answer: Answer }>();

  constructor(private readonly now: () => number = Date.now) {
    this.reset();
  }

  /** Back to the fixtures: seats as they were, no bookings. */
  reset(): void {
    this.days = new Map(makeOpenDays(chinaDate(this.now())).map((d) => [d.id, d]));
    this.bookings.clear();
    this.replays.clear();
  }

  /** Other citizens take `seats` places of a session: for the stories and tests of a session filling up. */
  holdSeats(dayId: string, sessionId: string, seats: number): void {
    const session = this.days.get(dayId)!.sessions.find((s) => s.id === sessionId)!;
    session.remaining = Math.max(0, session.remaining - seats);
  }

  /** GET /open-days?from&to: the days in the range (both inclusive, either optional), by date. */
  list(from: string | null, to: string | null): Answer {
    const bad = [from, to].find((d) => d !== null && !/^\d{4}-\d{2}-\d{2}$/.test(d));
    if (bad !== undefined) {
      const message = `日期应为 YYYY-MM-DD 格式，收到“${bad}”。`;
      return problemAnswer(400, 'invalid-parameter', '请求参数无效', message, {
        errors: [{ field: bad === from ? 'from' : 'to', code: 'format', message }],
      });
    }
    const items = [...this.days.values()]
      .filter((d) => (!from || d.date >= from) && (!to || d.date <= to))
      .sort((a, b) => a.date.localeCompare(b.date));
    return { status: 200, body: { items, total: items.length } };
  }

  /** GET /open-days/{id} */
  get(id: string): Answer {
    const day = this.days.get(id);
    return day ? { status: 200, body: day } : this.noDay(id);
  }

  /** POST /open-days/{id}/bookings */
  book(id: string, key: string | null, raw: unknown): Answer {
    const day = this.days.get(id);
    if (!day) return this.noDay(id);
    if (!key || key.length > 200) {
      return problemAnswer(400, 'idempotency-key', '缺少 Idempotency-Key', '每次预约请求都须带上 Idempotency-Key 请求头（一个 UUID）。');
    }
    const text = JSON.stringify(raw);
    const replay = this.replays.get(`${id}\n${key}`);
    if (replay) {
      if (replay.body === text) return replay.answer;
      return problemAnswer(422, 'idempotency-key-reused', 'Idempotency-Key 已被使用', '同一个 Idempotency-Key 只能用于同一份预约内容。');
    }
    const parsed = v.safeParse(BookingRequest, raw);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      return this.invalid([{ field: issuePath(issue), code: 'type', message: `格式不对：${describeIssue(issue)}` }]);
    }
    const body = parsed.output;
    if (this.closed(day)) {
      return problemAnswer(410, 'booking-closed', '预约已截止', `“${day.title}”（${day.date}）的预约已于 ${day.bookingClosesAt} 截止。`);
    }
    const errors = validateBooking(body, day, chinaDate(this.now()));
    if (errors.length) {
      return this.invalid(errors.map((e) => ({ field: e.field, code: e.code, message: describeFieldError(e, (key, vars) => msg('zh-CN', key, vars)) })));
    }
    const phone = normalisePhone(body.phone);
    const ids = day.requiresIdNumber ? [body.idNumber!, ...body.companions.map((c) => c.idNumber!)].map(normaliseId) : [];
    const taken = [...this.bookings.values()].some(
      (b) => b.booking.openDayId === id && b.booking.status !== 'cancelled' && (b.phone === phone || b.ids.some((i) => ids.includes(i))),
    );
    if (taken) {
      return problemAnswer(409, 'duplicate-booking', '已经预约过', '该手机号码或身份证号码已预约本次开放日，每人只能预约一次。');
    }
    const session = day.sessions.find((s) => s.id === body.sessionId)!;
    if (session.remaining < body.partySize) {
      return problemAnswer(409, 'session-full', '该场次名额不足', `${session.start}–${session.end} 场次剩余 ${session.remaining} 个名额，不够 ${body.partySize} 人。`);
    }
    session.remaining -= body.partySize;
    let code = newCode();
    while (this.bookings.has(code)) code = newCode();
    const booking: Booking = {
      code,
      status: 'confirmed',
      openDayId: id,
      sessionId: session.id,
      partySize: body.partySize,
      name: maskName(body.name),
      phone: maskPhone(phone),
      createdAt: new Date(this.now()).toISOString(),
    };
    this.bookings.set(code, { booking, phone, ids });
    const answer = { status: 201, body: booking };
    this.replays.set(`${id}\n${key}`, { body: text, answer });
    return answer;
  }

  /** GET /bookings/{code}?phone= */
  find(code: string, phone: string | null): Answer {
    const stored = this.match(code, phone);
    return stored ? { status: 200, body: stored.booking } : this.noBooking();
  }

  /** POST /bookings/{code}/cancel {phone} */
  cancel(code: string, raw: unknown): Answer {
    const phone = raw && typeof raw === 'object' && typeof (raw as { phone?: unknown }).phone === 'string' ? (raw as { phone: string }).phone : null;
    const stored = this.match(code, phone);
    if (!stored) return this.noBooking();
    const { booking } = stored;
    if (booking.status === 'confirmed') {
      const day = this.days.get(booking.openDayId)!;
      const session = day.sessions.find((s) => s.id === booking.sessionId)!;
      if (this.now() >= startOf(day, session.start)) {
        return problemAnswer(410, 'session-started', '场次已开始', '场次开始后不能再取消预约。');
      }
      booking.status = 'cancelled';
      session.remaining += booking.partySize;
    }
    return { status: 200, body: booking };
  }

  private closed(day: OpenDay): boolean {
    return this.now() >= Date.parse(day.bookingClosesAt) || day.date < chinaDate(this.now());
  }

  private match(code: string, phone: string | null): Stored | undefined {
    const stored = this.bookings.get(code.trim().toUpperCase());
    return stored && phone !== null && stored.phone === normalisePhone(phone) ? stored : undefined;
  }

  private invalid(errors: { field: string; code: string; message: string }[]): Answer {
    return problemAnswer(422, 'validation', '预约信息有误', errors.map((e) => e.message).join('；'), { errors });
  }

  private noDay(id: string): Answer {
    return problemAnswer(404, 'not-found', '未找到开放日', `没有编号为“${id}”的开放日。`);
  }

  private noBooking(): Answer {
    // Never says whether the code or the phone was wrong.
    return problemAnswer(404, 'not-found', '未找到预约', '没有与该预约码和手机号码相符的预约。');
  }
}
