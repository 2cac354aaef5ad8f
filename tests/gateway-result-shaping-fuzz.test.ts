// Differential fuzzing of the gateway's result shaping (gateway/src/result-shaping.ts) against @apollo/gateway's
// `computeResponse`, which it replaces: random operations, generated from a schema with every kind of leaf, lists,
// an interface and a union, aliases (also `__proto__`, `constructor`, Array.prototype names), repeated response
// names (directly, through inline fragments and named fragments), @skip/@include by literal and by variable and
// `__typename`, each against random subgraph answers: mostly valid, with a good share of nulls, missing fields,
// values of the wrong kind (arrays for objects too), unknown enum values, wrong `__typename`s and extra fields.
// For every case: where Apollo's throws, ours throws; otherwise the same `data` (JSON, key order included) and
// the same errors (message, path, code).
//
// Deterministic: a seeded PRNG, one seed per operation derived from SEED. A failure prints the seed and indexes,
// the operation, the variables and the answer; FUZZ_SEED, FUZZ_QUERIES and FUZZ_QUERY (one operation index)
// rerun another seed, more operations, or just one; FUZZ_SHOW how many mismatches to print, FUZZ_STATS the counts.
// The cases it found, minimised, are at the end.
import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const apollo = require('@apollo/gateway/dist/resultShaping') as typeof import('../gateway/src/result-shaping');
import {
  buildSchema as buildGraphQLSchema, getNamedType, GraphQLCompositeType, GraphQLEnumType, GraphQLNamedType, GraphQLObjectType, GraphQLOutputType,
  GraphQLScalarType, isAbstractType, isCompositeType, isEnumType, isInterfaceType, isLeafType, isListType, isNonNullType, isObjectType, isUnionType,
  parse, validate,
} from 'graphql';
import { inspect } from 'util';
import { computeResponse } from '../gateway/src/result-shaping';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2026) >>> 0;
const QUERIES = Number(process.env.FUZZ_QUERIES ?? 800);
const ONLY_QUERY = process.env.FUZZ_QUERY === undefined ? undefined : Number(process.env.FUZZ_QUERY);
const INPUTS_PER_QUERY = 10;
const SHOW = Number(process.env.FUZZ_SHOW ?? 5);

const sdl = `
  scalar Date
  scalar JSON
  enum Mode { IN_PERSON REMOTE PHONE }
  enum Level { LOW HIGH }
  interface Node { id: ID! label: String }
  union Party = Person | Org
  type Query {
    customer(id: ID): Customer customers: [Customer!]! maybeCustomers: [Customer] node: Node nodes: [Node] party: Party!
    parties: [Party!] count: Int! version: String modes: [Mode!]! today: Date
  }
  type Customer {
    id: ID! name: String! nick: String age: Int score: Float! ratio: Float active: Boolean! born: Date meta: JSON!
    mode: Mode level: Level! tags: [String] codes: [Int!] modes: [Mode!]! dates: [Date] flags: [Boolean!]! ratios: [Float]
    ids: [ID!] metas: [JSON!] levels: [Level] grid: [[Int!]]
    meetings: [Meeting!] plan: Plan! owner: Person contacts: [Node!]! parties: [Party]
  }
  type Person implements Node { id: ID! label: String name: String! at: Date age: Int mode: Mode friend: Person party: Party tags: [String!]! }
  type Org implements Node { id: ID! label: String name: String! size: Int! level: Level members: [Person] tags: [String] }
  type Meeting { at: Date! mode: Mode days: Int! agreed: Boolean notes: [String!] }
  type Plan { goal: String! steps: [String] due: Date entries: JSON }
`;
const schema = buildSchema(sdl);
const gqlSchema = buildGraphQLSchema(sdl);

// ---------------------------------------------------------------------------------------------------------
// A seeded PRNG (mulberry32) and the seed of each operation.

class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(items: readonly T[]): T { return items[this.int(items.length)]; }
}

