/**
 * The map's geometry, small enough to hand-write: for a city-sized region a
 * Web Mercator fitted to the bounding box is exact, so no projection library
 * is needed. Coordinates go lng/lat → the unit square of Web Mercator (as
 * slippy-map tiles use it) → map units, where the region's bounding box is
 * `WIDTH` wide.
 */
import type { RegionFeature } from '../../contract/branch-map.schema.js';

export const WIDTH = 1000;

/** Web Mercator's x of a longitude, in its unit square. */
const mercX = (lng: number) => (lng + 180) / 360;

/** Web Mercator's y of a latitude, in its unit square, y down: the one costly step of a projection. */
function mercY(lat: number): number {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}

/** lng/lat → Web Mercator's unit square, y down. */
export function mercator(lng: number, lat: number): [number, number] {
  return [mercX(lng), mercY(lat)];
}

export interface Frame {
  /** Map units per unit of the Web Mercator square. */
  scale: number;
  x0: number;
  y0: number;
  /** Height of the region in map units. */
  height: number;
}

const rings = (f: RegionFeature) => (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat());

/**
 * The bounding box in lng/lat of `features`: [west, south, east, north].
 * Web Mercator keeps east–west and north–south order, so the box projected
 * is the box of the points projected, at the cost of two projections instead
 * of one per point. Indexed loops: the outlines come once a page, so this
 * runs before the engine has compiled it, where a loop that takes each point
 * apart as an array costs many times more.
 */
function bounds(features: RegionFeature[]): [number, number, number, number] {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const f of features) {
    const rs = rings(f);
    for (let r = 0; r < rs.length; r++) {
      const ring = rs[r];
      for (let i = 0; i < ring.length; i++) {
        const lng = ring[i][0];
        const lat = ring[i][1];
        if (lng < w) w = lng;
        if (lng > e) e = lng;
        if (lat < s) s = lat;
        if (lat > n) n = lat;
      }
    }
  }
  return [w, s, e, n];
}

/** The frame that fits every feature's bounding box into `WIDTH` map units. */
export function frameOf(features: RegionFeature[]): Frame {
  const [w, s, e, n] = bounds(features);
  const x0 = mercX(w);
  const y0 = mercY(n);
  const x1 = mercX(e);
  const y1 = mercY(s);
  if (!(x1 > x0 && y1 > y0)) return { scale: 1, x0: 0, y0: 0, height: WIDTH };
  const scale = WIDTH / (x1 - x0);
  return { scale, x0, y0, height: (y1 - y0) * scale };
}

/** lng/lat → map units of `frame`. */
export function project(frame: Frame, lng: number, lat: number): [number, number] {
  const [x, y] = mercator(lng, lat);
  return [(x - frame.x0) * frame.scale, (y - frame.y0) * frame.scale];
}

/** How many path units make a map unit: outlines are written in whole tenths, drawn at `scale(1 / PATH_UNITS)`. */
export const PATH_UNITS = 10;

/**
 * An SVG path of a feature's outline, in tenths of a map unit (see
 * {@link PATH_UNITS}). Written out by hand: a county's outline has
 * thousands of points, and the map draws its outlines as soon as they come.
 * Whole numbers are quick to write, and each point after a ring's first is
 * a relative step (`l` with the letter left out), so the path is under half
 * the length of one in absolute decimals: quicker to build, and for the
 * engine to parse. The steps are differences of the rounded points, so they
 * add up to each point exactly, and a point that rounds onto the one before
 * is left out.
 */
export function pathOf(frame: Frame, feature: RegionFeature): string {
  let d = '';
  const k = frame.scale * PATH_UNITS;
  for (const ring of rings(feature)) {
    let px = 0,
      py = 0,
      steps = 0;
    for (let i = 0; i < ring.length; i++) {
      const x = Math.round((mercX(ring[i][0]) - frame.x0) * k);
      const y = Math.round((mercY(ring[i][1]) - frame.y0) * k);
      if (!i) d += `M${x} ${y}`;
      else if (x !== px || y !== py) {
        const dx = x - px;
        const dy = y - py;
        // A minus sign parts two numbers by itself.
        d += `${steps++ ? (dx < 0 ? '' : ' ') : 'l'}${dx}${dy < 0 ? '' : ' '}${dy}`;
      }
      px = x;
      py = y;
    }
    d += 'z';
  }
  return d;
}

