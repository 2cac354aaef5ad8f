// Tokens must expire, within a configured maximum lifetime, at the gateway and in every subgraph; the
// playground hands out development tokens only in development mode, never with NODE_ENV=production.
import { execFile, spawn } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { JWK, KeyLike, SignJWT, decodeJwt, importJWK } from 'jose';
import { demoPopulation } from '../../shared/src/demo/population';
import { presetClaims } from '../../shared/src/auth/presets';
import { DEV_AUDIENCE, DEV_ISSUER, authConfigFromEnv, createTokenVerifier, ensureDevKeys } from '../../shared/src/auth/tokens';
import { createLogger } from '../../shared/src/log';
import { createGateway } from '../../gateway/src/server';
import { REPO_ROOT } from '../../shared/src/subgraphs';
import { freePort, waitFor } from '../support/processes';
import { postGraphQL, startSystem, System } from '../support/system';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

/** Runs `use` against a gateway as `npm start` runs it in development (the playground with development tokens), then stops it. */
async function withDevelopmentGateway<T>(use: (url: string) => Promise<T>): Promise<T> {
  const development = await createGateway({
    verifyToken: await createTokenVerifier(authConfigFromEnv()), log: createLogger({ service: 'gateway' }),
    urls: Object.fromEntries(Object.entries(system.subgraphs).map(([name, r]) => [name, r.listening.url])),
    devAuth: authConfigFromEnv(),
  });
  const listening = await development.listen(0);
  try {
    return await use(listening.url);
  } finally {
    await listening.close();
    await development.server.stop();
  }
}

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

/** A token signed with the development key (as a careless identity provider would), with the times given. */
async function signed(times: { iat?: number; exp?: number }) {
  const dir = process.env.AUTH_DEV_KEYS_DIR!;
  await ensureDevKeys(dir);
  const jwk = JSON.parse(readFileSync(join(dir, 'dev-signing-key.jwk.json'), 'utf8')) as JWK;
  const jwt = new SignJWT({ ...presetClaims('employment-expert'), ...times })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE);
  return jwt.sign((await importJWK(jwk, 'ES256')) as KeyLike);
}

const QUERY = '{ caseload(first: 1) { totalCount } }';
/** Each service, with a query it serves (the subgraphs' own access logs exist in every one). */
const services = () => [
  ['gateway', system.gatewayUrl, QUERY],
  ...Object.entries(system.subgraphs).map(([name, r]) => [name, r.listening.url, `{ ${name}AccessLog(first: 1) { id } }`]),
] as const;

it.each([
  ['without an expiry (exp)', () => ({ iat: now() }), /no expiry \(exp\); tokens must expire within 12 h/],
  ['with a lifetime of 24 h (exp - iat)', () => ({ iat: now(), exp: now() + 24 * HOUR }), /lifetime of 24 h is longer than the maximum of 12 h/],
  // Counted from when the service checks it: a second or two later on a busy machine (46799 s).
  ['without iat, valid for 13 h from now', () => ({ exp: now() + 13 * HOUR }), /lifetime of (13 h|467\d\d s) is longer than the maximum of 12 h/],
  ['with an iat in the future hiding a long validity', () => ({ iat: now() + 30 * 24 * HOUR, exp: now() + 30 * 24 * HOUR + HOUR }), /issue time \(iat\) is 720 h in the future/],
  // Found by an outsider (session 30): an iat an hour ahead, within a short lifetime, was accepted.
  ['issued an hour in the future', () => ({ iat: now() + HOUR, exp: now() + 2 * HOUR }), /issue time \(iat\) is 1 h in the future/],
])('refuses a token %s with 401 naming why, at the gateway and in every subgraph', async (_case, times, reason) => {
  const token = await signed(times());
  for (const [name, url, query] of services()) {
    const result = await postGraphQL(url, { query }, token);
    expect({ name, status: result.status, data: result.data ?? null }).toEqual({ name, status: 401, data: null });
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].message).toMatch(reason);
  }
  // Within the maximum, the same kind of token is accepted everywhere.
  // An issuer's clock a little ahead of ours (within ISSUED_AT_SKEW_SECONDS) is accepted too.
  for (const acceptable of [await signed({ iat: now(), exp: now() + 11 * HOUR }), await signed({ iat: now() + 30, exp: now() + HOUR })]) {
    for (const [name, url, query] of services()) {
      expect({ name, status: (await postGraphQL(url, { query }, acceptable)).status }).toEqual({ name, status: 200 });
    }
  }
});

