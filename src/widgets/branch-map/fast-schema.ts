/**
 * A valibot schema with a plain check in front, for the map's branches and
 * boundaries. At 10,000 branches valibot took about as long as parsing the
 * JSON: it makes a dataset for every value and copies every object and array
 * it passes (its output drops unknown keys), and the garbage collector then
 * pays for the copies; a city's boundaries are thousands of points, copied
 * the same way. `compile` reads the same schema objects once and builds a
 * plain function per schema, which checks the parsed JSON in place and copies
 * nothing, so the check cannot drift from the contract; a body it accepts is
 * used as it is (unknown keys kept, and ignored). It knows only the kinds of
 * schema the two answers use and says no to any other (a transformation, a
 * default, a regex…), and a body it refuses goes through valibot: valibot
 * alone decides what is wrong and names the first bad field, so the error
 * state reads as before. test/branch-map-schema.test.ts holds the two to the
 * same answers.
 */
import type { GenericSchema } from 'valibot';
import { BranchColumns, fromColumns } from '../../contract/branch-columns.js';
import { Branches } from '../../contract/branch-map.schema.js';

/** What `compile` reads of a valibot schema or action. */
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

type Check = (x: unknown) => boolean;

const no: Check = () => false;
const bag = (x: unknown): x is Record<string, unknown> => !!x && typeof x == 'object';
/** Keys valibot's record skips. */
const SKIP = ['__proto__', 'prototype', 'constructor'];

/**
 * valibot's `schema` as one plain function per schema, built once: whether
 * it accepts a value, for the kinds the map's answers use; false for any
 * other kind, and for a default (valibot would put it in).
 */
export function compile(schema: object): Check {
  const s = schema as Schema;
  const t = s.type;
  let check: Check = no;
  if (s.default !== undefined) return no;
  if (t == 'string' || t == 'boolean') check = (x) => typeof x == t;
  if (t == 'number') check = (x) => typeof x == t && !isNaN(x as number);
  if (t == 'picklist') check = (x) => s.options!.includes(x);
  if (t == 'nullable' || t == 'optional') {
    const inner = compile(s.wrapped!);
    const empty = t == 'nullable' ? null : undefined;
    check = (x) => x === empty || inner(x);
  }
  // valibot's union takes the first option that takes the value.
  if (t == 'union') {
    const options = s.options!.map((o) => compile(o as object));
    check = (x) => options.some((o) => o(x));
  }
  if (t == 'array') {
    const item = compile(s.item!);
    check = (x) => {
      if (!Array.isArray(x)) return false;
      // Holes read as undefined, as valibot reads them (`every` would skip them).
      for (let i = 0; i < x.length; i++) if (!item(x[i])) return false;
      return true;
    };
  }
  if (t == 'object') {
    const keys = Object.keys(s.entries!);
    const checks = keys.map((k) => compile(s.entries![k]));
    check = (x) => bag(x) && checks.every((c, i) => c(x[keys[i]]));
  }
  if (t == 'record') {
    const key = compile(s.key!);
    const value = compile(s.value!);
    // valibot reads a record's own keys.
    check = (x) => bag(x) && Object.keys(x).every((k) => SKIP.includes(k) || (key(k) && value(x[k])));
  }
  // A pipe: its schemas (the first is this one without the pipe) and the checks the contract uses.
  for (const a of s.pipe ?? []) {
    const before = check;
    const r = a.requirement as number;
    const step: Check =
      a.kind == 'schema'
        ? compile(a)
        : a.type == 'min_value'
          ? (x) => (x as number) >= r
          : a.type == 'max_value'
            ? (x) => (x as number) <= r
            : a.type == 'integer'
              ? Number.isInteger
              : a.type == 'check'
                ? (x) => !!(r as unknown as Check)(x)
                : no;
    check = (x) => before(x) && step(x);
  }
  return check;
}

/** Whether valibot's `schema` accepts `x` (see `compile`). */
export const accepts = (schema: object, x: unknown) => compile(schema)(x);

/** `schema`, with its compiled check in front (valibot's `safeParse`, as the data client runs it). */
export function fast<S extends GenericSchema>(schema: S): S {
  const check = compile(schema);
  return {
    ...schema,
    '~run': (dataset, config) => (check(dataset.value) ? { typed: true, value: dataset.value } : schema['~run'](dataset, config)),
  };
}

/**
 * The branches answer in either form, checked as {@link fast} checks: in columns, as the map asks
 * for it (`form=columns`, src/contract/branch-columns.ts), then made into items; or as items, from
 * a server that does not know `form`. A bad answer of either form is named by valibot.
 */
export function eitherForm(): GenericSchema<unknown, Branches> {
  const items = fast(Branches);
  const columns = fast(BranchColumns);
  return {
    ...Branches,
    '~run': (dataset, config) => {
      if (!(dataset.value as { columns?: unknown } | null)?.columns) return items['~run'](dataset, config);
      const out = columns['~run'](dataset, config);
      return out.issues ? out : { typed: true, value: fromColumns(out.value as BranchColumns) };
    },
  } as GenericSchema<unknown, Branches>;
}
