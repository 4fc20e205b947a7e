/**
 * The basemap under the outlines, and the line under the map that credits it.
 *
 * `tile-url` is a page author's setting, but it lands in the page as the href
 * of every tile: it goes through the kit's link check ({@link safeUrl}), as
 * the links and images of the data do. Anything but an http(s) or relative
 * URL (javascript:, data:, file:, blob:…) is refused: no tile is drawn, so no
 * tile is requested, and a configuration error says so where the credit line
 * would be. The outlines and branches stay, as without tiles.
 */
import { html, nothing, svg } from 'lit';
import { safeUrl } from '../../core/format.js';
import type { Frame } from './geo.js';

/** Whether the page gave a `tile-url` the kit will not load. */
export const tileUrlRefused = (url: string) => !!url && !safeUrl(url);

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
  if (!url || tileUrlRefused(url)) return nothing;
  const px = frame.scale * k;
  const z = Math.max(0, Math.min(18, Math.round(Math.log2(px / 256))));
  const n = 2 ** z;
  const toWorld = (sx: number, sy: number) => [(sx - ox - tx) / k / frame.scale + frame.x0, (sy - oy - ty) / k / frame.scale + frame.y0];
  const [wx0, wy0] = toWorld(0, 0);
  const [wx1, wy1] = toWorld(w, h);
  const tiles = [];
  for (let x = Math.floor(wx0 * n); x <= Math.floor(wx1 * n); x++)
    for (let y = Math.max(0, Math.floor(wy0 * n)); y <= Math.min(n - 1, Math.floor(wy1 * n)); y++) {
      const href = url
        .replace('{z}', String(z))
        .replace('{x}', String(((x % n) + n) % n))
        .replace('{y}', String(y));
      tiles.push(
        svg`<image
          class="tile"
          href=${href}
          x=${(x / n - frame.x0) * frame.scale}
          y=${(y / n - frame.y0) * frame.scale}
          width=${frame.scale / n}
          height=${frame.scale / n}
          preserveAspectRatio="none"
        />`,
      );
    }
  return tiles;
}

/**
 * Under the map: the credit and review number of the tiles in use, or the
 * configuration error of a refused `tile-url`, or nothing without tiles.
 */
export function tilesNoteTemplate(
  url: string,
  attribution: string,
  reviewNumber: string,
  t: (key: string, vars?: Record<string, string | number>) => string,
) {
  if (!url) return nothing;
  if (tileUrlRefused(url))
    return html`<p class="state error" part="state" role="alert">${t('error.config', { detail: t('map.tileUrl.refused') })}</p>`;
  return html`<p class="attribution">
    ${attribution ? t('map.tiles', { attribution }) : nothing} ${reviewNumber ? t('map.review', { number: reviewNumber }) : nothing}
  </p>`;
}
