/**
 * A client that sends its headers slowly is cut off after the 10 s the
 * server allows for them (headersTimeout), not 30 s later when Node's
 * default connectionsCheckingInterval would look. The bound asserted (20 s)
 * is far from both: it says which of the two behaviours the server has, not
 * how fast it is.
 *
 *   node --import tsx --test test/server/timeouts.test.mjs
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { startServer, STORE } from '../support/server.mjs';

const BOUND_MS = 20_000;

test(`a client that trickles its headers gets 408 and a closed connection once the 10 s for headers are up, well before 20 s (${STORE})`, async () => {
  const server = await startServer();
  try {
    const { hostname, port } = new URL(server.origin);
    const outcome = await new Promise((resolve) => {
      const socket = connect({ host: hostname, port: Number(port) });
      let received = '';
      let drip;
      const bound = setTimeout(() => {
        socket.destroy();
        resolve({ closedByServer: false, received });
      }, BOUND_MS);
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => (received += chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(bound);
        clearInterval(drip);
        resolve({ closedByServer: true, received });
      });
      socket.on('connect', () => {
        // A slowloris client: every byte on time, the headers never done.
        socket.write('GET /dj-api/v1/open-days HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
        drip = setInterval(() => socket.writable && socket.write('a'), 500);
      });
    });
    assert.ok(outcome.closedByServer, `the connection was still open after ${BOUND_MS / 1000} s`);
    assert.match(outcome.received, /^HTTP\/1\.1 408 /, 'answered 408 Request Timeout');

    const after = await fetch(`${server.api}/open-days`);
    assert.equal(after.status, 200, 'other clients are served as before');
  } finally {
    await server.stop();
  }
});
