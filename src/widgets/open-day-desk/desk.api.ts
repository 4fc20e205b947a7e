/**
 * The staff API's client, for the desk and its import panel: every request carries the staff
 * token, and a refusal keeps the whole problem body. Core's `send` is for the public contract: it has no way to keep a problem's own
 * members (a refused check-in's `booking`, `date` and `checkedInAt`, which the desk shows), and
 * the CSV export is not JSON. Failures are core's DjError all the same, so the kit's words for a
 * network failure, a timeout or a busy server apply here too.
 */
import * as v from 'valibot';
import { endpointUrl } from '../../core/config.js';
import { DjError } from '../../core/errors.js';
import { Problem } from '../../core/schema.js';
import { describeIssue } from '../../core/schema.js';

/** A refusal of the staff API: a DjError with the problem body as sent, extensions included. */
export class DeskError extends DjError {
  constructor(
    base: DjError,
    /** The problem body as the server sent it (`{}` when it sent none). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(base.kind, base.url, base.message, base.extra);
  }
  /** The last part of the problem's type: `unauthorized`, `capacity-below-booked` … ('' when none). */
  get slug(): string {
    const type = this.extra.problem?.type ?? '';
    return type.includes('/problems/') ? type.slice(type.lastIndexOf('/') + 1) : '';
  }
}

export interface CallOptions<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** JSON, or a file (a Blob) sent as its bytes. */
  body?: unknown;
  schema?: v.GenericSchema<unknown, T>;
}

/** A saved export: the server's file name and the file. */
export interface Download {
  filename: string;
  blob: Blob;
}

const asError = (error: unknown, url: string, timeout: number): DeskError => {
  if (error instanceof DeskError) return error;
  if (error instanceof DjError) return new DeskError(error);
  if (error instanceof DOMException && error.name === 'AbortError')
    return new DeskError(new DjError('timeout', url, `no answer within ${timeout} ms`, { timeout }));
  return new DeskError(new DjError('network', url, `network failure (${String(error)})`));
};

export class DeskApi {
  constructor(
    /** The endpoint as the page gives it, e.g. `/dj-api/v1`. */
    private readonly endpoint: () => string,
    private readonly token: () => string,
    private readonly timeout: () => number,
  ) {}

  /** One request to `{endpoint}/admin{path}`: its JSON answer checked against `schema`, or a DeskError. */
  async call<T>(path: string, { method = 'GET', body, schema }: CallOptions<T> = {}): Promise<T> {
    const res = await this.fetch(path, method, body);
    const text = await res.text();
    const url = res.url;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      const got = (res.headers.get('Content-Type') ?? '').split(';')[0] || 'no Content-Type';
      throw new DeskError(new DjError('not-json', url, `body is not JSON (${got})`, { detail: got }));
    }
    if (!schema) return json as T;
    const checked = v.safeParse(schema, json);
    if (!checked.success) {
      const detail = describeIssue(checked.issues[0]);
      throw new DeskError(new DjError('schema', url, `response does not match the contract: ${detail}`, { detail }));
    }
    return checked.output;
  }

  /** A file the server sends to save (the CSV export), with the name it gives it. */
  async download(path: string, fallback: string): Promise<Download> {
    const res = await this.fetch(path, 'GET');
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    let filename = fallback;
    try {
      if (named) filename = decodeURIComponent(named);
    } catch {
      filename = named!;
    }
    return { filename, blob: await res.blob() };
  }

  /** The request with the token; an answer that is not 2xx becomes a DeskError with its problem. */
  private async fetch(path: string, method: string, body?: unknown): Promise<Response> {
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
          Accept: 'application/json',
          Authorization: `Bearer ${this.token()}`,
          // A file (a list to import) goes as its bytes, which decide what it is; anything else as JSON.
          ...(body === undefined ? {} : { 'Content-Type': body instanceof Blob ? 'application/octet-stream' : 'application/json' }),
        },
        body: body === undefined || body instanceof Blob ? body : JSON.stringify(body),
      });
      if (res.ok) return res;
      throw await refusal(url, res);
    } catch (error) {
      const failure = asError(error, url, timeout);
      // The server's answers (a wrong token, a refused check-in) are the desk's to explain; the rest is a fault.
      if (!failure.status || failure.status >= 500) console.error(`[dj-widgets] ${method} ${url} failed: ${failure.message}`);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }
}

async function refusal(url: string, res: Response): Promise<DeskError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await res.text());
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // A broken error body still leaves the status to report.
  }
  const checked = v.safeParse(Problem, body);
  const problem = checked.success ? checked.output : undefined;
  const retryAfter = Number(res.headers.get('Retry-After') ?? '');
  const told = [problem?.title, problem?.detail].filter(Boolean).join(' — ');
  return new DeskError(
    new DjError(res.status === 404 ? 'not-found' : 'http', url, `HTTP ${res.status}${told ? `: ${told}` : ''}`, {
      status: res.status,
      problem,
      ...(Number.isInteger(retryAfter) && retryAfter > 0 ? { retryAfter } : {}),
    }),
    body,
  );
}
