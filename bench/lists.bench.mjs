/**
 * A 10,000-row five-star branch list imported through the staff API of the
 * real server on PGlite (or PostgreSQL with DATABASE_URL): the time of the
 * dry run (upload, read the CSV, check every row and its county, keep the
 * pending import) and of the apply (keep the list as it stands, write the
 * new version and replace the branches table in one transaction), as the
 * client sees them, over several runs on one server, each run a different
 * list (so the preview and the versions change every time). Prints the
 * figures with the machine; never fails on them.
 *
 *   npm run bench:lists                                  # node --import tsx bench/lists.bench.mjs
 *   RUNS=10 ROWS=20000 node --import tsx bench/lists.bench.mjs
 *
 * Goal: dry run and apply of 10,000 rows under 10 s together.
 */
import os from 'node:os';
import { startServer, STAFF_TOKEN } from '../test/support/server.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const ROWS = Number(process.env.ROWS ?? 10_000);
const { LIST_COLUMNS } = await import('../src/contract/lists.ts');
const { branchRow, csvFile } = await import('../server/lists/templates.ts');
const { generateBranches } = await import('../src/demo/branches.ts');

const auth = { Authorization: `Bearer ${STAFF_TOKEN}` };
const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s.at(-1) };
};
const ms = (n) => `${Math.round(n)} ms`;

const server = await startServer();
const header = LIST_COLUMNS.branches.map((c) => c.header);
const dry = [];
const apply = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const bytes = csvFile(
      'branches',
      generateBranches(ROWS, 100 + run).map((b) => branchRow(b)),
    );
    if (run === 0) console.log(`${ROWS} rows, ${header.length} columns, ${(bytes.length / 1e6).toFixed(2)} MB of CSV`);
    let t = performance.now();
    const res = await fetch(`${server.api}/admin/lists/branches/imports`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/csv' },
      body: bytes,
    });
    const answer = await res.json();
    dry.push(performance.now() - t);
    if (res.status !== 200 || answer.errorCount) throw new Error(`dry run answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    t = performance.now();
    const applied = await fetch(`${server.api}/admin/lists/branches/imports/${answer.id}/apply`, { method: 'POST', headers: auth });
    apply.push(performance.now() - t);
    if (applied.status !== 200) throw new Error(`apply answered ${applied.status}: ${await applied.text()}`);
    const total = (await (await fetch(`${server.api}/branches`)).json()).total;
    if (total !== ROWS) throw new Error(`GET /branches has ${total} branches, not ${ROWS}`);
    console.log(`run ${run + 1}: dry run ${ms(dry.at(-1))}, apply ${ms(apply.at(-1))}`);
  }
} finally {
  await server.stop();
}

const cpus = os.cpus();
const d = stat(dry);
const a = stat(apply);
const both = stat(dry.map((x, i) => x + apply[i]));
console.log(
  `\n${ROWS} branches, ${RUNS} runs on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ` +
    `dry run median ${ms(d.median)} (${ms(d.min)}–${ms(d.max)}), apply median ${ms(a.median)} (${ms(a.min)}–${ms(a.max)}), ` +
    `together median ${ms(both.median)}, max ${ms(both.max)}; goal under 10 s: ${both.max < 10_000 ? 'met' : 'NOT met'}\n` +
    `${cpus.length} CPUs (${cpus[0]?.model}), load ${os.loadavg()[0].toFixed(2)}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
