// The law as code: who may read or write which category of whose data. Each rule is named after the
// provision it enforces (DOMAIN.md); `decide` combines them, and ../graphql/permissions.ts turns the
// decision into a graphql-shield rule for every field from the field classification.
import {
  Actor, isAuditor, isAuthority, isCustomer, isThirdParty,
} from '../auth/actor';
import { AreaId, areaOfOrganisationUnit } from './areas';
import { Authority, CATEGORIES, CategoryDefinition, CategoryName, Register, isCategoryName } from './categories';
import { calendarDay, todayInFinland } from './today';
import { decideCooperation, managementRolesOnly } from './cooperation-rules';
import { DATA_SUBJECT_ONLY, RestrictionTerms, dataProtectionOfficerLiftsRestriction, dataProtectionOfficerOversees, isDataProtectionOfficer, dataSubjectMakesRequest, restrictionDecides } from './data-subject-rights';

/**
 * Role certificates (roolivarmenne) per authority, and the restricted categories each entitles to.
 * The roles are those seed 003 Liite 2 lists for each party of the joint service; a role certificate
 * belongs to its authority: a role that is not its token's authority's (e.g. PSYCHOLOGIST in a Kela
 * token) is ignored, never honoured, and an official with no role of the joint service gets no customer
 * data at all (seed 002 § 8: rights by title and task; seed 004 § 10.1: only those who need the data).
 * Unrestricted categories are for every role of the joint service; restricted ones only as listed.
 *
 * Where the seeds are silent, decided here (as the data protection officer and the model's leader would):
 * - The employment expert (TE-asiantuntija) attends every first meeting and drafts the multi-agency plan:
 *   they read joint categories 4 and 5 (social situation, health and work capacity), which hold by
 *   statute only what affects employment and is necessary for the services (381/2023 § 11 (4)-(5)), the
 *   services of the plan, and the activation plan the employment authority draws up and keeps
 *   (189/2001 §§ 8, 12); not the own registers' health, guidance or attendance data.
 * - Psychologists and work-ability coordinators read health and work-capacity data wherever the joint
 *   service may (joint 5, the exchangeable work-ability and Kela health data, their own register's);
 *   the psychologist also vocational guidance (seed 001 § 8). Neither reads social-welfare data.
 * - Social workers and social instructors read social data (joint 4, the county's social registers, the
 *   activation plan and its attendance); social workers and nurses substance-abuse data.
 * - Kela's benefit decision experts decide sickness and rehabilitation allowance and clarify the primary
 *   benefit: Kela's health benefits, rehabilitation and primary benefit, and joint 5; they also decide the expense
 *   allowance of rehabilitative work activity, which those who read the activation plan read too. Service experts
 *   handle rehabilitation services. Neither reads social or substance-abuse data.
 * - Supervisors (esihenkilö) lead the work, not the cases: unrestricted joint-service data only.
 * - Consents whose recipient or purpose reveals health care, rehabilitation or a disability assessment
 *   (JOINT_SENSITIVE_CONSENTS) are for the roles that read health and work capacity, Kela's included: only
 *   Kela's officials may give Kela's rehabilitation and health-benefit data to a rehabilitation or pension
 *   institution (./consents.ts controllerMayConsent). Consents that reveal substance-abuse services
 *   (JOINT_SUBSTANCE_ABUSE_CONSENTS) are for the roles that read substance-abuse data: the social worker and the
 *   public health nurse, not Kela's roles nor the psychologist (review 6). The names of the services of the plan
 *   (JOINT_SERVICE_DETAILS) are for the roles that read any of that.
 * - Consents whose recipient or purpose reveals the social situation (prison services, release planning:
 *   the customer is imprisoned) are for exactly the roles that read the social situation
 *   (JOINT_SOCIAL_SITUATION_CONSENTS beside JOINT_SOCIAL_SITUATION; review 7 M3).
 */
