/**
 * The data controller every widget uses, built on @lit/task: the task passes
 * an AbortSignal to the client, aborts the previous run when the inputs change
 * and ignores stale results. On top of that this controller keeps what the
 * widget should show while a request runs (cached data or the inline
 * snapshot), aborts on disconnect and runs again on reconnect, and reports
 * finished requests as `dj-load` / `dj-error`.
 */
import { Task, TaskStatus } from '@lit/task';
import type { ReactiveController } from 'lit';
import * as v from 'valibot';
import { getJson, peek } from './client.js';
import { configRevision, endpointUrl } from './config.js';
import { DjError, emitError } from './errors.js';
import { emit } from './events.js';
import type { DjElement } from './element.js';

export type ResourceStatus = 'loading' | 'ready' | 'empty' | 'error' | 'stale';

export interface ResourceOptions<T> {
  /** The path under the endpoint, or null when there is nothing to fetch. */
  path: () => string | null;
  schema: v.GenericSchema<unknown, T>;
  /** Data that counts as "nothing to show"; null (204) always does. */
  isEmpty?: (data: T) => boolean;
  /**
   * Keep showing the last data (marked busy) while a new URL loads, instead
   * of the skeleton: for inputs chosen inside the widget, such as a period
   * switcher, whose controls must stay put and keep focus.
   */
  keep?: boolean;
  /**
   * Show the host's inline `<script type="application/json">` child, checked
   * against `schema`, at once, until the first request replaces it (one that
   * does not match is ignored with a warning).
   */
  snapshot?: boolean;
}

const DISCONNECTED = 'disconnected';

export class Resource<T> implements ReactiveController {
  /** What is shown: the last good data for the current URL, or undefined. */
  data: T | null | undefined;
  private dataUrl: string | null | undefined;
  private force = false;
  private readonly task: Task<[string | null, number, number], T | null>;

  constructor(
    private readonly host: DjElement,
    private readonly options: ResourceOptions<T>,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      args: () => [this.url, host.timeout, configRevision()],
      task: ([url, timeout], { signal }) => this.load(url, timeout, signal),
      onComplete: (data) => {
        this.data = data;
        this.dataUrl = this.url;
        if (this.url) emit(host, 'dj-load', { url: this.url });
      },
      onError: (error) => {
        if (error instanceof DjError) emitError(host, error);
      },
    });
  }

  /** The absolute URL for the current inputs, or null. */
  get url(): string | null {
    const path = this.options.path();
    return path === null ? null : endpointUrl(this.host.resolvedEndpoint, path);
  }

  /** Shows `data` (an inline snapshot) until the first request replaces it. */
  seed(data: T): void {
    this.data = data;
    this.dataUrl = this.url;
  }

  get status(): ResourceStatus {
    const { status, error } = this.task;
    const shown = this.data !== undefined;
    if (status === TaskStatus.ERROR && error instanceof DjError) return shown ? 'stale' : 'error';
    if (status === TaskStatus.COMPLETE && this.data === null) return 'empty';
    if (!shown) return 'loading';
    return this.data === null || this.options.isEmpty?.(this.data as T) ? 'empty' : 'ready';
  }

  /** True while a request for data already on screen runs (revalidation). */
  get refreshing(): boolean {
    return this.task.status === TaskStatus.PENDING && this.data !== undefined;
  }

  get error(): DjError | undefined {
    const { error } = this.task;
    return error instanceof DjError ? error : undefined;
  }

  /** Runs the request again, skipping a fresh cache hit. */
  retry(): void {
    this.force = true;
    void this.task.run();
  }

  hostConnected(): void {
    if (this.options.snapshot && this.data === undefined) {
      const snapshot = snapshotOf(this.host, this.options.schema);
      if (snapshot) this.seed(snapshot);
    }
    // Back in the document after an abort on disconnect: fetch again.
    if (this.task.status === TaskStatus.ERROR && this.task.error === DISCONNECTED) void this.task.run();
  }

  hostDisconnected(): void {
    this.task.abort(DISCONNECTED);
  }

  private async load(url: string | null, timeout: number, signal: AbortSignal): Promise<T | null> {
    const force = this.force;
    this.force = false;
    if (url === null) {
      this.data = undefined;
      return null;
    }
    if (url !== this.dataUrl) {
      const hit = peek(url);
      if (hit || !this.options.keep) {
        this.data = hit?.data as T | undefined;
        this.dataUrl = hit ? url : undefined;
      }
    }
    if (!(timeout > 0))
      throw new DjError('config', url, 'timeout must be a positive number of milliseconds', { detail: `timeout="${timeout}"` });
    // Off screen, the request waits until the reader comes near (cached data show at once).
    await new Promise((resolve, reject) => {
      this.host.near.then(resolve);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    return getJson(url, this.options.schema, { signal, timeout, force });
  }
}

/** The JSON of `host`'s `<script type="application/json">` child, checked against `schema`; undefined (with a warning) when it does not match. */
function snapshotOf<T>(host: HTMLElement, schema: v.GenericSchema<unknown, T>): T | undefined {
  const script = host.querySelector(':scope > script[type="application/json"]');
  if (!script) return undefined;
  try {
    const result = v.safeParse(schema, JSON.parse(script.textContent ?? ''));
    if (result.success) return result.output;
  } catch {
    // Falls through to the warning.
  }
  console.warn(`[dj-widgets] <${host.localName}>: the inline JSON snapshot does not match the contract; ignored.`);
  return undefined;
}
