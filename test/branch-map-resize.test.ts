/**
 * The branch map at a new width: the window widened, the phone turned. The
 * view keeps the place it showed (its middle, at the same zoom), and with a
 * card open the chosen pin stays on the map and clear of the card, whichever
 * way the width goes and whether the card sits under the map or floats on it.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import '../src/index.js';
import type { DjBranchMap } from '../src/index.js';
import { fit, MapView, type Box } from '../src/widgets/branch-map/branch-map.view.js';
import { $, $$, waitForSelector } from './support/dom.js';
import './support/setup.js';

/** A view with a stand-in host, and the map point (in map units) shown at a point of the box. */
function setup(start: Box, keepsScale = false) {
  let box = start;
  const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };
  const view = new MapView(
    host as unknown as ReactiveControllerHost,
    () => box,
    () => null,
    () => keepsScale,
  );
  const mapAt = (x: number, y: number) => [
    (x - box.ox - view.tx) / (box.base * view.zoom),
    (y - box.oy - view.ty) / (box.base * view.zoom),
  ];
  /** The host draws at a new box: its update runs the view's hostUpdate first. */
  const drawIn = (b: Box) => {
    box = b;
    view.hostUpdate();
  };
  return { view, mapAt, drawIn };
}

const near = (actual: number[], expected: number[]) => actual.forEach((n, i) => expect(n).to.be.closeTo(expected[i], 1e-6));

describe('branch map view: a new width', () => {
  it('keeps the map point in the middle of the view in the middle, at the same zoom', () => {
    const { view, mapAt, drawIn } = setup(fit(320, 500));
    view.hostUpdate();
    view.centreOn(700, 180, 12);
    const middle = mapAt(160, 80);
    near(middle, [700, 180]);
    for (const w of [390, 768, 1280, 320]) {
      const box = fit(w, 500);
      drawIn(box);
      expect(view.zoom, `${w}px`).to.equal(12);
      near(mapAt(box.w / 2, box.h / 2), middle);
    }
  });

  it('with a card open, keeps the scale, so the markers group as they did: back and forth, the same view', () => {
    const wide = fit(1280, 500);
    const { view, mapAt, drawIn } = setup(wide, true);
    view.hostUpdate();
    view.centreOn(700, 180, 3);
    const narrow = fit(320, 500);
    drawIn(narrow);
    expect(narrow.base * view.zoom).to.be.closeTo(wide.base * 3, 1e-9);
    near(mapAt(narrow.w / 2, narrow.h / 2), [700, 180]);
    drawIn(wide);
    expect(view.zoom).to.be.closeTo(3, 1e-9);
    near(mapAt(wide.w / 2, wide.h / 2), [700, 180]);
  });

  it('with a card open, shows the whole region, in the middle, where the scale would be below 1×', () => {
    const { view, drawIn } = setup(fit(320, 500), true);
    view.hostUpdate();
    view.centreOn(700, 180, 2);
    drawIn(fit(1280, 500));
    expect([view.zoom, view.tx, view.ty]).to.deep.equal([1, 0, 0]);
  });

  it('leaves the whole region at 1× as it is', () => {
    const { view, drawIn } = setup(fit(320, 500));
    view.hostUpdate();
    drawIn(fit(1280, 500));
    expect([view.zoom, view.tx, view.ty]).to.deep.equal([1, 0, 0]);
  });

  it('keeps the middle of the view on the region when the box grows', () => {
    const { view, mapAt, drawIn } = setup(fit(320, 1000));
    view.hostUpdate();
    // Near the bottom edge of a tall region: a wide box (640px at most) shows more of it around that point.
    view.centreOn(500, 995, 2);
    const box = fit(1280, 1000);
    drawIn(box);
    const [, y] = mapAt(box.w / 2, box.h / 2);
    expect(y).to.be.at.most(1000);
  });

  it('takes another region as reset() left it: not a new width', () => {
    const { view, drawIn } = setup(fit(600, 500));
    view.hostUpdate();
    view.centreOn(300, 200, 4);
    view.reset();
    drawIn(fit(800, 300));
    expect([view.zoom, view.tx, view.ty]).to.deep.equal([1, 0, 0]);
  });
});

describe('branch map view: a chosen marker after a new width', () => {
  const map = { left: 0, right: 600, top: 0, bottom: 300 };
  const card = { left: 400, right: 600, top: 0, bottom: 300 };

  it('brings a marker cut by the edge wholly into view beside a floating card', () => {
    const { view } = setup(fit(600, 500));
    view.centreOn(500, 250, 4);
    const [tx, ty] = [view.tx, view.ty];
    view.reveal({ left: 100, right: 120, top: 290, bottom: 310 }, map, card, true);
    expect([view.tx - tx, view.ty - ty]).to.deep.equal([0, -10]);
  });

  it('moves a marker cut by the edge and under the card into the free part, wholly in view', () => {
    const { view } = setup(fit(600, 500));
    view.centreOn(500, 250, 4);
    const [tx, ty] = [view.tx, view.ty];
    view.reveal({ left: 590, right: 610, top: 100, bottom: 120 }, map, card, true);
    expect([view.tx - tx, view.ty - ty]).to.deep.equal([-400, 0]);
  });
});

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const intersects = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

