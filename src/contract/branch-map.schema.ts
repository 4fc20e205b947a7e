/**
 * The five-star branch map contract:
 * GET `{endpoint}/regions/{adcode}` (GeoJSON boundaries) and
 * GET `{endpoint}/branches?region={adcode}` (the branches in it).
 *
 * The single source of the map's types, for the widget, the mocks and the
 * reference server. Coordinates are WGS-84 / CGCS2000 longitude and latitude;
 * GCJ-02 coordinates (Amap, Tencent) must be converted by the data provider.
 */
import * as v from 'valibot';
import { Ref } from '../core/schema.js';

// The boundaries are written with the schemas and checks the other widgets' contracts use too
// (picklist, union, check), not valibot's literal, tuple and variant: in the loader build every
// valibot function any widget needs is in the shared core chunk, and those three would cost a
// page without the map 0.4 KB gzip. What they accept is the same.
const position = v.pipe(
  v.array(v.number()),
  v.check((p) => p.length === 2, 'a position is [longitude, latitude]'),
);
const ring = v.array(position);

export const RegionFeature = v.object({
  type: v.picklist(['Feature']),
  /** `seat`, when given, is where the name is written (the seat of government). */
  properties: v.object({ adcode: v.string(), name: v.string(), seat: v.optional(position) }),
  geometry: v.union([
    v.object({ type: v.picklist(['Polygon']), coordinates: v.array(ring) }),
    v.object({ type: v.picklist(['MultiPolygon']), coordinates: v.array(v.array(ring)) }),
  ]),
});

export const Regions = v.object({
  type: v.picklist(['FeatureCollection']),
  features: v.array(RegionFeature),
});

export const Stars = v.picklist([1, 2, 3, 4, 5]);

export const Branch = v.object({
  id: v.string(),
  name: v.string(),
  unit: Ref,
  groupId: v.nullable(v.string()),
  stars: Stars,
  honors: v.array(v.string()),
  temporary: v.boolean(),
  project: v.nullable(v.string()),
  location: v.object({
    lng: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
    lat: v.pipe(v.number(), v.minValue(-85), v.maxValue(85)),
  }),
  address: v.nullable(v.string()),
  memberCount: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
  secretary: v.nullable(v.string()),
});

/**
 * A liaison group (联系片) that a branch's unit belongs to: its name for the
 * filter and the table, listed in the group's own order (第一 … 第十一联系片).
 */
export const GroupName = v.object({ id: v.string(), name: v.string() });

export const Branches = v.object({
  items: v.array(Branch),
  /** Every group any item's `groupId` names, in display order. */
  groups: v.array(GroupName),
  total: v.number(),
  summary: v.object({
    byStars: v.record(v.picklist(['1', '2', '3', '4', '5']), v.number()),
    temporary: v.number(),
  }),
});

export type RegionFeature = v.InferOutput<typeof RegionFeature>;
export type Regions = v.InferOutput<typeof Regions>;
export type Branch = v.InferOutput<typeof Branch>;
export type Branches = v.InferOutput<typeof Branches>;
export type GroupName = v.InferOutput<typeof GroupName>;
