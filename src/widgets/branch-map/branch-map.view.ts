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

  /**
   * `box` gives the current map box, or undefined before there is a region;
   * `surface` the element pointer positions are measured against.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly box: () => Box | undefined,
    private readonly surface: () => Element | null,
  ) {
    host.addController(this);
  }

  /** A pointer still down when the map goes away never comes up here: forget it, or the next one would pinch. */
  hostDisconnected(): void {
    this.pointers.clear();
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
   * Pans a chosen marker clear of its card. A card that floats over the map
   * (`card`, at its `end` side or not) sends the marker to the middle of the
   * free part beside it; a card under the map hides nothing, so the map only
   * moves a marker cut by its edge wholly into view.
   */
  reveal(marker: Sides, map: Sides, card?: Sides, end?: boolean): void {
    const p = marker;
    const m = map;
    if (!card) {
      const dx = Math.max(0, m.left - p.left) - Math.max(0, p.right - m.right);
      const dy = Math.max(0, m.top - p.top) - Math.max(0, p.bottom - m.bottom);
      if (dx || dy) this.pan(dx, dy);
      return;
    }
    const c = card;
    const margin = 8;
    if (p.right + margin <= c.left || p.left - margin >= c.right || p.bottom + margin <= c.top || p.top - margin >= c.bottom) return;
    const free = end ? [m.left, c.left] : [c.right, m.right];
    this.pan((free[0] + free[1]) / 2 - (p.left + p.right) / 2, 0);
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