async function map(width: number): Promise<{ el: DjBranchMap; box: HTMLElement }> {
  const box = await fixture<HTMLElement>(`<div style="width: ${width}px"><dj-branch-map region="370800"></dj-branch-map></div>`);
  const el = box.firstElementChild as DjBranchMap;
  await waitForSelector(el, '.summary');
  await el.updateComplete;
  return { el, box };
}

/** As a reader does (and the layout matrix): the smallest cluster until a pin shows, then that pin; its card opens. */
async function openCard(el: DjBranchMap): Promise<string> {
  for (let i = 0; i < 12 && !$(el, '.map-svg .pin'); i++) {
    const smallest = $$(el, '.map-svg .cluster').sort((a, b) => Number(a.textContent) - Number(b.textContent))[0];
    smallest.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await el.updateComplete;
  }
  const pin = await waitForSelector(el, '.map-svg .pin');
  const id = pin.dataset.id!;
  pin.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  await waitForSelector(el, '[role="dialog"]');
  await el.updateComplete;
  await frame();
  await el.updateComplete;
  return id;
}

/** The box at a new width, once the map has drawn at it and moved what it moves. */
async function resize(el: DjBranchMap, box: HTMLElement, width: number): Promise<void> {
  box.style.width = `${width}px`;
  await waitUntil(() => Number($(el, 'svg.map-svg')?.getAttribute('width')) === width, `the map drawn ${width}px wide`);
  for (let i = 0; i < 3; i++) {
    await el.updateComplete;
    await frame();
  }
}

function expectPinInSight(el: DjBranchMap, id: string, where: string): void {
  const chosen = $$(el, '.map-svg .selected').find((m) => m.dataset.id === id);
  expect(chosen, `${where}: the chosen pin is drawn`).to.exist;
  expect(chosen!.getAttribute('aria-pressed'), where).to.equal('true');
  const ring = chosen!.querySelector('.ring')!.getBoundingClientRect();
  const svg = $(el, 'svg.map-svg')!.getBoundingClientRect();
  const card = $(el, '[role="dialog"]')!.getBoundingClientRect();
  expect(
    ring.left >= svg.left && ring.right <= svg.right && ring.top >= svg.top && ring.bottom <= svg.bottom,
    `${where}: the pin is on the map`,
  ).to.equal(true);
  expect(intersects(card, ring), `${where}: the card does not cover the pin`).to.equal(false);
  expect($$(el, '.map-svg .county').length, `${where}: the outlines are drawn`).to.be.above(0);
}

describe('dj-branch-map at a new width with a card open', () => {
  it('keeps the chosen pin in sight as the window widens (320 → 1280px), beside the card once it floats', async () => {
    const { el, box } = await map(320);
    const id = await openCard(el);
    expectPinInSight(el, id, '320px');
    const title = $(el, '.card-title')!.textContent;
    for (const width of [390, 768, 1280]) {
      await resize(el, box, width);
      expectPinInSight(el, id, `${width}px`);
      expect($(el, '.card-title')!.textContent, `${width}px: the same card`).to.equal(title);
    }
  });

  it('keeps the chosen pin in sight as the window narrows (1280 → 320px), the card going under the map', async () => {
    const { el, box } = await map(1280);
    const id = await openCard(el);
    expectPinInSight(el, id, '1280px');
    for (const width of [768, 390, 320]) {
      await resize(el, box, width);
      expectPinInSight(el, id, `${width}px`);
    }
  });

  it('shows the same place at a new width with no card open', async () => {
    const { el, box } = await map(390);
    const smallest = $$(el, '.map-svg .cluster').sort((a, b) => Number(a.textContent) - Number(b.textContent))[0];
    smallest.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await el.updateComplete;
    const before = middleOf(el);
    await resize(el, box, 1280);
    const after = middleOf(el);
    expect(after[0]).to.be.closeTo(before[0], 0.01);
    expect(after[1]).to.be.closeTo(before[1], 0.01);
  });
});

/** The map point (in map units) in the middle of the view: from the outlines' transform, translate(x y) scale(k). */
function middleOf(el: DjBranchMap): number[] {
  const svg = $(el, 'svg.map-svg')!;
  const [x, y, k] = svg
    .querySelector(':scope > g')!
    .getAttribute('transform')!
    .match(/-?[\d.]+/g)!
    .map(Number);
  return [(Number(svg.getAttribute('width')) / 2 - x) / k, (Number(svg.getAttribute('height')) / 2 - y) / k];
}
