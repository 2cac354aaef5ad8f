// Service credentials for register-to-register calls. The authority subgraphs ask the joint register
// for consents and file disclosure records with it (../graphql/joint-client.ts); the joint register's
// internal routes answer only them, not whoever holds a user token. Each calling register has its own
// ES256 key pair and signs a short-lived service token for every call, bound to that one request (method,
// path, request id, a digest of the body and of the forwarded user token, as DPoP binds a proof, RFC 9449);
// the joint register verifies it against that register's public keys and accepts each token once.
//
// Production (NODE_ENV=production): the caller's private key from SERVICE_PRIVATE_JWK, the trusted public
// keys from <REGISTER>_SERVICE_JWKS in the joint register; a service refuses to start without them.
// Development: a key pair per register created on first start in AUTH_DEV_KEYS_DIR, never committed.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  JSONWebKeySet, JWK, JWTPayload, KeyLike, SignJWT, createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, importJWK, jwtVerify,
} from 'jose';
import { AUTHORITIES, Authority, Register } from '../law/categories';
import { ensureKeyPairFiles } from './key-files';

const ALG = 'ES256';
/** The header that carries the service token; `authorization` still carries the caller's own token. */
export const SERVICE_AUTHORIZATION_HEADER = 'x-service-authorization';
/** `aud` of every service token: the joint register's internal API, nothing else accepts it. */
export const JOINT_INTERNAL_AUDIENCE = 'urn:customer-graph:register:joint:internal';
/** How long a service token is valid: one call, so seconds. */
export const SERVICE_TOKEN_SECONDS = 30;
/** The longest lifetime (exp - iat) the joint register accepts. */
export const MAX_SERVICE_TOKEN_SECONDS = 60;

/** `iss` (and `sub`) of a register's service tokens, e.g. `urn:customer-graph:register:employment`. */
export const serviceIssuer = (register: Register) => `urn:customer-graph:register:${register.toLowerCase()}`;

/**
 * `aud` of the internal API of an authority's register: the joint register's notices of a customer's home
 * municipality (issue 10; ../graphql/home-municipalities.ts) carry it, nothing else accepts them.
 */
export const registerInternalAudience = (register: Authority) => `urn:customer-graph:register:${register.toLowerCase()}:internal`;

/** The registers that call the joint register's internal routes: the three authorities. */
export const CALLING_REGISTERS: readonly Authority[] = AUTHORITIES;

/** What a service token is bound to: exactly one HTTP request. */
export interface ServiceRequest {
  method: string;
  /** The URL path, e.g. `/internal/disclosures`. */
  path: string;
  requestId: string;
  /** The exact request body as sent (UTF-8). */
  body: string;
  /** The forwarded `authorization` header of the caller (the user token; empty for a call of the service alone). */
  authorization: string;
  /** Whose internal API is called: the joint register's unless named (`registerInternalAudience`). */
  audience?: string;
}

/** Signs a service token for one request to the joint register. */
export type ServiceTokenSigner = (request: ServiceRequest) => Promise<string>;
/** Verifies the service token of a request (the header's value); resolves to the calling register, else throws ServiceAuthenticationError. */
export type ServiceTokenVerifier = (header: string | string[] | undefined, request: ServiceRequest) => Promise<Authority>;

/** The reason is for the joint register's own log only; the caller is told nothing of it. */
export class ServiceAuthenticationError extends Error {}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');
/** The user token itself, without its scheme (DPoP's `ath` is the hash of the access token). */
const bearerToken = (authorization: string) => /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? authorization;

export const production = (env: NodeJS.ProcessEnv) => env.NODE_ENV === 'production' && env.ALLOW_DEVELOPMENT_TOKENS !== 'yes';
export const devKeysDir = (env: NodeJS.ProcessEnv) => resolve(env.AUTH_DEV_KEYS_DIR ?? join(env.DATA_DIR ?? '.data', 'keys'));
export const devPrivateKeyFile = (dir: string, register: Register) => join(dir, `service-${register.toLowerCase()}-signing-key.jwk.json`);
export const devPublicKeysFile = (dir: string, register: Register) => join(dir, `service-${register.toLowerCase()}-jwks.json`);

