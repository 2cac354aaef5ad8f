// The committed supergraph is what the four subgraphs compose to today, and every field a caller can
// see carries its legal data category in its description (the playground shows it).
import { readFileSync } from 'node:fs';
import { isObjectType } from 'graphql';
import { composeServices } from '@apollo/composition';
import { composeSupergraph, SUPERGRAPH_FILE } from '../scripts/compose';
import { SUBGRAPHS, subgraphTypeDefs } from '../shared/src/subgraphs';
import { apiSchema } from './support/selection';
import { classificationsFromJson, classificationsFromSupergraph, classificationsJson, REGISTER_CLASSIFICATIONS_FILE } from '../shared/src/law/register-classification';

describe('supergraph', () => {
  it('composes, and the committed schema/supergraph.graphql is up to date (run `npm run compose`)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraph());
  });

  it('states each register\'s classification in schema/register-classifications.json as the supergraph does (run `npm run compose`)', () => {
    const fromSupergraph = classificationsFromSupergraph(readFileSync(SUPERGRAPH_FILE, 'utf8'));
    expect(readFileSync(REGISTER_CLASSIFICATIONS_FILE, 'utf8')).toBe(classificationsJson(fromSupergraph));
    // What the joint register reads is what it was written from, field for field.
    expect(classificationsFromJson(classificationsJson(fromSupergraph))).toEqual(fromSupergraph);
    expect([...fromSupergraph.values()].every((fields) => fields.size > 0)).toBe(true);
  });

  it('refuses a classifications file that misses a register or names an unknown category, naming the file', () => {
    const json = JSON.parse(readFileSync(REGISTER_CLASSIFICATIONS_FILE, 'utf8')) as Record<string, Record<string, string>>;
    const { KELA: _kela, ...withoutKela } = json;
    expect(() => classificationsFromJson(JSON.stringify(withoutKela), 'x.json')).toThrow('x.json has no classification of the KELA register; run `npm run compose`');
    const field = Object.keys(json.JOINT)[0];
    expect(() => classificationsFromJson(JSON.stringify({ ...json, JOINT: { ...json.JOINT, [field]: 'GOSSIP' } }), 'x.json')).toThrow(`x.json: ${field} of the JOINT register names no known category`);
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
