// Who may see what (issue 9): cooperation areas, role certificates per authority, the role x category
// table. Each rule with its allowed and its denied path.
import type { Actor } from '../src/auth/actor';
import { AREA_IDS, COOPERATION_AREAS, areaOfMunicipality, areaOfOrganisationUnit } from '../src/law/areas';
import { AUTHORITIES, CATEGORIES, CATEGORY_NAMES, CategoryDefinition } from '../src/law/categories';
import { ROLE_CERTIFICATES, decide, jointServiceRoles, mayKnowCustomer } from '../src/law/rules';

type Kind = 'EMPLOYMENT' | 'WELLBEING' | 'KELA';
const UNITS = {
  KESKI_UUSIMAA: { EMPLOYMENT: 'employment-area-keski-uusimaa', WELLBEING: 'wellbeing-county-keski-uusimaa', KELA: 'kela-keski-uusimaa' },
  LAPLAND: { EMPLOYMENT: 'employment-area-lapland', WELLBEING: 'wellbeing-county-lapland', KELA: 'kela-lapland-insurance-district' },
} as const;
const official = (kind: Kind, roles: string[], area: keyof typeof UNITS | null = 'KESKI_UUSIMAA', unit?: string): Actor => ({
  id: `${kind}-1`, organisationKind: kind, organisationId: COOPERATION_AREAS[area ?? 'KESKI_UUSIMAA'].organisations[kind][0], roles,
  ...(unit ?? (area && UNITS[area][kind]) ? { organisationUnit: unit ?? UNITS[area!][kind] } : {}),
});

describe('cooperation areas as data', () => {
  it('every municipality is in one area, and every area has a unit of each authority', () => {
    const all = AREA_IDS.flatMap((a) => COOPERATION_AREAS[a].municipalities);
    expect(new Set(all).size).toBe(all.length);
    for (const area of AREA_IDS) for (const authority of AUTHORITIES) expect(COOPERATION_AREAS[area].organisationUnits[authority].length).toBeGreaterThan(0);
  });
  it('a customer belongs to the area of their home municipality; an unknown municipality to none', () => {
    expect(areaOfMunicipality('Järvenpää')).toBe('KESKI_UUSIMAA');
    expect(areaOfMunicipality(' rovaniemi ')).toBe('LAPLAND');
    expect(areaOfMunicipality('Helsinki')).toBeNull();
    expect(areaOfMunicipality(null)).toBeNull();
  });
  it("an organisation unit names its authority's area only", () => {
    expect(areaOfOrganisationUnit('KELA', 'kela-lapland-insurance-district', 'kela')).toBe('LAPLAND');
    expect(areaOfOrganisationUnit('EMPLOYMENT', 'employment-area-lapland', 'employment-area-lapland')).toBe('LAPLAND');
    expect(areaOfOrganisationUnit('EMPLOYMENT', 'kela-lapland-insurance-district', 'kela')).toBeNull();
    expect(areaOfOrganisationUnit('KELA', undefined, 'kela')).toBeNull();
  });
  it("an organisation unit serves its area only for an official of an organisation of that area (found by an outsider)", () => {
    expect(areaOfOrganisationUnit('EMPLOYMENT', 'employment-area-keski-uusimaa', 'employment-area-lapland')).toBeNull();
    expect(areaOfOrganisationUnit('WELLBEING', 'wellbeing-county-lapland', 'wellbeing-county-keski-uusimaa')).toBeNull();
    expect(areaOfOrganisationUnit('EMPLOYMENT', 'employment-area-keski-uusimaa', undefined)).toBeNull();
    expect(areaOfOrganisationUnit('EMPLOYMENT', 'employment-area-keski-uusimaa', 'TE-TOIMISTO')).toBeNull();
    expect(areaOfOrganisationUnit('EMPLOYMENT', 'employment-area-keski-uusimaa', 'employment-area-keski-uusimaa')).toBe('KESKI_UUSIMAA');
  });
});

