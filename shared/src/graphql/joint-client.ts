// How the authority subgraphs reach the joint register, which keeps the consents and the disclosure
// records. They call its internal endpoints as services (a service token signed with the register's own
// key, see ../auth/service-tokens.ts) and forward the caller's own token, so the joint register checks
// who asks: a third party learns only the consents given to it, and a record names the true recipient.
import { REQUEST_ID_HEADER } from '../log';
import { SERVICE_AUTHORIZATION_HEADER, ServiceTokenSigner } from '../auth/service-tokens';
import type { ConsentTerms } from '../law/rules';
import type { Register } from '../law/categories';
import type { ConsentBatchLoader, Disclosure } from './request-law';
import type { DisclosureSink, SubgraphContext } from './subgraph';
import { processSetting } from '../settings';

export const INTERNAL_CONSENTS_PATH = '/internal/consents';
export const INTERNAL_DISCLOSURES_PATH = '/internal/disclosures';

/** JOINT_TIMEOUT_MS (default 3,000 ms); the register's start reads it (./run.ts). */
export const jointTimeoutMs = processSetting('JOINT_TIMEOUT_MS', 3000, { min: 1 });

async function postToJoint(jointUrl: string, path: string, ctx: Pick<SubgraphContext, 'authorization' | 'requestId'>, body: unknown, sign: ServiceTokenSigner) {
  const text = JSON.stringify(body);
  const serviceToken = await sign({ method: 'POST', path, requestId: ctx.requestId, body: text, authorization: ctx.authorization });
  const response = await fetch(new URL(path, jointUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json', authorization: ctx.authorization, [REQUEST_ID_HEADER]: ctx.requestId,
      [SERVICE_AUTHORIZATION_HEADER]: `Bearer ${serviceToken}`,
    },
    body: text,
    signal: AbortSignal.timeout(jointTimeoutMs()),
  });
  if (!response.ok) throw new Error(`joint register answered ${response.status}`);
  return response.json();
}

/** The consents of a batch of customers that concern the caller, asked of the joint register as the service `sign` speaks for. */
export function jointConsentLookup(jointUrl: string, sign: ServiceTokenSigner) {
  return (ctx: Pick<SubgraphContext, 'authorization' | 'requestId'>): ConsentBatchLoader => async (customerIds) => {
    const { consents } = (await postToJoint(jointUrl, INTERNAL_CONSENTS_PATH, ctx, { customerIds }, sign)) as { consents: ConsentTerms[][] };
    return consents;
  };
}

export interface DisclosureRecordInput {
  register: Register;
  customerId: string;
  consentId: string;
  categories: string[];
  fields: string[];
}

export const disclosureInputs = (register: Register, disclosures: Disclosure[]): DisclosureRecordInput[] =>
  disclosures.map((d) => ({ register, customerId: d.customerId, consentId: d.consentId, categories: [...d.categories], fields: [...d.fields] }));

/** Files a response's disclosure records with the joint register as `register`'s service; throws when refused. */
export function jointDisclosureSink(jointUrl: string, register: Register, sign: ServiceTokenSigner): DisclosureSink {
  return async (disclosures, ctx) => {
    await postToJoint(jointUrl, INTERNAL_DISCLOSURES_PATH, ctx, { records: disclosureInputs(register, disclosures) }, sign);
  };
}
