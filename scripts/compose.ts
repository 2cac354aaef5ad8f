// Composes the four subgraphs' SDL into the supergraph (in-process; the rover binary cannot be
// installed here) and writes schema/supergraph.graphql, which the gateway loads. The composition test
// fails when the committed file is stale or a subgraph change breaks composition; the gateway refuses to
// start on a stale one in development (gateway/src/supergraph-validation.ts).
import { writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_FILE } from '../shared/src/composition';

export { composeSupergraph, SUPERGRAPH_FILE };

if (require.main === module) {
  writeFileSync(SUPERGRAPH_FILE, composeSupergraph());
  console.log(`wrote ${SUPERGRAPH_FILE}`);
}
