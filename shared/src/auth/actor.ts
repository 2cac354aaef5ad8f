// Who is calling: read from the verified bearer token of every request (see ./tokens.ts).
import type { Authority } from '../law/categories';

/** Third-party recipients that may receive data with the customer's specific consent (DOMAIN.md rule 3). */
export const RECIPIENT_TYPES = [
  'HEALTH_CARE_PROFESSIONAL',
  'SUBSTANCE_ABUSE_SERVICES',
  'A_CLINIC',
  'REHABILITATION_INSTITUTION',
  'PENSION_INSTITUTION',
  'REHABILITATION_CLIENT_COOPERATION_GROUP',
  'FINNISH_CENTRE_FOR_PENSIONS',
  'EMPLOYER',
  'WORK_TRIAL_PROVIDER',
  'EDUCATIONAL_INSTITUTION',
  'PRISON_SERVICES',
  'PURCHASED_SERVICE_PROVIDER',
] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

export type OrganisationKind = Authority | RecipientType | 'CUSTOMER' | 'AUDIT';

/** What a third party says it needs the data for; a consent names one purpose. */
export const DISCLOSURE_PURPOSES = [
  'JOB_PLACEMENT', 'WORK_TRIAL', 'REHABILITATION', 'EDUCATION', 'HEALTH_CARE', 'SUBSTANCE_ABUSE_TREATMENT',
  'PENSION_ASSESSMENT', 'PURCHASED_SERVICE', 'RELEASE_PLANNING',
] as const;
export type DisclosurePurpose = (typeof DISCLOSURE_PURPOSES)[number];

export interface Actor {
  /** The caller's own id (`sub`). */
  id: string;
  organisationKind: OrganisationKind;
  organisationId: string;
  /** Role certificates (roolivarmenne) of an official. */
  roles: string[];
  /**
   * For an official: the organisation unit they work for (token claim `org_unit`), which names the
   * cooperation area they serve (../law/areas.ts). An official without one serves no area.
   */
  organisationUnit?: string;
  /** For a customer: their own customer id. */
  customerId?: string;
  /** For a third party: the purpose it states for this session. */
  purpose?: DisclosurePurpose;
}

const AUTHORITY_KINDS: readonly string[] = ['EMPLOYMENT', 'WELLBEING', 'KELA'];
/**
 * One caller, for every per-caller bound and record (admission, the identity-code look-up budget, idempotency
 * keys): an organisation's subject, as a JSON pair, since two organisations may both have a `user-1`
 * (reviews 7 and 8 L3, review 9 L1) and no '/' in either part may make two callers one.
 */
export const callerKey = (actor: Pick<Actor, 'organisationId' | 'id'>) => JSON.stringify([actor.organisationId, actor.id]);

export const isAuthority = (actor: Actor): actor is Actor & { organisationKind: Authority } =>
  AUTHORITY_KINDS.includes(actor.organisationKind);
export const isThirdParty = (actor: Actor): actor is Actor & { organisationKind: RecipientType } =>
  (RECIPIENT_TYPES as readonly string[]).includes(actor.organisationKind);
export const isCustomer = (actor: Actor) => actor.organisationKind === 'CUSTOMER';
/**
 * The role certificates of the audit organisation that read the logs: its auditors and its data protection officer.
 * A token of the audit organisation with neither reads nothing (deny by default; found by an outsider: any token of
 * kind AUDIT, whatever its roles, read every log).
 */
/** The role certificate of the data protection officer of the joint register (KEHA-keskus, seed 003 Liite 7 § 1). */
export const DATA_PROTECTION_OFFICER_ROLE = 'DATA_PROTECTION_OFFICER';
export const AUDIT_ROLES: readonly string[] = ['AUDITOR', DATA_PROTECTION_OFFICER_ROLE];
export const isAuditor = (actor: Actor) => actor.organisationKind === 'AUDIT' && actor.roles.some((role) => AUDIT_ROLES.includes(role));

export const ORGANISATION_KINDS: readonly string[] = [...AUTHORITY_KINDS, ...RECIPIENT_TYPES, 'CUSTOMER', 'AUDIT'];
