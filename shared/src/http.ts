// Serves an Apollo Server over node:http, with liveness and readiness endpoints and a request size
// limit. (Apollo Server 5 ships no HTTP framework of its own; this is the whole integration.)
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';
import { processSetting } from './settings';

/** Callers of the gateway send queries, not data: 100 kB is plenty. */
export const maxRequestBytes = processSetting('MAX_REQUEST_BYTES', 100_000, { min: 1 });
/** A subgraph receives the gateway's entity batches (a 1,000-customer caseload is about 100 kB of references). */
export const maxSubgraphRequestBytes = processSetting('MAX_SUBGRAPH_REQUEST_BYTES', 5_000_000, { min: 1 });
/** The ports a service may listen on (0: any free port). */
export const PORT_RANGE = { min: 0, max: 65_535 };

export type Route = (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void> | void;

export interface ServeOptions<Context extends BaseContext> {
  server: ApolloServer<Context>;
  port: number;
  host?: string;
  context: (req: IncomingMessage) => Promise<Context>;
  /** Extra routes by path, e.g. `/health/ready`. */
  routes?: Record<string, Route>;
  /** Answers GET /graphql from a browser (the playground), when given. */
  landingPage?: Route;
  maxBodyBytes: number;
}

export interface Listening {
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** A request body refused before anything reads it: `status`, `message` and `headers` are the answer. */
class RequestBodyError extends Error {
  constructor(message: string, readonly status: 400 | 415, readonly headers: Record<string, string> = {}) { super(message); }
}

/** UTF-8 as the decoder that refuses what is not (a replacement character would be stored in its place). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Refuses (status 415, the body left unread) an operation POSTed as anything but `application/json`, the media
 * type of GraphQL over HTTP's requests; a charset is readBody's to check. Before (found by an outsider), every
 * body was parsed as JSON whatever its content-type said: `application/xml` ran as an operation.
 */
function refuseUnlessJson(req: IncomingMessage): void {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new RequestBodyError(`An operation is POSTed as application/json (GraphQL over HTTP), not ${mediaType ? mediaType.slice(0, 60) : 'without a content-type'}`, 415);
  }
}

/**
 * A request body as text. JSON is UTF-8 (RFC 8259 §8.1), and the body is decoded as UTF-8 strictly: rejects with
 * status 415 when the request's content-type names another charset or its content-encoding a compression (RFC
 * 7694: the answer names the one coding accepted, `accept-encoding: identity`), and 400 when the bytes are not
 * UTF-8. Before (found by an outsider, session 24), a Latin-1 body was decoded as UTF-8 and its names stored with
 * U+FFFD in place of ä and ö: the text kept was not the text sent; and a gzipped body was answered "not valid
 * UTF-8" (session 27), which named the wrong fault. Compressed bodies are not inflated: the size limit counts the
 * bytes read, and an inflated body could be any size.
 */
function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<string> {
  const coding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (coding !== '' && coding !== 'identity') {
    return Promise.reject(new RequestBodyError(`The request body must not be compressed (content-encoding: ${coding.slice(0, 40)}); send it as it is`, 415, { 'accept-encoding': 'identity' }));
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    // The body is not read, and the connection is closed after the answer (as after 413): draining it would
    // read a body of any size (found by an outsider, session 24).
    return Promise.reject(new RequestBodyError(`The request body must be UTF-8 (JSON's encoding), not ${charset.slice(0, 40)}`, 415));
  }
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit: stop reading; the 413 answer goes out with `connection: close`.
      if (size > maxBodyBytes) { req.pause(); reject(Object.assign(new Error('too large'), { status: 413 })); return; }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(UTF8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new RequestBodyError('The request body is not valid UTF-8', 400));
      }
    });
    req.on('error', reject);
  });
}

export async function serve<Context extends BaseContext>(options: ServeOptions<Context>): Promise<Listening> {
  const { server } = options;
  const httpServer = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const route = options.routes?.[url.pathname];
      if (!route && req.method === 'POST') refuseUnlessJson(req);
      const body = req.method === 'POST' ? await readBody(req, options.maxBodyBytes) : '';
      if (route) return await route(req, res, body);
      if (url.pathname !== '/graphql' && url.pathname !== '/') return sendJson(res, 404, { error: 'not found' });
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
        // Found by an outsider (session 28): DELETE got Apollo's CSRF refusal, PUT a bare 405.
        res.setHeader('allow', 'GET, HEAD, POST');
        return sendJson(res, 405, { errors: [{ message: `${String(req.method).slice(0, 20)} is no method of GraphQL over HTTP: POST the operation as application/json, or GET a query`, extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
      }
      if (req.method === 'GET' && options.landingPage && (req.headers.accept ?? '').includes('text/html')) {
        return await options.landingPage(req, res, body);
      }
      if (req.method === 'GET' && !url.searchParams.has('query') && !url.searchParams.has('extensions')) {
        // Found by an outsider: `curl <service>/` got Apollo's CSRF refusal, which says nothing of what to send.
        return sendJson(res, 400, { errors: [{ message: `GET ${url.pathname} needs the operation in its query parameter; or POST it as application/json (GraphQL over HTTP)${options.landingPage ? '. In a browser, this address opens the playground' : ''}`, extensions: { code: 'BAD_REQUEST' } }] });
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let parsed: unknown = undefined;
      if (body) {
        try { parsed = JSON.parse(body); } catch { return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }); }
      }
      // Kept on the request for what runs before the answer exists (e.g. the log entry of a write).
      (req as IncomingMessage & { body?: unknown }).body = parsed;
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsed },
        context: () => options.context(req),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        // Encoded once: handed a string, node:http would measure its UTF-8 length and then encode it again.
        const bytes = Buffer.from(response.body.string, 'utf8');
        res.setHeader('content-length', bytes.length);
        return res.end(bytes);
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 413 || (error instanceof RequestBodyError && error.status === 415)) res.setHeader('connection', 'close');
      if (status === 413) return sendJson(res, 413, { errors: [{ message: `The request is larger than ${options.maxBodyBytes} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      if (error instanceof RequestBodyError) {
        for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
        return sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST' } }] });
      }
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  });
  httpServer.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  // A port in use or a host that is no address here is a setting to fix: say which, not an unhandled 'error' event.
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${host}:${options.port}: ${
      error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EACCES' ? 'no permission for the port' : ['ENOTFOUND', 'EADDRNOTAVAIL', 'EAI_AGAIN'].includes(error.code ?? '') ? 'no such address on this machine' : error.code ?? error.message
    } (HOST and the service's port setting, README: Configuration)`)));
    httpServer.listen(options.port, host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}/graphql`,
    port,
    httpServer,
    close: () => new Promise((resolve) => { httpServer.closeAllConnections(); httpServer.close(() => resolve()); }),
  };
}
