// Composes the four subgraphs' SDL into the supergraph (in-process; the rover binary cannot be
// installed here) and writes schema/supergraph.graphql, which the gateway loads, and
// schema/register-classifications.json, each register's fields' categories as the supergraph states them. The composition test
// fails when the committed file is stale or a subgraph change breaks composition; the gateway refuses to
// start on a stale one in development (gateway/src/supergraph-validation.ts).
import { writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_FILE } from '../shared/src/composition';
import { classificationsFromSupergraph, classificationsJson, REGISTER_CLASSIFICATIONS_FILE } from '../shared/src/law/register-classification';

export { composeSupergraph, SUPERGRAPH_FILE };

if (require.main === module) {
  const supergraph = composeSupergraph();
  writeFileSync(SUPERGRAPH_FILE, supergraph);
  console.log(`wrote ${SUPERGRAPH_FILE}`);
  // What the supergraph states of each register's fields, read by the joint register without parsing it.
  writeFileSync(REGISTER_CLASSIFICATIONS_FILE, classificationsJson(classificationsFromSupergraph(supergraph)));
  console.log(`wrote ${REGISTER_CLASSIFICATIONS_FILE}`);
}
