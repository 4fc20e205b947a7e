/**
 * The map's branches and regions answers are checked by a plain walk over the contract's
 * valibot schema (src/widgets/branch-map/fast-schema.ts), with valibot
 * itself only for what the walk refuses. These tests hold the walk to
 * valibot's answers: the same yes or no on valid answers, on answers with
 * one value anywhere replaced by anything (or taken out), and on anything at
 * all; and bad data still reaches the reader as valibot words it.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import * as v from 'valibot';
import { Branches, Regions } from '../src/contract/branch-map.schema.js';
import { describeIssue } from '../src/core/schema.js';
import { branchesResponse, generateBranches } from '../src/demo/branches.js';
import { jiningCounties, JINING, regionOf } from '../src/demo/jining-counties.js';
import { accepts, eitherForm, fast } from '../src/widgets/branch-map/fast-schema.js';
import { BranchColumns, fromColumns, toColumns } from '../src/contract/branch-columns.js';

const valibot = (x: unknown) => v.safeParse(Branches, x).success;

const text = fc.string({ maxLength: 4 });
const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const ref = fc.record({ id: text, name: text });
const branch = fc.record({
  id: text,
  name: text,
  unit: ref,
  groupId: orNull(text),
  stars: fc.constantFrom(1, 2, 3, 4, 5),
  honors: fc.array(text, { maxLength: 3 }),
  temporary: fc.boolean(),
  project: orNull(text),
  location: fc.record({ lng: fc.double({ min: -180, max: 180, noNaN: true }), lat: fc.double({ min: -85, max: 85, noNaN: true }) }),
  address: orNull(text),
  memberCount: orNull(fc.nat()),
  secretary: orNull(text),
});
const answer = fc.record({
  items: fc.array(branch, { maxLength: 4 }),
  groups: fc.array(ref, { maxLength: 2 }),
  total: fc.double({ noNaN: true }),
  summary: fc.record({
    byStars: fc.dictionary(fc.constantFrom('1', '2', '3', '4', '5'), fc.double({ noNaN: true })),
    temporary: fc.double({ noNaN: true }),
  }),
});

/** Values at the edges of the contract's rules, besides fast-check's `anything`. */
const edgy = fc.constantFrom(
  undefined,
  null,
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  0.5,
  -1,
  6,
  -180.0001,
  180.0001,
  85.0001,
  -85.0001,
  '',
  '1',
  '6',
  'x',
  true,
  [],
  {},
  [undefined],
  new Array(2),
);

/** Every path to a value in `x`: object keys and array indices. */
function pathsOf(x: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  if (x && typeof x === 'object')
    for (const key of Object.keys(x)) {
      const p = [...path, Array.isArray(x) ? Number(key) : key];
      out.push(p);
      pathsOf((x as Record<string, unknown>)[key], p, out);
    }
  return out;
}

/** `x` with the value at `path` replaced by `value`, or taken out when `remove`. */
function replaced(x: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(x) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) delete at[last];
  else at[last] = value;
  return copy;
}

