import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import '../src/index.js';
import { branches, branchesResponse, filterBranches, YANZHOU } from '../src/demo/branches.js';
import { toColumns } from '../src/contract/branch-columns.js';
import { clearCache } from '../src/core/client.js';
import { regionOf } from '../src/demo/jining-counties.js';
import { cluster } from '../src/widgets/branch-map/geo.js';
import { placeLabels } from '../src/widgets/branch-map/labels.js';
import type { DjBranchMap } from '../src/index.js';
import { runConformance } from './support/conformance.js';
import { $, $$, control, textOf, waitForSelector, waitForText } from './support/dom.js';
import { worker } from './support/setup.js';

const total = branches.length;
const fives = branches.filter((b) => b.stars === 5).length;

runConformance({
  tag: 'dj-branch-map',
  attrs: 'region="370800"',
  path: '/regions/370800',
  route: '*/regions/:adcode',
  readyText: '微山县',
  emptyText: '该地区暂无地图数据',
  schemaPath: 'features[2].properties.name: expected string',
});

async function map(attrs = 'region="370800"', width = 800): Promise<DjBranchMap> {
  const box = await fixture<HTMLElement>(`<div style="width: ${width}px"><dj-branch-map ${attrs}></dj-branch-map></div>`);
  const el = box.firstElementChild as DjBranchMap;
  await waitForSelector(el, '.summary');
  await el.updateComplete;
  return el;
}

const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** The counts the summary shows, without its hidden note of the view. */
const summaryOf = (el: Element) =>
  clean(
    [...$(el, '.summary')!.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent)
      .join(''),
  );

/** The detail card's rows as “label value”. */
const cardRows = (el: Element) =>
  $$(el, '[role="dialog"] dl > div').map(
    (row) => `${clean(row.querySelector('dt')!.textContent)} ${clean(row.querySelector('dd')!.textContent)}`,
  );

/** How many branches the markers on screen stand for. */
const markedCount = (el: Element) =>
  $$(el, '.map-svg .pin').length + $$(el, '.map-svg .cluster').reduce((n, c) => n + Number(c.textContent), 0);

/** The map group's transform: [tx, ty, scale]. */
function transformOf(el: Element): number[] {
  const t = $(el, 'svg.map-svg > g')!.getAttribute('transform')!;
  return t.match(/-?[\d.]+/g)!.map(Number);
}

async function zoomUntilPins(el: DjBranchMap, selector: string): Promise<HTMLElement> {
  for (let i = 0; i < 12 && !$(el, `.map-svg ${selector}`); i++) {
    const biggest = $$(el, '.map-svg .cluster').sort((a, b) => Number(b.textContent) - Number(a.textContent))[0];
    biggest.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await el.updateComplete;
  }
  return waitForSelector(el, `.map-svg ${selector}`);
}

async function choose(el: Element, label: string, value: string): Promise<void> {
  const select = $$(el, 'label')
    .find((l) => l.textContent!.includes(label))!
    .querySelector('select')!;
  select.value = value;
  select.dispatchEvent(new Event('change'));
  await (el as DjBranchMap).updateComplete;
}

/** Everything drawn on the map that must stay clear of everything else. */
function drawn(el: Element) {
  const svg = $(el, 'svg.map-svg')!.getBoundingClientRect();
  return {
    svg,
    labels: $$(el, '.county-name').map((t) => ({ name: t.textContent!, rect: t.getBoundingClientRect() })),
    // A marker by the box of its focusable element: what a finger can hit, and what the symbol is drawn in.
    markers: $$(el, '.map-svg .pin, .map-svg .cluster').map((m) => ({
      name: m.classList.contains('pin') ? `pin ${m.dataset.id}` : `cluster ${m.textContent}`,
      rect: m.getBoundingClientRect(),
    })),
  };
}

/** Markers whose target is smaller than `min` CSS px either way. */
const smallTargets = (el: Element, min: number) =>
  drawn(el)
    .markers.filter((m) => m.rect.width < min - 0.5 || m.rect.height < min - 0.5)
    .map((m) => `${m.name}: ${m.rect.width.toFixed(1)}×${m.rect.height.toFixed(1)}`);

/** Every pair of names and markers that overlap, and every name not wholly on the map. */
function collisions(el: Element): string[] {
  const { svg, labels, markers } = drawn(el);
  const out: string[] = [];
  const hits = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  labels.forEach((a, i) => {
    if (a.rect.left < svg.left - 0.5 || a.rect.right > svg.right + 0.5 || a.rect.top < svg.top - 0.5 || a.rect.bottom > svg.bottom + 0.5)
      out.push(`${a.name} cut off`);
    labels.slice(i + 1).forEach((b) => hits(a.rect, b.rect) && out.push(`${a.name} / ${b.name}`));
    markers.forEach((m) => hits(a.rect, m.rect) && out.push(`${a.name} / ${m.name}`));
  });
  markers.forEach((a, i) => markers.slice(i + 1).forEach((b) => hits(a.rect, b.rect) && out.push(`${a.name} / ${b.name}`)));
  return out;
}

