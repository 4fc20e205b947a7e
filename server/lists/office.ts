/**
 * The lists' versions, pending imports, apply and restore, on SQL
 * (migration 007_lists.sql). A list is `brands`, `branches` or one board,
 * `boards:{scope}:{period}`.
 *
 * - A dry run reads the file, builds the list and, when it has no errors,
 *   keeps it as a pending import for an hour, with the list's version at
 *   that moment (its base).
 * - Apply, in one transaction under a lock of the list: a pending import whose
 *   base is no longer the list's version is stale and refused; otherwise the
 *   list as it stands is kept first (the first import keeps the seed's data as
 *   version 0), the import becomes the next version and replaces the whole
 *   list (all brands, all branches, or the one board).
 * - Restore swaps the current and the previous version, so a second restore
 *   undoes the first.
 *
 * Versions hold exactly what the public tables hold (brands' and boards'
 * documents; each branch with its county), so writing one back is an
 * INSERT … SELECT from the version's JSON, with no round trip through the
 * server. The ten newest versions of a list are kept, and always the current
 * and the previous one.
 */
import { randomBytes } from 'node:crypto';
import type { Leaderboard } from '../../src/contract/liaison.schema.js';
import { LIST_LIMITS, type DryRun, type ListName, type ListState, type RowError } from '../../src/contract/lists.js';
import type { Sql, Store } from '../db.js';
import { readTable } from './parse.js';
import { buildList, type BoardContext, type ListData } from './rows.js';

/** How many versions of a list are kept (besides the current and the previous one). */
export const KEPT_VERSIONS = 10;
/** The most row errors one answer lists; `errorCount` says how many there are. */
export const LISTED_ERRORS = 1000;

export interface ListKey {
  list: ListName;
  scope: string | null;
  period: string | null;
}

export const keyOf = ({ list, scope, period }: ListKey) => (list === 'boards' ? `boards:${scope}:${period}` : list);
const parseKey = (key: string): ListKey => {
  const [list, scope = null, period = null] = key.split(':');
  return { list: list as ListName, scope, period };
};

/** What the seed must leave alone: lists staff have imported (for boards, every scope with an imported board). */
export async function importedLists(sql: Sql): Promise<{ brands: boolean; branches: boolean; boardScopes: Set<string> }> {
  const rows = await sql.query<{ list: string }>('SELECT list FROM list_state');
  const keys = rows.map((r) => r.list);
  return {
    brands: keys.includes('brands'),
    branches: keys.includes('branches'),
    boardScopes: new Set(keys.filter((k) => k.startsWith('boards:')).map((k) => parseKey(k).scope!)),
  };
}

interface VersionRow {
  version: number;
  at: string;
  who: string | null;
  rows: number;
}

export type DryRunInput = ListKey & { scopeName: string | null; bytes: Uint8Array; who: string };
export type ApplyResult = ListState | 'no-import' | 'expired' | { stale: number | null };

export class ListOffice {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Brands and branches, then every imported board, each with its current and previous version. */
  async states(): Promise<ListState[]> {
    const rows = await this.store.query<{ list: string }>('SELECT list FROM list_state ORDER BY list');
    const keys = ['brands', 'branches', ...rows.map((r) => r.list).filter((k) => k.startsWith('boards:'))];
    return Promise.all(keys.map((k) => this.state(this.store, k)));
  }

  async state(sql: Sql, key: string): Promise<ListState> {
    const [s] = await sql.query<{ current: number; previous: number | null }>('SELECT current, previous FROM list_state WHERE list = $1', [
      key,
    ]);
    const version = async (n: number | null | undefined) => {
      if (n === null || n === undefined) return null;
      const [row] = await sql.query<VersionRow>('SELECT version, at, who, rows FROM list_versions WHERE list = $1 AND version = $2', [
        key,
        n,
      ]);
      return row ? { version: Number(row.version), at: row.at, by: row.who, rows: Number(row.rows) } : null;
    };
    return { ...parseKey(key), current: await version(s?.current), previous: await version(s?.previous) };
  }

