/**
 * The map's view, as a Lit controller: zoom, and the pan in CSS pixels,
 * changed by buttons, keys, wheel, drag and pinch, always bounded so the
 * middle of the view stays on the region. It draws nothing and reads the DOM
 * only for where a pointer is (`surface`); the rest is arithmetic on the map
 * box, so it is tested with a stand-in host and no map
 * (test/branch-map-view.test.ts).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { WIDTH } from './geo.js';

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 48;
const PAN_STEP = 60;
const MAX_HEIGHT = 640;

/**
 * The map box in CSS pixels, the base scale that fits the region in it, the
 * offset that centres it, and the region's height in map units.
 */
export interface Box {
  w: number;
  h: number;
  base: number;
  ox: number;
  oy: number;
  height: number;
}

/**
 * The box of a map `w` CSS pixels wide for a region `height` map units tall
 * (and `WIDTH` wide): no taller than 640px, the region fitted and centred.
 */
export function fit(w: number, height: number): Box {
  const h = Math.min(w * (height / WIDTH), MAX_HEIGHT);
  const base = Math.min(w / WIDTH, h / height);
  return { w, h, base, ox: (w - WIDTH * base) / 2, oy: (h - height * base) / 2, height };
}

/** The sides of a box on screen, as `getBoundingClientRect()` gives them. */
export interface Sides {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export class MapView implements ReactiveController {
  zoom = 1;
  tx = 0;
  ty = 0;
  /** A pointer moved far enough to be a drag since it went down: the click that ends it is not a click. */
  dragged = false;
  private pointers = new Map<number, { x: number; y: number }>();
  /** The map box the pan was last drawn in: the pan is in its CSS pixels. */
  private drawnIn?: Box;

  /**
   * `box` gives the current map box, or undefined before there is a region;
   * `surface` the element pointer positions are measured against;
   * `keepsScale` whether a new width keeps the scale rather than the zoom (see hostUpdate).
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly box: () => Box | undefined,
    private readonly surface: () => Element | null,
    private readonly keepsScale: () => boolean = () => false,
  ) {
    host.addController(this);
  }

  /** A pointer still down when the map goes away never comes up here: forget it, or the next one would pinch. */
  hostDisconnected(): void {
    this.pointers.clear();
  }