it('accepts the tokens that `npm run token` (8 h) and the development playground issue; `npm run token` signs none longer than the services accept', async () => {
  const npmRunToken = async (env: NodeJS.ProcessEnv = {}) => (await promisify(execFile)(
    process.execPath, ['--import', 'tsx', 'scripts/token.ts', 'employment-expert'], { cwd: REPO_ROOT, env: { ...process.env, ...env } },
  )).stdout.trim();
  const page = await withDevelopmentGateway(async (url) => (await fetch(`${url}?as=employment-expert`, { headers: { accept: 'text/html' } })).text());
  for (const token of [await npmRunToken(), JWT.exec(page)?.[0]]) {
    expect(token).toMatch(JWT);
    const result = await postGraphQL(system.gatewayUrl, { query: QUERY }, token);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
  }
  // Found by an outsider: a longer TOKEN_TTL printed a token that every service then refused (the services'
  // refusal of such a token is the first test's). Now none is signed, and the lifetime setting is named; a
  // TOKEN_TTL that is no duration gets a message, not jose's stack trace.
  await expect(npmRunToken({ TOKEN_TTL: '24h' })).rejects.toMatchObject({
    code: 2, stdout: '', stderr: 'TOKEN_TTL=24h: the token\'s lifetime of 24 h is longer than the maximum of 12 h (AUTH_MAX_TOKEN_LIFETIME_SECONDS)\n',
  });
  await expect(npmRunToken({ TOKEN_TTL: 'a day' })).rejects.toMatchObject({ code: 2, stdout: '', stderr: 'TOKEN_TTL must be a duration such as 30m or 8h, not "a day"\n' });
  // Within what the services accept when they accept more (AUTH_MAX_TOKEN_LIFETIME_SECONDS=1 day).
  expect(await npmRunToken({ TOKEN_TTL: '24h', AUTH_MAX_TOKEN_LIFETIME_SECONDS: String(24 * HOUR) })).toMatch(JWT);
});

// Found by an outsider (session 27): `npm run token` with a mistyped DATA_DIR made new keys there and printed a token
// that the running system refused, with no word why. It still signs (a system started later with that DATA_DIR takes
// the keys), and says that it made new keys, once.
it('`npm run token` says when it made new development keys, which a system running with other keys refuses', async () => {
  const keysDir = join(mkdtempSync(join(tmpdir(), 'cg-token-keys-')), 'keys');
  const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/token.ts', 'employment-expert'], {
    cwd: REPO_ROOT, env: { ...process.env, AUTH_DEV_KEYS_DIR: keysDir },
  });
  try {
    const first = await run();
    expect(first.stdout.trim()).toMatch(JWT);
    expect(first.stderr).toBe(`no development keys were in ${keysDir}: made new ones. A system already running with another DATA_DIR (or AUTH_DEV_KEYS_DIR) refuses this token; give npm run token the same.\n`);
    expect((await postGraphQL(system.gatewayUrl, { query: QUERY }, first.stdout.trim())).status).toBe(401);
    const second = await run();
    expect({ token: second.stdout.trim(), stderr: second.stderr }).toEqual({ token: expect.stringMatching(JWT), stderr: '' });
  } finally {
    rmSync(dirname(keysDir), { recursive: true, force: true });
  }
});

// Found by an outsider: with `?as=customer:<id>` the bar showed the first preset (employment-expert) while the page
// acted as the customer; `?as=nobody` answered 500, and `?as=employer:evil org` handed out a token every service refused.
it('the playground acts as the preset its bar shows, and as the default, saying why, when `?as=` names none that can act', async () => {
  await withDevelopmentGateway(async (url) => {
    const open = async (as: string) => {
      const response = await fetch(`${url}?as=${encodeURIComponent(as)}`, { headers: { accept: 'text/html' } });
      const page = await response.text();
      return { status: response.status, selected: /<option value="([^"]+)" selected>/.exec(page)?.[1], subject: decodeJwt(JWT.exec(page)![0]).sub, page };
    };
    const customerId = demoPopulation()[1].id;
    const customer = await open(`customer:${customerId}`);
    expect({ status: customer.status, selected: customer.selected, subject: customer.subject }).toEqual({ status: 200, selected: 'customer', subject: `customer:${customerId}` });
    expect(customer.page).toContain(`<code>customer:${customerId}</code>`);
    for (const as of ['nobody', 'employment-expert:extra', 'employer:evil org']) {
      const fallback = await open(as);
      expect({ as, status: fallback.status, selected: fallback.selected, subject: fallback.subject }).toEqual({ as, status: 200, selected: 'employment-expert', subject: presetClaims('employment-expert').sub });
      expect(fallback.page).toContain(`&#34;${as}&#34; cannot act (`);
    }
  });
});