const intersects = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('dj-branch-map', () => {
  it('draws the 11 counties with their names and every branch as a pin or in a cluster', async () => {
    const el = await map();
    expect($$(el, 'path.county')).to.have.length(11);
    const names = $$(el, '.county-name').map((t) => t.textContent);
    expect(names).to.include('兖州区').and.include('任城区').and.include('微山县');
    expect(markedCount(el)).to.equal(total);
    expect(summaryOf(el)).to.equal(`五星级 ${fives} 个 / 共 ${total} 个`);
  });

  it('fits the region to the widget', async () => {
    const el = await map('region="370800"', 500);
    const svg = $(el, 'svg.map-svg')!.getBoundingClientRect();
    const land = $(el, 'svg.map-svg > g')!.getBoundingClientRect();
    expect(svg.width).to.be.closeTo(500, 2);
    expect(land.width).to.be.at.most(svg.width + 1);
    expect(land.height).to.be.at.most(svg.height + 1);
    expect(Math.max(svg.width - land.width, svg.height - land.height), 'fills one dimension').to.be.below(4);
  });

  it('gives five-star and temporary branches their own shapes, explained in the legend', async () => {
    const el = await map('region="370812"');
    await zoomUntilPins(el, '.pin.stars-5');
    const five = $(el, '.map-svg .pin.stars-5')!;
    expect(five.querySelector('path'), 'a star, not a circle').to.exist;
    expect(five.getAttribute('aria-label')).to.contain('五星级');
    const legend = $$(el, '.legend li').map((li) => clean(li.textContent));
    expect(legend).to.deep.equal(['五星级党支部', '一至四星级党支部', '临时党支部', '多个党支部（数字为个数）']);
    el.temporaryOnly = true;
    await el.updateComplete;
    const temporary = await zoomUntilPins(el, '.pin.temporary');
    expect(temporary.querySelector('path')!.getAttribute('d')).to.equal('M0-8L8 0L0 8L-8 0Z');
    expect(temporary.getAttribute('aria-label')).to.contain('临时党支部');
  });

  it('clusters overlapping pins with a count; activating a cluster zooms into it', async () => {
    const el = await map();
    const clusters = $$(el, '.map-svg .cluster');
    expect(clusters.length).to.be.above(0);
    const biggest = clusters.sort((a, b) => Number(b.textContent) - Number(a.textContent))[0];
    expect(biggest.getAttribute('aria-label')).to.match(/^\d+ 个党支部，放大查看$/);
    const [, , before] = transformOf(el);
    biggest.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const [, , after] = transformOf(el);
    expect(after).to.be.above(before * 2);
  });

  it('lists the branches of a cluster that the deepest zoom cannot separate', async () => {
    const el = await map('region="370812"');
    const listing = () => $$(el, '.map-svg .cluster').find((c) => c.getAttribute('aria-label')!.includes('查看名单'));
    for (let i = 0; i < 15 && !listing(); i++) {
      const biggest = $$(el, '.map-svg .cluster').sort((a, b) => Number(b.textContent) - Number(a.textContent))[0];
      biggest.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      await el.updateComplete;
    }
    const together = listing();
    expect(together, 'co-located branches stay one marker at the deepest zoom').to.exist;
    together!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const names = $$(el, '[role="dialog"] .list button');
    expect(names).to.have.length(Number(together!.textContent));
    const marked = $(el, '.map-svg .cluster.selected')!;
    expect(marked, 'the listed marker is marked').to.exist;
    expect(
      intersects(marked.getBoundingClientRect(), $(el, '[role="dialog"]')!.getBoundingClientRect()),
      'and not under the list',
    ).to.equal(false);
    names[0].click();
    await el.updateComplete;
    expect($(el, '[role="dialog"] dl'), 'the chosen branch’s card').to.exist;
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '[role="dialog"]')).to.equal(null);
  });

  it('zooms with +, − and reset, bounded at both ends', async () => {
    const el = await map();
    const scale = () => transformOf(el)[2];
    const start = scale();
    expect($<HTMLButtonElement>(el, 'button[aria-label="缩小"]')!.disabled, 'cannot zoom out past the whole region').to.equal(true);
    $<HTMLButtonElement>(el, 'button[aria-label="放大"]')!.click();
    await el.updateComplete;
    expect(scale()).to.be.closeTo(start * 1.5, 0.001);
    for (let i = 0; i < 30; i++) $<HTMLButtonElement>(el, 'button[aria-label="放大"]')!.click();
    await el.updateComplete;
    expect(scale()).to.be.closeTo(start * 48, 0.001);
    expect($<HTMLButtonElement>(el, 'button[aria-label="放大"]')!.disabled).to.equal(true);
    control(el, '复位').click();
    await el.updateComplete;
    expect(transformOf(el)).to.deep.equal(transformOf(await map()));
  });

  it('pans with the arrow keys and zooms with + and − keys; 0 resets', async () => {
    const el = await map();
    $(el, 'svg.map-svg')!.focus();
    await sendKeys({ press: '+' });
    await el.updateComplete;
    const [tx, ty, k] = transformOf(el);
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    const [tx2, ty2] = transformOf(el);
    expect(tx2 - tx).to.be.closeTo(60, 0.5);
    expect(ty2 - ty).to.be.closeTo(60, 0.5);
    await sendKeys({ press: '-' });
    await el.updateComplete;
    expect(transformOf(el)[2]).to.be.closeTo(k / 1.5, 0.001);
    await sendKeys({ press: '0' });
    await el.updateComplete;
    expect(transformOf(el)[2]).to.be.below(k);
  });

  it('moves every marker with the map when panned, and the pan changes no marker and reads no style or layout', async () => {
    const el = await map();
    $(el, 'svg.map-svg')!.focus();
    await sendKeys({ press: '+' });
    await el.updateComplete;
    const where = () => new Map($$(el, '.map-svg .pin, .map-svg .cluster').map((m) => [m.dataset.id, m.getBoundingClientRect()]));
    const before = where();
    const changed: Node[] = [];
    const observer = new MutationObserver((records) => changed.push(...records.map((r) => r.target)));
    observer.observe($(el, 'svg.map-svg')!, { subtree: true, attributes: true });
    // Reading style or layout in the update makes the engine work it out inside the script, once more than the frame does.
    let reads = 0;
    const { getComputedStyle: style } = window;
    const { getBoundingClientRect: rect } = Element.prototype;
    window.getComputedStyle = (...args) => (reads++, style(...args));
    Element.prototype.getBoundingClientRect = function (this: Element) {
      reads++;
      return rect.call(this);
    };
    try {
      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
    } finally {
      window.getComputedStyle = style;
      Element.prototype.getBoundingClientRect = rect;
    }
    observer.disconnect();
    expect(reads, 'style or layout read during the pan').to.equal(0);
    const markers = changed.filter((n) => (n as Element).closest?.('.pin, .cluster'));
    expect(markers.length, 'marker attributes set by the pan').to.equal(0);
    const after = where();
    let moved = 0;
    for (const [id, r] of before) {
      const now = after.get(id);
      if (!now) continue;
      expect(now.left - r.left, id).to.be.closeTo(60, 0.5);
      expect(now.top - r.top, id).to.be.closeTo(0, 0.5);
      moved++;
    }
    expect(moved).to.be.above(3);
  });

  it('reads the text size again when large mode comes from a provider after the first render', async () => {
    const provider = await fixture<HTMLElement & { large: boolean }>(
      '<dj-provider><div style="width: 390px"><dj-branch-map region="370800"></dj-branch-map></div></dj-provider>',
    );
    const el = provider.querySelector('dj-branch-map')!;
    await waitForSelector(el, '.map-svg .cluster');
    const sizes = () => $$(el, '.map-svg .cluster text, .county-name').map((t) => parseFloat(getComputedStyle(t).fontSize));
    for (const size of sizes()) expect(size).to.be.below(18);
    provider.large = true;
    await waitUntil(() => sizes().every((size) => size >= 18), 'cluster counts and names grow to 18px');
  });

  /** A map given `bad` for its branches: the error state naming `path`, no pin, cluster or summary, and a retry. */
  async function showsBroken(path: string, bad: JsonBodyType) {
    worker.use(http.get('*/branches', () => HttpResponse.json(bad), { once: true }));
    const el = await fixture<DjBranchMap>('<dj-branch-map region="370800"></dj-branch-map>');
    await waitForText(el, '不符合约定');
    expect(textOf(el)).to.contain(path);
    expect($$(el, '.map-svg .pin, .map-svg .cluster, .summary'), path).to.have.length(0);
    expect(control(el, '重试'), 'a way to try again').to.exist;
  }

  it('shows the error state, never a half-drawn map, for branches that break the contract', async () => {
    const good = branchesResponse(branches);
    for (const [path, bad] of [
      ['items[1].stars', { ...good, items: good.items.map((b, i) => (i === 1 ? { ...b, stars: 6 } : b)) }],
      ['items[4].location.lat', { ...good, items: good.items.map((b, i) => (i === 4 ? { ...b, location: { lng: 116.8, lat: 95 } } : b)) }],
      ['summary.byStars.6', { ...good, summary: { ...good.summary, byStars: { ...good.summary.byStars, 6: 1 } } }],
    ] as const)
      await showsBroken(path, bad);
  });

  it('asks for the branches in columns, and shows the error state for columns that break the contract', async () => {
    const asked: string[] = [];
    worker.events.on('request:start', ({ request }) => asked.push(request.url));
    const el = await map();
    worker.events.removeAllListeners();
    expect(asked.find((url) => url.includes('/branches?'))).to.match(/[?&]form=columns(&|$)/);
    expect(markedCount(el)).to.equal(total);

    const columns = toColumns(branchesResponse(branches));
    clearCache(); // the good answer above is kept for its URL, the same as the bad ones'
    for (const [path, bad] of [
      ['columns.stars[1]', { ...columns, columns: { ...columns.columns, stars: columns.columns.stars.map((s, i) => (i === 1 ? 6 : s)) } }],
      ['(root): expected every column as long as id', { ...columns, columns: { ...columns.columns, lat: columns.columns.lat.slice(1) } }],
    ] as const)
      await showsBroken(path, bad);
  });

  it('draws an answer with fields the contract does not know, as before', async () => {
    const good = branchesResponse(branches);
    const more = { ...good, extra: 1, items: good.items.map((b) => ({ ...b, note: 'x', location: { ...b.location, alt: 3 } })) };
    worker.use(http.get('*/branches', () => HttpResponse.json(more), { once: true }));
    const el = await map();
    expect(summaryOf(el)).to.equal(`五星级 ${fives} 个 / 共 ${total} 个`);
    expect(markedCount(el)).to.equal(total);
  });

  it('zooms with the wheel around the pointer and pans by dragging', async () => {
    const el = await map();
    const svg = $(el, 'svg.map-svg')!;
    const rect = svg.getBoundingClientRect();
    const cx = rect.left + rect.width / 2;
    const cy = rect.top + rect.height / 2;
    svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -300, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
    await el.updateComplete;
    const [tx, ty, k] = transformOf(el);
    expect(k).to.be.above(transformOf(await map())[2]);
    const pointer = (type: string, x: number, y: number) =>
      svg.dispatchEvent(new PointerEvent(type, { pointerId: 7, clientX: x, clientY: y, bubbles: true, isPrimary: true }));
    pointer('pointerdown', cx, cy);
    pointer('pointermove', cx - 30, cy - 20);
    pointer('pointermove', cx - 60, cy - 40);
    pointer('pointerup', cx - 60, cy - 40);
    await el.updateComplete;
    const [tx2, ty2] = transformOf(el);
    expect(tx2 - tx).to.be.closeTo(-60, 0.5);
    expect(ty2 - ty).to.be.closeTo(-40, 0.5);
  });

  it('heading-level sets the level of the card title, held to 1–6', async () => {
    for (const [attr, level] of [
      ['2', '2'],
      ['9', '3'],
    ]) {
      const el = await map(`region="370812" heading-level="${attr}"`);
      const pin = await zoomUntilPins(el, '.pin.stars-5');
      pin.focus();
      await sendKeys({ press: 'Enter' });
      const card = await waitForSelector(el, '[role="dialog"]');
      expect(card.querySelector('.card-title')!.getAttribute('aria-level'), `heading-level="${attr}"`).to.equal(level);
    }
  });

  it('opens a detail card on a pin, fires dj-branch-select; Esc closes it and returns focus', async () => {
    const el = await map('region="370812"');
    const pin = await zoomUntilPins(el, '.pin.stars-5');
    const id = pin.dataset.id!;
    const branch = branches.find((b) => b.id === id)!;
    pin.focus();
    // Listening first, then the key, awaited: no command left running into the steps after it.
    const chosen = oneEvent(el, 'dj-branch-select');
    await sendKeys({ press: 'Enter' });
    const selected = await chosen;
    expect(selected.detail).to.deep.equal({ id });
    await el.updateComplete;
    const card = await waitForSelector(el, '[role="dialog"]');
    expect(clean(card.querySelector('.card-title')!.textContent)).to.equal(branch.name);
    expect(card.querySelector('.card-title')!.getAttribute('aria-level'), 'a level-3 heading by default').to.equal('3');
    expect(cardRows(el)).to.include(`所属单位 ${branch.unit.name}`).and.include('星级 五星级');
    await waitUntil(() => el.shadowRoot!.activeElement === card.querySelector('.card-title'), 'focus moves to the card');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '[role="dialog"]')).to.equal(null);
    await waitUntil(() => (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.id === id, 'focus back on the pin');
  });

  it('shows honours, the temporary project and what is missing in the card', async () => {
    const el = await map('region="370800" temporary-only');
    const pin = await zoomUntilPins(el, '.pin.temporary');
    pin.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await el.updateComplete;
    const branch = branches.find((b) => b.id === pin.dataset.id)!;
    const rows = cardRows(el);
    expect(rows).to.include(`所在项目 ${branch.project}`);
    if (branch.address === null) expect(rows).to.include('地址 未提供');
    if (branch.honors.length) expect(rows).to.include(`荣誉 ${branch.honors.join('、')}`);
    await expect(el).to.be.accessible();
  });

  it('filters by stars, liaison group and temporary; the summary follows', async () => {
    const el = await map();
    await choose(el, '星级', '5');
    expect(markedCount(el)).to.equal(fives);
    expect(summaryOf(el)).to.equal(`五星级 ${fives} 个 / 共 ${fives} 个`);
    await choose(el, '星级', '0');
    const group = branches.find((b) => b.groupId)!.groupId!;
    await choose(el, '联系片', group);
    const inGroup = branches.filter((b) => b.groupId === group);
    expect(markedCount(el)).to.equal(inGroup.length);
    expect(summaryOf(el)).to.equal(`五星级 ${inGroup.filter((b) => b.stars === 5).length} 个 / 共 ${inGroup.length} 个`);
    await choose(el, '联系片', '');
    $<HTMLInputElement>(el, 'input[type="checkbox"]')!.click();
    await el.updateComplete;
    expect(markedCount(el)).to.equal(branches.filter((b) => b.temporary).length);
  });

  it('has a table view with the same branches, sortable, whose rows select the pin', async () => {
    const el = await map('region="370812" min-stars="4"');
    const toggle = control(el, '以列表查看');
    toggle.click();
    await el.updateComplete;
    const shown = filterBranches(branches, { region: YANZHOU }).filter((b) => b.stars >= 4);
    // Checked on the first page: axe on every row of a scrolling table takes longer than the test may.
    await expect(el).to.be.accessible();
    // Fifty rows at a time.
    while ($(el, '.more')) {
      $(el, '.more')!.click();
      await el.updateComplete;
    }
    const rows = $$(el, 'tbody tr');
    expect(rows).to.have.length(shown.length);
    expect(shown.length, 'the test pages through').to.be.above(50);
    expect($(el, 'th[aria-sort="descending"]')!.textContent).to.contain('星级');
    for (const b of $$(el, 'thead button.sort')) {
      const r = b.getBoundingClientRect();
      expect(Math.min(r.width, r.height), `sort by ${clean(b.textContent)} is a 44px target`).to.be.at.least(43.5);
    }
    const sortByName = $$(el, 'th button.sort').find((b) => b.textContent!.includes('党支部'))!;
    sortByName.click();
    await el.updateComplete;
    expect(sortByName.closest('th')!.getAttribute('aria-sort')).to.equal('ascending');
    const names = $$(el, 'tbody th').map((th) => clean(th.textContent));
    expect(names).to.deep.equal([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    const row = $$<HTMLButtonElement>(el, 'tbody th button')[2];
    const id = row.dataset.id!;
    setTimeout(() => row.click());
    const selected = await oneEvent(el, 'dj-branch-select');
    expect(selected.detail.id).to.equal(id);
    await el.updateComplete;
    expect($(el, 'table'), 'back on the map').to.equal(null);
    expect(clean($(el, '[role="dialog"] .card-title')!.textContent)).to.equal(names[2]);
    expect(transformOf(el)[2]).to.be.above(transformOf(await map('region="370812"'))[2] * 7);
  });

  it('shows tiles only with tile-url, and then always their attribution and review number', async () => {
    const plain = await map();
    expect($$(plain, 'image.tile')).to.have.length(0);
    expect($(plain, '.attribution')).to.equal(null);
    const fill = (el: HTMLElement) => getComputedStyle($(el, 'path.county')!).fill;
    expect(fill(plain), 'the land is filled').to.not.match(/^(none|transparent|rgba\(0, 0, 0, 0\))$/);
    const tiled = await map(
      'region="370800" tile-url="/tiles/{z}/{x}/{y}.svg" tile-attribution="测试底图" review-number="GS（2024）0650号"',
    );
    const tiles = $$<SVGImageElement>(tiled, 'image.tile');
    expect(tiles.length).to.be.above(0);
    expect(tiles[0].getAttribute('href')).to.match(/^\/tiles\/\d+\/\d+\/\d+\.svg$/);
    expect(fill(tiled), 'over tiles the land lets them show').to.match(/^(transparent|rgba\(0, 0, 0, 0\))$/);
    const credit = clean($(tiled, '.attribution')!.textContent);
    expect(credit).to.contain('底图：测试底图').and.contain('审图号：GS（2024）0650号');
    const box = $(tiled, '.map')!.getBoundingClientRect();
    const at = $(tiled, '.attribution')!.getBoundingClientRect();
    expect(at.left - box.left, 'bottom-left').to.be.below(2);
    expect(box.bottom - at.bottom).to.be.below(2);
    expect(at.top, 'under the drawing, not over it').to.be.at.least($(tiled, 'svg.map-svg')!.getBoundingClientRect().bottom - 0.5);
  });

  it('shows the outlines while the branches load, and says which region was not found', async () => {
    const el = await fixture<DjBranchMap>('<dj-branch-map region="999999"></dj-branch-map>');
    await waitForText(el, '没有找到行政区划代码为“999999”的地区');
  });

  it('draws the outlines while the branches load exactly where the map then draws them', async () => {
    // The branches' answer is held back until the outlines are drawn.
    const real = window.fetch;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    window.fetch = async (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/branches')) await held;
      return real(input, init);
    };
    try {
      const box = await fixture<HTMLElement>('<div style="width: 800px"><dj-branch-map region="370800"></dj-branch-map></div>');
      const el = box.firstElementChild as DjBranchMap;
      await waitForSelector(el, 'svg.map-svg path.county');
      expect($(el, '.summary'), 'the branches are not in yet').to.equal(null);
      const rects = () => $$(el, 'svg.map-svg path.county').map((p) => p.getBoundingClientRect());
      const drawn = $$(el, 'svg.map-svg path.county');
      const before = rects();
      expect(before).to.have.length(11);
      // Each county is drawn at its size on the map, not a tenth or ten times of it.
      for (const r of before) expect(r.width).to.be.within(40, 800);
      release();
      await waitForSelector(el, '.summary');
      await el.updateComplete;
      const after = rects();
      // The same elements, moved into the map, not built again.
      $$(el, 'svg.map-svg path.county').forEach((p, i) => expect(p === drawn[i], `county ${i}: the same element`).to.equal(true));
      // The map adds its toolbar above, so the drawing moves down as a whole. Inside the map's 1 px frame it is
      // also drawn at (w − 2) / w of its size, centred: a quarter of a percent, 2 px at most here.
      const dy = after[0].top - before[0].top;
      after.forEach((r, i) => {
        expect(r.left, `county ${i}: left`).to.be.closeTo(before[i].left, 2);
        expect(r.width, `county ${i}: width`).to.be.closeTo(before[i].width, before[i].width * 0.005);
        expect(r.height, `county ${i}: height`).to.be.closeTo(before[i].height, before[i].height * 0.005);
        expect(r.top - before[i].top, `county ${i}: moved with the rest`).to.be.closeTo(dy, 2);
      });
    } finally {
      window.fetch = real;
      release();
    }
  });

  it('speaks English and stays accessible in large mode', async () => {
    const el = await map('region="370800" lang="en" large');
    expect(summaryOf(el)).to.equal(`Five-star: ${fives} / all: ${total}`);
    expect(textOf(el)).to.contain('Show as a list');
    await expect(el).to.be.accessible();
  });

  for (const [mode, attrs] of [
    ['Chinese', 'region="370800"'],
    ['large mode', 'region="370800" large'],
  ])
    for (const width of [320, 390, 800])
      it(`keeps names and markers clear of each other and of the edge at every zoom (${mode}, ${width}px)`, async () => {
        const el = await map(attrs, width);
        await el.updateComplete;
        const zoomIn = $<HTMLButtonElement>(el, 'button[aria-label="放大"]')!;
        const min = attrs.includes('large') ? 60 : 44;
        for (let step = 0; step < 8; step++) {
          expect(collisions(el), `zoom step ${step}`).to.deep.equal([]);
          expect(smallTargets(el, min), `zoom step ${step}`).to.deep.equal([]);
          zoomIn.click();
          await el.updateComplete;
        }
        // Zoomed by a cluster, where the map regroups around it.
        control(el, '复位').click();
        await el.updateComplete;
        for (let i = 0; i < 4; i++) {
          const biggest = $$(el, '.map-svg .cluster').sort((a, b) => Number(b.textContent) - Number(a.textContent))[0];
          if (!biggest) break;
          biggest.dispatchEvent(new MouseEvent('click', { bubbles: true }));
          await el.updateComplete;
          expect(collisions(el), `cluster zoom ${i}`).to.deep.equal([]);
        }
      });

  for (const [mode, attrs, min] of [
    ['normal', 'region="370812"', 44],
    ['large', 'region="370812" large', 60],
  ] as const)
    it(`makes every marker, pins and clusters, a target of at least ${min}×${min} px that no other target overlaps (${mode})`, async () => {
      const el = await map(attrs, 390);
      expect($$(el, '.map-svg .cluster').length, 'clusters at the whole-region view').to.be.above(0);
      expect(smallTargets(el, min)).to.deep.equal([]);
      await zoomUntilPins(el, '.pin');
      expect($$(el, '.map-svg .pin').length).to.be.above(0);
      expect(smallTargets(el, min), 'zoomed in to pins').to.deep.equal([]);
      expect(collisions(el), 'zoomed in to pins').to.deep.equal([]);
      // The whole target takes the click, not only the drawn symbol.
      const svg = $(el, 'svg.map-svg')!.getBoundingClientRect();
      const inside = (r: DOMRect) => r.left >= svg.left && r.right <= svg.right && r.top >= svg.top && r.bottom <= svg.bottom;
      const pin = $$(el, '.map-svg .pin').find((p) => inside(p.getBoundingClientRect()))!;
      pin.scrollIntoView({ block: 'center' });
      const { left, top } = pin.getBoundingClientRect();
      const hit = el.shadowRoot!.elementFromPoint(left + 2, top + 2);
      expect(hit?.closest('.pin') === pin, `the corner of the target hits ${hit?.outerHTML.slice(0, 60)}`).to.equal(true);
    });

  it('draws most county names at the whole-region view, and names every county for screen readers', async () => {
    const el = await map('region="370800"', 320);
    expect($$(el, '.county-name').length, 'names that fit are drawn').to.be.at.least(9);
    expect($$(el, 'path.county')).to.have.length(11);
    const hidden = $$(el, '.visually-hidden')
      .map((p) => clean(p.textContent))
      .find((t) => t.startsWith('地图中的县'))!;
    for (const county of ['兖州区', '任城区', '曲阜市', '泗水县', '鱼台县', '金乡县', '微山县', '梁山县', '汶上县', '嘉祥县', '邹城市'])
      expect(hidden).to.contain(county);
  });

  it('keeps the zoom buttons off the map on a phone', async () => {
    const el = await map('region="370800"', 320);
    const svg = $(el, 'svg.map-svg')!.getBoundingClientRect();
    for (const button of $$(el, '.controls .button'))
      expect(intersects(button.getBoundingClientRect(), svg), button.textContent!).to.equal(false);
    expect(el.getBoundingClientRect().right).to.be.at.most(el.parentElement!.getBoundingClientRect().right);
  });

  it('regroups so no two cluster circles overlap, whatever the spread of points', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const points = Array.from({ length: 3000 }, (_, i) => ({ x: rnd() * 1000, y: rnd() * 700, item: i }));
    for (const k of [0.3, 0.5, 1, 2.5, 6]) {
      const radius = (items: unknown[]) => (items.length === 1 ? 14 : 13 + Math.min(10, Math.log2(items.length) * 2));
      const list = cluster(points, k, 36, radius);
      expect(list.reduce((n, c) => n + c.items.length, 0)).to.equal(points.length);
      const r = list.map((c) => radius(c.items));
      let overlapping = 0;
      for (let i = 0; i < list.length; i++)
        for (let j = i + 1; j < list.length; j++)
          if (Math.hypot(list[i].x - list[j].x, list[i].y - list[j].y) < r[i] + r[j] + 2 - 1e-9) overlapping++;
      expect(overlapping, `scale ${k}`).to.equal(0);
    }
  });

  it('leaves out a name that has no free place near its seat', () => {
    const view = { x0: 0, y0: 0, x1: 200, y1: 200 };
    const [a, b, c] = placeLabels(
      [
        { x: 100, y: 100, w: 42, h: 21 },
        { x: 100, y: 100, w: 42, h: 21 },
        { x: 100, y: 100, w: 42, h: 21 },
      ],
      [],
      view,
    );
    expect(a).to.not.equal(null);
    expect(b, 'a second name moves aside').to.not.equal(null);
    expect(c === null || !(c.x0 < a!.x1 && a!.x0 < c.x1 && c.y0 < a!.y1 && a!.y0 < c.y1)).to.equal(true);
    const walled = placeLabels([{ x: 100, y: 100, w: 42, h: 21 }], [{ x: 100, y: 100, r: 150 }], view);
    expect(walled).to.deep.equal([null]);
  });

  it('grows cluster numbers and county names with the text in large mode', async () => {
    const el = await map('region="370800" large', 390);
    const sizes = [...$$(el, '.county-name'), ...$$(el, '.map-svg .cluster text')].map((t) => parseFloat(getComputedStyle(t).fontSize));
    expect(sizes.length).to.be.above(5);
    for (const size of sizes) expect(size).to.be.at.least(18);
    const normal = await map('region="370800"', 390);
    for (const t of $$(normal, '.map-svg .cluster text')) expect(parseFloat(getComputedStyle(t).fontSize)).to.be.at.least(14);
  });

  for (const width of [800, 500, 320])
    it(`keeps the chosen pin in sight beside or above its card, and marks it (${width}px)`, async () => {
      const el = await map('region="370812"', width);
      const pin = await zoomUntilPins(el, '.pin.stars-5');
      const id = pin.dataset.id!;
      pin.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      await el.updateComplete;
      await el.updateComplete;
      const chosen = $$(el, '.map-svg .pin').find((p) => p.dataset.id === id)!;
      expect(chosen, 'the pin is still drawn').to.exist;
      expect(chosen.getAttribute('aria-pressed')).to.equal('true');
      const ring = chosen.querySelector('.ring')!.getBoundingClientRect();
      const star = chosen.querySelector('path')!.getBoundingClientRect();
      expect(ring.width, 'a ring around the chosen pin').to.be.above(star.width + 3);
      for (const other of $$(el, '.map-svg .pin').filter((p) => p !== chosen)) expect(other.querySelector('.ring')).to.equal(null);
      const card = $(el, '[role="dialog"]')!.getBoundingClientRect();
      const svg = $(el, 'svg.map-svg')!.getBoundingClientRect();
      expect(intersects(card, ring), 'the card does not cover the pin').to.equal(false);
      expect(
        ring.left >= svg.left && ring.right <= svg.right && ring.top >= svg.top && ring.bottom <= svg.bottom,
        'the pin is on the map',
      ).to.equal(true);
    });

  it('keeps the chosen pin in sight after "show on map" from the table', async () => {
    const el = await map('region="370812"', 600);
    control(el, '以列表查看').click();
    await el.updateComplete;
    const row = $$<HTMLButtonElement>(el, 'tbody th button')[0];
    const id = row.dataset.id!;
    row.click();
    await el.updateComplete;
    await el.updateComplete;
    const chosen = $$(el, '.map-svg .selected').find((p) => p.dataset.id === id || p.classList.contains('cluster'))!;
    expect(chosen, 'the branch is marked on the map').to.exist;
    expect(intersects($(el, '[role="dialog"]')!.getBoundingClientRect(), chosen.getBoundingClientRect())).to.equal(false);
  });

  it('shows no focus ring after a mouse click on a cluster, and the kit’s focus ring from the keyboard', async () => {
    const el = await map('region="370800"', 800);
    const biggest = $$(el, '.map-svg .cluster').sort((a, b) => Number(b.textContent) - Number(a.textContent))[0];
    const r = biggest.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)] });
    await el.updateComplete;
    await el.updateComplete;
    const rings = () =>
      $$(el, '.map-svg, .map-svg .pin, .map-svg .cluster').filter(
        (e) => e.matches(':focus-visible') || (e.matches(':focus') && getComputedStyle(e).outlineStyle !== 'none'),
      );
    expect(rings(), 'no ring after a click').to.deep.equal([]);
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    const focused = el.shadowRoot!.activeElement as HTMLElement;
    expect(focused.matches('.pin, .cluster'), 'Tab reaches a marker').to.equal(true);
    expect(getComputedStyle(focused).outlineStyle, 'no box around the group').to.equal('none');
    const ring = focused.querySelector('.halo, .disc')!;
    expect(getComputedStyle(ring).stroke).to.equal('rgb(26, 95, 180)');
  });

  it('gives the table room: headings and short cells on one line, no page overflow at 320px', async () => {
    const el = await map('region="370812" large', 320);
    control(el, '以列表查看').click();
    await el.updateComplete;
    for (const th of $$(el, 'thead th')) expect(th.getBoundingClientRect().height, clean(th.textContent)).to.be.below(80);
    const sorts = $$(el, 'thead button.sort');
    expect(sorts).to.have.length(3);
    for (const b of sorts) {
      const r = b.getBoundingClientRect();
      expect(Math.min(r.width, r.height), `${clean(b.textContent)} is a 60px target in large mode`).to.be.at.least(59.5);
    }
    const cell = $$(el, 'tbody td').find((td) => td.textContent!.trim() === '五星级')!;
    const range = document.createRange();
    range.selectNodeContents(cell);
    expect(range.getClientRects().length, '五星级 on one line').to.equal(1);
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
    const wrap = $(el, '.table-wrap')!;
    expect(wrap.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
    expect(wrap.scrollWidth, 'the table scrolls inside its own region').to.be.above(wrap.clientWidth);
    expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
    await expect(el).to.be.accessible();
  });

  it('says what the view switch will do, and which view is showing', async () => {
    const el = await map('region="370800"');
    const toggle = control(el, '以列表查看');
    expect(toggle.hasAttribute('aria-pressed'), 'not a pressed state that contradicts its label').to.equal(false);
    expect(clean($(el, '#view-now')!.textContent)).to.equal('（当前为地图）');
    toggle.click();
    await el.updateComplete;
    expect(clean(toggle.textContent)).to.equal('以地图查看');
    expect(clean($(el, '.summary')!.textContent)).to.contain('（当前为列表）');
    expect(el.shadowRoot!.getElementById(toggle.getAttribute('aria-describedby')!)!.textContent).to.contain('当前为列表');
    toggle.click();
    await el.updateComplete;
    expect(clean(toggle.textContent)).to.equal('以列表查看');
    const en = await map('region="370800" lang="en"');
    control(en, 'Show as a list').click();
    await en.updateComplete;
    expect(textOf(en)).to.contain('Show as map').and.contain('now showing the list');
  });

  it('names the liaison groups in their own order in the filter and the table', async () => {
    const el = await map('region="370812"');
    const expected = branchesResponse(filterBranches(branches, { region: YANZHOU })).groups;
    const select = $$(el, 'label')
      .find((l) => l.textContent!.includes('联系片'))!
      .querySelector('select')!;
    const options = [...select.options].map((o) => o.textContent!.trim());
    expect(options).to.deep.equal(['全部联系片', ...expected.map((g) => g.name)]);
    expect(
      options.some((o) => /^yz-g/.test(o)),
      'no raw ids',
    ).to.equal(false);
    const second = options.findIndex((o) => o.includes('第二联系片'));
    const tenth = options.findIndex((o) => o.includes('第十联系片'));
    expect(second).to.be.above(0);
    expect(tenth, '第二 before 第十').to.be.above(second);
    await choose(el, '联系片', expected[1].id);
    control(el, '以列表查看').click();
    await el.updateComplete;
    const groupCells = $$(el, 'tbody tr').map((tr) => clean(tr.children[3].textContent));
    expect(groupCells.length).to.be.above(0);
    expect(new Set(groupCells)).to.deep.equal(new Set([expected[1].name]));
  });

  it('captions the table with the region’s name, or without a dangling “in” for a whole city', async () => {
    const county = await map('region="370812" lang="en"');
    control(county, 'Show as a list').click();
    await county.updateComplete;
    expect(clean($(county, 'caption')!.textContent)).to.equal('Party branches in 兖州区');
    const city = await map('region="370800" lang="en"');
    expect($(city, 'svg.map-svg')!.getAttribute('aria-label')).to.equal('Party branches');
    control(city, 'Show as a list').click();
    await city.updateComplete;
    expect(clean($(city, 'caption')!.textContent)).to.equal('Party branches');
  });

  for (const name of ['', '  ', '\u3000']) {
    it(`names no place in the map's label and the table's caption when the one county's name is ${JSON.stringify(name)}`, async () => {
      const blank = structuredClone(regionOf('370812')!);
      blank.features[0].properties.name = name;
      worker.use(http.get('*/regions/:adcode', () => HttpResponse.json(blank)));
      for (const [lang, label] of [
        ['en', 'Party branches'],
        ['zh-CN', '党支部分布图'],
      ]) {
        const el = await map(`region="370812" lang="${lang}"`);
        expect($(el, 'svg.map-svg')!.getAttribute('aria-label'), `${lang} map`).to.equal(label);
        const hidden = $$(el, '.map p.visually-hidden').map((p) => clean(p.textContent));
        expect(
          hidden.filter((t) => /[:：]$/.test(t)),
          'no list of counties without a county',
        ).to.deep.equal([]);
        expect($$(el, 'text.county-name'), 'no blank name drawn').to.have.length(0);
        control(el, lang === 'en' ? 'Show as a list' : '以列表查看').click();
        await el.updateComplete;
        expect($(el, 'caption')!.textContent, `${lang} caption`).to.equal(label);
        expect($(el, '.table-wrap')!.getAttribute('aria-labelledby')).to.equal('table-caption');
      }
    });
  }

  it('still reads without container queries: the card goes under the map', async () => {
    const el = await map('region="370812"', 800);
    const root = el.shadowRoot!;
    root.adoptedStyleSheets = root.adoptedStyleSheets.map((sheet) => {
      const plain = new CSSStyleSheet();
      plain.replaceSync(
        [...sheet.cssRules]
          .filter((rule) => !(rule instanceof CSSContainerRule))
          .map((rule) => rule.cssText)
          .join('\n'),
      );
      return plain;
    });
    const pin = await zoomUntilPins(el, '.pin.stars-5');
    pin.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await el.updateComplete;
    const card = $(el, '[role="dialog"]')!.getBoundingClientRect();
    const svg = $(el, 'svg.map-svg')!.getBoundingClientRect();
    expect(card.top, 'under the map').to.be.at.least(svg.bottom - 0.5);
    expect(card.right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
  });
});
