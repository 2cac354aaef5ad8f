// The gateway's HTTP client to the registers' subgraphs: node:http (or https) over a keep-alive agent, in
// place of the global `fetch`. A caseload sends four subgraph requests; through `fetch` each went through
// undici's WHATWG layer (Request and Response objects, web streams for a body that is one string, a cloned
// request, resource-timing entries), about a tenth of the gateway's CPU per request (BENCHMARKS.md,
// "Profiles (issue 11)"). Here the body goes out as one buffer and the answer is read into one buffer.
//
// What stays as it was: every header Apollo's RemoteGraphQLDataSource hands over (the caller's token, the
// request id) goes out unchanged; the whole exchange, answer included, is bounded by the timeout, and a
// timeout fails with a `TimeoutError` as `AbortSignal.timeout` made fetch fail; any other failure is a
// `TypeError` whose message names only the socket's error code, as fetch's `fetch failed` did (so that the
// caller's error tells a timeout from a register that is away). Tracing (OpenTelemetry, off by default)
// sees these requests through its node:http instrumentation, which also passes the W3C trace context on.
import { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';

/**
 * How long an idle connection to a subgraph is kept for the next request (ms): as undici's default, well
 * under the subgraphs' own keep-alive timeout (65 s, shared/src/http.ts), so that the gateway never sends
 * on a connection the subgraph is just closing.
 */
const IDLE_CONNECTION_MS = 4_000;

/** A subgraph's answer, read whole: what RemoteGraphQLDataSource asks of a fetch Response. */
class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly ok: boolean;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: FetcherHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    this.bodyUsed = true;
    return JSON.parse(this.body.toString('utf8'));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return new SubgraphResponse(this.url, this.status, this.statusText, this.headers, this.body);
  }
}

/** The answer's headers as a fetch `Headers` (names lower-case; repeated headers joined). */
function headersOf(res: IncomingMessage): FetcherHeaders {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers as unknown as FetcherHeaders;
}

/** The error a timeout fails with: the same name and message as `AbortSignal.timeout`'s. */
const timeoutError = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/** Any other failure: a TypeError naming the socket's error code (e.g. ECONNREFUSED), as fetch's did. */
const requestFailed = (cause: unknown) =>
  new TypeError(`subgraph request failed (${(cause as NodeJS.ErrnoException)?.code ?? 'connection error'})`, { cause });

/**
 * A fetcher for RemoteGraphQLDataSource (`fetcher` option) over keep-alive connections, bounding each
 * exchange (request sent, answer read whole) by `timeoutMs` milliseconds. Resolves with the subgraph's
 * answer whatever its status (RemoteGraphQLDataSource decides what a status means); rejects with a
 * `TimeoutError` DOMException after `timeoutMs`, or a TypeError when the connection fails.
 */
export function subgraphFetcher(timeoutMs: number): Fetcher {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS, scheduling: 'lifo' }),
    'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS, scheduling: 'lifo' }),
  };
  return (url: string, init?: FetcherRequestInit) => new Promise<FetcherResponse>((resolve, reject) => {
    const target = new URL(url);
    const https = target.protocol === 'https:';
    const body = init?.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body, 'utf8');
    const headers: Record<string, string | number> = { ...init?.headers };
    if (body) headers['content-length'] = body.length;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const req = (https ? httpsRequest : httpRequest)(target, { method: init?.method ?? 'GET', headers, agent: agents[https ? 'https:' : 'http:'] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => fail(requestFailed(error)));
      // The connection closed before the answer's end (the subgraph stopped mid-answer).
      res.on('close', () => { if (!res.complete) fail(requestFailed(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }))); });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(new SubgraphResponse(url, res.statusCode ?? 0, res.statusMessage ?? '', headersOf(res), chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
      });
    });
    const timer = setTimeout(() => fail(timeoutError()), timeoutMs);
    req.on('error', (error) => fail(requestFailed(error)));
    req.end(body);
  });
}
