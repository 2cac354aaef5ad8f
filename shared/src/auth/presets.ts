// Development token presets (`npm run token --silent -- PRESET`, and the playground's switcher).
// Officials are the demo officials, so their caseloads hold demo customers.
import { DEMO_OFFICIALS, demoPopulation } from '../demo/population';
import type { AreaId } from '../law/areas';
import { DisclosurePurpose, RECIPIENT_TYPES, RecipientType } from './actor';
import type { TokenClaims } from './tokens';
import { COOPERATION_PRESETS } from '../cooperation/demo-management';

/** The purpose a third party of each type usually states; a consent must name the same purpose. */
export const USUAL_PURPOSE: Record<RecipientType, DisclosurePurpose> = {
  HEALTH_CARE_PROFESSIONAL: 'HEALTH_CARE',
  SUBSTANCE_ABUSE_SERVICES: 'SUBSTANCE_ABUSE_TREATMENT',
  A_CLINIC: 'SUBSTANCE_ABUSE_TREATMENT',
  REHABILITATION_INSTITUTION: 'REHABILITATION',
  PENSION_INSTITUTION: 'PENSION_ASSESSMENT',
  REHABILITATION_CLIENT_COOPERATION_GROUP: 'REHABILITATION',
  FINNISH_CENTRE_FOR_PENSIONS: 'PENSION_ASSESSMENT',
  EMPLOYER: 'JOB_PLACEMENT',
  WORK_TRIAL_PROVIDER: 'WORK_TRIAL',
  EDUCATIONAL_INSTITUTION: 'EDUCATION',
  PRISON_SERVICES: 'RELEASE_PLANNING',
  PURCHASED_SERVICE_PROVIDER: 'PURCHASED_SERVICE',
};

export const kebab = (name: string) => name.toLowerCase().replace(/_/g, '-');

/** The demo organisation of each recipient type (the demo consents name some of them). */
export const demoRecipientOrganisation = (type: RecipientType) => `${kebab(type)}-1`;

/** The first demo official of an authority with a role in an area; `org_unit` names the area they serve. */
function officialClaims(role: string, authority: string, area: AreaId = 'KESKI_UUSIMAA'): TokenClaims {
  const official = DEMO_OFFICIALS.find((o) => o.role === role && o.authority === authority && o.area === area);
  if (!official) throw new Error(`no demo official with role ${role}`);
  return { sub: official.id, org_kind: official.authority, org_id: official.organisationId, org_unit: official.organisationUnit, roles: [official.role] };
}

const OFFICIAL_PRESETS: Record<string, () => TokenClaims> = {
  'employment-expert': () => officialClaims('EMPLOYMENT_EXPERT', 'EMPLOYMENT'),
  'employment-psychologist': () => officialClaims('PSYCHOLOGIST', 'EMPLOYMENT'),
  'employment-work-ability-coordinator': () => officialClaims('WORK_ABILITY_COORDINATOR', 'EMPLOYMENT'),
  'wellbeing-social-worker': () => officialClaims('SOCIAL_WORKER', 'WELLBEING'),
  'wellbeing-social-instructor': () => officialClaims('SOCIAL_INSTRUCTOR', 'WELLBEING'),
  'wellbeing-nurse': () => officialClaims('PUBLIC_HEALTH_NURSE', 'WELLBEING'),
  'wellbeing-work-ability-coordinator': () => officialClaims('WORK_ABILITY_COORDINATOR', 'WELLBEING'),
  'kela-benefit-expert': () => officialClaims('BENEFIT_DECISION_EXPERT', 'KELA'),
  'kela-service-expert': () => officialClaims('SERVICE_EXPERT', 'KELA'),
  'employment-supervisor': () => officialClaims('SUPERVISOR', 'EMPLOYMENT'),
  // Officials of another cooperation area (Lapland): they see nothing of Keski-Uusimaa's customers.
  'employment-expert-lapland': () => officialClaims('EMPLOYMENT_EXPERT', 'EMPLOYMENT', 'LAPLAND'),
  'wellbeing-social-worker-lapland': () => officialClaims('SOCIAL_WORKER', 'WELLBEING', 'LAPLAND'),
  'kela-benefit-expert-lapland': () => officialClaims('BENEFIT_DECISION_EXPERT', 'KELA', 'LAPLAND'),
  // A Kela official of Keski-Uusimaa whose role certificate is for Kela's general customer service, not
  // for the joint service (seed 003 Liite 2): no customer data at all.
  'kela-official-without-joint-role': () => ({
    sub: 'kela-customer-service-1', org_kind: 'KELA', org_id: 'kela', org_unit: 'kela-keski-uusimaa', roles: ['CUSTOMER_SERVICE_ADVISOR'],
  }),
  auditor: () => ({ sub: 'auditor-1', org_kind: 'AUDIT', org_id: 'keha-data-protection', roles: ['AUDITOR'] }),
  // The data protection officer of the joint register (GDPR art. 37-39): oversees the request desk (issue 12).
  'data-protection-officer': () => ({ sub: 'dpo-1', org_kind: 'AUDIT', org_id: 'keha-data-protection', roles: ['DATA_PROTECTION_OFFICER'] }),
};

// The cooperation model's leader, deputy and steering group (seed 003 Liite 3-5).
Object.assign(OFFICIAL_PRESETS, COOPERATION_PRESETS);

export const PRESET_NAMES = [
  ...Object.keys(OFFICIAL_PRESETS),
  'customer',
  ...RECIPIENT_TYPES.map(kebab),
];

export class UnknownPresetError extends Error {}

/** Claims for a preset: `employment-expert`, `customer` or `customer:ID`, `employer` or `employer:ORGID`, ... */
export function presetClaims(preset: string): TokenClaims {
  const [name, argument] = preset.split(/:(.*)/s, 2);
  if (OFFICIAL_PRESETS[name] && !argument) return OFFICIAL_PRESETS[name]();
  if (name === 'customer') {
    const customerId = argument || demoPopulation()[0].id;
    return { sub: `customer:${customerId}`, org_kind: 'CUSTOMER', org_id: 'citizen', customer_id: customerId };
  }
  const recipientType = RECIPIENT_TYPES.find((type) => kebab(type) === name);
  if (recipientType) {
    const organisationId = argument || demoRecipientOrganisation(recipientType);
    return { sub: `${organisationId}:user-1`, org_kind: recipientType, org_id: organisationId, purpose: USUAL_PURPOSE[recipientType] };
  }
  throw new UnknownPresetError(`unknown preset "${preset}"; known: ${PRESET_NAMES.join(', ')}`);
}
