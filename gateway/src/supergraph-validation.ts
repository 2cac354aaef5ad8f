// Whether the gateway validates its supergraph at start (@apollo/gateway's `validateSupergraph`), which costs
// some 0.13 CPU s of every start (issue 11, cold start; BENCHMARKS.md change 34). Apollo validates outside
// production and not in it. We validate a supergraph once per @apollo/gateway version: the validation is a
// pure function of the two, so a supergraph that passed it once passes it again, and a start of the same one
// skips it. A changed or new supergraph (a hand edit, a new composition) is validated at its first start.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where a validated supergraph is remembered: node_modules/.cache/customer-graph/supergraph-valid/<sha256 of
 * the @apollo/gateway version and the SDL>, an empty file (beside the kept PGlite cluster, which a fresh
 * `npm install` also starts without).
 */
export function validationMarker(supergraphSdl: string): string {
  const packageJson = require.resolve('@apollo/gateway/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const key = createHash('sha256').update(`@apollo/gateway ${version}\n`).update(supergraphSdl).digest('hex');
  return join(dirname(packageJson), '..', '..', '.cache', 'customer-graph', 'supergraph-valid', key);
}

/**
 * Whether @apollo/gateway should validate `supergraphSdl` at this start: not in production (Apollo's own
 * default there), nor where this SDL passed validation by this @apollo/gateway version before
 * ({@link rememberValidSupergraph}); otherwise yes.
 */
export function supergraphNeedsValidation(supergraphSdl: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NODE_ENV === 'production') return false;
  return !existsSync(validationMarker(supergraphSdl));
}

/**
 * Remembers that `supergraphSdl` passed validation (call only after the gateway loaded it with validation on).
 * Best effort: a cache that cannot be written only means the next start validates again.
 */
export function rememberValidSupergraph(supergraphSdl: string): void {
  const marker = validationMarker(supergraphSdl);
  try {
    mkdirSync(dirname(marker), { recursive: true });
    writeFileSync(marker, '');
  } catch {
    // Read-only node_modules (a container image): validated at every start, as before.
  }
}
