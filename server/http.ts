/**
 * What the routes of app.ts share: the one way an answer becomes a Response
 * (JSON, or problem+json from status 400 up, the body built by the contract's
 * `problemBody`), the client's address (Hono's conninfo behind a counted
 * number of proxies), and JSON bodies read and checked through Hono's
 * validator.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import { bookingProblems, holdsNul, type Answer } from '../src/contract/booking.js';
import { problemBody } from '../src/contract/problem.js';
import { describeIssue, issuePath } from '../src/core/schema.js';

export type { Answer };

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json';

/** An answer as the contract sends it: errors as problem+json. */
export const reply = ({ status, body, headers }: Answer): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? PROBLEM_TYPE : JSON_TYPE, ...headers } });

/** A problem answer. */
export const problem = (
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: object = {},
  headers?: Record<string, string>,
): Answer => ({
  status,
  body: problemBody(status, slug, title, detail, extra),
  ...(headers && { headers }),
});

/** 422 naming every field that does not fit. */
export function invalidInput(issues: readonly v.BaseIssue<unknown>[]): Answer {
  const errors = issues.map((i) => ({ field: issuePath(i), code: 'type', message: describeIssue(i) }));
  return problem(422, 'validation', '内容有误', errors.map((e) => e.message).join('; '), { errors });
}

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

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

/**
 * A JSON body for the route, through Hono's validator, in this order:
 * 415 unless Content-Type says JSON (the validator would see `{}`, and a
 * staff PATCH would quietly change nothing); 400 malformed-body when it does
 * not parse; 400 invalid-character when a string or key holds U+0000
 * (PostgreSQL text cannot); 422 naming the fields `schema` refuses. The
 * handler reads the result with `c.req.valid('json')`.
 */
export function jsonBody<S extends v.GenericSchema = v.UnknownSchema>(
  schema?: S,
): MiddlewareHandler<any, string, { in: { json: v.InferInput<S> }; out: { json: v.InferOutput<S> } }> {
  const check = validator('json', (value: unknown) => {
    if (holdsNul(value)) return reply(bookingProblems.nul());
    if (!schema) return value as v.InferOutput<S>;
    const parsed = v.safeParse(schema, value);
    return parsed.success ? parsed.output : reply(invalidInput(parsed.issues));
  }) as MiddlewareHandler; // typed by jsonBody's own signature
  return async (c, next) => {
    const type = c.req.header('Content-Type')?.split(';')[0]!.trim() ?? '';
    if (!JSON_MEDIA.test(type)) {
      const got = type ? `收到的是 ${type.slice(0, 100)}` : '请求没有 Content-Type';
      return reply(
        problem(415, 'unsupported-media-type', '请求内容类型不对', `请求体须为 JSON，并带 Content-Type: application/json 请求头；${got}。`),
      );
    }
    try {
      return await check(c, next);
    } catch (error) {
      // The validator's word for a body that does not parse; anything else goes on to onError.
      if (error instanceof HTTPException && error.status === 400) return reply(bookingProblems.notJson());
      throw error;
    }
  };
}
