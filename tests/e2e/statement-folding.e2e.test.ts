// Fewer statements per request (issue 11, H21), the law as strict as before: an official's area and
// restriction look-ups are one statement in every register, the joint caseload reads the restrictions in
// force with its ids, and wellbeing's client row is read only when asked. Each look-up is still per
// request: a restriction placed or lifted applies from the very next caseload, in the joint register and
// in an own register alike; an official of another area still gets nothing.
import { todayInFinland } from '../../shared/src/law/today';
import { GraphQLResponse, startSystem, System } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
// The log sealer's own statements (every second) are left out: the client-row test counts statements.
beforeAll(async () => { system = await startSystem({ env: { LOG_SEAL_INTERVAL_MS: '3600000' } }); });
afterAll(() => system?.stop());

const OFFICIAL = 'employment-work-ability-coordinator';
const CASELOAD = `query { caseload(first: 100) { edges { node { id firstNames meetings { heldAt } kela { benefits { kind } } } } } }`;
type Node = { id: string; firstNames: string | null; kela: { benefits: unknown[] | null } | null };
const nodes = (r: GraphQLResponse) => (r.data as { caseload: { edges: { node: Node }[] } }).caseload.edges.map((e) => e.node);
/** The error codes of the answer by path, e.g. `caseload.edges.3.node.firstNames` → FORBIDDEN. */
const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => `${e.path?.join('.')} ${e.extensions?.code}`);

describe('restrictions of processing still apply from the very next request', () => {
  it('a restriction placed in the joint register denies the category in the next caseload (read with the ids), and its lift restores it', async () => {
    const before = await system.query(OFFICIAL, CASELOAD);
    expect(before.errors).toBeUndefined();
    const i = nodes(before).findIndex((n) => n.firstNames);
    expect(i).toBeGreaterThanOrEqual(0);
    const customer = nodes(before)[i];

    const restricted = await system.query('employment-expert', 'mutation($input: RestrictProcessingInput!) { restrictProcessing(input: $input) { id } }',
      { input: keyed({ customerId: customer.id, categories: ['JOINT_IDENTIFICATION'], ground: 'ACCURACY_CONTESTED' }) });
    expect(restricted.errors).toBeUndefined();
    // Denied: the restricted category, for this customer only; the rest of the page and of the customer as before.
    const during = await system.query(OFFICIAL, CASELOAD);
    expect(codes(during)).toEqual([`caseload.edges.${i}.node.firstNames FORBIDDEN`]);
    expect(nodes(during)[i]).toEqual({ ...customer, firstNames: null });
    expect(nodes(during).filter((_, j) => j !== i)).toEqual(nodes(before).filter((_, j) => j !== i));

    const lifted = await system.query('employment-expert', 'mutation($input: LiftProcessingRestrictionInput!) { liftProcessingRestriction(input: $input) { inForce } }',
      { input: keyed({ customerId: customer.id, restrictionId: restricted.data!.restrictProcessing.id, reason: 'Checked', customerInformedOn: todayInFinland(), customerInformedBy: 'LETTER' }) });
    expect(lifted.data!.liftProcessingRestriction).toEqual({ inForce: false });
    // Allowed again at once: nothing of the restriction was kept between requests.
    const after = await system.query(OFFICIAL, CASELOAD);
    expect(after.errors).toBeUndefined();
    expect(nodes(after)).toEqual(nodes(before));
  });

  it('every restriction in force in the joint register applies: two of one customer, one of another, each to its own customer', async () => {
    const before = await system.query(OFFICIAL, CASELOAD);
    expect(before.errors).toBeUndefined();
    const [i, j] = nodes(before).flatMap((n, k) => (n.firstNames ? [k] : [])).slice(0, 2);
    expect(j).toBeGreaterThan(i);
    const restrict = async (customerId: string, categories: string[]) => {
      const placed = await system.query('employment-expert', 'mutation($input: RestrictProcessingInput!) { restrictProcessing(input: $input) { id } }',
        { input: keyed({ customerId, categories, ground: 'ACCURACY_CONTESTED' }) });
      expect(placed.errors).toBeUndefined();
      return { customerId, restrictionId: placed.data!.restrictProcessing.id as string };
    };
    const placed = [
      await restrict(nodes(before)[i].id, ['JOINT_IDENTIFICATION']),
      await restrict(nodes(before)[i].id, ['JOINT_CUSTOMERSHIP']),
      await restrict(nodes(before)[j].id, ['JOINT_IDENTIFICATION']),
    ];
    const during = await system.query(OFFICIAL, CASELOAD);
    expect(codes(during).sort()).toEqual([
      `caseload.edges.${i}.node.firstNames FORBIDDEN`, `caseload.edges.${i}.node.meetings FORBIDDEN`, `caseload.edges.${j}.node.firstNames FORBIDDEN`,
    ].sort());
    expect(nodes(during).filter((_, k) => k !== i && k !== j)).toEqual(nodes(before).filter((_, k) => k !== i && k !== j));

    for (const { customerId, restrictionId } of placed) {
      const lifted = await system.query('employment-expert', 'mutation($input: LiftProcessingRestrictionInput!) { liftProcessingRestriction(input: $input) { inForce } }',
        { input: keyed({ customerId, restrictionId, reason: 'Checked', customerInformedOn: todayInFinland(), customerInformedBy: 'LETTER' }) });
      expect(lifted.data!.liftProcessingRestriction).toEqual({ inForce: false });
    }
    const after = await system.query(OFFICIAL, CASELOAD);
    expect(after.errors).toBeUndefined();
    expect(nodes(after)).toEqual(nodes(before));
  });

  it("a restriction in an own register (Kela) denies its data in the next caseload (read with the customers' home municipalities), and its lift restores it", async () => {
    const before = await system.query(OFFICIAL, CASELOAD);
    expect(before.errors).toBeUndefined();
    const i = nodes(before).findIndex((n) => (n.kela?.benefits ?? []).length > 0);
    expect(i).toBeGreaterThanOrEqual(0);
    const customer = nodes(before)[i];

    const restricted = await system.query('kela-benefit-expert', 'mutation($input: RestrictKelaProcessingInput!) { restrictKelaProcessing(input: $input) { id } }',
      { input: keyed({ customerId: customer.id, categories: ['KELA_BENEFITS'], ground: 'ACCURACY_CONTESTED' }) });
    expect(restricted.errors).toBeUndefined();
    const during = await system.query(OFFICIAL, CASELOAD);
    expect(codes(during)).toEqual([`caseload.edges.${i}.node.kela.benefits FORBIDDEN`]);
    expect(nodes(during)[i]).toEqual({ ...customer, kela: { benefits: null } });
    expect(nodes(during).filter((_, j) => j !== i)).toEqual(nodes(before).filter((_, j) => j !== i));

    const lifted = await system.query('kela-benefit-expert', 'mutation($input: LiftKelaProcessingRestrictionInput!) { liftKelaProcessingRestriction(input: $input) { inForce } }',
      { input: keyed({ customerId: customer.id, restrictionId: restricted.data!.restrictKelaProcessing.id, reason: 'Checked', customerInformedOn: todayInFinland(), customerInformedBy: 'PHONE_CALL' }) });
    expect(lifted.data!.liftKelaProcessingRestriction).toEqual({ inForce: false });
    const after = await system.query(OFFICIAL, CASELOAD);
    expect(after.errors).toBeUndefined();
    expect(nodes(after)).toEqual(nodes(before));
  });
});

