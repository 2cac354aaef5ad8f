// The gateway's result shaping: @apollo/gateway's `computeResponse` (dist/resultShaping.js of 2.14, Elastic
// License 2.0, Copyright 2021 Apollo Graph, Inc.), which turns the merged subgraph answers into the answer to
// the caller's operation (the fields asked for, under their aliases, with `__typename`s, @skip/@include and
// null propagation for non-null fields), with the same results and errors, rewritten for what it costs per
// request (BENCHMARKS.md, "Profiles (issue 11)", change 14):
//
// 1. Its output objects were `Object.create(null)`, which V8 keeps in dictionary mode: three times the memory
//    of an ordinary object and twice the `JSON.stringify` time (Apollo Server stringifies the answer next),
//    and then the garbage collection of it all. Here they are instances of `ResultObject`, whose prototype
//    chain is one empty frozen object without a prototype: fast properties, and still nothing inherited, so
//    that a response name such as `__proto__` or `constructor` is an own property like any other.
// 2. What a selection set asks (response names, types, @skip/@include, sub-selections) is read once per
//    selection set, not once per object of a list: the original looked up the @skip and @include directives
//    of every selection of every customer (two arrays each) and allocated a result record per field.
// 3. Each selection set's leaf fields are shaped by code compiled for that selection set (`compileShaper`,
//    BENCHMARKS.md change 33), not by one loop whose property loads and stores every field went through.
//
// installed by ./dependencies.ts in place of the package's own export, which executeQueryPlan calls.
import {
  assert, CompositeType, Directive, EnumType, ERRORS, isCompositeType, isCustomScalarType, isEnumType, isListType, isNonNullType, isObjectType,
  isSubtype, isValidLeafValue, ListType, NamedType, Operation, ScalarType, Schema, SelectionSet, Type, typenameFieldName, Variable,
} from '@apollo/federation-internals';
import type { FieldSelection } from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

/** An object of the answer: fast properties, no inherited ones (see above). */
type Output = Record<string, unknown>;
// A function, not a class: a class's prototype carries `constructor`, which `output[responseName]` would find.
const ResultObject = function ResultObject() { /* fields are added by applySelectionSet */ } as unknown as { new(): Output };
ResultObject.prototype = Object.freeze(Object.create(null));

interface Parameters {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspectionHandling: (selection: FieldSelection) => unknown;
}

/** One selection of a selection set, read once: a field, or an inline fragment. */
interface Step {
  skip?: Directive<any, any>;
  include?: Directive<any, any>;
  /** A field: its response name (alias or name) and definition; undefined for a fragment. */
  field?: {
    selection: FieldSelection;
    responseName: string;
    isTypename: boolean;
    isIntrospection: boolean;
    type: Type;
  };
  typeCondition?: CompositeType;
  selectionSet?: SelectionSet;
}

const stepsBySelectionSet = new WeakMap<SelectionSet, Step[]>();

/** The steps of `selectionSet`, kept as long as the selection set lives (a query plan's operation). */
function stepsOf(selectionSet: SelectionSet, schema: Schema): Step[] {
  let steps = stepsBySelectionSet.get(selectionSet);
  if (steps) return steps;
  const skipName = schema.skipDirective().name;
  const includeName = schema.includeDirective().name;
  steps = selectionSet.selections().map((selection): Step => {
    const directives = selection.element.appliedDirectives;
    // The first of each, as the original's `appliedDirectivesOf(...)[0]`.
    const skip = directives.find((d) => d.name == skipName);
    const include = directives.find((d) => d.name == includeName);
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      return {
        skip, include, selectionSet: selection.selectionSet,
        field: {
          selection, responseName: field.responseName(), isTypename: field.name === typenameFieldName,
          isIntrospection: field.definition.isSchemaIntrospectionField(), type: field.definition.type!,
        },
      };
    }
    return { skip, include, selectionSet: selection.selectionSet, typeCondition: selection.element.typeCondition };
  });
  stepsBySelectionSet.set(selectionSet, steps);
  return steps;
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/**
 * The answer to `operation` from the merged subgraph answers `input`: `data` (null when a non-null root
 * field is null) and the errors found on the way (invalid `__typename`s and leaf values, nulls in non-null
 * fields), as @apollo/gateway's own `computeResponse`, whose signature it keeps.
 */
