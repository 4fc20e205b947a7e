/**
 * JSON request bodies, read once and checked through Hono's validator.
 */
import type { Env, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import { bookingProblems, holdsNul, isJsonType, mediaTypeOf } from '../src/contract/booking.js';
import { reply } from './http.js';
import { httpProblems, invalidInput } from './problems.js';

/**
 * A JSON body for the route, in this order: 415 unless Content-Type says
 * JSON (Hono's validator would see `{}`, and a staff PATCH would quietly
 * change nothing); 400 malformed-body when it does not parse; 400
 * invalid-character when a string or key holds U+0000 (PostgreSQL text
 * cannot); 422 naming the fields `schema` refuses. The handler reads the
 * result with `c.req.valid('json')`.
 */
export function jsonBody<S extends v.GenericSchema = v.UnknownSchema>(
  schema?: S,
): MiddlewareHandler<Env, string, { in: { json: v.InferInput<S> }; out: { json: v.InferOutput<S> } }> {
  const check = validator('json', (value: unknown) => {
    if (holdsNul(value)) return reply(bookingProblems.nul());
    if (!schema) return value as v.InferOutput<S>;
    const parsed = v.safeParse(schema, value);
    return parsed.success ? parsed.output : invalidInput(parsed.issues);
  }) as MiddlewareHandler; // typed by jsonBody's own signature
  return async (c, next) => {
    const type = mediaTypeOf(c.req.header('Content-Type'));
    if (!isJsonType(type)) return httpProblems.notJsonType(type);
    try {
      return await check(c, next);
    } catch (error) {
      // The validator's word for a body that does not parse; anything else goes on to onError.
      if (error instanceof HTTPException && error.status === 400) return reply(bookingProblems.notJson());
      throw error;
    }
  };
}