export const ROLE_CERTIFICATES: Record<Authority, Record<string, readonly CategoryName[]>> = {
  EMPLOYMENT: {
    EMPLOYMENT_EXPERT: ['JOINT_SOCIAL_SITUATION', 'JOINT_SOCIAL_SITUATION_CONSENTS', 'JOINT_HEALTH_AND_WORK_CAPACITY', 'JOINT_SERVICE_DETAILS', 'ACTIVATION_PLAN', 'KELA_ACTIVATION_BENEFITS'],
    PSYCHOLOGIST: [
      'JOINT_HEALTH_AND_WORK_CAPACITY', 'JOINT_SERVICE_DETAILS', 'JOINT_SENSITIVE_CONSENTS', 'EMPLOYMENT_HEALTH', 'EMPLOYMENT_VOCATIONAL_GUIDANCE',
      'EMPLOYMENT_WORK_CAPACITY', 'EMPLOYMENT_SENSITIVE_NOTES', 'WELLBEING_WORK_ABILITY', 'KELA_REHABILITATION',
    ],
    WORK_ABILITY_COORDINATOR: [
      'JOINT_HEALTH_AND_WORK_CAPACITY', 'JOINT_SERVICE_DETAILS', 'JOINT_SENSITIVE_CONSENTS', 'EMPLOYMENT_HEALTH', 'EMPLOYMENT_WORK_CAPACITY',
      'EMPLOYMENT_SENSITIVE_NOTES', 'ACTIVATION_PLAN', 'KELA_ACTIVATION_BENEFITS', 'WELLBEING_WORK_ABILITY', 'KELA_HEALTH_BENEFITS', 'KELA_REHABILITATION',
      'KELA_PRIMARY_BENEFIT',
    ],
    SUPERVISOR: [],
  },
  WELLBEING: {
    SOCIAL_WORKER: [
      'JOINT_SOCIAL_SITUATION', 'JOINT_SOCIAL_SITUATION_CONSENTS', 'JOINT_SERVICE_DETAILS', 'JOINT_SUBSTANCE_ABUSE_CONSENTS', 'ACTIVATION_PLAN', 'ACTIVATION_ATTENDANCE',
      'KELA_ACTIVATION_BENEFITS', 'WELLBEING_SOCIAL_SITUATION', 'WELLBEING_SOCIAL_WELFARE_SERVICES', 'WELLBEING_SUBSTANCE_ABUSE',
    ],
    SOCIAL_INSTRUCTOR: [
      'JOINT_SOCIAL_SITUATION', 'JOINT_SOCIAL_SITUATION_CONSENTS', 'JOINT_SERVICE_DETAILS', 'ACTIVATION_PLAN', 'ACTIVATION_ATTENDANCE',
      'KELA_ACTIVATION_BENEFITS', 'WELLBEING_SOCIAL_SITUATION', 'WELLBEING_SOCIAL_WELFARE_SERVICES',
    ],
    PUBLIC_HEALTH_NURSE: [
      'JOINT_HEALTH_AND_WORK_CAPACITY', 'JOINT_SERVICE_DETAILS', 'JOINT_SENSITIVE_CONSENTS', 'JOINT_SUBSTANCE_ABUSE_CONSENTS', 'ACTIVATION_ATTENDANCE',
      'WELLBEING_HEALTH_SERVICES', 'WELLBEING_SUBSTANCE_ABUSE', 'WELLBEING_WORK_ABILITY',
    ],
    WORK_ABILITY_COORDINATOR: [
      'JOINT_HEALTH_AND_WORK_CAPACITY', 'JOINT_SERVICE_DETAILS', 'JOINT_SENSITIVE_CONSENTS', 'WELLBEING_HEALTH_SERVICES', 'WELLBEING_WORK_ABILITY',
      'KELA_HEALTH_BENEFITS', 'KELA_REHABILITATION', 'KELA_PRIMARY_BENEFIT',
    ],
    SUPERVISOR: [],
  },
  KELA: {
    BENEFIT_DECISION_EXPERT: [
      'JOINT_HEALTH_AND_WORK_CAPACITY', 'JOINT_SERVICE_DETAILS', 'JOINT_SENSITIVE_CONSENTS', 'KELA_HEALTH_BENEFITS', 'KELA_ACTIVATION_BENEFITS', 'KELA_REHABILITATION',
      'KELA_PRIMARY_BENEFIT',
    ],
    SERVICE_EXPERT: ['JOINT_HEALTH_AND_WORK_CAPACITY', 'JOINT_SERVICE_DETAILS', 'JOINT_SENSITIVE_CONSENTS', 'KELA_REHABILITATION', 'KELA_PRIMARY_BENEFIT'],
    SUPERVISOR: [],
  },
};

