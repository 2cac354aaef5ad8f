// What a consent may cover, and who may record it (issue 9).
//
// "Tietoja ja asiakirjoja voidaan tarvittaessa luovuttaa asiakkaan yksilöidyllä suostumuksella
// tarpeellisilta osin" (seed 000 § 7, seed 003 Liite 7 § 7): data goes to a third party only with the
// customer's specific consent AND only to the extent necessary. So a consent names one recipient type and
// one purpose, and may cover only the categories that purpose needs: the table below, decided here as the
// data protection officer would (the seeds name the recipients, not what each needs). A consent asking
// for more is refused, naming the categories.
//
// Each controller answers for what it stored (seed 000 § 10; seed 003 Liite 7 § 1: the authorities are
// joint controllers "each for the data it stored"): a consent that opens an authority's own register can
// be recorded only by an official of that authority who may read those categories; joint-register
// categories by any official of the joint service.
import { Actor, DisclosurePurpose, RecipientType, isAuthority } from '../auth/actor';
import { CATEGORIES, CategoryDefinition, CategoryName, categoryDefinition, isCategoryName } from './categories';
import type { ConsentTerms } from './rules';

/** The purposes for which each recipient type may receive data (the seeds' list of recipients, seed 000 § 7). */
export const CONSENT_PURPOSES: Record<RecipientType, readonly DisclosurePurpose[]> = {
  HEALTH_CARE_PROFESSIONAL: ['HEALTH_CARE', 'REHABILITATION'],
  SUBSTANCE_ABUSE_SERVICES: ['SUBSTANCE_ABUSE_TREATMENT'],
  A_CLINIC: ['SUBSTANCE_ABUSE_TREATMENT'],
  REHABILITATION_INSTITUTION: ['REHABILITATION'],
  PENSION_INSTITUTION: ['PENSION_ASSESSMENT', 'REHABILITATION'],
  REHABILITATION_CLIENT_COOPERATION_GROUP: ['REHABILITATION'],
  FINNISH_CENTRE_FOR_PENSIONS: ['PENSION_ASSESSMENT'],
  EMPLOYER: ['JOB_PLACEMENT', 'WORK_TRIAL'],
  WORK_TRIAL_PROVIDER: ['WORK_TRIAL'],
  EDUCATIONAL_INSTITUTION: ['EDUCATION'],
  PRISON_SERVICES: ['RELEASE_PLANNING'],
  PURCHASED_SERVICE_PROVIDER: ['PURCHASED_SERVICE'],
};

/**
 * The categories each purpose needs, at most ("tarpeellisilta osin"). An employer filling a vacancy needs
 * who the person is, their skills and job search, never their health; a health-care professional the
 * health and work-capacity data, never the employment decisions; and so on.
 */
export const CONSENT_SCOPE: Record<DisclosurePurpose, readonly CategoryName[]> = {
  JOB_PLACEMENT: ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK', 'EMPLOYMENT_JOB_SEEKER'],
  WORK_TRIAL: ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK', 'JOINT_SERVICE_NEED', 'JOINT_EMPLOYMENT_PLAN', 'EMPLOYMENT_JOB_SEEKER', 'EMPLOYMENT_SERVICES_AND_DECISIONS'],
  EDUCATION: ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK', 'JOINT_EMPLOYMENT_PLAN', 'EMPLOYMENT_JOB_SEEKER', 'EMPLOYMENT_VOCATIONAL_GUIDANCE'],
  REHABILITATION: [
    'JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK', 'JOINT_HEALTH_AND_WORK_CAPACITY', 'JOINT_SERVICE_NEED', 'JOINT_EMPLOYMENT_PLAN',
    'EMPLOYMENT_WORK_CAPACITY', 'WELLBEING_WORK_ABILITY', 'KELA_REHABILITATION', 'KELA_HEALTH_BENEFITS',
  ],
  HEALTH_CARE: [
    'JOINT_IDENTIFICATION', 'JOINT_SOCIAL_SITUATION', 'JOINT_HEALTH_AND_WORK_CAPACITY', 'EMPLOYMENT_HEALTH', 'EMPLOYMENT_WORK_CAPACITY',
    'WELLBEING_HEALTH_SERVICES', 'WELLBEING_WORK_ABILITY',
  ],
  SUBSTANCE_ABUSE_TREATMENT: ['JOINT_IDENTIFICATION', 'JOINT_SOCIAL_SITUATION', 'JOINT_HEALTH_AND_WORK_CAPACITY', 'WELLBEING_SOCIAL_SITUATION', 'WELLBEING_SUBSTANCE_ABUSE'],
  PENSION_ASSESSMENT: [
    'JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK', 'JOINT_HEALTH_AND_WORK_CAPACITY', 'EMPLOYMENT_WORK_CAPACITY', 'WELLBEING_WORK_ABILITY',
    'KELA_HEALTH_BENEFITS', 'KELA_REHABILITATION', 'KELA_PRIMARY_BENEFIT',
  ],
  PURCHASED_SERVICE: [
    'JOINT_IDENTIFICATION', 'JOINT_CUSTOMERSHIP', 'JOINT_EDUCATION_AND_WORK', 'JOINT_SERVICE_NEED', 'JOINT_EMPLOYMENT_PLAN',
    'EMPLOYMENT_JOB_SEEKER', 'EMPLOYMENT_SERVICES_AND_DECISIONS', 'EMPLOYMENT_MUNICIPAL_SERVICES', 'ACTIVATION_PLAN',
  ],
  RELEASE_PLANNING: ['JOINT_IDENTIFICATION', 'JOINT_SOCIAL_SITUATION', 'JOINT_SERVICE_NEED', 'JOINT_EMPLOYMENT_PLAN'],
};

