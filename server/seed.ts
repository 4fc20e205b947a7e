/**
 * Demo data from src/demo, the one set the mock endpoint, the stories and
 * this seed share, so the server and the mocks serve the same: brands, liaison boards, the Jining
 * boundaries, the demo branches with the names of their liaison groups, and
 * the open days.
 *
 * The documents are written on every start (a changed fixture shows after a
 * restart); branches and liaison groups are replaced whole, so a branch the
 * fixtures no longer have (or had at other coordinates) is gone too. Open days are dated from today like the mocks' (makeOpenDays):
 * each start moves the demo days to today's dates, so there are always
 * upcoming sessions; sessions keep the seats already taken.
 */
import { countyOfBranch, branches, liaisonGroups } from '../src/demo/branches.js';
import { jiningCounties, JINING, regionOf } from '../src/demo/jining-counties.js';
import { allBoards } from '../src/demo/liaison-groups.js';
import { makeOpenDays } from '../src/demo/open-days.js';
import { servedBrands } from '../src/demo/served.js';
import type { OpenDay } from '../src/contract/booking.schema.js';
import { chinaDate } from '../src/contract/booking.rules.js';
import type { Sql, Store } from './db.js';

/** Rows of `[columns…]` as one multi-row INSERT's parameters. */
function values(rows: unknown[][]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = rows.map((row) => `(${row.map((value) => (params.push(value), `$${params.length}`)).join(', ')})`).join(', ');
  return { sql, params };
}

async function insertMany(tx: Sql, head: string, rows: unknown[][], tail: string, chunk = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const { sql, params } = values(rows.slice(i, i + chunk));
    await tx.query(`${head} VALUES ${sql} ${tail}`, params);
  }
}

/** Writes an open day's fields and adds its missing sessions (seats already taken stay taken). */
export async function upsertOpenDay(tx: Sql, day: OpenDay): Promise<void> {
  await tx.query(
    `INSERT INTO open_days (id, title, unit_id, unit_name, description, address, date, booking_closes_at,
       max_party_size, requires_id_number, min_age, notes, contact_phone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET title = $2, unit_id = $3, unit_name = $4, description = $5, address = $6, date = $7,
       booking_closes_at = $8, max_party_size = $9, requires_id_number = $10, min_age = $11, notes = $12, contact_phone = $13`,
    [
      day.id,
      day.title,
      day.unit.id,
      day.unit.name,
      day.description,
      day.address,
      day.date,
      day.bookingClosesAt,
      day.maxPartySize,
      day.requiresIdNumber,
      day.minAge,
      JSON.stringify(day.notes),
      day.contactPhone,
    ],
  );
  await insertMany(
    tx,
    'INSERT INTO sessions (open_day_id, id, position, start_time, end_time, capacity, remaining)',
    day.sessions.map((s, i) => [day.id, s.id, i, s.start, s.end, s.capacity, s.remaining]),
    'ON CONFLICT (open_day_id, id) DO NOTHING',
  );
}

export async function seedDemo(store: Store, today = chinaDate()): Promise<void> {
  await store.transaction(async (tx) => {
    await insertMany(
      tx,
      'INSERT INTO brands (id, doc)',
      servedBrands.map((b) => [b.id, JSON.stringify(b)]),
      'ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc',
    );
    await insertMany(
      tx,
      'INSERT INTO leaderboards (scope, period, doc)',
      allBoards().map((b) => [b.scope.id, b.period, JSON.stringify(b)]),
      'ON CONFLICT (scope, period) DO UPDATE SET doc = EXCLUDED.doc',
      20,
    );
    const adcodes = [JINING, ...jiningCounties.features.map((f) => f.properties.adcode)];
    await insertMany(
      tx,
      'INSERT INTO regions (adcode, doc)',
      adcodes.map((a) => [a, JSON.stringify(regionOf(a))]),
      'ON CONFLICT (adcode) DO UPDATE SET doc = EXCLUDED.doc',
      4,
    );
    await tx.query('DELETE FROM liaison_groups');
    await insertMany(
      tx,
      'INSERT INTO liaison_groups (id, position, name)',
      liaisonGroups.map((g, i) => [g.id, i, g.name]),
      '',
    );
    await tx.query('DELETE FROM branches');
    await insertMany(
      tx,
      'INSERT INTO branches (id, position, county, group_id, stars, doc)',
      branches.map((b, i) => [b.id, i, countyOfBranch(b) ?? null, b.groupId, b.stars, JSON.stringify(b)]),
      '',
    );
    for (const day of makeOpenDays(today)) await upsertOpenDay(tx, day);
  });
}
