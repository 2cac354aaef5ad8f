// Every register's field classification as the committed supergraph states it. The joint register checks
// the disclosure records that the other registers file against it (a record may name only fields of that
// register's schema, of the categories it records) without importing any other subgraph's code: the
// supergraph (schema/supergraph.graphql, composed by `npm run compose` and checked by a test) is the one
// artefact all registers share, and each field's description there carries "Category: X." from its
// `@category` mark (./classification.ts). What the supergraph states is kept beside it, read without parsing
// the supergraph (schema/register-classifications.json, written by `npm run compose` with the supergraph and
// checked against it by tests/composition.test.ts): parsing its 370 kB cost the joint register some 0.1 CPU s
// at every start (issue 11, cold start).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConstDirectiveNode, DefinitionNode, Kind, parse } from 'graphql';
import type { Classification } from './classification';
import { CategoryName, isCategoryName, Register } from './categories';

export const SUPERGRAPH_FILE = join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql');
/** The classifications the committed supergraph states, as {@link classificationsJson} writes them. */
export const REGISTER_CLASSIFICATIONS_FILE = join(__dirname, '..', '..', '..', 'schema', 'register-classifications.json');

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

/**
 * The file form of {@link classificationsFromSupergraph}'s answer: `{ "<REGISTER>": { "<Type.field>": "<CATEGORY>" } }`,
 * registers and fields in order, one field per line, ending in a newline.
 */
export function classificationsJson(classifications: Map<Register, Classification>): string {
  const byRegister = Object.fromEntries(REGISTERS.map((register) => [register, Object.fromEntries([...classifications.get(register) ?? []].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))]));
  return `${JSON.stringify(byRegister, null, 1)}\n`;
}

/**
 * Reads {@link classificationsJson}'s form back; throws naming the file when a register is missing or a
 * field names no known category.
 */
export function classificationsFromJson(text: string, file = REGISTER_CLASSIFICATIONS_FILE): Map<Register, Classification> {
  const parsed = JSON.parse(text) as Record<string, Record<string, string>>;
  return new Map(REGISTERS.map((register) => {
    const fields = parsed[register];
    if (!fields || typeof fields !== 'object') throw new Error(`${file} has no classification of the ${register} register; run \`npm run compose\``);
    return [register, new Map(Object.entries(fields).map(([typeField, category]) => {
      if (!isCategoryName(category)) throw new Error(`${file}: ${typeField} of the ${register} register names no known category; run \`npm run compose\``);
      return [typeField, category];
    }))];
  }));
}

let committed: Map<Register, Classification> | undefined;

/** The classifications of the committed supergraph, read once (from {@link REGISTER_CLASSIFICATIONS_FILE}). */
export function registerClassifications(): Map<Register, Classification> {
  committed ??= classificationsFromJson(readFileSync(REGISTER_CLASSIFICATIONS_FILE, 'utf8'));
  return committed;
}
