// Browser tests in Debian's Chromium (browser downloads fail on these machines).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROME_PATH, CHROMIUM_ARGS } from './test/support/chromium.mjs';

const executablePath = CHROME_PATH;

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  // One page at a time: a second page in the same headless browser gets no animation
  // frames while the first has focus, and rAF-based waits then time out.
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  // A whole file's limit, above the 120 s default: test/branch-map.test.ts (79 tests, 15-20 s alone) twice
  // outran the default in CI, and a file over its limit reports none of its tests, not even the ones that
  // hung. With room for several of mocha's 10 s timeouts, a stalled test is named; nothing slow passes for it.
  testsFinishTimeout: 300000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [...CHROMIUM_ARGS, '--lang=zh-CN'],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' })],
  middleware: [
    // The mock service worker and mock images live in src/demo/public, served at the root as in the demo page.
    (ctx, next) => {
      if (ctx.url === '/mockServiceWorker.js' || ctx.url.startsWith('/images/')) ctx.url = `/src/demo/public${ctx.url}`;
      return next();
    },
  ],
};
