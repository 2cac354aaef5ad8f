// The supergraph the four subgraphs compose to (Apollo Federation 2 composition, in-process): what
// `npm run compose` writes to schema/supergraph.graphql, what the composition test compares the committed
// file with, and what the gateway checks that file against in development (gateway/src/supergraph-validation.ts).
import { REPO_ROOT, SUBGRAPHS, defaultUrl, subgraphTypeDefs } from './subgraphs';
import { join } from 'node:path';

/** The committed supergraph, which the gateway loads. */
export const SUPERGRAPH_FILE = join(REPO_ROOT, 'schema', 'supergraph.graphql');

/**
 * Composes the subgraphs' schemas (subgraphs/<name>/schema.graphql, classified as composition sees them) into the
 * supergraph SDL, each subgraph at its default URL whatever the environment says (the gateway takes the URLs it
 * calls from its own settings; the committed file must not depend on who composed it). Throws an Error listing
 * composition's errors where the schemas do not compose.
 */
export function composeSupergraph(): string {
  // Loaded here, not with this module: the gateway needs composition only when it checks a new supergraph.
  const { composeServices } = require('@apollo/composition') as typeof import('@apollo/composition');
  const result = composeServices(SUBGRAPHS.map((subgraph) => ({
    name: subgraph.name,
    url: defaultUrl(subgraph, {}),
    typeDefs: subgraphTypeDefs(subgraph).typeDefs,
  })));
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
