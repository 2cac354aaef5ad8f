// Holes found by the tenth outside review, attacked from outside over real HTTP:
// - M1: a rectification notice (GDPR art. 19) to the police, an enforcement authority or a social welfare
//   authority was shown to every official of the area, though since review 9 (M2) the law-based disclosure it
//   passes on is shown only to the roles that read the social situation: the notice told the psychologist, the
//   nurse, Kela and the supervisors that the police had asked about the customer;
// - L2: a consent write repeated with the same idempotency key answered the stored consent before any check, so
//   a token of the same organisation and subject with another role certificate (a supervisor's) got the terms
//   of a consent to the prison services, which it may neither read nor write.
import { randomUUID } from 'node:crypto';
import { presetClaims } from '../../shared/src/auth/presets';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { addDays } from '../../shared/src/demo/population';
import { todayInFinland } from '../../shared/src/law/today';
import { keyed } from '../support/keys';
import { GraphQLResponse, postGraphQL, startSystem, System, tokenFor } from '../support/system';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const CASELOAD = 'query($first: Int) { caseload(first: $first) { edges { node { id } } } }';
/** The k-th customer of the employment expert's caseload (Keski-Uusimaa, the presets' area). */
const customerOfCaseload = async (k: number): Promise<string> => {
  const caseload = await system.query('employment-expert', CASELOAD, { first: k + 1 });
  return caseload.data!.caseload.edges[k].node.id;
};
/** The same request straight at the joint register's own port, not through the gateway. */
const atJoint = async (caller: string | TokenClaims, query: string, variables: unknown): Promise<GraphQLResponse<any>> =>
  postGraphQL(system.subgraphs.joint.listening.url, { query, variables }, await tokenFor(caller));
const errorsOf = (r: { errors?: { extensions?: { code?: unknown; field?: unknown } }[] }) => (r.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.field]);

describe('rectification notices to requesters under a law (M1)', () => {
  const DECIDE = 'mutation($input: LawBasedDisclosureInput!) { decideLawBasedDisclosure(input: $input) { id } }';
  const NOTICES = 'query($id: ID!) { customer(id: $id) { rectificationNotifications { recipientType } } }';
  const decision = (customerId: string, requesterType: string, legalBasis: string) => keyed({
    customerId, requesterType, requesterOrganisationId: `${requesterType.toLowerCase().replace(/_/g, '-')}-1`, requesterName: 'On duty',
    requestReference: 'R/10/2026', requestedOn: todayInFinland(), legalBasis, categories: ['JOINT_IDENTIFICATION'], decision: 'DISCLOSED', reason: 'Request under the law',
  });

  it('are shown only to the roles that read the social situation when the requester reveals it (police, enforcement, social welfare)', async () => {
    const customerId = await customerOfCaseload(4);
    for (const [requester, basis] of [['POLICE', '872/2011 § 4:3'], ['ENFORCEMENT_AUTHORITY', '705/2007 § 3'], ['SOCIAL_WELFARE_AUTHORITY', '812/2000 § 17'], ['UNEMPLOYMENT_FUND', '1290/2006 § 20']]) {
      const decided = await system.query('employment-expert', DECIDE, { input: decision(customerId, requester, basis) });
      expect([requester, decided.errors]).toEqual([requester, undefined]);
    }
    // The customer corrects the address the four received: one notice to each (GDPR art. 19).
    const fixed = await system.query(`customer:${customerId}`, 'mutation($input: RectifyOwnContactDetailsInput!) { rectifyOwnContactDetails(input: $input) { id } }',
      { input: keyed({ customerId, reason: 'Moved', streetAddress: `Uusi katu ${randomUUID().slice(0, 4)}` }) });
    expect(fixed.errors).toBeUndefined();
    const seenBy = async (caller: string | TokenClaims) => {
      const r = await system.query(caller, NOTICES, { id: customerId });
      expect(r.errors).toBeUndefined();
      return (r.data!.customer.rectificationNotifications as { recipientType: string }[]).map((n) => n.recipientType).sort();
    };
    const all = ['ENFORCEMENT_AUTHORITY', 'POLICE', 'SOCIAL_WELFARE_AUTHORITY', 'UNEMPLOYMENT_FUND'];
    // Allowed: the roles that read the social situation, and the customer.
    for (const caller of ['employment-expert', 'wellbeing-social-worker', `customer:${customerId}`]) expect([caller, await seenBy(caller)]).toEqual([caller, all]);
    // The data protection officer sees them as they see the law-based disclosures themselves (supervision; review 11, L1).
    expect(await seenBy('data-protection-officer')).toEqual(all);
    // Denied: the others see the unemployment fund's only.
    for (const caller of ['employment-psychologist', 'employment-supervisor', 'wellbeing-nurse', 'kela-benefit-expert', 'kela-service-expert']) {
      expect([caller, await seenBy(caller)]).toEqual([caller, ['UNEMPLOYMENT_FUND']]);
    }
    // And straight at the joint register's own port, where the rule is (not only through the gateway).
    const direct = await atJoint('employment-psychologist', NOTICES, { id: customerId });
    expect(direct.errors).toBeUndefined();
    expect(direct.data!.customer.rectificationNotifications.map((n: { recipientType: string }) => n.recipientType)).toEqual(['UNEMPLOYMENT_FUND']);
  });
});

