/**
 * The staff API under /dj-api/v1/admin: bearer tokens (named, compared in
 * constant time, wrong ones counted per address), the audit log of every
 * action, and the routes that turn the staff service's results (staff.ts,
 * office.ts, audit.ts) into HTTP.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { validator } from 'hono/validator';
import { audit, AUDIT_PAGE, auditLog, auditTarget, STAFF_ACTIONS } from './audit.js';
import { jsonBody } from './body.js';
import type { Config } from './config.js';
import type { Store } from './db.js';
import { clientOf, json } from './http.js';
import { listsApi } from './lists-api.js';
import type { Limiter } from './limits.js';
import type { BookingOffice, DeskRefusal, StaffBooking } from './office.js';
import { staffProblems } from './problems.js';
import { bookingsCsv, CancelInput, DayInput, DayPatch, SessionInput, SessionPatch, Staff } from './staff.js';

export interface StaffApiDeps {
  config: Config;
  store: Store;
  office: BookingOffice;
  limiter: Limiter;
  /** The path the API is mounted at, for the audit log's routes. */
  base: string;
  now: () => number;
}

/** `?limit=&before=` of GET /audit: numbers, or the problem that says which one is wrong. */
const auditQuery = validator('query', (query) => {
  const first = (name: string) => [query[name] ?? []].flat()[0];
  const limit = first('limit');
  const before = first('before');
  const n = limit === undefined ? AUDIT_PAGE.default : Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > AUDIT_PAGE.max) {
    return staffProblems.badAuditParameter('limit', limit!, `a whole number from 1 to ${AUDIT_PAGE.max}`);
  }
  const b = before === undefined ? null : Number(before);
  if (b !== null && (!Number.isInteger(b) || b < 1)) return staffProblems.badAuditParameter('before', before!, 'an entry id');
  return { limit: n, before: b };
});

/** The answer to a check-in, its undo or a staff cancel: the booking, or the problem that says why not. */
function deskAnswer(code: string, result: StaffBooking | DeskRefusal, doing?: string): Response {
  if (result === 'missing') return staffProblems.noBooking(code);
  if ('cancelled' in result) return staffProblems.cancelled(result.cancelled, doing);
  if ('already' in result) return staffProblems.checkedIn(result.already, result.booking, doing);
  if ('notToday' in result) return staffProblems.notToday(result.notToday, result.booking);
  if ('notCheckedIn' in result) return staffProblems.notCheckedIn(result.notCheckedIn);
  return json(result);
}

