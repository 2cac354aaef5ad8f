// The registers in production mode (NODE_ENV=production), as separate processes: service keys come only
// from the environment (a register without them does not start), register-to-register calls work with
// them, and `_service { sdl }` is not served to callers (the gateway reads the committed supergraph).
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ensureDevKeys } from '../../shared/src/auth/tokens';
import { generateServiceKeyPair } from '../../shared/src/auth/service-tokens';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { REPO_ROOT } from '../../shared/src/subgraphs';
import { todayInFinland } from '../../shared/src/validation';
import { freePort } from '../support/processes';
import { postGraphQL, tokenFor } from '../support/system';
import { keyed } from '../support/keys';

let jwksServer: Server;
let dataDir: string;
let productionEnv: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];
const keys: Record<string, Awaited<ReturnType<typeof generateServiceKeyPair>>> = {};

beforeAll(async () => {
  // The identity provider's published keys: here the development user-token keys, served over HTTP.
  const dir = process.env.AUTH_DEV_KEYS_DIR!;
  await ensureDevKeys(dir);
  const jwks = readFileSync(join(dir, 'dev-jwks.json'), 'utf8');
  jwksServer = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(jwks); });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  dataDir = mkdtempSync(join(tmpdir(), 'cg-production-'));
  for (const register of ['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'] as const) keys[register] = await generateServiceKeyPair(register);
  const { ALLOW_DEVELOPMENT_TOKENS: _staging, SERVICE_PRIVATE_JWK: _key, ...inherited } = process.env;
  productionEnv = {
    ...inherited, NODE_ENV: 'production', LOG_LEVEL: 'error', DATA_DIR: dataDir, DEMO_SEED: 'on', HOST: '127.0.0.1',
    AUTH_JWKS_URL: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`,
    // No development service keys to fall back on: an empty folder.
    AUTH_DEV_KEYS_DIR: mkdtempSync(join(tmpdir(), 'cg-no-keys-')),
  };
});

afterAll(async () => {
  await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((child) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    return exited;
  }));
  jwksServer?.closeAllConnections();
  await new Promise((resolve) => jwksServer?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

const trustedKeys = () => ({
  EMPLOYMENT_SERVICE_JWKS: JSON.stringify(keys.EMPLOYMENT.publicJwks),
  WELLBEING_SERVICE_JWKS: JSON.stringify(keys.WELLBEING.publicJwks),
  KELA_SERVICE_JWKS: JSON.stringify(keys.KELA.publicJwks),
});

/** Starts a subgraph process; resolves with its URL when ready, or with its exit code and output when it stops. */
async function start(name: string, env: NodeJS.ProcessEnv): Promise<{ url?: string; exitCode?: number | null; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join('subgraphs', name, 'src', 'index.ts')], {
    cwd: REPO_ROOT, env: { ...productionEnv, [`${name.toUpperCase()}_PORT`]: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  let stopped = false;
  const exited = new Promise<{ exitCode: number | null; output: string }>((resolve) => child.once('exit', (code) => { stopped = true; resolve({ exitCode: code, output }); }));
  const ready = (async () => {
    // Polls until ready, and stops polling once the process has stopped.
    for (const deadline = Date.now() + 90_000; !stopped && Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const answer = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1000) }).then((r) => (r.ok ? r.json() : undefined), () => undefined);
      if ((answer as { service?: string } | undefined)?.service === `subgraph-${name}`) return { url: `http://127.0.0.1:${port}/graphql`, output };
    }
    return exited;
  })();
  return Promise.race([ready, exited]);
}

