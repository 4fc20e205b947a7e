/**
 * The import panel's requests to the staff API's list routes, each with the
 * staff token: the lists' versions, a template to save, the dry run (the
 * file's bytes as the body), apply and restore, on the desk's staff client.
 * A refusal is a DeskError that keeps the server's own words (its problem's
 * detail, in Chinese: they say which file, row or list is wrong); a network
 * failure, timeout or a body that is not the contract's is worded by core's
 * describeError.
 */
import { DryRun, ListState, ListStates, type ListName } from '../../contract/lists.js';
import { DeskApi, type Download } from './desk.api.js';

/** A board's scope and period (and the name of a new scope), as the import's query. */
export interface BoardParams {
  scope: string;
  period: string;
  scopeName?: string;
}

const query = (list: ListName, board?: BoardParams) => {
  if (list !== 'boards' || !board) return '';
  const q = new URLSearchParams({ scope: board.scope.trim(), period: board.period.trim() });
  if (board.scopeName?.trim()) q.set('scopeName', board.scopeName.trim());
  return `?${q}`;
};

/** The panel's requests, on the desk's staff client (a refusal is a DeskError with the server's problem). */
export class ListsApi {
  private readonly api: DeskApi;

  constructor(endpoint: () => string, token: () => string, timeout: () => number) {
    this.api = new DeskApi(endpoint, token, timeout);
  }

  async states(): Promise<ListState[]> {
    return (await this.api.call('/lists', { schema: ListStates })).items;
  }

  template(list: ListName, kind: 'csv' | 'xlsx'): Promise<Download> {
    return this.api.download(`/lists/${list}/template.${kind}`, `${list}-template.${kind}`);
  }

  dryRun(list: ListName, file: File, board?: BoardParams): Promise<DryRun> {
    return this.api.call(`/lists/${list}/imports${query(list, board)}`, { method: 'POST', body: file, schema: DryRun });
  }

  apply(list: ListName, id: string): Promise<ListState> {
    return this.api.call(`/lists/${list}/imports/${encodeURIComponent(id)}/apply`, { method: 'POST', schema: ListState });
  }

  restore(list: ListName, board?: BoardParams): Promise<ListState> {
    return this.api.call(`/lists/${list}/restore${query(list, board)}`, { method: 'POST', schema: ListState });
  }
}
