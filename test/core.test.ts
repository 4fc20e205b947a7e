import { expect, fixture, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../src/index.js';
import type { DjBrandCard } from '../src/index.js';
import { define } from '../src/core/define.js';
import { formatDate, formatNumber, safeUrl } from '../src/core/format.js';
import { formatDateTime, formatDayWithWeekday } from '../src/widgets/open-day-booking/dates.js';
import { toLocale } from '../src/core/i18n.js';
import { baseStyles, darkColors, lightColors, textPairs } from '../src/core/styles.js';
import { FRESH_MS } from '../src/core/client.js';
import { VERSION } from '../src/core/version.js';
import { callsTo } from './support/setup.js';
import { $, textOf, waitForText } from './support/dom.js';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('tokens', () => {
  for (const [scheme, colors] of [
    ['light', lightColors],
    ['dark', darkColors],
  ] as const) {
    for (const [fg, bg] of textPairs) {
      it(`${scheme}: ${fg} on ${bg} meets 4.5:1`, () => {
        expect(contrast(colors[fg], colors[bg])).to.be.at.least(4.5);
      });
    }
  }

  it('draws with the colours the contrast checks test, in light, dark and auto-dark', async () => {
    for (const [theme, colors, media] of [
      ['light', lightColors, 'light'],
      ['dark', darkColors, 'light'],
      ['auto', darkColors, 'dark'],
    ] as const) {
      await emulateMedia({ colorScheme: media });
      try {
        const el = await fixture<DjBrandCard>(`<dj-brand-card theme="${theme}" endpoint="/dj-api/fault/timeout"></dj-brand-card>`);
        const style = getComputedStyle($(el, '[part="base"]')!);
        for (const [name, value] of Object.entries(colors)) {
          expect(style.getPropertyValue(`--_${name}`).trim().toUpperCase(), `${theme} --_${name}`).to.equal(value.toUpperCase());
        }
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    }
  });

  it('draws in party red #C8161D and gold #8A6A00 by default', async () => {
    const el = await fixture<DjBrandCard>('<dj-brand-card brand-id="ying-zai-jining"></dj-brand-card>');
    await waitForText(el, '营在济宁');
    expect(getComputedStyle($(el, '.figure')!).color, 'a key figure').to.equal('rgb(200, 22, 29)');
    expect(getComputedStyle($(el, '.slogan')!).color, 'the slogan').to.equal('rgb(138, 106, 0)');
  });

  it('follows the system colour scheme with theme="auto"', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const el = await fixture<DjBrandCard>('<dj-brand-card theme="auto" brand-id="chengshen-weigong"></dj-brand-card>');
      await waitForText(el, '诚审惟公');
      expect(getComputedStyle($(el, '[part="base"]')!).color).to.equal('rgb(243, 237, 233)');
      const light = await fixture<DjBrandCard>('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
      await waitForText(light, '诚审惟公');
      expect(getComputedStyle($(light, '[part="base"]')!).color, 'light by default on any system').to.equal('rgb(31, 26, 23)');
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('lets a page restyle through --dj-* tokens and ::part', async () => {
    const box = await fixture(`<div><style>.themed { --dj-color-primary: #0B5394; --dj-radius: 2px; }
      .themed::part(name) { letter-spacing: 2px; }</style>
      <dj-brand-card class="themed" brand-id="chengshen-weigong"></dj-brand-card></div>`);
    const el = box.querySelector('dj-brand-card')!;
    await waitForText(el, '诚审惟公');
    expect(getComputedStyle($(el, '.level')!).backgroundColor).to.equal('rgb(11, 83, 148)');
    expect(getComputedStyle($(el, '[part="name"]')!).letterSpacing).to.equal('2px');
  });
});

describe('data client', () => {
  it('serves a second widget from the page cache at once, without a request', async () => {
    const first = await fixture<DjBrandCard>('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
    await waitForText(first, '诚审惟公');
    const second = await fixture<DjBrandCard>('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
    expect(textOf(second), 'first render').to.contain('诚审惟公');
    await new Promise((r) => setTimeout(r, 50));
    expect(callsTo('/brands/chengshen-weigong')).to.have.length(1);
  });

  it('shows stale cached data at once and revalidates with If-None-Match', async () => {
    const first = await fixture<DjBrandCard>('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
    await waitForText(first, '诚审惟公');
    const realNow = Date.now;
    Date.now = () => realNow() + FRESH_MS + 1000;
    try {
      const second = await fixture<DjBrandCard>('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
      expect(textOf(second), 'cached data before the revalidation answers').to.contain('诚审惟公');
      const loaded = new Promise((r) => second.addEventListener('dj-load', r, { once: true }));
      await loaded;
      const calls = callsTo('/brands/chengshen-weigong');
      expect(calls).to.have.length(2);
      expect(calls[1].headers.get('If-None-Match')).to.match(/^W\/"[0-9a-f]+"$/);
      expect(textOf(second)).to.contain('诚审惟公');
    } finally {
      Date.now = realNow;
    }
  });

  describe('off screen', () => {
    const farDown = '<div><div style="height: 300vh"></div><dj-brand-card brand-id="chengshen-weigong"></dj-brand-card></div>';
    afterEach(() => {
      document.head.querySelector('meta[name="dj-loading"]')?.remove();
      window.scrollTo(0, 0);
    });

    it('fetches only when the reader scrolls near, on a page with <meta name="dj-loading" content="lazy">', async () => {
      document.head.insertAdjacentHTML('beforeend', '<meta name="dj-loading" content="lazy">');
      const el = (await fixture(farDown)).querySelector<DjBrandCard>('dj-brand-card')!;
      await new Promise((r) => setTimeout(r, 300));
      expect(callsTo('/brands/chengshen-weigong'), 'requests while off screen').to.have.length(0);
      expect(el.shadowRoot!.querySelector('.bone'), 'the skeleton holds its place').to.exist;
      el.scrollIntoView();
      await waitForText(el, '诚审惟公');
      expect(callsTo('/brands/chengshen-weigong')).to.have.length(1);
    });

    it('draws each widget of a lazy page in a task of its own, not all in the one that defines them', async () => {
      document.head.insertAdjacentHTML('beforeend', '<meta name="dj-loading" content="lazy">');
      const box = document.createElement('div');
      box.innerHTML =
        '<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card><dj-brand-card brand-id="ying-zai-jining"></dj-brand-card>';
      document.body.append(box);
      try {
        const cards = [...box.querySelectorAll<DjBrandCard>('dj-brand-card')];
        await Promise.resolve();
        expect(
          cards.map((el) => el.shadowRoot!.childElementCount),
          'drawn in the inserting task',
        ).to.deep.equal([0, 0]);
        await Promise.all(cards.map((el) => el.updateComplete));
        expect(
          cards.map((el) => !!el.shadowRoot!.querySelector('[part="base"]')),
          'drawn after a turn',
        ).to.deep.equal([true, true]);
      } finally {
        box.remove();
      }
    });

    it('fetches at once on any other page', async () => {
      const el = (await fixture(farDown)).querySelector<DjBrandCard>('dj-brand-card')!;
      await waitForText(el, '诚审惟公');
      expect(window.scrollY).to.equal(0);
    });

    it('shows cached data at once, even far down a lazy page', async () => {
      await waitForText(await fixture<DjBrandCard>('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>'), '诚审惟公');
      document.head.insertAdjacentHTML('beforeend', '<meta name="dj-loading" content="lazy">');
      const el = (await fixture(farDown)).querySelector<DjBrandCard>('dj-brand-card')!;
      expect(textOf(el)).to.contain('诚审惟公');
    });
  });

  it('defaults to a 10 s timeout', async () => {
    const el = await fixture<DjBrandCard>('<dj-brand-card></dj-brand-card>');
    expect(el.timeout).to.equal(10_000);
  });

  it('says so when timeout is not a positive number, without a request', async () => {
    const el = await fixture<DjBrandCard>('<dj-brand-card brand-id="chengshen-weigong" timeout="soon"></dj-brand-card>');
    await waitForText(el, '组件配置有误');
    expect(textOf(el)).to.contain('timeout="NaN"');
    expect(callsTo('/brands/chengshen-weigong')).to.have.length(0);
  });
});

describe('formatting and language', () => {
  it('shows dates as YYYY-MM-DD in China time', () => {
    expect(formatDate('2024-06-01T00:30:00+08:00')).to.equal('2024-06-01');
    expect(formatDate('not a date')).to.equal('not a date');
    expect(formatDateTime('2024-09-11T16:05:00Z')).to.equal('2024-09-12 00:05');
  });

  it('works out China time without Intl.DateTimeFormat, so no locale pattern or zone data is involved', () => {
    // Its first use with a time zone loads the engine's zone data (a long task on a phone), and
    // WebKit with an older ICU writes en-CA dates the American way: the fixed formats use neither.
    const original = Intl.DateTimeFormat;
    Intl.DateTimeFormat = function () {
      throw new Error('Intl.DateTimeFormat used');
    } as unknown as typeof Intl.DateTimeFormat;
    try {
      expect(formatDate('2024-09-12T10:00:00+08:00')).to.equal('2024-09-12');
      expect(formatDateTime('2024-09-12T10:00:00+08:00')).to.equal('2024-09-12 10:00');
      // The turn of a year in Jining, still the old year in UTC.
      expect(formatDateTime('2026-12-31T16:00:00Z')).to.equal('2027-01-01 00:00');
      expect(formatDayWithWeekday('2026-12-31T16:00:00Z', 'zh-CN', { year: true })).to.equal('2027年1月1日 星期五');
      expect(formatDayWithWeekday('2026-12-31T16:00:00Z', 'en', { year: true })).to.equal('Friday 1 January 2027');
      expect(formatDayWithWeekday('2027-02-28T23:59:00+08:00', 'en')).to.equal('Sunday 28 February');
    } finally {
      Intl.DateTimeFormat = original;
    }
  });

  it('names the weekday with the day, in China time', () => {
    expect(formatDayWithWeekday('2026-12-06', 'zh-CN')).to.equal('12月6日 星期日');
    expect(formatDayWithWeekday('2026-12-06', 'en')).to.equal('Sunday 6 December');
    // 23:30 in UTC on the 5th is already the 6th in Jining.
    expect(formatDayWithWeekday('2026-12-05T23:30:00Z', 'zh-CN', { year: true })).to.equal('2026年12月6日 星期日');
    expect(formatDayWithWeekday('2026-12-05T23:30:00Z', 'en', { year: true })).to.equal('Sunday 6 December 2026');
  });

  it('writes figures as Intl.NumberFormat does in zh-CN and en, without making one', () => {
    const values = [
      0,
      7,
      42,
      999,
      1000,
      1234,
      12_345,
      100_000,
      1_234_567,
      1230.5,
      98.6,
      0.05,
      0.0004,
      0.0005,
      1.0005,
      2.3456,
      9.9995,
      999.9999,
      1e9 + 0.125,
      1e21,
      1.5e-7,
      123e20,
      -3,
      -0.0001,
      -12_345.678,
    ];
    const made = values.map((v) => [new Intl.NumberFormat('zh-CN').format(v), new Intl.NumberFormat('en').format(v)]);
    const original = Intl.NumberFormat;
    Intl.NumberFormat = function () {
      throw new Error('Intl.NumberFormat used');
    } as unknown as typeof Intl.NumberFormat;
    try {
      values.forEach((v, i) => {
        expect(formatNumber(v), String(v)).to.equal(made[i][0]);
        expect(formatNumber(v), String(v)).to.equal(made[i][1]);
      });
    } finally {
      Intl.NumberFormat = original;
    }
  });

  it('sets English in a Latin face first and Chinese, inside English too, in a CJK face first', async () => {
    // A CJK face draws Latin punctuation full width ("server’ s"); Chinese names inside English keep theirs.
    const host = await fixture<HTMLDivElement>('<div></div>');
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [baseStyles.styleSheet!];
    root.innerHTML = '<div class="base" lang="en">x <span lang="zh-CN">第一联系片</span></div><div class="base" lang="zh-CN">x</div>';
    const first = (el: Element) => getComputedStyle(el).fontFamily.split(',')[0].trim();
    const [en, zh] = root.querySelectorAll('.base');
    expect(first(en)).to.equal('-apple-system');
    expect(first(en.querySelector('span')!)).to.match(/PingFang SC/);
    expect(first(zh)).to.match(/PingFang SC/);
  });

  it('maps lang values to the two locales', () => {
    expect(['zh', 'zh-CN', 'zh-Hans', '', null, 'fr'].map(toLocale)).to.deep.equal(Array(6).fill('zh-CN'));
    expect(['en', 'en-GB', 'EN-us'].map(toLocale)).to.deep.equal(['en', 'en', 'en']);
  });

  it('allows only http(s) and relative links', () => {
    expect(safeUrl('/brands/a.html')).to.equal('/brands/a.html');
    expect(safeUrl('https://example.gov.cn/a')).to.equal('https://example.gov.cn/a');
    expect(safeUrl('javascript:alert(1)')).to.equal(undefined);
    expect(safeUrl('data:text/html,x')).to.equal(undefined);
    expect(safeUrl(null)).to.equal(undefined);
  });
});

describe('visually hidden text', () => {
  it('is placed inside its widget, even in a portal’s multi-column layout', async () => {
    // Unpositioned, such a span is placed against the page: WebKit then grew
    // a multi-column page 1,330 px below its footer.
    const box = await fixture(`<div style="columns: 2 300px"><p>…</p>
      <dj-branch-map region="370800"></dj-branch-map></div>`);
    const el = box.querySelector('dj-branch-map')!;
    // Outside tables: a table cell would contain the span whatever the widget does.
    const hiddenSpans = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.visually-hidden')].filter((e) => !e.closest('table'));
    await waitUntil(() => hiddenSpans().length > 0, 'the map never showed its hidden hints');
    for (const span of hiddenSpans()) expect(el.shadowRoot!.contains(span.offsetParent), span.textContent!).to.equal(true);
  });
});

describe('define()', () => {
  it('never throws on a taken tag and warns once when another version owns it', async () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      class Other extends HTMLElement {
        static djVersion = '0.0.1';
      }
      class Again extends HTMLElement {
        static djVersion = VERSION;
      }
      define('dj-test-owned', Other);
      expect(() => define('dj-test-owned', Again)).not.to.throw();
      expect(() => define('dj-test-owned', Again)).not.to.throw();
      expect(customElements.get('dj-test-owned')).to.equal(Other);
      expect(warnings).to.have.length(1);
      expect(String(warnings[0])).to.contain('0.0.1').and.contain(VERSION);
    } finally {
      console.warn = original;
    }
  });

  it('keeps VERSION equal to package.json', async () => {
    const pkg = await (await fetch('/package.json')).json();
    expect(VERSION).to.equal(pkg.version);
  });
});
