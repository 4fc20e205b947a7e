// Browser tests in Debian's Chromium (browser downloads fail on these machines).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  // One page at a time: a second page in the same headless browser gets no animation
  // frames while the first has focus, and rAF-based waits then time out.
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--lang=zh-CN',
        ],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' })],
  middleware: [
    // The mock service worker and mock images live in mocks/public, served at the root as in the demo page.
    (ctx, next) => {
      if (ctx.url === '/mockServiceWorker.js' || ctx.url.startsWith('/images/')) ctx.url = `/mocks/public${ctx.url}`;
      return next();
    },
  ],
};