export function computeResponse({ operation, variables, input, introspectionHandling }: {
  operation: Operation;
  variables?: Record<string, any>;
  input: Record<string, any> | null | undefined;
  introspectionHandling: (introspectionSelection: FieldSelection) => any;
}): { data: Record<string, any> | null | undefined; errors: GraphQLError[] } {
  if (!input) {
    return { data: input, errors: [] };
  }
  const parameters: Parameters = {
    schema: operation.schema(),
    variables: { __proto__: null, ...operation.collectDefaultedVariableValues(), ...variables },
    errors: [],
    introspectionHandling,
  };
  const data = new ResultObject();
  const bubbledUp = applySelectionSet(input, operation.selectionSet, data, parameters, [], operation.schema().schemaDefinition.rootType(operation.rootKind)!);
  return { data: bubbledUp ? null : data, errors: parameters.errors };
}

function skipped(step: Step, variables: Record<string, unknown>): boolean {
  return (step.skip !== undefined && ifValue(step.skip, variables))
    || (step.include !== undefined && !ifValue(step.include, variables));
}

function ifValue(directive: Directive<any, any>, variables: Record<string, unknown>): boolean {
  const ifArg = directive.arguments().if;
  if (ifArg instanceof Variable) {
    const value = variables[ifArg.name];
    assert(value !== undefined && typeof value === 'boolean', () => `Unexpected value ${value} for variable ${ifArg} of ${directive}`);
    return value;
  }
  return ifArg;
}

function typeConditionApplies(schema: Schema, typeCondition: CompositeType | undefined, typename: string | undefined, parentType: CompositeType): boolean {
  if (!typeCondition) return true;
  if (typename) {
    const type = namedType(schema, typename);
    return !!type && isSubtype(typeCondition, type);
  }
  return isSubtype(typeCondition, parentType);
}

/** Applies `selectionSet` to `input` into `output`; true when a null must bubble up to the parent. */
function applySelectionSet(input: Record<string, any>, selectionSet: SelectionSet, output: Output, parameters: Parameters, path: (string | number)[], parentType: CompositeType): boolean {
  let shaper = shapersBySelectionSet.get(selectionSet);
  if (!shaper) {
    shaper = compileShaper(stepsOf(selectionSet, parameters.schema), parameters.schema);
    shapersBySelectionSet.set(selectionSet, shaper);
  }
  return shaper(input, output, parameters, path, parentType);
}

/** Every step of a selection set, one after the other, as `applyStep` applies each. */
function applySteps(steps: Step[], input: Record<string, any>, output: Output, parameters: Parameters, path: (string | number)[], parentType: CompositeType): boolean {
  for (const step of steps) if (applyStep(step, input, output, parameters, path, parentType)) return true;
  return false;
}

