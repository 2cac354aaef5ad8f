// The demo cooperation model's management (seed 003 Liite 3-5): the leader and deputy, and the steering
// group's members with their personal deputies, one pair per party. Their ids are the `sub` of their
// development tokens (shared/src/auth/presets.ts), so the governance register and the tokens agree.
import type { Authority } from '../law/categories';
import { COOPERATION_AREAS } from '../law/areas';
import type { TokenClaims } from '../auth/tokens';

export interface DemoManager {
  id: string;
  /** The organisation unit of the Keski-Uusimaa model (seed 003) they work for (token claim `org_unit`). */
  organisationUnit: string;
  name: string;
  title: string;
  authority: Authority;
  organisationId: string;
  roles: string[];
}

const manager = (id: string, name: string, title: string, authority: Authority, roles: string[]): DemoManager =>
  ({ id, name, title, authority, organisationId: COOPERATION_AREAS.KESKI_UUSIMAA.organisations[authority][0], organisationUnit: COOPERATION_AREAS.KESKI_UUSIMAA.organisationUnits[authority][0], roles });

/** Liite 5: the leader is the employment area's head of multi-agency services; the deputy a service manager. */
export const DEMO_LEADER = manager('employment-cooperation-leader-1', 'Katariina Leino', 'Head of multi-agency services (monialaisten palvelujen päällikkö)', 'EMPLOYMENT', ['COOPERATION_LEADER']);
export const DEMO_DEPUTY_LEADER = manager('employment-cooperation-deputy-1', 'Olli Vainio', 'Service manager of initial and basic services for adults (palvelupäällikkö)', 'EMPLOYMENT', ['COOPERATION_DEPUTY_LEADER']);

/** Liite 3: a member and a personal deputy from each party (the employment authority also for the municipalities). */
export const DEMO_STEERING_GROUP: { member: DemoManager; deputy: DemoManager }[] = [
  { member: manager('employment-steering-1', 'Raimo Kangas', 'Employment services director', 'EMPLOYMENT', ['STEERING_GROUP_MEMBER']),
    deputy: manager('employment-steering-deputy-1', 'Tiina Aro', 'Development manager', 'EMPLOYMENT', ['STEERING_GROUP_MEMBER']) },
  { member: manager('wellbeing-steering-1', 'Helena Vuori', 'Director of social services for adults', 'WELLBEING', ['STEERING_GROUP_MEMBER']),
    deputy: manager('wellbeing-steering-deputy-1', 'Jussi Rinne', 'Head of work-ability services', 'WELLBEING', ['STEERING_GROUP_MEMBER']) },
  { member: manager('kela-steering-1', 'Marja Helin', 'Head of customer services, Uusimaa', 'KELA', ['STEERING_GROUP_MEMBER']),
    deputy: manager('kela-steering-deputy-1', 'Antero Lund', 'Service manager', 'KELA', ['STEERING_GROUP_MEMBER']) },
];

const claims = (m: DemoManager): TokenClaims => ({ sub: m.id, org_kind: m.authority, org_id: m.organisationId, org_unit: m.organisationUnit, roles: m.roles });

/** Development token presets of the cooperation model's management. */
export const COOPERATION_PRESETS: Record<string, () => TokenClaims> = {
  'cooperation-leader': () => claims(DEMO_LEADER),
  'cooperation-deputy-leader': () => claims(DEMO_DEPUTY_LEADER),
  'steering-group-member': () => claims(DEMO_STEERING_GROUP[0].member),
  'steering-group-member-wellbeing': () => claims(DEMO_STEERING_GROUP[1].member),
  'steering-group-member-kela': () => claims(DEMO_STEERING_GROUP[2].member),
};
