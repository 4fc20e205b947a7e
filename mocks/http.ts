/**
 * Response helpers shared by every mock handler: problem+json errors as the
 * contract sends them, and ETag / If-None-Match like a real server.
 */
import { HttpResponse } from 'msw';
import { problemBody } from '../src/contract/problem.js';

export { PROBLEM_BASE } from '../src/contract/problem.js';

export function problem(status: number, slug: string, title: string, detail: string, extra: object = {}) {
  return HttpResponse.json(problemBody(status, slug, title, detail, extra), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

/** FNV-1a of the body: a stable weak validator. */
function etagOf(body: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) hash = Math.imul(hash ^ body.charCodeAt(i), 0x01000193);
  return `W/"${(hash >>> 0).toString(16)}"`;
}

/** 200 with an ETag, or 304 when the request already holds it. */
export function jsonWithEtag(request: Request, data: unknown) {
  const body = JSON.stringify(data);
  const etag = etagOf(body);
  if (request.headers.get('If-None-Match') === etag) return new HttpResponse(null, { status: 304, headers: { ETag: etag } });
  return new HttpResponse(body, {
    headers: { 'Content-Type': 'application/json; charset=utf-8', ETag: etag, 'Cache-Control': 'no-cache' },
  });
}
