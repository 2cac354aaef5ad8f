// The token settings from the environment and the development key pair, apart from the verification
// (./tokens.ts, which re-exports all of this): scripts/start.ts needs only these before it spawns the
// services, and loading jose for them cost some 0.16 CPU s on the start's serial path (issue 11).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ensureKeyPairFiles } from './key-files';
import { wholeNumberSetting } from '../settings';

/** The development keys' signature algorithm (ECDSA P-256 with SHA-256). */
export const DEV_ALG = 'ES256';
export const DEV_ISSUER = 'urn:customer-graph:development';
export const DEV_AUDIENCE = 'customer-graph';

export interface AuthConfig {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  devKeysDir: string;
  /** The longest lifetime a token may have, in seconds (AUTH_MAX_TOKEN_LIFETIME_SECONDS; default 12 h). */
  maxTokenLifetimeSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/**
 * Development mode: NODE_ENV unset, `development` or `test`. Development tokens are handed out (by the
 * playground) only then; never with NODE_ENV=production or any other value, whatever else is set.
 */
export function isDevelopmentMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['', 'development', 'test'].includes(env.NODE_ENV ?? '');
}

/** AUTH_JWKS_URL, or undefined when unset or empty; throws naming the variable when it is not a URL. */
function jwksUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.AUTH_JWKS_URL;
  if (!raw) return undefined;
  if (!URL.canParse(raw)) throw new Error(`AUTH_JWKS_URL must be a URL (the OIDC issuer's JWKS, e.g. https://login.example/jwks), not "${raw}"`);
  return raw;
}

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return {
    issuer: env.AUTH_ISSUER ?? DEV_ISSUER,
    audience: env.AUTH_AUDIENCE ?? DEV_AUDIENCE,
    jwksUrl: jwksUrlFromEnv(env),
    // Empty is unset: an empty AUTH_DEV_KEYS_DIR resolved to the working directory and made key files there.
    devKeysDir: resolve(env.AUTH_DEV_KEYS_DIR || join(env.DATA_DIR || '.data', 'keys')),
    maxTokenLifetimeSeconds: wholeNumberSetting(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, { min: 1 }),
  };
}

/** The development private key (a JWK with `kid` and `alg`) in `dir`. */
export const devPrivateKeyFile = (dir: string) => join(dir, 'dev-signing-key.jwk.json');
/** The development public keys (a JWKS) in `dir`. */
export const devPublicKeysFile = (dir: string) => join(dir, 'dev-jwks.json');

/**
 * Creates the development key pair once (P-256, as JWK files: ./tokens.ts signs and verifies with them);
 * every process of the system then reads the same files. Node's own crypto exports the JWK, so that this
 * needs no jose. Safe for concurrent callers in one process and across processes (./key-files.ts says why
 * that matters).
 */
export async function ensureDevKeys(dir: string): Promise<void> {
  await ensureKeyPairFiles(devPrivateKeyFile(dir), devPublicKeysFile(dir), async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { ...privateKey.export({ format: 'jwk' }), kid: `dev-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`, alg: DEV_ALG };
  });
}