/** One step of a selection set applied to `input` into `output`; true when a null must bubble up to the parent. */
function applyStep(step: Step, input: Record<string, any>, output: Output, parameters: Parameters, path: (string | number)[], parentType: CompositeType): boolean {
  if ((step.skip !== undefined || step.include !== undefined) && skipped(step, parameters.variables)) return false;
  const field = step.field;
  if (field) {
    const responseName = field.responseName;
    const outputValue = output[responseName];
    if (field.isIntrospection) {
      if (outputValue === undefined) output[responseName] = parameters.introspectionHandling(field.selection);
      return false;
    }
    let inputValue = (hasOwn(input, responseName) ? input[responseName] : undefined) ?? null;
    if (field.isTypename) {
      if (outputValue === undefined) {
        if (inputValue === null && responseName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
        const type = inputValue !== null && typeof inputValue === 'string' ? namedType(parameters.schema, inputValue) ?? parentType : parentType;
        if (!isObjectType(type)) return true;
        output[responseName] = type.name;
      }
      return false;
    }
    path.push(responseName);
    const updated = updateOutputValue(outputValue, field.type, inputValue, step.selectionSet, path, parameters, parentType);
    output[responseName] = updated;
    path.pop();
    return invalid;
  }
  const typename = input[typenameFieldName];
  assert(!typename || typeof typename === 'string', () => `Got unexpected value for __typename: ${typename}`);
  return typeConditionApplies(parameters.schema, step.typeCondition, typename, parentType)
    && applySelectionSet(input, step.selectionSet!, output, parameters, path, step.typeCondition ?? parentType);
}

/** A selection set's steps applied to `input` into `output`; true when a null must bubble up to the parent. */
type Shaper = (input: Record<string, any>, output: Output, parameters: Parameters, path: (string | number)[], parentType: CompositeType) => boolean;

const shapersBySelectionSet = new WeakMap<SelectionSet, Shaper>();
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * A selection set's steps compiled into one function (as graphql-jit compiles an operation): each field
 * without @skip/@include (a leaf, a list of leaves, an object, a list of objects) is read, checked and stored by
 * code of its own, with the response name written into it, so that V8 sees one property name and one object
 * shape at each load and store. Run through one loop instead, every `input[responseName]` and
 * `output[responseName]` of every selection set went through the same two megamorphic sites (issue 11: result
 * shaping was a fifth of the gateway's CPU for a caseload of 100). Only the common case is compiled: the field
 * not yet in `output`, and a leaf value valid for its type (the same test as `isValidLeafValue`), null where the
 * type allows it, or a plain object whose `__typename` is absent or names a composite type. Anything else (a
 * repeated response name, an invalid or missing value, a bad `__typename`, `__typename` fields, fragments,
 * introspection, a response name that `Object.prototype` has, an input that is not a plain object) goes through
 * `applyStep`, which does what the loop did, errors included. Response names are GraphQL names (checked again
 * here); every other value reaches the code as an argument, never as text. Returns the compiled function, or
 * the loop where node refuses code generation.
 */
function compileShaper(steps: Step[], schema: Schema): Shaper {
  const enumValues: Set<string>[] = [];
  const helpers: string[] = [];
  const lines = steps.map((step, i) => {
    const generic = `if (applyStep(steps[${i}], input, output, parameters, path, parentType)) return true;`;
    const field = step.field;
    if (!field || field.isTypename || field.isIntrospection || step.skip || step.include) return generic;
    if (!GRAPHQL_NAME.test(field.responseName) || field.responseName in Object.prototype) return generic;
    const key = JSON.stringify(field.responseName);
    const nullable = !isNonNullType(field.type);
    const type = isNonNullType(field.type) ? field.type.ofType : field.type;
    if (step.selectionSet) {
      // An object, or a list of objects (`[T]`, `[T!]`): shaped here when it is a plain object with a usable
      // `__typename` (or none), the nulls it bubbles up handled as updateOutputValue handles them.
      if (isCompositeType(type)) {
        return `value = input[${key}] ?? null;
  if (output[${key}] === undefined) { path.push(${key}); object = shapeObject(value, steps[${i}].field.type, steps[${i}].selectionSet, parameters, path); path.pop(); } else object = undefined;
  if (object !== undefined) { output[${key}] = object;${nullable ? '' : ' if (object === null) return true;'} } else ${generic}`;
      }
      if (isListType(type) && isCompositeType(isNonNullType(type.ofType) ? type.ofType.ofType : type.ofType)) {
        return `value = input[${key}] ?? null; if (output[${key}] === undefined && Array.isArray(value)) {
    path.push(${key}); object = shapeObjectList(value, steps[${i}], parameters, path, parentType); path.pop();
    output[${key}] = object;${nullable ? '' : ' if (object === null) return true;'}
  } else ${generic}`;
      }
      return generic;
    }
    let valid: string | undefined;
    let copy = 'value';
    if (isListType(type)) {
      // A list of leaves, copied as the loop copies it: `[T]`, `[T!]`, not lists of lists.
      const element = isNonNullType(type.ofType) ? type.ofType.ofType : type.ofType;
      const test = leafTest(element, schema, enumValues);
      if (!test) return generic;
      const each = isNonNullType(type.ofType) ? `(value !== null && ${test})` : `(value === null || ${test})`;
      helpers.push(`function list${i}(list) { for (let j = 0; j < list.length; j++) { const value = list[j]; if (!${each}) return false; } return true; }`);
      valid = `Array.isArray(value) && list${i}(value)`;
      copy = 'value === null ? null : value.slice()';
    } else {
      valid = leafTest(type, schema, enumValues);
      if (!valid) return generic;
    }
    const check = nullable ? `(value === null || (${valid}))` : `(value !== null && (${valid}))`;
    return `value = input[${key}] ?? null; if (output[${key}] === undefined && ${check}) output[${key}] = ${copy}; else ${generic}`;
  });
  // An object that is not a plain one (a subgraph's array where an object belongs) would lend its prototype's
  // members (`at`, `keys`, `map`...) to the compiled reads: such an input takes the loop, which reads own
  // properties only.
  const source = `${helpers.join('\n')}
return function shape(input, output, parameters, path, parentType) {
  const prototype = Object.getPrototypeOf(input);
  if (prototype !== Object.prototype && prototype !== null) return applySteps(steps, input, output, parameters, path, parentType);
  let value, object;
  ${lines.join('\n  ')}
  return false;
};`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('steps', 'applyStep', 'applySteps', 'enumValues', 'shapeObject', 'shapeObjectList', source)(
      steps, applyStep, applySteps, enumValues, shapeObject, shapeObjectList) as Shaper;
  } catch {
    // Code generation refused (node --disallow-code-generation-from-strings): the same answers through the loop.
    return (input, output, parameters, path, parentType) => applySteps(steps, input, output, parameters, path, parentType);
  }
}

/**
 * The compiled test that `value` (not null) is valid for the leaf type `type`, as `isValidLeafValue` decides;
 * undefined when `type` is not a leaf.
 */
function leafTest(type: Type, schema: Schema, enumValues: Set<string>[]): string | undefined {
  // Any value but `undefined`, which only a list element can be here (a hole, or an input built in code):
  // the loop refuses it as Apollo's does.
  if (isCustomScalarType(type)) return 'value !== undefined';
  if (type === schema.booleanType()) return `typeof value === 'boolean'`;
  if (type === schema.stringType() || type === schema.idType()) return `typeof value === 'string'`;
  // A safe integer prints as the digits isValidLeafValue's pattern asks; other numbers take applyStep.
  if (type === schema.intType()) return 'Number.isSafeInteger(value)';
  if (type === schema.floatType()) return `(typeof value === 'number' && Number.isFinite(value))`;
  if (isEnumType(type)) {
    enumValues.push(new Set(type.values.map((v) => v.name)));
    return `(typeof value === 'string' && enumValues[${enumValues.length - 1}].has(value))`;
  }
  return undefined;
}

/**
 * The type an object of the answer is shaped as: its `__typename`'s when it names a composite type, `type`
 * (the field's type, without its non-null) when it has none; undefined where updateOutputValue would record an
 * error or throw (an unknown, non-composite or non-string `__typename`), so that the caller leaves it to that.
 */
function objectTypeOf(value: Record<string, any>, fieldType: Type, schema: Schema): CompositeType | undefined {
  const typename = value[typenameFieldName];
  if (typename === undefined || typename === '') return (isNonNullType(fieldType) ? fieldType.ofType : fieldType) as CompositeType;
  if (typeof typename !== 'string') return undefined;
  const type = namedType(schema, typename);
  return type && isCompositeType(type) ? type : undefined;
}

/**
 * `value`, a plain object of the answer for a field or list element of type `type`, shaped by `selectionSet`
 * into a new output object; null when a null bubbled up to it. Undefined, with nothing done, when it is not a
 * plain object or its `__typename` is not usable (see objectTypeOf): the caller leaves it to updateOutputValue.
 */
function shapeObject(value: unknown, type: Type, selectionSet: SelectionSet, parameters: Parameters, path: (string | number)[]): Output | null | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const objectType = objectTypeOf(value as Record<string, any>, type, parameters.schema);
  if (objectType === undefined) return undefined;
  const object = new ResultObject();
  return applySelectionSet(value as Record<string, any>, selectionSet, object, parameters, path, objectType) ? null : object;
}

