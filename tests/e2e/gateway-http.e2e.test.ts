// The gateway's HTTP client to the subgraphs (gateway/src/subgraph-http.ts), against real HTTP servers on
// free ports: what it sends (every header Apollo hands it, the body whole), that it keeps connections
// alive between requests, and how it fails (a timeout as `TimeoutError`, anything else as a TypeError that
// does not read as a timeout), which the gateway's REGISTER_UNAVAILABLE answer depends on
// (tests/e2e/faults.e2e.test.ts shows that answer through the whole system).
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { subgraphFetcher } from '../../gateway/src/subgraph-http';

interface Seen { headers: IncomingMessage['headers']; body: string; socket: Socket }

/** A real HTTP server answering with `handler`, recording what each request carried and on which connection. */
async function serverWith(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ headers: req.headers, body, socket: req.socket });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, seen, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
};

const init = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer abc', 'x-request-id': 'r-1' }, body });

it('sends every header and the body whole, and reads the answer whole (multi-byte text included)', async () => {
  const server = await serverWith((_req, res, body) => json(res, 200, { data: { echo: JSON.parse(body).query, name: 'Äijälä–Öberg' } }));
  try {
    const query = `{ ${'x'.repeat(200_000)} ä }`;
    const response = await subgraphFetcher(5000)(server.url, init(JSON.stringify({ query })));
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ data: { echo: query, name: 'Äijälä–Öberg' } });
    expect(server.seen[0].headers).toMatchObject({ authorization: 'Bearer abc', 'x-request-id': 'r-1', 'content-type': 'application/json' });
    expect(Number(server.seen[0].headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify({ query })));
  } finally {
    await server.close();
  }
});

it('keeps the connection to a subgraph alive between requests', async () => {
  const server = await serverWith((_req, res) => json(res, 200, { data: {} }));
  try {
    const fetcher = subgraphFetcher(5000);
    for (let i = 0; i < 3; i++) await (await fetcher(server.url, init('{"query":"{a}"}'))).json();
    expect(server.seen).toHaveLength(3);
    expect(new Set(server.seen.map((s) => s.socket)).size).toBe(1);
  } finally {
    await server.close();
  }
});

it('hands a refusal over with its status and body, for the gateway to pass the register\'s errors on', async () => {
  const server = await serverWith((_req, res) => json(res, 400, { errors: [{ message: 'Invalid date', extensions: { code: 'BAD_USER_INPUT' } }] }));
  try {
    const response = await subgraphFetcher(5000)(server.url, init('{"query":"{a}"}'));
    expect(response.ok).toBe(false);
    expect(response.status).toBe(400);
    expect(response.statusText).toBe('Bad Request');
    expect(await response.json()).toEqual({ errors: [{ message: 'Invalid date', extensions: { code: 'BAD_USER_INPUT' } }] });
  } finally {
    await server.close();
  }
});

it('fails with a TimeoutError after the timeout when the subgraph does not answer, or stops in the middle of its answer', async () => {
  const silent = await serverWith(() => undefined);
  const slow = await serverWith((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.write('{"data":'); });
  try {
    for (const server of [silent, slow]) {
      const started = Date.now();
      const error = await subgraphFetcher(300)(server.url, init('{"query":"{a}"}')).then(() => undefined, (e: Error) => e);
      expect(error).toMatchObject({ name: 'TimeoutError' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(Date.now() - started).toBeLessThan(3000);
    }
  } finally {
    await silent.close();
    await slow.close();
  }
});

it('fails with a TypeError that does not read as a timeout when the subgraph is away or cuts its answer off', async () => {
  const cut = await serverWith((req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' }); res.write('{"data":'); setTimeout(() => req.socket.destroy(), 20); });
  const away = await serverWith(() => undefined);
  await away.close();
  try {
    for (const url of [cut.url, away.url]) {
      const error = await subgraphFetcher(5000)(url, init('{"query":"{a}"}')).then(() => undefined, (e: Error) => e);
      expect(error).toBeInstanceOf(TypeError);
      // The gateway reads /timeout|aborted/ in a message as a timeout (gateway/src/server.ts).
      expect((error as Error).message).not.toMatch(/timeout|aborted/i);
    }
  } finally {
    await cut.close();
  }
});
