// Every register's field classification as the committed supergraph states it. The joint register checks
// the disclosure records that the other registers file against it (a record may name only fields of that
// register's schema, of the categories it records) without importing any other subgraph's code: the
// supergraph (schema/supergraph.graphql, composed by `npm run compose` and checked by a test) is the one
// artefact all registers share, and each field's description there carries "Category: X." from its
// `@category` mark (./classification.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConstDirectiveNode, DefinitionNode, Kind, parse } from 'graphql';
import type { Classification } from './classification';
import { CategoryName, isCategoryName, Register } from './categories';

export const SUPERGRAPH_FILE = join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql');

const REGISTERS: readonly Register[] = ['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'];
const CATEGORY = /(?:^|\n)Category: ([A-Z_]+)\./;

const argument = (directive: ConstDirectiveNode, name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
const enumArgument = (directive: ConstDirectiveNode, name: string) => {
  const value = argument(directive, name);
  return value?.kind === Kind.ENUM ? value.value : undefined;
};

/**
 * `register` → (`Type.field` → category), read from a supergraph SDL (join spec v0.4): a field belongs to
 * the graphs its `@join__field(graph:)` directives name (external ones excepted), or, without any, to
 * every graph of its type's `@join__type`. Throws when a field of a register names no category.
 */
export function classificationsFromSupergraph(sdl: string): Map<Register, Classification> {
  const definitions: readonly DefinitionNode[] = parse(sdl).definitions;
  // join__Graph enum value (e.g. EMPLOYMENT) → register, from @join__graph(name: "employment").
  const registerOfGraph = new Map<string, Register>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const name = value.directives?.find((d) => d.name.value === 'join__graph');
      const graphName = name && argument(name, 'name');
      const register = graphName?.kind === Kind.STRING ? graphName.value.toUpperCase() as Register : undefined;
      if (register && REGISTERS.includes(register)) registerOfGraph.set(value.name.value, register);
    }
  }
  const out = new Map<Register, Map<string, CategoryName>>(REGISTERS.map((r) => [r, new Map()]));
  for (const definition of definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeGraphs = new Set((definition.directives ?? []).filter((d) => d.name.value === 'join__type').map((d) => enumArgument(d, 'graph')));
    for (const field of definition.fields ?? []) {
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      const graphs = joins.length > 0
        ? new Set(joins.filter((d) => !(argument(d, 'external')?.kind === Kind.BOOLEAN && (argument(d, 'external') as { value: boolean }).value)).map((d) => enumArgument(d, 'graph')))
        : typeGraphs;
      const typeField = `${definition.name.value}.${field.name.value}`;
      for (const graph of graphs) {
        const register = graph && registerOfGraph.get(graph);
        if (!register) continue;
        const category = CATEGORY.exec(field.description?.value ?? '')?.[1];
        if (!category || !isCategoryName(category)) throw new Error(`${typeField} of the ${register} register names no known category in the supergraph`);
        out.get(register)!.set(typeField, category);
      }
    }
  }
  return out;
}

let committed: Map<Register, Classification> | undefined;

/** The classifications of the committed supergraph, read once. */
export function registerClassifications(): Map<Register, Classification> {
  committed ??= classificationsFromSupergraph(readFileSync(SUPERGRAPH_FILE, 'utf8'));
  return committed;
}
