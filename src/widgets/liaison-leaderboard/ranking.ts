/**
 * Ranking rules of the leaderboard, kept apart from rendering so they can be
 * tested and reused: the metrics, standard competition ranking (1, 2, 2, 4)
 * and the trend against the previous period by the same metric.
 */
import type { Figures } from '../../contract/liaison.schema.js';

export const METRICS = ['score', 'fiveStarShare', 'fiveStarCount', 'branchCount'] as const;
export type Metric = (typeof METRICS)[number];

/** The value of `metric`; five-star share is fiveStarCount / branchCount (0 when there are no branches). */
export function metricValue(figures: Figures, metric: Metric): number {
  if (metric !== 'fiveStarShare') return figures[metric];
  return figures.branchCount ? figures.fiveStarCount / figures.branchCount : 0;
}

export interface Ranked<T> {
  item: T;
  rank: number;
  /** Another item shares this rank. */
  tied: boolean;
}

/** Equal up to float noise: 21/38 and 42/76 tie. */
const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/**
 * `items` highest value first with standard competition ranks: tied items
 * share a rank and the next rank skips (1, 2, 2, 4). Ties keep input order.
 */
export function rank<T>(items: readonly T[], value: (item: T) => number): Ranked<T>[] {
  const sorted = items.map((item, i) => ({ item, v: value(item), i })).sort((a, b) => b.v - a.v || a.i - b.i);
  const out: Ranked<T>[] = [];
  sorted.forEach((s, i) => {
    const prev = out[i - 1];
    const tie = i > 0 && same(sorted[i - 1].v, s.v);
    if (tie) prev.tied = true;
    out.push({ item: s.item, rank: tie ? prev.rank : i + 1, tied: tie });
  });
  return out;
}

/**
 * Places moved since the previous period, by the same metric, among the items
 * that have one: positive is up. No entry (new) without a previous value.
 */
export function trends<T extends { id: string; previous: Figures | null }>(
  ranked: readonly Ranked<T>[],
  metric: Metric,
): Map<string, number> {
  const now = new Map(ranked.map((r) => [r.item.id, r.rank]));
  const before = rank(
    ranked.map((r) => r.item).filter((i) => i.previous),
    (i) => metricValue(i.previous!, metric),
  );
  return new Map(before.map((r) => [r.item.id, r.rank - now.get(r.item.id)!]));
}
