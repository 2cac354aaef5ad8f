// How the authority subgraphs reach the joint register, which keeps the consents and the disclosure
// records. They call its internal endpoints with the caller's own token, so the joint register checks
// who asks: a third party learns only the consents given to it, and a record names the true recipient.
import { REQUEST_ID_HEADER } from '../log';
import type { ConsentTerms } from '../law/rules';
import type { Register } from '../law/categories';
import type { ConsentBatchLoader, Disclosure } from './request-law';
import type { DisclosureSink, SubgraphContext } from './subgraph';

export const INTERNAL_CONSENTS_PATH = '/internal/consents';
export const INTERNAL_DISCLOSURES_PATH = '/internal/disclosures';

const JOINT_TIMEOUT_MS = Number(process.env.JOINT_TIMEOUT_MS ?? 3000);

async function postToJoint(jointUrl: string, path: string, ctx: Pick<SubgraphContext, 'authorization' | 'requestId'>, body: unknown) {
  const response = await fetch(new URL(path, jointUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: ctx.authorization, [REQUEST_ID_HEADER]: ctx.requestId },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(JOINT_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`joint register answered ${response.status}`);
  return response.json();
}

export function jointConsentLookup(jointUrl: string) {
  return (ctx: Pick<SubgraphContext, 'authorization' | 'requestId'>): ConsentBatchLoader => async (customerIds) => {
    const { consents } = (await postToJoint(jointUrl, INTERNAL_CONSENTS_PATH, ctx, { customerIds })) as { consents: ConsentTerms[][] };
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

export function jointDisclosureSink(jointUrl: string, register: Register): DisclosureSink {
  return async (disclosures, ctx) => {
    await postToJoint(jointUrl, INTERNAL_DISCLOSURES_PATH, ctx, { records: disclosureInputs(register, disclosures) });
  };
}
