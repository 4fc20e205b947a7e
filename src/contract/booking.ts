/**
 * The booking contract's shared rules beyond the request's own (booking.rules.ts):
 * every error answer worded once, masking, booking codes, the lock on a code
 * after wrong phones, closing and starting times in China time. The booking
 * service (booking-service.ts), which the mock desk runs in memory and the
 * reference server on SQL, answers with these, so a form meets the same
 * words from either.
 *
 * Answers are plain `{status, body}`, for the msw handlers, the server's
 * routes and the contract test alike.
 */
import type * as v from 'valibot';
import type { OpenDay, Session } from './booking.schema.js';
import { chinaDate, describeFieldError, type FieldError } from './booking.rules.js';
import { msg } from '../core/i18n.js';
import '../widgets/open-day-booking/booking.messages.js';
import { describeIssue, issuePath } from '../core/schema.js';
import { problemBody } from './problem.js';

export interface Answer {
  status: number;
  body: unknown;
  /** Headers the answer needs (Retry-After of a locked code). */
  headers?: Record<string, string>;
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
/**
 * Random bytes for codes, drawn 512 at a time and each used once: a draw is a
 * system call, and one per booking was 3% of the server's thread on half a
 * core (bench/README.md, the server's ninth round).
 */
const randomBytes = new Uint8Array(512);
let randomAt = randomBytes.length;
const randomByte = () => {
  if (randomAt === randomBytes.length) {
    crypto.getRandomValues(randomBytes);
    randomAt = 0;
  }
  return randomBytes[randomAt++]!;
};
/**
 * Eight characters drawn evenly: a random byte of 248 or more is drawn again,
 * since 256 is not a multiple of 31 and `byte % 31` would favour A–H.
 */
export const newCode = () => {
  const fair = 256 - (256 % CODE_CHARS.length);
  let code = '';
  while (code.length < 8) {
    const b = randomByte();
    if (b < fair) code += CODE_CHARS[b % CODE_CHARS.length];
  }
  return code;
};

/**
 * Lookup and cancel name a booking by its code and the phone it was made
 * with. Wrong phones are counted per code (whoever sends them, from wherever):
 * the tenth within a day locks the code for an hour, so the 10,000 phones a
 * masked 138****5678 leaves open cannot be tried. The booking itself stands;
 * at the door a code is checked by staff, not by phone.
 */
export const LOOKUP_LOCK = { failures: 10, windowMs: 24 * 3_600_000, lockMs: 3_600_000 } as const;

/** Wrong phones sent for one code. */
export interface FailureCount {
  failures: number;
  /** When the count began (ms). */
  since: number;
  /** Until when the code is locked (ms), or null. */
  lockedUntil: number | null;
}

/** Seconds until a locked code may be tried again; 0 when it is open. */
export const lockedFor = (count: FailureCount | undefined, now: number): number =>
  count?.lockedUntil && count.lockedUntil > now ? Math.ceil((count.lockedUntil - now) / 1000) : 0;

/** The count after one more wrong phone: a lock once it reaches LOOKUP_LOCK.failures. */
export function afterFailure(count: FailureCount | undefined, now: number): FailureCount {
  // A wrong phone that was on its way while the code locked leaves the lock as it is.
  if (lockedFor(count, now)) return count!;
  const fresh = !count || now - count.since >= LOOKUP_LOCK.windowMs || (count.lockedUntil !== null && count.lockedUntil <= now);
  const failures = fresh ? 1 : count.failures + 1;
  if (failures >= LOOKUP_LOCK.failures) return { failures: 0, since: now, lockedUntil: now + LOOKUP_LOCK.lockMs };
  return { failures, since: fresh ? now : count.since, lockedUntil: null };
}

/** A code no booking can have (codes are 8 characters): answered 404 without counting. */
export const impossibleCode = (code: string) => code.length > 32;

/**
 * Whether a parsed body holds U+0000 in any string, key or value. Parsed, not
 * the JSON text: in the text, the six characters `\u0000` a citizen may type
 * look like the escape of the character itself.
 */
export function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\0') || holdsNul(v));
  return false;
}

/** The media type of a Content-Type header, without its parameters ('' for none). */
export const mediaTypeOf = (contentType: string | null | undefined) => (contentType ?? '').split(';')[0]!.trim();
/** Whether a media type is JSON: application/json, or a +json type. */
export const isJsonType = (type: string) => /^application\/([\w.-]+\+)?json$/i.test(type);

/** The phone of a lookup or cancel body (`{"phone": "..."}`), or null. */
export const phoneOf = (raw: unknown): string | null =>
  raw && typeof raw === 'object' && typeof (raw as { phone?: unknown }).phone === 'string' ? (raw as { phone: string }).phone : null;

export { problemBody };

const problemAnswer = (status: number, slug: string, title: string, detail: string, extra?: object): Answer => ({
  status,
  body: problemBody(status, slug, title, detail, extra),
});

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
  /** The values in the message (a position, a code point), for a form to word it in its own language. */
  vars?: Record<string, number | string>;
}

/**
 * Every error answer of the open-day contract, worded once: the mock desk and
 * the reference server (server/) send these same bodies, so a form meets the
 * same words from either.
 */
/** The longest Idempotency-Key accepted: a UUID is 36 characters. */
export const MAX_KEY_LENGTH = 200;

