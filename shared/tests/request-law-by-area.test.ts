// An official's decisions within one request are made once per (category, operation, area) for customers with
// no consent and no restriction in force, and reused for every other such customer (shared/src/graphql/
// request-law.ts `rule`; issue 11). This checks that the reuse never decides otherwise than the rules do for each
// customer by itself: customers of the official's area (allowed), of another area, without a known area, and of
// the official's area with a restriction in force (denied), in either order within the request, for categories
// the official's role entitles to and one it does not; and that each customer's use or attempt is still logged.
import type { Actor } from '../src/auth/actor';
import { areaOfMunicipality } from '../src/law/areas';
import type { CategoryName } from '../src/law/categories';
import type { RestrictionTerms } from '../src/law/data-subject-rights';
import { RequestLaw } from '../src/graphql/request-law';
import { decide } from '../src/law/rules';

// A work-ability coordinator of the Keski-Uusimaa joint service (Kerava is in that area, Rovaniemi in Lapland).
const coordinator: Actor = {
  id: 'e1', organisationKind: 'EMPLOYMENT', organisationId: 'employment-area-keski-uusimaa', organisationUnit: 'employment-area-keski-uusimaa', roles: ['WORK_ABILITY_COORDINATOR'],
};
// The same official with a role certificate that does not entitle to health data.
const expert: Actor = { ...coordinator, roles: ['EMPLOYMENT_EXPERT'] };

const KERAVA_1 = '11111111-1111-4111-8111-111111111111';
const KERAVA_2 = '22222222-2222-4222-8222-222222222222';
const ROVANIEMI = '33333333-3333-4333-8333-333333333333';
const NO_HOME = '44444444-4444-4444-8444-444444444444';
const KERAVA_RESTRICTED = '55555555-5555-4555-8555-555555555555';
const KERAVA_3 = '66666666-6666-4666-8666-666666666666';

const homes: Record<string, string | null> = {
  [KERAVA_1]: 'Kerava', [KERAVA_2]: 'Kerava', [ROVANIEMI]: 'Rovaniemi', [NO_HOME]: null, [KERAVA_RESTRICTED]: 'Kerava', [KERAVA_3]: 'Kerava',
};
const restrictionsOf: Record<string, RestrictionTerms[]> = {
  [KERAVA_RESTRICTED]: [{ id: 'r1', categories: ['EMPLOYMENT_HEALTH'], allowedUses: [] }],
};
// The register's combined look-up (shared/src/graphql/home-municipalities.ts), as the authorities' registers use it.
const lookUp = async (ids: readonly string[]) => ids.map((id) => ({ municipality: homes[id] ?? null, restrictions: restrictionsOf[id] ?? [] }));
const noConsents = async (ids: readonly string[]) => ids.map(() => []);

const CATEGORIES: CategoryName[] = ['CUSTOMER_KEY', 'EMPLOYMENT_HEALTH', 'EMPLOYMENT_WORK_CAPACITY', 'JOINT_SOCIAL_SITUATION', 'ACTIVATION_PLAN'];
const ORDERS = [
  [KERAVA_1, KERAVA_2, ROVANIEMI, NO_HOME, KERAVA_RESTRICTED, KERAVA_3],
  [KERAVA_RESTRICTED, ROVANIEMI, NO_HOME, KERAVA_1, KERAVA_3, KERAVA_2],
];

/** What the rules decide for this customer by itself, from the same inputs the request reads. */
const expected = (actor: Actor, category: CategoryName, id: string) =>
  decide(actor, category, id, 'read', [], areaOfMunicipality(homes[id]), restrictionsOf[id] ?? []).allowed;

describe.each([['a work-ability coordinator', coordinator], ['an employment expert', expert]])('%s', (_name, actor) => {
  it.each(ORDERS.map((order, i) => [i, order]))('decides every customer as the rules do, in order %s', async (_i, order) => {
    const law = new RequestLaw(actor, noConsents, undefined, undefined, undefined, undefined, undefined, lookUp);
    // The first decision about each customer waits for the look-up; the rest are made at once from what it read.
    await Promise.all(order.map((id) => law.decide('CUSTOMER_KEY', id, 'read')));
    for (const category of CATEGORIES) {
      for (const id of order) {
        const decision = law.decide(category, id, 'read', `${category}|read`);
        expect(decision).not.toBeInstanceOf(Promise);
        expect({ category, id, allowed: (decision as { allowed: boolean }).allowed }).toEqual({ category, id, allowed: expected(actor, category, id) });
      }
    }
    // Every customer's use and attempt is logged by itself, the reused decisions' too.
    const groups = law.useGroups();
    for (const category of CATEGORIES) {
      for (const id of order) {
        const outcome = expected(actor, category, id) ? 'ALLOWED' : 'DENIED';
        const logged = groups.some((g) => g.outcome === outcome && g.customerIds.includes(id) && g.categories.includes(category));
        // An allowed CUSTOMER_KEY alone is logged only when nothing else of the customer was read (useGroups).
        if (category === 'CUSTOMER_KEY' && outcome === 'ALLOWED') continue;
        expect({ category, id, outcome, logged }).toEqual({ category, id, outcome, logged: true });
      }
    }
  });
});

it('covers both paths: the coordinator is allowed health data of a Kerava customer and refused it for the others', () => {
  expect(expected(coordinator, 'EMPLOYMENT_HEALTH', KERAVA_1)).toBe(true);
  expect(expected(coordinator, 'EMPLOYMENT_HEALTH', KERAVA_RESTRICTED)).toBe(false);
  expect(expected(coordinator, 'EMPLOYMENT_WORK_CAPACITY', KERAVA_RESTRICTED)).toBe(true);
  expect(expected(coordinator, 'EMPLOYMENT_HEALTH', ROVANIEMI)).toBe(false);
  expect(expected(coordinator, 'EMPLOYMENT_HEALTH', NO_HOME)).toBe(false);
  expect(expected(expert, 'EMPLOYMENT_HEALTH', KERAVA_1)).toBe(false);
  expect(expected(expert, 'JOINT_SOCIAL_SITUATION', KERAVA_1)).toBe(true);
});
