/**
 * `fn` with its last result kept while it is called with the same arguments
 * (each the same value by `Object.is`, so an answer that is refetched, even
 * if equal, is a new argument). The map keeps four results this way, each
 * worked out again only when what it comes from changes: the outlines of a
 * region, its branches projected into map units, the branches and groups that
 * pass the filters, and the clusters at a zoom and filter (a pan moves them
 * but regroups nothing). One result per memo,
 * not a table: the map shows one region at one zoom at a time.
 */
export function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: A | undefined;
  let value: R;
  return (...args) => {
    if (!last || last.length !== args.length || args.some((a, i) => !Object.is(a, last![i]))) {
      value = fn(...args);
      last = args;
    }
    return value;
  };
}
