import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import { branches, filterBranches, YANZHOU } from '../mocks/fixtures/branches.js';
import type { DjBranchMap } from '../src/index.js';
import { runConformance } from './support/conformance.js';
import { $, $$, control, textOf, waitForSelector, waitForText } from './support/dom.js';
import './support/setup.js';

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

/** The detail card's rows as “label value”. */
const cardRows = (el: Element) => $$(el, '[role="dialog"] dl > div').map((row) => `${clean(row.querySelector('dt')!.textContent)} ${clean(row.querySelector('dd')!.textContent)}`);

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
  const select = $$(el, 'label').find((l) => l.textContent!.includes(label))!.querySelector('select')!;
  select.value = value;
  select.dispatchEvent(new Event('change'));
  await (el as DjBranchMap).updateComplete;
}

describe('dj-branch-map', () => {
  it('draws the 11 counties with their names and every branch as a pin or in a cluster', async () => {
    const el = await map();
    expect($$(el, 'path.county')).to.have.length(11);
    const names = $$(el, '.county-name').map((t) => t.textContent);
    expect(names).to.include('兖州区').and.include('任城区').and.include('微山县');
    expect(markedCount(el)).to.equal(total);
    expect(clean($(el, '.summary')!.textContent)).to.equal(`五星级 ${fives} 个 / 共 ${total} 个`);
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

  it('opens a detail card on a pin, fires dj-branch-select; Esc closes it and returns focus', async () => {
    const el = await map('region="370812"');
    const pin = await zoomUntilPins(el, '.pin.stars-5');
    const id = pin.dataset.id!;
    const branch = branches.find((b) => b.id === id)!;
    pin.focus();
    setTimeout(() => sendKeys({ press: 'Enter' }));
    const selected = await oneEvent(el, 'dj-branch-select');
    expect(selected.detail).to.deep.equal({ id });
    await el.updateComplete;
    const card = await waitForSelector(el, '[role="dialog"]');
    expect(clean(card.querySelector('.card-title')!.textContent)).to.equal(branch.name);
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
    expect(clean($(el, '.summary')!.textContent)).to.equal(`五星级 ${fives} 个 / 共 ${fives} 个`);
    await choose(el, '星级', '0');
    const group = branches.find((b) => b.groupId)!.groupId!;
    await choose(el, '联系片', group);
    const inGroup = branches.filter((b) => b.groupId === group);
    expect(markedCount(el)).to.equal(inGroup.length);
    expect(clean($(el, '.summary')!.textContent)).to.equal(`五星级 ${inGroup.filter((b) => b.stars === 5).length} 个 / 共 ${inGroup.length} 个`);
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
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    const shown = filterBranches(branches, { region: YANZHOU }).filter((b) => b.stars >= 4);
    // Fifty rows at a time.
    while ($(el, 'table + .link-button')) {
      $(el, 'table + .link-button')!.click();
      await el.updateComplete;
    }
    const rows = $$(el, 'tbody tr');
    expect(rows).to.have.length(shown.length);
    expect(shown.length, 'the test pages through').to.be.above(50);
    expect($(el, 'th[aria-sort="descending"]')!.textContent).to.contain('星级');
    const sortByName = $$(el, 'th button.sort').find((b) => b.textContent!.includes('党支部'))!;
    sortByName.click();
    await el.updateComplete;
    expect(sortByName.closest('th')!.getAttribute('aria-sort')).to.equal('ascending');
    const names = $$(el, 'tbody th').map((th) => clean(th.textContent));
    expect(names).to.deep.equal([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    await expect(el).to.be.accessible();
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
    const tiled = await map('region="370800" tile-url="/tiles/{z}/{x}/{y}.svg" tile-attribution="测试底图" review-number="GS（2024）0650号"');
    const tiles = $$<SVGImageElement>(tiled, 'image.tile');
    expect(tiles.length).to.be.above(0);
    expect(tiles[0].getAttribute('href')).to.match(/^\/tiles\/\d+\/\d+\/\d+\.svg$/);
    const credit = clean($(tiled, '.attribution')!.textContent);
    expect(credit).to.contain('底图：测试底图').and.contain('审图号：GS（2024）0650号');
    const box = $(tiled, '.map')!.getBoundingClientRect();
    const at = $(tiled, '.attribution')!.getBoundingClientRect();
    expect(at.left - box.left, 'bottom-left').to.be.below(2);
    expect(box.bottom - at.bottom).to.be.below(2);
  });

  it('shows the outlines while the branches load, and says which region was not found', async () => {
    const el = await fixture<DjBranchMap>('<dj-branch-map region="999999"></dj-branch-map>');
    await waitForText(el, '没有找到行政区划代码为“999999”的地区');
  });

  it('speaks English and stays accessible in large mode', async () => {
    const el = await map('region="370800" lang="en" large');
    expect(clean($(el, '.summary')!.textContent)).to.equal(`Five-star: ${fives} / all: ${total}`);
    expect(textOf(el)).to.contain('Show as a list');
    await expect(el).to.be.accessible();
  });
});