describe('a consent write repeated with its idempotency key (L2)', () => {
  const RECORD = 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id recipientType purpose } }';
  const CHANGE = 'mutation($input: ChangeConsentInput!) { changeConsent(input: $input) { id recipientType purpose validUntil } }';
  const WITHDRAW = 'mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id recipientType status } }';
  /** The same organisation and subject as `preset`, with a supervisor's role certificate instead. */
  const asSupervisor = (preset: string): TokenClaims => ({ ...presetClaims(preset), roles: ['SUPERVISOR'] });
  const prisonConsent = (customerId: string) => keyed({
    customerId, recipientType: 'PRISON_SERVICES', recipientOrganisationId: 'prison-services-1', recipientOrganisationName: 'Vankila',
    categories: ['JOINT_IDENTIFICATION', 'JOINT_SERVICE_NEED'], purpose: 'RELEASE_PLANNING', validFrom: todayInFinland(), validUntil: addDays(todayInFinland(), 30), method: 'IN_WRITING',
  });

  it('answers the stored consent only to a caller who may see it: the same subject as a supervisor is refused as the first request would be', async () => {
    const customerId = await customerOfCaseload(5);
    const recordInput = prisonConsent(customerId);
    const recorded = await system.query('employment-expert', RECORD, { input: recordInput });
    expect(recorded.errors).toBeUndefined();
    const consentId = recorded.data!.recordConsent.id;
    // recordConsent: the recorder's repeat gets the first answer; the same subject as a supervisor is refused.
    expect(await system.query('employment-expert', RECORD, { input: recordInput })).toEqual(recorded);
    const recordReplay = await system.query(asSupervisor('employment-expert'), RECORD, { input: recordInput });
    expect(errorsOf(recordReplay)).toEqual([['FORBIDDEN', undefined]]);
    expect(JSON.stringify(recordReplay)).not.toContain('PRISON_SERVICES');

    // changeConsent: the social worker changes it; the same subject as a supervisor repeats the request.
    const changeInput = keyed({ customerId, consentId, validUntil: addDays(todayInFinland(), 60) });
    const changed = await system.query('wellbeing-social-worker', CHANGE, { input: changeInput });
    expect(changed.errors).toBeUndefined();
    expect(await system.query('wellbeing-social-worker', CHANGE, { input: changeInput })).toEqual(changed);
    const changeReplay = await system.query(asSupervisor('wellbeing-social-worker'), CHANGE, { input: changeInput });
    expect(errorsOf(changeReplay)).toEqual([['BAD_USER_INPUT', 'consentId']]);
    expect(JSON.stringify(changeReplay)).not.toContain('PRISON_SERVICES');
    // The same answer as for an id that is no consent at all, with a new key.
    const noConsent = await system.query(asSupervisor('wellbeing-social-worker'), CHANGE, { input: keyed({ customerId, consentId: randomUUID(), validUntil: addDays(todayInFinland(), 60) }) });
    expect(changeReplay.errors![0].message).toBe(noConsent.errors![0].message);

    // withdrawConsent alike, at the joint register's own port.
    const withdrawInput = keyed({ customerId, consentId });
    const withdrawn = await atJoint('wellbeing-social-worker', WITHDRAW, { input: withdrawInput });
    expect(withdrawn.errors).toBeUndefined();
    const withdrawReplay = await atJoint(asSupervisor('wellbeing-social-worker'), WITHDRAW, { input: withdrawInput });
    expect(errorsOf(withdrawReplay)).toEqual([['BAD_USER_INPUT', 'consentId']]);
    expect(JSON.stringify(withdrawReplay)).not.toContain('PRISON_SERVICES');
  });
});
