// The law as code: who may read or write which category of whose data. Each rule is named after the
// provision it enforces (DOMAIN.md); `decide` combines them, and ../graphql/permissions.ts turns the
// decision into a graphql-shield rule for every field from the field classification.
import {
  Actor, isAuditor, isAuthority, isCustomer, isThirdParty,
} from '../auth/actor';
import { CATEGORIES, CategoryDefinition, CategoryName, Restriction } from './categories';
import { calendarDay, todayInFinland } from './today';

/**
 * Role certificates (roolivarmenne) and the restricted categories they entitle to. Roles from seed 003
 * Liite 2; restrictions from seed 001 § 8 ("officials' visibility of vocational-guidance and health data
 * is restricted"). A role not listed here entitles to no restricted category.
 */
export const ROLE_CERTIFICATES: Record<string, readonly Restriction[]> = {
  EMPLOYMENT_EXPERT: [],
  PSYCHOLOGIST: ['HEALTH_AND_WORK_CAPACITY', 'VOCATIONAL_GUIDANCE'],
  WORK_ABILITY_COORDINATOR: ['HEALTH_AND_WORK_CAPACITY'],
  SOCIAL_WORKER: ['SOCIAL_SITUATION', 'SUBSTANCE_ABUSE'],
  SOCIAL_INSTRUCTOR: ['SOCIAL_SITUATION'],
  PUBLIC_HEALTH_NURSE: ['HEALTH_AND_WORK_CAPACITY', 'SUBSTANCE_ABUSE'],
  BENEFIT_DECISION_EXPERT: [],
  SERVICE_EXPERT: [],
  SUPERVISOR: [],
};

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

/** Seed 001 § 8: restricted categories need a role certificate that entitles to them. */
export const roleCertificateEntitles = (actor: Actor, category: CategoryDefinition) =>
  !category.restriction || actor.roles.some((role) => ROLE_CERTIFICATES[role]?.includes(category.restriction!));

/** GDPR art. 15: the customer sees all of their own data, in every register, and nobody else's. */
export const dataSubjectOwnData = (actor: Actor, customerId: string | undefined, operation: Operation) =>
  isCustomer(actor) && operation === 'read' && customerId !== undefined && actor.customerId === customerId;

/** 906/2019 § 17: auditors read the logs, not the customer data. */
export const auditorReadsLogs = (actor: Actor, category: CategoryDefinition, operation: Operation) =>
  isAuditor(actor) && operation === 'read' && category.kind === 'log';

/** A consent is in force when it is given, not withdrawn, and today is within its validity. */
export const consentInForce = (consent: Pick<ConsentTerms, 'status' | 'validFrom' | 'validUntil'>, now = today()) =>
  consent.status === 'GIVEN' && day(consent.validFrom) <= now && now <= day(consent.validUntil);

/**
 * DOMAIN.md rule 3: a third party gets only what a specific consent of that customer covers: given and
 * not withdrawn, within its validity, for that recipient type and (when named) that organisation, for the
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
    && (consent.recipientOrganisationId === null || consent.recipientOrganisationId === actor.organisationId)
    && consent.purpose === actor.purpose
    && (category === undefined || consent.categories.includes(category)));
}

// ---- The decision ----------------------------------------------------------------------------

export interface Decision {
  allowed: boolean;
  /** For a disclosure to a third party: the consent that allowed it. */
  consentId?: string;
}

const DENY: Decision = { allowed: false };
const ALLOW: Decision = { allowed: true };

/**
 * May `actor` perform `operation` on data of `category` about `customerId`? `customerId` is undefined
 * for data that belongs to no single customer (root lists, partner data). `consents` are the consents of
 * that customer that concern this actor (only looked up for third parties).
 */
export function decide(
  actor: Actor, categoryName: CategoryName, customerId: string | undefined, operation: Operation,
  consents: readonly ConsentTerms[] = [],
): Decision {
  const category: CategoryDefinition = CATEGORIES[categoryName];

  if (category.kind === 'structure') {
    // Ids and list shapes: whoever may know the customer exists. Root-level shapes carry no customer.
    // Not auditors: they read the logs only, and must not turn a code into an id (906/2019 § 17; 621/1999 § 24).
    if (customerId === undefined || isAuthority(actor)) return ALLOW;
    if (isCustomer(actor)) return actor.customerId === customerId ? ALLOW : DENY;
    const consent = specificConsentCovers(actor, undefined, consents);
    return consent ? { allowed: true, consentId: consent.id } : DENY;
  }
  if (category.kind === 'log') {
    return auditorReadsLogs(actor, category, operation) || dataSubjectOwnData(actor, customerId, operation) ? ALLOW : DENY;
  }
  if (category.kind === 'partner') return ownRegisterOfAuthority(actor, category) ? ALLOW : DENY;

  if (dataSubjectOwnData(actor, customerId, operation)) return ALLOW;
  if (isAuthority(actor)) {
    const register = jointRegisterFlowsBetweenAuthorities(actor, category)
      || ownRegisterOfAuthority(actor, category)
      || exchangeableForJointService(actor, category, operation);
    return register && roleCertificateEntitles(actor, category) ? ALLOW : DENY;
  }
  if (isThirdParty(actor) && operation === 'read' && category.consentable && customerId !== undefined) {
    const consent = specificConsentCovers(actor, categoryName, consents);
    return consent ? { allowed: true, consentId: consent.id } : DENY;
  }
  return DENY;
}

/**
 * Secrecy of customership (621/1999 § 24): may the caller learn that this person is a customer at all?
 * A caller who may not gets the same answer as for a person who is not a customer.
 */
export function mayKnowCustomer(actor: Actor, customerId: string, consents: readonly ConsentTerms[]): boolean {
  return decide(actor, 'CUSTOMER_KEY', customerId, 'read', consents).allowed;
}
