/**
 * The import panel's requests to the staff API's list routes, each with the
 * staff token: the lists' versions, a template to save, the dry run (the
 * file's bytes as the body), apply and restore. A refusal keeps the server's
 * own words (its problem's detail, in Chinese: they say which file, row or
 * list is wrong); a network failure, timeout or a body that is not the
 * contract's becomes core's DjError, worded by core's describeError.
 */
import * as v from 'valibot';
import { endpointUrl } from '../../core/config.js';
import { DjError } from '../../core/errors.js';
import { describeIssue, Problem } from '../../core/schema.js';
import { DryRun, ListState, ListStates, type ListName } from '../../contract/lists.js';

/** A refusal of the server: its status and its own sentence. */
export class ListsRefusal extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly title: string,
  ) {
    super(`HTTP ${status}: ${title} — ${detail}`);
  }
}

/** A board's scope and period (and the name of a new scope), as the import's query. */
export interface BoardParams {
  scope: string;
  period: string;
  scopeName?: string;
}

export interface SavedFile {
  filename: string;
  blob: Blob;
}

const query = (list: ListName, board?: BoardParams) => {
  if (list !== 'boards' || !board) return '';
  const q = new URLSearchParams({ scope: board.scope.trim(), period: board.period.trim() });
  if (board.scopeName?.trim()) q.set('scopeName', board.scopeName.trim());
  return `?${q}`;
};

export class ListsApi {
  constructor(
    private readonly endpoint: () => string,
    private readonly token: () => string,
    private readonly timeout: () => number,
  ) {}

  async states(): Promise<ListState[]> {
    return (await this.json('/lists', 'GET', undefined, ListStates)).items;
  }

  async template(list: ListName, kind: 'csv' | 'xlsx'): Promise<SavedFile> {
    const res = await this.fetch(`/lists/${list}/template.${kind}`, 'GET');
    const named = /filename="?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
    return { filename: named ?? `${list}-template.${kind}`, blob: await res.blob() };
  }

  dryRun(list: ListName, file: File, board?: BoardParams): Promise<DryRun> {
    return this.json(`/lists/${list}/imports${query(list, board)}`, 'POST', file, DryRun);
  }

  apply(list: ListName, id: string): Promise<ListState> {
    return this.json(`/lists/${list}/imports/${encodeURIComponent(id)}/apply`, 'POST', undefined, ListState);
  }

  restore(list: ListName, board?: BoardParams): Promise<ListState> {
    return this.json(`/lists/${list}/restore${query(list, board)}`, 'POST', undefined, ListState);
  }

  private async json<T>(path: string, method: string, file: File | undefined, schema: v.GenericSchema<unknown, T>): Promise<T> {
    const res = await this.fetch(path, method, file);
    const url = res.url;
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new DjError('not-json', url, 'body is not JSON', { detail: res.headers.get('Content-Type') ?? '' });
    }
    const checked = v.safeParse(schema, body);
    if (!checked.success) {
      const detail = describeIssue(checked.issues[0]);
      throw new DjError('schema', url, `response does not match the contract: ${detail}`, { detail });
    }
    return checked.output;
  }

  /** The request with the token; an answer that is not 2xx is a ListsRefusal with the server's words. */
  private async fetch(path: string, method: string, file?: File): Promise<Response> {
    const url = endpointUrl(this.endpoint(), `/admin${path}`);
    const timeout = this.timeout();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      const res = await fetch(url, {
        method,
        signal: controller.signal,
        cache: 'no-store',
        headers: {
          Authorization: `Bearer ${this.token()}`,
          // The bytes decide what the file is; the type only says it is a file.
          ...(file ? { 'Content-Type': 'application/octet-stream' } : {}),
        },
        body: file,
      });
      if (res.ok) return res;
      throw await refusal(res);
    } catch (error) {
      if (error instanceof ListsRefusal || error instanceof DjError) throw error;
      if (error instanceof DOMException && error.name === 'AbortError')
        throw new DjError('timeout', url, `no answer within ${timeout} ms`, { timeout });
      throw new DjError('network', url, `network failure (${String(error)})`);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function refusal(res: Response): Promise<ListsRefusal> {
  let problem: Problem | undefined;
  try {
    const checked = v.safeParse(Problem, await res.json());
    if (checked.success) problem = checked.output;
  } catch {
    // No problem body: the status alone is reported.
  }
  return new ListsRefusal(res.status, problem?.detail ?? '', problem?.title ?? '');
}
