// The readiness wait the cold-start benchmark and the system tests use (scripts/system-process.ts `waitReady`):
// a probe answers only once every service answers 2xx, and when it gives up its error names the port and what
// the last probe got. Real servers on free ports.
import { createServer, Server } from 'node:http';
import { createServer as createTcpServer, AddressInfo } from 'node:net';
import { waitReady } from '../scripts/system-process';

const servers: { close(): void }[] = [];
afterEach(() => { for (const s of servers.splice(0)) s.close(); });

function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server: Server = createServer(handler);
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A port nothing listens on (taken from the system, then given back). */
async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

test('resolves once every port answers 2xx on the path, a service that comes up late included', async () => {
  const ready = await listen((req, res) => { res.statusCode = req.url === '/health/ready' ? 200 : 404; res.end(); });
  const late = await freePort();
  setTimeout(() => {
    const server = createServer((_req, res) => res.end('ok'));
    servers.push(server);
    server.listen(late, '127.0.0.1');
  }, 300);
  const started = Date.now();
  await waitReady([ready, late], undefined, '/health/ready', 10_000);
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
});

test('a service answering 503 is not ready: the error names the port, the service and the status with its body', async () => {
  const port = await listen((_req, res) => { res.statusCode = 503; res.end('database not open'); });
  await expect(waitReady([port], undefined, '/health/ready', 300, { [port]: 'joint' }))
    .rejects.toThrow(`port ${port} (joint) did not become ready within 300 ms (its last probe: 503 database not open)`);
});

test('nothing listening is said as such', async () => {
  const port = await freePort();
  await expect(waitReady([port], undefined, '/health/ready', 200)).rejects.toThrow(`port ${port} did not become ready within 200 ms (its last probe: nothing listens there)`);
});

test('a 2xx on another path than the one asked is not ready', async () => {
  const port = await listen((req, res) => { res.statusCode = req.url === '/readiness' ? 200 : 404; res.end('not here'); });
  await waitReady([port], undefined, '/readiness', 2_000);
  await expect(waitReady([port], undefined, '/health/ready', 200)).rejects.toThrow('its last probe: 404 not here');
});
