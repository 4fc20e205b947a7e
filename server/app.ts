/**
 * The HTTP face of the reference server: the contract under /dj-api/v1, the
 * staff API under /dj-api/v1/admin, /openapi.json, and the demo portal page
 * with the built bundle.
 *
 * Every error is problem+json, 404 and 405 and 413 and 429 and 500 included.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
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
import { Catalog } from './catalog.js';
import type { Config } from './config.js';
import { isUnavailable, type Store } from './db.js';
import { audit, auditLog, auditTarget, STAFF_ACTIONS } from './audit.js';
import { clientOf, JSON_TYPE, jsonBody, problem, reply } from './http.js';
import { MemoryLimiter, SqlLimiter } from './limits.js';
import type { BookingOffice } from './office.js';
import { openApiDocument } from './openapi.js';
import { demoPage, pagePolicy } from './page.js';
import { bookingsCsv, DayInput, DayPatch, SessionInput, SessionPatch, Staff } from './staff.js';

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

const params = (c: Context) => new URL(c.req.url).searchParams;

export function createApp({ config, store, office, log = console.log, now = Date.now }: AppDeps) {
  const app = new Hono();
  const catalog = new Catalog(store);
  const staff = new Staff(store, office);
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
      onMethodNotAllowed: (c, methods) =>
        reply(
          problem(
            405,
            'method-not-allowed',
            '不支持该请求方法',
            `${c.req.method} 不能用于 ${c.req.path}；可用：${methods.join(', ')}。`,
            {},
            { Allow: methods.join(', ') },
          ),
        ),
    }),
  );

  // CORS for the contract, which portals on other origins call; never for the
  // staff API, which only the server's own pages (or no browser) may use.
  const crossOrigin = cors({
    origin: (origin) => (config.allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: [],
    exposeHeaders: ['ETag', 'Retry-After'],
    maxAge: 600,
  });
  app.use(`${API}/*`, (c, next) => (c.req.path.startsWith(`${API}/admin`) ? next() : crossOrigin(c, next)));

  // Bodies: a limit for every write, and JSON or a 400.
  app.use(
    `${API}/*`,
    bodyLimit({
      maxSize: config.bodyLimit,
      onError: (c) =>
        reply(
          problem(
            413,
            'payload-too-large',
            '请求内容过大',
            `请求体不能超过 ${config.bodyLimit} 字节。`,
            {},
            { Connection: c.req.header('Connection') === 'close' ? 'close' : 'keep-alive' },
          ),
        ),
    }),
  );

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
      return reply(
        problem(
          429,
          'rate-limited',
          '请求过于频繁',
          `同一地址每分钟最多 ${config.rateLimits[bucket]} 次，请 ${wait} 秒后再试。`,
          {},
          { 'Retry-After': String(wait) },
        ),
      );
    };

  // ── the contract ─────────────────────────────────────────────────────────
  const api = new Hono();
  api.get('/brands/:id', async (c) => reply(await catalog.brand(c.req.param('id'))));
  api.get('/liaison-groups', async (c) => reply(await catalog.board(params(c).get('scope'), params(c).get('period'))));
  api.get('/regions/:adcode', async (c) => reply(await catalog.region(c.req.param('adcode'))));
  api.get('/branches', async (c) => reply(await catalog.branches(params(c))));
  api.get('/open-days', async (c) => reply(await office.list(params(c).get('from'), params(c).get('to'))));
  api.get('/open-days/:id', async (c) => reply(await office.get(c.req.param('id'))));
  api.post('/open-days/:id/bookings', limit('booking'), jsonBody(), async (c) =>
    reply(await office.book(c.req.param('id'), c.req.header('Idempotency-Key') ?? null, c.req.valid('json'))),
  );
  // A POST, so the phone travels in the body and never in a URL a proxy logs.
  api.post('/bookings/:code/lookup', limit('lookup'), jsonBody(), async (c) =>
    reply(await office.lookup(c.req.param('code'), c.req.valid('json'))),
  );
  api.post('/bookings/:code/cancel', limit('cancel'), jsonBody(), async (c) =>
    reply(await office.cancel(c.req.param('code'), c.req.valid('json'))),
  );

  // ── staff ────────────────────────────────────────────────────────────────
  const admin = new Hono<{ Variables: { who: string } }>();
  // Digests of equal length are compared, so neither the time taken nor an
  // early length check tells how long a token is.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const tokens = config.staffTokens.map(({ name, token }) => ({ name, digest: digest(token) }));
  admin.use('*', async (c, next) => {
    await next();
    // Only the server's own pages may read staff answers.
    c.res.headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  });
  admin.use('*', async (c, next) => {
    if (!tokens.length)
      return reply(
        problem(404, 'staff-api-off', '员工接口未开启', '服务器启动时没有设置 DJ_ADMIN_TOKEN 或 DJ_ADMIN_TOKENS，员工接口不可用。'),
      );
    // Wrong tokens are counted per address; past the limit nothing is tried.
    const client = clientOf(c, config.trustProxy);
    const wait = await limiter.check('auth', client, config.rateLimits.auth);
    if (wait) return authLimited(wait);
    // The scheme is case-insensitive (RFC 9110): bearer, Bearer and BEARER alike.
    const given = /^bearer +(\S+) *$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    const presented = digest(given ?? '');
    let who: string | undefined;
    // Every token is compared, found or not, so the time taken tells nothing.
    for (const t of tokens) if (timingSafeEqual(presented, t.digest) && given !== undefined) who = t.name;
    if (!who) {
      const after = await limiter.take('auth', client, config.rateLimits.auth);
      if (after) return authLimited(after);
      return reply(
        problem(
          401,
          'unauthorized',
          '需要员工令牌',
          '请在 Authorization 请求头中提供 Bearer 令牌。',
          {},
          { 'WWW-Authenticate': 'Bearer realm="dj-widgets staff"' },
        ),
      );
    }
    c.set('who', who);
    await next();
    // The audit log: who did what, when; never personal data.
    const route = routePath(c, -1).slice(`${API}/admin`.length);
    const action = STAFF_ACTIONS[`${c.req.method} ${route}`];
    if (!action) return;
    let target = auditTarget(route, c.req.path.slice(`${API}/admin`.length));
    if (!target && c.res.status === 201) target = String(((await c.res.clone().json()) as { id?: unknown }).id ?? '');
    try {
      await audit(store, { at: new Date(now()).toISOString(), who, action, target, status: c.res.status });
    } catch (error) {
      console.error(`[audit] ${action} ${target} by ${who} not recorded: ${(error as Error).message}`);
    }
  });
  const authLimited = (wait: number) =>
    reply(
      problem(
        429,
        'rate-limited',
        '错误令牌过多',
        `同一地址每分钟最多可试 ${config.rateLimits.auth} 次错误的员工令牌，请 ${wait} 秒后再试。`,
        {},
        { 'Retry-After': String(wait) },
      ),
    );
  admin.post('/open-days', jsonBody(DayInput), async (c) => reply(await staff.createDay(c.req.valid('json'))));
  admin.patch('/open-days/:id', jsonBody(DayPatch), async (c) => reply(await staff.updateDay(c.req.param('id'), c.req.valid('json'))));
  admin.post('/open-days/:id/sessions', jsonBody(SessionInput), async (c) =>
    reply(await staff.addSession(c.req.param('id'), c.req.valid('json'))),
  );
  admin.patch('/open-days/:id/sessions/:sid', jsonBody(SessionPatch), async (c) =>
    reply(await staff.updateSession(c.req.param('id'), c.req.param('sid'), c.req.valid('json'))),
  );
  admin.get('/open-days/:id/sessions/:sid/bookings', async (c) => reply(await staff.bookings(c.req.param('id'), c.req.param('sid'))));
  admin.get('/open-days/:id/sessions/:sid/bookings.csv', async (c) => {
    const answer = await staff.bookings(c.req.param('id'), c.req.param('sid'));
    if (answer.status !== 200) return reply(answer);
    const { items } = answer.body as { items: Parameters<typeof bookingsCsv>[0] };
    return new Response(bookingsCsv(items), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="bookings-${c.req.param('id')}-${c.req.param('sid')}.csv"`.replace(
          /[^\x20-\x7e]/g,
          '_',
        ),
      },
    });
  });
  admin.get('/bookings/:code', async (c) => reply(await staff.booking(c.req.param('code'))));
  admin.post('/bookings/:code/check-in', async (c) => reply(await staff.checkIn(c.req.param('code'))));
  admin.get('/audit', async (c) => reply(await auditLog(store, params(c).get('limit'), params(c).get('before'))));
  api.route('/admin', admin);

  app.route(API, api);

  // ── the document and the demo page ───────────────────────────────────────
  app.get('/openapi.json', (c) => c.body(openapi, 200, { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache' }));
  app.get('/healthz', async () => {
    await store.query('SELECT 1');
    return reply({ status: 200, body: { status: 'ok', store: store.kind } });
  });
  // The demo page and its static pages (mocks/public/demo/*.html) go out under the kit's
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
    serveStatic({ root: `${ROOT}mocks/public` }),
  );
  // Source maps give the kit's whole source away: served only when asked for.
  const sourceMaps: MiddlewareHandler = async (c, next) =>
    config.sourceMaps || !c.req.path.endsWith('.map')
      ? next()
      : reply(problem(404, 'not-found', '未找到', '源映射文件默认不提供；需要时以 DJ_SOURCE_MAPS=1 启动服务器。'));
  app.get('/dist/*', noCache, sourceMaps, serveStatic({ root: ROOT }));
  app.get('/images/*', noCache, serveStatic({ root: `${ROOT}mocks/public` }));

  app.notFound((c) => reply(problem(404, 'not-found', '未找到', `没有 ${c.req.method} ${c.req.path} 这个地址。`)));
  app.onError((error, c) => {
    if (isUnavailable(error)) {
      console.error(`[db] ${c.req.method} ${c.req.routePath}: database unavailable (${(error as Error).message})`);
      return reply(
        problem(503, 'unavailable', '服务暂时不可用', '数据库暂时无法连接，请稍后再试。', {}, { 'Retry-After': String(UNAVAILABLE_RETRY) }),
      );
    }
    // The message only: a driver's detail may quote the values of a row.
    console.error(`[error] ${c.req.method} ${c.req.routePath}: ${(error as Error).message}`);
    return reply(problem(500, 'internal', '服务器内部错误', '服务器处理请求时出错，请稍后再试。'));
  });
  return app;
}

/** Seconds a client is asked to wait while the database cannot be reached. */
export const UNAVAILABLE_RETRY = 5;

export { MIN_TOKEN_LENGTH } from './config.js';
