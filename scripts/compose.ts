// Composes the four subgraphs' SDL into the supergraph (in-process; the rover binary cannot be
// installed here) and writes schema/supergraph.graphql, which the gateway loads. The composition test
// fails when the committed file is stale or a subgraph change breaks composition.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { REPO_ROOT, SUBGRAPHS, defaultUrl, subgraphTypeDefs } from '../shared/src/subgraphs';

export const SUPERGRAPH_FILE = join(REPO_ROOT, 'schema', 'supergraph.graphql');

export function composeSupergraph(): string {
  const result = composeServices(SUBGRAPHS.map((subgraph) => ({
    name: subgraph.name,
    url: defaultUrl(subgraph),
    typeDefs: subgraphTypeDefs(subgraph).typeDefs,
  })));
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

if (require.main === module) {
  writeFileSync(SUPERGRAPH_FILE, composeSupergraph());
  console.log(`wrote ${SUPERGRAPH_FILE}`);
}
