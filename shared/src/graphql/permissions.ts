// graphql-shield over a subgraph, derived from its field classification: each category gets one named
// rule that asks the law (../law/rules.ts); no field is readable that the classification does not name
// (fallbackRule: deny). Denials answer FORBIDDEN, revealing nothing.
import {
  FieldNode, GraphQLError, GraphQLField, GraphQLFieldResolver, defaultFieldResolver, GraphQLIncludeDirective, GraphQLNamedType, GraphQLObjectType, GraphQLResolveInfo,
  GraphQLSchema, GraphQLSkipDirective, Kind, SelectionSetNode, getDirectiveValues, getNamedType, isObjectType, isUnionType,
} from 'graphql';
import type { IMiddleware } from 'graphql-middleware';
import { IRules, allow, deny, rule, shield } from 'graphql-shield';
import type { Classification } from '../law/classification';
import { CATEGORIES, CategoryName } from '../law/categories';
import { changeNotLogged, consentsUnavailable, forbidden, refusedWrite } from './errors';
import { requireId } from '../validation';
import type { RequestLaw } from './request-law';
import { Decision, areaOfOfficial } from '../law/rules';
import { AreaId, areaOfMunicipality } from '../law/areas';

/** Whose data is this field about? Customer entities carry `id`; every other row carries `customerId`. */
export function customerIdOf(parent: unknown, args: Record<string, unknown>, info: GraphQLResolveInfo): string | undefined {
  if (info.parentType.name === 'Customer') return (parent as { id?: string }).id;
  if (parent && typeof parent === 'object' && 'customerId' in parent) return (parent as { customerId: string }).customerId;
  const input = args.input as { customerId?: string } | undefined;
  // Ids are stored in lower case (requireId); decide and log under the id as stored.
  return ((args.customerId as string | undefined) ?? input?.customerId)?.toLowerCase();
}

const included = (node: { directives?: FieldNode['directives'] }, variables: GraphQLResolveInfo['variableValues']) =>
  !node.directives?.length
  || (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false);

function collectBelow(
  info: GraphQLResolveInfo, guarded: ReadonlySet<string>, type: GraphQLNamedType, selectionSet: SelectionSetNode, out: Set<string>,
) {
  for (const selection of selectionSet.selections) {
    if (!included(selection, info.variableValues)) continue;
    if (selection.kind === Kind.FIELD) {
      const field = isObjectType(type) ? type.getFields()[selection.name.value] : undefined;
      if (!field) continue; // __typename, or a field of an abstract type (none of these is guarded)
      out.add(`${type.name}.${field.name}`);
      const target = getNamedType(field.type);
      if (selection.selectionSet && guarded.has(target.name)) collectBelow(info, guarded, target, selection.selectionSet, out);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectBelow(info, guarded, selection.typeCondition ? info.schema.getType(selection.typeCondition.name.value) ?? type : type, selection.selectionSet, out);
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) collectBelow(info, guarded, info.schema.getType(fragment.typeCondition.name.value) ?? type, fragment.selectionSet, out);
    }
  }
}

/** The last selection walked, per field nodes: siblings in a list share their field nodes (graphql-js collects them once). */
const belowCache = new WeakMap<readonly FieldNode[], { variables: GraphQLResolveInfo['variableValues']; fields: string[] }>();

/**
 * The fields selected below an entry field in types guarded at their entry (e.g. `Meeting.participants`
 * and `MeetingParticipant.name` below `Customer.meetings`): their values leave with the entry field's,
 * unshielded (see typesGuardedAtTheirEntry), so a disclosure record names them from the entry field's
 * selection set (fragments and @skip/@include followed). Only disclosures to third parties ask this.
 */
export function fieldsBelowEntry(info: GraphQLResolveInfo, guarded: ReadonlySet<string>): string[] {
  const cached = belowCache.get(info.fieldNodes);
  if (cached && cached.variables === info.variableValues) return cached.fields;
  const out = new Set<string>();
  const type = getNamedType(info.returnType);
  for (const node of info.fieldNodes) if (node.selectionSet) collectBelow(info, guarded, type, node.selectionSet, out);
  const fields = [...out];
  belowCache.set(info.fieldNodes, { variables: info.variableValues, fields });
  return fields;
}

/**
 * The cooperation area a partner's row is of (../law/rules.ts, partner data): its municipality's; null when the
 * row names none of a known area. A root field's list is the caller's own area's (its register answers no other),
 * so it is asked with the caller's own area.
 */
function partnerAreaOf(parent: unknown, ctx: { law: RequestLaw }, info: GraphQLResolveInfo): AreaId | null {
  if (info.parentType.name === 'Query') return areaOfOfficial(ctx.law.actor);
  return areaOfMunicipality((parent as { municipality?: string | null } | null | undefined)?.municipality);
}