  /** The scope's stored name and periods, and its board before `period`, for a board's import. */
  private async boardContext(scope: string, period: string, scopeName: string | null): Promise<BoardContext | 'new-scope'> {
    const stored = await this.store.query<{ period: string; doc: Leaderboard }>(
      'SELECT period, doc FROM leaderboards WHERE scope = $1 ORDER BY period',
      [scope],
    );
    const name = scopeName ?? stored.at(-1)?.doc.scope.name;
    if (!name) return 'new-scope';
    const before = stored.filter((b) => b.period < period).at(-1)?.doc ?? null;
    const periods = [...new Set([...stored.map((b) => b.period), period])].sort();
    return { scope: { id: scope, name }, period, periods, before };
  }

  /** Reads and checks the file; keeps the list as a pending import when it has no errors. Throws ListFileError. */
  async dryRun(input: DryRunInput): Promise<DryRun | 'new-scope'> {
    const table = await readTable(input.bytes);
    const at = this.now();
    const key = keyOf(input);
    let board: BoardContext | undefined;
    if (input.list === 'boards') {
      const context = await this.boardContext(input.scope!, input.period!, input.scopeName);
      if (context === 'new-scope') return context;
      board = context;
    }
    const groups = await this.store.query<{ id: string; name: string }>('SELECT id, name FROM liaison_groups ORDER BY position');
    const built = buildList(input.list, table, { now: new Date(at).toISOString(), groups, board });
    const answer = (errors: RowError[], extra: Partial<DryRun> = {}): DryRun => ({
      id: null,
      list: input.list,
      scope: input.scope,
      period: input.period,
      rows: built.rows,
      errors: errors.slice(0, LISTED_ERRORS),
      errorCount: errors.length,
      preview: null,
      expiresAt: null,
      ...extra,
    });
    if (!built.result) return answer(built.errors);
    const preview = await this.preview(built.result, input);
    const [state] = await this.store.query<{ current: number }>('SELECT current FROM list_state WHERE list = $1', [key]);
    const id = randomBytes(12).toString('base64url');
    const expiresAt = new Date(at + LIST_LIMITS.pendingMs).toISOString();
    await this.store.query('DELETE FROM list_imports WHERE expires_at < $1', [new Date(at).toISOString()]);
    await this.store.query(
      'INSERT INTO list_imports (id, list, base, created_at, expires_at, who, rows, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [
        id,
        key,
        state ? state.current : null,
        new Date(at).toISOString(),
        expiresAt,
        input.who,
        rowsOf(built.result),
        JSON.stringify(built.result.data),
      ],
    );
    return answer([], { id, preview, expiresAt });
  }

  /** Rows added, changed and removed against what the public answers hold now. */
  private async preview(result: ListData, key: ListKey) {
    let before: Map<string, string>;
    let after: Map<string, string>;
    if (result.list === 'brands') {
      // updatedAt is the import's time: not a change of its own.
      const text = (doc: object) => JSON.stringify({ ...doc, updatedAt: '' });
      const live = await this.store.query<{ id: string; doc: object }>('SELECT id, doc FROM brands');
      before = new Map(live.map((r) => [r.id, text(r.doc)]));
      after = new Map(result.data.map((b) => [b.id, text(b)]));
    } else if (result.list === 'branches') {
      const live = await this.store.query<{ id: string; doc: string }>('SELECT id, doc::text AS doc FROM branches');
      before = new Map(live.map((r) => [r.id, JSON.stringify(JSON.parse(r.doc))]));
      after = new Map(result.data.map((b) => [b.d.id, JSON.stringify(b.d)]));
    } else {
      const units = (board: Leaderboard | undefined) =>
        new Map((board?.items ?? []).flatMap((g) => g.units.map((u) => [u.id, JSON.stringify({ g: g.id, u })] as const)));
      const [live] = await this.store.query<{ doc: Leaderboard }>('SELECT doc FROM leaderboards WHERE scope = $1 AND period = $2', [
        key.scope,
        key.period,
      ]);
      before = units(live?.doc);
      after = units(result.data);
    }
    let added = 0;
    let changed = 0;
    for (const [id, text] of after) {
      const was = before.get(id);
      if (was === undefined) added++;
      else if (was !== text) changed++;
    }
    const removed = [...before.keys()].filter((id) => !after.has(id)).length;
    return { added, changed, removed };
  }

  /** Applies pending import `id` of `list` (a board's key comes from the import). */
  async apply(list: ListName, id: string, who: string): Promise<ApplyResult> {
    const nowIso = new Date(this.now()).toISOString();
    return this.store.transaction(async (tx) => {
      const [pending] = await tx.query<{ list: string; base: number | null; expires_at: string }>(
        'SELECT list, base, expires_at FROM list_imports WHERE id = $1',
        [id],
      );
      if (!pending || parseKey(pending.list).list !== list) return 'no-import';
      const key = pending.list;
      if (pending.expires_at < nowIso) {
        await tx.query('DELETE FROM list_imports WHERE id = $1', [id]);
        return 'expired';
      }
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dj-list:${key}`]);
      const state = await this.lockedState(tx, key, nowIso);
      const base = pending.base === null ? null : Number(pending.base);
      if (base !== state.imported) return { stale: state.imported };
      const [{ next }] = await tx.query<{ next: number }>(
        'SELECT coalesce(max(version), 0) + 1 AS next FROM list_versions WHERE list = $1',
        [key],
      );
      const version = Number(next);
      await tx.query(
        'INSERT INTO list_versions (list, version, at, who, rows, data) SELECT list, $2, $3, $4, rows, data FROM list_imports WHERE id = $1',
        [id, version, nowIso, who],
      );
      await tx.query('DELETE FROM list_imports WHERE id = $1', [id]);
      await tx.query('UPDATE list_state SET current = $2, previous = $3 WHERE list = $1', [key, version, state.current]);
      await writeVersion(tx, key, version);
      await prune(tx, key, version, state.current);
      return this.state(tx, key);
    });
  }

  /** Puts the previous version of `key` back; the one it replaces becomes the previous. */
  async restore(key: string): Promise<ListState | 'no-previous'> {
    return this.store.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dj-list:${key}`]);
      const [state] = await tx.query<{ current: number; previous: number | null }>(
        'SELECT current, previous FROM list_state WHERE list = $1 FOR UPDATE',
        [key],
      );
      if (!state || state.previous === null) return 'no-previous';
      await tx.query('UPDATE list_state SET current = previous, previous = current WHERE list = $1', [key]);
      await writeVersion(tx, key, Number(state.previous));
      return this.state(tx, key);
    });
  }

  /**
   * The list's state row, locked; made on the first import, with what the
   * list holds now kept as version 0. `imported` is the version pending
   * imports are based on (null before the first import).
   */
  private async lockedState(tx: Sql, key: string, at: string): Promise<{ current: number; imported: number | null }> {
    const [state] = await tx.query<{ current: number }>('SELECT current FROM list_state WHERE list = $1 FOR UPDATE', [key]);
    if (state) return { current: Number(state.current), imported: Number(state.current) };
    await snapshot(tx, key, at);
    await tx.query('INSERT INTO list_state (list, current, previous) VALUES ($1, 0, NULL)', [key]);
    return { current: 0, imported: null };
  }
}