/** The roles of the actor's token that are role certificates of its own authority; others are ignored. */
export function jointServiceRoles(actor: Actor): string[] {
  if (!isAuthority(actor)) return [];
  const ofAuthority = ROLE_CERTIFICATES[actor.organisationKind];
  return actor.roles.filter((role) => Object.prototype.hasOwnProperty.call(ofAuthority, role));
}

/** The cooperation area an official serves, from the organisation unit in their token; null for none. */
export function areaOfOfficial(actor: Actor): AreaId | null {
  return isAuthority(actor) ? areaOfOrganisationUnit(actor.organisationKind, actor.organisationUnit, actor.organisationId) : null;
}

/** The part of a consent the rules look at (the joint register keeps the whole consent). */
export interface ConsentTerms {
  id: string;
  customerId: string;
  recipientType: string;
  recipientOrganisationId: string | null;
  categories: string[];
  purpose: string;
  validFrom: Date | string;
  validUntil: Date | string;
  status: string;
}

export type Operation = 'read' | 'write';

// Finland's date, in one place for every rule (./today.ts).
const today = () => todayInFinland();
const day = calendarDay;

// ---- The named rules -------------------------------------------------------------------------

/** 381/2023 § 11, 1369/2014 § 11: joint data flows between the three authorities without consent. */
export const jointRegisterFlowsBetweenAuthorities = (actor: Actor, category: CategoryDefinition) =>
  isAuthority(actor) && category.registers.includes('JOINT');

/** 381/2023 § 14, 1369/2014 § 10: an authority's own register is its own (the activation plan is kept in two, 189/2001 § 12). */
export const ownRegisterOfAuthority = (actor: Actor, category: CategoryDefinition) =>
  isAuthority(actor) && category.registers.includes(actor.organisationKind);

/** Own-register data that the classification marks as needed for the joint service (see categories.ts). */
export const exchangeableForJointService = (actor: Actor, category: CategoryDefinition, operation: Operation) =>
  isAuthority(actor) && operation === 'read' && category.exchangeable === true;

/**
 * Seed 001 § 8, seed 002 § 8: restricted categories need a role certificate of the official's own
 * authority that entitles to them (ROLE_CERTIFICATES).
 */
export const roleCertificateEntitles = (actor: Actor, categoryName: CategoryName) =>
  !(CATEGORIES[categoryName] as CategoryDefinition).restriction
  || (isAuthority(actor) && jointServiceRoles(actor).some((role) => ROLE_CERTIFICATES[actor.organisationKind][role].includes(categoryName)));

/**
 * Seed 002 §§ 7-8, seed 004 § 10.1, 381/2023 § 11: customer data is for the officials of the joint
 * service that serves the customer: an official with a role certificate of the joint service (of their own
 * authority), working in the cooperation area of the customer's home municipality. `customerArea` is the
 * area the register that is asked keeps for the customer (null when it keeps none: nobody's customer).
 */
export const jointServiceOfCustomersArea = (actor: Actor, customerArea: AreaId | null | undefined) =>
  isAuthority(actor) && jointServiceRoles(actor).length > 0 && customerArea != null && areaOfOfficial(actor) === customerArea;

/** An official who may use the joint service at all: a role certificate of it, and an area. */
export const jointServiceOfficial = (actor: Actor) =>
  isAuthority(actor) && jointServiceRoles(actor).length > 0 && areaOfOfficial(actor) !== null;

/** GDPR art. 15: the customer sees all of their own data, in every register, and nobody else's. */
export const dataSubjectOwnData = (actor: Actor, customerId: string | undefined, operation: Operation) =>
  isCustomer(actor) && operation === 'read' && customerId !== undefined && actor.customerId === customerId;

/** GDPR art. 7(3): the customer withdraws their own consents themselves, as easily as they gave them. */
export const dataSubjectWithdrawsConsent = (actor: Actor, categoryName: CategoryName, customerId: string | undefined, operation: Operation) =>
  isCustomer(actor) && operation === 'write' && categoryName === 'JOINT_CONSENT_WITHDRAWAL' && customerId !== undefined && actor.customerId === customerId;

/** 906/2019 § 17: auditors read the logs, not the customer data. */
export const auditorReadsLogs = (actor: Actor, category: CategoryDefinition, operation: Operation) =>
  isAuditor(actor) && operation === 'read' && category.kind === 'log';

