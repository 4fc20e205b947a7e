/**
 * Locale tables and language detection.
 *
 * The language of a widget is the nearest `lang` attribute above it (its own,
 * a `<dj-provider lang>`, or the page's `<html lang>`), crossing shadow roots.
 * One MutationObserver for the whole page tells every widget when a `lang`
 * attribute changes. Strings come from tables that widgets add to with
 * {@link addMessages}; `configure({messages})` overrides any of them page-wide.
 */
import { config } from './config.js';

export type Locale = 'zh-CN' | 'en';
export type Messages = Record<string, string>;

type Load = () => Promise<{ default: Messages }>;

const tables: Record<Locale, Messages> = { 'zh-CN': {}, en: {} };
/** English tables registered and not yet fetched. */
const unloaded = new Set<Load>();
/** The fetch of English tables in progress, if any. */
let loading: Promise<unknown> | undefined;

/**
 * Adds strings for `locale`: a table, or a function that imports one (a module whose default
 * export is the table), fetched by {@link localeReady} the first time a widget needs it.
 */
export function addMessages(locale: Locale, table: Messages | Load): void {
  if (typeof table === 'function') unloaded.add(table);
  else Object.assign(tables[locale], table);
}

/**
 * Resolves once every table added for `locale` is in, or undefined when they already are, so
 * a widget renders at once. A table that fails to load leaves its strings in Chinese.
 */
export function localeReady(locale: Locale): Promise<unknown> | undefined {
  if (locale === 'en' && unloaded.size) {
    const batch = [...unloaded];
    unloaded.clear();
    const done = Promise.all([
      loading,
      ...batch.map((load) =>
        load().then(
          (module) => Object.assign(tables.en, module.default),
          (error) => console.warn('[dj-widgets] English strings could not be loaded; showing Chinese.', error),
        ),
      ),
    ]).then(() => {
      if (loading === done) loading = undefined;
    });
    loading = done;
  }
  return locale === 'en' ? loading : undefined;
}

/** The tables as merged so far. @internal (tests) */
export const messageTables = tables;

/** zh, zh-CN, zh-Hans → zh-CN; en, en-GB → en; anything else → zh-CN. */
export function toLocale(lang: string | null | undefined): Locale {
  return /^en\b/i.test(lang ?? '') ? 'en' : 'zh-CN';
}

export function localeOf(el: Element): Locale {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const found = node.closest('[lang]');
      if (found) return toLocale(found.getAttribute('lang'));
    }
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return 'zh-CN';
}

/**
 * The pieces of the string for `key`, with each `{name}` placeholder replaced
 * by `vars[name]` as it is: a value may be a template, such as data marked
 * with its own language.
 */
export function msgParts(locale: Locale, key: string, vars: Record<string, unknown> = {}): unknown[] {
  const text = config.messages?.[locale]?.[key] ?? tables[locale][key] ?? tables['zh-CN'][key] ?? key;
  return text.split(/\{(\w+)\}/).map((part, i) => (i % 2 ? (vars[part] ?? `{${part}}`) : part));
}

/** The string for `key`, with `{name}` placeholders filled from `vars`. */
export function msg(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  return msgParts(locale, key, vars).join('');
}

const langListeners = new Set<() => void>();
let observer: MutationObserver | undefined;

/** Calls `fn` whenever any `lang` attribute on the page changes. */
export function onLangChange(fn: () => void): () => void {
  if (!observer) {
    observer = new MutationObserver(() => langListeners.forEach((l) => l()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  langListeners.add(fn);
  return () => langListeners.delete(fn);
}

/** Chinese, the kit's default language: always in the bundle. */
export const zhCN: Messages = {
  loading: '正在加载…',
  retry: '重试',
  'error.title': '未能加载',
  'error.http': '数据服务出错（HTTP {status}）。',
  'error.http.detail': '数据服务出错（HTTP {status}）：{detail}',
  'error.not-found': '请求的数据不存在（HTTP 404）。',
  'error.unavailable': '服务暂时不可用（可能正在维护或重启），请稍后重试。',
  'error.unavailable.in': '服务暂时不可用（可能正在维护或重启），请约 {seconds} 秒后重试。',
  'error.busy': '操作过于频繁，请稍后重试。',
  'error.busy.in': '操作过于频繁，请约 {seconds} 秒后重试。',
  'error.network': '无法连接到数据服务，请检查网络后重试。',
  'error.timeout': '数据服务在 {seconds} 秒内没有响应，请稍后重试。',
  'error.not-json': '数据服务返回的不是 JSON 数据（收到 {type}），可能是网关或错误页面。',
  'error.schema': '数据服务返回的数据不符合约定：{detail}',
  'error.config': '组件配置有误：{detail}',
  stale: '更新失败，显示的是较早获取的数据。',
  empty: '暂无数据。',
};
addMessages('zh-CN', zhCN);
// English is fetched the first time a widget resolves to English (its own module in the loader build).
addMessages('en', () => import('./i18n.en.js'));
