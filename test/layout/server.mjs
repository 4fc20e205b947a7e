/**
 * The layout matrix's server: the repo's files the test pages need (the BUILT
 * bundle in dist/, test/layout/, the error recorder, axe-core, the mock
 * brands' images at /images/) and the mock
 * endpoint, all on one origin on a free port, under the strict CSP a portal
 * is asked to send.
 *
 * `/dj-api/v1/*` (and the handlers' fault endpoints, `/dj-api/fault/<kind>/*`:
 * `timeout` never answers, `500` fails) are answered by the msw handlers the
 * browser tests, Storybook and the demo use, through msw's own getResponse in
 * Node, so no service worker and no patched fetch are involved. The staff
 * desk's API (`…/admin/*`) is the in-memory one of its stories
 * (mocks/staff.ts), started afresh with each matrix page; its lists' routes
 * (`…/admin/lists*`, which the mocks lack) are answered here by the reference
 * server's own reader of uploads (server/lists/), so a dry run lists the
 * errors the server would.
 *
 *   const server = await startLayoutServer();
 *   page.open(`${server.origin}/test/layout/matrix.html?…`);
 *   await server.stop();
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getResponse } from 'msw';
import { desk, faultHandlers, handlers } from '../../mocks/handlers.ts';
import { DEMO_STAFF_TOKEN, resetStaff, staffHandlers } from '../../mocks/staff.ts';
import { LISTS } from '../../src/contract/lists.ts';
import { liaisonGroups } from '../../src/demo/branches.ts';
import { readTable } from '../../server/lists/parse.ts';
import { ListFileError } from '../../server/lists/problems.ts';
import { buildList } from '../../server/lists/rows.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The policy the README gives portals; the matrix page must live with it. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/** The only trees served: the built kit, the test pages and what they load. */
const SERVED = [
  'dist/',
  'src/demo/public/images/',
  'test/layout/',
  'test/screenshots/layout/',
  'test/support/record-errors.js',
  'node_modules/axe-core/axe.min.js',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Faults first (their URLs would match the staff routes too), then the staff API, then the public one. */
const ALL = [...faultHandlers, ...staffHandlers, ...handlers];

const send = (res, status, body, type = 'application/json; charset=utf-8') => {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * The lists' routes the import panel calls first: the lists' versions (none
 * imported) and the dry run, read by the server's own code. Null when the
 * path is not one of them.
 */
async function answerLists(req, res, body) {
  const path = new URL(req.url, 'http://x').pathname;
  const m = /\/admin\/lists(?:\/([^/]+)\/imports)?$/.exec(path);
  if (!m) return false;
  if (req.headers.authorization !== `Bearer ${DEMO_STAFF_TOKEN}`) {
    send(
      res,
      401,
      { type: 'about:blank', title: '需要员工令牌', status: 401, detail: '请在 Authorization 请求头中提供 Bearer 令牌。' },
      'application/problem+json',
    );
    return true;
  }
  if (!m[1] && req.method === 'GET') {
    send(res, 200, { items: LISTS.map((list) => ({ list, scope: null, period: null, current: null, previous: null })) });
    return true;
  }
  if (m[1] && req.method === 'POST' && LISTS.includes(m[1]) && m[1] !== 'boards') {
    try {
      const built = buildList(m[1], await readTable(new Uint8Array(body ?? [])), { now: new Date().toISOString(), groups: liaisonGroups });
      send(res, 200, {
        id: built.result ? 'matrix-import' : null,
        list: m[1],
        scope: null,
        period: null,
        rows: built.rows,
        errors: built.errors,
        errorCount: built.errors.length,
        preview: built.result ? { added: built.rows, changed: 0, removed: 0 } : null,
        expiresAt: built.result ? new Date(Date.now() + 3600_000).toISOString() : null,
      });
    } catch (e) {
      if (!(e instanceof ListFileError)) throw e;
      const refused = e.problem();
      res.writeHead(refused.status, { 'Content-Type': refused.headers.get('Content-Type') ?? 'application/problem+json' });
      res.end(await refused.text());
    }
    return true;
  }
  return false;
}

async function answerApi(req, res, origin) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  if (await answerLists(req, res, body)) return;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const request = new Request(new URL(req.url, origin), {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
  });
  const response = await getResponse(ALL, request);
  if (!response) {
    res.writeHead(404, { 'Content-Type': 'application/problem+json' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'no mock handler', status: 404, detail: req.url }));
    return;
  }
  if (response.type === 'error') {
    // HttpResponse.error(): a network failure, as the browser would see it.
    req.socket.destroy();
    return;
  }
  const out = {};
  response.headers.forEach((v, k) => {
    out[k] = v;
  });
  res.writeHead(response.status, out);
  res.end(Buffer.from(await response.arrayBuffer()));
}

function serveFile(req, res) {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
  // The mock endpoint's public files (the brands' banner images) at the root, as Vite serves them.
  if (path.startsWith('images/')) path = `src/demo/public/${path}`;
  const file = normalize(join(ROOT, path));
  const allowed = SERVED.some((s) => path === s || (s.endsWith('/') && path.startsWith(s)));
  if (!allowed || !file.startsWith(ROOT) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`not found: ${path}`);
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
  createReadStream(file).pipe(res);
}

export async function startLayoutServer() {
  desk.reset();
  resetStaff();
  const sockets = new Set();
  let origin = '';
  const server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', CSP);
    const path = new URL(req.url, 'http://x').pathname;
    if (path.startsWith('/dj-api/')) {
      answerApi(req, res, origin).catch((e) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(e));
      });
      return;
    }
    // Each matrix page books seats afresh: start the booking desk from its fixtures.
    if (path === '/test/layout/matrix.html') {
      desk.reset();
      resetStaff();
    }
    serveFile(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    async stop() {
      // The `timeout` fault never answers: end its connections rather than wait.
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