/** Is `purpose` one a consent to `recipientType` may name? */
export const purposeFitsRecipient = (recipientType: string, purpose: string) =>
  (CONSENT_PURPOSES[recipientType as RecipientType] ?? []).includes(purpose as DisclosurePurpose);

/** The categories of `categories` that `purpose` does not need (empty: the consent asks for no more than it may). */
export const categoriesBeyondPurpose = (purpose: string, categories: readonly string[]) =>
  categories.filter((c) => !(CONSENT_SCOPE[purpose as DisclosurePurpose] ?? []).includes(c as CategoryName));

/**
 * Seed 000 § 10, seed 003 Liite 7 § 1: may this official decide on disclosing this category (in addition
 * to reading it, which the caller checks with the access rules)? Joint-register categories: any official
 * of the joint service. An authority's own register: only its own officials (both keepers of the
 * activation plan for the plan).
 */
export const controllerMayConsent = (actor: Actor, category: CategoryName) => {
  const definition = CATEGORIES[category] as CategoryDefinition;
  return isAuthority(actor) && (definition.registers.includes('JOINT') || definition.registers.includes(actor.organisationKind));
};

/**
 * Recipients and purposes whose mere naming in a consent reveals health care, rehabilitation for health
 * reasons or a disability assessment (621/1999 § 24 (1) 25): a consent naming one is JOINT_SENSITIVE_CONSENTS,
 * restricted to the roles that read health and work capacity (issue 9), Kela's among them, who give Kela's
 * rehabilitation and health-benefit data to a rehabilitation institution or a pension institution.
 */
export const SENSITIVE_RECIPIENT_TYPES: readonly string[] = [
  'HEALTH_CARE_PROFESSIONAL', 'REHABILITATION_INSTITUTION', 'PENSION_INSTITUTION', 'REHABILITATION_CLIENT_COOPERATION_GROUP',
  // Its one purpose is a pension (disability) assessment: a notice naming it tells that much (found by an outsider).
  'FINNISH_CENTRE_FOR_PENSIONS',
];
export const SENSITIVE_PURPOSES: readonly string[] = ['HEALTH_CARE', 'REHABILITATION', 'PENSION_ASSESSMENT'];

/**
 * Recipients and purposes whose mere naming in a consent reveals substance-abuse treatment (621/1999 § 24 (1)
 * 25, 32): a consent naming one is JOINT_SUBSTANCE_ABUSE_CONSENTS, for the roles that read substance-abuse data
 * alone (the social worker and the public health nurse), not for every role that reads health: review 6 kept
 * them from Kela's service expert, and until they were set apart from the health consents that also kept Kela's
 * roles from the health consents, through which alone Kela's own rehabilitation data may be given out.
 */
export const SUBSTANCE_ABUSE_RECIPIENT_TYPES: readonly string[] = ['SUBSTANCE_ABUSE_SERVICES', 'A_CLINIC'];
export const SUBSTANCE_ABUSE_PURPOSES: readonly string[] = ['SUBSTANCE_ABUSE_TREATMENT'];

/** Does naming this recipient type (in a consent, a disclosure, a rectification notice) reveal health care, rehabilitation or a disability assessment? */
export const recipientIsSensitive = (recipientType: string) => SENSITIVE_RECIPIENT_TYPES.includes(recipientType);

/** Does this consent's recipient type or purpose reveal health care, rehabilitation or a disability assessment? */
export const consentIsSensitive = (consent: Pick<ConsentTerms, 'recipientType' | 'purpose'>) =>
  recipientIsSensitive(consent.recipientType) || SENSITIVE_PURPOSES.includes(consent.purpose);

/** Does naming this recipient type reveal substance-abuse services? */
export const recipientRevealsSubstanceAbuse = (recipientType: string) => SUBSTANCE_ABUSE_RECIPIENT_TYPES.includes(recipientType);

/** Does this consent's recipient type or purpose reveal substance-abuse services? */
export const consentRevealsSubstanceAbuse = (consent: Pick<ConsentTerms, 'recipientType' | 'purpose'>) =>
  recipientRevealsSubstanceAbuse(consent.recipientType) || SUBSTANCE_ABUSE_PURPOSES.includes(consent.purpose);

