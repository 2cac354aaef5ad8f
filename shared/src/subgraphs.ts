// The four registers and where each subgraph listens by default. The gateway, the composition script
// and the start script read this list; the subgraphs themselves never import one another.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classifySubgraphSdl } from './graphql/subgraph-sdl';

import { SUBGRAPHS, type SubgraphInfo } from './subgraph-list';

export { SUBGRAPHS, type SubgraphInfo };

export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Where a subgraph listens unless told otherwise: `<NAME>_PORT` on loopback, else its default port. The
 * URL others use follows the same setting, so that moving a register with `<NAME>_PORT` alone moves it for
 * everybody (and nobody sends consents or records to another system's register on the default port).
 */
export const defaultUrl = (subgraph: SubgraphInfo, env: NodeJS.ProcessEnv = process.env) =>
  `http://127.0.0.1:${env[`${subgraph.name.toUpperCase()}_PORT`] || subgraph.defaultPort}/graphql`;

/**
 * The URL of each subgraph: `<NAME>_URL`, else `<NAME>_PORT` (or its default port) on loopback. An empty
 * `<NAME>_URL` counts as unset, as the README says of every setting (found by an outsider: `EMPLOYMENT_URL=`
 * gave the gateway an empty URL, and every employment field answered REGISTER_UNAVAILABLE).
 */
export const subgraphUrl = (subgraph: SubgraphInfo, env: NodeJS.ProcessEnv = process.env) =>
  env[`${subgraph.name.toUpperCase()}_URL`] || defaultUrl(subgraph, env);

/** The URL of the subgraph called `name` (see subgraphUrl). */
export const subgraphUrlByName = (name: string, env: NodeJS.ProcessEnv = process.env) =>
  subgraphUrl(SUBGRAPHS.find((s) => s.name === name)!, env);

/**
 * Where the register called `name` keeps its data (README, "Configuration"): `databaseUrl`, PostgreSQL's
 * connection string from `<NAME>_DATABASE_URL`, else DATABASE_URL (undefined: the embedded PGlite); `dataDir`, the
 * embedded database's directory from `<NAME>_DATA_DIR`, else `<DATA_DIR>/<name>/pglite` (DATA_DIR `.data`),
 * relative to the working directory. An empty setting is no setting: an empty DATA_DIR put the databases in the
 * working directory, an empty `<NAME>_DATA_DIR` opened PGlite on ''. The register, `npm start`, `npm run migrate`,
 * `retention` and `verify-logs` all read it here.
 */
export function registerDataLocation(name: string, env: NodeJS.ProcessEnv = process.env): { databaseUrl?: string; dataDir: string } {
  const prefix = name.toUpperCase();
  return {
    databaseUrl: env[`${prefix}_DATABASE_URL`] || env.DATABASE_URL || undefined,
    dataDir: env[`${prefix}_DATA_DIR`] || resolve(env.DATA_DIR || '.data', name, 'pglite'),
  };
}

/** Where a subgraph's schema is kept: subgraphs/<name>/schema.graphql. */
export const subgraphSchemaFile = (subgraph: SubgraphInfo) => join(REPO_ROOT, 'subgraphs', subgraph.name, 'schema.graphql');

/** A subgraph's classified SDL as composition sees it (categories in the field descriptions). */
export function subgraphTypeDefs(subgraph: SubgraphInfo) {
  const sdl = readFileSync(subgraphSchemaFile(subgraph), 'utf8');
  return classifySubgraphSdl(subgraph.register, sdl);
}
