// The four registers and where each subgraph listens by default. The gateway, the composition script
// and the start script read this list; the subgraphs themselves never import one another.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Register } from './law/categories';
import { classifySubgraphSdl } from './graphql/subgraph';

export interface SubgraphInfo {
  name: string;
  register: Register;
  defaultPort: number;
}

export const SUBGRAPHS: SubgraphInfo[] = [
  { name: 'joint', register: 'JOINT', defaultPort: 4101 },
  { name: 'employment', register: 'EMPLOYMENT', defaultPort: 4102 },
  { name: 'wellbeing', register: 'WELLBEING', defaultPort: 4103 },
  { name: 'kela', register: 'KELA', defaultPort: 4104 },
];

export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Where a subgraph listens unless told otherwise: `<NAME>_PORT` on loopback, else its default port. The
 * URL others use follows the same setting, so that moving a register with `<NAME>_PORT` alone moves it for
 * everybody (and nobody sends consents or records to another system's register on the default port).
 */
export const defaultUrl = (subgraph: SubgraphInfo, env: NodeJS.ProcessEnv = process.env) =>
  `http://127.0.0.1:${env[`${subgraph.name.toUpperCase()}_PORT`] || subgraph.defaultPort}/graphql`;

/** The URL of each subgraph: `<NAME>_URL`, else `<NAME>_PORT` (or its default port) on loopback. */
export const subgraphUrl = (subgraph: SubgraphInfo, env: NodeJS.ProcessEnv = process.env) =>
  env[`${subgraph.name.toUpperCase()}_URL`] ?? defaultUrl(subgraph, env);

/** The URL of the subgraph called `name` (see subgraphUrl). */
export const subgraphUrlByName = (name: string, env: NodeJS.ProcessEnv = process.env) =>
  subgraphUrl(SUBGRAPHS.find((s) => s.name === name)!, env);

/** Where a subgraph's schema is kept: subgraphs/<name>/schema.graphql. */
export const subgraphSchemaFile = (subgraph: SubgraphInfo) => join(REPO_ROOT, 'subgraphs', subgraph.name, 'schema.graphql');

/** A subgraph's classified SDL as composition sees it (categories in the field descriptions). */
export function subgraphTypeDefs(subgraph: SubgraphInfo) {
  const sdl = readFileSync(subgraphSchemaFile(subgraph), 'utf8');
  return classifySubgraphSdl(subgraph.register, sdl);
}