  /**
   * Before each render: when the map box has a new width (the window was
   * widened, the phone turned), the view shows the same place. The pan is
   * in CSS pixels of the box and the map's scale follows the width: kept as
   * they were, they would show another place, or none of the region. So the
   * map point in the middle stays in the middle, at the same zoom: the part
   * of the map shown grows or shrinks with the box. While `keepsScale()`
   * (a card is open) the scale stays instead, within the zoom's bounds, so
   * the markers group as they did and the chosen pin stays a pin: a wider
   * box shows more around it, a narrower one less (the host then brings the
   * pin into view). At 1× the whole region shows, in the middle.
   */
  hostUpdate(): void {
    const box = this.box();
    const was = this.drawnIn;
    this.drawnIn = box;
    // Another region's box is not a new width: reset() has set its view.
    if (!box || !was || box.w === was.w || box.height !== was.height) return;
    const k = was.base * this.zoom;
    const zoom = this.keepsScale() ? Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k / box.base)) : this.zoom;
    if (zoom === MIN_ZOOM) {
      this.zoom = zoom;
      this.tx = this.ty = 0;
    } else this.centreOn((was.w / 2 - was.ox - this.tx) / k, (was.h / 2 - was.oy - this.ty) / k, zoom);
  }

  get canZoomIn(): boolean {
    return this.zoom < MAX_ZOOM;
  }

  get canZoomOut(): boolean {
    return this.zoom > MIN_ZOOM;
  }

  reset(): void {
    this.zoom = 1;
    this.tx = this.ty = 0;
    this.host.requestUpdate();
  }

  /** Zooms by `factor` keeping the point under (px, py) in place; bounded. */
  zoomAt(factor: number, px: number, py: number): void {
    const box = this.box();
    if (!box) return;
    const { ox, oy } = box;
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor));
    const r = zoom / this.zoom;
    this.pan(px - ox - (px - ox - this.tx) * r - this.tx, py - oy - (py - oy - this.ty) * r - this.ty, zoom);
  }

  /** Moves the map by (dx, dy) pixels, keeping the middle of the view on the region. */
  pan(dx: number, dy: number, zoom = this.zoom): void {
    const box = this.box();
    if (!box) return;
    const { w, h, base, ox, oy, height } = box;
    this.zoom = zoom;
    this.tx = Math.min(w / 2 - ox, Math.max(w / 2 - ox - WIDTH * base * zoom, this.tx + dx));
    this.ty = Math.min(h / 2 - oy, Math.max(h / 2 - oy - height * base * zoom, this.ty + dy));
    this.host.requestUpdate();
  }

  zoomCentre(factor: number): void {
    const box = this.box();
    if (box) this.zoomAt(factor, box.w / 2, box.h / 2);
  }

  /** Zooms to `zoom` with the map point (x, y), in map units, in the middle. */
  centreOn(x: number, y: number, zoom: number): void {
    const box = this.box();
    if (!box) return;
    const { w, h, base, ox, oy } = box;
    this.zoom = zoom;
    this.tx = this.ty = 0;
    this.pan(w / 2 - ox - x * base * zoom, h / 2 - oy - y * base * zoom);
  }

  /**
   * Centres the map point (x, y) at the least zoom, from 8× up, at which
   * `alone(scale)` holds (the branch there is a pin of its own at that
   * scale), or as close as the map goes.
   */
  focusOn(x: number, y: number, alone: (scale: number) => boolean): void {
    const box = this.box();
    if (!box) return;
    let zoom = Math.max(this.zoom, 8);
    while (zoom < MAX_ZOOM && !alone(box.base * zoom)) zoom = Math.min(MAX_ZOOM, zoom * 1.5);
    this.centreOn(x, y, zoom);
  }

  /**
   * Pans a chosen marker clear of its card. A marker cut by the map's edge
   * comes wholly into view (after a new width, the view may have kept it at
   * the edge); one that a card floating over the map (`card`, at its `end`
   * side or not) covers then goes to the middle of the free part beside it.
   * A card under the map hides nothing.
   */
  reveal(marker: Sides, map: Sides, card?: Sides, end?: boolean): void {
    const m = map;
    let dx = Math.max(0, m.left - marker.left) - Math.max(0, marker.right - m.right);
    const dy = Math.max(0, m.top - marker.top) - Math.max(0, marker.bottom - m.bottom);
    const p = { left: marker.left + dx, right: marker.right + dx, top: marker.top + dy, bottom: marker.bottom + dy };
    const c = card;
    const margin = 8;
    if (c && p.right + margin > c.left && p.left - margin < c.right && p.bottom + margin > c.top && p.top - margin < c.bottom) {
      const free = end ? [m.left, c.left] : [c.right, m.right];
      dx = (free[0] + free[1]) / 2 - (marker.left + marker.right) / 2;
    }
    if (dx || dy) this.pan(dx, dy);
  }

  /** Zooms in on the map point (x, y), in map units, and centres it: what opening a cluster does. */
  zoomInto(x: number, y: number): void {
    this.centreOn(x, y, Math.min(MAX_ZOOM, this.zoom * 2.5));
  }

  /**
   * Whether `event` works a marker (a `role="button"` in the map): Enter or
   * Space, as on a button (their default is then prevented), or a click that
   * does not end a drag.
   */
  presses(event: Event): boolean {
    if (!(event instanceof KeyboardEvent)) return !this.dragged;
    if (event.key !== 'Enter' && event.key !== ' ') return false;
    event.preventDefault();
    return true;
  }

  // Handlers: arrow functions, so a template binds them as they are.

  readonly onZoomIn = (): void => this.zoomCentre(1.5);

  readonly onZoomOut = (): void => this.zoomCentre(1 / 1.5);

  readonly onReset = (): void => this.reset();

  readonly onKeyDown = (event: KeyboardEvent): void => {
    const moves: Record<string, () => void> = {
      ArrowLeft: () => this.pan(PAN_STEP, 0),
      ArrowRight: () => this.pan(-PAN_STEP, 0),
      ArrowUp: () => this.pan(0, PAN_STEP),
      ArrowDown: () => this.pan(0, -PAN_STEP),
      '+': this.onZoomIn,
      '=': this.onZoomIn,
      '-': this.onZoomOut,
      '0': this.onReset,
    };
    const move = moves[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    move();
  };

  readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const { x, y } = this.local(event);
    this.zoomAt(Math.exp(-event.deltaY * 0.002), x, y);
  };

  readonly onPointerDown = (event: PointerEvent): void => {
    this.pointers.set(event.pointerId, this.local(event));
    this.dragged = false;
  };

  readonly onPointerMove = (event: PointerEvent): void => {
    const before = this.pointers.get(event.pointerId);
    if (!before) return;
    const now = this.local(event);
    if (this.pointers.size === 1) {
      if (!this.dragged && Math.hypot(now.x - before.x, now.y - before.y) < 4) return;
      // A drag, not a click: keep the pointer even when it leaves the map.
      if (!this.dragged) {
        try {
          (event.currentTarget as Element).setPointerCapture(event.pointerId);
        } catch {
          // The pointer is already gone: the drag still pans while it lasts.
        }
      }
      this.dragged = true;
      this.pan(now.x - before.x, now.y - before.y);
    } else {
      const [a, b] = [...this.pointers.entries()].map(([id, p]) => (id === event.pointerId ? now : p));
      const [a0, b0] = [...this.pointers.values()];
      const ratio = Math.hypot(a.x - b.x, a.y - b.y) / (Math.hypot(a0.x - b0.x, a0.y - b0.y) || 1);
      this.dragged = true;
      this.zoomAt(ratio, (a.x + b.x) / 2, (a.y + b.y) / 2);
    }
    this.pointers.set(event.pointerId, now);
  };

  readonly onPointerUp = (event: PointerEvent): void => {
    this.pointers.delete(event.pointerId);
  };

  private local(event: { clientX: number; clientY: number }): { x: number; y: number } {
    const rect = this.surface()!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }
}
