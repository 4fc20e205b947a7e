/**
 * PGlite on a thread of its own: the worker side of `openPglite` (db.ts), in
 * plain JavaScript so that the thread starts without a TypeScript loader.
 *
 * PGlite runs Postgres in WebAssembly on whatever thread calls it. On the
 * server's thread every statement held up the reading and answering of
 * requests; here it runs beside them, on the machine's other core when it
 * has one. One PGlite, one connection: statements run in the order they come.
 *
 * Asked: `{id, op: 'query', text, params}`, `{id, op: 'exec', text}` or
 * `{id, op: 'close'}`. Answered: `{id, rows}` or `{id, error}`, the error as
 * its plain fields (`message`, `code`, `detail`, ...), since structured clone
 * leaves an error's own fields behind. `{id: 0}` says the database is open.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, parse, protocol } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** @param {unknown} error */
function plainError(error) {
  /** @type {Record<string, unknown>} */
  const fields = {};
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error)) {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
    }
  }
  fields.message = error instanceof Error ? error.message : String(error);
  fields.name = error instanceof Error ? error.name : 'Error';
  return fields;
}

/**
 * PGlite's Node file system, with the sync it lacks. PGlite starts Postgres
 * with fsync off (`-F`), and its Node file system has no sync either: a
 * commit's WAL reached the operating system's cache, not the disk, so a
 * power cut or a crash of the machine could lose bookings already confirmed
 * (a killed process cannot: the cache outlives it), or leave a checkpoint
 * half on disk. Here a sync Postgres asks for is done on the file
 * (`fdatasync`; `fsync` for a directory), and a file's that fails is an I/O
 * error to Postgres, which then stops rather than go on unsure of its data.
 */
class SyncedNodeFS extends NodeFS {
  /** @param {any} pg @param {any} options */
  async init(pg, options) {
    const out = await super.init(pg, options);
    /** @param {any} mod */
    const addSync = (mod) => {
      /** @param {{ nfd: number, node: { mode: number } }} stream */
      mod.NODEFS.stream_ops.fsync = (stream) => {
        const dir = mod.FS.isDir(stream.node.mode);
        try {
          (dir ? fs.fsyncSync : fs.fdatasyncSync)(stream.nfd);
        } catch {
          // A directory some systems cannot sync: EINVAL (28), which Postgres forgives there.
          // A file: EIO (29), on which Postgres stops.
          throw new mod.FS.ErrnoError(dir ? 28 : 29);
        }
      };
    };
    out.emscriptenOpts.preRun = [addSync, ...out.emscriptenOpts.preRun];
    return out;
  }
}

/**
 * PGlite's options for `dir`: in a directory, every commit on the disk
 * before it is answered (fsync on, and the WAL synced with fsync, since the
 * WebAssembly's fdatasync does nothing); `memory://` as it is.
 * @param {string} dir
 */
export function pgliteOptions(dir) {
  if (dir === 'memory://') return { dataDir: dir };
  return {
    fs: new SyncedNodeFS(dir),
    startParams: [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fsync'],
  };
}

/** At most this many statement texts are prepared under a name (as db.ts does on PostgreSQL). */
export const MOST_NAMED = 256;

/** @param {Uint8Array[]} parts */
function joined(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Statements run as PGlite's `query` runs them, but each text prepared once
 * under a name: PGlite's `query` sends a statement as six protocol messages,
 * each a call into the WebAssembly of its own (parse, describe, bind,
 * describe, execute, sync), and Postgres parses and plans it every time. A
 * prepared text goes as one call (bind, describe, execute, sync), its
 * parameters' types known from the first. The values are serialized and the
 * rows parsed by PGlite's own functions, so the answer is the same. Past
 * {@link MOST_NAMED} texts the rest go through `query`, so that the named
 * statements do not grow without bound.
 * @param {PGlite} db
 */
export function preparedQueries(db) {
  const { serialize } = protocol;
  /** @type {Map<string, { name: string, types: number[] }>} */
  const named = new Map();
  /** @param {unknown} error @param {string} text @param {unknown[]} params */
  const withQuery = (error, text, params) => Object.assign(/** @type {object} */ (error), { query: text, params });
  /** @param {string} text @param {unknown[]} params */
  return async (text, params = []) => {
    // What PGlite's query checks first: a PGlite closing or closed refuses with a sentence.
    await db._checkReady();
    const rows = await db.runExclusive(async () => {
      let statement = named.get(text);
      if (!statement) {
        if (named.size >= MOST_NAMED) return undefined;
        const name = `dj_${named.size}`;
        try {
          const { messages } = await db.execProtocol(
            joined([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
            { syncToFs: false },
          );
          statement = { name, types: parse.parseDescribeStatementResults(messages) };
        } catch (error) {
          throw withQuery(error, text, params);
        }
        named.set(text, statement);
      }
      const { types } = statement;
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = db.serializers[types[i] ?? 0];
        return serializer ? serializer(value) : String(value);
      });
      let messages;
      try {
        ({ messages } = await db.execProtocol(
          joined([
            serialize.bind({ statement: statement.name, values }),
            serialize.describe({ type: 'P' }),
            serialize.execute({}),
            serialize.sync(),
          ]),
        ));
      } catch (error) {
        throw withQuery(error, text, params);
      }
      return parse.parseResults(messages, db.parsers)[0]?.rows ?? [];
    });
    return rows ?? (await db.query(text, params)).rows;
  };
}

const port = parentPort;
if (port) {
  const db = await PGlite.create(pgliteOptions(workerData));
  const query = preparedQueries(db);
  port.on('message', (ask) => {
    /** @param {Promise<unknown[] | undefined>} result */
    const answer = (result) =>
      result.then(
        (rows) => port.postMessage({ id: ask.id, rows }),
        (error) => {
          // Postgres has stopped (a sync failed): this PGlite would wait for ever on the next
          // statement. The thread ends instead; the server says so and exits, to be started again.
          if (error?.severity === 'PANIC') {
            console.error(`PGlite stopped: ${error.message}`);
            process.exit(1);
          }
          port.postMessage({ id: ask.id, error: plainError(error) });
        },
      );
    if (ask.op === 'query') void answer(query(ask.text, ask.params));
    else if (ask.op === 'exec') void answer(db.exec(ask.text).then(() => undefined));
    else void answer(db.close().then(() => undefined)).then(() => port.close());
  });
  port.postMessage({ id: 0 });
}
