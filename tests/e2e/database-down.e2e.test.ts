// A subgraph's PostgreSQL goes down: that register answers a clear error naming it (the others answer),
// its readiness probe says so, and it recovers by itself when the database returns. Real processes, a
// real PostgreSQL 15 started for the test. A database that is stuck (frozen, not down) still gets a readiness
// answer in bounded time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPopulation } from '../../shared/src/demo/population';
import { PostgresCluster, createDatabases } from '../support/postgres';
import { ProcessSystem } from '../support/processes';
import { postGraphQL, tokenFor } from '../support/system';
import { READY_PROBE_TIMEOUT_MS } from '../../shared/src/graphql/subgraph';

let cluster: PostgresCluster;
let system: ProcessSystem;
let dataDir: string;

beforeAll(async () => {
  cluster = await PostgresCluster.create();
  const { urls } = await createDatabases(cluster.adminUrl, ['employment']);
  dataDir = mkdtempSync(join(tmpdir(), 'cg-dbdown-'));
  system = await ProcessSystem.start({ DATA_DIR: dataDir, DEMO_CUSTOMERS: '100', EMPLOYMENT_DATABASE_URL: urls.employment });
});
afterAll(async () => {
  await system?.stop();
  cluster?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const VIEW = 'query($id: ID!) { customer(id: $id) { lastName employment { jobSeeker { employmentStatus } } } }';
const view = async () => postGraphQL(system.gatewayUrl, { query: VIEW, variables: { id: demoPopulation()[4].id } }, await tokenFor('employment-expert'));
const ready = () => fetch(`${system.url('employment')}/health/ready`).then((r) => r.status);

it('answers a clear error naming the register while its database is down, and recovers by itself', async () => {
  const before = await view();
  expect(before.errors).toBeUndefined();
  expect(before.data!.customer.employment.jobSeeker).not.toBeNull();

  cluster.stop();
  try {
    const during = await view();
    expect(during.data!.customer.lastName).toBe(demoPopulation()[4].lastName);
    expect(during.data!.customer.employment).toBeNull();
    expect(during.errors?.map((e) => e.extensions?.code)).toContain('DATABASE_UNAVAILABLE');
    expect(during.errors?.find((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE')).toMatchObject({
      message: expect.stringContaining('employment register'), extensions: { register: 'employment' },
    });
    expect(JSON.stringify(during)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
    expect(await ready()).toBe(503);
  } finally {
    cluster.start();
  }

  const deadline = Date.now() + 15_000;
  let after = await view();
  while (after.errors && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    after = await view();
  }
  expect(after.errors).toBeUndefined();
  expect(after.data!.customer.employment.jobSeeker).not.toBeNull();
  expect(await ready()).toBe(200);
});

it('answers its readiness probe within its bound while the database is stuck, and ready again once it runs', async () => {
  expect(await ready()).toBe(200);
  cluster.pause();
  try {
    const started = Date.now();
    const probe = await fetch(`${system.url('employment')}/health/ready`, { signal: AbortSignal.timeout(20_000) });
    expect(probe.status).toBe(503);
    expect(await probe.json()).toEqual({ status: `database did not answer within ${READY_PROBE_TIMEOUT_MS} ms`, service: 'subgraph-employment' });
    expect(Date.now() - started).toBeLessThan(READY_PROBE_TIMEOUT_MS + 5_000);
  } finally {
    cluster.resume();
  }
  const deadline = Date.now() + 15_000;
  let status = await ready();
  while (status !== 200 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    status = await ready();
  }
  expect(status).toBe(200);
});
