// Whether the gateway validates its supergraph at start (@apollo/gateway's `validateSupergraph`), which costs
// some 0.13 CPU s of every start (issue 11, cold start; BENCHMARKS.md change 34). Apollo validates outside
// production and not in it. We validate a supergraph once per @apollo/gateway version and subgraphs' schemas:
// the validation is a pure function of them, so a supergraph that passed it once passes it again, and a start
// of the same one skips it. A changed or new supergraph (a hand edit, a new composition) or a changed subgraph
// schema is validated at its first start; there the committed supergraph is also checked to be what the
// subgraphs' schemas compose to (assertComposedFromSubgraphs).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { composeSupergraph } from '@cg/shared/src/composition';
import { SUBGRAPHS, subgraphSchemaFile } from '@cg/shared/src/subgraphs';

/** Each subgraph's schema file as it is now, '' where it is missing (an image of the gateway alone). */
function subgraphSchemas(): string[] {
  return SUBGRAPHS.map((s) => (existsSync(subgraphSchemaFile(s)) ? readFileSync(subgraphSchemaFile(s), 'utf8') : ''));
}

/**
 * Where a validated supergraph is remembered: node_modules/.cache/customer-graph/supergraph-valid/<sha256 of
 * the @apollo/gateway version, the SDL and the subgraphs' schema files (`schemas`, default the files as they are
 * now)>, an empty file (beside the kept PGlite cluster, which a fresh `npm install` also starts without).
 */
export function validationMarker(supergraphSdl: string, schemas: string[] = subgraphSchemas()): string {
  const packageJson = require.resolve('@apollo/gateway/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const hash = createHash('sha256').update(`@apollo/gateway ${version}\n`).update(supergraphSdl);
  for (const schema of schemas) hash.update(`\0${schema}`);
  const key = hash.digest('hex');
  return join(dirname(packageJson), '..', '..', '.cache', 'customer-graph', 'supergraph-valid', key);
}

/**
 * Whether @apollo/gateway should validate `supergraphSdl` at this start: not in production (Apollo's own
 * default there), nor where this SDL passed validation by this @apollo/gateway version, with the subgraphs'
 * schema files as they are now, before ({@link rememberValidSupergraph}); otherwise yes.
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

/**
 * Throws where `supergraphSdl`, read from schema/supergraph.graphql, is not what the subgraphs' schemas
 * (subgraphs/<name>/schema.graphql) compose to now, naming the first line that differs: a subgraph's schema
 * changed without `npm run compose`, or the generated file was edited by hand. The gateway would otherwise plan
 * queries against fields a register does not have, and each such request would fail in that register
 * (GRAPHQL_VALIDATION_FAILED) with nothing said at start. Throws too where the subgraphs' schemas do not
 * compose. Skipped where a subgraph's schema file is missing (an image of the gateway alone). Composition
 * costs about a CPU second: call it only where the supergraph is validated (supergraphNeedsValidation).
 */
export function assertComposedFromSubgraphs(supergraphSdl: string): void {
  if (subgraphSchemas().some((schema) => schema === '')) return;
  let composed: string;
  try {
    composed = composeSupergraph();
  } catch (error) {
    throw new Error(`schema/supergraph.graphql cannot be checked: the subgraphs' schemas do not compose (${(error as Error).message})`);
  }
  if (composed === supergraphSdl) return;
  const [ours, theirs] = [supergraphSdl.split('\n'), composed.split('\n')];
  let line = 0;
  while (line < ours.length && ours[line] === theirs[line]) line++;
  throw new Error(`schema/supergraph.graphql is not what the subgraphs' schemas (subgraphs/<name>/schema.graphql) compose to `
    + `(first difference at line ${line + 1}): run \`npm run compose\` after changing a subgraph's schema; the file is generated, not edited by hand`);
}