describe("an official's scope: the joint service of the customer's area", () => {
  const kelaKU = official('KELA', ['BENEFIT_DECISION_EXPERT']);
  const kelaLapland = official('KELA', ['BENEFIT_DECISION_EXPERT'], 'LAPLAND');
  it('an official of the area reads joint data and exchangeable own-register data of its customers', () => {
    expect(decide(kelaKU, 'JOINT_IDENTIFICATION', 'c1', 'read', [], 'KESKI_UUSIMAA').allowed).toBe(true);
    expect(decide(kelaKU, 'EMPLOYMENT_JOB_SEEKER', 'c1', 'read', [], 'KESKI_UUSIMAA').allowed).toBe(true);
    expect(mayKnowCustomer(kelaKU, 'c1', [], 'KESKI_UUSIMAA')).toBe(true);
  });
  it('an official of another area sees nothing of the customer, not even that they are one', () => {
    for (const category of CATEGORY_NAMES) {
      expect({ category, allowed: decide(kelaLapland, category, 'c1', 'read', [], 'KESKI_UUSIMAA').allowed }).toEqual({ category, allowed: false });
      expect({ category, allowed: decide(kelaLapland, category, 'c1', 'write', [], 'KESKI_UUSIMAA').allowed }).toEqual({ category, allowed: false });
    }
    expect(mayKnowCustomer(kelaLapland, 'c1', [], 'KESKI_UUSIMAA')).toBe(false);
    expect(mayKnowCustomer(kelaLapland, 'c2', [], 'LAPLAND')).toBe(true);
  });
  it('a customer the register keeps no municipality (or an unknown one) for is nobody\'s', () => {
    expect(mayKnowCustomer(kelaKU, 'c1', [], null)).toBe(false);
    expect(mayKnowCustomer(kelaKU, 'c1', [], undefined)).toBe(false);
  });
  it('an official without an organisation unit, or with a unit of another authority, serves no area', () => {
    expect(mayKnowCustomer(official('KELA', ['BENEFIT_DECISION_EXPERT'], null), 'c1', [], 'KESKI_UUSIMAA')).toBe(false);
    expect(mayKnowCustomer(official('KELA', ['BENEFIT_DECISION_EXPERT'], null, 'employment-area-keski-uusimaa'), 'c1', [], 'KESKI_UUSIMAA')).toBe(false);
  });
  it('the customer and third parties are not bound to areas (their own data; consents)', () => {
    const customer: Actor = { id: 'customer:c1', organisationKind: 'CUSTOMER', organisationId: 'citizen', roles: [], customerId: 'c1' };
    expect(decide(customer, 'JOINT_IDENTIFICATION', 'c1', 'read', [], null).allowed).toBe(true);
  });
});

describe("partner data: an employment area's employer customers are its own (seed 004 § 1, § 10.1)", () => {
  const expertKU = official('EMPLOYMENT', ['EMPLOYMENT_EXPERT']);
  const expertLapland = official('EMPLOYMENT', ['EMPLOYMENT_EXPERT'], 'LAPLAND');
  it("an employment official reads the employer customers of their own area", () => {
    expect(decide(expertKU, 'EMPLOYER_CUSTOMERS', undefined, 'read', [], 'KESKI_UUSIMAA').allowed).toBe(true);
    expect(decide(expertLapland, 'EMPLOYER_CUSTOMERS', undefined, 'read', [], 'LAPLAND').allowed).toBe(true);
  });
  it("not another area's, not one of no known area, not without an area, not of another authority, not a third party", () => {
    expect(decide(expertLapland, 'EMPLOYER_CUSTOMERS', undefined, 'read', [], 'KESKI_UUSIMAA').allowed).toBe(false);
    expect(decide(expertKU, 'EMPLOYER_CUSTOMERS', undefined, 'read', [], null).allowed).toBe(false);
    expect(decide(expertKU, 'EMPLOYER_CUSTOMERS', undefined, 'read').allowed).toBe(false);
    expect(decide(official('EMPLOYMENT', ['EMPLOYMENT_EXPERT'], null), 'EMPLOYER_CUSTOMERS', undefined, 'read', [], null).allowed).toBe(false);
    expect(decide(official('KELA', ['BENEFIT_DECISION_EXPERT']), 'EMPLOYER_CUSTOMERS', undefined, 'read', [], 'KESKI_UUSIMAA').allowed).toBe(false);
    const employer: Actor = { id: 'e-1', organisationKind: 'EMPLOYER', organisationId: 'employer-1', roles: [], purpose: 'JOB_PLACEMENT' } as Actor;
    expect(decide(employer, 'EMPLOYER_CUSTOMERS', undefined, 'read', [], 'KESKI_UUSIMAA').allowed).toBe(false);
  });
});

