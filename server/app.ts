/**
 * The HTTP face of the reference server: the contract under /dj-api/v1, the
 * staff API under /dj-api/v1/admin, /openapi.json, and the demo portal page
 * with the built bundle.
 *
 * Every error is problem+json (problems.ts words the server's own), 404, 405,
 * 413, 415, 429 and 500 included. Services answer with domain results;
 * the routes here and in staff-api.ts turn them into HTTP.
 */
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { bookingProblems } from '../src/contract/booking.js';
import { toColumns } from '../src/contract/branch-columns.js';
import { BRANCH_FORMS } from '../src/contract/catalog.js';
import { jsonBody } from './body.js';
import { ALL_REGIONS, Catalog } from './catalog.js';
import type { Config } from './config.js';
import { isUnavailable, type Store } from './db.js';
import { clientOf, json, JSON_TYPE, reply, stdoutLines } from './http.js';
import { Limited, MemoryLimiter, SqlLimiter, type CountWithBooking } from './limits.js';
import type { BookingOffice } from './office.js';
import { openApiDocument } from './openapi.js';
import { demoPage, pagePolicy } from './page.js';
import { catalogProblems, httpProblems } from './problems.js';
import { isListUpload } from './lists-api.js';
import { staffApi } from './staff-api.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The booking request's rate-limit count, taken with its booking (PostgreSQL). */
    bookingCount?: CountWithBooking;
  }
}

export const API = '/dj-api/v1';
const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface AppDeps {
  config: Config;
  store: Store;
  office: BookingOffice;
  /** Where request lines go (never personal data); tests pass a collector. */
  log?: (line: string) => void;
  now?: () => number;
}

