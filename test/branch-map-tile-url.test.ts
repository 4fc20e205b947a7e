/**
 * `tile-url` goes through the kit's link check (safeUrl): a template with any
 * scheme but http(s), or a relative one, draws no tile (so none is requested)
 * and says so as a configuration error under the map, in Chinese and English,
 * in large mode too; the outlines and branches stay.
 */
import { expect, fixture } from '@open-wc/testing';
import '../src/index.js';
import type { DjBranchMap } from '../src/index.js';
import { $, $$, waitForSelector } from './support/dom.js';
import './support/setup.js';

async function map(attrs: string, width = 800): Promise<DjBranchMap> {
  const box = await fixture<HTMLElement>(`<div style="width: ${width}px"><dj-branch-map region="370800" ${attrs}></dj-branch-map></div>`);
  const el = box.firstElementChild as DjBranchMap;
  await waitForSelector(el, '.summary');
  await el.updateComplete;
  return el;
}

const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
/** Every image the map draws, tiles or not, by its href. */
const images = (el: DjBranchMap) => $$(el, 'image').map((i) => i.getAttribute('href'));

const REFUSED = [
  'javascript:alert(document.cookie)//{z}/{x}/{y}',
  '  JavaScript:alert(1)//{z}/{x}/{y}',
  'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="red"/></svg>#{z}{x}{y}',
  'file:///srv/tiles/{z}/{x}/{y}.png',
  'blob:https://portal.example/{z}-{x}-{y}',
  'vbscript:msgbox(1)',
];

describe('dj-branch-map refuses an unsafe tile-url', () => {
  for (const url of REFUSED) {
    it(`draws no tile for ${url.slice(0, 40)} and says why`, async () => {
      const el = await map(`tile-url="${attr(url)}" tile-attribution="测试底图"`);
      expect(images(el), 'no tile, so no tile request').to.deep.equal([]);
      const error = $(el, '.map [role="alert"]')!;
      expect(clean(error.textContent)).to.equal('组件配置有误：tile-url 只能是 http(s) 地址或相对地址，底图未加载');
      expect($(el, '.attribution'), 'no credit for tiles that are not there').to.equal(null);
      expect($$(el, 'path.county')).to.have.length(11);
      expect($$(el, '.pin, .cluster').length, 'the branches are still on the map').to.be.above(0);
    });
  }

  it('in English and large mode, readable and accessible, under the map and inside the widget at 320px', async () => {
    const el = await map(`tile-url="javascript:void(0)//{z}/{x}/{y}" lang="en" large`, 320);
    const error = $(el, '.map [role="alert"]')!;
    expect(clean(error.textContent)).to.equal(
      'The widget is not configured correctly: tile-url must be an http(s) or relative URL; the base map is not loaded',
    );
    expect(parseFloat(getComputedStyle(error).fontSize)).to.be.at.least(18);
    const box = $(el, '.map')!.getBoundingClientRect();
    const at = error.getBoundingClientRect();
    expect(at.top).to.be.at.least($(el, 'svg.map-svg')!.getBoundingClientRect().bottom - 0.5);
    expect(at.right).to.be.at.most(box.right + 0.5);
    expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
    await expect(el).to.be.accessible();
  });

  it('loads the tiles and their credit once tile-url is put right', async () => {
    const el = await map('tile-url="javascript:alert(1)//{z}/{x}/{y}" tile-attribution="测试底图"');
    expect(images(el)).to.deep.equal([]);
    el.tileUrl = '/tiles/{z}/{x}/{y}.svg';
    await el.updateComplete;
    expect(images(el).length).to.be.above(0);
    for (const href of images(el)) expect(href).to.match(/^\/tiles\/\d+\/\d+\/\d+\.svg$/);
    expect($(el, '.map [role="alert"]')).to.equal(null);
    expect(clean($(el, '.attribution')!.textContent)).to.equal('底图：测试底图');
  });

  it('takes an absolute http(s) template as it is', async () => {
    const el = await map(`tile-url="${location.origin}/tiles/{z}/{x}/{y}.svg"`);
    expect(images(el).length).to.be.above(0);
    expect(images(el)[0]!.startsWith(`${location.origin}/tiles/`)).to.equal(true);
    expect($(el, '.map [role="alert"]')).to.equal(null);
  });
});