describe('role certificates belong to their authority (seed 003 Liite 2)', () => {
  it('an official without a role certificate of the joint service gets no customer data and no lists', () => {
    const noRole = official('KELA', ['CUSTOMER_SERVICE_ADVISOR']);
    expect(jointServiceRoles(noRole)).toEqual([]);
    expect(mayKnowCustomer(noRole, 'c1', [], 'KESKI_UUSIMAA')).toBe(false);
    expect(decide(noRole, 'JOINT_IDENTIFICATION', 'c1', 'read', [], 'KESKI_UUSIMAA').allowed).toBe(false);
    expect(decide(noRole, 'JOINT_CUSTOMERSHIP', undefined, 'read').allowed).toBe(false);
    expect(decide(official('KELA', []), 'KELA_BENEFITS', 'c1', 'read', [], 'KESKI_UUSIMAA').allowed).toBe(false);
  });
  it('a role of another authority in a token is ignored, never honoured', () => {
    // PSYCHOLOGIST is a role of the employment authority: in a Kela token it entitles to nothing.
    const kelaWithPsychologist = official('KELA', ['PSYCHOLOGIST']);
    expect(jointServiceRoles(kelaWithPsychologist)).toEqual([]);
    expect(mayKnowCustomer(kelaWithPsychologist, 'c1', [], 'KESKI_UUSIMAA')).toBe(false);
    // Beside a role of its own, the foreign role adds nothing: social workers are the county's.
    const employmentWithSocialWorker = official('EMPLOYMENT', ['EMPLOYMENT_EXPERT', 'SOCIAL_WORKER']);
    expect(jointServiceRoles(employmentWithSocialWorker)).toEqual(['EMPLOYMENT_EXPERT']);
    expect(decide(employmentWithSocialWorker, 'WELLBEING_SUBSTANCE_ABUSE', 'c1', 'read', [], 'KESKI_UUSIMAA').allowed).toBe(false);
    expect(decide(official('WELLBEING', ['SOCIAL_WORKER']), 'WELLBEING_SUBSTANCE_ABUSE', 'c1', 'read', [], 'KESKI_UUSIMAA').allowed).toBe(true);
  });
  it('the employment expert reads joint categories 4 and 5 but not the own registers\' health data', () => {
    const expert = official('EMPLOYMENT', ['EMPLOYMENT_EXPERT']);
    const read = (category: Parameters<typeof decide>[1]) => decide(expert, category, 'c1', 'read', [], 'KESKI_UUSIMAA').allowed;
    expect(read('JOINT_SOCIAL_SITUATION')).toBe(true);
    expect(read('JOINT_HEALTH_AND_WORK_CAPACITY')).toBe(true);
    expect(read('EMPLOYMENT_HEALTH')).toBe(false);
    expect(read('WELLBEING_WORK_ABILITY')).toBe(false);
    expect(read('KELA_HEALTH_BENEFITS')).toBe(false);
  });
  it('supervisors read unrestricted joint-service data only', () => {
    const supervisor = official('WELLBEING', ['SUPERVISOR']);
    expect(decide(supervisor, 'JOINT_EMPLOYMENT_PLAN', 'c1', 'read', [], 'KESKI_UUSIMAA').allowed).toBe(true);
    expect(decide(supervisor, 'JOINT_SOCIAL_SITUATION', 'c1', 'read', [], 'KESKI_UUSIMAA').allowed).toBe(false);
  });
  it('the table names only restricted categories, each read by some role of an authority that may read it', () => {
    for (const authority of AUTHORITIES) {
      for (const [role, categories] of Object.entries(ROLE_CERTIFICATES[authority])) {
        for (const name of categories) {
          const category = CATEGORIES[name] as CategoryDefinition;
          expect({ authority, role, name, restricted: Boolean(category.restriction) }).toEqual({ authority, role, name, restricted: true });
          const reachable = category.registers.includes('JOINT') || category.registers.includes(authority) || category.exchangeable === true;
          expect({ authority, role, name, reachable }).toEqual({ authority, role, name, reachable: true });
        }
      }
    }
  });
});
