// The two ends of the joint register's service calls to an own register's internal routes (home
// municipalities, final reports): the call, signed with the joint register's service key for that
// register's internal API and bound to the request (./service-tokens.ts), and the route's check of it.
// One place for both, so that every internal route authenticates its caller the same way.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authority, Register } from '../law/categories';
import { Logger, REQUEST_ID_HEADER } from '../log';
import { sendJson } from '../http';
import {
  SERVICE_AUTHORIZATION_HEADER, ServiceAuthenticationError, ServiceRequest, ServiceTokenSigner, registerInternalAudience,
} from './service-tokens';

/**
 * POSTs `payload` (JSON) to `path` of `register`'s subgraph at `baseUrl`, as the service `sign` speaks for, bounded by
 * `timeoutMs`. Resolves with the HTTP status the register answered (2xx: stored; see {@link refusedForGood});
 * rejects when the register cannot be reached or does not answer in time (the caller keeps its notice pending).
 */
export async function postAsService(register: Authority, baseUrl: string, path: string, payload: unknown, sign: ServiceTokenSigner, timeoutMs: number, requestIdPrefix: string): Promise<number> {
  const body = JSON.stringify(payload);
  const requestId = `${requestIdPrefix}-${randomUUID()}`;
  const token = await sign({ method: 'POST', path, requestId, body, authorization: '', audience: registerInternalAudience(register) });
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId, [SERVICE_AUTHORIZATION_HEADER]: `Bearer ${token}` },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  return response.status;
}

/**
 * Whether an internal route's answer `status` refuses that one payload for good (400, 404, 409, 413, 422...:
 * the same payload will be refused again), as opposed to the register being away or not ready (5xx), busy
 * (408, 429) or not trusting this service's token now (401, 403: a key being rotated). An outbox delivers the
 * payloads behind a refused one instead of waiting for it (review, session 24: one over-long final report held
 * every later one back for good).
 */
export const refusedForGood = (status: number) => status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);

/**
 * What became of one outbox delivery, `call` being its {@link postAsService}: `delivered` (2xx), `refused` for
 * good ({@link refusedForGood}), or `away` (not reached, no answer in time, or any other status: try again
 * later); with the status answered, if any.
 */
export async function deliveryOutcome(call: () => Promise<number>): Promise<{ kind: 'delivered' | 'refused' | 'away'; status?: number }> {
  let status: number;
  try {
    status = await call();
  } catch {
    return { kind: 'away' };
  }
  return { kind: status >= 200 && status < 300 ? 'delivered' : refusedForGood(status) ? 'refused' : 'away', status };
}

/**
 * Checks that an internal route's request comes from the joint register's service (`verify`, with the raw
 * body the token is bound to). Returns true when it does; otherwise logs the refusal (no token content),
 * answers 401 with one body for every reason, and returns false.
 */
export async function jointServiceCalled(
  req: IncomingMessage, res: ServerResponse, raw: string, path: string,
  verify: (header: string | string[] | undefined, request: ServiceRequest) => Promise<Register>, log: Logger,
): Promise<boolean> {
  const requestId = req.headers[REQUEST_ID_HEADER];
  try {
    await verify(req.headers[SERVICE_AUTHORIZATION_HEADER], {
      method: req.method ?? '', path, requestId: typeof requestId === 'string' ? requestId : '', body: raw, authorization: req.headers.authorization ?? '',
    });
    return true;
  } catch (error) {
    log.warn('internal request refused', { path, reason: error instanceof ServiceAuthenticationError ? error.message : 'refused' });
    sendJson(res, 401, { error: "only the joint register's service, authenticated, may call this route" });
    return false;
  }
}
