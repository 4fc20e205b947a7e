/**
 * Which of the demo page's tasks Lighthouse counts as the kit's long tasks, and why: the
 * companion of bench/lighthouse.bench.mjs for finding what to shorten.
 *
 * Lighthouse (mobile, simulated throttling) does not slow the page down: it loads it at full
 * speed and scales each main-thread task of that trace. A task that ran a layout is counted at
 * twice its time, any other at four times (Lantern's `layoutTaskMultiplier` of 0.5 on its CPU
 * slowdown of 4). A task is the kit's when any of the kit's code ran in it, however briefly: a
 * frame whose layout and paint are the page's is the kit's if an observer or animation-frame
 * callback of a widget ran in it. So a task without a layout is over 50 ms once it takes 12.5 ms
 * here, one with a layout once it takes 25 ms.
 *
 * For each run it prints Lighthouse's own kit long tasks, then every top-level task of the trace
 * in which the kit's code ran and that Lighthouse would count at 40 ms or more (the same scaling),
 * with the time inside it by kind of work.
 *
 *   npm run build && node bench/lighthouse.tasks.mjs      # 3 runs; LH_RUNS=n for more
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { MainThreadTasks } from 'lighthouse/core/computed/main-thread-tasks.js';
import { CHROME_PATH, CHROMIUM_ARGS } from '../test/support/chromium.mjs';
import { startServer } from '../test/support/server.mjs';

const RUNS = Number(process.env.LH_RUNS ?? 3);
const isKit = (url) => /\/dist\//.test(url);

const server = await startServer();
try {
  for (let run = 1; run <= RUNS; run++) {
    const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: [...CHROMIUM_ARGS, '--headless=new'] });
    try {
      const result = await lighthouse(`${server.origin}/`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
      });
      const audit = result.lhr.audits['long-tasks'];
      if (audit.details?.debugData) {
        const { urls, tasks: longTasks } = audit.details.debugData;
        const counted = longTasks.filter((t) => isKit(urls[t.urlIndex])).map((t) => Math.round(t.duration));
        console.log(`run ${run}: Lighthouse's kit long tasks [${counted.join(', ')}] ms`);
      } else {
        // An audit that failed, or found nothing to apply to, has no details: say which, and read the trace all the same.
        console.log(
          `run ${run}: Lighthouse's long-tasks audit has no details (${audit.scoreDisplayMode}${audit.errorMessage ? `: ${audit.errorMessage}` : ''})`,
        );
      }
      const tasks = await MainThreadTasks.request(result.artifacts.Trace, { computedCache: new Map() });
      for (const task of tasks) {
        if (task.parent || !task.attributableURLs.some(isKit)) continue;
        const work = {};
        const walk = (node) => {
          for (const child of node.children) {
            const data = child.event.args?.data;
            const name = ['FunctionCall', 'EventDispatch'].includes(child.event.name)
              ? `${child.event.name}(${data?.functionName || data?.type || ''})`
              : child.event.name;
            work[name] = (work[name] ?? 0) + child.selfTime;
            walk(child);
          }
        };
        walk(task);
        const layout = 'Layout' in work;
        const scaled = task.duration * (layout ? 2 : 4);
        if (scaled < 40) continue;
        const top = Object.entries(work)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([name, ms]) => `${name} ${ms.toFixed(1)}`);
        console.log(
          `  ${scaled >= 50 ? 'long' : '    '} at ${task.startTime.toFixed(0)} ms: ${task.duration.toFixed(1)} ms here, ` +
            `×${layout ? 2 : 4} = ${scaled.toFixed(0)} ms; ${top.join(', ')}`,
        );
      }
    } finally {
      await chrome.kill();
    }
  }
} finally {
  await server.stop();
}