/**
 * A list of objects (the field of `step` is `[T]` or `[T!]`, maybe non-null) shaped as updateOutputValue's list
 * branch shapes it: each plain object with a usable `__typename` here, anything else (null, undefined, an array,
 * a bad `__typename`) by updateOutputValue, errors included. Returns the new list, or null when a non-null
 * element became null (the list then bubbles up as updateOutputValue's would).
 */
function shapeObjectList(list: unknown[], step: Step, parameters: Parameters, path: (string | number)[], parentType: CompositeType): unknown[] | null {
  const fieldType = step.field!.type;
  const listType = (isNonNullType(fieldType) ? fieldType.ofType : fieldType) as ListType<any>;
  const elementType: Type = listType.ofType;
  const nonNullElements = isNonNullType(elementType);
  const shaped: unknown[] = [];
  let shouldNullify = false;
  for (let idx = 0; idx < list.length; idx++) {
    const element = list[idx];
    path.push(idx);
    const object = shapeObject(element, elementType, step.selectionSet!, parameters, path);
    if (object !== undefined) {
      shaped.push(object);
      shouldNullify ||= object === null && nonNullElements;
    } else {
      shaped.push(updateOutputValue(undefined, elementType, element, step.selectionSet, path, parameters, parentType));
      shouldNullify ||= invalid;
    }
    path.pop();
  }
  return shouldNullify ? null : shaped;
}

/** `schema.type(name)`, remembered per schema: asked for every object of an answer that has a `__typename`. */
const namedTypes = new WeakMap<Schema, Map<string, NamedType | undefined>>();

