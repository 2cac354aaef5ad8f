// The cost of an operation counts list sizes however they are given, and every list with a size argument
// has a known maximum.
import { isObjectType, parse } from 'graphql';
import { apiSchema } from '../../tests/support/selection';
import { DEFAULT_LIST_SIZE_MAXIMUM, LIST_SIZE_MAXIMA, nameLimit, operationCost } from '../src/graphql/limits';
import { AuthenticationError, checkTokenLifetime } from '../src/auth/tokens';

const cost = (query: string, variables?: Record<string, unknown>) => operationCost(apiSchema(), parse(query), variables).cost;
// caseload: 2 + 1.5 * (edges: 2 + 1.5 * (node: 2 + 1.5 * 2 leaves)) = 2 + 1.5 * 9.5 = 16.25 per customer.
const PER_CUSTOMER = 16.25;
const SELECTION = '{ edges { node { id lastName } } }';

it('counts a literal, a variable, a variable default and the schema default alike', () => {
  expect(cost(`{ caseload(first: 7) ${SELECTION} }`)).toBe(7 * PER_CUSTOMER);
  expect(cost(`query($n: Int) { caseload(first: $n) ${SELECTION} }`, { n: 7 })).toBe(7 * PER_CUSTOMER);
  expect(cost(`query($n: Int = 7) { caseload(first: $n) ${SELECTION} }`)).toBe(7 * PER_CUSTOMER);
  // caseload(first: Int = 50): an absent argument, or an absent variable, is the schema's default.
  expect(cost(`{ caseload ${SELECTION} }`)).toBe(50 * PER_CUSTOMER);
  expect(cost(`query($n: Int) { caseload(first: $n) ${SELECTION} }`)).toBe(50 * PER_CUSTOMER);
});

it("costs a size not known at the field's maximum", () => {
  expect(cost(`query($n: Int) { caseload(first: $n) ${SELECTION} }`, { n: null })).toBe(1000 * PER_CUSTOMER);
  expect(cost(`{ caseload(first: null) ${SELECTION} }`)).toBe(1000 * PER_CUSTOMER);
});

it('costs nothing that @skip or @include leave out, and nothing for __typename unless aliased', () => {
  expect(cost(`query($skip: Boolean!) { caseload(first: 7) @skip(if: $skip) ${SELECTION} }`, { skip: true })).toBe(0);
  expect(cost(`{ caseload(first: 7) { __typename edges { __typename node { __typename id lastName } } } }`)).toBe(7 * PER_CUSTOMER);
  // An aliased __typename is an answer field as any leaf: node 2 + 1.5 * 3 leaves, edges 2 + 1.5 * 6.5, caseload 2 + 1.5 * 11.75.
  expect(cost(`{ caseload(first: 7) { edges { node { t: __typename id lastName } } } }`)).toBe(7 * (2 + 1.5 * (2 + 1.5 * (2 + 1.5 * 3))));
});

it('gives every list field with a size argument a maximum: its own, or the default of the access logs', () => {
  const sized: string[] = [];
  for (const type of Object.values(apiSchema().getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.some((a) => a.name === 'first' || a.name === 'last')) sized.push(`${type.name}.${field.name}`);
    }
  }
  expect(sized.filter((f) => !(f in LIST_SIZE_MAXIMA) && !/AccessLog$/.test(f))).toEqual([]);
  expect(Object.keys(LIST_SIZE_MAXIMA).filter((f) => !sized.includes(f))).toEqual([]);
  expect(DEFAULT_LIST_SIZE_MAXIMUM).toBe(1000);
});

it('refuses, as over the cost limit, fragments that spread each other into more selections than can be costed', () => {
  const fragments = Array.from({ length: 16 }, (_, i) => i === 0 ? 'fragment F0 on Customer { id }' : `fragment F${i} on Customer { ...F${i - 1} ...F${i - 1} }`);
  const bomb = `query($id: ID!) { customer(id: $id) { ...F15 } } ${fragments.join(' ')}`;
  expect(() => cost(bomb, { id: 'x' })).toThrow(/Cost limit exceeded: the operation has more than 20000 selections/);
});

it("names graphql-js's own limits", () => {
  expect(nameLimit({ message: 'Validation aborted.' })).toMatchObject({ message: expect.stringMatching(/^Field-merging limit exceeded/), extensions: { limit: 'FIELD_MERGING' } });
  expect(nameLimit({ message: 'Syntax Error: Document contains more that 3000 tokens. Parsing aborted.' }))
    .toMatchObject({ message: 'Token limit of 3000 exceeded: the document contains more than 3000 tokens.', extensions: { limit: 'MAX_QUERY_TOKENS' } });
  expect(nameLimit({ message: 'Forbidden' })).toEqual({ message: 'Forbidden' });
});

describe('token lifetimes', () => {
  const now = 1_800_000_000;
  const MAX = 12 * 3600;
  it.each([
    [{ iat: now, exp: now + MAX }],
    [{ exp: now + 3600 }],
    [{ iat: now - 11 * 3600, exp: now + 3600 }],
    // An issuer's clock up to a minute ahead (ISSUED_AT_SKEW_SECONDS).
    [{ iat: now + 60, exp: now + 3600 }],
  ])('accepts %j', (payload) => expect(() => checkTokenLifetime(payload, MAX, now)).not.toThrow());
  it.each([
    [{ iat: now }, /no expiry/],
    [{ iat: now, exp: now + MAX + 1 }, /lifetime of 43201 s is longer than the maximum of 12 h/],
    [{ exp: now + 13 * 3600 }, /lifetime of 13 h/],
    [{ iat: now + 100 * 3600, exp: now + 101 * 3600 }, /issue time \(iat\) is 100 h in the future/],
    [{ iat: now + 61, exp: now + 3600 }, /issue time \(iat\) is 61 s in the future/],
  ])('refuses %j', (payload, reason) => {
    expect(() => checkTokenLifetime(payload, MAX, now)).toThrow(AuthenticationError);
    expect(() => checkTokenLifetime(payload, MAX, now)).toThrow(reason);
  });
});
