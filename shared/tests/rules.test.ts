// Each named rule of the law, its allowed and its denied path.
import type { Actor } from '../src/auth/actor';
import { ConsentTerms, decide, mayKnowCustomer } from '../src/law/rules';
import { todayInFinland } from '../src/law/today';
import { addDays } from '../src/demo/population';
import { COOPERATION_AREAS } from '../src/law/areas';

// Officials of the joint service of Keski-Uusimaa, where customer c1 lives (areas: ./scope.test.ts).
const DEFAULT_ROLE = { EMPLOYMENT: 'EMPLOYMENT_EXPERT', WELLBEING: 'SOCIAL_WORKER', KELA: 'BENEFIT_DECISION_EXPERT' } as const;
const UNIT = { EMPLOYMENT: 'employment-area-keski-uusimaa', WELLBEING: 'wellbeing-county-keski-uusimaa', KELA: 'kela-keski-uusimaa' } as const;
const official = (kind: 'EMPLOYMENT' | 'WELLBEING' | 'KELA', roles: string[] = [DEFAULT_ROLE[kind]]): Actor =>
  ({ id: `${kind}-1`, organisationKind: kind, organisationId: COOPERATION_AREAS.KESKI_UUSIMAA.organisations[kind][0], organisationUnit: UNIT[kind], roles });
const customer: Actor = { id: 'customer:c1', organisationKind: 'CUSTOMER', organisationId: 'citizen', roles: [], customerId: 'c1' };
const auditor: Actor = { id: 'a1', organisationKind: 'AUDIT', organisationId: 'keha', roles: ['AUDITOR'] };
const employer = (organisationId = 'employer-1', purpose: Actor['purpose'] = 'JOB_PLACEMENT'): Actor =>
  ({ id: 'e1', organisationKind: 'EMPLOYER', organisationId, roles: [], purpose });

// Days from today in Finland, whose day the law's rules read (../src/law/today.ts): from 22:00 or 21:00 UTC
// the UTC calendar is a day behind, and a consent valid from the UTC tomorrow is already in force there.
const day = (offset: number) => addDays(todayInFinland(), offset);
const consent = (overrides: Partial<ConsentTerms> = {}): ConsentTerms => ({
  id: 'k1', customerId: 'c1', recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-1', categories: ['JOINT_IDENTIFICATION'],
  purpose: 'JOB_PLACEMENT', validFrom: day(-10), validUntil: day(10), status: 'GIVEN', ...overrides,
});
const allowed = (...[actor, category, customerId, operation, consents = [], area = 'KESKI_UUSIMAA']: Parameters<typeof decide>) =>
  decide(actor, category, customerId, operation, consents, area).allowed;

describe('joint register flows between the three authorities', () => {
  it.each(['EMPLOYMENT', 'WELLBEING', 'KELA'] as const)('%s officials read and write joint data', (kind) => {
    expect(allowed(official(kind), 'JOINT_EMPLOYMENT_PLAN', 'c1', 'read')).toBe(true);
    expect(allowed(official(kind), 'JOINT_CONSENTS', 'c1', 'write')).toBe(true);
  });
  it('third parties and auditors do not', () => {
    expect(allowed(employer(), 'JOINT_EMPLOYMENT_PLAN', 'c1', 'read')).toBe(false);
    expect(allowed(auditor, 'JOINT_EMPLOYMENT_PLAN', 'c1', 'read')).toBe(false);
  });
});

describe("an authority's own register", () => {
  it('is read by its own officials', () => {
    expect(allowed(official('EMPLOYMENT'), 'EMPLOYMENT_CONTACTS_AND_PERMITS', 'c1', 'read')).toBe(true);
  });
  it('is closed to the other authorities, except what is exchangeable for the joint service (read only)', () => {
    expect(allowed(official('KELA'), 'EMPLOYMENT_CONTACTS_AND_PERMITS', 'c1', 'read')).toBe(false);
    expect(allowed(official('KELA'), 'EMPLOYMENT_JOB_SEEKER', 'c1', 'read')).toBe(true);
    expect(allowed(official('KELA'), 'EMPLOYMENT_JOB_SEEKER', 'c1', 'write')).toBe(false);
  });
  it('keeps the activation plan in both registers that hold it (189/2001 § 12), not in Kela', () => {
    expect(allowed(official('EMPLOYMENT'), 'ACTIVATION_PLAN', 'c1', 'read')).toBe(true);
    expect(allowed(official('WELLBEING'), 'ACTIVATION_PLAN', 'c1', 'read')).toBe(true);
    expect(allowed(official('KELA'), 'ACTIVATION_PLAN', 'c1', 'read')).toBe(false);
  });
});

describe('role certificates', () => {
  it('entitle to restricted categories', () => {
    expect(allowed(official('EMPLOYMENT', ['PSYCHOLOGIST']), 'EMPLOYMENT_VOCATIONAL_GUIDANCE', 'c1', 'read')).toBe(true);
    expect(allowed(official('WELLBEING', ['SOCIAL_WORKER']), 'JOINT_SOCIAL_SITUATION', 'c1', 'read')).toBe(true);
  });
  it('without them restricted data is denied, even in the joint register', () => {
    expect(allowed(official('EMPLOYMENT', ['EMPLOYMENT_EXPERT']), 'EMPLOYMENT_VOCATIONAL_GUIDANCE', 'c1', 'read')).toBe(false);
    expect(allowed(official('WELLBEING', ['PUBLIC_HEALTH_NURSE']), 'JOINT_SOCIAL_SITUATION', 'c1', 'read')).toBe(false);
  });
  it('do not open another authority\'s register', () => {
    expect(allowed(official('EMPLOYMENT', ['PSYCHOLOGIST']), 'WELLBEING_HEALTH_SERVICES', 'c1', 'read')).toBe(false);
    expect(allowed(official('EMPLOYMENT', ['PSYCHOLOGIST']), 'WELLBEING_WORK_ABILITY', 'c1', 'read')).toBe(true);
  });
});

