// A loopback HTTP upstream in its own process for the sync-HTTP patterns: a synchronous request from the
// pattern server to itself would deadlock, so the service it calls must live elsewhere, as in production.
import * as http from 'node:http';
import { startWatchdog } from './watchdog';

const body = JSON.stringify({
  items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item-${i}`, price: (i * 7919) % 1000 })),
});

startWatchdog();
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`LOOPGUARD_READY ${JSON.stringify({ port, pid: process.pid })}\n`);
});
process.once('SIGTERM', () => process.exit(0));