// Found by an outsider (session 28): the page carried an official's token whatever name it was asked for by, so a
// DNS-rebinding site (its own name pointed at this machine) could read the page, token and all, as same-origin.
it('the playground puts a token only into a page asked for as localhost, an IP address or an allowed name', async () => {
  await withDevelopmentGateway(async (url) => {
    const { port } = new URL(url);
    // node:http, as fetch does not send a Host header of the caller's choosing.
    const pageFor = (host: string) => new Promise<string>((resolve, reject) => {
      httpGet({ host: '127.0.0.1', port, path: '/graphql', headers: { host, accept: 'text/html' } }, (response) => {
        let page = '';
        response.setEncoding('utf8').on('data', (chunk: string) => { page += chunk; }).on('end', () => resolve(page));
      }).on('error', reject);
    });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`]) {
      expect({ host, token: JWT.test(await pageFor(host)) }).toEqual({ host, token: true });
    }
    for (const host of [`evil.example:${port}`, `localhost.evil.example:${port}`, `evil.example:80@localhost:${port}`, `0x7f000001:${port}`]) {
      const page = await pageFor(host);
      expect({ host, token: JWT.test(page) }).toEqual({ host, token: false });
      expect(page).toContain(`no token for a page asked for as &#34;${host}&#34;: only localhost, an IP address or a name in PLAYGROUND_ALLOWED_HOSTS`);
    }
    process.env.PLAYGROUND_ALLOWED_HOSTS = 'dev-box.internal, other.internal';
    try {
      expect(JWT.test(await pageFor(`dev-box.internal:${port}`))).toBe(true);
    } finally {
      delete process.env.PLAYGROUND_ALLOWED_HOSTS;
    }
  });
});

it('`npm run token` signs no token that the services would refuse, naming the claim (found by an outsider)', async () => {
  const run = (preset: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/token.ts', preset], { cwd: REPO_ROOT });
  await expect(run('employer:evil org')).rejects.toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('token claim sub must be visible ASCII characters') });
  // Allowed: the same kind of preset with a well-formed organisation id.
  expect((await run('employer:acme')).stdout.trim()).toMatch(JWT);
});

it('mints no token on any route of a gateway started with NODE_ENV=production, whatever else is set', async () => {
  const port = await freePort();
  const gateway = spawn(process.execPath, ['--import', 'tsx', join('gateway', 'src', 'index.ts')], {
    cwd: REPO_ROOT,
    // Everything that could ask for development tokens: development keys allowed, playground and introspection on.
    env: { ...process.env, NODE_ENV: 'production', ALLOW_DEVELOPMENT_TOKENS: 'yes', PLAYGROUND: 'on', INTROSPECTION: 'on', GATEWAY_PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/health/live`, 'gateway');
    for (const path of ['/', '/graphql', '/?as=employment-expert', '/graphql?as=auditor', '/graphql?as=customer', '/health/live', '/health/ready', '/token', '/nonexistent']) {
      for (const accept of ['text/html', 'application/json', '*/*']) {
        const response = await fetch(`${base}${path}`, { headers: { accept } });
        const body = await response.text();
        expect({ path, accept, token: JWT.exec(body)?.[0] ?? null }).toEqual({ path, accept, token: null });
        expect(body).not.toMatch(/Bearer/);
      }
    }
    // The playground itself is served (PLAYGROUND=on), only without a token.
    expect(await (await fetch(base, { headers: { accept: 'text/html' } })).text()).toContain('GraphiQL');
  } finally {
    const exited = new Promise((resolve) => gateway.once('exit', resolve));
    gateway.kill('SIGTERM');
    await exited;
  }
});
