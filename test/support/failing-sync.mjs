/**
 * Preloaded into a server under test (`NODE_OPTIONS=--import …`): on PGlite's
 * thread, every file sync fails with EIO while the file named by
 * `DJ_TEST_FAIL_SYNCS` exists, as on a disk gone bad.
 */
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const mark = process.env.DJ_TEST_FAIL_SYNCS;
if (!isMainThread && mark) {
  for (const name of ['fdatasyncSync', 'fsyncSync']) {
    const real = fs[name];
    fs[name] = (fd) => {
      if (fs.existsSync(mark)) throw Object.assign(new Error(`EIO: i/o error, ${name}`), { code: 'EIO', errno: -5 });
      return real(fd);
    };
  }
}