export function staffApi({ config, store, office, limiter, base, now }: StaffApiDeps) {
  const staff = new Staff(store, office);
  const admin = new Hono<{ Variables: { who: string } }>();
  // Digests of equal length are compared, so neither the time taken nor an
  // early length check tells how long a token is.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const tokens = config.staffTokens.map(({ name, token }) => ({ name, digest: digest(token) }));
  const perMinute = config.rateLimits.auth;

  admin.use('*', async (c, next) => {
    await next();
    // Only the server's own pages may read staff answers.
    c.res.headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  });
  admin.use('*', async (c, next) => {
    if (!tokens.length) return staffProblems.off();
    // Wrong tokens are counted per address; past the limit nothing is tried.
    const client = clientOf(c, config.trustProxy);
    const wait = await limiter.check('auth', client, perMinute);
    if (wait) return staffProblems.tooManyWrongTokens(perMinute, wait);
    // The scheme is case-insensitive (RFC 9110): bearer, Bearer and BEARER alike.
    const given = /^bearer +(\S+) *$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    const presented = digest(given ?? '');
    let who: string | undefined;
    // Every token is compared, found or not, so the time taken tells nothing.
    for (const t of tokens) if (timingSafeEqual(presented, t.digest) && given !== undefined) who = t.name;
    if (!who) {
      const after = await limiter.take('auth', client, perMinute);
      return after ? staffProblems.tooManyWrongTokens(perMinute, after) : staffProblems.unauthorized();
    }
    c.set('who', who);
    await next();
    // The audit log: who did what, when; never personal data.
    const route = routePath(c, -1).slice(base.length);
    const action = STAFF_ACTIONS[`${c.req.method} ${route}`];
    if (!action) return;
    let target = auditTarget(route, c.req.path.slice(base.length));
    if (!target && c.res.status === 201) target = String(((await c.res.clone().json()) as { id?: unknown }).id ?? '');
    try {
      await audit(store, { at: new Date(now()).toISOString(), who, action, target, status: c.res.status });
    } catch (error) {
      console.error(`[audit] ${action} ${target} by ${who} not recorded: ${(error as Error).message}`);
    }
  });

  // Lists kept in Excel, WPS or CSV (docs/lists.md), behind the token and the audit log above.
  admin.route('/', listsApi({ store, now }));
  admin.post('/open-days', jsonBody(DayInput), async (c) => {
    const input = c.req.valid('json');
    const day = await staff.createDay(input);
    return day === 'exists' ? staffProblems.dayExists(input.id) : json(day, 201);
  });
  admin.patch('/open-days/:id', jsonBody(DayPatch), async (c) => {
    const day = await staff.updateDay(c.req.param('id'), c.req.valid('json'));
    return day ? json(day) : staffProblems.noDay(c.req.param('id'));
  });
  admin.post('/open-days/:id/sessions', jsonBody(SessionInput), async (c) => {
    const { id } = c.req.param();
    const session = c.req.valid('json');
    const day = await staff.addSession(id, session);
    if (day === 'no-day') return staffProblems.noDay(id);
    if (day === 'exists') return staffProblems.sessionExists(id, session.id);
    return json(day, 201);
  });
  admin.patch('/open-days/:id/sessions/:sid', jsonBody(SessionPatch), async (c) => {
    const { id, sid } = c.req.param();
    const day = await staff.updateSession(id, sid, c.req.valid('json'));
    if (day === 'no-day') return staffProblems.noDay(id);
    if (day === 'no-session') return staffProblems.noSession(id, sid);
    if ('endsBeforeStart' in day)
      return staffProblems.endsBeforeStart(day.endsBeforeStart.field, day.endsBeforeStart.start, day.endsBeforeStart.end);
    if ('belowBooked' in day) return staffProblems.belowBooked(day.belowBooked);
    return json(day);
  });
  admin.get('/open-days/:id/sessions/:sid/bookings', async (c) => {
    const { id, sid } = c.req.param();
    const items = await staff.bookings(id, sid);
    if (items === 'no-day') return staffProblems.noDay(id);
    if (items === 'no-session') return staffProblems.noSession(id, sid);
    return json({ items, total: items.length });
  });
  admin.get('/open-days/:id/sessions/:sid/bookings.csv', async (c) => {
    const { id, sid } = c.req.param();
    const items = await staff.bookings(id, sid);
    if (items === 'no-day') return staffProblems.noDay(id);
    if (items === 'no-session') return staffProblems.noSession(id, sid);
    return new Response(bookingsCsv(items), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="bookings-${id}-${sid}.csv"`.replace(/[^\x20-\x7e]/g, '_'),
      },
    });
  });
  admin.get('/bookings/:code', async (c) => {
    const booking = await office.staffFind(c.req.param('code'));
    return booking ? json(booking) : staffProblems.noBooking(c.req.param('code'));
  });
  admin.get('/open-days', async () => {
    const items = await office.staffDays();
    return json({ items, total: items.length });
  });
  admin.get('/open-days/:id', async (c) => {
    const day = await office.staffDay(c.req.param('id'));
    return day ? json(day) : staffProblems.noDay(c.req.param('id'));
  });
  admin.post('/bookings/:code/check-in', async (c) => {
    const code = c.req.param('code');
    return deskAnswer(code, await office.checkIn(code));
  });
  admin.delete('/bookings/:code/check-in', async (c) => {
    const code = c.req.param('code');
    return deskAnswer(code, await office.undoCheckIn(code));
  });
  admin.post('/bookings/:code/cancel', jsonBody(CancelInput), async (c) => {
    const code = c.req.param('code');
    return deskAnswer(code, await office.staffCancel(code, c.req.valid('json').reason, c.get('who')), '取消');
  });
  admin.get('/audit', auditQuery, async (c) => {
    const { limit, before } = c.req.valid('query');
    const items = await auditLog(store, limit, before);
    return json({ items, total: items.length });
  });
  return admin;
}