describe('the customer', () => {
  it('reads all of their own data, restricted included', () => {
    expect(allowed(customer, 'WELLBEING_SUBSTANCE_ABUSE', 'c1', 'read')).toBe(true);
    expect(allowed(customer, 'ACCESS_LOG', 'c1', 'read')).toBe(true);
  });
  it("reads nobody else's, and writes nothing", () => {
    expect(allowed(customer, 'JOINT_IDENTIFICATION', 'c2', 'read')).toBe(false);
    expect(allowed(customer, 'JOINT_CONSENTS', 'c1', 'write')).toBe(false);
    expect(mayKnowCustomer(customer, 'c2', [])).toBe(false);
  });
});

describe('auditors', () => {
  it('read the logs, not the customer data', () => {
    expect(allowed(auditor, 'ACCESS_LOG', undefined, 'read')).toBe(true);
    expect(allowed(auditor, 'DISCLOSURE_LOG', 'c1', 'read')).toBe(true);
    expect(allowed(auditor, 'JOINT_IDENTIFICATION', 'c1', 'read')).toBe(false);
  });
  it('officials do not read the logs', () => {
    expect(allowed(official('EMPLOYMENT'), 'ACCESS_LOG', 'c1', 'read')).toBe(false);
  });
  it("only by the audit organisation's role certificates: an auditor's or the data protection officer's, not a token of kind AUDIT alone", () => {
    const dpo: Actor = { ...auditor, roles: ['DATA_PROTECTION_OFFICER'] };
    expect(allowed(dpo, 'ACCESS_LOG', undefined, 'read')).toBe(true);
    for (const roles of [[], ['SUPERVISOR'], ['auditor'], ['EMPLOYMENT_EXPERT']]) {
      const unentitled: Actor = { ...auditor, roles };
      expect({ roles, log: allowed(unentitled, 'ACCESS_LOG', undefined, 'read'), disclosures: allowed(unentitled, 'DISCLOSURE_LOG', 'c1', 'read') })
        .toEqual({ roles, log: false, disclosures: false });
    }
  });
});

describe("third parties: only what a specific consent covers", () => {
  it('a valid consent for the category, recipient type and purpose', () => {
    expect(decide(employer(), 'JOINT_IDENTIFICATION', 'c1', 'read', [consent()])).toEqual({ allowed: true, consentId: 'k1' });
  });
  it.each([
    ['another category', consent(), 'JOINT_EDUCATION_AND_WORK', employer()],
    ['a withdrawn consent', consent({ status: 'WITHDRAWN' }), 'JOINT_IDENTIFICATION', employer()],
    ['an expired consent', consent({ validUntil: day(-1) }), 'JOINT_IDENTIFICATION', employer()],
    ['a consent not yet valid', consent({ validFrom: day(1) }), 'JOINT_IDENTIFICATION', employer()],
    ['another recipient type', consent({ recipientType: 'EDUCATIONAL_INSTITUTION' }), 'JOINT_IDENTIFICATION', employer()],
    ['another named organisation', consent({ recipientOrganisationId: 'employer-2' }), 'JOINT_IDENTIFICATION', employer('employer-1')],
    ['a consent naming no organisation (not specific)', consent({ recipientOrganisationId: null }), 'JOINT_IDENTIFICATION', employer('employer-1')],
    ['another purpose', consent(), 'JOINT_IDENTIFICATION', employer('employer-1', 'WORK_TRIAL')],
    ['no stated purpose', consent(), 'JOINT_IDENTIFICATION', { ...employer(), purpose: undefined }],
    ['a category no consent can cover', consent({ categories: ['JOINT_CONSENTS'] }), 'JOINT_CONSENTS', employer()],
  ])('denied for %s', (_case, terms, category, actor) => {
    expect(allowed(actor, category as never, 'c1', 'read', [terms])).toBe(false);
  });
  it('a consent naming the organisation admits only that organisation', () => {
    expect(allowed(employer('employer-2'), 'JOINT_IDENTIFICATION', 'c1', 'read', [consent({ recipientOrganisationId: 'employer-2' })])).toBe(true);
  });
  it('nothing without a customer (root lists) and no writes', () => {
    expect(allowed(employer(), 'JOINT_CUSTOMERSHIP', undefined, 'read', [consent({ categories: ['JOINT_CUSTOMERSHIP'] })])).toBe(false);
    expect(allowed(employer(), 'JOINT_IDENTIFICATION', 'c1', 'write', [consent()])).toBe(false);
  });
  it('may know of the customer only with some consent in force (secrecy of customership)', () => {
    expect(mayKnowCustomer(employer(), 'c1', [consent()])).toBe(true);
    expect(mayKnowCustomer(employer(), 'c1', [consent({ status: 'WITHDRAWN' })])).toBe(false);
    expect(mayKnowCustomer(employer(), 'c1', [])).toBe(false);
  });
});
