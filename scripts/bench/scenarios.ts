// What the benchmark asks: the caseload query at several page sizes and the single-customer full view, as
// the employment authority's work-ability coordinator, who may read every field of both (so that the law
// on and off, and every gateway, return the same data and no answer carries an error).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { GraphQLObjectType, isObjectType } from 'graphql';
import { actorFromClaims, authConfigFromEnv, signDevToken } from '../../shared/src/auth/tokens';
import { presetClaims } from '../../shared/src/auth/presets';
import { demoPopulation } from '../../shared/src/demo/population';
import { areaOfMunicipality } from '../../shared/src/law/areas';
import type { CategoryName } from '../../shared/src/law/categories';
import { decide } from '../../shared/src/law/rules';
import { SUBGRAPHS, subgraphTypeDefs } from '../../shared/src/subgraphs';
import { CASELOAD_QUERY } from '../../tests/support/queries';
import { apiSchema, FieldRef, selectAll } from '../../tests/support/selection';

/** The caller of every scenario (a preset of tests and the playground). */
export const BENCH_PRESET = 'employment-work-ability-coordinator';

export interface Scenario {
  /** Short name used in the tables, e.g. `caseload 100` or `full view`. */
  name: string;
  /** Customers per request (the caseload page size; 1 for the full view). */
  customers: number;
  /** The JSON body of the POST. */
  body: string;
}

export const caseloadScenario = (size: number): Scenario =>
  ({ name: `caseload ${size}`, customers: size, body: JSON.stringify({ query: CASELOAD_QUERY, variables: { first: size } }) });

/** `Type.field` → category, from every subgraph's SDL. */
const classification = () => new Map<string, CategoryName>(SUBGRAPHS.flatMap((s) => [...subgraphTypeDefs(s).classification]));

/**
 * `customer(id)` with every field of the customer graph the bench caller may read (the logs aside); with
 * `alsoIn` (the roots of other checkouts measured beside, e.g. `--ref`), only the fields that their committed
 * supergraphs have too, so that every system compared answers the same query.
 */
export function fullViewScenario(alsoIn: string[] = []): Scenario {
  const others = alsoIn.map((root) => Supergraph.build(readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema());
  const missingElsewhere = (f: FieldRef) => others.some((schema) => {
    const type = schema.getType(f.type);
    return !type || !isObjectType(type) || !(f.field in type.getFields());
  });
  const official = presetClaims(BENCH_PRESET);
  const customer = demoPopulation().find((c) => c.responsibleOfficials.EMPLOYMENT.id === official.sub)!;
  const actor = actorFromClaims(official as never);
  const area = areaOfMunicipality(customer.homeMunicipality);
  const categories = classification();
  const denied = (f: FieldRef) => {
    const category = categories.get(`${f.type}.${f.field}`);
    return !category || !decide(actor, category, customer.id, 'read', [], area).allowed;
  };
  const selection = selectAll(apiSchema().getType('Customer') as GraphQLObjectType, (f) => /AccessLog$|^disclosures$/.test(f.field) || denied(f) || missingElsewhere(f));
  return { name: 'full view', customers: 1, body: JSON.stringify({ query: `query FullView($id: ID!) { customer(id: $id) { ${selection} } }`, variables: { id: customer.id } }) };
}

/**
 * `count` tokens of the bench caller, each a distinct authorization header (its own `jti`): distinct
 * callers to a gateway that deduplicates identical subgraph requests, the same official to the law.
 */
export async function benchTokens(count: number): Promise<string[]> {
  const auth = authConfigFromEnv();
  const claims = presetClaims(BENCH_PRESET);
  return Promise.all(Array.from({ length: count }, (_, i) => signDevToken(auth, { ...claims, jti: `bench-${i}` } as never, '4h')));
}

/**
 * The customers to add to the bench caller's caseload so that a page of `size` is full: customers of the
 * caller's cooperation area whose employment official is somebody else (the demo data gives each official
 * about 112). The benchmark makes the caller their responsible official too (./caseload-data.ts).
 */
export function extraCaseload(size: number): string[] {
  const official = presetClaims(BENCH_PRESET);
  const population = demoPopulation();
  const own = population.filter((c) => c.responsibleOfficials.EMPLOYMENT.id === official.sub);
  const area = areaOfMunicipality(own[0].homeMunicipality);
  const missing = Math.max(0, size - own.length);
  return population
    .filter((c) => c.responsibleOfficials.EMPLOYMENT.id !== official.sub && areaOfMunicipality(c.homeMunicipality) === area)
    .slice(0, missing)
    .map((c) => c.id);
}
