// Staying up when parts fail, with real processes as `npm start` runs them: a register that hangs or
// stops costs only its own fields, and comes back without restarting the gateway; a subgraph killed in
// the middle of a burst of writes loses nothing it acknowledged and leaves nothing half-written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { ProcessSystem } from '../support/processes';
import { postGraphQL, tokenFor } from '../support/system';
import { keyed } from '../support/keys';
import { todayInFinland } from '../../shared/src/law/today';

const TIMEOUT_MS = 1500;
let system: ProcessSystem;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cg-faults-'));
  system = await ProcessSystem.start({ DATA_DIR: dataDir, DEMO_CUSTOMERS: '100', SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS) });
});
afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const customer = () => demoPopulation()[3];
const VIEW = 'query($id: ID!) { customer(id: $id) { lastName employmentPlan { goal } kela { benefits { kind } } } }';
const view = async () => postGraphQL(system.gatewayUrl, { query: VIEW, variables: { id: customer().id } }, await tokenFor('kela-benefit-expert'));

/** The answer is whole: every register answered. */
async function expectWhole() {
  const result = await view();
  expect(result.errors).toBeUndefined();
  expect(result.data!.customer.lastName).toBe(customer().lastName);
  expect(Array.isArray(result.data!.customer.kela.benefits)).toBe(true);
}

/** The other registers answer; the missing one is named. */
function expectWithout(result: Awaited<ReturnType<typeof view>>, register: string) {
  expect(result.status).toBe(200);
  expect(result.data!.customer.lastName).toBe(customer().lastName);
  expect(result.data!.customer.kela).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]).toMatchObject({ extensions: { code: 'REGISTER_UNAVAILABLE', register } });
  expect(result.errors![0].message).toContain(`The ${register} register is not available`);
}


it('answers the other registers within the timeout while one hangs, and is whole again when it resumes', async () => {
  await expectWhole();
  system.signal('kela', 'SIGSTOP');
  try {
    const started = Date.now();
    const result = await view();
    const took = Date.now() - started;
    expectWithout(result, 'kela');
    expect(result.errors![0].message).toContain('timed out');
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(took).toBeLessThan(TIMEOUT_MS + 3000);
  } finally {
    system.signal('kela', 'SIGCONT');
  }
  await expectWhole();
});

