/**
 * The read-only side of the contract: brands, liaison boards, region
 * boundaries and branches, answered from the database as the mock endpoint
 * answers from the fixtures (same statuses, same words).
 */
import { branchesResponse } from '../src/demo/branches.js';
import { DEFAULT_SCOPE } from '../src/demo/liaison-groups.js';
import { problemBody } from '../src/contract/problem.js';
import type { Branch, GroupName } from '../src/contract/branch-map.schema.js';
import type { Sql } from './db.js';
import type { Answer } from './office.js';

const JINING = '370800';

const missing = (title: string, detail: string, status = 404, slug = 'not-found', extra?: object): Answer => ({
  status,
  body: problemBody(status, slug, title, detail, extra),
});

export class Catalog {
  constructor(private readonly db: Sql) {}

  async brand(id: string): Promise<Answer> {
    const [row] = await this.db.query<{ doc: unknown }>('SELECT doc FROM brands WHERE id = $1', [id]);
    return row ? { status: 200, body: row.doc } : missing('未找到党建品牌', `没有编号为“${id}”的党建品牌。`);
  }

  /** The board of `scope` (default yanzhou) in `period` (latest when empty). */
  async board(scope: string | null, period: string | null): Promise<Answer> {
    const [row] = await this.db.query<{ doc: unknown }>(
      'SELECT doc FROM leaderboards WHERE scope = $1 AND ($2::text IS NULL OR period = $2) ORDER BY period DESC LIMIT 1',
      [scope || DEFAULT_SCOPE, period || null],
    );
    if (row) return { status: 200, body: row.doc };
    const [known] = await this.db.query('SELECT 1 FROM leaderboards WHERE scope = $1 LIMIT 1', [scope || DEFAULT_SCOPE]);
    return known
      ? missing('未找到该统计周期', `没有统计周期“${period}”的联系片数据。`)
      : missing('未找到该范围', `没有范围“${scope}”的联系片数据。`);
  }

  async region(adcode: string): Promise<Answer> {
    const [row] = await this.db.query<{ doc: unknown }>('SELECT doc FROM regions WHERE adcode = $1', [adcode]);
    return row ? { status: 200, body: row.doc } : missing('未找到该区域', `没有行政区划代码为“${adcode}”的区域边界。`);
  }

  /**
   * `region` (default all of Jining), `group` and `minStars`; an empty
   * parameter counts as absent. The answer names the items' liaison groups
   * from the liaison_groups table, in its order.
   */
  async branches(params: URLSearchParams): Promise<Answer> {
    const region = params.get('region') || JINING;
    const [known] = await this.db.query('SELECT 1 FROM regions WHERE adcode = $1', [region]);
    if (!known) return missing('未找到该区域', `没有行政区划代码为“${region}”的区域。`);
    const minStars = params.get('minStars') || null;
    if (minStars !== null && !/^[1-5]$/.test(minStars)) {
      const message = `minStars 须为 1 到 5 的整数，收到“${minStars}”。`;
      return missing('请求参数无效', message, 400, 'invalid-parameter', { errors: [{ field: 'minStars', code: 'range', message }] });
    }
    const rows = await this.db.query<{ doc: Branch }>(
      `SELECT doc FROM branches
       WHERE ($1::text = '${JINING}' OR county = $1) AND ($2::text IS NULL OR group_id = $2) AND ($3::int IS NULL OR stars >= $3)
       ORDER BY position`,
      [region, params.get('group') || null, minStars === null ? null : Number(minStars)],
    );
    const items = rows.map((r) => r.doc);
    const ids = [...new Set(items.map((b) => b.groupId).filter((id) => id !== null))];
    const groups = ids.length
      ? await this.db.query<GroupName>('SELECT id, name FROM liaison_groups WHERE id = ANY($1::text[]) ORDER BY position', [ids])
      : [];
    return { status: 200, body: branchesResponse(items, groups) };
  }
}
