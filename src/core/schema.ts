/**
 * Schema pieces shared by every contract, and the one place that turns a
 * valibot issue into the path-naming message the widgets show
 * (`honors[2].title: expected string`).
 */
import * as v from 'valibot';

/** A reference to another record: `{id, name}`. */
export const Ref = v.object({ id: v.string(), name: v.string() });
export type Ref = v.InferOutput<typeof Ref>;

/** A list response: `{items: [...], total}`. */
export const List = <T extends v.GenericSchema>(item: T) => v.object({ items: v.array(item), total: v.number() });

/** RFC 9457 problem details, as every error of the contract is sent. */
export const Problem = v.object({
  type: v.optional(v.string()),
  title: v.optional(v.string()),
  status: v.optional(v.number()),
  detail: v.optional(v.string()),
  errors: v.optional(
    v.array(
      v.object({
        field: v.string(),
        code: v.string(),
        message: v.string(),
        /** The values the message was written with, so a form can say it in its own language. */
        vars: v.optional(v.record(v.string(), v.union([v.string(), v.number()]))),
      }),
    ),
  ),
  /** Seconds until a refused request may be tried again (a locked booking code). */
  retryAfter: v.optional(v.number()),
});
export type Problem = v.InferOutput<typeof Problem>;

/** `honors[2].title` from a valibot issue path; `(root)` for the whole body. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  }
  return out || '(root)';
}

/** `honors[2].title: expected string` */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  return `${issuePath(issue)}: expected ${issue.expected ?? issue.message}`;
}