/** A new ES256 key pair for a register's service tokens: the private JWK and the public JWKS (both JSON-ready). */
export async function generateServiceKeyPair(register: Register): Promise<{ privateJwk: JWK; publicJwks: JSONWebKeySet }> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `service-${register.toLowerCase()}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
    publicJwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' }] },
  };
}

/**
 * Development only: creates the register's service key pair once, beside the development user-token keys.
 * Its signer of service tokens and its log signer call this together at start: safe for concurrent callers
 * in one process and across processes (./key-files.ts).
 */
export async function ensureDevServiceKeys(dir: string, register: Register): Promise<void> {
  await ensureKeyPairFiles(devPrivateKeyFile(dir, register), devPublicKeysFile(dir, register), async () => (await generateServiceKeyPair(register)).privateJwk);
}

function parseJson(name: string, text: string): unknown {
  try { return JSON.parse(text); } catch { throw new Error(`${name} is not valid JSON`); }
}

/**
 * The signer of a register's service calls: an authority's to the joint register, the joint register's
 * notices to the authorities' registers (the request's `audience` names whose internal API). Key: SERVICE_PRIVATE_JWK (an ES256 private
 * JWK with a `kid`, JSON); required with NODE_ENV=production; in development created on first start.
 * Throws (so the service does not start) when the key is missing in production or malformed.
 */
export async function createServiceTokenSigner(register: Register, env: NodeJS.ProcessEnv = process.env): Promise<ServiceTokenSigner> {
  let jwk: JWK;
  if (env.SERVICE_PRIVATE_JWK) {
    jwk = parseJson('SERVICE_PRIVATE_JWK', env.SERVICE_PRIVATE_JWK) as JWK;
  } else if (production(env)) {
    throw new Error(`NODE_ENV=production needs SERVICE_PRIVATE_JWK: the ${register.toLowerCase()} register's private key for its calls to the other registers`);
  } else {
    await ensureDevServiceKeys(devKeysDir(env), register);
    jwk = JSON.parse(readFileSync(devPrivateKeyFile(devKeysDir(env), register), 'utf8')) as JWK;
  }
  if (jwk?.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string' || !jwk.kid) {
    throw new Error('SERVICE_PRIVATE_JWK must be an ES256 (EC P-256) private JWK with a kid');
  }
  const key = (await importJWK(jwk, ALG)) as KeyLike;
  const issuer = serviceIssuer(register);
  return (request) => new SignJWT({
    htm: request.method, htu: request.path, rid: request.requestId, bsh: sha256(request.body), ath: sha256(bearerToken(request.authorization)),
  })
    .setProtectedHeader({ alg: ALG, kid: jwk.kid, typ: 'service+jwt' })
    .setIssuer(issuer)
    .setSubject(issuer)
    .setAudience(request.audience ?? JOINT_INTERNAL_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${SERVICE_TOKEN_SECONDS}s`)
    .sign(key);
}

type KeySet = ReturnType<typeof createLocalJWKSet>;

function publicKeySet(name: string, value: unknown): KeySet {
  const jwks = value as JSONWebKeySet;
  if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0) throw new Error(`${name} must be a JWKS ({"keys": [...]}) with at least one key`);
  if (jwks.keys.some((k) => 'd' in k)) throw new Error(`${name} must hold public keys only`);
  return createLocalJWKSet(jwks);
}

/**
 * The joint register's verifier of service tokens. Trusts each calling register's public keys from
 * `<REGISTER>_SERVICE_JWKS` (EMPLOYMENT_SERVICE_JWKS, WELLBEING_SERVICE_JWKS, KELA_SERVICE_JWKS; a JWKS
 * as JSON), all required with NODE_ENV=production; in development read from the registers' development
 * key files (created when those registers first start). A token is accepted when it is signed by the key
 * of the register its `iss` names, for the joint register's internal API, at most 60 s long, unexpired,
 * bound to this very request (method, path, request id, body, user token), and not seen before.
 */
export async function createServiceTokenVerifier(env: NodeJS.ProcessEnv = process.env): Promise<ServiceTokenVerifier> {
  return verifierOf(CALLING_REGISTERS, JOINT_INTERNAL_AUDIENCE, env, 'the registers that call the joint register');
}

/**
 * An authority register's verifier of the joint register's service tokens (its notices of home
 * municipalities): trusts JOINT_SERVICE_JWKS (required with NODE_ENV=production), in development the joint
 * register's development key file; audience `registerInternalAudience(register)`; otherwise as above.
 */
export async function createJointServiceTokenVerifier(register: Authority, env: NodeJS.ProcessEnv = process.env): Promise<(header: string | string[] | undefined, request: ServiceRequest) => Promise<Register>> {
  return verifierOf(['JOINT'] as const, registerInternalAudience(register), env, 'the joint register, which tells this register the home municipality of a customer it admits');
}

async function verifierOf<R extends Register>(callers: readonly R[], audience: string, env: NodeJS.ProcessEnv, who: string): Promise<(header: string | string[] | undefined, request: ServiceRequest) => Promise<R>> {
  const configured = new Map<R, KeySet>();
  const missing: string[] = [];
  for (const register of callers) {
    const name = `${register}_SERVICE_JWKS`;
    if (env[name]) configured.set(register, publicKeySet(name, parseJson(name, env[name]!)));
    else missing.push(name);
  }
  if (missing.length > 0 && production(env)) {
    throw new Error(`NODE_ENV=production needs ${missing.join(', ')}: the public keys of ${who}`);
  }
  const dir = devKeysDir(env);
  const development = new Map<R, KeySet>();
  const keysOf = (register: R, reload: boolean): KeySet | undefined => {
    if (configured.has(register)) return configured.get(register);
    if (!reload && development.has(register)) return development.get(register);
    const file = devPublicKeysFile(dir, register);
    if (!existsSync(file)) return undefined;
    development.set(register, publicKeySet(file, JSON.parse(readFileSync(file, 'utf8'))));
    return development.get(register);
  };
  const byIssuer = new Map(callers.map((r) => [serviceIssuer(r), r]));
  // Each token is accepted once: jti → when it expires (ms). Tokens live seconds, so this stays small.
  const seen = new Map<string, number>();

  return async (header, request) => {
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!token) throw new ServiceAuthenticationError('no service token');
    let claimed: JWTPayload;
    try { claimed = decodeJwt(token); } catch { throw new ServiceAuthenticationError('service token is malformed'); }
    // The issuer picks whose keys verify the signature; a token naming one register and signed with
    // another's key then fails verification.
    const register = typeof claimed.iss === 'string' ? byIssuer.get(claimed.iss) : undefined;
    if (!register) throw new ServiceAuthenticationError('service token names no trusted register');
    let payload: JWTPayload;
    const verify = async (keys: KeySet) => (await jwtVerify(token, keys, {
      issuer: serviceIssuer(register), audience, algorithms: [ALG], typ: 'service+jwt',
      requiredClaims: ['iat', 'exp', 'jti', 'sub'], maxTokenAge: `${MAX_SERVICE_TOKEN_SECONDS}s`, clockTolerance: 5,
    })).payload;
    try {
      const keys = keysOf(register, false);
      if (!keys) throw new ServiceAuthenticationError('no keys for that register');
      try {
        payload = await verify(keys);
      } catch (error) {
        // Development keys may have been created after the first look (a register started later).
        const code = (error as { code?: string }).code;
        const fresh = code === 'ERR_JWKS_NO_MATCHING_KEY' && !configured.has(register) ? keysOf(register, true) : undefined;
        if (!fresh) throw error;
        payload = await verify(fresh);
      }
    } catch (error) {
      if (error instanceof ServiceAuthenticationError) throw error;
      throw new ServiceAuthenticationError(`service token refused (${(error as { code?: string }).code ?? 'invalid'})`);
    }
    if (payload.sub !== payload.iss) throw new ServiceAuthenticationError('service token subject is not its issuer');
    if (payload.exp! - payload.iat! > MAX_SERVICE_TOKEN_SECONDS) throw new ServiceAuthenticationError('service token lives too long');
    if (payload.htm !== request.method || payload.htu !== request.path || payload.rid !== request.requestId
      || payload.bsh !== sha256(request.body) || payload.ath !== sha256(bearerToken(request.authorization))) {
      throw new ServiceAuthenticationError('service token is bound to another request');
    }
    const now = Date.now();
    for (const [jti, until] of seen) { if (until >= now) break; seen.delete(jti); }
    const jti = payload.jti!;
    if (seen.has(jti)) throw new ServiceAuthenticationError('service token replayed');
    seen.set(jti, (payload.exp! + 5) * 1000);
    return register;
  };
}
