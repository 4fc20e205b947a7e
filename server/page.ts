/**
 * The demo portal page as the reference server serves it: index.html with
 * its mock bootstrap (mocks/demo.ts, which starts msw in a service worker)
 * swapped for the one tag a real portal has, the bundle itself. The widgets
 * then call /dj-api/v1 on this server, their default endpoint.
 *
 * The hashes of the page's inline scripts go into the Content-Security-Policy,
 * so no other inline script can run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MOCK_BOOTSTRAP = '<script type="module" src="/mocks/demo.ts"></script>';
export const KIT_TAG = '<script type="module" src="/dist/dj-widgets.js"></script>';

/** The page with the kit's own tag in place of the mock bootstrap; throws when index.html has no bootstrap to swap. */
export function servedPage(source: string): { html: string; scriptHashes: string[] } {
  if (!source.includes(MOCK_BOOTSTRAP)) {
    throw new Error(`index.html no longer has ${MOCK_BOOTSTRAP}: the server cannot swap in the bundle (server/page.ts).`);
  }
  const html = source.replace(MOCK_BOOTSTRAP, KIT_TAG);
  const scriptHashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
  );
  return { html, scriptHashes };
}

export const demoPage = servedPage(readFileSync(fileURLToPath(new URL('../index.html', import.meta.url)), 'utf8'));