export function createApp({ config, store, office, log = stdoutLines(), now = Date.now }: AppDeps) {
  const app = new Hono();
  const catalog = new Catalog(store);
  // On PostgreSQL several processes may serve: the counts live in the database.
  const limiter = store.kind === 'postgres' ? new SqlLimiter(store, now) : new MemoryLimiter(now);
  const openapi = JSON.stringify(openApiDocument());

  // One line per request: the route's pattern, never its values (a booking
  // code or a phone in a query string stays out of the log).
  if (config.log) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      const route = c.req.routePath === '*' ? routePath(c, -1) || c.req.path.split('?')[0] : c.req.routePath;
      const known = c.res.status !== 404 || route !== '*';
      log(`${c.req.method} ${known ? route : '(unknown path)'} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
    });
  }

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...demoPage.scriptHashes],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: config.allowedOrigins.length ? 'cross-origin' : 'same-origin',
      // The same as frame-ancestors 'none', for browsers that know only this header.
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
      // The pages set their own, stricter policy (page.ts); everything else gets this one.
      overwrite: false,
    }),
  );
  app.use('*', compress());
  // A path that exists with other methods is 405 with Allow (any other is 404, notFound below).
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => httpProblems.methodNotAllowed(c.req.method, c.req.path, methods),
    }),
  );

  // CORS for the contract, which portals on other origins call; never for the
  // staff API, which only the server's own pages (or no browser) may use.
  const exposed = 'ETag, Retry-After';
  const crossOrigin = cors({
    origin: (origin) => (config.allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: [],
    exposeHeaders: exposed.split(', '),
    maxAge: 600,
  });
  // Preflights go to Hono's cors; other requests get their headers once the
  // answer is made. Hono's cors sets them on c.res before the route has
  // answered, and the route's Response is then rebuilt around them, its body
  // turned into a stream and read back: in a profile of bookings, about as
  // much work as validating and encrypting them.
  app.use(`${API}/*`, async (c, next) => {
    if (c.req.path.startsWith(`${API}/admin`)) return next();
    if (c.req.method === 'OPTIONS') return crossOrigin(c, next);
    const origin = c.req.header('Origin');
    await next();
    const headers = c.res.headers;
    if (origin && config.allowedOrigins.includes(origin)) {
      headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Expose-Headers', exposed);
    }
    headers.append('Vary', 'Origin');
  });

  // Bodies: a limit for every write, and JSON or a 400. A request that says
  // its length (every browser's fetch does) is judged by the header alone, and
  // one with no length and no chunks has no body; Hono's bodyLimit, which
  // counts the bytes as they come, is left for chunked bodies, because it
  // first turns the request into a fetch Request with a web stream: for a
  // booking, more work than validating it.
  const tooLarge = (c: Context) => httpProblems.tooLarge(config.bodyLimit, c.req.header('Connection') === 'close');
  const countBody = bodyLimit({ maxSize: config.bodyLimit, onError: tooLarge });
  app.use(`${API}/*`, (c, next) => {
    // A list kept in Excel is uploaded whole (a 10,000-row branch list is about 1.5 MB): its route,
    // behind the staff token, holds it to its own limit as it reads it (server/lists-api.ts).
    if (isListUpload(c.req.method, c.req.path)) return next();
    if (c.req.header('Transfer-Encoding') !== undefined) return countBody(c, next);
    const length = c.req.header('Content-Length');
    if (length === undefined) return next();
    // The HTTP parser has already refused a length that is not a number.
    return Number(length) > config.bodyLimit ? Promise.resolve(tooLarge(c)) : next();
  });

  // GETs: how long the answer may be kept, and a weak ETag (compress keeps it
  // valid) with 304 on a match. A 304 carries what its 200 would: CORS above
  // all, or a cross-origin widget cannot read it and reports a failure.
  const cacheFor = (path: string) =>
    path.startsWith(`${API}/admin`) || path.startsWith(`${API}/bookings`)
      ? 'no-store'
      : path.startsWith(`${API}/open-days`)
        ? 'no-cache'
        : 'public, max-age=60';
  const tag = etag({
    weak: true,
    retainedHeaders: [
      ...RETAINED_304_HEADERS,
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'access-control-expose-headers',
    ],
  });
  app.use(`${API}/*`, (c, next) => (cacheFor(c.req.path) === 'no-store' ? next() : tag(c, next)));
  app.use(`${API}/*`, async (c, next) => {
    await next();
    const cache = cacheFor(c.req.path);
    // Answers about bookings are kept by no cache, whatever their method or status.
    const read = (c.req.method === 'GET' || c.req.method === 'HEAD') && c.res.status === 200;
    if (cache === 'no-store' || read) c.res.headers.set('Cache-Control', cache);
  });

  // No U+0000 in the path or the query string either (bodies: jsonBody).
  app.use(`${API}/*`, async (c, next) => {
    // A raw NUL cannot pass the HTTP parser, so only %00 needs a closer look.
    if (!c.req.url.includes('%00')) return next();
    const url = new URL(c.req.url);
    let path = url.pathname;
    try {
      path = decodeURIComponent(path);
    } catch {
      // Broken escapes stay as they are; no route has them.
    }
    if (path.includes('\0') || [...url.searchParams].some(([k, val]) => (k + val).includes('\0'))) return reply(bookingProblems.nul());
    return next();
  });

  const limit =
    (bucket: keyof Config['rateLimits']): MiddlewareHandler =>
    async (c, next) => {
      const wait = await limiter.take(bucket, clientOf(c, config.trustProxy), config.rateLimits[bucket]);
      if (!wait) return next();
      return httpProblems.rateLimited(config.rateLimits[bucket], wait);
    };

  // ── the contract ─────────────────────────────────────────────────────────
  const api = new Hono();
  api.get('/brands/:id', async (c) => {
    const brand = await catalog.brand(c.req.param('id'));
    return brand ? json(brand.doc) : catalogProblems.noBrand(c.req.param('id'));
  });
  api.get('/liaison-groups', async (c) => {
    const { scope, period } = c.req.query();
    const board = await catalog.board(scope ?? null, period ?? null);
    if (board === 'no-scope') return catalogProblems.noScope(scope ?? null);
    if (board === 'no-period') return catalogProblems.noPeriod(period ?? null);
    return json(board.doc);
  });
  api.get('/regions/:adcode', async (c) => {
    const region = await catalog.region(c.req.param('adcode'));
    return region ? json(region.doc) : catalogProblems.noBoundary(c.req.param('adcode'));
  });
  // An empty parameter counts as absent.
  api.get('/branches', async (c) => {
    const { region = '', group = '', minStars = '', form = '' } = c.req.query();
    const where = region || ALL_REGIONS;
    if (!(await catalog.knowsRegion(where))) return catalogProblems.noRegion(where);
    if (minStars && !/^[1-5]$/.test(minStars)) return catalogProblems.badMinStars(minStars);
    if (form && !(BRANCH_FORMS as readonly string[]).includes(form)) return catalogProblems.badForm(form);
    const answer = await catalog.branches(where, group || null, minStars ? Number(minStars) : null);
    return json(form === 'columns' ? toColumns(answer) : answer);
  });
  api.get('/open-days', async (c) => reply(await office.list(c.req.query('from') ?? null, c.req.query('to') ?? null)));
  api.get('/open-days/:id', async (c) => reply(await office.get(c.req.param('id'))));
  // On PostgreSQL a booking's request is counted by the statement that books
  // (CountWithBooking, server/limits.ts): one round trip for a valid booking,
  // not two. A request that does not get there is counted after its answer, which
  // a 429 then replaces, so each answer is the one it would be if counted first;
  // a client refused in its minute is refused unread. On PGlite the count is in
  // memory, and taken first.
  const countBooking: MiddlewareHandler =
    limiter instanceof SqlLimiter
      ? async (c, next) => {
          const perMinute = config.rateLimits.booking;
          const client = clientOf(c, config.trustProxy);
          const early = limiter.refusedFor('booking', client);
          if (early) return httpProblems.rateLimited(perMinute, early);
          const count = limiter.withBooking('booking', client, perMinute);
          if (!count) return next();
          c.set('bookingCount', count);
          await next();
          if (count.counted) return;
          const wait = await limiter.take('booking', client, perMinute);
          if (!wait) return;
          // Unset first, or Hono would keep the headers of the answer replaced.
          c.res = undefined;
          c.res = httpProblems.rateLimited(perMinute, wait);
        }
      : limit('booking');
  api.post('/open-days/:id/bookings', countBooking, jsonBody(), async (c) => {
    try {
      const key = c.req.header('Idempotency-Key') ?? null;
      return reply(await office.book(c.req.param('id'), key, c.req.valid('json'), c.get('bookingCount')));
    } catch (error) {
      if (error instanceof Limited) return httpProblems.rateLimited(config.rateLimits.booking, error.wait);
      throw error;
    }
  });
  // A POST, so the phone travels in the body and never in a URL a proxy logs.
  api.post('/bookings/:code/lookup', limit('lookup'), jsonBody(), async (c) =>
    reply(await office.lookup(c.req.param('code'), c.req.valid('json'))),
  );
  api.post('/bookings/:code/cancel', limit('cancel'), jsonBody(), async (c) =>
    reply(await office.cancel(c.req.param('code'), c.req.valid('json'))),
  );
  api.route('/admin', staffApi({ config, store, office, limiter, base: `${API}/admin`, now }));

  app.route(API, api);

  // ── the document and the demo page ───────────────────────────────────────
  app.get('/openapi.json', (c) => c.body(openapi, 200, { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache' }));
  app.get('/healthz', async () => {
    await store.query('SELECT 1');
    return json({ status: 'ok', store: store.kind });
  });
  // The demo page and its static pages (src/demo/public/demo/*.html) go out under the kit's
  // strict policy (page.ts), the page's own inline code allowed by hash.
  const pageHeaders = {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': demoPage.policy,
  };
  app.get('/', () => new Response(demoPage.html, { headers: pageHeaders }));
  app.get('/index.html', () => new Response(demoPage.html, { headers: pageHeaders }));
  const noCache: MiddlewareHandler = async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('Cache-Control', 'no-cache');
  };
  const staticPolicy = pagePolicy();
  app.get(
    '/demo/*',
    noCache,
    async (c, next) => {
      await next();
      if (c.res.status === 200) c.res.headers.set('Content-Security-Policy', staticPolicy);
    },
    serveStatic({ root: `${ROOT}src/demo/public` }),
  );
  // Source maps give the kit's whole source away: served only when asked for.
  const sourceMaps: MiddlewareHandler = async (c, next) =>
    config.sourceMaps || !c.req.path.endsWith('.map') ? next() : httpProblems.noSourceMaps();
  app.get('/dist/*', noCache, sourceMaps, serveStatic({ root: ROOT }));
  app.get('/images/*', noCache, serveStatic({ root: `${ROOT}src/demo/public` }));

  app.notFound((c) => httpProblems.notFound(c.req.method, c.req.path));
  app.onError((error, c) => {
    if (isUnavailable(error)) {
      console.error(`[db] ${c.req.method} ${c.req.routePath}: database unavailable (${(error as Error).message})`);
      return httpProblems.unavailable(UNAVAILABLE_RETRY);
    }
    // The message only: a driver's detail may quote the values of a row.
    console.error(`[error] ${c.req.method} ${c.req.routePath}: ${(error as Error).message}`);
    return httpProblems.internal();
  });
  return app;
}

/** Seconds a client is asked to wait while the database cannot be reached. */
export const UNAVAILABLE_RETRY = 5;

export { MIN_TOKEN_LENGTH } from './config.js';
