/**
 * The read-only side of the contract: brands, liaison boards, region
 * boundaries and branches, read from the database as the mock endpoint reads
 * them from the fixtures. What is missing comes back as undefined or a word
 * for what is missing; the routes (app.ts) say it as the mock endpoint does.
 */
import { branchesResponse } from '../src/demo/branches.js';
import { DEFAULT_SCOPE } from '../src/demo/liaison-groups.js';
import type { Branch, GroupName } from '../src/contract/branch-map.schema.js';
import type { Sql } from './db.js';

/** The region of the branches when none is asked for: all of Jining. */
export const ALL_REGIONS = '370800';

/** A stored answer, as the contract's schema has it. */
type Doc = { doc: unknown };

export class Catalog {
  constructor(private readonly db: Sql) {}

  async brand(id: string): Promise<Doc | undefined> {
    const [row] = await this.db.query<Doc>('SELECT doc FROM brands WHERE id = $1', [id]);
    return row;
  }

  /** The board of `scope` (default yanzhou) in `period` (latest when empty), or which of the two is unknown. */
  async board(scope: string | null, period: string | null): Promise<Doc | 'no-scope' | 'no-period'> {
    const [row] = await this.db.query<Doc>(
      'SELECT doc FROM leaderboards WHERE scope = $1 AND ($2::text IS NULL OR period = $2) ORDER BY period DESC LIMIT 1',
      [scope || DEFAULT_SCOPE, period || null],
    );
    if (row) return row;
    const [known] = await this.db.query('SELECT 1 FROM leaderboards WHERE scope = $1 LIMIT 1', [scope || DEFAULT_SCOPE]);
    return known ? 'no-period' : 'no-scope';
  }

  /** The boundary of a region. */
  async region(adcode: string): Promise<Doc | undefined> {
    const [row] = await this.db.query<Doc>('SELECT doc FROM regions WHERE adcode = $1', [adcode]);
    return row;
  }

  async knowsRegion(adcode: string): Promise<boolean> {
    const [known] = await this.db.query('SELECT 1 FROM regions WHERE adcode = $1', [adcode]);
    return Boolean(known);
  }

  /**
   * The branches in `region` (a county, or {@link ALL_REGIONS}), of liaison
   * group `group` and with at least `minStars`, each filter off when null.
   * The answer names the items' liaison groups from the liaison_groups
   * table, in its order.
   */
  async branches(region: string, group: string | null, minStars: number | null) {
    const rows = await this.db.query<{ doc: Branch }>(
      `SELECT doc FROM branches
       WHERE ($1::text = '${ALL_REGIONS}' OR county = $1) AND ($2::text IS NULL OR group_id = $2) AND ($3::int IS NULL OR stars >= $3)
       ORDER BY position`,
      [region, group, minStars],
    );
    const items = rows.map((r) => r.doc);
    const ids = [...new Set(items.map((b) => b.groupId).filter((id) => id !== null))];
    const groups = ids.length
      ? await this.db.query<GroupName>('SELECT id, name FROM liaison_groups WHERE id = ANY($1::text[]) ORDER BY position', [ids])
      : [];
    return branchesResponse(items, groups);
  }
}
