/**
 * Requests that change something (a booking, a cancel, a lookup by POST): uncached and unshared,
 * unlike getJson's. A module of its own so that a page without a form that sends does not fetch it
 * in the loader build.
 */
import type * as v from 'valibot';
import { request } from './client.js';
import { config } from './config.js';
import { DjError } from './errors.js';

export interface SendOptions {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  timeout: number;
  /**
   * HTTP statuses that are the server's answer to this request, for the
   * widget to explain (a lookup's 404, a booking's 409, 410 and 422): thrown
   * as a DjError like any other, but not logged, since they are no failure.
   */
  answers?: readonly number[];
}

/** One uncached, unshared request; the JSON answer checked against `schema`. */
export async function send<T>(url: string, schema: v.GenericSchema<unknown, T>, options: SendOptions): Promise<T> {
  const { method = 'GET', body, timeout } = options;
  const headers: Record<string, string> = { ...config.headers, ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return (await request(
      url,
      schema,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
      new AbortController(),
      timeout,
      false,
    )) as T;
  } catch (error) {
    if (error instanceof DjError && !options.answers?.includes(error.status ?? 0)) {
      console.error(`[dj-widgets] ${method} ${url.split('?')[0]} failed: ${error.message}`);
    }
    throw error;
  }
}
