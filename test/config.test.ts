/**
 * Endpoint precedence and page-wide configuration. configure() is page state,
 * so these tests run in order in their own file, each adding one level.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { configure } from '../src/index.js';
import type { DjBrandCard } from '../src/index.js';
import { callsTo } from './support/setup.js';
import { control, textOf, waitForText } from './support/dom.js';
import { faultEndpoint } from '../mocks/handlers.js';

const url = (base: string) => new URL(`${base}/brands/chengshen-weigong`, location.href).href;
const lastCall = () => callsTo('/brands/chengshen-weigong').at(-1)!;

async function cardIn(markup: string): Promise<DjBrandCard> {
  const box = await fixture(markup);
  const el = box.localName === 'dj-brand-card' ? (box as DjBrandCard) : box.querySelector('dj-brand-card')!;
  await waitForText(el, '诚审惟公');
  return el;
}

describe('endpoint precedence: attribute > provider > meta > configure() > default', () => {
  const meta = document.createElement('meta');
  meta.name = 'dj-endpoint';
  after(() => meta.remove());

  it('uses /dj-api/v1 when nothing is configured', async () => {
    await cardIn('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
    expect(lastCall().url).to.equal(url('/dj-api/v1'));
  });

  it('uses configure({endpoint}) over the default, and refetches live widgets', async () => {
    const el = await cardIn('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
    configure({ endpoint: '/configured/v1' });
    await el.updateComplete;
    await waitForText(el, '诚审惟公');
    expect(lastCall().url).to.equal(url('/configured/v1'));
  });

  it('uses <meta name="dj-endpoint"> over configure()', async () => {
    meta.content = 'https://portal.example.gov.cn/meta-api/v1';
    document.head.append(meta);
    // The mock answers any origin; the request goes to the meta tag's base.
    await cardIn('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
    expect(lastCall().url).to.equal('https://portal.example.gov.cn/meta-api/v1/brands/chengshen-weigong');
  });

  it('uses the nearest <dj-provider endpoint> over the meta tag', async () => {
    await cardIn(`<dj-provider endpoint="/outer/v1"><dj-provider endpoint="/inner/v1">
      <dj-brand-card brand-id="chengshen-weigong"></dj-brand-card></dj-provider></dj-provider>`);
    expect(lastCall().url).to.equal(url('/inner/v1'));
  });

  it('uses the widget’s endpoint attribute over everything', async () => {
    await cardIn(`<dj-provider endpoint="/provider/v1">
      <dj-brand-card endpoint="/attribute/v1/" brand-id="chengshen-weigong"></dj-brand-card></dj-provider>`);
    expect(lastCall().url, 'a trailing slash is tolerated').to.equal(url('/attribute/v1'));
  });

  it('refetches when the provider’s endpoint changes', async () => {
    const box = await fixture(
      html`<dj-provider endpoint="/one/v1"><dj-brand-card brand-id="chengshen-weigong"></dj-brand-card></dj-provider>`,
    );
    const el = box.querySelector('dj-brand-card')!;
    await waitForText(el, '诚审惟公');
    box.setAttribute('endpoint', '/two/v1');
    await waitForText(el, '诚审惟公');
    await new Promise((r) => setTimeout(r, 50));
    expect(lastCall().url).to.equal(url('/two/v1'));
  });
});

describe('configure()', () => {
  it('sends page-wide headers with every request', async () => {
    configure({ headers: { 'X-Portal-Key': 'demo-key' } });
    await cardIn('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
    expect(lastCall().headers.get('X-Portal-Key')).to.equal('demo-key');
    expect(lastCall().headers.get('Accept')).to.equal('application/json');
  });

  it('overrides any locale string page-wide', async () => {
    configure({ messages: { 'zh-CN': { retry: '再试一次' }, en: { retry: 'Retry now' } } });
    const el = await fixture<DjBrandCard>(`<dj-brand-card brand-id="x" endpoint="${faultEndpoint('500')}"></dj-brand-card>`);
    await waitForText(el, '再试一次');
    document.documentElement.lang = 'en';
    await waitForText(el, 'Retry now');
    expect(control(el, 'Retry now')).to.exist;
  });
});

describe('<dj-provider>', () => {
  it('hands language, large mode and theme to the widgets inside, the widget’s own attributes winning', async () => {
    const box = await fixture(`<dj-provider lang="en" large theme="dark">
      <dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>
      <dj-brand-card lang="zh-CN" brand-id="chengshen-weigong" theme="light"></dj-brand-card></dj-provider>`);
    const [en, zh] = box.querySelectorAll('dj-brand-card');
    await waitForText(en, 'View details');
    await waitForText(zh, '查看详情');
    const base = (el: Element) => el.shadowRoot!.querySelector('[part="base"]')!;
    expect(base(en).classList.contains('large')).to.equal(true);
    expect(base(en).classList.contains('theme-dark')).to.equal(true);
    expect(base(zh).classList.contains('theme-light')).to.equal(true);
    expect(parseFloat(getComputedStyle(base(en)).fontSize)).to.be.at.least(18);
    await expect(box).to.be.accessible();
  });

  it('switches the widgets’ language when its lang changes', async () => {
    const box = await fixture(`<dj-provider lang="zh-CN"><dj-brand-card brand-id="chengshen-weigong"></dj-brand-card></dj-provider>`);
    const el = box.querySelector('dj-brand-card')!;
    await waitForText(el, '查看详情');
    box.setAttribute('lang', 'en');
    await waitForText(el, 'View details');
    expect(textOf(el)).not.to.contain('查看详情');
  });
});
