/**
 * What the routes share: the one way an answer becomes a Response (JSON, or
 * problem+json from status 400 up, the body built by the contract's
 * `problemBody`), and the client's address (Hono's conninfo behind a counted
 * number of proxies).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Answer } from '../src/contract/booking.js';
import { problemBody } from '../src/contract/problem.js';

export type { Answer };

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json';

/** An answer as the contract sends it: errors as problem+json. */
export const reply = ({ status, body, headers }: Answer): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? PROBLEM_TYPE : JSON_TYPE, ...headers } });

/** A success answer. */
export const json = (body: unknown, status = 200): Response => reply({ status, body });

/** A problem answer, its body built by the contract's `problemBody`. */
export const problem = (
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: object = {},
  headers?: Record<string, string>,
): Response => reply({ status, body: problemBody(status, slug, title, detail, extra), headers });

/**
 * The client's address. Behind `trustProxy` proxies it is the hop the
 * outermost of them appended to X-Forwarded-For, counted from the right: a
 * proxy such as nginx with `$proxy_add_x_forwarded_for` keeps what the client
 * sent and appends, so the leftmost hop is the client's own say and changes
 * at will. A header with fewer hops than proxies did not come through them
 * all; the socket's address (the nearest proxy) stands in.
 */
export function clientOf(c: Context, trustProxy: number): string {
  // No socket when the app is called without a server (app.request in a test).
  const socket = (c.env && getConnInfo(c).remote.address) || 'unknown';
  if (!trustProxy) return socket;
  const hops = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return hops.length >= trustProxy ? hops[hops.length - trustProxy]! : socket;
}

/**
 * Writes lines to stdout, those of one turn of the event loop together.
 * Node writes to a pipe or a file synchronously, one system call for each
 * write: under load, a call per request line was a measurable part of a
 * request's cost. A line waits at most until the loop's next turn.
 */
export function stdoutLines(out: { write(text: string): unknown } = process.stdout): (line: string) => void {
  let pending = '';
  const flush = () => {
    const text = pending;
    pending = '';
    out.write(text);
  };
  return (line) => {
    if (!pending) setImmediate(flush);
    pending += `${line}\n`;
  };
}
