// What a consent may cover (seed 000 § 7, "tarpeellisilta osin") and who decides on it (seed 000 § 10):
// the tables of shared/src/law/consents.ts, allowed and denied.
import type { Actor } from '../src/auth/actor';
import { DISCLOSURE_PURPOSES, RECIPIENT_TYPES } from '../src/auth/actor';
import { USUAL_PURPOSE } from '../src/auth/presets';
import { CATEGORIES, CategoryDefinition } from '../src/law/categories';
import {
  CONSENT_PURPOSES, CONSENT_SCOPE, categoriesBeyondPurpose, consentIsSensitive, controllerMayConsent, purposeFitsRecipient,
} from '../src/law/consents';
import { decide } from '../src/law/rules';

const official = (kind: 'EMPLOYMENT' | 'WELLBEING' | 'KELA', role: string): Actor =>
  ({ id: `${kind}-1`, organisationKind: kind, organisationId: 'org', organisationUnit: { EMPLOYMENT: 'employment-area-keski-uusimaa', WELLBEING: 'wellbeing-county-keski-uusimaa', KELA: 'kela-keski-uusimaa' }[kind], roles: [role] });

describe('the recipient type x purpose -> categories table', () => {
  it('gives every recipient type at least one purpose, its usual one included, and every purpose some categories', () => {
    for (const type of RECIPIENT_TYPES) expect(CONSENT_PURPOSES[type]).toContain(USUAL_PURPOSE[type]);
    for (const purpose of DISCLOSURE_PURPOSES) expect(CONSENT_SCOPE[purpose].length).toBeGreaterThan(0);
  });
  it('names only customer data a consent can cover', () => {
    for (const purpose of DISCLOSURE_PURPOSES) {
      for (const category of CONSENT_SCOPE[purpose]) {
        const definition = CATEGORIES[category] as CategoryDefinition;
        expect({ purpose, category, ok: definition.consentable && definition.kind === 'customer-data' }).toEqual({ purpose, category, ok: true });
      }
    }
  });
  it('an employer filling a vacancy gets identity, skills and job search; never health', () => {
    expect(categoriesBeyondPurpose('JOB_PLACEMENT', ['JOINT_IDENTIFICATION', 'EMPLOYMENT_JOB_SEEKER'])).toEqual([]);
    expect(categoriesBeyondPurpose('JOB_PLACEMENT', ['JOINT_IDENTIFICATION', 'JOINT_HEALTH_AND_WORK_CAPACITY', 'WELLBEING_HEALTH_SERVICES']))
      .toEqual(['JOINT_HEALTH_AND_WORK_CAPACITY', 'WELLBEING_HEALTH_SERVICES']);
    expect(purposeFitsRecipient('EMPLOYER', 'JOB_PLACEMENT')).toBe(true);
    expect(purposeFitsRecipient('EMPLOYER', 'HEALTH_CARE')).toBe(false);
    expect(purposeFitsRecipient('NEIGHBOUR', 'JOB_PLACEMENT')).toBe(false);
  });
});

describe("each controller's say", () => {
  it('joint-register categories: any official of the joint service', () => {
    expect(controllerMayConsent(official('KELA', 'BENEFIT_DECISION_EXPERT'), 'JOINT_IDENTIFICATION')).toBe(true);
  });
  it("an own register's categories: only its own authority's officials (both keepers of the activation plan)", () => {
    expect(controllerMayConsent(official('EMPLOYMENT', 'EMPLOYMENT_EXPERT'), 'EMPLOYMENT_JOB_SEEKER')).toBe(true);
    expect(controllerMayConsent(official('KELA', 'BENEFIT_DECISION_EXPERT'), 'EMPLOYMENT_JOB_SEEKER')).toBe(false);
    expect(controllerMayConsent(official('EMPLOYMENT', 'PSYCHOLOGIST'), 'WELLBEING_HEALTH_SERVICES')).toBe(false);
    expect(controllerMayConsent(official('WELLBEING', 'SOCIAL_WORKER'), 'ACTIVATION_PLAN')).toBe(true);
    expect(controllerMayConsent(official('EMPLOYMENT', 'EMPLOYMENT_EXPERT'), 'ACTIVATION_PLAN')).toBe(true);
  });
  it('consents to recipients that reveal treatment are sensitive', () => {
    expect(consentIsSensitive({ recipientType: 'A_CLINIC', purpose: 'SUBSTANCE_ABUSE_TREATMENT' })).toBe(true);
    expect(consentIsSensitive({ recipientType: 'EMPLOYER', purpose: 'JOB_PLACEMENT' })).toBe(false);
  });
});

describe('withdrawal of a consent (GDPR art. 7(3))', () => {
  const customer: Actor = { id: 'customer:c1', organisationKind: 'CUSTOMER', organisationId: 'citizen', roles: [], customerId: 'c1' };
  it('the customer withdraws their own consents, nobody else\'s, and writes nothing else', () => {
    expect(decide(customer, 'JOINT_CONSENT_WITHDRAWAL', 'c1', 'write').allowed).toBe(true);
    expect(decide(customer, 'JOINT_CONSENT_WITHDRAWAL', 'c2', 'write').allowed).toBe(false);
    expect(decide(customer, 'JOINT_CONSENTS', 'c1', 'write').allowed).toBe(false);
  });
  it('officials of the joint service of the area withdraw on the customer\'s instruction; third parties never', () => {
    expect(decide(official('KELA', 'BENEFIT_DECISION_EXPERT'), 'JOINT_CONSENT_WITHDRAWAL', 'c1', 'write', [], 'KESKI_UUSIMAA').allowed).toBe(true);
    expect(decide(official('KELA', 'BENEFIT_DECISION_EXPERT'), 'JOINT_CONSENT_WITHDRAWAL', 'c1', 'write', [], 'LAPLAND').allowed).toBe(false);
    const employer: Actor = { id: 'e1', organisationKind: 'EMPLOYER', organisationId: 'employer-1', roles: [], purpose: 'JOB_PLACEMENT' };
    expect(decide(employer, 'JOINT_CONSENT_WITHDRAWAL', 'c1', 'write').allowed).toBe(false);
  });
});
