/**
 * What every browser test file shares: the mock endpoint, a clean page-level
 * cache and fresh open-day seats per test, a fetch spy, and a guard that fails any test during which
 * the page threw or left a promise rejection unhandled.
 */
import { clearCache } from '../../src/core/client.js';
import { startMocks, worker } from '../../mocks/browser.js';
import { desk } from '../../mocks/handlers.js';

await startMocks();

const uncaught: string[] = [];
window.addEventListener('error', (e) => uncaught.push(`error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => uncaught.push(`unhandled rejection: ${String(e.reason)}`));

export interface FetchCall {
  url: string;
  method: string;
  /** A string body as sent (JSON); undefined for none or another kind. */
  body: string | undefined;
  signal: AbortSignal | undefined;
  headers: Headers;
}

export const fetchCalls: FetchCall[] = [];
const realFetch = window.fetch.bind(window);
window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  fetchCalls.push({
    url: new URL(url, location.href).href,
    method: init?.method ?? 'GET',
    body: typeof init?.body === 'string' ? init.body : undefined,
    signal: init?.signal ?? undefined,
    headers: new Headers(init?.headers),
  });
  return realFetch(input, init);
};

/** The requests made to a URL ending in `suffix`. */
export const callsTo = (suffix: string) => fetchCalls.filter((c) => c.url.endsWith(suffix));

beforeEach(() => {
  clearCache();
  desk.reset();
  fetchCalls.length = 0;
  uncaught.length = 0;
  document.documentElement.lang = 'zh-CN';
});

afterEach(() => {
  worker.resetHandlers();
  if (uncaught.length) throw new Error(`uncaught during test: ${uncaught.join('; ')}`);
});

export { worker };