/** Whose partner record a field of partner data reads: the row's id below a root field (none for the root list itself). */
function partnerIdOf(parent: unknown, info: GraphQLResolveInfo): string | undefined {
  if (info.parentType.name === 'Query') return undefined;
  const id = (parent as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * A look-up the decision needed failed: an error that says which (e.g. the register's own database, for
 * the customer's area) is passed on; anything else was the consents' look-up. Not a denial either way.
 */
const lookupFailed = (error: unknown) => (error instanceof GraphQLError ? error : consentsUnavailable());

function malformedCustomerId(customerId: string): Error | undefined {
  try {
    requireId('customerId', customerId);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** One category's law: the check, and the same check as a graphql-shield rule. */
interface CategoryLaw { check: LawfulAccessCheck; rule: ReturnType<ReturnType<typeof rule>> }
type CategoryLaws = Map<CategoryName, CategoryLaw>;

/** The law of every category the classification names, made once per schema. */
function categoryLaws(classification: Classification, guarded: ReadonlySet<string>): CategoryLaws {
  const laws: CategoryLaws = new Map();
  for (const category of classification.values()) if (!laws.has(category)) laws.set(category, lawfulAccessTo(category, guarded));
  return laws;
}

function lawfulAccessTo(category: CategoryName, guarded: ReadonlySet<string>): CategoryLaw {
  const readKey = `${category}|read`;
  const writeKey = `${category}|write`;
  const answer = (decision: Decision, customerId: string | undefined, ctx: { law: RequestLaw }, info: GraphQLResolveInfo, write = false) => {
    // A write refused for a restriction of processing says so (to a caller allowed but for it); a read stays plain.
    if (!decision.allowed) return write ? refusedWrite(decision) : forbidden();
    if (decision.consentId && customerId) {
      ctx.law.recordDisclosure(customerId, decision.consentId, category, `${info.parentType.name}.${info.fieldName}`);
      // The fields below an entry field are not shielded, so they are recorded here (same category).
      if (guarded.has(getNamedType(info.returnType).name)) {
        for (const field of fieldsBelowEntry(info, guarded)) ctx.law.recordDisclosure(customerId, decision.consentId, category, field);
      }
    }
    return true;
  };
  const partner = CATEGORIES[category].kind === 'partner';
  // Not async: a decision already made for this customer answers without another promise.
  const check: LawfulAccessCheck = (parent, args, ctx, info) => {
    if (partner && info.parentType.name !== 'Mutation') return answer(ctx.law.decideOnPartner(category, partnerAreaOf(parent, ctx, info), partnerIdOf(parent, info)), undefined, ctx, info);
    const customerId = customerIdOf(parent, args, info);
    const write = info.parentType.name === 'Mutation';
    if (write) {
      // An id that is not an id names nobody: say so (bad input), before the area rule would answer
      // FORBIDDEN for it as for a customer of another area. A well-formed id of nobody stays FORBIDDEN.
      const malformed = customerId === undefined ? undefined : malformedCustomerId(customerId);
      if (malformed) return malformed;
      // A write is logged before its resolver runs; no log entry, no write.
      return Promise.resolve(ctx.law.decide(category, customerId, 'write', writeKey)).then(async (decision) => {
        if (decision.allowed && customerId) {
          try {
            await ctx.law.logWriteBeforehand(category, customerId, String(info.path.key));
          } catch {
            return changeNotLogged();
          }
        }
        return answer(decision, customerId, ctx, info, true);
      }, lookupFailed);
    }
    // Query.customer names its customer by `id`, which the rules need not read (the caller's role decides
    // first): a refusal there is still an attempt on that customer, and the access log names them.
    const attemptedOn = customerId === undefined && info.parentType.name === 'Query' && typeof args.id === 'string' && getNamedType(info.returnType).name === 'Customer'
      ? args.id.toLowerCase() : undefined;
    const decision = ctx.law.decide(category, customerId, 'read', readKey, attemptedOn);
    return decision instanceof Promise
      // A consent look-up that failed is not a denial: the caller is told to try again (and gets no data).
      ? decision.then((d) => answer(d, customerId, ctx, info), lookupFailed)
      : answer(decision, customerId, ctx, info);
  };
  return { check, rule: rule(`lawful access to ${category}`, { cache: 'no_cache' })(check) };
}

/**
 * A category's rule as a function: true (allowed, and recorded), an error to answer instead of the value
 * (FORBIDDEN, or a look-up that failed), or a promise of either when the decision must wait for a look-up.
 */
type LawfulAccessCheck = (parent: unknown, args: Record<string, unknown>, ctx: { law: RequestLaw }, info: GraphQLResolveInfo) => true | Error | Promise<true | Error>;

/**
 * The shield of a subgraph. `guarded`: the types guarded at their entry (their fields are recorded at
 * the entry field); `serveSdl`: whether `_service { sdl }` answers (not in production, where the gateway
 * reads the committed supergraph and nobody needs a subgraph's SDL).
 */
export function permissionsFor(
  classification: Classification, guarded: ReadonlySet<string> = new Set(), { serveSdl = true } = {},
  laws: CategoryLaws = categoryLaws(classification, guarded),
) {
  const rules: Record<string, Record<string, CategoryLaw['rule']>> = {};
  for (const [typeField, category] of classification) {
    const [type, field] = typeField.split('.');
    (rules[type] ??= {})[field] = laws.get(category)!.rule;
  }
  const tree: IRules = {
    ...rules,
    // Federation's own entry points: the SDL for composition, and entity resolution, whose fields are
    // then guarded by the entity types' own rules (so `_entities` is no way around them).
    Query: { ...rules.Query, _service: serveSdl ? allow : deny, _entities: allow },
    _Service: { sdl: serveSdl ? allow : deny },
  };
  return shield(tree, { fallbackRule: deny, fallbackError: forbidden, allowExternalErrors: true, debug: false });
}

/**
 * Object types whose every field has one category C and which are reachable only through fields of
 * that same category C: e.g. `Meeting`, reached only through `Customer.meetings` (JOINT_CUSTOMERSHIP),
 * all of whose fields are JOINT_CUSTOMERSHIP. Whoever holds such an object was already allowed C for
 * that customer at the field that led to it, and that use was logged there; asking again for each of
 * its fields decides nothing new. Entities (reachable through `_entities`) and the root types never
 * qualify, and a field of another category anywhere keeps the type out.
 */
export function typesGuardedAtTheirEntry(schema: GraphQLSchema, classification: Classification): Set<string> {
  const entities = new Set((schema.getType('_Entity') && isUnionType(schema.getType('_Entity')))
    ? (schema.getType('_Entity') as unknown as { getTypes(): GraphQLObjectType[] }).getTypes().map((t) => t.name) : []);
  const objectTypes = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, '_Service']);
  const entriesOf = new Map<string, string[]>();
  for (const type of objectTypes) {
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type).name;
      entriesOf.set(target, [...(entriesOf.get(target) ?? []), `${type.name}.${field.name}`]);
    }
  }
  const guarded = new Set<string>();
  for (const type of objectTypes) {
    if (roots.has(type.name) || entities.has(type.name)) continue;
    const categories = new Set(Object.keys(type.getFields()).map((f) => classification.get(`${type.name}.${f}`)));
    const [category] = categories;
    if (categories.size !== 1 || !category || CATEGORIES[category].kind === 'structure') continue;
    const entries = entriesOf.get(type.name) ?? [];
    if (entries.length > 0 && entries.every((entry) => classification.get(entry) === category)) guarded.add(type.name);
  }
  return guarded;
}

type Resolver = GraphQLFieldResolver<unknown, unknown> | undefined;

/** Each object type's fields with the resolver they have now (undefined: graphql's default), before the rules wrap them. */
function resolversOf(schema: GraphQLSchema): Map<GraphQLField<unknown, unknown>, Resolver> {
  const out = new Map<GraphQLField<unknown, unknown>, Resolver>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type)) for (const field of Object.values(type.getFields())) out.set(field, field.resolve);
  }
  return out;
}

