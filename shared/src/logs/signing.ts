// Signatures over the heads and checkpoints of the registers' log chains (./chain.ts). Each register signs
// with the ES256 key pair it already has for its service tokens (../auth/service-tokens.ts): the private
// JWK from SERVICE_PRIVATE_JWK (production) or the development key file; anybody verifies with the
// register's published public keys, `<REGISTER>_SERVICE_JWKS` (e.g. JOINT_SERVICE_JWKS), as printed by
// `npm run service-keys`. The joint register, which signs no service tokens, gets a key pair for this.
import { readFileSync, existsSync } from 'node:fs';
import { JSONWebKeySet, JWK, JWTPayload, KeyLike, SignJWT, createLocalJWKSet, importJWK, jwtVerify } from 'jose';
import {
  devKeysDir, devPrivateKeyFile, devPublicKeysFile, ensureDevServiceKeys, production, serviceIssuer,
} from '../auth/service-tokens';
import type { Register } from '../law/categories';

const ALG = 'ES256';
/** The JWS `typ` of a signed chain head or checkpoint: no other token of the system can pass for one. */
export const LOG_SEAL_TYPE = 'log-chain-seal+jwt';

/** What a seal states: the chain, the place (1-based) and hash of an entry, and what kind of seal it is. */
export interface SealClaims {
  register: Register;
  chain: string;
  /** REDACTION: the register's retention run redacted the entry at `seq` whose hash is `hash` (./chain.ts redactEntries). */
  kind: 'HEAD' | 'CHECKPOINT' | 'REDACTION';
  seq: number;
  hash: string;
}

export interface LogSigner {
  register: Register;
  kid: string;
  sign(claims: SealClaims): Promise<string>;
  /** The public keys that verify this signer's seals (the public half of its own key). */
  publicJwks: JSONWebKeySet;
}

/**
 * The register's seal signer. Key: SERVICE_PRIVATE_JWK (an ES256 private JWK with a `kid`, JSON), required
 * with NODE_ENV=production (for the joint register too); in development the register's development key,
 * created on first use in AUTH_DEV_KEYS_DIR. Throws when it is missing in production or malformed.
 */
export async function createLogSigner(register: Register, env: NodeJS.ProcessEnv = process.env): Promise<LogSigner> {
  let jwk: JWK;
  if (env.SERVICE_PRIVATE_JWK) {
    try { jwk = JSON.parse(env.SERVICE_PRIVATE_JWK) as JWK; } catch { throw new Error('SERVICE_PRIVATE_JWK is not valid JSON'); }
  } else if (production(env)) {
    throw new Error(`NODE_ENV=production needs SERVICE_PRIVATE_JWK: the ${register.toLowerCase()} register's private key, which signs its log chains`);
  } else {
    await ensureDevServiceKeys(devKeysDir(env), register);
    jwk = JSON.parse(readFileSync(devPrivateKeyFile(devKeysDir(env), register), 'utf8')) as JWK;
  }
  if (jwk?.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string' || !jwk.kid) {
    throw new Error('SERVICE_PRIVATE_JWK must be an ES256 (EC P-256) private JWK with a kid');
  }
  const key = (await importJWK(jwk, ALG)) as KeyLike;
  const { d: _private, ...publicJwk } = jwk;
  const issuer = serviceIssuer(register);
  return {
    register,
    kid: jwk.kid,
    publicJwks: { keys: [{ ...publicJwk, alg: ALG, use: 'sig' }] },
    sign: (claims) => new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALG, kid: jwk.kid, typ: LOG_SEAL_TYPE })
      .setIssuer(issuer)
      .setIssuedAt()
      .sign(key),
  };
}

/**
 * The published public keys of `register` for verifying its seals: `<REGISTER>_SERVICE_JWKS` (JSON JWKS)
 * when set, else (development) the register's development public key file; undefined when neither exists.
 */
export function publishedLogKeys(register: Register, env: NodeJS.ProcessEnv = process.env): JSONWebKeySet | undefined {
  const configured = env[`${register}_SERVICE_JWKS`];
  if (configured) {
    try { return JSON.parse(configured) as JSONWebKeySet; } catch { throw new Error(`${register}_SERVICE_JWKS is not valid JSON`); }
  }
  const file = devPublicKeysFile(devKeysDir(env), register);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as JSONWebKeySet : undefined;
}

/**
 * Verifies a seal against `keys`: signed by the register (issuer), of the seal type, and stating exactly
 * `expected`. Returns undefined when it does, else why not (for the verification report).
 */
export async function sealProblem(signature: string, keys: JSONWebKeySet | undefined, expected: SealClaims): Promise<string | undefined> {
  if (!keys) return `no public keys of the ${expected.register.toLowerCase()} register to verify its signature (set ${expected.register}_SERVICE_JWKS)`;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(signature, createLocalJWKSet(keys), { issuer: serviceIssuer(expected.register), algorithms: [ALG], typ: LOG_SEAL_TYPE }));
  } catch (error) {
    return `its signature is not valid for the ${expected.register.toLowerCase()} register's keys (${(error as { code?: string }).code ?? 'invalid'})`;
  }
  for (const [name, value] of Object.entries(expected)) {
    if (payload[name] !== value) return `the signed ${name} (${String(payload[name])}) is not the stored one (${String(value)})`;
  }
  return undefined;
}