export const bookingProblems = {
  /** `from` / `to` not `YYYY-MM-DD`. */
  badDate: (field: 'from' | 'to', value: string) => {
    const message = `日期应为 YYYY-MM-DD 格式，收到“${value}”。`;
    return problemAnswer(400, 'invalid-parameter', '请求参数无效', message, { errors: [{ field, code: 'format', message }] });
  },
  noDay: (id: string) => problemAnswer(404, 'not-found', '未找到开放日', `没有编号为“${id}”的开放日。`),
  keyMissing: () =>
    problemAnswer(400, 'idempotency-key', '缺少 Idempotency-Key', '每次预约请求都须带上 Idempotency-Key 请求头（一个 UUID）。'),
  keyTooLong: (length: number) =>
    problemAnswer(
      400,
      'idempotency-key',
      'Idempotency-Key 过长',
      `Idempotency-Key 最多 ${MAX_KEY_LENGTH} 个字符（一个 UUID 为 36 个），收到 ${length} 个。`,
    ),
  keyReused: () =>
    problemAnswer(422, 'idempotency-key-reused', 'Idempotency-Key 已被使用', '同一个 Idempotency-Key 只能用于同一份预约内容。'),
  notJson: () => problemAnswer(400, 'malformed-body', '请求内容不是 JSON', '请求体须为 JSON。'),
  /** A body whose Content-Type is not JSON (`type` as sent, '' for none). */
  notJsonType: (type: string) =>
    problemAnswer(
      415,
      'unsupported-media-type',
      '请求内容类型不对',
      `请求体须为 JSON，并带 Content-Type: application/json 请求头；${type ? `收到的是 ${type.slice(0, 100)}` : '请求没有 Content-Type'}。`,
    ),
  /** The body does not have the request's shape (valibot's first issue). */
  shape: (issue: v.BaseIssue<unknown>) =>
    bookingProblems.invalid([{ field: issuePath(issue), code: 'type', message: `格式不对：${describeIssue(issue)}` }]),
  /** Field errors of booking.rules.ts, in Chinese. */
  rules: (errors: FieldError[]) =>
    bookingProblems.invalid(
      errors.map((e) => ({
        field: e.field,
        code: e.code,
        message: describeFieldError(e, (key, vars) => msg('zh-CN', key, vars)),
        ...(e.vars ? { vars: e.vars } : {}),
      })),
    ),
  invalid: (errors: FieldProblem[]) =>
    problemAnswer(422, 'validation', '预约信息有误', errors.map((e) => e.message).join('；'), { errors }),
  closed: (day: OpenDay) =>
    problemAnswer(410, 'booking-closed', '预约已截止', `“${day.title}”（${day.date}）的预约已于 ${day.bookingClosesAt} 截止。`),
  duplicate: () => problemAnswer(409, 'duplicate-booking', '已经预约过', '该手机号码或身份证号码已预约本次开放日，每人只能预约一次。'),
  full: (session: Session, partySize: number) =>
    problemAnswer(
      409,
      'session-full',
      '该场次名额不足',
      `${session.start}–${session.end} 场次剩余 ${session.remaining} 个名额，不够 ${partySize} 人。`,
    ),
  sessionStarted: () => problemAnswer(410, 'session-started', '场次已开始', '场次开始后不能再取消预约。'),
  // Never says whether the code or the phone was wrong.
  noBooking: () => problemAnswer(404, 'not-found', '未找到预约', '没有与该预约码和手机号码相符的预约。'),
  /** A string of the body holds U+0000, which PostgreSQL text cannot store: refused before anything else. */
  nul: () => problemAnswer(400, 'invalid-character', '请求含有不允许的字符', '请求中的文字不能含有 U+0000（空字符）。'),
  /** Too many wrong phones for this code (LOOKUP_LOCK): `retryAfter` seconds until it opens again. */
  codeLocked: (retryAfter: number) => ({
    ...problemAnswer(
      429,
      'code-locked',
      '查询错误次数过多',
      `这个预约码的手机号码已核对错误 ${LOOKUP_LOCK.failures} 次，为保护预约人，网上查询和取消暂停约 ${Math.ceil(retryAfter / 60)} 分钟。预约本身仍然有效；急需查询或取消，请致电开放日的联系电话。`,
      { retryAfter },
    ),
    headers: { 'Retry-After': String(retryAfter) },
  }),
};

/** `from` / `to` of GET /open-days that is not `YYYY-MM-DD`, if any. */
export function badDateParam(from: string | null, to: string | null): Answer | undefined {
  const bad = [from, to].find((d): d is string => d !== null && !/^\d{4}-\d{2}-\d{2}$/.test(d));
  return bad === undefined ? undefined : bookingProblems.badDate(bad === from ? 'from' : 'to', bad);
}

/** Booking is closed: its closing time has passed, or the day itself. */
export const bookingClosed = (day: OpenDay, now: number) => now >= Date.parse(day.bookingClosesAt) || day.date < chinaDate(now);

/** The start of a session as an instant (the contract's times are China Standard Time). */
export const startOf = (day: OpenDay, start: string) => Date.parse(`${day.date}T${start}:00+08:00`);

/** The booking code as typed, tidied: spaces around it dropped, letters raised. */
export const normaliseCode = (code: string) => code.trim().toUpperCase();