/**
 * Recipients and purposes whose mere naming in a consent reveals the customer's social situation: a consent to
 * the prison services for release planning tells that the customer is imprisoned and being prepared for release
 * (381/2023 § 11 (4); data on criminal sanctions, GDPR art. 10; 621/1999 § 24 (1): documents about a prisoner's
 * sentence are secret). Such a consent is JOINT_SOCIAL_SITUATION_CONSENTS, for the roles that read the social
 * situation (review 7 M3). The other recipients of DOMAIN.md rule 3 reveal nothing of it, or (substance-abuse
 * services, the A-clinic) are sensitive already.
 */
export const SOCIAL_SITUATION_RECIPIENT_TYPES: readonly string[] = ['PRISON_SERVICES'];
export const SOCIAL_SITUATION_PURPOSES: readonly string[] = ['RELEASE_PLANNING'];

/** Does naming this recipient type (in a consent, a disclosure, a rectification notice) reveal the social situation? */
export const recipientRevealsSocialSituation = (recipientType: string) => SOCIAL_SITUATION_RECIPIENT_TYPES.includes(recipientType);

/** Does this consent's recipient type or purpose reveal the customer's social situation (imprisonment)? */
export const consentRevealsSocialSituation = (consent: Pick<ConsentTerms, 'recipientType' | 'purpose'>) =>
  recipientRevealsSocialSituation(consent.recipientType) || SOCIAL_SITUATION_PURPOSES.includes(consent.purpose);

/**
 * The categories among `categories` (those a consent names) whose mere naming tells what the person's data is about:
 * the restricted categories (categories.ts `restriction`) of an authority's own register, each kept only for a person
 * who uses that service. A consent to give out the activation plan tells that the person is in rehabilitative work
 * activity, a social-welfare service (189/2001 § 1; 621/1999 § 24 (1) 25); one naming the county's substance-abuse
 * services, that they use them. So an official is shown such a consent only when entitled to read each of these of
 * that customer (seed 001 § 8, role certificates), as a law-based disclosure is shown only to whoever may read what it
 * disclosed (lawBasedDisclosureNeeds). The joint register's restricted categories (the social situation, health and
 * work capacity) are statutory content of every joint customership (381/2023 § 11 (4)-(5)): naming them tells
 * nothing of the person, and who may see a consent's recipient and purpose is decided by consentRestrictions. Found by
 * an outsider (session 36): the ordinary consent list showed ACTIVATION_PLAN to roles the plan itself is refused to.
 */
export const restrictedCategoriesNamed = (categories: readonly string[]): CategoryName[] =>
  categories.filter((name): name is CategoryName => {
    if (!isCategoryName(name)) return false;
    const definition: CategoryDefinition = categoryDefinition(name);
    return Boolean(definition.restriction) && !definition.registers.includes('JOINT');
  });

/** The restricted consent categories, in the order consentRestrictions names them. */
export const RESTRICTED_CONSENT_CATEGORIES = ['JOINT_SENSITIVE_CONSENTS', 'JOINT_SUBSTANCE_ABUSE_CONSENTS', 'JOINT_SOCIAL_SITUATION_CONSENTS'] as const;

/**
 * The restricted categories whose readers alone may see a consent with these terms, or a notice naming its
 * recipient: [] for an ordinary consent (JOINT_CONSENTS), else one or more of RESTRICTED_CONSENT_CATEGORIES in
 * that order. More than one only for terms that no valid consent has (no recipient type may name a purpose of
 * another kind, CONSENT_PURPOSES): such a row needs them all, so it fails closed.
 */
export function consentRestrictions(consent: Pick<ConsentTerms, 'recipientType' | 'purpose'>): CategoryName[] {
  const out: CategoryName[] = [];
  if (consentIsSensitive(consent)) out.push('JOINT_SENSITIVE_CONSENTS');
  if (consentRevealsSubstanceAbuse(consent)) out.push('JOINT_SUBSTANCE_ABUSE_CONSENTS');
  if (consentRevealsSocialSituation(consent)) out.push('JOINT_SOCIAL_SITUATION_CONSENTS');
  return out;
}

/** As consentRestrictions, for a recipient type alone (a disclosure record or a rectification notice names no purpose). */
export function recipientRestrictions(recipientType: string): CategoryName[] {
  const out: CategoryName[] = [];
  if (recipientIsSensitive(recipientType)) out.push('JOINT_SENSITIVE_CONSENTS');
  if (recipientRevealsSubstanceAbuse(recipientType)) out.push('JOINT_SUBSTANCE_ABUSE_CONSENTS');
  if (recipientRevealsSocialSituation(recipientType)) out.push('JOINT_SOCIAL_SITUATION_CONSENTS');
  return out;
}
