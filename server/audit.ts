/**
 * The staff audit log: who (the name of the staff token), what (the action
 * and its target: an open day, a session or a booking code), when, and the
 * answer's status. It never holds a name, phone or ID number, so it may be
 * kept as long as the office needs; `GET /admin/audit` reads it, newest first.
 */
import { problemBody } from '../src/contract/problem.js';
import type { Answer } from './office.js';
import type { Sql } from './db.js';

/** The staff API's routes that are recorded, by method and route below /admin. */
export const STAFF_ACTIONS: Record<string, string> = {
  'POST /open-days': 'create-open-day',
  'PATCH /open-days/:id': 'edit-open-day',
  'POST /open-days/:id/sessions': 'add-session',
  'PATCH /open-days/:id/sessions/:sid': 'edit-session',
  'GET /open-days/:id/sessions/:sid/bookings': 'read-bookings',
  'GET /open-days/:id/sessions/:sid/bookings.csv': 'export-bookings',
  'GET /bookings/:code': 'read-booking',
  'POST /bookings/:code/check-in': 'check-in',
  'GET /audit': 'read-audit',
};

export interface AuditEntry {
  at: string;
  who: string;
  action: string;
  target: string;
  status: number;
}

/** The values of a route's parameters in a path, joined by `/`: `od-1/s2`, `ABCD2345`. */
export function auditTarget(route: string, path: string): string {
  const names = route.split('/');
  const parts = path.split('/');
  return names
    .flatMap((name, i) => (name.startsWith(':') ? [decodeURIComponent(parts[i] ?? '').replace(/\.csv$/, '')] : []))
    .join('/')
    .slice(0, 200);
}

export async function audit(db: Sql, entry: AuditEntry): Promise<void> {
  await db.query('INSERT INTO staff_audit (at, who, action, target, status) VALUES ($1, $2, $3, $4, $5)', [
    entry.at,
    entry.who,
    entry.action,
    entry.target,
    entry.status,
  ]);
}

/** GET /admin/audit?limit=&before=: up to `limit` entries (100; at most 500), newest first, older than entry `before`. */
export async function auditLog(db: Sql, limit: string | null, before: string | null): Promise<Answer> {
  const n = limit === null ? 100 : Number(limit);
  const b = before === null ? null : Number(before);
  const bad = !Number.isInteger(n) || n < 1 || n > 500 ? ['limit', limit, 'a whole number from 1 to 500'] : b !== null && (!Number.isInteger(b) || b < 1) ? ['before', before, 'an entry id'] : null;
  if (bad) {
    const message = `${bad[0]} should be ${bad[2]}, not "${bad[1]}".`;
    return {
      status: 400,
      body: problemBody(400, 'invalid-parameter', '请求参数无效', message, { errors: [{ field: bad[0], code: 'format', message }] }),
    };
  }
  const rows = await db.query<AuditEntry & { id: string | number }>(
    'SELECT id, at, who, action, target, status FROM staff_audit WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2',
    [b, n],
  );
  const items = rows.map((r) => ({ ...r, id: Number(r.id) }));
  return { status: 200, body: { items, total: items.length } };
}