/** Where to write a feature's name: its seat when the data gives one, else the middle of its bounding box. */
export function labelOf(frame: Frame, feature: RegionFeature): [number, number] {
  const seat = feature.properties.seat;
  if (seat) return project(frame, seat[0], seat[1]);
  const [w, s, e, n] = bounds([feature]);
  const [x0, y0] = project(frame, w, n);
  const [x1, y1] = project(frame, e, s);
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

/** Radius of a pin's drawn symbol with the ring that marks the chosen pin. */
export const PIN_R = 14;

/**
 * The radius of the marker drawn for `count` branches: a pin, or a circle
 * that grows with the count and always holds its number at `countPx`.
 */
export function markerRadius(count: number, countPx = 14): number {
  if (count === 1) return PIN_R;
  return Math.max(13 + Math.min(10, Math.log2(count) * 2), (String(count).length * 0.62 * countPx) / 2 + 6);
}

/**
 * Half the side of a marker's target, the square a person can hit: at least
 * `target` wide (44 CSS px, 60 in large mode), and never smaller than the
 * drawn marker with its stroke.
 */
export const targetHalf = (count: number, countPx: number, target: number) => Math.max(target / 2, markerRadius(count, countPx));

export interface Cluster<T> {
  /** Screen position in CSS pixels, before panning. */
  x: number;
  y: number;
  /** Half the side of the marker's square (its target) in CSS pixels. */
  r: number;
  items: T[];
}

/**
 * A Map key for grid cell (gx, gy): a number while both fit in 20 bits (a
 * number hashes several times faster than a string made per point), else a
 * string, so a point far outside the region never shares a key.
 */
const keyOf = (gx: number, gy: number) => (Math.abs(gx) < 2 ** 20 && Math.abs(gy) < 2 ** 20 ? gx * 2 ** 21 + gy : `${gx},${gy}`);

/**
 * Groups points whose markers would overlap at `pixelsPerUnit` into clusters.
 * A marker takes the square of half-side `radius(items)` (its target, which
 * holds the drawn circle), so neither targets nor circles ever overlap.
 * First on a grid of `cell` CSS pixels fixed to the map (linear in the
 * points, and panning never regroups; zooming does). Then, biggest first,
 * any two markers whose squares come closer than `gap`
 * merge, and merging repeats until a whole pass merges nothing: a merge moves
 * the centre and grows the circle, which can bring it onto a marker that was
 * clear before. Neighbours are found in a hash of cells as wide as the
 * biggest pair of circles, so a pass stays linear in the groups.
 */
export function cluster<T>(
  points: { x: number; y: number; item: T }[],
  pixelsPerUnit: number,
  cell: number,
  radius: (items: T[]) => number = (items) => markerRadius(items.length),
  gap = 2,
): Cluster<T>[] {
  const cells = new Map<number | string, Cluster<T>>();
  for (const p of points) {
    const x = p.x * pixelsPerUnit;
    const y = p.y * pixelsPerUnit;
    const key = keyOf(Math.floor(x / cell), Math.floor(y / cell));
    const c = cells.get(key);
    if (c) {
      // Running mean of the positions.
      const n = c.items.push(p.item);
      c.x += (x - c.x) / n;
      c.y += (y - c.y) / n;
    } else cells.set(key, { x, y, r: 0, items: [p.item] });
  }
  let list = [...cells.values()];
  // The biggest radius so far: a merge only ever grows a marker.
  let most = 0;
  for (const c of list) most = Math.max(most, (c.r = radius(c.items)));
  for (let merged = true; merged;) {
    merged = false;
    list.sort((a, b) => b.items.length - a.items.length);
    const size = 2 * most + gap;
    const hash = new Map<number | string, Cluster<T>[]>();
    const out: Cluster<T>[] = [];
    for (const c of list) {
      const gx = Math.floor(c.x / size);
      const gy = Math.floor(c.y / size);
      let near: Cluster<T> | undefined;
      for (let i = -1; i <= 1 && !near; i++)
        for (let j = -1; j <= 1 && !near; j++)
          near = hash.get(keyOf(gx + i, gy + j))?.find((o) => Math.max(Math.abs(o.x - c.x), Math.abs(o.y - c.y)) < o.r + c.r + gap);
      if (!near) {
        out.push(c);
        const key = keyOf(gx, gy);
        const bucket = hash.get(key);
        if (bucket) bucket.push(c);
        else hash.set(key, [c]);
      } else {
        const n = near.items.length + c.items.length;
        near.x += ((c.x - near.x) * c.items.length) / n;
        near.y += ((c.y - near.y) * c.items.length) / n;
        for (const item of c.items) near.items.push(item);
        most = Math.max(most, (near.r = radius(near.items)));
        merged = true;
      }
    }
    list = out;
  }
  return list;
}
