// Builds selection sets of every field of a type from the composed supergraph, so tests ask for
// everything there is, and a field added to any subgraph is asked for (and checked) automatically.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { GraphQLNamedType, GraphQLObjectType, GraphQLSchema, getNamedType, isObjectType } from 'graphql';
import { REPO_ROOT } from '../../shared/src/subgraphs';

let cached: GraphQLSchema | undefined;

/** The API schema of the committed supergraph (what callers of the gateway see). */
export function apiSchema(): GraphQLSchema {
  cached ??= Supergraph.build(readFileSync(join(REPO_ROOT, 'schema', 'supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema();
  return cached;
}

export interface FieldRef { type: string; field: string; path: string }

/**
 * A selection of every field reachable from `type`, not descending into Customer again (e.g. through a
 * connection) and skipping fields that need arguments. `visit` sees each field with its response path.
 */
export function selectAll(type: GraphQLObjectType, skip: (f: FieldRef) => boolean = () => false, path = '', seen = new Set<string>()): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    const ref = { type: type.name, field: field.name, path: `${path}${field.name}` };
    if (skip(ref) || field.args.some((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined)) continue;
    const named: GraphQLNamedType = getNamedType(field.type);
    if (isObjectType(named)) {
      if (named.name === 'Customer' || seen.has(named.name)) continue;
      const inner = selectAll(named, skip, `${ref.path}.`, new Set([...seen, type.name]));
      if (inner) parts.push(`${field.name} { ${inner} }`);
    } else {
      parts.push(field.name);
    }
  }
  return parts.join(' ');
}

export const customerType = () => apiSchema().getType('Customer') as GraphQLObjectType;
