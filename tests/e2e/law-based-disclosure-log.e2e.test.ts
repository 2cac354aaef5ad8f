// A law-based disclosure refused is a decision, not a use of the categories asked for (906/2019 § 17 logs uses;
// issue 12). Checked through the gateway with real tokens, read back from the auditor's jointAccessLog: a decision
// REFUSED, and a decision refused as invalid input because the official may not read a category, are logged as the
// write of the decision record (LAW_BASED_DISCLOSURES) only, never as an ALLOWED read or disclosure of the requested
// categories, and leave no disclosure record. (Found so on the code as it was: this pins it, it fixes nothing.)
import { demoPopulation } from '../../shared/src/demo/population';
import { todayInFinland } from '../../shared/src/law/today';
import { startSystem, System } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const DECIDE = 'mutation Decide($input: LawBasedDisclosureInput!) { decideLawBasedDisclosure(input: $input) { id decision categories disclosureRecordId } }';
const REQUESTED = ['JOINT_IDENTIFICATION', 'JOINT_SOCIAL_SITUATION'];
const input = (customerId: string, extra: Record<string, unknown> = {}) => keyed({
  customerId, requesterType: 'SOCIAL_WELFARE_AUTHORITY', requesterOrganisationId: 'wellbeing-county-vantaa-kerava', requesterName: 'Social worker on duty',
  requestReference: 'VAKE/124/2026', requestedOn: todayInFinland(), legalBasis: '812/2000 § 17', categories: REQUESTED, decision: 'REFUSED',
  reason: 'Not needed for the task at hand', ...extra,
});
type Entry = { actorId: string; categories: string[]; operation: string; operationName: string | null; outcome: string };
/** The auditor's view of the joint register's log of one customer, the entries of the decision only. */
const decisionEntries = async (customerId: string, actorId: string): Promise<Entry[]> => {
  const result = await system.query('auditor', 'query($id: ID) { jointAccessLog(customerId: $id) { actorId categories operation operationName outcome } }', { id: customerId });
  expect(result.errors).toBeUndefined();
  return (result.data!.jointAccessLog as Entry[]).filter((e) => e.actorId === actorId);
};
const disclosuresOf = async (customerId: string) => {
  const result = await system.query('auditor', 'query($id: ID!) { disclosureLog(customerId: $id) { id lawBasedDisclosureId } }', { id: customerId });
  expect(result.errors).toBeUndefined();
  return result.data!.disclosureLog;
};

describe('a refused law-based disclosure in the joint register\'s access log', () => {
  it('a decision REFUSED: the write of the decision, not a use of the categories requested', async () => {
    const customer = demoPopulation()[40];
    const refused = await system.query('wellbeing-social-worker', DECIDE, { input: input(customer.id) });
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.decideLawBasedDisclosure).toMatchObject({ decision: 'REFUSED', categories: REQUESTED, disclosureRecordId: null });
    const entries = await decisionEntries(customer.id, 'wellbeing-social-worker-1');
    expect(entries).toEqual([{ actorId: 'wellbeing-social-worker-1', categories: ['LAW_BASED_DISCLOSURES'], operation: 'WRITE', operationName: expect.stringMatching(/^Decide/), outcome: 'ALLOWED' }]);
    for (const category of REQUESTED) expect(entries.flatMap((e) => e.categories)).not.toContain(category);
    expect(await disclosuresOf(customer.id)).toEqual([]);
  });

  it('a disclosure refused as invalid input (a category the official may not read): nothing of that category is logged as used', async () => {
    const customer = demoPopulation()[41];
    const refused = await system.query('kela-benefit-expert', DECIDE, { input: input(customer.id, { decision: 'DISCLOSED', categories: ['JOINT_SOCIAL_SITUATION'] }) });
    expect(refused.data?.decideLawBasedDisclosure ?? null).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'categories[0]' } });
    const entries = await decisionEntries(customer.id, 'kela-benefit-decision-expert-1');
    // The mutation's write is logged before it is made (a write never goes unlogged), and as not made once refused.
    expect(entries).toEqual(['NOT_MADE', 'ALLOWED'].map((outcome) => (
      { actorId: 'kela-benefit-decision-expert-1', categories: ['LAW_BASED_DISCLOSURES'], operation: 'WRITE', operationName: expect.stringMatching(/^Decide/), outcome })));
    expect(entries.flatMap((e) => e.categories)).not.toContain('JOINT_SOCIAL_SITUATION');
    expect(await disclosuresOf(customer.id)).toEqual([]);
    const none = await system.query('data-protection-officer', 'query($id: ID!) { customer(id: $id) { lawBasedDisclosures { id } } }', { id: customer.id });
    expect(none.data!.customer.lawBasedDisclosures).toEqual([]);
  });

  it('a decision DISCLOSED (for comparison) leaves the disclosure record naming the categories', async () => {
    const customer = demoPopulation()[42];
    const disclosed = await system.query('wellbeing-social-worker', DECIDE, { input: input(customer.id, { decision: 'DISCLOSED' }) });
    expect(disclosed.errors).toBeUndefined();
    expect(await disclosuresOf(customer.id)).toEqual([{ id: disclosed.data!.decideLawBasedDisclosure.disclosureRecordId, lawBasedDisclosureId: disclosed.data!.decideLawBasedDisclosure.id }]);
  });
});