it('answers the other registers while one is stopped, and is whole again when it returns, without a gateway restart', async () => {
  const gatewayPid = system.services.get('gateway')!.child!.pid;
  const unavailable = () => system.logOf('gateway').filter((line) => line.msg === 'register unavailable' && line.register === 'kela');
  const before = unavailable().length; // the test before left its own (timeout) lines
  await system.kill('kela');
  expectWithout(await view(), 'kela');
  // The gateway's log says why: the socket's error code (the register is not listening), not "TypeError".
  // (The log is written asynchronously: it may reach this process a little after the answer.)
  for (const until = Date.now() + 5000; unavailable().length === before && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
  const lines = unavailable().slice(before);
  expect(lines.length).toBeGreaterThan(0);
  // ECONNRESET where the request went out on a kept-alive connection the kill had just closed.
  for (const line of lines) expect(line).toMatchObject({ level: 'warn', reason: expect.stringMatching(/^(ECONNREFUSED|ECONNRESET)$/) });
  await system.startService('kela');
  await expectWhole();
  expect(system.services.get('gateway')!.child!.pid).toBe(gatewayPid);
});

it('loses no acknowledged write and leaves nothing half-written when a subgraph is killed in a burst of writes', async () => {
  const official = await tokenFor('employment-expert');
  const today = todayInFinland(); // the law's day is Finland's (shared/src/law/today.ts)
  // Customers with an employment plan; each stream records reviews one after another. A review and the
  // plan's next review date are written in one transaction, so the plan must always show the date of
  // the last review that exists, whatever was cut off.
  const planned = await postGraphQL(system.gatewayUrl, { query: '{ caseload(first: 100) { edges { node { id employmentPlan { id } } } } }' }, official);
  const customers = planned.data!.caseload.edges.map((e: { node: { id: string; employmentPlan: unknown } }) => e.node).filter((n: { employmentPlan: unknown }) => n.employmentPlan).slice(0, 6).map((n: { id: string }) => n.id);
  expect(customers.length).toBeGreaterThanOrEqual(4);

  const acknowledged: { customerId: string; k: number; id: string }[] = [];
  let killed = false;
  const REVIEW = 'mutation($input: RecordPlanReviewInput!) { recordPlanReview(input: $input) { id } }';
  const stream = async (customerId: string) => {
    for (let k = 1; !killed && k < 10_000; k++) {
      const result = await postGraphQL(system.gatewayUrl, { query: REVIEW, variables: { input: keyed({
        customerId, kind: 'FOLLOW_UP', reviewedOn: today, outcome: `burst-${k}`, nextReviewOn: addDays(today, k),
      }) } }, official).catch(() => undefined);
      const id = result?.data?.recordPlanReview?.id;
      if (id) acknowledged.push({ customerId, k, id });
    }
  };
  const streams = customers.map(stream);
  // The kill comes in the middle of the burst: once more writes were acknowledged than there are streams
  // (a fixed 1.5 s saw only 2 on a busy machine).
  for (const until = Date.now() + 60_000; acknowledged.length <= customers.length && Date.now() < until;) await new Promise((r) => setTimeout(r, 100));
  try {
    await system.kill('joint');
  } finally {
    killed = true;
    await Promise.all(streams);
    await system.startService('joint'); // whatever fails below, the next test finds the joint register up
  }
  expect(acknowledged.length).toBeGreaterThan(customers.length);
  for (const customerId of customers) {
    const read = () => postGraphQL(system.gatewayUrl, { query: 'query($id: ID!) { customer(id: $id) { employmentPlan { nextReviewOn reviews { id outcome } } } }', variables: { id: customerId } }, official);
    // Ready is not yet warm: once (on PostgreSQL, under load) the first read after the restart was answered
    // with customer null. Reads are retried for a while, and what still fails is shown with its errors.
    let after = await read();
    for (const until = Date.now() + 30_000; (after.errors || !after.data?.customer) && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 500));
      after = await read();
    }
    expect({ customerId, errors: after.errors, customer: after.data?.customer === null ? null : 'present' }).toEqual({ customerId, errors: undefined, customer: 'present' });
    const plan = after.data!.customer.employmentPlan;
    const present = new Map<string, string>(plan.reviews.map((r: { id: string; outcome: string }) => [r.id, r.outcome]));
    for (const write of acknowledged.filter((w) => w.customerId === customerId)) expect(present.get(write.id)).toBe(`burst-${write.k}`);
    // The plan's next review is the last burst review stored, when any was (a customer whose every write came
    // after the kill has none: nothing to compare; CI on PostgreSQL, session 10).
    const stored = [...present.values()].filter((o) => o.startsWith('burst-')).map((o) => Number(o.slice(6)));
    if (stored.length > 0) expect(plan.nextReviewOn).toBe(addDays(today, Math.max(...stored)));
  }
});

it('tells a third party that consents cannot be checked while the joint register is down, rather than denying', async () => {
  const employment = `${system.url('employment')}/graphql`;
  const ask = async () => postGraphQL(employment, {
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { employment { jobSeeker { employmentStatus } } } } }',
    variables: { r: [{ __typename: 'Customer', id: demoPopulation()[0].id }] },
  }, await tokenFor('employer'));
  expect((await ask()).errors).toBeUndefined(); // the first demo customer's consent covers the employer
  await system.kill('joint');
  try {
    const result = await ask();
    expect(JSON.stringify(result.data)).not.toContain('employmentStatus":"');
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONSENTS_UNAVAILABLE', register: 'joint' });
  } finally {
    await system.startService('joint');
  }
  // Ready is not yet warm: on a busy machine the restarted joint register's first consent look-up can take
  // longer than the registers' JOINT_TIMEOUT_MS (3 s), and fails closed as above (CI, session 10). Asked
  // again for a while: what is tested is that it comes back without restarting anything else.
  let after = await ask();
  for (const until = Date.now() + 30_000; after.errors && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 500));
    after = await ask();
  }
  expect(after.errors).toBeUndefined();
});