describe('in production, service keys come only from the environment', () => {
  it('a register that calls the joint register does not start without its private key, or with a public one', async () => {
    const none = await start('employment', {});
    expect(none.exitCode).not.toBe(0);
    expect(none.output).toContain('NODE_ENV=production needs SERVICE_PRIVATE_JWK');
    const publicOnly = await start('employment', { SERVICE_PRIVATE_JWK: JSON.stringify(keys.EMPLOYMENT.publicJwks.keys[0]) });
    expect(publicOnly.exitCode).not.toBe(0);
    expect(publicOnly.output).toContain('SERVICE_PRIVATE_JWK must be an ES256 (EC P-256) private JWK with a kid');
  });

  it('the joint register does not start without the public keys of every register that calls it', async () => {
    const { KELA_SERVICE_JWKS: _kela, ...twoOfThree } = trustedKeys();
    const missing = await start('joint', twoOfThree);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.output).toContain('NODE_ENV=production needs KELA_SERVICE_JWKS');
    const privateInstead = await start('joint', { ...trustedKeys(), KELA_SERVICE_JWKS: JSON.stringify({ keys: [keys.KELA.privateJwk] }) });
    expect(privateInstead.exitCode).not.toBe(0);
    expect(privateInstead.output).toContain('KELA_SERVICE_JWKS must hold public keys only');
    // Its own key signs the heads of its log chains (shared/src/logs/signing.ts): required as well.
    const withoutOwnKey = await start('joint', trustedKeys());
    expect(withoutOwnKey.exitCode).not.toBe(0);
    expect(withoutOwnKey.output).toContain('NODE_ENV=production needs SERVICE_PRIVATE_JWK');
  });
  it("the joint register does not start without its own private key (its notices of home municipalities), nor a register without the joint register's public keys", async () => {
    const joint = await start('joint', trustedKeys());
    expect(joint.exitCode).not.toBe(0);
    expect(joint.output).toContain('NODE_ENV=production needs SERVICE_PRIVATE_JWK');
    const employment = await start('employment', { SERVICE_PRIVATE_JWK: JSON.stringify(keys.EMPLOYMENT.privateJwk) });
    expect(employment.exitCode).not.toBe(0);
    expect(employment.output).toContain('NODE_ENV=production needs JOINT_SERVICE_JWKS');
  });
});

describe('registers in production mode', () => {
  let joint: string;
  let employment: string;
  beforeAll(async () => {
    const started = await start('joint', { ...trustedKeys(), SERVICE_PRIVATE_JWK: JSON.stringify(keys.JOINT.privateJwk) });
    if (!started.url) throw new Error(`joint did not start: ${started.output}`);
    joint = started.url;
    const employmentStarted = await start('employment', {
      SERVICE_PRIVATE_JWK: JSON.stringify(keys.EMPLOYMENT.privateJwk), JOINT_SERVICE_JWKS: JSON.stringify(keys.JOINT.publicJwks), JOINT_URL: joint,
    });
    if (!employmentStarted.url) throw new Error(`employment did not start: ${employmentStarted.output}`);
    employment = employmentStarted.url;
  });

  it('do not serve _service { sdl } to any caller', async () => {
    for (const url of [joint, employment]) {
      for (const preset of ['employment-expert', 'auditor', 'employer']) {
        const answer = await postGraphQL(url, { query: '{ _service { sdl } }' }, await tokenFor(preset));
        expect({ url, preset, data: answer.data ?? null, codes: answer.errors?.map((e) => e.extensions?.code) })
          .toEqual({ url, preset, data: null, codes: ['FORBIDDEN'] });
        expect(JSON.stringify(answer)).not.toContain('type Customer');
      }
    }
  });

  it('call each other with the keys from the environment (consents looked up, disclosures recorded); a caller\'s token alone gets nothing', async () => {
    const customer = demoPopulation()[10];
    const recorded = await postGraphQL(joint, { query: 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }', variables: { input: keyed({
      customerId: customer.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-production', categories: ['EMPLOYMENT_JOB_SEEKER'],
      purpose: 'JOB_PLACEMENT', validFrom: todayInFinland(), validUntil: addDays(todayInFinland(), 30), method: 'IN_WRITING',
    }) } }, await tokenFor('employment-expert'));
    expect(recorded.errors).toBeUndefined();
    const employer = await tokenFor({ sub: 'employer-production:hr-1', org_kind: 'EMPLOYER', org_id: 'employer-production', purpose: 'JOB_PLACEMENT' });
    const read = await postGraphQL(employment, {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { employment { jobSeeker { employmentStatus } } } } }',
      variables: { r: [{ __typename: 'Customer', id: customer.id }] },
    }, employer);
    expect(read.errors).toBeUndefined();
    expect(read.data!._entities[0].employment.jobSeeker).toEqual({ employmentStatus: expect.any(String) });
    const records = await postGraphQL(joint, { query: 'query($id: ID!) { customer(id: $id) { disclosures { register recipientOrganisationId fields } } }', variables: { id: customer.id } },
      await tokenFor(`customer:${customer.id}`));
    // The same third party straight to the joint register's internal routes, with its own token only.
    for (const [path, body] of [['/internal/consents', { customerIds: [customer.id] }], ['/internal/disclosures', { records: [] }]] as const) {
      const response = await fetch(new URL(path, joint), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${employer}` }, body: JSON.stringify(body) });
      expect({ path, status: response.status, text: await response.text() }).toEqual({ path, status: 401, text: expect.not.stringContaining('consent') });
    }
    expect(records.data!.customer.disclosures).toEqual([{
      register: 'EMPLOYMENT', recipientOrganisationId: 'employer-production', fields: ['Customer.employment', 'EmploymentRegister.jobSeeker', 'EmploymentJobSeeker.employmentStatus'],
    }]);
  });
});
