import { nothing, svg } from 'lit';
import type { Frame } from './geo.js';

/** Where the map's content sits in the drawing area: offset, pan and size, in CSS pixels. */
export interface View {
  ox: number;
  oy: number;
  tx: number;
  ty: number;
  w: number;
  h: number;
}

/**
 * The basemap tiles under the outlines, drawn in map units inside the zoomed
 * group: the zoom level whose 256px tiles are closest to screen pixels, only
 * the tiles that meet the view.
 */
export function tilesTemplate(url: string, frame: Frame, k: number, { ox, oy, tx, ty, w, h }: View) {
  if (!url) return nothing;
  const px = frame.scale * k;
  const z = Math.max(0, Math.min(18, Math.round(Math.log2(px / 256))));
  const n = 2 ** z;
  const toWorld = (sx: number, sy: number) => [(sx - ox - tx) / k / frame.scale + frame.x0, (sy - oy - ty) / k / frame.scale + frame.y0];
  const [wx0, wy0] = toWorld(0, 0);
  const [wx1, wy1] = toWorld(w, h);
  const tiles = [];
  for (let x = Math.floor(wx0 * n); x <= Math.floor(wx1 * n); x++)
    for (let y = Math.max(0, Math.floor(wy0 * n)); y <= Math.min(n - 1, Math.floor(wy1 * n)); y++) {
      const href = url.replace('{z}', String(z)).replace('{x}', String(((x % n) + n) % n)).replace('{y}', String(y));
      tiles.push(
        svg`<image class="tile" href=${href} x=${(x / n - frame.x0) * frame.scale} y=${(y / n - frame.y0) * frame.scale} width=${frame.scale / n} height=${frame.scale / n} preserveAspectRatio="none" />`,
      );
    }
  return tiles;
}
