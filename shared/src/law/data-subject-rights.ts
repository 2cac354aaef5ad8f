// The rights of the data subject as code (GDPR art. 12, 15-21; DOMAIN.md rule 11; seed 000 §§ 10-11,
// seed 002 §§ 9-12, seed 003 Liite 7 §§ 10-11): who handles a request, when it is due, what a restriction
// of processing still lets through, on which legal bases data may leave without consent. The rules here
// are called from `decide` (./rules.ts); the joint register's request desk applies the rest
// (subgraphs/joint/src/rights.ts).
import { Actor, DATA_PROTECTION_OFFICER_ROLE, isAuditor, isAuthority, isCustomer } from '../auth/actor';
import { AUTHORITIES, Authority, CategoryDefinition, CategoryName, Register } from './categories';
import type { Operation } from './rules';
import { recipientRestrictions } from './consents';

// Named with the audit organisation's roles (../auth/actor.ts); exported here too for this module's readers.
export { DATA_PROTECTION_OFFICER_ROLE };

/** The data protection officer: an auditing organisation's token with that role. Reads requests, not customer data. */
export const isDataProtectionOfficer = (actor: Actor) => isAuditor(actor) && actor.roles.includes(DATA_PROTECTION_OFFICER_ROLE);

/**
 * GDPR art. 39(1)(b): the data protection officer monitors compliance: reads the request desk, the
 * restrictions and the law-based disclosures of every customer, and the list of overdue requests. Never
 * writes them: the controllers answer the requests.
 */
export const dataProtectionOfficerOversees = (actor: Actor, category: CategoryDefinition, operation: Operation) =>
  isDataProtectionOfficer(actor) && operation === 'read' && category.dataProtectionOfficer !== undefined;

/**
 * GDPR art. 18(3), 39(1)(b): the data protection officer may lift a restriction of the joint register (after the
 * customer was informed, checked by the request desk), as the officials of the authority that placed it may;
 * they place none and answer no request.
 */
export const dataProtectionOfficerLiftsRestriction = (actor: Actor, categoryName: CategoryName, operation: Operation) =>
  isDataProtectionOfficer(actor) && operation === 'write' && categoryName === 'PROCESSING_RESTRICTION_LIFTING';

/**
 * GDPR art. 18(3) and the pattern of legal holds (./retention.ts `legalHoldReleasedByItsAuthority`): a
 * restriction is lifted by an official of the authority that placed it (which handled the request and knows
 * when its ground has gone), or by the data protection officer; nobody else.
 */
export const restrictionLiftedByItsAuthority = (actor: Actor, restriction: { recordedByAuthority: string }): boolean =>
  isDataProtectionOfficer(actor) || (isAuthority(actor) && actor.organisationKind === restriction.recordedByAuthority);

/**
 * GDPR art. 12(2), 16: the customer files their own requests (electronically, strongly identified) and
 * corrects their own contact details themselves; nobody else's.
 */
export const dataSubjectMakesRequest = (actor: Actor, categoryName: CategoryName, customerId: string | undefined, operation: Operation) =>
  isCustomer(actor) && operation === 'write' && customerId !== undefined && actor.customerId === customerId
  && (categoryName === 'DATA_SUBJECT_REQUEST_FILING' || categoryName === 'JOINT_CONTACT_SELF_SERVICE');

/**
 * Categories that are the data subject's own way to act, for them alone: an official corrects contact
 * details through the register's own mutation, which records their authority (seed 003 Liite 7 § 1).
 */
export const DATA_SUBJECT_ONLY: ReadonlySet<string> = new Set(['JOINT_CONTACT_SELF_SERVICE']);

