/**
 * The guarantees every data widget gives, run by one line per widget:
 * `runConformance({...})`. Loading, empty, error and retry, each failure
 * mode's own message, schema paths, abort on disconnect, refetch on endpoint
 * change, one request for twin widgets, injected markup shown as text, the
 * inline snapshot, the no-JS fallback, language changes, large mode and axe
 * in every state, in Chinese, English and large mode.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { http } from 'msw';
import { problem } from '../../mocks/http.js';
import { faultEndpoint, type Fault } from '../../mocks/handlers.js';
import type { DjElement } from '../../src/core/element.js';
import { callsTo, worker } from './setup.js';
import { $, $$, control, textOf, waitForSelector, waitForText } from './dom.js';

export interface Conformance {
  tag: string;
  /** Attributes that make the widget fetch {@link path}. */
  attrs: string;
  /** The end of the URL it then requests. */
  path: string;
  /** msw path pattern for that request, to make it fail. */
  route: string;
  /** Text a reader sees once the data is shown. */
  readyText: string;
  /**
   * The endpoint's JSON, for the inline snapshot; undefined for a widget
   * that takes none (the map: its boundaries are too big to inline).
   */
  snapshot?: unknown;
  /** Text the empty state shows (Chinese). */
  emptyText: string;
  /** What the schema-mismatch message names. */
  schemaPath: string;
}

type Mode = 'zh' | 'en' | 'large';
const MODES: Mode[] = ['zh', 'en', 'large'];

