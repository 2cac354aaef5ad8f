// What one request's law collects for the access log: uses and refused attempts, grouped; a customer
// only learned of counts as a read of CUSTOMER_KEY; auditors may not know customers at all.
import type { Actor } from '../src/auth/actor';
import { RequestLaw } from '../src/graphql/request-law';
import { decide } from '../src/law/rules';

// An official of the Keski-Uusimaa joint service; the customers below live in Kerava (that area).
const official: Actor = { id: 'e1', organisationKind: 'EMPLOYMENT', organisationId: 'employment-area-keski-uusimaa', organisationUnit: 'employment-area-keski-uusimaa', roles: ['EMPLOYMENT_EXPERT'] };
const inKerava = async (ids: readonly string[]) => ids.map(() => 'Kerava');
const auditor: Actor = { id: 'a1', organisationKind: 'AUDIT', organisationId: 'keha', roles: ['AUDITOR'] };
const employer: Actor = { id: 'x1', organisationKind: 'EMPLOYER', organisationId: 'acme', roles: [], purpose: 'JOB_PLACEMENT' };
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const noConsents = async (ids: readonly string[]) => ids.map(() => []);

describe('auditors read logs only', () => {
  it('may not know a customer (allowed: the logs; denied: the customer key)', () => {
    expect(decide(auditor, 'ACCESS_LOG', A, 'read').allowed).toBe(true);
    expect(decide(auditor, 'DISCLOSURE_LOG', A, 'read').allowed).toBe(true);
    expect(decide(auditor, 'CUSTOMER_KEY', A, 'read').allowed).toBe(false);
    expect(decide(official, 'CUSTOMER_KEY', A, 'read', [], 'KESKI_UUSIMAA').allowed).toBe(true);
  });
});

describe('useGroups', () => {
  it('logs an id-only read as CUSTOMER_KEY, and only when nothing else of the customer was read', async () => {
    const law = new RequestLaw(official, noConsents, undefined, undefined, undefined, inKerava);
    // An official's decisions wait for the customer's area (one batched look-up).
    await Promise.all([law.decide('CUSTOMER_KEY', A, 'read'), law.decide('CUSTOMER_KEY', B, 'read'), law.decide('JOINT_IDENTIFICATION', B, 'read')]);
    expect(law.useGroups()).toEqual(expect.arrayContaining([
      { operation: 'read', categories: ['JOINT_IDENTIFICATION'], customerIds: [B], outcome: 'ALLOWED' },
      { operation: 'read', categories: ['CUSTOMER_KEY'], customerIds: [A], outcome: 'ALLOWED' },
    ]));
    expect(law.useGroups()).toHaveLength(2);
  });

  it('groups refused attempts apart, with the customer when known and without an id that is not of the stored form', async () => {
    const law = new RequestLaw(employer, noConsents);
    await law.decide('JOINT_IDENTIFICATION', A, 'read');
    await law.decide('JOINT_IDENTIFICATION', B, 'read');
    await law.decide('JOINT_CUSTOMERSHIP', A, 'write');
    await law.decide('ACCESS_LOG', undefined, 'read');
    await law.decide('JOINT_IDENTIFICATION', '100150-9560', 'read');
    const groups = law.useGroups();
    expect(groups).toEqual(expect.arrayContaining([
      { operation: 'read', categories: ['JOINT_IDENTIFICATION'], customerIds: [A, B], outcome: 'DENIED' },
      { operation: 'write', categories: ['JOINT_CUSTOMERSHIP'], customerIds: [A], outcome: 'DENIED' },
      { operation: 'read', categories: ['ACCESS_LOG'], customerIds: [], outcome: 'DENIED' },
      { operation: 'read', categories: ['JOINT_IDENTIFICATION'], customerIds: [], outcome: 'DENIED' },
    ]));
    expect(JSON.stringify(groups)).not.toContain('100150-9560');
  });
});
