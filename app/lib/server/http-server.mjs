#!/usr/bin/env node
// The dashboard's HTTP server: `next start`, except that every request carries the address of the
// socket it came in on (header x-fastmigrate-peer, replacing any the client sent). Next.js 16 gives
// route handlers and server actions only the headers (NextRequest.ip is gone), and `next start`
// copies the socket's address into X-Forwarded-For only when the client sent none, so without this
// a client chooses the address that sign-in throttling and the audit log see (lib/auth/origin.ts).
//
//   node app/lib/server/http-server.mjs [-p PORT] [-H HOST]      (npm start)
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';

const PEER_HEADER = 'x-fastmigrate-peer'; // lib/auth/origin.ts PEER_HEADER
globalThis[Symbol.for('fastmigrate.peerHeader')] = true;

const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? '0.0.0.0';
process.env.NODE_ENV = 'production';

const { default: next } = await import('next');
const app = next({ dev: false, dir: path.resolve(import.meta.dirname, '..', '..', '..'), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  handle(req, res).catch((error) => {
    console.error(`fastmigrate dashboard: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.listen(port, hostname, () => console.log(`fastmigrate dashboard: listening on http://${hostname}:${port}`));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