describe('the branches check', () => {
  it('accepts what valibot accepts: generated answers and the demo sets', () => {
    fc.assert(fc.property(answer, (a) => accepts(Branches, a) && valibot(a)));
    const demo = JSON.parse(JSON.stringify(branchesResponse(generateBranches(1000))));
    expect(accepts(Branches, demo)).to.equal(true);
  });

  it('answers as valibot does when any one value is replaced by anything, or taken out', () => {
    fc.assert(
      fc.property(answer, fc.nat(), fc.oneof(fc.anything(), edgy), fc.boolean(), (a, n, value, remove) => {
        const paths = pathsOf(a);
        fc.pre(paths.length > 0);
        const bad = replaced(a, paths[n % paths.length], value, remove);
        expect(accepts(Branches, bad), JSON.stringify(bad)).to.equal(valibot(bad));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers as valibot does for anything at all, and for keys valibot skips', () => {
    fc.assert(fc.property(fc.anything(), (x) => accepts(Branches, x) === valibot(x)));
    for (const body of [
      '{"items":[],"groups":[],"total":0,"summary":{"byStars":{"__proto__":"x","1":2},"temporary":0}}',
      '{"items":[],"groups":[],"total":0,"summary":{"byStars":{"7":1},"temporary":0}}',
      '{"items":[],"groups":[],"total":0,"summary":{"byStars":[1],"temporary":0},"extra":true}',
      '{"items":{},"groups":[],"total":0,"summary":{"byStars":{},"temporary":0}}',
    ]) {
      const x = JSON.parse(body);
      expect(accepts(Branches, x), body).to.equal(valibot(x));
    }
  });

  it('refuses what it does not know, so valibot decides', () => {
    expect(accepts(v.pipe(v.string(), v.regex(/a/)) as never, 'a')).to.equal(false);
    expect(accepts(v.nullable(v.string(), 'none') as never, null), 'a default valibot would put in').to.equal(false);
    expect(accepts(v.unknown() as never, 1)).to.equal(false);
    expect(accepts(v.tuple([v.number()]) as never, [1])).to.equal(false);
    // A pipe inside a pipe keeps its own checks.
    const nested = v.pipe(v.pipe(v.number(), v.minValue(0)), v.maxValue(5));
    for (const x of [-1, 0, 3, 5, 6, NaN, '3']) expect(accepts(nested, x), String(x)).to.equal(v.safeParse(nested, x).success);
  });

  it('passes a good answer through as it is, and words a bad one as valibot does', () => {
    const good = branchesResponse(generateBranches(3));
    const checked = v.safeParse(fast(Branches), good);
    expect(checked.success).to.equal(true);
    expect(checked.output, 'no copy made').to.equal(good);
    const bad = structuredClone(good);
    (bad.items[2].location as { lat: number }).lat = 90;
    const ours = v.safeParse(fast(Branches), bad);
    expect(ours.success).to.equal(false);
    expect(describeIssue(ours.issues![0])).to.equal('items[2].location.lat: expected <=85');
    expect(describeIssue(ours.issues![0])).to.equal(describeIssue(v.safeParse(Branches, bad).issues![0]));
  });
});

describe('the branches answer in columns (form=columns)', () => {
  const valibotColumns = (x: unknown) => v.safeParse(BranchColumns, x).success;
  /** An answer in columns as JSON carries it. */
  const columnsOf = (a: Branches) => JSON.parse(JSON.stringify(toColumns(a))) as BranchColumns;

  it('holds the same answer: items to columns and back give what went in, through JSON', () => {
    fc.assert(
      fc.property(answer, (a) => {
        // Through JSON, as the answer travels (an infinite figure becomes null, and is wrong in both forms).
        const json = JSON.parse(JSON.stringify(a));
        const c = columnsOf(a as Branches);
        expect(valibotColumns(c)).to.equal(valibot(json));
        expect(accepts(BranchColumns, c)).to.equal(valibotColumns(c));
        expect(fromColumns(c)).to.deep.equal(json);
      }),
    );
    const demo = branchesResponse(generateBranches(1000));
    const c = columnsOf(demo);
    expect(c.units.length, 'each unit once').to.be.below(demo.items.length);
    expect(JSON.stringify(c).length, 'fewer bytes than the usual form').to.be.below(JSON.stringify(demo).length * 0.6);
    expect(fromColumns(c)).to.deep.equal(JSON.parse(JSON.stringify(demo)));
  });

  it('answers as valibot does when any one value is replaced by anything, or taken out', () => {
    fc.assert(
      fc.property(answer, fc.nat(), fc.oneof(fc.anything(), edgy), fc.boolean(), (a, n, value, remove) => {
        const c = columnsOf(a as Branches);
        const paths = pathsOf(c);
        const bad = replaced(c, paths[n % paths.length], value, remove);
        expect(accepts(BranchColumns, bad), JSON.stringify(bad)).to.equal(valibotColumns(bad));
      }),
      { numRuns: 3000 },
    );
  });

  it('the map reads either form to the same data, and names what is wrong in a bad one', () => {
    const good = branchesResponse(generateBranches(5));
    const schema = eitherForm();
    const asItems = v.safeParse(schema, good);
    const asColumns = v.safeParse(schema, columnsOf(good));
    expect(asItems.success && asColumns.success).to.equal(true);
    expect(asColumns.output).to.deep.equal(asItems.output);

    const short = columnsOf(good);
    short.columns.lat.pop();
    const one = v.safeParse(schema, short);
    expect(one.success).to.equal(false);
    expect(describeIssue(one.issues![0])).to.equal('(root): expected every column as long as id, and unit indexes within units');
    const outside = columnsOf(good);
    outside.columns.unit[4] = outside.units.length;
    expect(describeIssue(v.safeParse(schema, outside).issues![0])).to.equal(
      '(root): expected every column as long as id, and unit indexes within units',
    );
    const far = columnsOf(good);
    far.columns.lat[2] = 90;
    expect(describeIssue(v.safeParse(schema, far).issues![0])).to.equal('columns.lat[2]: expected <=85');
    const noun = columnsOf(good) as unknown as { columns: Record<string, unknown> };
    noun.columns.stars = 'five';
    expect(describeIssue(v.safeParse(schema, noun).issues![0])).to.match(/^columns\.stars: expected Array/);
  });
});

const valibotRegions = (x: unknown) => v.safeParse(Regions, x).success;
const point = fc.array(fc.double({ noNaN: true, min: -200, max: 200 }), { minLength: 1, maxLength: 3 });
const ring = fc.array(point, { maxLength: 4 });
const feature = fc.record(
  {
    type: fc.constantFrom('Feature', 'feature'),
    properties: fc.record({ adcode: text, name: text, seat: point }, { requiredKeys: ['adcode', 'name'] }),
    geometry: fc.oneof(
      fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point'), coordinates: fc.array(ring, { maxLength: 2 }) }),
      fc.record({
        type: fc.constantFrom('MultiPolygon', 'Polygon'),
        coordinates: fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }),
      }),
    ),
  },
  { requiredKeys: ['type', 'properties', 'geometry'] },
);
const regions = fc.record({ type: fc.constantFrom('FeatureCollection', 'Feature'), features: fc.array(feature, { maxLength: 3 }) });

describe('the regions check', () => {
  it('accepts the Jining counties and every county alone, with and without their seats, as valibot does', () => {
    const bodies = [jiningCounties, regionOf(JINING), ...jiningCounties.features.map((f) => regionOf(f.properties.adcode))];
    for (const body of bodies) {
      const x = JSON.parse(JSON.stringify(body));
      expect(accepts(Regions, x)).to.equal(true);
      for (const f of x.features) delete f.properties.seat;
      expect(accepts(Regions, x), 'without seats').to.equal(true);
    }
  });

  it('answers as valibot does on generated answers: Polygon and MultiPolygon, positions of any length, seats or none', () => {
    fc.assert(
      fc.property(regions, (x) => accepts(Regions, x) === valibotRegions(x)),
      { numRuns: 2000 },
    );
  });

  it('answers as valibot does when any one value of the Jining counties is replaced by anything, or taken out', () => {
    const body = JSON.parse(JSON.stringify(jiningCounties));
    const paths = pathsOf(body);
    fc.assert(
      fc.property(
        fc.nat(),
        fc.oneof(fc.anything(), edgy, fc.constantFrom('Polygon', 'MultiPolygon', [1], [1, 2, 3], ['1', '2'], [[]])),
        fc.boolean(),
        (n, value, remove) => {
          // Changed in place and put back, not copied: the outlines hold thousands of points.
          const path = paths[n % paths.length];
          let at = body as Record<string | number, unknown>;
          for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
          const last = path.at(-1)!;
          const [had, was] = [last in at, at[last]];
          if (remove) delete at[last];
          else at[last] = value;
          try {
            expect(accepts(Regions, body), JSON.stringify(path)).to.equal(valibotRegions(body));
          } finally {
            if (had) at[last] = was;
            else delete at[last];
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('answers as valibot does for anything at all', () => {
    fc.assert(fc.property(fc.anything(), (x) => accepts(Regions, x) === valibotRegions(x)));
  });
});
