// One register asks another over GraphQL with the caller's own token and request id, so that the register
// asked applies the law to the caller (and logs the use as the caller's): used to keep the employment
// register's copy of the activation plan the same as the wellbeing county's plan (189/2001 § 12; issue 9).
import { REQUEST_ID_HEADER } from '../log';
import type { SubgraphContext } from './subgraph';
import { processSetting } from '../settings';

/** REGISTER_TIMEOUT_MS (default 3,000 ms); the register's start reads it (./run.ts). */
export const registerTimeoutMs = processSetting('REGISTER_TIMEOUT_MS', 3000, { min: 1 });

export class RegisterCallError extends Error {}

/**
 * Posts `query` to the register at `url` as the caller; resolves to `data`, throws RegisterCallError when the
 * register cannot be reached or answers with an error (`REGISTER_TIMEOUT_MS`, default 3,000 ms).
 */
export async function callRegister<Data>(url: string, ctx: Pick<SubgraphContext, 'authorization' | 'requestId'>, query: string, variables: unknown): Promise<Data> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: ctx.authorization, [REQUEST_ID_HEADER]: ctx.requestId },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(registerTimeoutMs()),
    });
  } catch (error) {
    throw new RegisterCallError(`register unreachable (${(error as Error).name})`);
  }
  const body = await response.json().catch(() => ({})) as { data?: Data; errors?: { extensions?: { code?: string } }[] };
  if (!response.ok || body.errors?.length || !body.data) {
    throw new RegisterCallError(`register answered ${response.status} ${body.errors?.[0]?.extensions?.code ?? ''}`.trim());
  }
  return body.data;
}
