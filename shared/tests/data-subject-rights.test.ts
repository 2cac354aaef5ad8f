// The rules of the data subject's rights (shared/src/law/data-subject-rights.ts), each allowed and denied.
import type { Actor } from '../src/auth/actor';
import { CATEGORIES } from '../src/law/categories';
import {
  accessReportChargeable, addMonths, competentAuthority, competentToHandle, dataProtectionOfficerOversees, dataSubjectMakesRequest,
  dueDateOf, isLegalBasis, latestExtendedDueDate, restrictionDecides,
} from '../src/law/data-subject-rights';
import { decide } from '../src/law/rules';
import { COOPERATION_AREAS } from '../src/law/areas';

const official = (kind: 'EMPLOYMENT' | 'WELLBEING' | 'KELA', role: string, unit: string): Actor => ({ id: `${kind}-1`, organisationKind: kind, roles: [role], organisationUnit: unit,
  // The organisation of the unit's area (shared/src/law/areas.ts: a unit serves only officials of its area's organisations).
  organisationId: Object.values(COOPERATION_AREAS).find((a) => (a.organisationUnits[kind] as readonly string[]).includes(unit))?.organisations[kind][0] ?? 'none' });
const expert = official('EMPLOYMENT', 'EMPLOYMENT_EXPERT', 'employment-area-keski-uusimaa');
const kela = official('KELA', 'BENEFIT_DECISION_EXPERT', 'kela-keski-uusimaa');
const customer: Actor = { id: 'customer:c1', organisationKind: 'CUSTOMER', organisationId: 'citizen', roles: [], customerId: 'c1' };
const dpo: Actor = { id: 'dpo-1', organisationKind: 'AUDIT', organisationId: 'keha', roles: ['DATA_PROTECTION_OFFICER'] };
const auditor: Actor = { id: 'auditor-1', organisationKind: 'AUDIT', organisationId: 'keha', roles: ['AUDITOR'] };
const employer: Actor = { id: 'e:1', organisationKind: 'EMPLOYER', organisationId: 'acme', roles: [], purpose: 'JOB_PLACEMENT' };
const KU = 'KESKI_UUSIMAA' as const;

describe('the data protection officer oversees the request desk', () => {
  it('reads the requests, restrictions and law-based disclosures and the overdue list; never writes them', () => {
    expect(dataProtectionOfficerOversees(dpo, CATEGORIES.DATA_SUBJECT_REQUESTS, 'read')).toBe(true);
    expect(decide(dpo, 'DATA_SUBJECT_REQUEST_OVERSIGHT', undefined, 'read').allowed).toBe(true);
    expect(decide(dpo, 'DATA_SUBJECT_REQUESTS', 'c1', 'write').allowed).toBe(false);
    expect(decide(dpo, 'JOINT_IDENTIFICATION', 'c1', 'read').allowed).toBe(false);
  });
  it('the overdue list is theirs alone: not an auditor, an official or the customer', () => {
    for (const actor of [auditor, expert, customer]) expect(decide(actor, 'DATA_SUBJECT_REQUEST_OVERSIGHT', undefined, 'read', [], KU).allowed).toBe(false);
    expect(dataProtectionOfficerOversees(auditor, CATEGORIES.DATA_SUBJECT_REQUESTS, 'read')).toBe(false);
  });
});

describe('the customer files requests and corrects their contact details', () => {
  it('for themselves only', () => {
    expect(dataSubjectMakesRequest(customer, 'DATA_SUBJECT_REQUEST_FILING', 'c1', 'write')).toBe(true);
    expect(decide(customer, 'JOINT_CONTACT_SELF_SERVICE', 'c1', 'write').allowed).toBe(true);
    expect(decide(customer, 'JOINT_CONTACT_SELF_SERVICE', 'c2', 'write').allowed).toBe(false);
    expect(decide(customer, 'DATA_SUBJECT_REQUESTS', 'c1', 'write').allowed).toBe(false);
    expect(decide(customer, 'PROCESSING_RESTRICTIONS', 'c1', 'write').allowed).toBe(false);
  });
  it('the self-service category is not an official\'s or a third party\'s', () => {
    expect(decide(expert, 'JOINT_CONTACT_SELF_SERVICE', 'c1', 'write', [], KU).allowed).toBe(false);
    expect(decide(employer, 'DATA_SUBJECT_REQUEST_FILING', 'c1', 'write').allowed).toBe(false);
    expect(decide(expert, 'DATA_SUBJECT_REQUEST_FILING', 'c1', 'write', [], KU).allowed).toBe(true);
  });
});

