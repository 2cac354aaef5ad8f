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

export const defaultUrl = (subgraph: SubgraphInfo) => `http://127.0.0.1:${subgraph.defaultPort}/graphql`;

/** The URL of each subgraph: `<NAME>_URL`, else its default port on loopback. */
export const subgraphUrl = (subgraph: SubgraphInfo, env: NodeJS.ProcessEnv = process.env) =>
  env[`${subgraph.name.toUpperCase()}_URL`] ?? defaultUrl(subgraph);

/** A subgraph's classified SDL as composition sees it (categories in the field descriptions). */
export function subgraphTypeDefs(subgraph: SubgraphInfo) {
  const sdl = readFileSync(join(REPO_ROOT, 'subgraphs', subgraph.name, 'schema.graphql'), 'utf8');
  return classifySubgraphSdl(subgraph.register, sdl);
}