describe("wellbeing's client row", () => {
  const CLIENT = `query($id: ID!) { customer(id: $id) { wellbeing { clientSince serviceArea workAbilityAssessments { result } } } }`;

  it('is read when the operation asks of it (clientSince, serviceArea), and left out when it does not, with the same rows', async () => {
    const read = async (query: string, id: string) => {
      const before = system.queryCounts().wellbeing;
      const result = await system.query(`customer:${id}`, query, { id });
      expect(result.errors).toBeUndefined();
      return { wellbeing: result.data!.customer.wellbeing, statements: system.queryCounts().wellbeing - before };
    };
    // A customer reads their own client data, which comes from the client row: a client of the county's services.
    let id: string | undefined;
    let asked: Awaited<ReturnType<typeof read>> | undefined;
    for (const node of nodes(await system.query(OFFICIAL, CASELOAD))) {
      asked = await read(CLIENT, node.id);
      if (asked.wellbeing.clientSince) { id = node.id; break; }
    }
    expect(id).toBeDefined();
    expect(asked!.wellbeing).toEqual(expect.objectContaining({ clientSince: expect.any(String), serviceArea: expect.any(String) }));
    // Without those fields: one statement fewer (no client row), the same assessments.
    const without = await read(CLIENT.replace('clientSince serviceArea ', ''), id!);
    expect(without.wellbeing).toEqual({ workAbilityAssessments: asked!.wellbeing.workAbilityAssessments });
    expect(without.statements).toBe(asked!.statements - 1);
  });
});
