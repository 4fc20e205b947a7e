/**
 * The liaison-group contract: GET `{endpoint}/liaison-groups?scope=…&period=…`.
 *
 * The single source of the leaderboard's types: the widget validates responses
 * with these schemas, the mocks are typed by them, and the reference server
 * checks what it sends with the same objects.
 */
import * as v from 'valibot';
import { Ref } from '../core/schema.js';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** The 评成效 evaluation score. */
const score = v.pipe(v.number(), v.minValue(0), v.maxValue(100));

/** Branch counts and score: what a group, a unit and a previous period share. */
const figures = { score, branchCount: count, fiveStarCount: count };
const fiveStarsWithinBranches = <T extends { branchCount: number; fiveStarCount: number }>(f: T) => f.fiveStarCount <= f.branchCount;
const CHECK = 'fiveStarCount ≤ branchCount';

export const Figures = v.pipe(v.object(figures), v.check(fiveStarsWithinBranches, CHECK));

export const MemberUnit = v.pipe(v.object({ id: v.string(), name: v.string(), ...figures }), v.check(fiveStarsWithinBranches, CHECK));

export const LiaisonGroup = v.pipe(
  v.object({
    id: v.string(),
    name: v.string(),
    leaderUnit: Ref,
    deputyUnits: v.array(Ref),
    guide: v.nullable(v.object({ name: v.string(), title: v.string() })),
    liaison: v.nullable(v.object({ name: v.string() })),
    ...figures,
    redFlag: v.boolean(),
    previous: v.nullable(Figures),
    units: v.array(MemberUnit),
  }),
  v.check(fiveStarsWithinBranches, CHECK),
);

export const Leaderboard = v.object({
  period: v.string(),
  periods: v.array(v.string()),
  scope: Ref,
  items: v.array(LiaisonGroup),
});

export type Figures = v.InferOutput<typeof Figures>;
export type MemberUnit = v.InferOutput<typeof MemberUnit>;
export type LiaisonGroup = v.InferOutput<typeof LiaisonGroup>;
export type Leaderboard = v.InferOutput<typeof Leaderboard>;
