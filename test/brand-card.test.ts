import { expect, fixture, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/index.js';
import { brands, longTextBrand, minimalBrand } from '../src/demo/brands.js';
import { faultEndpoint } from '../mocks/handlers.js';
import type { DjBrandCard } from '../src/index.js';
import { runConformance } from './support/conformance.js';
import { $, $$, control, textOf, waitForSelector, waitForText } from './support/dom.js';
import { clippedBoxes, describeNode, frame, smallTargets, sticksOut } from './support/layout.js';
import './support/setup.js';
import { msg } from '../src/core/i18n.js';

const audit = brands.find((b) => b.id === 'chengshen-weigong')!;

runConformance({
  tag: 'dj-brand-card',
  attrs: 'brand-id="chengshen-weigong"',
  path: '/brands/chengshen-weigong',
  route: '*/brands/:id',
  readyText: '诚审惟公',
  snapshot: audit,
  emptyText: msg('zh-CN', 'brand.empty'),
  schemaPath: 'honors[2].title: expected string',
});

/** The name a screen reader gives a control labelled by ids in the card. */
const accessibleName = (el: Element, control: Element) =>
  control
    .getAttribute('aria-labelledby')!
    .split(' ')
    .map((id) => $(el, `#${id}`)!.textContent!.replace(/\s+/g, ' ').trim())
    .join(' ');

async function card(attrs: string, text: string): Promise<DjBrandCard> {
  const el = await fixture<DjBrandCard>(`<dj-brand-card ${attrs}></dj-brand-card>`);
  await waitForText(el, text);
  return el;
}

describe('dj-brand-card', () => {
  it('shows name, level, unit, honours with year and issuer, and figures', async () => {
    const el = await card('brand-id="chengshen-weigong"', '诚审惟公');
    const heading = $(el, '[role="heading"][aria-level="3"]')!;
    expect(heading.textContent).to.equal('诚审惟公');
    expect(textOf(el)).to.contain('党建品牌').and.contain('所属单位：济宁市审计局');
    const honour = $$(el, '.honors li')[0].textContent!.replace(/\s+/g, ' ');
    expect(honour).to.contain('市直机关首批十佳党建品牌').and.contain('2022 · 市委市直机关工委');
    const figures = $$(el, '.highlight').map((h) => h.textContent!.replace(/\s+/g, ''));
    expect(figures).to.include('五星级党支部7个');
    expect(textOf(el)).to.contain('更新于 2024-');
  });

  it('shows a sub-brand’s level and the brand it belongs to', async () => {
    const el = await card('brand-id="xingzaiqian-zhengdangxian"', '行在前 政当先');
    expect(textOf(el)).to.contain('子品牌').and.contain('隶属于 担当作为 兖政先锋');
  });

  it('shows three sub-brands, then all seven with the toggle, by mouse and keyboard', async () => {
    const el = await card('brand-id="yanzheng-xianfeng"', '担当作为 兖政先锋');
    expect(textOf(el)).to.contain(msg('zh-CN', 'brand.subBrands', { count: 7 }));
    expect($$(el, '.sub-brands li')).to.have.length(3);
    const toggle = control(el, msg('zh-CN', 'brand.subBrands.all', { count: 7 }));
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(toggle.getAttribute('aria-controls')).to.equal('subs');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect($$(el, '.sub-brands li')).to.have.length(7);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.textContent).to.contain(msg('zh-CN', 'brand.subBrands.less', { count: 3 }));
    toggle.click();
    await el.updateComplete;
    expect($$(el, '.sub-brands li')).to.have.length(3);
  });

  it('clamps a long summary and expands it', async () => {
    const el = await card(`brand-id="${longTextBrand.id}"`, longTextBrand.name);
    const summary = await waitForSelector(el, '.summary');
    const clamped = summary.getBoundingClientRect().height;
    const more = await waitForSelector(el, '.summary-wrap button');
    expect(more.textContent).to.contain('展开全文');
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    more.click();
    await el.updateComplete;
    expect(summary.getBoundingClientRect().height).to.be.above(clamped * 2);
    expect(more.getAttribute('aria-expanded')).to.equal('true');
    expect(more.textContent).to.contain('收起');
    await expect(el).to.be.accessible();
  });

  it('offers no expand button for a summary that fits', async () => {
    const el = await card(`brand-id="${minimalBrand.id}"`, minimalBrand.name);
    await el.updateComplete;
    expect($(el, '.summary-wrap button')).to.equal(null);
  });

  it('reserves the image box before the image loads, with alt text, lazily', async () => {
    const el = await card('brand-id="chengshen-weigong"', '诚审惟公');
    const img = $<HTMLImageElement>(el, 'img')!;
    expect(img.alt).to.equal(audit.image!.alt);
    expect(img.loading).to.equal('lazy');
    const box = $(el, '.media')!.getBoundingClientRect();
    expect(box.height / box.width).to.be.closeTo(9 / 16, 0.01);
  });

  it('loads the image of a card above the fold at once, first, when the page marks it `priority`', async () => {
    const el = await card('brand-id="chengshen-weigong" priority', '诚审惟公');
    const img = $<HTMLImageElement>(el, 'img')!;
    expect(img.loading).to.equal('eager');
    expect(img.fetchPriority).to.equal('high');
    expect($<HTMLImageElement>(await card('brand-id="chengshen-weigong"', '诚审惟公'), 'img')!.fetchPriority).to.equal('auto');
  });

  it('leaves out a broken image instead of showing a broken icon', async () => {
    const el = await card('brand-id="chengshen-weigong"', '诚审惟公');
    $(el, 'img')!.dispatchEvent(new Event('error'));
    await el.updateComplete;
    expect($(el, '.media')).to.equal(null);
  });

  it('shows no image box when the brand has no image', async () => {
    const el = await card(`brand-id="${minimalBrand.id}"`, minimalBrand.name);
    expect($(el, '.media')).to.equal(null);
    expect(textOf(el)).not.to.contain('所获荣誉');
  });

  it('fires a cancelable dj-brand-select from the details link', async () => {
    const el = await card('brand-id="chengshen-weigong"', '诚审惟公');
    const link = $<HTMLAnchorElement>(el, 'a[part="action"]')!;
    expect(link.getAttribute('href')).to.equal(audit.url);
    expect(link.textContent!.trim(), 'the visible text').to.equal('查看详情');
    expect(accessibleName(el, link), 'the name says which brand').to.equal('查看详情 诚审惟公');
    el.addEventListener('dj-brand-select', (e) => e.preventDefault(), { once: true });
    // Seen after the widget's own handler; then stopped, so that a widget that
    // lets the link navigate fails this test instead of leaving the test page.
    let kept: boolean | undefined;
    el.addEventListener('click', (e) => ((kept = e.defaultPrevented), e.preventDefault()), { once: true });
    setTimeout(() => link.click());
    const event = await oneEvent(el, 'dj-brand-select');
    expect(event.detail).to.deep.equal({ id: 'chengshen-weigong' });
    expect(event.bubbles && event.composed).to.equal(true);
    expect(kept, 'preventDefault() on dj-brand-select keeps the link from navigating').to.equal(true);
  });

  it('offers a button that fires dj-brand-select when the brand has no page, by keyboard', async () => {
    const el = await card(`brand-id="${minimalBrand.id}"`, minimalBrand.name);
    const button = $<HTMLButtonElement>(el, 'button[part="action"]')!;
    expect(accessibleName(el, button)).to.equal(`查看详情 ${minimalBrand.name}`);
    button.focus();
    const selected = oneEvent(el, 'dj-brand-select');
    await sendKeys({ press: 'Space' });
    const event = await selected;
    expect(event.detail).to.deep.equal({ id: minimalBrand.id });
  });

  it('says which brand was not found on a 404', async () => {
    const el = await card('brand-id="no-such-brand"', msg('zh-CN', 'brand.notFound', { id: 'no-such-brand' }));
    expect($(el, '[role="alert"]')).to.exist;
    document.documentElement.lang = 'en';
    await waitForText(el, msg('en', 'brand.notFound', { id: 'no-such-brand' }));
  });

  it('says brand-id is missing when none is given, without a request', async () => {
    const el = await card('', msg('zh-CN', 'brand.noId'));
    expect($(el, '.state.empty')).to.exist;
  });

  it('loads another brand when brand-id changes', async () => {
    const el = await card('brand-id="chengshen-weigong"', '诚审惟公');
    el.brandId = 'ying-zai-jining';
    await waitForText(el, '营在济宁');
    expect(textOf(el)).not.to.contain('诚审惟公');
  });

  for (const layout of ['card', 'horizontal', 'compact'] as const) {
    it(`lays out as ${layout}, accessibly`, async () => {
      const el = await card(`brand-id="yanzheng-xianfeng" layout="${layout}" style="width:720px"`, '担当作为 兖政先锋');
      const media = $(el, '.media');
      if (layout === 'compact') {
        expect(media).to.equal(null);
        expect(textOf(el)).not.to.contain('所获荣誉');
      } else {
        const side = media!.getBoundingClientRect().right < $(el, '.head')!.getBoundingClientRect().left + 1;
        expect(side, 'image beside the text').to.equal(layout === 'horizontal');
      }
      await expect(el).to.be.accessible();
    });
  }

  it('stacks the horizontal layout in a narrow container', async () => {
    const el = await card('brand-id="yanzheng-xianfeng" layout="horizontal" style="width:360px"', '担当作为 兖政先锋');
    expect($(el, '.media')!.getBoundingClientRect().bottom).to.be.at.most($(el, '.head')!.getBoundingClientRect().top + 1);
  });

  it('takes the heading level the page needs', async () => {
    const el = await card('brand-id="chengshen-weigong" heading-level="2"', '诚审惟公');
    expect($(el, '#name')!.getAttribute('aria-level')).to.equal('2');
    expect($(el, '#honors-title')!.getAttribute('aria-level')).to.equal('3');
    el.headingLevel = 9;
    await el.updateComplete;
    expect($(el, '#name')!.getAttribute('aria-level'), 'out of range falls back to 3').to.equal('3');
  });

  it('fires no dj-load when there is nothing to fetch', async () => {
    let loads = 0;
    const count = () => loads++;
    document.addEventListener('dj-load', count);
    try {
      await card('', 'brand-id');
      await new Promise((r) => setTimeout(r, 50));
      expect(loads).to.equal(0);
    } finally {
      document.removeEventListener('dj-load', count);
    }
  });

  it('formats figures with Intl in English', async () => {
    // 营在济宁 has 1100 press releases among its figures.
    const el = await card('lang="en" brand-id="ying-zai-jining"', 'View details');
    const figures = $$(el, '.figure').map((f) => f.textContent!.trim());
    expect(figures).to.include('1,100');
    expect(textOf(el))
      .to.contain('Unit: ')
      .and.contain(msg('en', 'brand.updated', { date: '2024-11-20' }));
    await expect(el).to.be.accessible();
  });

  it('marks the brand data as Chinese in an English interface', async () => {
    const el = await card('lang="en" brand-id="chengshen-weigong"', 'View details');
    const langOf = (node: Element) => node.closest('[lang]')!.getAttribute('lang');
    expect(langOf($(el, '[part="name"]')!)).to.equal('zh-CN');
    expect(langOf($(el, '.honors li')!)).to.equal('zh-CN');
    const unit = $(el, '.unit')!;
    expect(langOf(unit), 'the label is English').to.equal('en');
    expect(langOf(unit.querySelector('span')!)).to.equal('zh-CN');
    expect(unit.querySelector('span')!.textContent).to.equal('济宁市审计局');
    expect(langOf($(el, '.highlights')!), 'the list’s label is English').to.equal('en');
  });

  it('is accessible in the dark theme and with many honours', async () => {
    const el = await card('brand-id="many-honors-demo" theme="dark"', '荣誉');
    expect($$(el, '.honors li').length).to.equal(12);
    await expect(el).to.be.accessible();
  });

  it('passes axe with several cards on one page (no duplicate landmarks)', async () => {
    const box = await fixture(`<div>
      <dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>
      <dj-brand-card brand-id="yanzheng-xianfeng"></dj-brand-card></div>`);
    const [a, b] = box.querySelectorAll('dj-brand-card');
    await waitForText(a, '所获荣誉');
    await waitForText(b, '子品牌');
    await expect(box).to.be.accessible();
  });

  it('sets no text under 18px in large mode', async () => {
    const el = await card('large brand-id="yanzheng-xianfeng"', '担当作为 兖政先锋');
    const small = $$(el, '*')
      .filter((n) => [...n.childNodes].some((c) => c.nodeType === 3 && c.textContent!.trim()) && !n.closest('.visually-hidden'))
      .filter((n) => parseFloat(getComputedStyle(n).fontSize) < 18)
      .map((n) => n.className || n.localName);
    expect(small).to.deep.equal([]);
  });

  it('keeps the error of one card from touching another', async () => {
    const box = await fixture(`<div>
      <dj-brand-card brand-id="chengshen-weigong" endpoint="${faultEndpoint('500')}"></dj-brand-card>
      <dj-brand-card brand-id="chengshen-weigong"></dj-brand-card></div>`);
    const [bad, good] = box.querySelectorAll('dj-brand-card');
    await waitForText(bad, 'HTTP 500');
    await waitForText(good, '诚审惟公');
  });
});