function rowsOf(result: ListData): number {
  if (result.list === 'boards') return result.data.items.reduce((n, g) => n + g.units.length, 0);
  return result.data.length;
}

/** Keeps what `key` holds now as its version 0. */
async function snapshot(tx: Sql, key: string, at: string): Promise<void> {
  const { list, scope, period } = parseKey(key);
  if (list === 'brands') {
    await tx.query(
      `INSERT INTO list_versions (list, version, at, who, rows, data)
       SELECT $1, 0, $2, NULL, count(*), coalesce(json_agg(doc ORDER BY id), '[]'::json) FROM brands`,
      [key, at],
    );
  } else if (list === 'branches') {
    await tx.query(
      `INSERT INTO list_versions (list, version, at, who, rows, data)
       SELECT $1, 0, $2, NULL, count(*), coalesce(json_agg(json_build_object('c', county, 'd', doc) ORDER BY position), '[]'::json) FROM branches`,
      [key, at],
    );
  } else {
    const [live] = await tx.query<{ doc: string }>('SELECT doc::text AS doc FROM leaderboards WHERE scope = $1 AND period = $2', [
      scope,
      period,
    ]);
    const rows = live ? (JSON.parse(live.doc) as Leaderboard).items.reduce((n, g) => n + g.units.length, 0) : 0;
    // A board that did not exist is kept as null: restoring it removes the board.
    await tx.query('INSERT INTO list_versions (list, version, at, who, rows, data) VALUES ($1, 0, $2, NULL, $3, $4::json)', [
      key,
      at,
      rows,
      live ? live.doc : 'null',
    ]);
  }
}