export function runConformance(c: Conformance): void {
  const make = (extra = '', inner = '') => fixture<DjElement>(`<${c.tag} ${c.attrs} ${extra}>${inner}</${c.tag}>`);
  const withMode = (mode: Mode, extra = '') => `${mode === 'en' ? 'lang="en"' : ''} ${mode === 'large' ? 'large' : ''} ${extra}`;
  const ready = (el: Element) => waitForText(el, c.readyText);
  const failOnce = (status = 500) =>
    worker.use(http.get(c.route, () => problem(status, 'internal', '服务器内部错误', '数据库暂时不可用。'), { once: true }));

  describe(`${c.tag} conformance`, () => {
    it('shows a busy loading state, then the data, and fires dj-load', async () => {
      // Every load until the data show: a widget of two requests may have either answer first.
      const loads: CustomEvent[] = [];
      const record = (e: Event) => loads.push(e as CustomEvent);
      document.addEventListener('dj-load', record);
      const el = await make();
      const status = $(el, '[role="status"][aria-busy="true"]');
      expect(status, 'loading state').to.exist;
      expect(status!.textContent).to.contain('正在加载');
      await ready(el);
      document.removeEventListener('dj-load', record);
      expect($(el, '[aria-busy="true"]')).to.equal(null);
      const load = loads.find((e) => new RegExp(`${escape(c.path)}$`).test(e.detail.url));
      expect(load, `a dj-load for ${c.path} among ${loads.map((e) => e.detail.url).join(', ')}`).to.exist;
      expect(load!.composed && load!.bubbles).to.equal(true);
    });

    it('keeps a skeleton the size of its content (no layout shift)', async () => {
      const el = await make();
      const loading = el.getBoundingClientRect().height;
      await ready(el);
      const loaded = el.getBoundingClientRect().height;
      expect(Math.abs(loaded - loading) / loaded, `skeleton ${loading}px vs content ${loaded}px`).to.be.below(0.35);
    });

    it('shows the empty state', async () => {
      const el = await make(`endpoint="${faultEndpoint('empty')}"`);
      await waitForText(el, c.emptyText);
      expect($(el, '.state.empty[role="status"]')).to.exist;
    });

    it('shows the error with its reason, and Retry recovers', async () => {
      failOnce();
      const errors: CustomEvent[] = [];
      document.addEventListener('dj-error', (e) => errors.push(e), { once: true });
      const el = await make();
      await waitForText(el, 'HTTP 500');
      expect(textOf(el)).to.contain('数据库暂时不可用');
      expect($(el, '[role="alert"]')).to.exist;
      expect(errors[0].detail).to.include({ kind: 'http', status: 500 });
      expect(errors[0].detail.message).to.contain('HTTP 500');
      control(el, '重试').click();
      await ready(el);
      expect($(el, '[role="alert"]')).to.equal(null);
      expect(el.shadowRoot!.activeElement, 'focus stays in the widget').to.exist;
    });

    const faults: [Fault, string, string][] = [
      ['500', 'HTTP 500', '服务器内部错误'],
      ['502-html', 'HTTP 502', '数据服务出错'],
      ['malformed', '不是 JSON', 'application/json'],
      ['html', '不是 JSON', 'text/html'],
      ['offline', '无法连接到数据服务', '检查网络'],
      ['schema', '不符合约定', c.schemaPath],
    ];
    for (const [fault, first, second] of faults) {
      it(`says what went wrong: ${fault}`, async () => {
        const el = await make(`endpoint="${faultEndpoint(fault)}"`);
        await waitForText(el, first);
        expect(textOf(el)).to.contain(second);
      });
    }

    it('gives up after `timeout` milliseconds and says so', async () => {
      const el = await make(`endpoint="${faultEndpoint('timeout')}" timeout="300"`);
      await waitForText(el, '0.3 秒内没有响应');
      expect(callsTo(c.path)[0].signal!.aborted, 'the request was aborted').to.equal(true);
    });

    it('logs a failure once, with its URL, however many widgets share it', async () => {
      const logged: unknown[][] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => logged.push(args);
      try {
        const box = await fixture(`<div><${c.tag} ${c.attrs} endpoint="${faultEndpoint('500')}"></${c.tag}>
          <${c.tag} ${c.attrs} endpoint="${faultEndpoint('500')}"></${c.tag}></div>`);
        for (const el of box.children) await waitForText(el, 'HTTP 500');
      } finally {
        console.error = original;
      }
      // Once per failing URL (a widget may make more than one request).
      const urls = logged.map((args) => /GET (\S+)/.exec(String(args[0]))?.[1]);
      expect(new Set(urls).size, 'no URL logged twice').to.equal(logged.length);
      const mine = logged.filter((args) => String(args[0]).includes(`${faultEndpoint('500')}${c.path}`));
      expect(mine).to.have.length(1);
      expect(String(mine[0][0])).to.contain('HTTP 500');
    });

    it('aborts its request when removed from the page, and fetches again when put back', async () => {
      const el = await make(`endpoint="${faultEndpoint('timeout')}" timeout="60000"`);
      await waitUntil(() => callsTo(c.path).length === 1);
      const parent = el.parentNode!;
      el.remove();
      expect(callsTo(c.path)[0].signal!.aborted).to.equal(true);
      el.setAttribute('endpoint', '/dj-api/v1');
      parent.append(el);
      await ready(el);
    });

    it('refetches when the endpoint changes, aborting the old request', async () => {
      const el = await make(`endpoint="${faultEndpoint('timeout')}" timeout="60000"`);
      await waitUntil(() => callsTo(c.path).length === 1);
      el.setAttribute('endpoint', '/other-api/v1');
      await ready(el);
      const [old, fresh] = callsTo(c.path);
      expect(old.signal!.aborted).to.equal(true);
      expect(fresh.url).to.equal(new URL(`/other-api/v1${c.path}`, location.href).href);
    });

    it('makes one request for two widgets with the same input', async () => {
      const box = await fixture(`<div><${c.tag} ${c.attrs}></${c.tag}><${c.tag} ${c.attrs}></${c.tag}></div>`);
      for (const el of box.children) await ready(el);
      expect(callsTo(c.path)).to.have.length(1);
    });

    it('shows injected markup as text and never runs it', async () => {
      const w = window as { __djInjected?: number };
      delete w.__djInjected;
      const el = await make(`endpoint="${faultEndpoint('injection')}"`);
      await waitForText(el, '<script>');
      expect($$(el, 'script, img[onerror]')).to.have.length(0);
      for (const a of $$<HTMLAnchorElement>(el, 'a[href]')) expect(a.protocol).to.match(/^(https?|tel):$/);
      $$(el, 'a, button').forEach((b) => b.addEventListener('click', (e) => e.preventDefault(), { once: true }));
      await new Promise((r) => setTimeout(r, 50));
      expect(w.__djInjected).to.equal(undefined);
    });

    if (c.snapshot !== undefined)
      it('shows an inline snapshot at once, keeps it with a notice when the endpoint fails', async () => {
        const json = `<script type="application/json">${JSON.stringify(c.snapshot)}</script>`;
        const el = await make(`endpoint="${faultEndpoint('500')}"`, json);
        expect(textOf(el)).to.contain(c.readyText);
        await waitForSelector(el, '.notice');
        expect(textOf(el)).to.contain('显示的是较早获取的数据').and.contain(c.readyText);
        await expect(el).to.be.accessible();
      });

    if (c.snapshot !== undefined)
      it('replaces the inline snapshot with fresh data', async () => {
        const stale = JSON.stringify(c.snapshot).replaceAll(c.readyText, '旧数据');
        const el = await make('', `<script type="application/json">${stale}</script>`);
        expect(textOf(el)).to.contain('旧数据');
        await ready(el);
        expect(textOf(el)).not.to.contain('旧数据');
      });

    it('hides its no-JavaScript fallback once it renders', async () => {
      const el = await make('', '<p id="fallback">请开启 JavaScript 查看</p>');
      await ready(el);
      expect(el.querySelector('#fallback')!.getClientRects()).to.have.length(0);
    });

    it('follows a change of the page language', async () => {
      failOnce();
      const el = await make();
      await waitForText(el, '重试');
      document.documentElement.lang = 'en';
      await waitForText(el, 'Try again');
      expect(textOf(el)).to.contain('The data service returned an error (HTTP 500)');
    });

    it('has large text and targets in large mode, 44px targets otherwise', async () => {
      failOnce();
      failOnce();
      const normal = await make();
      const large = await make('large');
      await waitForText(large, '重试');
      await waitForText(normal, '重试');
      const size = (el: Element) => control(el, '重试').getBoundingClientRect();
      expect(size(normal).height).to.be.at.least(44);
      expect(size(large).height).to.be.at.least(60);
      expect(parseFloat(getComputedStyle($(large, '[part="base"]')!).fontSize)).to.be.at.least(18);
      expect(parseFloat(getComputedStyle($(large, '[part="base"]')!).lineHeight) / 18).to.be.at.least(1.5);
    });

    for (const mode of MODES) {
      describe(`is accessible in every state (${mode})`, () => {
        it('loading', async () => {
          const el = await make(withMode(mode, `endpoint="${faultEndpoint('timeout')}" timeout="60000"`));
          await expect(el).to.be.accessible();
        });
        it('with data', async () => {
          const el = await make(withMode(mode));
          await ready(el);
          await expect(el).to.be.accessible();
        });
        it('empty', async () => {
          const el = await make(withMode(mode, `endpoint="${faultEndpoint('empty')}"`));
          await waitForSelector(el, '.state.empty');
          await expect(el).to.be.accessible();
        });
        it('error', async () => {
          const el = await make(withMode(mode, `endpoint="${faultEndpoint('500')}"`));
          await waitForSelector(el, '[role="alert"]');
          await expect(el).to.be.accessible();
        });
      });
    }
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
