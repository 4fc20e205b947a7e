/**
 * Response helpers: the contract's JSON and problem+json, and the client's
 * address (for the rate limits of limits.ts).
 */
import type { Context } from 'hono';
import { problemBody } from '../src/contract/problem.js';
import type { Answer } from './office.js';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, ...headers } });
}

export function problem(status: number, slug: string, title: string, detail: string, extra: object = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problemBody(status, slug, title, detail, extra)), {
    status,
    headers: { 'Content-Type': PROBLEM_TYPE, ...headers },
  });
}

/** An office answer as the contract sends it: errors as problem+json. */
export const reply = ({ status, body, headers }: Answer): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? PROBLEM_TYPE : JSON_TYPE, ...headers } });

/**
 * The client's address. Behind `trustProxy` proxies it is the hop the
 * outermost of them appended to X-Forwarded-For, counted from the right: a
 * proxy such as nginx with `$proxy_add_x_forwarded_for` keeps what the client
 * sent and appends, so the leftmost hop is the client's own say and changes
 * at will. A header with fewer hops than proxies did not come through them
 * all; the socket's address (the nearest proxy) stands in.
 */
export function clientOf(c: Context, trustProxy: number): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const socket = incoming?.socket?.remoteAddress ?? 'unknown';
  if (!trustProxy) return socket;
  const hops = (c.req.header('X-Forwarded-For') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  return hops.length >= trustProxy ? hops[hops.length - trustProxy]! : socket;
}

/** A weak validator of a body (compression keeps it valid). */
export async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(body));
  return `W/"${Buffer.from(digest).toString('base64url')}"`;
}