function seedOf(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------------------
// Operations.

type Sel =
  | { kind: 'field'; alias?: string; name: string; args: string; dirs: string; sub?: Sel[] }
  // An inline fragment, or a spread of the named fragment `spread` (whose condition and selections these are).
  | { kind: 'fragment'; on?: string; dirs: string; sub: Sel[]; spread?: string };

// Response names that Object.prototype or Array.prototype has, beside ordinary ones and other fields' names.
const ALIASES = ['a', 'b', 'x', 'id', 'name', 'label', 'tags', 'constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty',
  'isPrototypeOf', 'toJSON', 'length', 'map', 'keys', 'at', 'push', 'then', '__typename'];
// Variables for @skip/@include, declared as they are used.
const VARIABLES: Record<string, string> = { s: 'Boolean!', t: 'Boolean = true', f: 'Boolean! = false', n: 'Boolean = false' };

class QueryGen {
  readonly used = new Set<string>();
  readonly fragments: { name: string; on: string; sub: Sel[] }[] = [];
  constructor(private rng: Rng) {}

  private condition(): string {
    const r = this.rng.next();
    if (r < 0.35) return this.rng.pick(['true', 'false']);
    const name = this.rng.pick(Object.keys(VARIABLES));
    this.used.add(name);
    return `$${name}`;
  }

  private directives(): string {
    const r = this.rng.next();
    if (r < 0.78) return '';
    if (r < 0.88) return ` @skip(if: ${this.condition()})`;
    if (r < 0.97) return ` @include(if: ${this.condition()})`;
    return ` @skip(if: ${this.condition()}) @include(if: ${this.condition()})`;
  }

  private alias(): string | undefined {
    return this.rng.chance(0.3) ? this.rng.pick(ALIASES) : undefined;
  }

  /** Types an inline fragment in a selection set on `type` may have as its condition. */
  private conditions(type: GraphQLCompositeType): string[] {
    if (isObjectType(type)) {
      const unions = Object.values(gqlSchema.getTypeMap()).filter((t) => isUnionType(t) && t.getTypes().includes(type)).map((t) => t.name);
      return [type.name, ...type.getInterfaces().map((i) => i.name), ...unions];
    }
    const possible = gqlSchema.getPossibleTypes(type).map((t) => t.name);
    return isUnionType(type) ? [...possible, 'Node'] : [type.name, ...possible, 'Party'];
  }

  selections(type: GraphQLCompositeType, depth: number, fragments: number): Sel[] {
    const sels: Sel[] = [];
    const count = 1 + this.rng.int(depth === 0 ? 3 : 5);
    for (let i = 0; i < count; i++) {
      const r = this.rng.next();
      if (depth === 0 && r < 0.03) {
        sels.push({ kind: 'field', alias: this.alias(), name: '__type', args: '(name: "Customer")', dirs: this.directives(), sub: [{ kind: 'field', name: 'name', args: '', dirs: '' }] });
      } else if (r < 0.15 || (isUnionType(type) && r < 0.45)) {
        sels.push({ kind: 'field', alias: this.rng.chance(0.4) ? this.rng.pick(ALIASES) : undefined, name: '__typename', args: '', dirs: this.directives() });
      } else if (r < 0.32 || isUnionType(type)) {
        if (fragments >= 2) continue;
        // A named fragment spread again (one selection set in several places), a new one, or an inline fragment.
        const conditions = this.conditions(type);
        const known = this.fragments.filter((f) => conditions.includes(f.on));
        if (known.length > 0 && this.rng.chance(0.3)) {
          const f = this.rng.pick(known);
          sels.push({ kind: 'fragment', on: f.on, dirs: this.directives(), sub: f.sub, spread: f.name });
          continue;
        }
        const on = this.rng.chance(0.2) ? undefined : this.rng.pick(conditions);
        const conditionType = on ? gqlSchema.getType(on) as GraphQLCompositeType : type;
        const sub = this.selections(conditionType, depth, fragments + 1);
        if (on && this.rng.chance(0.25)) {
          const name = `F${this.fragments.length}`;
          this.fragments.push({ name, on, sub });
          sels.push({ kind: 'fragment', on, dirs: this.directives(), sub, spread: name });
        } else {
          sels.push({ kind: 'fragment', on, dirs: this.directives(), sub });
        }
      } else {
        const fields = Object.values((type as GraphQLObjectType).getFields())
          .filter((f) => depth < 3 || isLeafType(getNamedType(f.type)));
        const field = this.rng.pick(fields);
        const named = getNamedType(field.type);
        const sub = isCompositeType(named) ? this.selections(named, depth + 1, 0) : undefined;
        const args = field.name === 'customer' && this.rng.chance(0.5) ? '(id: "1")' : '';
        sels.push({ kind: 'field', alias: this.alias(), name: field.name, args, dirs: this.directives(), sub });
      }
      // The same response name again: the same selection (with other directives), or the field through a fragment.
      const last = sels[sels.length - 1];
      if (last && this.rng.chance(0.18)) {
        const r2 = this.rng.next();
        if (r2 < 0.4) sels.push({ ...last, dirs: this.directives() });
        else if (r2 < 0.7) {
          // Through a fragment on this type or (for a field) on a type that has the field too.
          const fieldType = (t: GraphQLNamedType | undefined, name: string) => (isObjectType(t) || isInterfaceType(t) ? t.getFields()[name]?.type.toString() : undefined);
          const ons = [type.name, ...(last.kind === 'field' ? this.conditions(type).filter((t) => last.name === '__typename'
            || fieldType(gqlSchema.getType(t) ?? undefined, last.name) === fieldType(type, last.name)) : [])];
          sels.push({ kind: 'fragment', on: this.rng.chance(0.4) ? undefined : this.rng.pick(ons), dirs: this.directives(), sub: [last] });
        }
        else if (last.kind === 'field' && last.sub) {
          const named = getNamedType(isObjectType(type) || isInterfaceType(type) ? type.getFields()[last.name]?.type ?? gqlSchema.getQueryType()! : gqlSchema.getQueryType()!);
          if (isCompositeType(named)) sels.push({ ...last, dirs: '', sub: this.selections(named, depth + 1, 0) });
        } else sels.push(last);
      }
    }
    if (sels.length === 0) sels.push({ kind: 'field', name: '__typename', args: '', dirs: '' }); // no empty selection set
    return sels;
  }
}

function render(sels: Sel[]): string {
  return sels.map((s) => s.kind === 'field'
    ? `${s.alias ? `${s.alias}: ` : ''}${s.name}${s.args}${s.dirs}${s.sub ? ` { ${render(s.sub)} }` : ''}`
    : s.spread ? `...${s.spread}${s.dirs}` : `...${s.on ? ` on ${s.on}` : ''}${s.dirs} { ${render(s.sub)} }`).join(' ');
}

// ---------------------------------------------------------------------------------------------------------
// Subgraph answers: built as null-prototype objects, then (mostly) written as JSON and parsed back, as they
// arrive (with `__proto__` an own key); sometimes kept as built in JS, with values JSON cannot carry.

const WRONG_TYPENAMES = ['Nope', 'Node', 'Party', 'String', 'Mode', 'Plan', 'Meeting', 'Customer', 'Person', 'Org', 'Query', '',
  'constructor', '__proto__', 'toString', 'hasOwnProperty', '__Type'];
const WRONG_LEAVES: unknown[] = ['1', '', 'abc', 'REMOTE', 'BY_PIGEON', 'LOW', 'true', 'constructor', '__proto__', 'toString',
  1.5, -0, 1e21, 1e20, 2 ** 53 + 2, 1e300, -1, 0, 7, 2147483648, Infinity, true, false, {}, { a: 1 }, [], [1], ['a'], null];
const JS_ONLY_LEAVES: unknown[] = [NaN, -Infinity, undefined, 1e-7, Number.MAX_VALUE];
const EXTRA_KEYS = ['extra', 'hidden', '__proto__', 'constructor', 'toString', 'map', 'length', 'id', 'name', '__typename'];

function validLeaf(rng: Rng, type: GraphQLScalarType | GraphQLEnumType): unknown {
  if (isEnumType(type)) return rng.pick(type.getValues()).name;
  switch (type.name) {
    case 'Int': return rng.chance(0.5) ? rng.int(200) - 100
      : rng.pick([0, -0, 2147483647, -2147483648, 2147483648, 9007199254740991, -9007199254740991, 2 ** 53, 1e15, 1e20, 2 ** 60]);
    case 'Float': return rng.chance(0.5) ? (rng.int(20000) - 10000) / 64 : rng.pick([0, -0, 3, 1e300, 5e-324, 1e21, -2.5, 0.1]);
    case 'String': return rng.pick(['', 'a', 'Ünïcödé ✓', 'REMOTE', '1', 'true', '__proto__', 'line\nbreak', `s${rng.int(100)}`]);
    case 'ID': return rng.chance(0.7) ? rng.pick(['1', 'abc', 'c-42', '']) : rng.pick([7, 0, -3, 2 ** 53]);
    case 'Boolean': return rng.chance(0.5);
    default: // custom scalars: any JSON
      return rng.pick<unknown>(['2026-01-01', 5, -0, 1.5, true, { y: 2026, m: [1, 2] }, [1, 'x', null], '', {},
        withKeys([['__proto__', 1], ['constructor', 'c']])]);
  }
}

class InputGen {
  constructor(private rng: Rng, private jsOnly: boolean) {}

  private leaf(type: GraphQLScalarType | GraphQLEnumType): unknown {
    if (this.rng.chance(0.78)) return validLeaf(this.rng, type);
    return this.jsOnly && this.rng.chance(0.3) ? this.rng.pick(JS_ONLY_LEAVES) : this.rng.pick(WRONG_LEAVES);
  }

  value(type: GraphQLOutputType, sub: Sel[] | undefined, nonNull = false): unknown {
    if (isNonNullType(type)) return this.rng.chance(0.06) ? null : this.value(type.ofType, sub, true);
    if (!nonNull && this.rng.chance(0.12)) return null;
    if (isListType(type)) {
      if (this.rng.chance(0.02)) return this.rng.pick<unknown>(['x', 5, {}, true]);
      const length = this.rng.chance(0.1) ? 5 : this.rng.int(4);
      const list: unknown[] = [];
      for (let i = 0; i < length; i++) {
        if (this.jsOnly && this.rng.chance(0.08)) { list.length++; continue; } // a hole
        list.push(this.value(type.ofType, sub));
      }
      return list;
    }
    if (isCompositeType(type)) {
      const r = this.rng.next();
      if (r < 0.05) return [this.object(type, sub!), this.object(type, sub!)]; // an array where an object belongs
      if (r < 0.055) return this.rng.pick<unknown>(['str', 5, true]);
      return this.object(type, sub!);
    }
    return this.leaf(type as GraphQLScalarType | GraphQLEnumType);
  }

  private typename(type: GraphQLCompositeType): unknown {
    const possible = isAbstractType(type) ? gqlSchema.getPossibleTypes(type) : [type as GraphQLObjectType];
    const r = this.rng.next();
    if (r < 0.8) return this.rng.pick(possible).name;
    if (r < 0.9) return undefined;
    if (r < 0.99) return this.rng.pick(WRONG_TYPENAMES);
    return this.rng.pick([null, 5]);
  }

  object(type: GraphQLCompositeType, sels: Sel[], root = false): Record<string, unknown> {
    const object: Record<string, unknown> = Object.create(null);
    const typename = root ? undefined : this.typename(type);
    if (typename !== undefined) object.__typename = typename;
    const named = typeof typename === 'string' ? gqlSchema.getType(typename) : undefined;
    const concrete = named && isObjectType(named) ? named
      : isAbstractType(type) ? this.rng.pick(gqlSchema.getPossibleTypes(type)) : type as GraphQLObjectType;
    this.fill(object, concrete, type, sels);
    for (const key of Object.keys(object)) {
      if (this.rng.chance(0.06)) delete object[key]; // a missing field
    }
    if (this.rng.chance(0.12)) set(object, this.rng.pick(EXTRA_KEYS), this.leaf(gqlSchema.getType('JSON') as GraphQLScalarType), this.rng);
    return object;
  }

  private fill(object: Record<string, unknown>, concrete: GraphQLObjectType, enclosing: GraphQLNamedType, sels: Sel[]) {
    for (const sel of sels) {
      if (sel.kind === 'fragment') {
        const on = sel.on ? gqlSchema.getType(sel.on)! : enclosing;
        const applies = !sel.on || (isAbstractType(on) ? gqlSchema.isSubType(on, concrete) : on === concrete);
        if (applies || this.rng.chance(0.3)) this.fill(object, isObjectType(on) ? on : concrete, on, sel.sub);
        continue;
      }
      const responseName = sel.alias ?? sel.name;
      if (sel.name === '__typename') {
        if (sel.alias && this.rng.chance(0.3)) continue; // an aliased __typename the subgraph left out
        set(object, responseName, this.rng.chance(0.85) ? concrete.name : this.rng.pick<unknown>([...WRONG_TYPENAMES, null, 5]), this.rng);
        continue;
      }
      if (sel.name === '__type') {
        set(object, responseName, { name: 'Customer' }, this.rng);
        continue;
      }
      const fields = isObjectType(enclosing) || isInterfaceType(enclosing) ? enclosing.getFields() : concrete.getFields();
      const field = fields[sel.name] ?? concrete.getFields()[sel.name];
      if (!field) continue;
      set(object, responseName, this.value(field.type, sel.sub), this.rng);
    }
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Adds `key` to `object` (an own property, `__proto__` too); a key already there is merged, kept or replaced. */
function set(object: Record<string, unknown>, key: string, value: unknown, rng: Rng) {
  if (!Object.prototype.hasOwnProperty.call(object, key)) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    return;
  }
  const existing = object[key];
  if (isPlainObject(existing) && isPlainObject(value)) {
    for (const k of Object.keys(value)) set(existing, k, value[k], rng);
  } else if (Array.isArray(existing) && Array.isArray(value) && existing.length === value.length) {
    existing.forEach((e, i) => { if (isPlainObject(e) && isPlainObject(value[i])) for (const k of Object.keys(value[i] as object)) set(e, k, (value[i] as Record<string, unknown>)[k], rng); });
  } else if (rng.chance(0.5)) {
    object[key] = value;
  }
}

function withKeys(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = Object.create(null);
  for (const [k, v] of entries) Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
  return object;
}

/** JSON text of a value built here: -0 stays -0, Infinity is written as 1e400 (which JSON.parse reads as Infinity). */
function toJson(value: unknown): string {
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0';
    if (value === Infinity) return '1e400';
    if (value === -Infinity) return '-1e400';
    return JSON.stringify(value);
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${toJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** The answer as executeQueryPlan passes it: a null-prototype root over the subgraphs' parsed JSON. */
function fromJson(text: string): Record<string, unknown> | null {
  const parsed = JSON.parse(text) as Record<string, unknown> | null;
  if (!isPlainObject(parsed)) return parsed;
  const root: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(parsed)) root[key] = parsed[key];
  return root;
}

// ---------------------------------------------------------------------------------------------------------
// Running both and comparing.

type ComputeResponse = typeof computeResponse;
type Outcome = { threw: string } | { data: string; errors: { message: string; path: readonly (string | number)[] | undefined; code: unknown }[] };

const introspectionHandling = () => ({ introspected: true });

type Variables = Record<string, unknown> | undefined;

function run(shape: ComputeResponse, operation: ReturnType<typeof operationFromDocument>, variables: Variables, input: Record<string, unknown> | null): Outcome {
  try {
    const result = shape({ operation, variables, input, introspectionHandling });
    return {
      data: JSON.stringify(result.data),
      errors: result.errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
    };
  } catch (e) {
    return { threw: e instanceof Error ? e.message : String(e) };
  }
}

/** How `ours` differs from `theirs` (Apollo's), or undefined when it does not. */
function difference(ours: Outcome, theirs: Outcome): string | undefined {
  if ('threw' in theirs) return 'threw' in ours ? undefined : `Apollo's threw (${theirs.threw}), ours did not: ${inspect(ours, { depth: null })}`;
  if ('threw' in ours) return `ours threw (${ours.threw}), Apollo's did not: ${inspect(theirs, { depth: null })}`;
  if (ours.data !== theirs.data) return `data differs:\n  ours:   ${ours.data}\n  Apollo: ${theirs.data}`;
  const errors = (o: typeof ours) => JSON.stringify(o.errors);
  if (errors(ours) !== errors(theirs)) return `errors differ:\n  ours:   ${errors(ours)}\n  Apollo: ${errors(theirs)}`;
  return undefined;
}

/**
 * Operation #q of `seed`: generated until one passes GraphQL validation (and operationFromDocument's), at most 4
 * times (a random alias often collides with another field's response name); with the PRNG that goes on to make
 * its variables and answers.
 */
function generateOperation(seed: number, q: number, stats: Stats) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const rng = new Rng(seedOf(seed, q * 4 + attempt));
    const gen = new QueryGen(rng);
    const sels = gen.selections(gqlSchema.getQueryType()!, 0, 0);
    const declarations = [...gen.used].sort().map((v) => `$${v}: ${VARIABLES[v]}`);
    const definitions = gen.fragments.map((f) => ` fragment ${f.name} on ${f.on} { ${render(f.sub)} }`).join('');
    const query = `${declarations.length ? `query Q(${declarations.join(', ')}) { ${render(sels)} }` : `{ ${render(sels)} }`}${definitions}`;
    const document = parse(query);
    if (validate(gqlSchema, document).length > 0) {
      stats.invalidOperations++;
      continue;
    }
    const operation = operationFromDocument(schema, document, { validate: true });
    return { rng, gen, sels, query, operation };
  }
  return undefined;
}

interface Stats { operations: number; /** generated operations that failed validation, and were generated again */ invalidOperations: number; cases: number; threw: number; withErrors: number; nullData: number }

/** Runs the fuzz cases of operations [from, to) with `ours` against Apollo's; the mismatches, described. */
function fuzz(ours: ComputeResponse, seed: number, from: number, to: number, stats: Stats): string[] {
  const mismatches: string[] = [];
  for (let q = from; q < to; q++) {
    const generated = generateOperation(seed, q, stats);
    if (!generated) continue;
    const { rng, gen, sels, query, operation } = generated;
    stats.operations++;
    for (let k = 0; k < INPUTS_PER_QUERY; k++) {
      const jsOnly = rng.chance(0.1);
      let variables: Variables;
      if (gen.used.size > 0 || rng.chance(0.5)) {
        variables = {};
        for (const v of gen.used) {
          const r = rng.next();
          if (r < 0.46) variables[v] = true;
          else if (r < 0.92) variables[v] = false;
          else if (r < 0.98) continue; // omitted: the default, if any
          else variables[v] = rng.pick([null, 'yes']);
        }
      }
      const inputGen = new InputGen(rng, jsOnly);
      const built = rng.chance(0.01) ? null : inputGen.object(gqlSchema.getQueryType()!, sels, true);
      const inputText = jsOnly ? `(built in JS) ${inspect(built, { depth: null })}` : toJson(built);
      // Each its own copy of the answer (one built in JS is shared: neither changes its input).
      const theirs = run(apollo.computeResponse, operation, variables, jsOnly ? built : fromJson(inputText));
      const mine = run(ours, operation, variables, jsOnly ? built : fromJson(inputText));
      stats.cases++;
      if ('threw' in theirs) stats.threw++;
      else {
        if (theirs.errors.length) stats.withErrors++;
        if (theirs.data === 'null') stats.nullData++;
      }
      const diff = difference(mine, theirs);
      if (diff) {
        mismatches.push(`seed 0x${seed.toString(16)}, operation #${q}, answer #${k} (rerun: FUZZ_SEED=${seed} FUZZ_QUERY=${q})\n  query:     ${query}\n  variables: ${JSON.stringify(variables)}\n  input:     ${inputText}\n  ${diff}`);
      }
    }
  }
  return mismatches;
}

// ---------------------------------------------------------------------------------------------------------

describe('the gateway\'s result shaping against @apollo/gateway\'s, on random operations and answers', () => {
  it(`gives the same answers, errors and throws (seed 0x${SEED.toString(16)}, ${ONLY_QUERY === undefined ? QUERIES : 1} operations × ${INPUTS_PER_QUERY} answers)`, () => {
    const stats: Stats = { operations: 0, invalidOperations: 0, cases: 0, threw: 0, withErrors: 0, nullData: 0 };
    const mismatches = ONLY_QUERY === undefined ? fuzz(computeResponse, SEED, 0, QUERIES, stats) : fuzz(computeResponse, SEED, ONLY_QUERY, ONLY_QUERY + 1, stats);
    if (process.env.FUZZ_STATS) console.log(JSON.stringify(stats)); // eslint-disable-line no-console -- how the cases fell out
    if (mismatches.length > 0) {
      throw new Error(`${mismatches.length} of ${stats.cases} cases differ from Apollo's; the first ${Math.min(SHOW, mismatches.length)}:\n\n${mismatches.slice(0, SHOW).join('\n\n')}`);
    }
    if (ONLY_QUERY !== undefined) return;
    // The cases are worth their time: most operations are valid, most answers are shaped (not thrown on), and a
    // good share of them have errors or a null answer.
    expect(stats.operations).toBeGreaterThan(QUERIES * 0.9);
    expect(stats.cases).toBeGreaterThan(QUERIES * INPUTS_PER_QUERY * 0.6);
    expect(stats.threw).toBeLessThan(stats.cases * 0.35);
    expect(stats.withErrors).toBeGreaterThan(stats.cases * 0.2);
    expect(stats.nullData).toBeGreaterThan(stats.cases * 0.02);
  });

  it('would notice a shaping that differs from Apollo\'s', () => {
    // A shaping that is Apollo's with one leaf changed (the first string or number found in the answer).
    const changed: ComputeResponse = (args) => {
      const result = apollo.computeResponse(args);
      const change = (value: unknown): boolean => {
        if (!value || typeof value !== 'object') return false;
        for (const key of Object.keys(value)) {
          const v = (value as Record<string, unknown>)[key];
          if (typeof v === 'string' || typeof v === 'number') { (value as Record<string, unknown>)[key] = `${v}?`; return true; }
          if (change(v)) return true;
        }
        return false;
      };
      change(result.data);
      return result;
    };
    const stats: Stats = { operations: 0, invalidOperations: 0, cases: 0, threw: 0, withErrors: 0, nullData: 0 };
    expect(fuzz(changed, SEED, 0, 20, stats).length).toBeGreaterThan(0);
    // And each part of the comparison on its own.
    const base: Outcome = { data: '{"a":1,"b":"x"}', errors: [{ message: 'm', path: ['a'], code: 'INVALID_GRAPHQL' }] };
    expect(difference(base, { ...base })).toBeUndefined();
    expect(difference({ ...base, data: '{"b":"x","a":1}' }, base)).toMatch(/data differs/);
    expect(difference({ ...base, errors: [{ ...base.errors[0], path: ['b'] }] }, base)).toMatch(/errors differ/);
    expect(difference(base, { threw: 'assertion' })).toMatch(/Apollo's threw/);
    expect(difference({ threw: 'assertion' }, base)).toMatch(/ours threw/);
  });
});

// What the fuzzing found, minimised: each of these differs from Apollo's (see the report of the fuzzing).
describe('minimised cases where the fuzzing found our result shaping to differ from Apollo\'s', () => {
  type Minimised = [name: string, query: string, input: () => Record<string, unknown>];
  const minimised: Minimised[] = [
    // The compiled code reads a custom scalar as `input[responseName]`, not as an own property: where a subgraph
    // answers an array for an object, it reads Array.prototype's members (`at`, `keys`, `entries`, `map`...).
    ['an array for an object, a custom scalar named as an Array.prototype method', '{ customer { plan { entries } } }', () => JSON.parse('{"customer":{"plan":[]}}')],
    ['the same under an alias', '{ customer { at: born } }', () => JSON.parse('{"customer":[]}')],
    ['the same for a non-null custom scalar (Apollo: null, an error, bubbled up)', '{ customer { keys: meta } }', () => JSON.parse('{"customer":[]}')],
    // Lists of custom scalars are copied with `slice` after a check that lets `undefined` through: Apollo's
    // asserts (no JSON answer has undefined; an answer built in JS may).
    ['undefined in a list of custom scalars (Apollo throws)', '{ customer { dates } }', () => ({ customer: { dates: [undefined] } })],
    ['a hole in a list of non-null custom scalars (Apollo throws)', '{ customer { metas } }', () => ({ customer: { metas: [, 1] } })], // eslint-disable-line no-sparse-arrays
  ];
  it.each(minimised)('%s', (...[, query, input]: Minimised) => {
    const operation = operationFromDocument(schema, parse(query), { validate: true });
    expect(difference(run(computeResponse, operation, undefined, input()), run(apollo.computeResponse, operation, undefined, input()))).toBeUndefined();
  });
});
