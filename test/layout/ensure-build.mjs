/**
 * Builds dist/ (npx vite build, and the staff desk's own module with
 * `--mode desk`) when a bundle is missing or older than any source file, so
 * the layout matrix always checks the kit as it stands.
 * The size budget is the build step's own check: when the budget alone fails,
 * the bundle is still written and the matrix runs on it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLES = [
  [`${ROOT}dist/dj-widgets.js`, []],
  [`${ROOT}dist/dj-desk.js`, ['--mode', 'desk']],
];

let newest = 0;
for (const e of readdirSync(`${ROOT}src`, { withFileTypes: true, recursive: true })) {
  if (e.isFile()) newest = Math.max(newest, statSync(`${e.parentPath}/${e.name}`).mtimeMs);
}
for (const [BUNDLE, mode] of BUNDLES) {
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newest) continue;
  const start = Date.now();
  console.log(`${BUNDLE.slice(ROOT.length)} is missing or older than src/: npx vite build ${mode.join(' ')}`.trim());
  try {
    execFileSync('npx', ['vite', 'build', ...mode, '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < start) {
      console.error(`vite build failed:\n${e.stderr}`);
      process.exit(1);
    }
    console.log(
      `vite build reported a failure but wrote the bundle; the matrix runs on it: ${String(e.stderr)
        .split('\n')
        .find((l) => /rror/.test(l))}`,
    );
  }
}
