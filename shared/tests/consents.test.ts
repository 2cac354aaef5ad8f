// What a consent may cover (seed 000 § 7, "tarpeellisilta osin") and who decides on it (seed 000 § 10):
// the tables of shared/src/law/consents.ts, allowed and denied.
import type { Actor } from '../src/auth/actor';
import { DISCLOSURE_PURPOSES, RECIPIENT_TYPES } from '../src/auth/actor';
import { USUAL_PURPOSE } from '../src/auth/presets';
import { CATEGORIES, CategoryDefinition } from '../src/law/categories';
import {
  CONSENT_PURPOSES, CONSENT_SCOPE, categoriesBeyondPurpose, consentIsSensitive, consentRestrictions, controllerMayConsent, purposeFitsRecipient,
  recipientRestrictions,
} from '../src/law/consents';
import { ROLE_CERTIFICATES, decide } from '../src/law/rules';

const official = (kind: 'EMPLOYMENT' | 'WELLBEING' | 'KELA', role: string): Actor =>
  ({ id: `${kind}-1`, organisationKind: kind, organisationId: { EMPLOYMENT: 'employment-area-keski-uusimaa', WELLBEING: 'wellbeing-county-keski-uusimaa', KELA: 'kela' }[kind], organisationUnit: { EMPLOYMENT: 'employment-area-keski-uusimaa', WELLBEING: 'wellbeing-county-keski-uusimaa', KELA: 'kela-keski-uusimaa' }[kind], roles: [role] });

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
  it('consents to recipients that reveal health care, rehabilitation or a disability assessment are sensitive', () => {
    expect(consentIsSensitive({ recipientType: 'REHABILITATION_INSTITUTION', purpose: 'REHABILITATION' })).toBe(true);
    expect(consentIsSensitive({ recipientType: 'FINNISH_CENTRE_FOR_PENSIONS', purpose: 'PENSION_ASSESSMENT' })).toBe(true);
    expect(consentIsSensitive({ recipientType: 'A_CLINIC', purpose: 'SUBSTANCE_ABUSE_TREATMENT' })).toBe(false);
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

// Review 7 M3: a consent to the prison services for release planning tells that the customer is imprisoned,
// their social situation (381/2023 § 11 (4); GDPR art. 10). Neither ordinary nor "sensitive" (the health roles
// may not read the social situation): its own category, for exactly the roles that read JOINT_SOCIAL_SITUATION.
describe('consents that reveal the social situation (imprisonment)', () => {
  it('are JOINT_SOCIAL_SITUATION_CONSENTS by recipient or by purpose; other consents are not', () => {
    expect(consentRestrictions({ recipientType: 'PRISON_SERVICES', purpose: 'RELEASE_PLANNING' })).toEqual(['JOINT_SOCIAL_SITUATION_CONSENTS']);
    expect(consentRestrictions({ recipientType: 'PRISON_SERVICES', purpose: 'JOB_PLACEMENT' })).toEqual(['JOINT_SOCIAL_SITUATION_CONSENTS']);
    expect(consentRestrictions({ recipientType: 'EMPLOYER', purpose: 'RELEASE_PLANNING' })).toEqual(['JOINT_SOCIAL_SITUATION_CONSENTS']);
    expect(consentRestrictions({ recipientType: 'A_CLINIC', purpose: 'SUBSTANCE_ABUSE_TREATMENT' })).toEqual(['JOINT_SUBSTANCE_ABUSE_CONSENTS']);
    expect(consentRestrictions({ recipientType: 'EMPLOYER', purpose: 'JOB_PLACEMENT' })).toEqual([]);
    expect(recipientRestrictions('PRISON_SERVICES')).toEqual(['JOINT_SOCIAL_SITUATION_CONSENTS']);
    expect(recipientRestrictions('A_CLINIC')).toEqual(['JOINT_SUBSTANCE_ABUSE_CONSENTS']);
    expect(recipientRestrictions('EMPLOYER')).toEqual([]);
  });
  it('no consent a recipient type may name reveals both kinds (terms that did would need both categories)', () => {
    for (const type of RECIPIENT_TYPES) {
      for (const purpose of CONSENT_PURPOSES[type]) expect({ type, purpose, both: consentRestrictions({ recipientType: type, purpose }).length > 1 }).toEqual({ type, purpose, both: false });
    }
    expect(consentRestrictions({ recipientType: 'HEALTH_CARE_PROFESSIONAL', purpose: 'RELEASE_PLANNING' })).toEqual(['JOINT_SENSITIVE_CONSENTS', 'JOINT_SOCIAL_SITUATION_CONSENTS']);
    expect(consentRestrictions({ recipientType: 'A_CLINIC', purpose: 'REHABILITATION' })).toEqual(['JOINT_SENSITIVE_CONSENTS', 'JOINT_SUBSTANCE_ABUSE_CONSENTS']);
  });
  it('are for exactly the roles whose certificate entitles to the social situation, of every authority', () => {
    for (const [authority, roles] of Object.entries(ROLE_CERTIFICATES)) {
      for (const [role, categories] of Object.entries(roles)) {
        expect({ authority, role, consents: categories.includes('JOINT_SOCIAL_SITUATION_CONSENTS') })
          .toEqual({ authority, role, consents: categories.includes('JOINT_SOCIAL_SITUATION') });
      }
    }
  });
  it('deny by default: read by the employment expert, the social worker and instructor and the customer, by no other role or third party', () => {
    const read = (actor: Actor) => decide(actor, 'JOINT_SOCIAL_SITUATION_CONSENTS', 'c1', 'read', [], 'KESKI_UUSIMAA').allowed;
    expect(read(official('EMPLOYMENT', 'EMPLOYMENT_EXPERT'))).toBe(true);
    expect(read(official('WELLBEING', 'SOCIAL_WORKER'))).toBe(true);
    expect(read(official('WELLBEING', 'SOCIAL_INSTRUCTOR'))).toBe(true);
    for (const [kind, role] of [['EMPLOYMENT', 'PSYCHOLOGIST'], ['EMPLOYMENT', 'WORK_ABILITY_COORDINATOR'], ['EMPLOYMENT', 'SUPERVISOR'],
      ['WELLBEING', 'PUBLIC_HEALTH_NURSE'], ['WELLBEING', 'WORK_ABILITY_COORDINATOR'], ['WELLBEING', 'SUPERVISOR'],
      ['KELA', 'BENEFIT_DECISION_EXPERT'], ['KELA', 'SERVICE_EXPERT'], ['KELA', 'SUPERVISOR'], ['KELA', 'SOCIAL_WORKER'], ['KELA', 'UNKNOWN_ROLE']] as const) {
      expect({ kind, role, allowed: read(official(kind, role)) }).toEqual({ kind, role, allowed: false });
    }
    expect(decide(official('WELLBEING', 'SOCIAL_WORKER'), 'JOINT_SOCIAL_SITUATION_CONSENTS', 'c1', 'read', [], 'LAPLAND').allowed).toBe(false);
    const customer: Actor = { id: 'customer:c1', organisationKind: 'CUSTOMER', organisationId: 'citizen', roles: [], customerId: 'c1' };
    expect(decide(customer, 'JOINT_SOCIAL_SITUATION_CONSENTS', 'c1', 'read').allowed).toBe(true);
    expect(decide(customer, 'JOINT_SOCIAL_SITUATION_CONSENTS', 'c2', 'read').allowed).toBe(false);
    const prison: Actor = { id: 'p1', organisationKind: 'PRISON_SERVICES', organisationId: 'prison-services-1', roles: [], purpose: 'RELEASE_PLANNING' };
    const consent = { id: 'k1', customerId: 'c1', recipientType: 'PRISON_SERVICES', recipientOrganisationId: 'prison-services-1', categories: ['JOINT_IDENTIFICATION'], purpose: 'RELEASE_PLANNING', validFrom: '2000-01-01', validUntil: '2999-01-01', status: 'GIVEN' };
    expect(decide(prison, 'JOINT_SOCIAL_SITUATION_CONSENTS', 'c1', 'read', [consent]).allowed).toBe(false);
    const auditor: Actor = { id: 'a1', organisationKind: 'AUDIT', organisationId: 'keha', roles: ['AUDITOR'] };
    expect(decide(auditor, 'JOINT_SOCIAL_SITUATION_CONSENTS', 'c1', 'read').allowed).toBe(false);
  });
});

// Session 23: consents that reveal substance-abuse services are set apart from those that reveal health care,
// rehabilitation or a disability assessment. The former for the roles that read substance-abuse data (review 6
// kept them from Kela's service expert), the latter for the roles that read health and work capacity, Kela's
// included: Kela's officials alone may give Kela's rehabilitation data to a rehabilitation institution.
describe('consents that reveal substance-abuse services, apart from health and rehabilitation', () => {
  it('are JOINT_SUBSTANCE_ABUSE_CONSENTS by recipient or by purpose', () => {
    expect(consentRestrictions({ recipientType: 'SUBSTANCE_ABUSE_SERVICES', purpose: 'SUBSTANCE_ABUSE_TREATMENT' })).toEqual(['JOINT_SUBSTANCE_ABUSE_CONSENTS']);
    expect(consentRestrictions({ recipientType: 'EMPLOYER', purpose: 'SUBSTANCE_ABUSE_TREATMENT' })).toEqual(['JOINT_SUBSTANCE_ABUSE_CONSENTS']);
    expect(consentRestrictions({ recipientType: 'REHABILITATION_INSTITUTION', purpose: 'REHABILITATION' })).toEqual(['JOINT_SENSITIVE_CONSENTS']);
    expect(recipientRestrictions('SUBSTANCE_ABUSE_SERVICES')).toEqual(['JOINT_SUBSTANCE_ABUSE_CONSENTS']);
    expect(recipientRestrictions('REHABILITATION_INSTITUTION')).toEqual(['JOINT_SENSITIVE_CONSENTS']);
  });
  it('are for exactly the roles whose certificate entitles to substance-abuse data, of every authority', () => {
    const substanceAbuse = (categories: readonly string[]) => categories.includes('WELLBEING_SUBSTANCE_ABUSE');
    for (const [authority, roles] of Object.entries(ROLE_CERTIFICATES)) {
      for (const [role, categories] of Object.entries(roles)) {
        expect({ authority, role, consents: categories.includes('JOINT_SUBSTANCE_ABUSE_CONSENTS') }).toEqual({ authority, role, consents: substanceAbuse(categories) });
      }
    }
  });
  // The employment expert reads joint category 5 for the plan (what affects employment, 381/2023 § 11 (5)),
  // not which health or rehabilitation services the customer uses (shared/src/law/rules.ts).
  it('health and rehabilitation consents are for exactly the roles that read health and work capacity, Kela\'s included, but the employment expert', () => {
    for (const [authority, roles] of Object.entries(ROLE_CERTIFICATES)) {
      for (const [role, categories] of Object.entries(roles)) {
        const expert = authority === 'EMPLOYMENT' && role === 'EMPLOYMENT_EXPERT';
        expect({ authority, role, consents: categories.includes('JOINT_SENSITIVE_CONSENTS') })
          .toEqual({ authority, role, consents: !expert && categories.includes('JOINT_HEALTH_AND_WORK_CAPACITY') });
      }
    }
  });
  it('deny by default: Kela\'s roles and the psychologist read health consents, not substance-abuse ones; the social worker the reverse', () => {
    const read = (actor: Actor, category: 'JOINT_SENSITIVE_CONSENTS' | 'JOINT_SUBSTANCE_ABUSE_CONSENTS') => decide(actor, category, 'c1', 'read', [], 'KESKI_UUSIMAA').allowed;
    for (const [kind, role] of [['KELA', 'BENEFIT_DECISION_EXPERT'], ['KELA', 'SERVICE_EXPERT'], ['EMPLOYMENT', 'PSYCHOLOGIST']] as const) {
      expect({ kind, role, health: read(official(kind, role), 'JOINT_SENSITIVE_CONSENTS'), substance: read(official(kind, role), 'JOINT_SUBSTANCE_ABUSE_CONSENTS') })
        .toEqual({ kind, role, health: true, substance: false });
    }
    expect(read(official('WELLBEING', 'SOCIAL_WORKER'), 'JOINT_SUBSTANCE_ABUSE_CONSENTS')).toBe(true);
    expect(read(official('WELLBEING', 'SOCIAL_WORKER'), 'JOINT_SENSITIVE_CONSENTS')).toBe(false);
    expect(read(official('WELLBEING', 'PUBLIC_HEALTH_NURSE'), 'JOINT_SUBSTANCE_ABUSE_CONSENTS')).toBe(true);
    expect(read(official('KELA', 'SUPERVISOR'), 'JOINT_SENSITIVE_CONSENTS')).toBe(false);
    expect(decide(official('KELA', 'SERVICE_EXPERT'), 'JOINT_SENSITIVE_CONSENTS', 'c1', 'read', [], 'LAPLAND').allowed).toBe(false);
    const customer: Actor = { id: 'customer:c1', organisationKind: 'CUSTOMER', organisationId: 'citizen', roles: [], customerId: 'c1' };
    expect(decide(customer, 'JOINT_SUBSTANCE_ABUSE_CONSENTS', 'c1', 'read').allowed).toBe(true);
    expect(decide(customer, 'JOINT_SUBSTANCE_ABUSE_CONSENTS', 'c2', 'read').allowed).toBe(false);
  });
});

// Found by an outsider (session 23): a notice naming the Finnish Centre for Pensions, whose only purpose is a pension
// assessment, was shown to every official, though its consent was a sensitive one. A notice or a disclosure record
// names the recipient type alone, so a type that may serve only purposes of one kind reveals that kind by itself.
describe('a recipient type whose every purpose reveals something reveals it by its name alone', () => {
  it('holds for every recipient type and every kind', () => {
    for (const type of RECIPIENT_TYPES) {
      const kinds = CONSENT_PURPOSES[type].map((purpose) => consentRestrictions({ recipientType: 'EMPLOYER', purpose }));
      for (const category of new Set(kinds.flat())) {
        if (kinds.every((k) => k.includes(category))) expect({ type, restrictions: recipientRestrictions(type) }).toEqual({ type, restrictions: expect.arrayContaining([category]) });
      }
    }
    expect(recipientRestrictions('FINNISH_CENTRE_FOR_PENSIONS')).toEqual(['JOINT_SENSITIVE_CONSENTS']);
  });
});
