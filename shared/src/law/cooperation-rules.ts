// Who may use the cooperation model's own data (governance, staffing, costs: seed 003 Liite 2-6) and its
// anonymised statistics (seed 004 § 5). None of it is about one customer: the decision depends on the
// caller's authority, role certificates and cooperation area. `decide()` in ./rules.ts hands these categories here.
import { Actor, isAuthority } from '../auth/actor';
import type { CategoryDefinition, CategoryName } from './categories';
import { STAFFING_AREA } from '../cooperation/areas';
// Called at decision time only, so the circular import with ./rules.ts is harmless.
import { areaOfOfficial, jointServiceOfficial } from './rules';

/**
 * Whether the official works in the cooperation area whose agreement the model's data describe (seed 003 is
 * Keski-Uusimaa's: `STAFFING_AREA`). The agreement, its steering group, staffing and costs are its parties'
 * (388/2024 § 4, Liite 2-6): a role certificate of another area's management, or of none (an `org_unit` of no
 * area, which serves nowhere: ./areas.ts), gives no part in them. Found by an outsider (session 28): a leader's
 * token of an unknown unit read the leader's pay among the costs and billed the parties, and Lapland's officials
 * read Keski-Uusimaa's governance and staffing.
 */
const ofTheModelsArea = (actor: Actor) => areaOfOfficial(actor) === STAFFING_AREA;

/**
 * Role certificates of the cooperation model's management (seed 003 Liite 3-5). All are held by officials
 * of one of the three authorities:
 * - COOPERATION_LEADER, COOPERATION_DEPUTY_LEADER: the leading person and their deputy (johtava henkilö,
 *   varahenkilö), named by the employment authority for five years with the steering group's approval
 *   (388/2024 § 4; Liite 5), so only an employment-authority official can hold them;
 * - STEERING_GROUP_MEMBER: a member of the steering group or a member's personal deputy (johtoryhmän
 *   varsinainen jäsen, henkilökohtainen varajäsen; Liite 3), from any of the three authorities.
 */
export const COOPERATION_ROLES = ['COOPERATION_LEADER', 'COOPERATION_DEPUTY_LEADER', 'STEERING_GROUP_MEMBER'] as const;
export type CooperationRole = (typeof COOPERATION_ROLES)[number];

/**
 * Liite 5: the leader and deputy are named by the employment authority, so they are its officials, of the
 * model's area.
 */
export const isCooperationLeader = (actor: Actor) =>
  actor.organisationKind === 'EMPLOYMENT'
  && (actor.roles.includes('COOPERATION_LEADER') || actor.roles.includes('COOPERATION_DEPUTY_LEADER'))
  && ofTheModelsArea(actor);

/** Liite 3: steering group members and personal deputies come from each of the three authorities of the model's area. */
export const isSteeringGroupMember = (actor: Actor) =>
  isAuthority(actor) && actor.roles.includes('STEERING_GROUP_MEMBER') && ofTheModelsArea(actor);

/**
 * Seed 004 § 5, seed 000 § 4: anonymised statistics serve the planning, development and monitoring of
 * the operations, which are the leader's and the steering group's tasks (Liite 4-5). Nobody else reads
 * them: officials serve customers and need no aggregates to do so, and auditors read the log of their use.
 */
export const statisticsForManagement = (actor: Actor, operation: 'read' | 'write') =>
  operation === 'read' && (isCooperationLeader(actor) || isSteeringGroupMember(actor));

/**
 * Liite 3-5: governance and staffing are read by the officials of the joint service of the model's area too (a
 * role certificate of it, ./rules.ts `jointServiceOfficial`; who leads the model and who staffs it is no secret
 * among its parties, but another area's officials are no parties to it); governance is written by the leader
 * (who prepares and presents the steering group's matters, Liite 5) and by the steering group's members
 * (its meetings and decisions); staffing is written by the leader, who prepares the yearly review.
 */
const readsGovernanceAndStaffing = (actor: Actor) =>
  (jointServiceOfficial(actor) && ofTheModelsArea(actor)) || isCooperationLeader(actor) || isSteeringGroupMember(actor);

export const cooperationGovernance = (actor: Actor, operation: 'read' | 'write') =>
  operation === 'read' ? readsGovernanceAndStaffing(actor) : isCooperationLeader(actor) || isSteeringGroupMember(actor);

export const cooperationStaffing = (actor: Actor, operation: 'read' | 'write') =>
  operation === 'read' ? readsGovernanceAndStaffing(actor) : isCooperationLeader(actor);

/**
 * Liite 6: the budget and billing of the joint costs are the leader's administrative employer's task
 * (the leader prepares them); the steering group follows them. Other officials have no part in them.
 */
export const cooperationCosts = (actor: Actor, operation: 'read' | 'write') =>
  operation === 'read' ? isCooperationLeader(actor) || isSteeringGroupMember(actor) : isCooperationLeader(actor);

/**
 * Seed 004 § 5, Liite 4-5: the leader's and the steering group's tasks are planning, development and
 * monitoring, which anonymised data serves; their role certificates entitle to no customer's data
 * (DOMAIN.md rule 5: only the data needed for one's tasks). True for an official whose every role
 * certificate is one of the management's: such an official reads the cooperation model's data and
 * statistics only. One who also holds a certificate of customer work (e.g. EMPLOYMENT_EXPERT) keeps what
 * that entitles to.
 */
export const managementRolesOnly = (actor: Actor) =>
  isAuthority(actor) && actor.roles.length > 0 && actor.roles.every((role) => (COOPERATION_ROLES as readonly string[]).includes(role));

/** The decision for a category of kind 'statistics' or 'cooperation' (called by `decide` in ./rules.ts). */
export function decideCooperation(actor: Actor, categoryName: CategoryName, category: CategoryDefinition, operation: 'read' | 'write'): boolean {
  if (category.kind === 'statistics') return statisticsForManagement(actor, operation);
  switch (categoryName) {
    case 'COOPERATION_GOVERNANCE': return cooperationGovernance(actor, operation);
    case 'COOPERATION_STAFFING': return cooperationStaffing(actor, operation);
    case 'COOPERATION_COSTS': return cooperationCosts(actor, operation);
    default: return false;
  }
}
