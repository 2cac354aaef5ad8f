// What the per-request loaders (one set per request, never shared: a shared cache would leak one caller's
// data to another; ./json-rows.ts) need to know of the request's operation: which fields it selects.
import { DocumentNode, GraphQLSchema, Kind, SelectionSetNode, getNamedType, isObjectType, isAbstractType, isInterfaceType, GraphQLNamedType } from 'graphql';

/**
 * What the request's operation selects, by GraphQL type: `Type` → field names, over the whole document
 * (every place the type appears, fragments followed, @skip/@include ignored: a superset). Set once per
 * request when the operation is known (../graphql/subgraph.ts), before any loader runs; unset (e.g. outside
 * GraphQL) means "all columns". `custom`: the fields that have their own resolver in the register's map,
 * whose columns a lean loader must be told (see LeanRows).
 */
export class OperationSelection {
  byType?: ReadonlyMap<string, ReadonlySet<string>>;
  constructor(readonly custom: ReadonlyMap<string, ReadonlySet<string>> = new Map()) {}
}

const selectedCache = new WeakMap<DocumentNode, ReadonlyMap<string, ReadonlySet<string>>>();

/** The fields `document` selects of each object type of `schema` (cached per parsed document). */
export function selectedFieldsByType(schema: GraphQLSchema, document: DocumentNode): ReadonlyMap<string, ReadonlySet<string>> {
  const cached = selectedCache.get(document);
  if (cached) return cached;
  const out = new Map<string, Set<string>>();
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seen = new Set<string>();
  const walk = (type: GraphQLNamedType | null | undefined, set: SelectionSetNode | undefined) => {
    if (!type || !set) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!isObjectType(type) && !isInterfaceType(type)) continue; // only __typename can be asked of a union
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        // A field asked of an interface is asked of every type that implements it.
        for (const object of isObjectType(type) ? [type] : schema.getPossibleTypes(type)) {
          let fields = out.get(object.name);
          if (!fields) out.set(object.name, (fields = new Set()));
          fields.add(field.name);
        }
        walk(getNamedType(field.type), selection.selectionSet);
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        // A fragment spread walked once per type is enough (cycles are invalid, but repeated spreads are not).
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const key = `${selection.name.value}@${type.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        walk(condition && (isObjectType(condition) || isAbstractType(condition)) ? condition : type, fragment.selectionSet);
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = definition.operation === 'query' ? schema.getQueryType() : definition.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    walk(root, definition.selectionSet);
  }
  selectedCache.set(document, out);
  return out;
}

/**
 * A loader whose rows become objects of GraphQL `type` reads only the columns the operation asks of that
 * type (issue 11: the embedded database copies every field of every row, and Prisma maps each; the
 * caseload asks 5 of a customer's 21 columns and none of a meeting's participants JSON). A selected
 * field with its own resolver is read through `needs` (the columns it uses); one without is the column
 * of its name; anything not known this way, or no operation known, reads all columns. `always`: columns
 * read outside the type's own fields (the key, `id` and `customerId` that the rules and the loaders use
 * are added anyway; e.g. `until` where the parent field filters the rows).
 */
export interface LeanRows {
  selection: OperationSelection;
  /** The GraphQL object types the rows are answered as. */
  types: readonly string[];
  /** The model's columns (Prisma's `<Model>ScalarFieldEnum`). */
  columns: Readonly<Record<string, string>>;
  needs?: Readonly<Record<string, readonly string[]>>;
  always?: readonly string[];
}

/** Prisma's `select` for a lean loader in this request, or undefined for all columns. */
export function leanSelect(lean: LeanRows | undefined, keyColumn: string): Record<string, true> | undefined {
  const byType = lean?.selection.byType;
  if (!lean || !byType) return undefined;
  const select: Record<string, true> = { [keyColumn]: true };
  for (const column of ['id', 'customerId', ...(lean.always ?? [])]) if (column in lean.columns) select[column] = true;
  for (const type of lean.types) {
    const custom = lean.selection.custom.get(type);
    for (const field of byType.get(type) ?? []) {
      const needs = lean.needs?.[field];
      if (needs) for (const column of needs) select[column] = true;
      else if (field in lean.columns && !custom?.has(field)) select[field] = true;
      else if (field !== '__typename') return undefined;
    }
  }
  return select;
}

/**
 * Whether the operation selects a field of GraphQL `type` that is read from the object itself (a field
 * without its own resolver, e.g. a column of the row the parent loads); true when the operation is not
 * known. A resolver can then leave out a statement whose row nobody asks of (issue 11).
 */
export function selectsOwnFields(selection: OperationSelection | undefined, type: string): boolean {
  const byType = selection?.byType;
  if (!selection || !byType) return true;
  const custom = selection.custom.get(type);
  for (const field of byType.get(type) ?? []) if (field !== '__typename' && !custom?.has(field)) return true;
  return false;
}