/** A consent is in force when it is given, not withdrawn, and today is within its validity. */
export const consentInForce = (consent: Pick<ConsentTerms, 'status' | 'validFrom' | 'validUntil'>, now = today()) =>
  consent.status === 'GIVEN' && day(consent.validFrom) <= now && now <= day(consent.validUntil);

/**
 * DOMAIN.md rule 3: a third party gets only what a specific consent of that customer covers: given and
 * not withdrawn, within its validity, for that recipient type and the organisation it names, for the
 * purpose the recipient states, and naming the category. Returns the consent that covers it.
 */
export function specificConsentCovers(
  actor: Actor, category: CategoryName | undefined, consents: readonly ConsentTerms[],
): ConsentTerms | undefined {
  if (!isThirdParty(actor) || !actor.purpose) return undefined;
  const now = today();
  return consents.find((consent) =>
    consentInForce(consent, now)
    && consent.recipientType === actor.organisationKind
    // A specific consent names its organisation; one without (made before that was required) covers nobody.
    && consent.recipientOrganisationId !== null && consent.recipientOrganisationId === actor.organisationId
    && consent.purpose === actor.purpose
    && (category === undefined || consent.categories.includes(category)));
}

// ---- The decision ----------------------------------------------------------------------------

export interface Decision {
  allowed: boolean;
  /** For a disclosure to a third party: the consent that allowed it. */
  consentId?: string;
  /**
   * Denied only because a restriction of processing is in force (GDPR art. 18): set only where the caller would
   * be allowed without it, so that saying so reveals nothing the caller may not know (a caller of another area,
   * a third party without consent, gets the plain denial).
   */
  restricted?: true;
}

const DENY: Decision = { allowed: false };
const DENY_RESTRICTED: Decision = { allowed: false, restricted: true };
const ALLOW: Decision = { allowed: true };

/**
 * May `actor` perform `operation` on data of `category` about `customerId`? `customerId` is undefined
 * for data that belongs to no single customer (root lists, partner data). `consents` are the consents of
 * that customer that concern this actor (only looked up for third parties).
 */
