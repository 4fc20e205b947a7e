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
import { importedLists } from './lists/office.js';

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
    // Lists staff have imported (server/lists/, docs/lists.md) are theirs, not the demo's: left as they are.
    const imported = await importedLists(tx);
    await insertMany(
      tx,
      'INSERT INTO brands (id, doc)',
      (imported.brands ? [] : servedBrands).map((b) => [b.id, JSON.stringify(b)]),
      'ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc',
    );
    await insertMany(
      tx,
      'INSERT INTO leaderboards (scope, period, doc)',
      allBoards()
        .filter((b) => !imported.boardScopes.has(b.scope.id))
        .map((b) => [b.scope.id, b.period, JSON.stringify(b)]),
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
    if (!imported.branches) await tx.query('DELETE FROM branches');
    await insertMany(
      tx,
      'INSERT INTO branches (id, position, county, group_id, stars, doc)',
      (imported.branches ? [] : branches).map((b, i) => [b.id, i, countyOfBranch(b) ?? null, b.groupId, b.stars, JSON.stringify(b)]),
      '',
    );
    for (const day of makeOpenDays(today)) await upsertOpenDay(tx, day);
  });
}

/** The demo's open day at the door: today, so the staff desk's check-in can be tried (DJ_DEMO=1 only). */
export const DOOR_DAY = 'od-yz-door-today';

/** Its bookings: fixed codes (printed at start); names, companions and phones made up for the demo. */
const DOOR_BOOKINGS = [
  { code: 'YZ2K8M4P', session: 'am', name: '王建国', phone: '13905370101', with: ['王秀兰'] },
  { code: 'YZ3N7Q5R', session: 'am', name: '李秀英', phone: '13905370102', with: [] },
  { code: 'YZ4P6S2T', session: 'am', name: '张伟', phone: '13905370103', with: ['张磊', '张静'] },
  { code: 'YZ5R9U3V', session: 'am', name: '刘芳', phone: '13905370104', with: [] },
  { code: 'YZ6T2W4X', session: 'pm', name: '陈明', phone: '13905370105', with: ['陈红'] },
  { code: 'YZ7V3Y5Z', session: 'pm', name: '杨丽', phone: '13905370106', with: [] },
];

/**
 * Writes the demo's door day for `today` with its bookings as booked, none
 * checked in: every start of the demo begins the door afresh. Booking for it
 * closed the evening before, like the other demo days, so citizens see it
 * as closed. Returns the codes to try.
 */
export async function seedDoor(store: Store, today = chinaDate(), now = Date.now()): Promise<string[]> {
  const sessions = [
    { id: 'am', start: '09:00', end: '11:30', capacity: 40 },
    { id: 'pm', start: '14:30', end: '16:30', capacity: 40 },
  ];
  const eve = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await store.transaction(async (tx) => {
    await upsertOpenDay(tx, {
      id: DOOR_DAY,
      title: '群众监督进机关暨政府开放日（今日，演示签到）',
      unit: { id: 'yz-jggw', name: '中共济宁市兖州区委区直机关工作委员会' },
      description: '演示用的当日开放日：工作人员在开放日工作台的“签到”中输入或扫描预约码，即可试用门口签到。',
      address: '兖州区直机关工委（演示地址）',
      date: today,
      sessions: sessions.map((s) => ({ ...s, remaining: s.capacity })),
      bookingClosesAt: `${eve}T17:00:00+08:00`,
      maxPartySize: 5,
      requiresIdNumber: false,
      minAge: 0,
      notes: ['凭预约码入场'],
      contactPhone: '0537-3412345',
    });
    await tx.query('DELETE FROM bookings WHERE open_day_id = $1', [DOOR_DAY]);
    await insertMany(
      tx,
      'INSERT INTO bookings (code, open_day_id, session_id, status, party_size, name, phone, id_number, companions, needs, created_at)',
      DOOR_BOOKINGS.map((b) => [
        b.code,
        DOOR_DAY,
        b.session,
        'confirmed',
        b.with.length + 1,
        b.name,
        b.phone,
        null,
        JSON.stringify(b.with.map((name) => ({ name }))),
        null,
        new Date(now - 86_400_000).toISOString(),
      ]),
      'ON CONFLICT (code) DO NOTHING',
    );
    for (const s of sessions) {
      const taken = DOOR_BOOKINGS.filter((b) => b.session === s.id).reduce((n, b) => n + b.with.length + 1, 0);
      await tx.query('UPDATE sessions SET capacity = $3, remaining = $4 WHERE open_day_id = $1 AND id = $2', [
        DOOR_DAY,
        s.id,
        s.capacity,
        s.capacity - taken,
      ]);
    }
  });
  return DOOR_BOOKINGS.map((b) => b.code);
}
