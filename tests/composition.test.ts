// The committed supergraph is what the four subgraphs compose to today, and every field a caller can
// see carries its legal data category in its description (the playground shows it).
import { readFileSync } from 'node:fs';
import { isObjectType } from 'graphql';
import { composeServices } from '@apollo/composition';
import { composeSupergraph, SUPERGRAPH_FILE } from '../scripts/compose';
import { SUBGRAPHS, subgraphTypeDefs } from '../shared/src/subgraphs';
import { apiSchema } from './support/selection';

describe('supergraph', () => {
  it('composes, and the committed schema/supergraph.graphql is up to date (run `npm run compose`)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraph());
  });

  it.each(SUBGRAPHS.map((s) => [s.name]))("composes the %s subgraph on its own, as its authority's team would", (name) => {
    const subgraph = SUBGRAPHS.find((s) => s.name === name)!;
    const result = composeServices([{ name, url: 'http://127.0.0.1/graphql', typeDefs: subgraphTypeDefs(subgraph).typeDefs }]);
    expect(result.errors ?? []).toEqual([]);
  });

  it('shows each field of the customer graph with its category', () => {
    const missing: string[] = [];
    for (const type of Object.values(apiSchema().getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!/Category: [A-Z_]+\./.test(field.description ?? '')) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps the root fields other tools depend on', () => {
    const query = apiSchema().getQueryType()!.getFields();
    expect(query.customer.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['id: ID!']);
    expect(query.customerByPersonalIdentityCode.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['personalIdentityCode: String!']);
    expect(query.caseload.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['first: Int', 'after: String']);
  });

  it('keys the customer by an opaque id, never by the identity code', () => {
    const sdl = readFileSync(SUPERGRAPH_FILE, 'utf8');
    const keys = [...sdl.matchAll(/type Customer[^{]*/g)].map((m) => m[0]);
    expect(keys.join(' ')).toContain('key: "id"');
    expect(keys.join(' ')).not.toContain('personalIdentityCode');
  });
});
