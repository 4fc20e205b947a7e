/**
 * Every way a request can fail, as one typed error. `kind` says which;
 * the widget turns it into a localised sentence with {@link describeError}.
 */
import { emit } from './events.js';
import { msg, type Locale } from './i18n.js';
import type { Problem } from './schema.js';

export type ErrorKind = 'http' | 'not-found' | 'network' | 'timeout' | 'not-json' | 'schema' | 'config';

export class DjError extends Error {
  override readonly name = 'DjError';
  constructor(
    readonly kind: ErrorKind,
    readonly url: string,
    /** English, for logs; what the widget shows comes from the locale table. */
    message: string,
    readonly extra: { status?: number; problem?: Problem; detail?: string; timeout?: number; retryAfter?: number } = {},
  ) {
    super(message);
  }
  get status(): number | undefined {
    return this.extra.status;
  }
}

/** The sentence a person sees for `error`, in `locale`. */
export function describeError(error: DjError, locale: Locale): string {
  const { status, problem, detail, timeout } = error.extra;
  switch (error.kind) {
    case 'http': {
      // Busy or away for a while: said plainly, with how long to wait when the answer says.
      const wait = status === 503 ? 'unavailable' : status === 429 ? 'busy' : '';
      if (wait)
        return error.extra.retryAfter ? msg(locale, `error.${wait}.in`, { seconds: error.extra.retryAfter }) : msg(locale, `error.${wait}`);
      const told = [problem?.title, problem?.detail].filter(Boolean).join(' — ');
      return told ? msg(locale, 'error.http.detail', { status: status!, detail: told }) : msg(locale, 'error.http', { status: status! });
    }
    case 'timeout':
      return msg(locale, 'error.timeout', { seconds: Math.round((timeout ?? 0) / 100) / 10 });
    case 'not-json':
      return msg(locale, 'error.not-json', { type: detail || '?' });
    case 'schema':
    case 'config':
      return msg(locale, `error.${error.kind}`, { detail: detail! });
    default:
      return msg(locale, `error.${error.kind}`);
  }
}

/**
 * Fires `dj-error` on `host` for a failed request: `{url, kind, status, message}`, the message
 * as the widget shows it. `url` defaults to the request's; a widget whose URLs may hold personal
 * data (a phone in a query) passes it without its query.
 */
export function emitError(host: HTMLElement & { locale: Locale }, error: DjError, url = error.url): void {
  emit(host, 'dj-error', { url, kind: error.kind, status: error.status, message: describeError(error, host.locale) });
}
