// Development key pairs created by many callers at once end up as ONE pair (shared/src/auth/key-files.ts).
// Found by `npm run bench` on a fresh clone: it signs its 16 tokens in parallel, each call created a pair,
// the files came from different pairs, and every request of the run was refused as "the token is not valid".
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createServiceTokenSigner } from '../src/auth/service-tokens';
import { authConfigFromEnv, createTokenVerifier, signDevToken, TokenClaims } from '../src/auth/tokens';

const scratch: string[] = [];
const keysDir = () => { const dir = join(mkdtempSync(join(tmpdir(), 'cg-dev-keys-')), 'keys'); scratch.push(dir); return dir; };
afterAll(() => { for (const dir of scratch) rmSync(resolve(dir, '..'), { recursive: true, force: true }); });

const claims: TokenClaims = { sub: 'dev-keys-test', org_kind: 'EMPLOYMENT', org_id: 'TE-TOIMISTO', roles: ['EMPLOYMENT_EXPERT'] };

describe('development user-token keys', () => {
  it('are kept in DATA_DIR/keys unless AUTH_DEV_KEYS_DIR says otherwise; an empty setting is no setting', () => {
    expect(authConfigFromEnv({}).devKeysDir).toBe(resolve('.data', 'keys'));
    expect(authConfigFromEnv({ AUTH_DEV_KEYS_DIR: '' }).devKeysDir).toBe(resolve('.data', 'keys'));
    expect(authConfigFromEnv({ AUTH_DEV_KEYS_DIR: '', DATA_DIR: '/tmp/cg-data' }).devKeysDir).toBe('/tmp/cg-data/keys');
    expect(authConfigFromEnv({ AUTH_DEV_KEYS_DIR: '/tmp/cg-keys', DATA_DIR: '/tmp/cg-data' }).devKeysDir).toBe('/tmp/cg-keys');
  });

  it('are one pair when many tokens are signed at once on a fresh directory: every token verifies', async () => {
    const dir = keysDir();
    const config = authConfigFromEnv({ AUTH_DEV_KEYS_DIR: dir });
    const tokens = await Promise.all(Array.from({ length: 16 }, (_, i) => signDevToken(config, { ...claims, sub: `dev-keys-test-${i}` })));
    const verify = await createTokenVerifier(config, {});
    for (const [i, token] of tokens.entries()) await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ id: `dev-keys-test-${i}` });
    // Nothing left behind but the two files; the private one readable by the owner only.
    expect(readdirSync(dir).sort()).toEqual(['dev-jwks.json', 'dev-signing-key.jwk.json']);
    expect(statSync(join(dir, 'dev-signing-key.jwk.json')).mode & 0o077).toBe(0);
    const publicJwks = JSON.parse(readFileSync(join(dir, 'dev-jwks.json'), 'utf8'));
    expect(publicJwks.keys).toHaveLength(1);
    expect(publicJwks.keys[0].d).toBeUndefined();
  });

  it('are one pair when several processes create them at once: a token signed by each verifies with every one\'s keys', async () => {
    const dir = keysDir();
    const program = `
      const { authConfigFromEnv, signDevToken } = require(${JSON.stringify(resolve(__dirname, '../src/auth/tokens.ts'))});
      signDevToken(authConfigFromEnv({ AUTH_DEV_KEYS_DIR: process.argv[1] }), { sub: 'p' + process.pid, org_kind: 'EMPLOYMENT', org_id: 'TE-TOIMISTO' })
        .then((token) => process.stdout.write(token), (error) => { console.error(error); process.exit(1); });`;
    // Each process is killed if it has not answered in 90 s, so that a stuck one fails this test instead of
    // outliving it: a leftover child holding the runner's stderr kept jest from exiting and CI ran out of time.
    const run = async (keys: string) => (await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', '-e', program, keys], { timeout: 90_000, killSignal: 'SIGKILL' })).stdout;
    // One process first, on a directory of its own, so that tsx's cache holds the compiled modules and the
    // four do not all start esbuild on a cold cache at once (the race under test is the keys', not tsx's).
    await run(keysDir());
    const tokens = await Promise.all(Array.from({ length: 4 }, () => run(dir)));
    const verify = await createTokenVerifier(authConfigFromEnv({ AUTH_DEV_KEYS_DIR: dir }), {});
    for (const token of tokens) await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ organisationId: 'TE-TOIMISTO' });
    // A token signed with another pair is still refused: the check is real.
    const other = await signDevToken(authConfigFromEnv({ AUTH_DEV_KEYS_DIR: keysDir() }), claims);
    await expect(verify(`Bearer ${other}`)).rejects.toThrow('the token is not valid');
  });
});

describe('development service keys', () => {
  it('are one pair when several signers of one register start at once: the public keys are those of the private key', async () => {
    const dir = keysDir();
    const env = { AUTH_DEV_KEYS_DIR: dir };
    const signers = await Promise.all([createServiceTokenSigner('EMPLOYMENT', env), createServiceTokenSigner('EMPLOYMENT', env), createServiceTokenSigner('EMPLOYMENT', env)]);
    const publicJwks = JSON.parse(readFileSync(join(dir, 'service-employment-jwks.json'), 'utf8'));
    const privateJwk = JSON.parse(readFileSync(join(dir, 'service-employment-signing-key.jwk.json'), 'utf8'));
    expect(publicJwks.keys).toHaveLength(1);
    expect(publicJwks.keys[0]).toMatchObject({ kid: privateJwk.kid, x: privateJwk.x, y: privateJwk.y, use: 'sig' });
    expect(publicJwks.keys[0].d).toBeUndefined();
    expect(signers).toHaveLength(3);
  });
});
