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
 * Node, so no service worker and no patched fetch are involved.
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
import { desk, handlers } from '../../mocks/handlers.ts';

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

async function answerApi(req, res, origin) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const request = new Request(new URL(req.url, origin), {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
  });
  const response = await getResponse(handlers, request);
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
    if (path === '/test/layout/matrix.html') desk.reset();
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
