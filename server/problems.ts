/**
 * The problem answers the routes give in the server's own words: HTTP's
 * (404, 405, 413, 415, 429, 401, 503, 500), the read-only contract's (the
 * same words as the mock endpoint, mocks/handlers.ts), the staff API's and
 * the audit log's. The booking contract's answers are worded once for the
 * mock desk and the server alike, in src/contract/booking.ts.
 */
import type * as v from 'valibot';
import { describeIssue, issuePath } from '../src/core/schema.js';
import { bookingProblems, type Answer } from '../src/contract/booking.js';
import { catalogProblems as contractCatalog } from '../src/contract/catalog.js';
import { CHINA_OFFSET_MS } from '../src/contract/china-time.js';
import { problem, reply } from './http.js';

/** `2025-05-01 09:13`, China Standard Time, for the words of a problem. */
const chinaTime = (iso: string) =>
  Number.isNaN(Date.parse(iso)) ? iso : new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

const retryAfter = (seconds: number) => ({ 'Retry-After': String(seconds) });

export const httpProblems = {
  notFound: (method: string, path: string) => problem(404, 'not-found', '未找到', `没有 ${method} ${path} 这个地址。`),
  methodNotAllowed: (method: string, path: string, allowed: string[]) =>
    problem(
      405,
      'method-not-allowed',
      '不支持该请求方法',
      `${method} 不能用于 ${path}；可用：${allowed.join(', ')}。`,
      {},
      { Allow: allowed.join(', ') },
    ),
  /** `close` when the client asked for it; otherwise the connection stays. */
  tooLarge: (limit: number, close: boolean) =>
    problem(413, 'payload-too-large', '请求内容过大', `请求体不能超过 ${limit} 字节。`, {}, { Connection: close ? 'close' : 'keep-alive' }),
  notJsonType: (type: string) => reply(bookingProblems.notJsonType(type)),
  rateLimited: (perMinute: number, wait: number) =>
    problem(429, 'rate-limited', '请求过于频繁', `同一地址每分钟最多 ${perMinute} 次，请 ${wait} 秒后再试。`, {}, retryAfter(wait)),
  unavailable: (wait: number) => problem(503, 'unavailable', '服务暂时不可用', '数据库暂时无法连接，请稍后再试。', {}, retryAfter(wait)),
  internal: () => problem(500, 'internal', '服务器内部错误', '服务器处理请求时出错，请稍后再试。'),
  noSourceMaps: () => problem(404, 'not-found', '未找到', '源映射文件默认不提供；需要时以 DJ_SOURCE_MAPS=1 启动服务器。'),
};

/** 422 naming every field of a body that does not fit its schema. */
export function invalidInput(issues: readonly v.BaseIssue<unknown>[]): Response {
  const errors = issues.map((i) => ({ field: issuePath(i), code: 'type', message: describeIssue(i) }));
  return problem(422, 'validation', '内容有误', errors.map((e) => e.message).join('; '), { errors });
}

/** A query parameter that does not fit: 400 with the field error. */
const badParameter = (field: string, code: string, message: string) =>
  problem(400, 'invalid-parameter', '请求参数无效', message, { errors: [{ field, code, message }] });

/** The read-only contract's answers (src/contract/catalog.ts), as Responses. */
export const catalogProblems = Object.fromEntries(
  Object.entries(contractCatalog).map(([name, make]) => [name, (...args: never[]) => reply((make as (...a: never[]) => Answer)(...args))]),
) as { [K in keyof typeof contractCatalog]: (...args: Parameters<(typeof contractCatalog)[K]>) => Response };

export const staffProblems = {
  off: () => problem(404, 'staff-api-off', '员工接口未开启', '服务器启动时没有设置 DJ_ADMIN_TOKEN 或 DJ_ADMIN_TOKENS，员工接口不可用。'),
  unauthorized: () =>
    problem(
      401,
      'unauthorized',
      '需要员工令牌',
      '请在 Authorization 请求头中提供 Bearer 令牌。',
      {},
      { 'WWW-Authenticate': 'Bearer realm="dj-widgets staff"' },
    ),
  tooManyWrongTokens: (perMinute: number, wait: number) =>
    problem(
      429,
      'rate-limited',
      '错误令牌过多',
      `同一地址每分钟最多可试 ${perMinute} 次错误的员工令牌，请 ${wait} 秒后再试。`,
      {},
      retryAfter(wait),
    ),
  noDay: (id: string) => problem(404, 'not-found', '未找到开放日', `没有编号为“${id}”的开放日。`),
  noSession: (id: string, sid: string) => problem(404, 'not-found', '未找到场次', `开放日“${id}”没有编号为“${sid}”的场次。`),
  noBooking: (code: string) => problem(404, 'not-found', '未找到预约', `没有预约码为“${code}”的预约。`),
  dayExists: (id: string) => problem(409, 'open-day-exists', '开放日已存在', `已有编号为“${id}”的开放日；修改请用 PATCH。`),
  sessionExists: (id: string, sid: string) => problem(409, 'session-exists', '场次已存在', `开放日“${id}”已有编号为“${sid}”的场次。`),
  /** A patch that, laid over the stored session, ends it before it starts; `field` is the one the patch gave. */
  endsBeforeStart: (field: 'start' | 'end', start: string, end: string) => {
    const message = `${field}: expected end after start (the session would run ${start}–${end})`;
    return problem(422, 'validation', '内容有误', message, { errors: [{ field, code: 'type', message }] });
  },
  belowBooked: (booked: number) =>
    problem(409, 'capacity-below-booked', '名额少于已预约人数', `该场次已有 ${booked} 个名额被预约，名额不能少于这个数。`),
  /** Refusals of the desk's check-in, undo and cancel carry the booking as it is, so the desk can say whose it is. */
  cancelled: (booking?: object, doing = '签到') =>
    problem(409, 'booking-cancelled', '预约已取消', `该预约已经取消，不能${doing}。`, booking ? { booking } : {}),
  checkedIn: (at: string, booking?: object, doing = '重复使用') =>
    problem(409, 'already-checked-in', '已经签到', `该预约码已于 ${chinaTime(at)} 签到入场，不能${doing}。`, {
      checkedInAt: at,
      ...(booking ? { booking } : {}),
    }),
  notToday: (date: string, booking: object) =>
    problem(409, 'not-today', '不是今天的预约', `该预约是 ${date} 的开放日，只能在当天签到。`, { date, booking }),
  notCheckedIn: (booking: object) => problem(409, 'not-checked-in', '尚未签到', '该预约没有签到，无需撤销。', { booking }),
  /** `limit` or `before` of GET /admin/audit. */
  badAuditParameter: (field: string, value: string, expected: string) =>
    badParameter(field, 'format', `${field} should be ${expected}, not "${value}".`),
};