/** The kinds of request the desk records (GDPR art. 15-18, 21). */
export const REQUEST_KINDS = ['ACCESS', 'RECTIFICATION', 'ERASURE', 'RESTRICTION', 'OBJECTION'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * Who answers a request (DOMAIN.md rule 11; seed 003 Liite 7 § 10): a request about the joint register
 * goes to its joint controllers (any of the three authorities of the joint service); a request about an
 * authority's own register goes to that authority.
 */
export function competentAuthority(register: Register): Authority | 'JOINT_CONTROLLERS' {
  return register === 'JOINT' ? 'JOINT_CONTROLLERS' : register;
}

/** May this official handle (extend, answer) a request about `register`? Only the competent authority's officials. */
export function competentToHandle(actor: Actor, register: Register): boolean {
  if (!isAuthority(actor)) return false;
  const competent = competentAuthority(register);
  return competent === 'JOINT_CONTROLLERS' ? (AUTHORITIES as readonly string[]).includes(actor.organisationKind) : actor.organisationKind === competent;
}

/** 'YYYY-MM-DD' plus whole months, clamped to the month's last day (31 January + 1 month = 28/29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** GDPR art. 12(3): the answer is due one month from receipt. */
export const dueDateOf = (receivedOn: string) => addMonths(receivedOn, 1);

/** GDPR art. 12(3): extendable by at most two further months, where necessary, with its reason. */
export const latestExtendedDueDate = (receivedOn: string) => addMonths(receivedOn, 3);

/** GDPR art. 12(5), 15(3): the first access report of a calendar year is free; later ones are counted (a fee may be charged). */
export const accessReportChargeable = (earlierReportsThisYear: number) => earlierReportsThisYear >= 1;

/** GDPR art. 18(2): what a restriction still lets the data be used for, besides storage. */
export const RESTRICTION_EXCEPTIONS = ['LEGAL_CLAIMS', 'CUSTOMER_CONSENT', 'PROTECTION_OF_RIGHTS', 'IMPORTANT_PUBLIC_INTEREST'] as const;

/** The part of a restriction in force that the rules look at. */
export interface RestrictionTerms {
  id: string;
  categories: string[];
  allowedUses: string[];
}

/**
 * GDPR art. 18(2): data under a restriction in force is stored but not otherwise used, by anybody,
 * except: the customer still reads their own data (art. 15 is not restricted), and where the restriction
 * allows LEGAL_CLAIMS, the data protection officer reads it for the establishment, exercise or defence of
 * legal claims. Every restriction in force that covers `categoryName` must allow the use: one that allows
 * less than another decides (found by an outsider: only the oldest was asked, so an older restriction
 * allowing LEGAL_CLAIMS let the DPO read data a newer one allowed to nobody). Undefined when none covers it.
 */
export function restrictionDecides(
  actor: Actor, categoryName: CategoryName, customerId: string | undefined, operation: Operation, restrictions: readonly RestrictionTerms[],
): boolean | undefined {
  const covering = restrictions.filter((r) => r.categories.includes(categoryName));
  if (covering.length === 0) return undefined;
  if (isCustomer(actor)) return operation === 'read' && customerId !== undefined && actor.customerId === customerId;
  return operation === 'read' && isDataProtectionOfficer(actor) && covering.every((r) => r.allowedUses.includes('LEGAL_CLAIMS'));
}

/**
 * Disclosure without consent on a specific request based on law (DOMAIN.md rule 3; seed 001 § 8: "lakiin
 * perustuva säännös"): the legal bases the request desk accepts, each with what it allows. A disclosure
 * record names one of these instead of a consent.
 */
export const LEGAL_BASES: Record<string, string> = {
  '812/2000 § 17': 'Social-welfare authority: data needed to assess the need for or arrange social welfare (Act on the Status and Rights of Social Welfare Clients)',
  '812/2000 § 20': 'Social-welfare authority: data needed for a child-welfare or social-welfare task, on a specific request',
  '705/2007 § 3': 'Enforcement authority (ulosottoviranomainen): data needed for enforcement (Enforcement Code ch. 3 § 64)',
  '872/2011 § 4:3': 'Police: data needed to prevent or investigate an offence, on a specific request',
  '1290/2006 § 20': 'Unemployment fund or Kela as benefit payer: data needed to decide a benefit (Unemployment Security Act ch. 13)',
};

/** GDPR art. 18(3): how the customer who obtained a restriction was informed before it was lifted. */
export const RESTRICTION_LIFT_NOTICES = ['LETTER', 'E_SERVICE_MESSAGE', 'AT_A_VISIT', 'PHONE_CALL'] as const;

export const isLegalBasis = (value: string) => Object.prototype.hasOwnProperty.call(LEGAL_BASES, value);

/**
 * Who may receive data under each legal basis: the authority the provision names, nobody else (an employer or
 * any other third party needs the customer's specific consent, DOMAIN.md rule 3). Requester types as
 * `decideLawBasedDisclosure` takes them.
 */
export const LEGAL_BASIS_REQUESTERS: Record<string, readonly string[]> = {
  '812/2000 § 17': ['SOCIAL_WELFARE_AUTHORITY'],
  '812/2000 § 20': ['SOCIAL_WELFARE_AUTHORITY'],
  '705/2007 § 3': ['ENFORCEMENT_AUTHORITY'],
  '872/2011 § 4:3': ['POLICE'],
  '1290/2006 § 20': ['UNEMPLOYMENT_FUND', 'KELA'],
};

/**
 * Requesters whose mere naming in a law-based disclosure reveals the customer's social situation: a social
 * welfare authority's request (a client of social welfare), an enforcement authority's (debts), the police's
 * (an offence under investigation: criminal-offence data, GDPR art. 10; 621/1999 § 24 (1)).
 */
export const SOCIAL_SITUATION_REQUESTERS: readonly string[] = ['SOCIAL_WELFARE_AUTHORITY', 'ENFORCEMENT_AUTHORITY', 'POLICE'];

/**
 * The categories an official must be entitled to read to see a law-based disclosure: every category it
 * disclosed (a record of giving out the social situation tells of it), and JOINT_SOCIAL_SITUATION when the
 * requester reveals it (SOCIAL_SITUATION_REQUESTERS). As consents whose recipient reveals something are served
 * only to the roles that may read it (./consents.ts; review 9, M2).
 */
export function lawBasedDisclosureNeeds(record: { requesterType: string; categories: readonly string[] }): CategoryName[] {
  return [...new Set([...(record.categories as CategoryName[]), ...requesterRestrictions(record.requesterType)])];
}

/**
 * What telling of a request by `requesterType` under a law needs the reader to be entitled to: JOINT_SOCIAL_SITUATION
 * when the requester reveals it (SOCIAL_SITUATION_REQUESTERS), else nothing. The one rule behind
 * lawBasedDisclosureNeeds and rectificationNoticeNeeds, as recipientRestrictions is for consents' recipients.
 */
export function requesterRestrictions(requesterType: string): CategoryName[] {
  return SOCIAL_SITUATION_REQUESTERS.includes(requesterType) ? ['JOINT_SOCIAL_SITUATION'] : [];
}

/**
 * The categories an official must be entitled to read to see a rectification notice (GDPR art. 19) to a
 * recipient of `recipientType`: the notice tells that the recipient received the customer's data, so it needs
 * what telling of that disclosure needs. A consent's recipient: its restrictions (recipientRestrictions: a
 * rehabilitation institution, the prison services). A requester under a law that reveals the social situation
 * (police, enforcement, social welfare: SOCIAL_SITUATION_REQUESTERS): JOINT_SOCIAL_SITUATION, as
 * lawBasedDisclosureNeeds (review 10, M1: such notices were shown to every official of the area).
 */
export function rectificationNoticeNeeds(recipientType: string): CategoryName[] {
  return [...recipientRestrictions(recipientType), ...requesterRestrictions(recipientType)];
}
