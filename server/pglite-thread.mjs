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
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

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

const port = parentPort;
if (port) {
  const db = await PGlite.create(workerData);
  port.on('message', (ask) => {
    /** @param {Promise<unknown[] | undefined>} result */
    const answer = (result) =>
      result.then(
        (rows) => port.postMessage({ id: ask.id, rows }),
        (error) => port.postMessage({ id: ask.id, error: plainError(error) }),
      );
    if (ask.op === 'query') void answer(db.query(ask.text, ask.params).then((r) => r.rows));
    else if (ask.op === 'exec') void answer(db.exec(ask.text).then(() => undefined));
    else void answer(db.close().then(() => undefined)).then(() => port.close());
  });
  port.postMessage({ id: 0 });
}
