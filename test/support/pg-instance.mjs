/**
 * A private PostgreSQL server for a test that stops and starts it: its own
 * data directory in a temp dir, its own free port on 127.0.0.1, its own
 * password, Debian's binaries (/usr/lib/postgresql/<newest>/bin, as .ci/run
 * installs them). The shared server of DATABASE_URL is never touched.
 *
 *   const pg = await startPostgres();
 *   startServer({ env: { DATABASE_URL: await pg.database('shop') } });
 *   await pg.stop();       // pg_ctl stop -m fast: connections cut, as a restart does
 *   await pg.start();
 *   await pg.destroy();    // stopped and its directory removed
 *
 * As root the server runs as the postgres user (initdb refuses root). No
 * binaries is an error saying how to get them, never a skipped test.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_ROOT = '/usr/lib/postgresql';

/** The bin directory of the newest PostgreSQL installed, or an error that says what to install. */
export function postgresBin() {
  const versions = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'pg_ctl'))) : [];
  if (!versions.length) {
    throw new Error(
      `No PostgreSQL server binaries in ${PG_ROOT}/<version>/bin: this suite starts and restarts a PostgreSQL of its own. ` +
        "Install Debian's postgresql (apt-get install -y postgresql; .ci/run does so).",
    );
  }
  return join(PG_ROOT, versions.sort((a, b) => Number(a) - Number(b)).at(-1), 'bin');
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export async function startPostgres() {
  const bin = postgresBin();
  const root = process.getuid?.() === 0;
  const owner = root ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  const group = root ? Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'dj-pg-'));
  if (root) chownSync(dir, owner, group);
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  const password = randomBytes(12).toString('hex');
  writeFileSync(join(dir, 'pw'), password);
  if (root) chownSync(join(dir, 'pw'), owner, group);
  const port = await freePort();

  // Asynchronous: a test keeps sending requests while PostgreSQL stops and starts.
  const run = (tool, args) =>
    new Promise((resolve, reject) => {
      const command = root ? 'runuser' : join(bin, tool);
      const argv = root ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
      execFile(command, argv, { encoding: 'utf8', cwd: dir }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
        reject(new Error(`${tool} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stdout}${stderr}${tail}`));
      });
    });

  await run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${join(dir, 'pw')}`,
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c max_connections=200`;
  let running = false;
  const ctl = (...args) => run('pg_ctl', ['-D', data, '-l', log, ...args]);
  // A test process that dies must not leave its PostgreSQL running.
  const onExit = () => {
    if (running)
      spawnSync(root ? 'runuser' : join(bin, 'pg_ctl'), [
        ...(root ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
        '-D',
        data,
        '-m',
        'immediate',
        'stop',
      ]);
  };
  process.once('exit', onExit);

  const instance = {
    port,
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    /** Starts the server and waits until it takes connections. */
    async start() {
      await ctl('-w', '-t', '60', '-o', options, 'start');
      running = true;
    },
    /** Stops it the way a restart does (`-m fast`: sessions cut, transactions rolled back), and waits until it is down. */
    async stop() {
      await ctl('-w', '-t', '60', '-m', 'fast', 'stop');
      running = false;
    },
    /** A new empty database on this server; its URL. */
    async database(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: instance.url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(instance.url);
      url.pathname = `/${name}`;
      return url.href;
    },
    /** What the server wrote to its log. */
    log: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
    /** Stops it at once and removes its directory. */
    async destroy() {
      if (running) await ctl('-w', '-m', 'immediate', 'stop');
      running = false;
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await instance.start();
  return instance;
}