/**
 * graphql-middleware's own pieces (the `graphql-middleware/*` files its package exports): the check that the
 * middleware names only types and fields the schema has, and the wrapping of each field's resolver (its own, or
 * graphql's default) in the middleware. Their types are not reachable under this repository's module resolution.
 */
const { validateMiddleware } = require('graphql-middleware/validation') as {
  validateMiddleware(schema: GraphQLSchema, middleware: IMiddleware): IMiddleware;
};
const { generateResolverFromSchemaAndMiddleware } = require('graphql-middleware/applicator') as {
  generateResolverFromSchemaAndMiddleware(schema: GraphQLSchema, options: { onlyDeclaredResolvers: boolean }, middleware: IMiddleware):
    Record<string, Record<string, { resolve?: Resolver; subscribe?: Resolver }>>;
};

/**
 * graphql-shield's middleware on every field of `schema`, as graphql-middleware's `applyMiddleware` puts it (every
 * field, its own resolver or graphql's default wrapped: `onlyDeclaredResolvers: false`), but on the schema's own
 * fields instead of on a copy: `applyMiddleware` ends in graphql-tools' `mapSchema`, which rebuilt every type of the
 * schema at each start for a schema used nowhere else (the joint register's, 60 ms of its start: issue 11, cold
 * start; BENCHMARKS.md change 48). Only `resolve` and `subscribe` are set, the two that carry the middleware.
 */
