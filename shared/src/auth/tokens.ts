// Bearer tokens (JWT). Production verifies against an OIDC issuer's published keys (AUTH_JWKS_URL,
// AUTH_ISSUER, AUTH_AUDIENCE). Development signs with a local key pair created on first start in
// AUTH_DEV_KEYS_DIR (default .data/keys), so no secret is ever committed.
import { readFileSync } from 'node:fs';
import {
  JWK, JWTPayload, KeyLike, SignJWT, createLocalJWKSet, createRemoteJWKSet, decodeJwt, importJWK, jwtVerify,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { Actor, DISCLOSURE_PURPOSES, DisclosurePurpose, ORGANISATION_KINDS, OrganisationKind } from './actor';
import { type AuthConfig, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, DEV_ALG as ALG, devPrivateKeyFile as privateKeyFile, devPublicKeysFile as publicKeysFile, ensureDevKeys } from './config';

// The settings and the development key pair (./config.ts), for everything that imported them from here.
export { DEV_ISSUER, DEV_AUDIENCE, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, authConfigFromEnv, ensureDevKeys, isDevelopmentMode } from './config';
export type { AuthConfig } from './config';

export class AuthenticationError extends Error {}

export interface TokenClaims {
  sub: string;
  org_kind: OrganisationKind;
  org_id: string;
  roles?: string[];
  /** An official's organisation unit, which names the cooperation area they serve (shared/src/law/areas.ts). */
  org_unit?: string;
  customer_id?: string;
  purpose?: DisclosurePurpose;
}

/**
 * Signs a development token; `expiresIn` as jose accepts it ('8h', '30m'; '-1s' for an expired one in tests).
 * Throws AuthenticationError, signing nothing, when the lifetime is longer than the services accept
 * (`config.maxTokenLifetimeSeconds`, AUTH_MAX_TOKEN_LIFETIME_SECONDS; checkTokenLifetime): found by an outsider,
 * `TOKEN_TTL=24h npm run token` printed a token that every service then refused with 401.
 */
export async function signDevToken(config: AuthConfig, claims: TokenClaims, expiresIn = '8h'): Promise<string> {
  await ensureDevKeys(config.devKeysDir);
  const jwk = JSON.parse(readFileSync(privateKeyFile(config.devKeysDir), 'utf8')) as JWK;
  const key = (await importJWK(jwk, ALG)) as KeyLike;
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: ALG, kid: jwk.kid })
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
  // The services' own check, on what was signed (jose reads `expiresIn`): the token is not handed out otherwise.
  const { iat, exp } = decodeJwt(token);
  checkTokenLifetime({ iat, exp }, config.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, iat);
  return token;
}

// Identifiers from a token are stored as they are (a disclosure record's recipient, the access log's actor):
// a control character (NUL is refused by PostgreSQL) or a very long value would fail the statement they are
// written by, which is shared with other callers' under group commit, so the token is refused instead.
const IDENTIFIER_MAX = 200;
// Visible ASCII only (U+0021-U+007E), as identity providers issue subjects, organisation ids (a business id),
// units and roles, and as consents name organisations (shared/src/validation.ts). Anything else could make an
// identifier in the access log and in the customer's "who saw my data" look like another's: control and
// format characters (a bidirectional override U+202E, a zero-width space; review 7, L2), a no-break space at
// the end or a Cyrillic "е" in place of a Latin "e" (review 8, L4).
const IDENTIFIER = /^[\x21-\x7e]*$/;
const malformedIdentifier = (value: unknown) => typeof value === 'string' && (value.length > IDENTIFIER_MAX || !IDENTIFIER.test(value));

/**
 * The actor a verified token's claims describe. Throws AuthenticationError (401) naming the claim that is
 * missing or malformed: no subject or organisation id, an unknown organisation kind or purpose, roles not
 * a list of strings, a customer token without a customer, or an identifier (sub, org_id, org_unit,
 * customer_id, a role) longer than 200 characters or holding anything but visible ASCII (a space, U+202E, a Cyrillic letter).
 * A customer id is taken in lower case, the form ids are stored in.
 */
export function actorFromClaims(payload: JWTPayload): Actor {
  const { sub, org_kind: kind, org_id: orgId, roles, customer_id: customerId, purpose, org_unit: unit } = payload as Partial<TokenClaims>;
  for (const [claim, value] of [['sub', sub], ['org_id', orgId], ['org_unit', unit], ['customer_id', customerId], ...(Array.isArray(roles) ? roles.map((r) => ['roles', r]) : [])] as [string, unknown][]) {
    if (malformedIdentifier(value)) throw new AuthenticationError(`token claim ${claim} must be visible ASCII characters (no spaces) and at most ${IDENTIFIER_MAX} characters`);
  }
  if (typeof sub !== 'string' || !sub) throw new AuthenticationError('token has no subject');
  if (typeof kind !== 'string' || !ORGANISATION_KINDS.includes(kind)) throw new AuthenticationError('token has no valid organisation kind');
  if (typeof orgId !== 'string' || !orgId) throw new AuthenticationError('token has no organisation id');
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((r) => typeof r === 'string'))) throw new AuthenticationError('token roles are malformed');
  if (kind === 'CUSTOMER' && typeof customerId !== 'string') throw new AuthenticationError('customer token names no customer');
  if (purpose !== undefined && !(DISCLOSURE_PURPOSES as readonly string[]).includes(purpose)) throw new AuthenticationError('token purpose is unknown');
  // Its length is the identifiers' (IDENTIFIER_MAX, above), as the README says (found by an outsider: 100 here).
  if (unit !== undefined && typeof unit !== 'string') throw new AuthenticationError('token organisation unit is malformed');
  return { id: sub, organisationKind: kind, organisationId: orgId, roles: roles ?? [], customerId: customerId?.toLowerCase(), purpose, ...(unit ? { organisationUnit: unit } : {}) };
}

