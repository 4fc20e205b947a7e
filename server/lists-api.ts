/**
 * The staff routes of the lists kept in Excel, WPS or CSV (brands, liaison
 * boards, the five-star branch list), mounted in the staff API behind its
 * token and audit log:
 *
 *   GET  /lists                             each list's current and previous version
 *   GET  /lists/:list/template.csv|.xlsx    the headers and an example row
 *   POST /lists/:list/imports               the dry run: the file's bytes in the body
 *   POST /lists/:list/imports/:id/apply     replaces the whole list in one transaction
 *   POST /lists/:list/restore               puts the previous version back
 *
 * A board is named by `?scope=&period=` (and `scopeName` for a new scope).
 * The routes turn the office's results (server/lists/office.ts) into HTTP;
 * docs/lists.md describes the columns and the notation.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LIST_LIMITS, LISTS, PERIOD_PATTERN, SCOPE_PATTERN, type ListName } from '../src/contract/lists.js';
import { json } from './http.js';
import { ListOffice, keyOf, type ListKey } from './lists/office.js';
import { ListFileError, listProblems } from './lists/problems.js';
import { templateCsv, templateXlsx } from './lists/templates.js';
import type { StaffApiDeps } from './staff-api.js';

export { importedLists } from './lists/office.js';
export { LIST_LIMITS };

/** The audited routes below /admin, by method and route (spread into STAFF_ACTIONS). */
export const LIST_ACTIONS: Record<string, string> = {
  'GET /lists': 'read-lists',
  'GET /lists/:list/template.csv': 'read-list-template',
  'GET /lists/:list/template.xlsx': 'read-list-template',
  'POST /lists/:list/imports': 'check-list-import',
  'POST /lists/:list/imports/:id/apply': 'import-list',
  'POST /lists/:list/restore': 'restore-list',
};

/** Whether a request is a list upload, whose body may be up to LIST_LIMITS.bytes (app.ts's body limit is for JSON). */
export const isListUpload = (method: string, path: string) => method === 'POST' && /\/admin\/lists\/[^/]+\/imports\/?$/.test(path);

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * What a browser or a script may call a list file. Windows gives a .csv file
 * the type application/vnd.ms-excel when Excel is installed; the bytes decide
 * what the file is (lists/parse.ts), these only keep other bodies (JSON, forms) out.
 */
const FILE_TYPES = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  XLSX_TYPE,
  'application/octet-stream',
]);

type Env = { Variables: { who: string } };

export function listsApi({ store, now }: Pick<StaffApiDeps, 'store' | 'now'>) {
  const office = new ListOffice(store, now);
  const lists = new Hono<Env>();

  const listOf = (c: Context<Env>): ListName | undefined => {
    const list = c.req.param('list');
    return (LISTS as readonly string[]).includes(list ?? '') ? (list as ListName) : undefined;
  };
  /** The list's key with a board's scope and period from the query, or the problem that says what is wrong. */
  const keyFrom = (c: Context<Env>, list: ListName): ListKey | Response => {
    if (list !== 'boards') return { list, scope: null, period: null };
    const scope = c.req.query('scope') ?? '';
    const period = c.req.query('period') ?? '';
    if (!scope) return listProblems.missingParameter('scope', '范围（如 yanzhou）');
    if (!period) return listProblems.missingParameter('period', '期别（如 2024Q2）');
    if (!SCOPE_PATTERN.test(scope)) return listProblems.badParameter('scope', scope, '小写字母、数字和 - 组成的范围编号（如 yanzhou）');
    if (!PERIOD_PATTERN.test(period)) return listProblems.badParameter('period', period, '“年份Q季度”（如 2024Q2）');
    return { list, scope, period };
  };

  lists.get('/lists', async () => json({ items: await office.states() }));

  const template = (kind: 'csv' | 'xlsx') => async (c: Context<Env>) => {
    const list = listOf(c);
    if (!list) return listProblems.noList(c.req.param('list') ?? '');
    const body = kind === 'csv' ? templateCsv(list) : await templateXlsx(list);
    return new Response(body, {
      headers: {
        'Content-Type': kind === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
        'Content-Disposition': `attachment; filename="${list}-template.${kind}"`,
      },
    });
  };
  lists.get('/lists/:list/template.csv', template('csv'));
  lists.get('/lists/:list/template.xlsx', template('xlsx'));

  lists.post('/lists/:list/imports', bodyLimit({ maxSize: LIST_LIMITS.bytes, onError: () => listProblems.tooLarge() }), async (c) => {
    const list = listOf(c);
    if (!list) return listProblems.noList(c.req.param('list'));
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!FILE_TYPES.has(type)) return listProblems.badType(type);
    const key = keyFrom(c, list);
    if (key instanceof Response) return key;
    const scopeName = c.req.query('scopeName')?.trim() || null;
    if (scopeName && scopeName.length > 60) return listProblems.badParameter('scopeName', scopeName.slice(0, 60), '不超过 60 个字的名称');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    try {
      const answer = await office.dryRun({ ...key, scopeName, bytes, who: c.get('who') });
      return answer === 'new-scope' ? listProblems.newScope(key.scope!) : json(answer);
    } catch (error) {
      if (error instanceof ListFileError) return error.problem();
      throw error;
    }
  });

  lists.post('/lists/:list/imports/:id/apply', async (c) => {
    const list = listOf(c);
    if (!list) return listProblems.noList(c.req.param('list'));
    const id = c.req.param('id');
    const result = await office.apply(list, id, c.get('who'));
    if (result === 'no-import') return listProblems.noImport(id);
    if (result === 'expired') return listProblems.expired(id);
    if ('stale' in result) return listProblems.stale(result.stale);
    return json(result);
  });

  lists.post('/lists/:list/restore', async (c) => {
    const list = listOf(c);
    if (!list) return listProblems.noList(c.req.param('list'));
    const key = keyFrom(c, list);
    if (key instanceof Response) return key;
    const result = await office.restore(keyOf(key));
    return result === 'no-previous' ? listProblems.noPrevious() : json(result);
  });

  return lists;
}