/* ---------------------------------------------------------------------------
 * Layout as a person sees it, and a strict CSP.
 */

const LAYOUTS = [
  ['card', 'long-text-demo'],
  ['card', 'yanzheng-xianfeng'],
  ['horizontal', 'hongyao-jiaoyu'],
  ['horizontal', 'long-text-demo'],
  ['compact', 'zhongcheng-dangban'],
  ['compact', 'long-text-demo'],
] as const;

describe('dj-brand-card layout', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  for (const width of [320, 390, 768, 1280]) {
    for (const lang of ['zh-CN', 'en']) {
      for (const large of [false, true]) {
        it(`fits a ${width} px page in ${lang}${large ? ', large mode' : ''}: every layout, opened, and loading`, async () => {
          await setViewport({ width, height: 900 });
          const mode = `lang="${lang}" ${large ? 'large' : ''}`;
          const box = await fixture<HTMLElement>(`<div>
            ${LAYOUTS.map(([layout, id]) => `<dj-brand-card brand-id="${id}" layout="${layout}" ${mode}></dj-brand-card>`).join('')}
            ${['card', 'horizontal', 'compact'].map((layout) => `<dj-brand-card class="loading" brand-id="x" layout="${layout}" endpoint="${faultEndpoint('timeout')}" timeout="3600000" ${mode}></dj-brand-card>`).join('')}
          </div>`);
          const cards = [...box.querySelectorAll<DjBrandCard>('dj-brand-card')];
          for (const el of cards) await waitForSelector(el, el.classList.contains('loading') ? '.skeleton' : '[part="card"]');
          await frame();
          const check = (when: string) => {
            for (const el of cards) {
              const what = `${when}, ${el.getAttribute('layout')} ${el.getAttribute('brand-id')}${el.classList.contains('loading') ? ' loading' : ''}`;
              expect(sticksOut(el), `${what}: nothing outside the card's box`).to.deep.equal([]);
              expect(clippedBoxes(el), `${what}: no text cut off`).to.deep.equal([]);
              expect(smallTargets(el, large ? 60 : 44), `${what}: targets`).to.deep.equal([]);
            }
            expect(document.documentElement.scrollWidth, `${when}: the page does not scroll sideways`).to.be.at.most(
              document.documentElement.clientWidth,
            );
          };
          check('closed');
          // Open everything that opens: the summary and the sub-brand list.
          await frame();
          for (const el of cards) {
            for (const button of $$(el, '.link-button[aria-expanded="false"]')) button.click();
            await el.updateComplete;
          }
          expect($$(cards[0], '.summary-wrap .link-button[aria-expanded="true"]').length, 'the long summary opened').to.equal(1);
          check('opened');
        });
      }
    }
  }

  it('keeps no tall empty column under the image in the horizontal layout', async () => {
    const el = await card('brand-id="hongyao-jiaoyu" layout="horizontal" style="width: 832px"', '红耀教育 争当旗帜');
    const media = $(el, '.media')!.getBoundingClientRect();
    const head = $(el, '.head')!.getBoundingClientRect();
    const body = $(el, '.body')!.getBoundingClientRect();
    expect(media.right, 'the image beside the name').to.be.at.most(head.left);
    // The details run under the image, across the whole card.
    expect(body.top - media.bottom, 'space under the image').to.be.within(0, 24);
    expect(body.left).to.be.at.most(media.left + 1);
    expect(head.height, 'the name block is no taller than the image').to.be.at.most(media.height + 1);
  });

  it('reads without container queries: the horizontal card stacks like the card layout', async () => {
    await setViewport({ width: 1280, height: 900 });
    const el = await card('brand-id="hongyao-jiaoyu" layout="horizontal" style="width: 832px"', '红耀教育 争当旗帜');
    // What a browser without container queries applies: every rule but the @container ones.
    const root = el.shadowRoot!;
    root.adoptedStyleSheets = root.adoptedStyleSheets.map((sheet) => {
      const copy = new CSSStyleSheet();
      copy.replaceSync(
        [...sheet.cssRules]
          .filter((rule) => !(rule instanceof CSSContainerRule))
          .map((rule) => rule.cssText)
          .join('\n'),
      );
      return copy;
    });
    const media = $(el, '.media')!.getBoundingClientRect();
    expect(media.bottom, 'image above the name').to.be.at.most($(el, '.head')!.getBoundingClientRect().top + 1);
    expect(media.width).to.be.closeTo($(el, '.head')!.getBoundingClientRect().width, 2);
    expect(sticksOut(el)).to.deep.equal([]);
    expect(clippedBoxes(el)).to.deep.equal([]);
  });

  it('sets no style attribute in any state (a strict CSP refuses them)', async () => {
    const styled = (el: Element) => $$(el, '[style]').map(describeNode);
    for (const layout of ['card', 'horizontal', 'compact']) {
      const loading = await fixture<DjBrandCard>(
        `<dj-brand-card brand-id="x" layout="${layout}" endpoint="${faultEndpoint('timeout')}" timeout="3600000"></dj-brand-card>`,
      );
      await waitForSelector(loading, '.skeleton');
      expect($$(loading, '.bone').length, `${layout} skeleton`).to.be.above(2);
      expect(styled(loading), `${layout} loading`).to.deep.equal([]);
      const el = await card(`brand-id="yanzheng-xianfeng" layout="${layout}"`, '担当作为 兖政先锋');
      expect(styled(el), layout).to.deep.equal([]);
      for (const button of $$(el, '.link-button')) button.click();
      await el.updateComplete;
      expect(styled(el), `${layout} opened`).to.deep.equal([]);
    }
    const broken = await card('brand-id="chengshen-weigong"', '诚审惟公');
    $(broken, 'img')!.dispatchEvent(new Event('error'));
    await broken.updateComplete;
    expect(styled(broken), 'image failed').to.deep.equal([]);
    for (const [attrs, text] of [
      ['', 'brand-id'],
      [`brand-id="chengshen-weigong" endpoint="${faultEndpoint('500')}"`, 'HTTP 500'],
      [`brand-id="chengshen-weigong" endpoint="${faultEndpoint('empty')}"`, '暂无'],
    ]) {
      const other = await card(attrs, text);
      expect(styled(other), attrs).to.deep.equal([]);
    }
  });

  it('shapes the skeleton like the card: bones of different widths from classes', async () => {
    const el = await fixture<DjBrandCard>(
      `<dj-brand-card brand-id="x" endpoint="${faultEndpoint('timeout')}" timeout="3600000" style="width: 400px"></dj-brand-card>`,
    );
    await waitForSelector(el, '.skeleton');
    const widths = $$(el, '.head .bone').map((b) => Math.round(b.getBoundingClientRect().width));
    expect(new Set(widths).size, `widths ${widths}`).to.equal(3);
    expect(Math.max(...widths)).to.be.below($(el, '.head')!.getBoundingClientRect().width);
    expect($(el, '.bone-action')!.getBoundingClientRect().height).to.be.at.least(44);
  });
});
