/**
 * Zoom and pan of the map, by buttons, keys, wheel, drag and pinch, as a
 * controller: the view is three numbers (zoom, and the pan in CSS pixels),
 * always bounded so the middle of the view stays on the region.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 48;
const PAN_STEP = 60;

/** The map box in CSS pixels, the base scale that fits the region in it, the offset that centres it, and the region's size in map units. */
export interface Box {
  w: number;
  h: number;
  base: number;
  ox: number;
  oy: number;
  width: number;
  height: number;
}

export class Viewport implements ReactiveController {
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

  hostConnected(): void {}

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
    const { w, h, base, ox, oy, width, height } = box;
    this.zoom = zoom;
    this.tx = Math.min(w / 2 - ox, Math.max(w / 2 - ox - width * base * zoom, this.tx + dx));
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

  readonly onKey = (event: KeyboardEvent): void => {
    const moves: Record<string, () => void> = {
      ArrowLeft: () => this.pan(PAN_STEP, 0),
      ArrowRight: () => this.pan(-PAN_STEP, 0),
      ArrowUp: () => this.pan(0, PAN_STEP),
      ArrowDown: () => this.pan(0, -PAN_STEP),
      '+': () => this.zoomCentre(1.5),
      '=': () => this.zoomCentre(1.5),
      '-': () => this.zoomCentre(1 / 1.5),
      '0': () => this.reset(),
    };
    const move = moves[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    move();
  };

  private local(event: { clientX: number; clientY: number }): { x: number; y: number } {
    const rect = this.surface()!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

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
}