const duration = (seconds: number) =>
  seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;

/** How far an issuer's clock may run ahead of ours (s): a token issued later than this from now is refused. */
export const ISSUED_AT_SKEW_SECONDS = 60;

/**
 * Refuses a token that never expires (no `exp`), that was issued in the future (`iat` more than
 * ISSUED_AT_SKEW_SECONDS from now: a clock gone wrong or a token made to outlive its issue, RFC 7519 § 4.1.6), or
 * that lives longer than `maxSeconds`: its lifetime is `exp - iat`, counted from now when `iat` is missing.
 * Throws AuthenticationError naming why; the caller answers 401.
 */
export function checkTokenLifetime(payload: JWTPayload, maxSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): void {
  if (typeof payload.exp !== 'number') {
    throw new AuthenticationError(`the token has no expiry (exp); tokens must expire within ${duration(maxSeconds)}`);
  }
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + ISSUED_AT_SKEW_SECONDS) {
    throw new AuthenticationError(`the token's issue time (iat) is ${duration(payload.iat - nowSeconds)} in the future`);
  }
  const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, nowSeconds) : nowSeconds;
  const lifetime = payload.exp - issuedAt;
  if (lifetime > maxSeconds) {
    throw new AuthenticationError(`the token's lifetime of ${duration(lifetime)} is longer than the maximum of ${duration(maxSeconds)} (AUTH_MAX_TOKEN_LIFETIME_SECONDS)`);
  }
}

export type TokenVerifier = (authorizationHeader: string | undefined) => Promise<Actor>;

/** How long a verified token is taken on its text alone, at most (ms); see createTokenVerifier. */
export const VERIFIED_TOKEN_MS = 60_000;
/** How many verified tokens each process keeps (an official's token is ~0.7 kB: a few MB at most). */
export const VERIFIED_TOKENS_MAX = 5_000;

/**
 * The verifier of callers' bearer tokens: `Authorization: Bearer <JWT>` → the Actor of its claims, or an
 * AuthenticationError naming why not (the caller answers 401). The signature (ES256 or RS256, against
 * AUTH_JWKS_URL's keys or the development key pair), issuer, audience, expiry and the maximum lifetime are
 * checked as jose's `jwtVerify` and checkTokenLifetime check them.
 *
 * A token that passed is remembered by its exact text for VERIFIED_TOKEN_MS, never past its `exp`: an
 * official's screen sends the same token with every request, and each of the five services verified its
 * signature again each time (ES256, about 0.3 ms of CPU per request per service; BENCHMARKS.md change 29).
 * The same text cannot verify differently later, except by time: the expiry (the entry ends with it), the
 * lifetime check (which only a token's expiry can fail, and then it failed at once), and the issuer's keys
 * (a key withdrawn from AUTH_JWKS_URL stops a remembered token within VERIFIED_TOKEN_MS, where jose itself
 * keeps fetched keys up to ten minutes). Refused tokens are never remembered, and every use still makes a
 * new Actor from the verified claims.
 */
export async function createTokenVerifier(config: AuthConfig, env: NodeJS.ProcessEnv = process.env): Promise<TokenVerifier> {
  let keys: Parameters<typeof jwtVerify>[1];
  if (!config.jwksUrl && env.NODE_ENV === 'production' && env.ALLOW_DEVELOPMENT_TOKENS !== 'yes') {
    // Development keys sign whatever anyone asks for; production trusts only the identity provider.
    throw new Error('NODE_ENV=production needs AUTH_JWKS_URL (the OIDC issuer\'s keys); development tokens are refused');
  }
  if (config.jwksUrl) {
    keys = createRemoteJWKSet(new URL(config.jwksUrl)) as Parameters<typeof jwtVerify>[1];
  } else {
    await ensureDevKeys(config.devKeysDir);
    keys = createLocalJWKSet(JSON.parse(readFileSync(publicKeysFile(config.devKeysDir), 'utf8'))) as Parameters<typeof jwtVerify>[1];
  }
  const verified = new LRUCache<string, JWTPayload>({ max: VERIFIED_TOKENS_MAX });
  return async (header) => {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    // Said as it is (found by an outsider, session 28: a header with more after the token was answered as if no
    // token had been sent): none, another scheme, or a token followed by more.
    if (!token) {
      throw new AuthenticationError(!header?.trim() ? 'a bearer token is required'
        : /^Bearer\s+\S+\s+\S/i.test(header) ? 'the authorization header must be "Bearer <token>" and nothing more'
          : 'the authorization header must be "Bearer <token>"');
    }
    const known = verified.get(token);
    // The cache's own clock is monotonic and coarse (it may lag a busy event loop); `exp` is wall-clock time.
    if (known && Date.now() < (known.exp as number) * 1000) return actorFromClaims(known);
    if (known) verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: config.issuer, audience: config.audience, algorithms: [ALG, 'RS256'] });
      checkTokenLifetime(payload, config.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
      const actor = actorFromClaims(payload);
      // Valid while floor(now in seconds) < exp, as jose's check without clock tolerance.
      const untilExpiry = (payload.exp as number) * 1000 - Date.now();
      if (untilExpiry > 0) {
        // Frozen: every Actor made from it shares its roles array.
        if (Array.isArray(payload.roles)) Object.freeze(payload.roles);
        verified.set(token, Object.freeze(payload), { ttl: Math.min(VERIFIED_TOKEN_MS, untilExpiry) });
      }
      return actor;
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const code = (error as { code?: string }).code;
      throw new AuthenticationError(code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'the token is not valid');
    }
  };
}
