/**
 * A valibot schema with a plain check in front, for the map's branches. At
 * 10,000 branches valibot took about as long as parsing the JSON: it makes a
 * dataset for every value and copies every object and array it passes (its
 * output drops unknown keys), and the garbage collector then pays for the
 * copies. `accepts` walks the same schema objects over the parsed JSON in
 * place and makes nothing, so the check cannot drift from the contract; a
 * body it accepts is used as it is (unknown keys kept, and ignored). It knows
 * only the kinds of schema the branches answer uses and says no to any other
 * (a transformation, a default, a regex…), and a body it refuses goes through
 * valibot: valibot alone decides what is wrong and names the first bad field,
 * so the error state reads as before. test/branch-map-schema.test.ts holds the
 * two to the same answers.
 */
import type { GenericSchema } from 'valibot';

/** What `accepts` reads of a valibot schema or action. */
interface Schema {
  kind: string;
  type: string;
  default?: unknown;
  options?: unknown[];
  wrapped?: Schema;
  item?: Schema;
  entries?: Record<string, Schema>;
  key?: Schema;
  value?: Schema;
  pipe?: Schema[];
  requirement?: unknown;
}

const bag = (x: unknown): x is Record<string, unknown> => !!x && typeof x == 'object';

/** Every item passes `ok`: holes read as undefined, as valibot reads them (`every` would skip them). */
function all<T>(list: T[], ok: (x: T) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (!ok(list[i])) return false;
  return true;
}

/**
 * Whether valibot's `schema` accepts `x`, for the kinds the branches answer
 * uses; false for any other kind, and for a default (valibot would put it in).
 */
export function accepts(schema: object, x: unknown): boolean {
  const s = schema as Schema;
  const t = s.type;
  return (
    s.default === undefined &&
    (t == 'string' || t == 'boolean'
      ? typeof x == t
      : t == 'number'
        ? typeof x == t && !isNaN(x as number)
        : t == 'picklist'
          ? s.options!.includes(x)
          : t == 'nullable'
            ? x === null || accepts(s.wrapped!, x)
            : t == 'array'
              ? Array.isArray(x) && all(x, (v) => accepts(s.item!, v))
              : t == 'object'
                ? bag(x) && all(Object.keys(s.entries!), (k) => accepts(s.entries![k], x[k]))
                : // valibot reads a record's own keys, and skips these three.
                  t == 'record' &&
                  bag(x) &&
                  all(
                    Object.keys(x),
                    (k) => ['__proto__', 'prototype', 'constructor'].includes(k) || (accepts(s.key!, k) && accepts(s.value!, x[k])),
                  )) &&
    // A pipe: its schemas, and the checks the contract uses.
    all(s.pipe ?? [], (a) =>
      a.kind == 'schema'
        ? accepts(a, x)
        : a.type == 'min_value'
          ? (x as number) >= (a.requirement as number)
          : a.type == 'max_value'
            ? (x as number) <= (a.requirement as number)
            : a.type == 'integer' && Number.isInteger(x),
    )
  );
}

/** `schema`, with `accepts` in front of its check (valibot's `safeParse`, as the data client runs it). */
export function fast<S extends GenericSchema>(schema: S): S {
  return {
    ...schema,
    '~run': (dataset, config) => (accepts(schema, dataset.value) ? { typed: true, value: dataset.value } : schema['~run'](dataset, config)),
  };
}