function shieldInPlace(schema: GraphQLSchema, rules: ReturnType<typeof shield>): void {
  const middleware = validateMiddleware(schema, rules.generate(schema));
  const wrapped = generateResolverFromSchemaAndMiddleware(schema, { onlyDeclaredResolvers: false }, middleware);
  for (const [typeName, fields] of Object.entries(wrapped)) {
    const own = (schema.getType(typeName) as GraphQLObjectType).getFields();
    for (const [fieldName, config] of Object.entries(fields)) {
      own[fieldName].resolve = config.resolve;
      if (config.subscribe) own[fieldName].subscribe = config.subscribe;
    }
  }
}

/**
 * The subgraph schema under the law: graphql-shield on every field (deny by default), except the fields
 * of types guarded at their entry (see above), which keep their plain resolvers. graphql-shield makes
 * every field it wraps asynchronous, which is what makes it slow on long lists; this keeps the rule where
 * the decision is made and spares the thousands of fields below it. `schema` is changed in place and returned.
 */
export function applyLaw(schema: GraphQLSchema, classification: Classification, options: { serveSdl?: boolean } = {}): GraphQLSchema {
  const guarded = typesGuardedAtTheirEntry(schema, classification);
  const laws = categoryLaws(classification, guarded);
  const plain = resolversOf(schema);
  shieldInPlace(schema, permissionsFor(classification, guarded, options, laws));
  for (const typeName of guarded) {
    for (const field of Object.values((schema.getType(typeName) as GraphQLObjectType).getFields())) field.resolve = plain.get(field);
  }
  answerReadsAtOnce(schema, plain, classification, guarded, laws);
  return schema;
}

/**
 * A log read at the root (a field of category kind 'log' on Query: the access logs, the disclosure records, the chains'
 * verification): its answer is a view of every customer it names, each item's `customerId`, and is logged as such
 * (RequestLaw.recordLogRead; DOMAIN.md rule 6, 906/2019 § 17), or as a use without a customer where it names none.
 * One place for every log a register serves (found in session 34: reads by actor, recipient or time left no trace).
 */
function loggingLogRead(category: CategoryName, resolve: NonNullable<Resolver>): NonNullable<Resolver> {
  return async (parent, args, ctx, info) => {
    const answer = await resolve(parent, args, ctx, info);
    const named = Array.isArray(answer) ? answer.map((item) => (item as { customerId?: string | null } | null)?.customerId ?? null) : [];
    (ctx as { law: RequestLaw }).law.recordLogRead(category, named);
    return answer;
  };
}

/**
 * graphql-shield's middleware is asynchronous: every field it guards costs several promises even when the
 * decision is already made, and on a page of 500 customers that was about 40 % of the joint register's CPU
 * (BENCHMARKS.md, issue 11). So every read field the classification names (every field of every type but
 * Mutation) runs its category's check itself, the same function graphql-shield's rule runs: a decision
 * known at once answers at once (the field's own resolver, or the refusal), and only a decision that must
 * wait for a look-up returns a promise. Writes keep graphql-shield's path (logged before they run), and
 * every field the classification does not name keeps graphql-shield's fallback rule (deny).
 */
function answerReadsAtOnce(
  schema: GraphQLSchema, plain: ReadonlyMap<GraphQLField<unknown, unknown>, Resolver>, classification: Classification, guarded: ReadonlySet<string>,
  laws: CategoryLaws,
) {
  const mutation = schema.getMutationType()?.name;
  const query = schema.getQueryType()?.name;
  for (const [typeField, category] of classification) {
    const [typeName, fieldName] = typeField.split('.');
    if (typeName === mutation || guarded.has(typeName)) continue;
    const field = (schema.getType(typeName) as GraphQLObjectType | undefined)?.getFields()[fieldName];
    if (!field) continue;
    const own = plain.get(field) ?? defaultFieldResolver;
    const resolve = typeName === query && CATEGORIES[category].kind === 'log' ? loggingLogRead(category, own) : own;
    const { check } = laws.get(category)!;
    field.resolve = (parent, args, ctx, info) => {
      let verdict: ReturnType<LawfulAccessCheck>;
      try {
        verdict = check(parent, args, ctx, info);
      } catch (error) {
        return error; // as graphql-shield answers a rule that threw (allowExternalErrors)
      }
      if (verdict === true) return resolve(parent, args, ctx, info);
      if (!(verdict instanceof Promise)) return verdict;
      return verdict.then((late) => (late === true ? resolve(parent, args, ctx, info) : late));
    };
  }
}