function namedType(schema: Schema, name: string): NamedType | undefined {
  let types = namedTypes.get(schema);
  if (!types) namedTypes.set(schema, types = new Map());
  if (types.has(name)) return types.get(name);
  const type = schema.type(name);
  types.set(name, type);
  return type;
}

function pathLastElementDescription(path: (string | number)[], currentType: Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  assert(element !== undefined, 'Should not have been called on an empty path');
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${currentType} at index ${element}`;
}

// What the last updateOutputValue found besides the value it returns (the original returned a record per
// call): `invalid`, the value is null where the type does not allow it (the parent must become null), and
// `hasErrors`, an error was recorded below. Read right after each call.
let invalid = false;
let hasErrors = false;

function updateOutputValue(outputValue: unknown, type: Type, inputValue: any, selectionSet: SelectionSet | undefined, path: (string | number)[], parameters: Parameters, parentType: CompositeType): unknown {
  assert(inputValue !== undefined, 'Should not pass undefined for `inputValue` to this method');
  invalid = false;
  hasErrors = false;
  if (outputValue === null || (outputValue !== undefined && !selectionSet)) {
    return outputValue;
  }
  if (isNonNullType(type)) {
    const updated = updateOutputValue(outputValue, type.ofType, inputValue, selectionSet, path, parameters, parentType);
    if (updated === null) {
      if (!hasErrors) {
        parameters.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${pathLastElementDescription(path, type.ofType, parentType)}.`, { path: Array.from(path) }));
      }
      invalid = true;
      hasErrors = true;
      return updated;
    }
    invalid = false;
    hasErrors = false;
    return updated;
  }
  if (inputValue === null) {
    return null;
  }
  if (isListType(type)) {
    assert(Array.isArray(inputValue), () => `Invalid non-list value ${inputValue} returned by subgraph for list type ${type}`);
    assert(outputValue === undefined || Array.isArray(outputValue), () => `Invalid non-list value ${outputValue} returned by subgraph for list type ${type}`);
    const outputList = outputValue as unknown[] | undefined;
    assert(outputList === undefined || inputValue.length === outputList.length, () => `[${inputValue}].length (${inputValue.length}) !== [${outputList}].length (${outputList!.length})`);
    let shouldNullify = false;
    let listHasErrors = false;
    const updated: unknown[] = [];
    for (let idx = 0; idx < inputValue.length; idx++) {
      path.push(idx);
      updated.push(updateOutputValue(outputList?.[idx], type.ofType, inputValue[idx], selectionSet, path, parameters, parentType));
      path.pop();
      shouldNullify ||= invalid;
      listHasErrors ||= hasErrors;
    }
    invalid = false;
    hasErrors = listHasErrors;
    return shouldNullify ? null : updated;
  }
  if (isCompositeType(type)) {
    assert(selectionSet, () => `Invalid empty selection set for composite type ${type}`);
    assert(typeof inputValue === 'object', () => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
    assert(outputValue === undefined || typeof outputValue === 'object', () => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
    const inputTypename = inputValue[typenameFieldName];
    assert(inputTypename === undefined || typeof inputTypename === 'string', () => `Invalid non-string value ${inputTypename} for __typename at ${path}`);
    let objType: CompositeType = type;
    if (inputTypename) {
      const typenameType = namedType(parameters.schema, inputTypename);
      if (!typenameType || !isCompositeType(typenameType)) {
        parameters.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${pathLastElementDescription(path, type, parentType)}.`, { path: Array.from(path) }));
        invalid = false;
        hasErrors = true;
        return null;
      }
      objType = typenameType;
    }
    const outputObject = outputValue === undefined ? new ResultObject() : outputValue as Output;
    const bubbledUp = applySelectionSet(inputValue, selectionSet, outputObject, parameters, path, objType);
    invalid = false;
    hasErrors = bubbledUp;
    return bubbledUp ? null : outputObject;
  }
  assert(outputValue === undefined, () => `Excepted output to be undefined but got ${type} for type ${type}`);
  // An output type that is neither a list, non-null nor composite: a scalar or an enum.
  const isValidValue = isValidLeafValue(parameters.schema, inputValue, type as ScalarType | EnumType);
  if (!isValidValue) {
    parameters.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${pathLastElementDescription(path, type, parentType)}.`, { path: Array.from(path) }));
  }
  invalid = false;
  hasErrors = !isValidValue;
  return isValidValue ? inputValue : null;
}