/** Replaces what the public answers read for `key` with version `version`. */
async function writeVersion(tx: Sql, key: string, version: number): Promise<void> {
  const { list, scope, period } = parseKey(key);
  if (list === 'brands') {
    await tx.query('DELETE FROM brands');
    await tx.query(
      `INSERT INTO brands (id, doc)
       SELECT x->>'id', x FROM list_versions v, json_array_elements(v.data) AS x WHERE v.list = $1 AND v.version = $2`,
      [key, version],
    );
  } else if (list === 'branches') {
    await tx.query('DELETE FROM branches');
    await tx.query(
      `INSERT INTO branches (id, position, county, group_id, stars, doc)
       SELECT t.x->'d'->>'id', (t.ord - 1)::int, t.x->>'c', t.x->'d'->>'groupId', (t.x->'d'->>'stars')::int, t.x->'d'
       FROM list_versions v, json_array_elements(v.data) WITH ORDINALITY AS t(x, ord) WHERE v.list = $1 AND v.version = $2`,
      [key, version],
    );
  } else {
    await tx.query('DELETE FROM leaderboards WHERE scope = $1 AND period = $2', [scope, period]);
    await tx.query(
      `INSERT INTO leaderboards (scope, period, doc)
       SELECT $3, $4, data FROM list_versions WHERE list = $1 AND version = $2 AND json_typeof(data) = 'object'`,
      [key, version, scope, period],
    );
    await syncBoards(tx, scope!);
  }
}

/**
 * Keeps every board of `scope` in step with the others after one was written or removed: each lists
 * the periods the scope has, and each group's `previous` figures are those of the same group in the
 * scope's latest earlier board (null where there is none). So a board imported for an earlier
 * period, changed, or removed by a restore shows in the next period's movements at once.
 */
async function syncBoards(tx: Sql, scope: string): Promise<void> {
  const boards = await tx.query<{ period: string; doc: string }>('SELECT period, doc::text AS doc FROM leaderboards WHERE scope = $1', [
    scope,
  ]);
  boards.sort((a, b) => (a.period < b.period ? -1 : 1));
  const periods = boards.map((b) => b.period);
  let earlier: Leaderboard | undefined;
  for (const b of boards) {
    const doc = JSON.parse(b.doc) as Leaderboard;
    const figures = new Map(
      earlier?.items.map((g) => [g.id, { score: g.score, branchCount: g.branchCount, fiveStarCount: g.fiveStarCount }]),
    );
    const synced: Leaderboard = { ...doc, periods, items: doc.items.map((g) => ({ ...g, previous: figures.get(g.id) ?? null })) };
    earlier = doc;
    if (JSON.stringify(synced) === JSON.stringify(doc)) continue;
    await tx.query('UPDATE leaderboards SET doc = $3::json WHERE scope = $1 AND period = $2', [scope, b.period, JSON.stringify(synced)]);
  }
}

async function prune(tx: Sql, key: string, current: number, previous: number): Promise<void> {
  await tx.query(
    `DELETE FROM list_versions WHERE list = $1 AND version <> $2 AND version <> $3
       AND version NOT IN (SELECT version FROM list_versions WHERE list = $1 ORDER BY version DESC LIMIT ${KEPT_VERSIONS})`,
    [key, current, previous],
  );
}
