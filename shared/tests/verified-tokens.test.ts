// A caller's token verified once is remembered by its exact text (shared/src/auth/tokens.ts createTokenVerifier),
// never past its expiry, and nothing but that exact text is taken on the strength of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authConfigFromEnv, createTokenVerifier, signDevToken, TokenClaims } from '../src/auth/tokens';

const dir = mkdtempSync(join(tmpdir(), 'cg-verified-tokens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = authConfigFromEnv({ AUTH_DEV_KEYS_DIR: join(dir, 'keys') });
const claims: TokenClaims = { sub: 'verified-tokens-test', org_kind: 'EMPLOYMENT', org_id: 'TE-TOIMISTO', roles: ['EMPLOYMENT_EXPERT'] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('verified tokens remembered by their text', () => {
  it('take a token again as a new Actor each time, whose shared roles cannot be changed', async () => {
    const verify = await createTokenVerifier(config, {});
    const token = await signDevToken(config, claims, '1h');
    const first = await verify(`Bearer ${token}`);
    const again = await verify(`Bearer ${token}`);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(first).toMatchObject({ id: 'verified-tokens-test', roles: ['EMPLOYMENT_EXPERT'] });
    expect(() => (again.roles as string[]).push('AUDITOR')).toThrow(TypeError);
    expect((await verify(`Bearer ${token}`)).roles).toEqual(['EMPLOYMENT_EXPERT']);
  });

  it('refuse a remembered token once it has expired', async () => {
    const verify = await createTokenVerifier(config, {});
    const token = await signDevToken(config, claims, '2s');
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ id: 'verified-tokens-test' });
    await sleep(2100);
    await expect(verify(`Bearer ${token}`)).rejects.toThrow('the token has expired');
  });

  it('refuse a remembered token past its expiry even when the event loop was busy (the cache\'s clock lags)', async () => {
    const verify = await createTokenVerifier(config, {});
    const token = await signDevToken(config, claims, '2s');
    const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp as number;
    await verify(`Bearer ${token}`);
    await sleep(Math.max(0, exp * 1000 - Date.now() - 600));
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ id: 'verified-tokens-test' });
    // No turn of the event loop until past the expiry: nothing refreshes the cache's clock.
    while (Date.now() < exp * 1000 + 200) { /* busy */ }
    await expect(verify(`Bearer ${token}`)).rejects.toThrow('the token has expired');
  });

  it('verify a token that differs from a remembered one by one character on its own, and refuse it', async () => {
    const verify = await createTokenVerifier(config, {});
    const token = await signDevToken(config, claims, '1h');
    await verify(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['AUDITOR'] })).toString('base64url');
    await expect(verify(`Bearer ${header}.${forgedPayload}.${signature}`)).rejects.toThrow('the token is not valid');
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    await expect(verify(`Bearer ${header}.${payload}.${flipped}`)).rejects.toThrow('the token is not valid');
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ roles: ['EMPLOYMENT_EXPERT'] });
  });

  it('never remember a refused token: one refused for its audience stays refused', async () => {
    const verify = await createTokenVerifier(config, {});
    const other = await signDevToken({ ...config, audience: 'someone-else' }, claims, '1h');
    await expect(verify(`Bearer ${other}`)).rejects.toThrow('the token is not valid');
    await expect(verify(`Bearer ${other}`)).rejects.toThrow('the token is not valid');
  });
});

// Found by an outsider (session 28): `Bearer <token> extra` was answered "a bearer token is required".
describe('an authorization header that is no bearer token', () => {
  it('is refused saying what is wrong with it; the token alone is taken', async () => {
    const verify = await createTokenVerifier(config);
    const token = await signDevToken(config, claims, '5m');
    await expect(verify(undefined)).rejects.toThrow(/^a bearer token is required$/);
    await expect(verify('  ')).rejects.toThrow(/^a bearer token is required$/);
    await expect(verify(`Bearer ${token} extra`)).rejects.toThrow(/^the authorization header must be "Bearer <token>" and nothing more$/);
    await expect(verify(`Basic ${token}`)).rejects.toThrow(/^the authorization header must be "Bearer <token>"$/);
    await expect(verify(token)).rejects.toThrow(/^the authorization header must be "Bearer <token>"$/);
    expect((await verify(`Bearer ${token}`)).id).toBe('verified-tokens-test');
  });
});