describe('a restriction of processing', () => {
  const restriction = { id: 'r1', categories: ['JOINT_EDUCATION_AND_WORK'], allowedUses: ['LEGAL_CLAIMS'] };
  it('denies the covered categories to officials and third parties, reading and writing', () => {
    expect(decide(expert, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [], KU, [restriction]).allowed).toBe(false);
    expect(decide(expert, 'JOINT_EDUCATION_AND_WORK', 'c1', 'write', [], KU, [restriction]).allowed).toBe(false);
    expect(restrictionDecides(employer, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [restriction])).toBe(false);
  });
  it('lets the rest be used, the customer read their own, and the DPO read it for legal claims when allowed', () => {
    expect(decide(expert, 'JOINT_IDENTIFICATION', 'c1', 'read', [], KU, [restriction]).allowed).toBe(true);
    expect(decide(customer, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [], undefined, [restriction]).allowed).toBe(true);
    expect(decide(dpo, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [], undefined, [restriction]).allowed).toBe(true);
    expect(decide(dpo, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [], undefined, [{ ...restriction, allowedUses: [] }]).allowed).toBe(false);
  });
  it('is decided by every restriction covering the category: one allowing nothing stops the DPO, in either order (found by an outsider)', () => {
    const none = { id: 'r2', categories: ['JOINT_EDUCATION_AND_WORK', 'JOINT_SOCIAL_SITUATION'], allowedUses: [] };
    expect(decide(dpo, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [], undefined, [restriction, none]).allowed).toBe(false);
    expect(decide(dpo, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [], undefined, [none, restriction]).allowed).toBe(false);
    // Both allowing legal claims: the DPO reads; the customer reads their own whatever the restrictions allow.
    expect(decide(dpo, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [], undefined, [restriction, { ...restriction, id: 'r3' }]).allowed).toBe(true);
    expect(decide(customer, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [], undefined, [restriction, none]).allowed).toBe(true);
  });
  it('says that the restriction is the reason only to a caller allowed but for it', () => {
    // Allowed without the restriction: the denial says why (a write then answers PROCESSING_RESTRICTED).
    expect(decide(expert, 'JOINT_EDUCATION_AND_WORK', 'c1', 'write', [], KU, [restriction])).toEqual({ allowed: false, restricted: true });
    // Another area's official, an official without the role certificate, a third party: the plain denial.
    expect(decide(expert, 'JOINT_EDUCATION_AND_WORK', 'c1', 'write', [], 'LAPLAND', [restriction])).toEqual({ allowed: false });
    const health = { ...restriction, categories: ['EMPLOYMENT_HEALTH'] };
    expect(decide(expert, 'EMPLOYMENT_HEALTH', 'c1', 'write', [], KU, [health])).toEqual({ allowed: false });
    expect(decide(employer, 'JOINT_EDUCATION_AND_WORK', 'c1', 'read', [], undefined, [restriction])).toEqual({ allowed: false });
    // Without a restriction in force nothing changes.
    expect(decide(expert, 'JOINT_EDUCATION_AND_WORK', 'c1', 'write', [], KU, [])).toEqual({ allowed: true });
  });
});

describe("a third party's consent whose categories are all restricted where they are kept", () => {
  // The employer's consent names categories of two registers (as the demo's does: joint and employment).
  const consent = {
    id: 'k1', customerId: 'c1', recipientType: 'EMPLOYER', recipientOrganisationId: 'acme', purpose: 'JOB_PLACEMENT', status: 'GIVEN',
    categories: ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK', 'EMPLOYMENT_JOB_SEEKER'], validFrom: '2020-01-01', validUntil: '2999-12-31',
  };
  const inJoint = { id: 'rj', categories: ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK'], allowedUses: [] };
  const inEmployment = { id: 're', categories: ['EMPLOYMENT_JOB_SEEKER'], allowedUses: [] };
  const knows = (restrictions: { id: string; categories: string[]; allowedUses: string[] }[], register?: 'JOINT' | 'EMPLOYMENT' | 'KELA', terms = consent) =>
    decide(employer, 'CUSTOMER_KEY', 'c1', 'read', [terms], undefined, restrictions, register).allowed;

  it('tells the third party nothing in that register, not even that the person is a customer (found by an outsider)', () => {
    expect(knows([inJoint], 'JOINT')).toBe(false);
    expect(knows([inEmployment], 'EMPLOYMENT')).toBe(false);
  });
  it('still confirms the customer where a category of the consent kept there is not restricted, or nothing is', () => {
    expect(knows([], 'JOINT')).toBe(true);
    expect(knows([], 'EMPLOYMENT')).toBe(true);
    expect(knows([{ ...inJoint, categories: ['JOINT_IDENTIFICATION'] }], 'JOINT')).toBe(true);
    // A register that keeps none of the consent's categories judges it by all of them, none restricted there.
    expect(knows([{ id: 'rk', categories: ['KELA_BENEFITS'], allowedUses: [] }], 'KELA')).toBe(true);
    // Without the register (callers that do not say), by all of its categories, as before.
    expect(knows([inEmployment])).toBe(true);
  });
});

describe('the competent authority and the due dates', () => {
  it("sends a request about an own register to its authority, one about the joint register to any of the three", () => {
    expect(competentAuthority('KELA')).toBe('KELA');
    expect(competentAuthority('JOINT')).toBe('JOINT_CONTROLLERS');
    expect(competentToHandle(kela, 'KELA')).toBe(true);
    expect(competentToHandle(expert, 'KELA')).toBe(false);
    expect(competentToHandle(expert, 'JOINT')).toBe(true);
    expect(competentToHandle(customer, 'JOINT')).toBe(false);
  });
  it('is due one month from receipt, extendable to three, month ends clamped', () => {
    expect(dueDateOf('2026-01-31')).toBe('2026-02-28');
    expect(dueDateOf('2026-03-15')).toBe('2026-04-15');
    expect(latestExtendedDueDate('2026-11-30')).toBe('2027-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });
  it('counts access reports: the first of a year free, later ones chargeable', () => {
    expect(accessReportChargeable(0)).toBe(false);
    expect(accessReportChargeable(1)).toBe(true);
  });
  it('accepts only legal bases it knows', () => {
    expect(isLegalBasis('812/2000 § 17')).toBe(true);
    expect(isLegalBasis('because')).toBe(false);
  });
});
