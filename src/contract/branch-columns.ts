/**
 * The branches answer in columns: GET `{endpoint}/branches?region={adcode}&form=columns`.
 *
 * The same answer as {@link Branches}, written as one array per field instead of one object per
 * branch, with each branch's unit an index into `units`. At 10,000 branches the answer is about
 * half the bytes, and reading it (decoding and `JSON.parse`) about a third of the time: no key
 * is repeated 10,000 times and no object is made for each branch, its unit and its location.
 * The map asks for it; a server that does not know `form` answers the usual form, which the map
 * reads as well, so either side may be older than the other.
 *
 *   { "columns": { "id": [...], "name": [...], "unit": [0, 0, 1, ...], "groupId": [...],
 *                  "stars": [...], "honors": [[...], ...], "temporary": [...], "project": [...],
 *                  "lng": [...], "lat": [...], "address": [...], "memberCount": [...],
 *                  "secretary": [...] },
 *     "units": [{ "id": ..., "name": ... }, ...], "groups": [...], "total": n, "summary": {...} }
 *
 * Every column has one value for each branch, in the same order; each value is what the field
 * of {@link Branch} allows (`lng` and `lat` are `location`'s).
 */
import * as v from 'valibot';
import { Ref } from '../core/schema.js';
import { Branch, Branches } from './branch-map.schema.js';

const { unit: _unit, location, ...fields } = Branch.entries;

/** The columns, one per field of a branch (a unit by its index in `units`, a location as lng and lat). */
const columns = {
  ...(Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, v.array(schema)])) as {
    [K in keyof typeof fields]: v.ArraySchema<(typeof fields)[K], undefined>;
  }),
  unit: v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
  lng: v.array(location.entries.lng),
  lat: v.array(location.entries.lat),
};

type Columns = { [K in keyof typeof columns]: v.InferOutput<(typeof columns)[K]> };

const { items: _items, ...answer } = Branches.entries;

/** The answer's own fields (groups, total, summary) as they are; the columns and the units in place of the items. */
const Shape = v.object({ columns: v.object(columns), units: v.array(Ref), ...answer });

/** Every column as long as `id`, and every unit index one of `units`. */
const whole = ({ columns: c, units }: v.InferOutput<typeof Shape>) =>
  Object.values(c).every((column) => column.length === c.id.length) && c.unit.every((i) => i < units.length);

export const BranchColumns = v.pipe(Shape, v.check(whole, 'every column as long as id, and unit indexes within units'));
export type BranchColumns = v.InferOutput<typeof BranchColumns>;

/** The branches answer in columns (the server and the mocks, for `form=columns`). */
export function toColumns({ items, ...rest }: Branches): BranchColumns {
  const units: Ref[] = [];
  /** By id and name: two refs with one id and two names stay two, as the usual form holds them. */
  const unitIndex = new Map<string, number>();
  const c = Object.fromEntries(Object.keys(columns).map((key) => [key, [] as unknown[]])) as Record<keyof Columns, unknown[]>;
  for (const b of items) {
    const key = `${b.unit.id}\n${b.unit.name}`;
    let u = unitIndex.get(key);
    if (u === undefined) unitIndex.set(key, (u = units.push(b.unit) - 1));
    c.unit.push(u);
    c.lng.push(b.location.lng);
    c.lat.push(b.location.lat);
    for (const key of Object.keys(fields) as (keyof typeof fields)[]) c[key].push(b[key]);
  }
  return { columns: c as Columns, units, ...rest };
}

/** The usual answer from the one in columns (the map, once the columns are checked). */
export function fromColumns({ columns: c, units, ...rest }: BranchColumns): Branches {
  const items: Branch[] = new Array(c.id.length);
  for (let i = 0; i < items.length; i++)
    items[i] = {
      id: c.id[i]!,
      name: c.name[i]!,
      unit: units[c.unit[i]!]!,
      groupId: c.groupId[i]!,
      stars: c.stars[i]!,
      honors: c.honors[i]!,
      temporary: c.temporary[i]!,
      project: c.project[i]!,
      location: { lng: c.lng[i]!, lat: c.lat[i]! },
      address: c.address[i]!,
      memberCount: c.memberCount[i]!,
      secretary: c.secretary[i]!,
    };
  return { items, ...rest };
}
