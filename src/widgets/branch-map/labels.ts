/**
 * Where the county names go. A name is written near its seat, but never on a
 * marker, on another name or across the edge of the map: the candidate
 * places are tried nearest first (below the seat first, as maps do), and a
 * name with no free place near its seat is left out rather than drawn over
 * something. Its county stays in the map's text alternative, so nothing is
 * lost to a screen reader. Everything is in screen pixels of the current
 * view, so it is redone for every zoom and pan.
 */

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A marker's target: the square of half-side `r` around `x`, `y`. */
export interface Square {
  x: number;
  y: number;
  r: number;
}

export interface LabelIn {
  /** The seat, in screen pixels. */
  x: number;
  y: number;
  /** Size of the text's box. */
  w: number;
  h: number;
}

/**
 * The box of a county name's drawn text relative to its anchor, per font
 * size, in ems: half its width per character, and its top and bottom.
 */
export interface TextBox {
  half: number;
  top: number;
  bottom: number;
}

/** What the placement takes a name's box to be before one is drawn. */
export const TEXT_BOX: TextBox = { half: 0.5, top: -0.75, bottom: 0.75 };

/**
 * `box` grown to hold a name of `n` characters drawn at `size` px, whose
 * text the engine drew `w` × `h` px with its corner (`x`, `y`) px from the
 * anchor; undefined while `box` already holds it. Engines differ (Firefox's
 * box is taller than Chromium's), so the box is learnt from what is drawn.
 */
export function grownBox(box: TextBox, size: number, n: number, x: number, y: number, w: number, h: number): TextBox | undefined {
  const seen = { half: Math.max(-x, x + w) / n / size, top: y / size, bottom: (y + h) / size };
  // Half a pixel of slack, so rounding never grows it again and again; what grows gets a pixel more.
  const e = 0.5 / size;
  if (seen.half > box.half + e / n || seen.top < box.top - e || seen.bottom > box.bottom + e)
    return {
      half: Math.max(box.half, seen.half + e / n),
      top: Math.min(box.top, seen.top - e),
      bottom: Math.max(box.bottom, seen.bottom + e),
    };
}

/** Pixels kept free around every name. */
const PAD = 2;

const overlaps = (a: Rect, b: Rect) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

const cache = new Map<string, [number, number][]>();

/** Offsets of a name's centre from its seat, nearest first, below before above. */
function candidates(w: number, h: number): [number, number][] {
  const key = `${w} ${h}`;
  let out = cache.get(key);
  if (!out) {
    const costed: [number, number, number][] = [];
    const reach = Math.max(w, 3 * h);
    const step = h / 2;
    // Below the seat reads best: the vertical distance counts a little more, and above a little more still.
    for (let dy = -reach; dy <= reach; dy += step)
      for (let dx = -reach; dx <= reach; dx += step) costed.push([Math.hypot(dx, dy * (dy < 0 ? 1.3 : 1.2)), dx, dy]);
    // Each cost worked out once, not at every comparison of the sort.
    out = costed.sort((a, b) => a[0] - b[0]).map(([, dx, dy]) => [dx, dy]);
    cache.set(key, out);
  }
  return out;
}

/**
 * A box for each label, or null where it gives way. `view` is the drawing
 * area; `markers` are the targets of the markers drawn on it.
 */
export function placeLabels(labels: LabelIn[], markers: Square[], view: Rect): (Rect | null)[] {
  const placed: Rect[] = [];
  // Each marker's target with the free pixels around it, made once for every place tried.
  const kept = markers.map((m) => ({ x0: m.x - m.r - PAD, y0: m.y - m.r - PAD, x1: m.x + m.r + PAD, y1: m.y + m.r + PAD }));
  return labels.map(({ x, y, w, h }) => {
    for (const [dx, dy] of candidates(w, h)) {
      const cx = x + dx;
      const cy = y + dy;
      const rect = { x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2 };
      if (rect.x0 < view.x0 || rect.y0 < view.y0 || rect.x1 > view.x1 || rect.y1 > view.y1) continue;
      const padded = { x0: rect.x0 - PAD, y0: rect.y0 - PAD, x1: rect.x1 + PAD, y1: rect.y1 + PAD };
      if (placed.some((p) => overlaps(p, padded)) || kept.some((m) => overlaps(rect, m))) continue;
      placed.push(rect);
      return rect;
    }
    return null;
  });
}
