/**
 * Page-wide configuration and endpoint resolution.
 *
 * Precedence, highest first: the widget's `endpoint` attribute, the nearest
 * `<dj-provider endpoint>`, `<meta name="dj-endpoint">`, `configure({endpoint})`,
 * then {@link DEFAULT_ENDPOINT}. Widgets subscribe to `configure()` calls so a
 * change made from JS after they rendered still refetches.
 */
import type { Locale } from './i18n.js';

export const DEFAULT_ENDPOINT = '/dj-api/v1';

export interface DjConfig {
  /** Base URL of the data endpoint. */
  endpoint?: string;
  /** Extra request headers, e.g. an API key the portal's gateway expects. */
  headers?: Record<string, string>;
  /** Page-wide overrides of locale strings, by locale then key. */
  messages?: Partial<Record<Locale, Record<string, string>>>;
}

const current: DjConfig = {};
const listeners = new Set<() => void>();
let revision = 0;

/** Sets page-wide configuration; later calls merge into earlier ones. */
export function configure(next: DjConfig): void {
  if (next.endpoint !== undefined) current.endpoint = next.endpoint;
  if (next.headers) current.headers = { ...current.headers, ...next.headers };
  if (next.messages) {
    const merged = { ...current.messages };
    for (const [locale, table] of Object.entries(next.messages) as [Locale, Record<string, string>][]) {
      merged[locale] = { ...merged[locale], ...table };
    }
    current.messages = merged;
  }
  revision++;
  listeners.forEach((fn) => fn());
}

export const config: Readonly<DjConfig> = current;

/** Increments on every `configure()` call; part of every request's inputs. */
export const configRevision = () => revision;

export function onConfigure(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function resolveEndpoint(attribute?: string | null, provider?: string | null): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="dj-endpoint"]')?.content;
  return attribute || provider || meta || current.endpoint || DEFAULT_ENDPOINT;
}

/** Absolute URL of `path` under `base`; relative bases resolve against the page. */
export function endpointUrl(base: string, path: string): string {
  return new URL(base.replace(/\/+$/, '') + path, document.baseURI).href;
}
