/**
 * How every test and bench starts Debian's Chromium: the one place for its
 * path and flags (web-test-runner, the engines of the layout matrix and the
 * end-to-end tests, the Node tests of the build, the benchmarks).
 */
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** No sandbox (root in a container), no GPU, and none of the browser's own traffic or first-run pages. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
