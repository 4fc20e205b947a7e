/**
 * The demo portal page as the reference server serves it: index.html with
 * its mock bootstrap (mocks/demo.ts, which starts msw in a service worker)
 * swapped for the one tag a real portal has, the bundle itself. The widgets
 * then call /dj-api/v1 on this server, their default endpoint, and the
 * footer says so.
 *
 * The page goes out under the strict policy a portal can run the kit under
 * (README, Content Security Policy): scripts and styles from this origin
 * only, no inline code but the page's own `<script>` and `<style>` blocks,
 * allowed by their hashes, and Trusted Types with the one policy Lit creates
 * (`lit-html`). The widgets need nothing more: their styles are constructed
 * stylesheets (adoptedStyleSheets), which style-src does not govern.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MOCK_BOOTSTRAP = '<script type="module" src="/mocks/demo.ts"></script>';
export const KIT_TAG = '<script type="module" src="/dist/dj-widgets.js"></script>';
/** The footer's word on where the widgets' data come from, as the mock endpoint serves the page, and as this server does. */
export const MOCK_SOURCE = '<span data-source>组件的数据由浏览器内的模拟接口（msw）提供</span>';
export const SERVER_SOURCE = '<span data-source>组件的数据由本站的参考服务器（/dj-api/v1 接口）提供</span>';

/** The policy the kit needs, before any hash of the embedding page's own inline code. */
export const KIT_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'require-trusted-types-for': ["'script'"],
  'trusted-types': ['lit-html'],
} as const;

const sha256 = (body: string) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`;

/**
 * What this server's own pages add for themselves (not needed by the kit):
 * no plugins, no other base or form target, and no framing by any page, as
 * X-Frame-Options: DENY says for browsers that know only that header.
 */
const PAGE_ONLY = {
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/** The kit's policy with `script-src` and `style-src` extended by these hashes, and the page's own directives. */
export function pagePolicy(scriptHashes: readonly string[] = [], styleHashes: readonly string[] = []): string {
  const extra: Record<string, readonly string[]> = { 'script-src': scriptHashes, 'style-src': styleHashes };
  return Object.entries({ ...KIT_POLICY, ...PAGE_ONLY })
    .map(([name, sources]) => [name, ...sources, ...(extra[name] ?? [])].join(' '))
    .join('; ');
}

/** Hashes of the bodies of the inline elements `tag` (those without `src`). */
function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const pattern = new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g');
  // Comments may quote a tag (index.html quotes the kit's); they run nothing.
  return [...html.replace(/<!--[\s\S]*?-->/g, '').matchAll(pattern)].map(([, body]) => sha256(body));
}

export interface ServedPage {
  html: string;
  scriptHashes: string[];
  styleHashes: string[];
  /** The Content-Security-Policy the page is served with. */
  policy: string;
}

/**
 * The page with the kit's own tag in place of the mock bootstrap, and the
 * footer naming this server as the source of the data; throws when index.html
 * has either of them no more.
 */
export function servedPage(source: string): ServedPage {
  for (const part of [MOCK_BOOTSTRAP, MOCK_SOURCE]) {
    if (!source.includes(part)) throw new Error(`index.html no longer has ${part}: the server cannot swap it (server/page.ts).`);
  }
  const html = source.replace(MOCK_BOOTSTRAP, KIT_TAG).replace(MOCK_SOURCE, SERVER_SOURCE);
  const scriptHashes = inlineHashes(html, 'script');
  const styleHashes = inlineHashes(html, 'style');
  return { html, scriptHashes, styleHashes, policy: pagePolicy(scriptHashes, styleHashes) };
}

export const demoPage = servedPage(readFileSync(fileURLToPath(new URL('../index.html', import.meta.url)), 'utf8'));