export function decide(
  actor: Actor, categoryName: CategoryName, customerId: string | undefined, operation: Operation,
  consents: readonly ConsentTerms[] = [],
  /**
   * For officials: the cooperation area of the customer, as the register asked keeps it (see
   * jointServiceOfCustomersArea); for partner data, the partner's area (null: in no known area).
   */
  customerArea?: AreaId | null,
  /** Restrictions of processing in force for this customer in the register asked (GDPR art. 18; ./data-subject-rights.ts). */
  restrictions: readonly RestrictionTerms[] = [],
  /** The register asked: with it, a third party's consent counts for the customer's existence by the categories kept there. */
  register?: Register,
): Decision {
  const category: CategoryDefinition = CATEGORIES[categoryName];
  // The cooperation model's own data and its anonymised statistics: about no customer, never asked of one (./cooperation-rules.ts).
  if (category.kind === 'statistics' || category.kind === 'cooperation') return customerId === undefined && decideCooperation(actor, categoryName, category, operation) ? ALLOW : DENY;
  // The data protection officer's oversight of the request desk (GDPR art. 39); some of it is theirs alone.
  if (dataProtectionOfficerOversees(actor, category, operation)) return ALLOW;
  if (dataProtectionOfficerLiftsRestriction(actor, categoryName, operation)) return ALLOW;
  if (category.dataProtectionOfficer === 'only') return DENY;
  if (DATA_SUBJECT_ONLY.has(categoryName)) return dataSubjectMakesRequest(actor, categoryName, customerId, operation) ? ALLOW : DENY;
  // GDPR art. 18: restricted data is kept, not used, except as the restriction allows (decided before any other rule).
  const restricted = category.kind === 'customer-data' ? restrictionDecides(actor, categoryName, customerId, operation, restrictions) : undefined;
  if (restricted === false) {
    return decide(actor, categoryName, customerId, operation, consents, customerArea, [], register).allowed ? DENY_RESTRICTED : DENY;
  }
  // The management's role certificates alone entitle to no customer's data, only to root-level shapes.
  if (managementRolesOnly(actor) && !(category.kind === 'structure' && customerId === undefined)) return DENY;

  // Officials: nothing without a role certificate of the joint service and an area; nothing of a customer
  // of another area, the customer's existence included (as if not a customer, 621/1999 § 24).
  if (isAuthority(actor) && (!jointServiceOfficial(actor)
    || (customerId !== undefined && !jointServiceOfCustomersArea(actor, customerArea)))) return DENY;

  if (category.kind === 'structure') {
    // Ids and list shapes: whoever may know the customer exists. Root-level shapes carry no customer.
    // Not auditors: they read the logs only, and must not turn a code into an id (906/2019 § 17; 621/1999 § 24).
    // The data protection officer finds the person a request or a restriction concerns (GDPR art. 39).
    if (customerId === undefined || isAuthority(actor) || isDataProtectionOfficer(actor)) return ALLOW;
    if (isCustomer(actor)) return actor.customerId === customerId ? ALLOW : DENY;
    // A third party learns that the person is a customer only through a consent that still gives it something
    // here: one whose every category kept in this register is restricted here (GDPR art. 18: kept, not used)
    // does not count, whatever it names of other registers (found by an outsider: a consent naming categories
    // of two registers, all restricted, still let each register confirm the customer).
    const usable = consents.filter((c) => consentUsableHere(actor, c, customerId, restrictions, register));
    const consent = specificConsentCovers(actor, undefined, usable);
    return consent ? { allowed: true, consentId: consent.id } : DENY;
  }
  if (category.kind === 'log') {
    return auditorReadsLogs(actor, category, operation) || dataSubjectOwnData(actor, customerId, operation) ? ALLOW : DENY;
  }
  // Partner data (employer customers) is the register of one employment area's controller (the municipality,
  // seed 004 § 1), open only to that controller's staff who need it in their work (seed 004 § 10.1): an official
  // reads the partners of their own area only. `customerArea` is here the partner's area (its municipality's); a
  // root list is asked with the caller's own area, the only one its register answers (see partnerAreaOf).
  if (category.kind === 'partner') {
    return ownRegisterOfAuthority(actor, category) && customerArea != null && customerArea === areaOfOfficial(actor) ? ALLOW : DENY;
  }

  if (restricted === true) return ALLOW;
  if (dataSubjectOwnData(actor, customerId, operation) || dataSubjectWithdrawsConsent(actor, categoryName, customerId, operation)
    || dataSubjectMakesRequest(actor, categoryName, customerId, operation)) return ALLOW;
  if (isAuthority(actor)) {
    const register = jointRegisterFlowsBetweenAuthorities(actor, category)
      || ownRegisterOfAuthority(actor, category)
      || exchangeableForJointService(actor, category, operation);
    return register && roleCertificateEntitles(actor, categoryName) ? ALLOW : DENY;
  }
  if (isThirdParty(actor) && operation === 'read' && category.consentable && customerId !== undefined) {
    const consent = specificConsentCovers(actor, categoryName, consents);
    return consent ? { allowed: true, consentId: consent.id } : DENY;
  }
  return DENY;
}

/**
 * Whether a third party's consent still gives it something in the register asked (GDPR art. 18): one of its
 * categories kept in `register` is not restricted by `restrictions` (that register's, in force). A consent that
 * names no category kept there is judged by all of its categories (none of which a restriction here covers).
 * Without `register`, by all of its categories.
 */
function consentUsableHere(
  actor: Actor, consent: ConsentTerms, customerId: string, restrictions: readonly RestrictionTerms[], register: Register | undefined,
): boolean {
  const named = consent.categories.filter(isCategoryName);
  const keptHere = register ? named.filter((name) => (CATEGORIES[name].registers as readonly Register[]).includes(register)) : [];
  return (keptHere.length > 0 ? keptHere : named).some((name) => restrictionDecides(actor, name, customerId, 'read', restrictions) !== false);
}

/**
 * Secrecy of customership (621/1999 § 24): may the caller learn that this person is a customer at all?
 * A caller who may not gets the same answer as for a person who is not a customer.
 */
export function mayKnowCustomer(actor: Actor, customerId: string, consents: readonly ConsentTerms[], customerArea?: AreaId | null): boolean {
  return decide(actor, 'CUSTOMER_KEY', customerId, 'read', consents, customerArea).allowed;
}
