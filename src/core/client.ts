/**
 * The one data client of the kit.
 *
 * - Identical GETs in flight are shared by every widget on the page: one
 *   network request, however many widgets ask. Each caller keeps its own
 *   AbortSignal; the shared request is aborted only when every caller has
 *   gone, so one widget leaving the page cannot break another.
 * - Results are cached for the page. A hit younger than {@link FRESH_MS} is
 *   served without a request (a page full of widgets loads each URL once);
 *   an older hit is served at once by the caller and revalidated, with
 *   If-None-Match when the server gave an ETag (304 → the cached body).
 * - Every failure becomes a {@link DjError} and is logged once per request,
 *   with the URL, however many widgets shared it.
 * - {@link send} is for requests that must neither be shared nor cached (a
 *   booking, a lookup by phone number): same errors, same schema check. Its
 *   log line leaves out the query string, which may carry personal data.
 */
import * as v from 'valibot';
import { config } from './config.js';
import { DjError } from './errors.js';
import { describeIssue, Problem } from './schema.js';

export const FRESH_MS = 15_000;

interface Entry {
  data: unknown;
  etag: string | null;
  at: number;
}

interface Shared {
  controller: AbortController;
  users: number;
  promise: Promise<unknown>;
}

const cache = new Map<string, Entry>();
const inflight = new Map<string, Shared>();

/** The cached body for `url`, if any, and whether it is still fresh. */
export function peek(url: string): { data: unknown; fresh: boolean } | undefined {
  const hit = cache.get(url);
  return hit && { data: hit.data, fresh: Date.now() - hit.at < FRESH_MS };
}

/** Forgets every cached response (tests and long-lived single-page portals). */
export function clearCache(): void {
  cache.clear();
}

export interface GetOptions {
  signal: AbortSignal;
  timeout: number;
  /** Skip a fresh cache hit (the Retry button). */
  force?: boolean;
}

/** GET `url` and check the JSON against `schema`. `null` for 204 / empty bodies. */
export function getJson<T>(url: string, schema: v.GenericSchema<unknown, T>, options: GetOptions): Promise<T | null> {
  const hit = cache.get(url);
  if (hit && !options.force && Date.now() - hit.at < FRESH_MS) return Promise.resolve(hit.data as T);
  const headers = { ...config.headers };
  const key = `${url}\n${JSON.stringify(headers)}`;
  let shared = inflight.get(key);
  if (!shared) {
    const controller = new AbortController();
    const entry: Shared = {
      controller,
      users: 0,
      promise: request(url, schema, { headers }, controller, options.timeout, true).then(
        (data) => {
          if (inflight.get(key) === entry) inflight.delete(key);
          return data;
        },
        (error: unknown) => {
          if (inflight.get(key) === entry) inflight.delete(key);
          if (error instanceof DjError) console.error(`[dj-widgets] GET ${url} failed: ${error.message}`);
          throw error;
        },
      ),
    };
    inflight.set(key, (shared = entry));
  }
  return join(key, shared, options.signal) as Promise<T | null>;
}

function join(key: string, shared: Shared, signal: AbortSignal): Promise<unknown> {
  shared.users++;
  return new Promise((resolve, reject) => {
    const leave = () => {
      if (--shared.users === 0) {
        if (inflight.get(key) === shared) inflight.delete(key);
        shared.controller.abort(signal.reason);
      }
      reject(signal.reason);
    };
    if (signal.aborted) return leave();
    signal.addEventListener('abort', leave, { once: true });
    shared.promise.then(
      (data) => (signal.removeEventListener('abort', leave), resolve(data)),
      (error) => (signal.removeEventListener('abort', leave), reject(error)),
    );
  });
}

/** One request: through the cache when `cacheable`, the JSON answer checked against `schema`. @internal (client, send) */
export async function request(
  url: string,
  schema: v.GenericSchema,
  init: RequestInit & { headers: Record<string, string> },
  controller: AbortController,
  timeout: number,
  cacheable: boolean,
): Promise<unknown> {
  const cached = cacheable ? cache.get(url) : undefined;
  const timer = setTimeout(() => controller.abort(new DjError('timeout', url, `no answer within ${timeout} ms`, { timeout })), timeout);
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        signal: controller.signal,
        headers: { Accept: 'application/json', ...init.headers, ...(cached?.etag ? { 'If-None-Match': cached.etag } : {}) },
      });
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw new DjError('network', url, `network failure (${String(error)})`);
    }
    if (res.status === 304 && cached) {
      cached.at = Date.now();
      return cached.data;
    }
    const type = res.headers.get('Content-Type') ?? '';
    const text = await res.text();
    if (!res.ok) throw httpError(url, res, type, text);
    if ((res.status === 204 || !text.trim()) && cacheable) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const got = type.split(';')[0] || 'no Content-Type';
      throw new DjError('not-json', url, `body is not JSON (${got}): ${text.slice(0, 60)}`, { detail: got });
    }
    const checked = v.safeParse(schema, json);
    if (!checked.success) {
      const detail = describeIssue(checked.issues[0]);
      throw new DjError('schema', url, `response does not match the contract: ${detail}`, { detail });
    }
    if (cacheable) cache.set(url, { data: checked.output, etag: res.headers.get('ETag'), at: Date.now() });
    return checked.output;
  } catch (error) {
    // A body read cut off by the timeout surfaces as the abort reason.
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

function httpError(url: string, res: Response, type: string, text: string): DjError {
  let problem: Problem | undefined;
  if (/json/.test(type)) {
    try {
      const parsed = v.safeParse(Problem, JSON.parse(text));
      if (parsed.success) problem = parsed.output;
    } catch {
      // A broken error body still leaves the status to report.
    }
  }
  const told = [problem?.title, problem?.detail].filter(Boolean).join(' — ');
  // Retry-After in seconds (the HTTP-date form is left alone); servers on other origins must expose it.
  const retryAfter = Number(res.headers.get('Retry-After') ?? '');
  return new DjError(res.status === 404 ? 'not-found' : 'http', url, `HTTP ${res.status}${told ? `: ${told}` : ''}`, {
    status: res.status,
    problem,
    ...(Number.isInteger(retryAfter) && retryAfter > 0 ? { retryAfter } : {}),
  });
}
