/**
 * The staff audit log: who (the name of the staff token), what (the action
 * and its target: an open day, a session or a booking code), when, and the
 * answer's status. It never holds a name, phone or ID number, so it may be
 * kept as long as the office needs; `GET /admin/audit` reads it, newest first.
 */
import type { Sql } from './db.js';
import { LIST_ACTIONS } from './lists-api.js';

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
  'DELETE /bookings/:code/check-in': 'undo-check-in',
  'POST /bookings/:code/cancel': 'cancel-booking',
  'GET /open-days': 'list-open-days',
  'GET /open-days/:id': 'read-open-day',
  'GET /audit': 'read-audit',
  ...LIST_ACTIONS,
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

/** The most entries one read of the log gives, and how many when not asked. */
export const AUDIT_PAGE = { max: 500, default: 100 } as const;

/** Up to `limit` entries, newest first, older than entry `before` when given. */
export async function auditLog(db: Sql, limit: number, before: number | null): Promise<(AuditEntry & { id: number })[]> {
  const rows = await db.query<AuditEntry & { id: string | number }>(
    'SELECT id, at, who, action, target, status FROM staff_audit WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2',
    [before, limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
