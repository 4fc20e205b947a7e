/**
 * The branch map's view controller and its memo helper, without a map: the
 * controller gets a stand-in host and a stand-in surface, and real keyboard,
 * wheel and pointer events, so what zoom, pan, drag and pinch do is checked
 * as numbers (which map point is under a finger, where the view's middle is).
 * The drawn map is covered by test/branch-map.test.ts.
 */
import { expect } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { WIDTH } from '../src/widgets/branch-map/geo.js';
import { memo } from '../src/widgets/branch-map/memo.js';
import { fit, MapView, MAX_ZOOM, type Box } from '../src/widgets/branch-map/branch-map.view.js';

/** The surface's corner on the page: pointer positions are measured from it. */
const LEFT = 100;
const TOP = 50;

function setup(start: Box = fit(600, 500)) {
  let box: Box | undefined = start;
  const host = {
    updates: 0,
    addController() {},
    removeController() {},
    requestUpdate() {
      host.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
  const surface = { getBoundingClientRect: () => new DOMRect(LEFT, TOP, 600, 300) } as Element;
  const view = new MapView(
    host as unknown as ReactiveControllerHost,
    () => box,
    () => surface,
  );
  /** The map point (in map units) shown at the surface point (x, y). */
  const mapAt = (x: number, y: number) => {
    const b = box!;
    return [(x - b.ox - view.tx) / (b.base * view.zoom), (y - b.oy - view.ty) / (b.base * view.zoom)];
  };
  return { view, host, mapAt, setBox: (b: Box | undefined) => (box = b) };
}

const key = (k: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: k, cancelable: true, ...init });
const pointer = (type: string, id: number, x: number, y: number) =>
  new PointerEvent(type, { pointerId: id, clientX: LEFT + x, clientY: TOP + y, cancelable: true });
const near = (actual: number[], expected: number[]) => actual.forEach((n, i) => expect(n).to.be.closeTo(expected[i], 1e-9));

describe('branch map view: fit', () => {
  it('fits a wide region to the width, as tall as its shape', () => {
    expect(fit(600, 500)).to.deep.equal({ w: 600, h: 300, base: 0.6, ox: 0, oy: 0, height: 500 });
  });

  it('caps a tall region at 640px and centres it across', () => {
    expect(fit(1000, 1000)).to.deep.equal({ w: 1000, h: 640, base: 0.64, ox: 180, oy: 0, height: 1000 });
  });
});

describe('branch map view: zoom and pan', () => {
  it('zooms about the pointer: the map point under it stays under it', () => {
    const { view, mapAt } = setup();
    const before = mapAt(200, 100);
    view.zoomAt(2, 200, 100);
    expect(view.zoom).to.equal(2);
    near(mapAt(200, 100), before);
  });

  it('zooms from 1× to 48× and no further, and says when a button would do nothing', () => {
    const { view } = setup();
    expect(view.canZoomOut).to.equal(false);
    view.zoomCentre(1000);
    expect(view.zoom).to.equal(MAX_ZOOM);
    expect(view.canZoomIn).to.equal(false);
    expect(view.canZoomOut).to.equal(true);
    view.zoomCentre(1 / 1000);
    expect(view.zoom).to.equal(1);
    expect(view.canZoomIn).to.equal(true);
  });

  it('keeps the middle of the view on the region however far it is panned', () => {
    const { view, mapAt } = setup();
    view.zoomCentre(4);
    for (const [dx, dy] of [
      [1e5, 1e5],
      [-1e5, -1e5],
      [1e5, -1e5],
    ]) {
      view.pan(dx, dy);
      const [x, y] = mapAt(300, 150);
      expect(x, 'middle across').to.be.within(0, WIDTH);
      expect(y, 'middle down').to.be.within(0, 500);
    }
    view.pan(-1e5, -1e5);
    near(mapAt(300, 150), [WIDTH, 500]);
  });

  it('centres a map point at a zoom, and zooms into a cluster 2.5× up to 48×', () => {
    const { view, mapAt } = setup();
    view.centreOn(700, 200, 6);
    expect(view.zoom).to.equal(6);
    near(mapAt(300, 150), [700, 200]);
    view.zoomInto(400, 300);
    expect(view.zoom).to.equal(15);
    near(mapAt(300, 150), [400, 300]);
    view.zoomInto(400, 300);
    view.zoomInto(400, 300);
    expect(view.zoom).to.equal(MAX_ZOOM);
  });

  it('reset goes back to the whole region and asks the host to draw', () => {
    const { view, host } = setup();
    view.zoomCentre(3);
    view.pan(40, 40);
    const drawn = host.updates;
    view.reset();
    expect([view.zoom, view.tx, view.ty]).to.deep.equal([1, 0, 0]);
    expect(host.updates).to.equal(drawn + 1);
  });

  it('does nothing before there is a region to show', () => {
    const { view, host, setBox } = setup();
    setBox(undefined);
    view.pan(50, 50);
    view.zoomCentre(2);
    view.centreOn(10, 10, 5);
    view.zoomInto(10, 10);
    view.focusOn(10, 10, () => true);
    view.onKeyDown(key('ArrowLeft'));
    expect([view.zoom, view.tx, view.ty, host.updates]).to.deep.equal([1, 0, 0, 0]);
  });

  it('goes in from 8× until the branch is a pin of its own, or as close as the map goes', () => {
    const { view, mapAt } = setup();
    const base = fit(600, 500).base;
    const asked: number[] = [];
    view.focusOn(500, 250, (k) => (asked.push(k / base), k >= base * 18));
    near(asked, [8, 12, 18]);
    expect(view.zoom).to.be.closeTo(18, 1e-9);
    near(mapAt(300, 150), [500, 250]);
    view.reset();
    view.focusOn(500, 250, () => false);
    expect(view.zoom).to.equal(MAX_ZOOM);
  });
});

describe('branch map view: keys, wheel and pointers', () => {
  it('pans by 60px with the arrows, zooms with + = -, resets with 0, and takes the keys it uses', () => {
    const { view } = setup();
    const moves: [string, number, number, number][] = [
      ['ArrowLeft', 1, 60, 0],
      ['ArrowUp', 1, 60, 60],
      ['ArrowRight', 1, 0, 60],
      ['ArrowDown', 1, 0, 0],
    ];
    for (const [k, zoom, tx, ty] of moves) {
      const event = key(k);
      view.onKeyDown(event);
      expect([view.zoom, view.tx, view.ty], k).to.deep.equal([zoom, tx, ty]);
      expect(event.defaultPrevented, `${k} is taken`).to.equal(true);
    }
    view.onKeyDown(key('+'));
    expect(view.zoom).to.equal(1.5);
    view.onKeyDown(key('='));
    expect(view.zoom).to.be.closeTo(2.25, 1e-9);
    view.onKeyDown(key('-'));
    expect(view.zoom).to.be.closeTo(1.5, 1e-9);
    view.onKeyDown(key('ArrowLeft'));
    view.onKeyDown(key('0'));
    expect([view.zoom, view.tx, view.ty]).to.deep.equal([1, 0, 0]);
  });

  it('leaves other keys, and keys with Ctrl, Alt or Meta, to the browser', () => {
    const { view } = setup();
    for (const event of [
      key('a'),
      key('Tab'),
      key('+', { ctrlKey: true }),
      key('-', { metaKey: true }),
      key('ArrowLeft', { altKey: true }),
    ]) {
      view.onKeyDown(event);
      expect(event.defaultPrevented, event.key).to.equal(false);
    }
    expect([view.zoom, view.tx, view.ty]).to.deep.equal([1, 0, 0]);
  });

  it('zooms in with the wheel about the pointer and keeps the page from scrolling', () => {
    const { view, mapAt } = setup();
    const before = mapAt(200, 100);
    const wheel = new WheelEvent('wheel', { deltaY: -500, clientX: LEFT + 200, clientY: TOP + 100, cancelable: true });
    view.onWheel(wheel);
    expect(wheel.defaultPrevented).to.equal(true);
    expect(view.zoom).to.be.closeTo(Math.E, 1e-9);
    near(mapAt(200, 100), before);
    view.onWheel(new WheelEvent('wheel', { deltaY: 5000, clientX: LEFT + 200, clientY: TOP + 100 }));
    expect(view.zoom).to.equal(1);
  });

  it('pans with a drag, and the click that ends a drag does not press a marker', () => {
    const { view } = setup();
    view.onPointerDown(pointer('pointerdown', 1, 200, 100));
    view.onPointerMove(pointer('pointermove', 1, 202, 101));
    expect([view.tx, view.ty, view.dragged], 'a wobble is still a click').to.deep.equal([0, 0, false]);
    expect(view.presses(new MouseEvent('click'))).to.equal(true);
    view.onPointerMove(pointer('pointermove', 1, 240, 120));
    expect([view.tx, view.ty, view.dragged]).to.deep.equal([40, 20, true]);
    view.onPointerMove(pointer('pointermove', 1, 250, 120));
    expect([view.tx, view.ty]).to.deep.equal([50, 20]);
    view.onPointerUp(pointer('pointerup', 1, 250, 120));
    expect(view.presses(new MouseEvent('click')), 'the drag’s own click').to.equal(false);
    view.onPointerMove(pointer('pointermove', 1, 400, 200));
    expect([view.tx, view.ty], 'a pointer that is up does not pan').to.deep.equal([50, 20]);
    view.onPointerDown(pointer('pointerdown', 1, 10, 10));
    expect(view.presses(new MouseEvent('click')), 'the next click').to.equal(true);
  });

  it('zooms with a pinch by how far the fingers spread, about their middle', () => {
    const { view } = setup();
    view.onPointerDown(pointer('pointerdown', 1, 100, 100));
    view.onPointerDown(pointer('pointerdown', 2, 200, 100));
    view.onPointerMove(pointer('pointermove', 2, 300, 100));
    expect(view.zoom).to.equal(2);
    expect(view.dragged).to.equal(true);
  });

  it('forgets a pointer that was down when the map went away, so the next one drags rather than pinches', () => {
    const { view } = setup();
    view.onPointerDown(pointer('pointerdown', 1, 10, 10));
    view.hostDisconnected();
    view.onPointerDown(pointer('pointerdown', 2, 110, 10));
    view.onPointerMove(pointer('pointermove', 2, 160, 10));
    expect([view.zoom, view.tx, view.ty]).to.deep.equal([1, 50, 0]);
  });

  it('presses a marker with Enter or Space, as a button, and with no other key', () => {
    const { view } = setup();
    for (const k of ['Enter', ' ']) {
      const event = key(k);
      expect(view.presses(event), k).to.equal(true);
      expect(event.defaultPrevented, `${k} does not scroll the page`).to.equal(true);
    }
    const other = key('a');
    expect(view.presses(other)).to.equal(false);
    expect(other.defaultPrevented).to.equal(false);
  });
});

describe('branch map view: a chosen marker clear of its card', () => {
  const map = { left: 0, right: 600, top: 0, bottom: 300 };

  it('moves a marker under a card floating at the end into the free part before it', () => {
    const { view } = setup();
    view.reveal({ left: 450, right: 470, top: 100, bottom: 120 }, map, { left: 400, right: 600, top: 0, bottom: 300 }, true);
    // The free part is 0–400: its middle is 200, the marker's 460.
    expect([view.tx, view.ty]).to.deep.equal([-260, 0]);
  });

  it('moves a marker under a card floating at the start into the free part after it', () => {
    const { view } = setup();
    view.reveal({ left: 100, right: 120, top: 100, bottom: 120 }, map, { left: 0, right: 200, top: 0, bottom: 300 }, false);
    expect([view.tx, view.ty]).to.deep.equal([290, 0]);
  });

  it('leaves a marker that the card does not cover where it is', () => {
    const { view, host } = setup();
    view.reveal({ left: 100, right: 120, top: 100, bottom: 120 }, map, { left: 400, right: 600, top: 0, bottom: 300 }, true);
    expect([view.tx, view.ty, host.updates]).to.deep.equal([0, 0, 0]);
  });

  it('with the card under the map, only brings a marker cut by the edge wholly into view', () => {
    const { view, host } = setup();
    view.reveal({ left: 100, right: 120, top: 100, bottom: 120 }, map);
    expect(host.updates, 'a marker in view stays').to.equal(0);
    view.reveal({ left: 590, right: 610, top: 280, bottom: 310 }, map);
    expect([view.tx, view.ty]).to.deep.equal([-10, -10]);
  });
});

describe('branch map memo', () => {
  it('works a result out once while the arguments are the same values', () => {
    const calls: unknown[][] = [];
    const twice = memo((list: number[], k: number) => (calls.push([list, k]), list.map((n) => n * k)));
    const list = [1, 2, 3];
    const first = twice(list, 2);
    expect(first).to.deep.equal([2, 4, 6]);
    expect(twice(list, 2), 'the very same result').to.equal(first);
    expect(calls.length).to.equal(1);
  });

  it('works it out again when any argument changes, an equal copy included', () => {
    let calls = 0;
    const sum = memo((list: number[], k: number, on: boolean) => (calls++, on ? list.reduce((a, b) => a + b, 0) * k : 0));
    const list = [1, 2, 3];
    expect(sum(list, 1, true)).to.equal(6);
    expect(sum(list, 2, true)).to.equal(12);
    expect(sum(list, 2, false)).to.equal(0);
    expect(sum([1, 2, 3], 2, false), 'a refetched answer is a new answer').to.equal(0);
    expect(calls).to.equal(4);
  });

  it('keeps only the last result: going back to earlier arguments works it out again', () => {
    let calls = 0;
    const square = memo((n: number) => (calls++, n * n));
    square(2);
    square(3);
    expect(square(2)).to.equal(4);
    expect(calls).to.equal(3);
  });

  it('compares as Object.is does: NaN is the same, and so is a missing argument to undefined only by count', () => {
    let calls = 0;
    const f = memo((...args: unknown[]) => (calls++, args.length));
    f(NaN);
    f(NaN);
    expect(calls, 'NaN is NaN').to.equal(1);
    expect(f(NaN, undefined), 'one more argument').to.equal(2);
    expect(calls).to.equal(2);
    expect(f(0)).to.equal(1);
    expect(f(-0), '-0 is not 0').to.equal(1);
    expect(calls).to.equal(4);
  });
});
