// Identity codes are masked in everything printed or stored, also next to letters, digits or `_`, while
// ids (UUIDs) survive; what a caller chooses (a request id, an operation name) is checked before use.
import { artificialPersonalIdentityCode } from '../src/hetu';
import { IDENTITY_CODE, containsIdentityCode, maskIdentityCodes, requestIdFrom, safeOperationName } from '../src/log';
import { optionalText, requireOrganisationId, requireText } from '../src/validation';
import { callersOperationName } from '../src/graphql/subgraph';

const code1900 = artificialPersonalIdentityCode('1950-01-10', 956); // 100150-9560: all hex, fits in a UUID
const code2000 = artificialPersonalIdentityCode('2001-05-10', 950); // 100501A950C: all hex
const code1800 = artificialPersonalIdentityCode('1899-12-31', 999); // 311299+999x
const MASK = '[identity code]';

describe('maskIdentityCodes', () => {
  it.each([
    ['query View_' + code2000 + ' { x }', 'query View_' + MASK + ' { x }'],
    ['query View' + code2000 + 'Now { x }', 'query View' + MASK + 'Now { x }'],
    ['View_' + code1900, 'View_' + MASK],
    ['x' + code1900 + 'y', 'x' + MASK + 'y'],
    ['trace-' + code1900, 'trace-' + MASK],
    ['12' + code1900 + '34', '12' + MASK + '34'],
    [code1800, MASK],
    [code2000.toLowerCase(), MASK],
    ['View_' + code2000 + '__joint__0', 'View_' + MASK + '__joint__0'],
  ])('masks %s', (text, masked) => {
    expect(maskIdentityCodes(text)).toBe(masked);
    expect(containsIdentityCode(text)).toBe(true);
  });

  it('finds what the plain regex misses next to letters and _', () => {
    expect(`View_${code2000}`).not.toMatch(IDENTITY_CODE);
    expect(containsIdentityCode(`View_${code2000}`)).toBe(true);
  });

  it('keeps UUIDs whole, also those that hold the shape of a code', () => {
    for (const id of [
      '1e012345-6789-4abc-8def-0123456789ab',
      'ab123456-7890-4000-8000-000000000000',
      '00000000-0000-4000-8000-123456a78901',
      'F1E012345-6789-4ABC-8DEF-0123456789AB'.slice(1),
    ]) {
      expect(maskIdentityCodes(`{"customerId":"${id}"}`)).toBe(`{"customerId":"${id}"}`);
      expect(maskIdentityCodes(id)).toBe(id);
    }
  });

  it('does not let a real code hide inside a UUID-shaped string or straddle its end', () => {
    const [head, tail] = [code1900.slice(0, 6), code1900.slice(7)];
    const wrapped = `ab${head}-${tail}-4000-8000-000000000000`;
    expect(wrapped).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(maskIdentityCodes(wrapped)).not.toContain(head + '-' + tail);
    const inLastGroup = `00000000-0000-4000-8000-0${code2000}`;
    expect(maskIdentityCodes(inLastGroup)).not.toContain(code2000);
    const straddling = `00000000-0000-4000-8000-0000000000${code1900}`;
    expect(maskIdentityCodes(straddling)).not.toContain(code1900);
    const followedBySign = `00000000-0000-4000-8000-000000${head}-${tail}`;
    expect(maskIdentityCodes(followedBySign)).not.toContain(`${head}-${tail}`);
  });
});

describe('requestIdFrom', () => {
  it('keeps a well-formed request id', () => {
    expect(requestIdFrom('trace-test-0001')).toBe('trace-test-0001');
    expect(requestIdFrom('1e012345-6789-4abc-8def-0123456789ab')).toBe('1e012345-6789-4abc-8def-0123456789ab');
  });

  it.each([
    [`trace-${code1900}`], [`req_${code2000}`], [`ab${code1900.slice(0, 6)}-${code1900.slice(7)}-4000-8000-000000000000`],
    ['short'], ['has space in it'], ['line\nbreak-injected'], ['x'.repeat(81)],
  ])('replaces %j with a new id', (header) => {
    const id = requestIdFrom(header);
    expect(id).not.toBe(header);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(containsIdentityCode(id)).toBe(false);
  });
});

describe('safeOperationName', () => {
  it('keeps a GraphQL name and masks a code in it', () => {
    expect(safeOperationName('CustomerView')).toBe('CustomerView');
    expect(safeOperationName(`View_${code2000}`)).toBe(`View_${MASK}`);
  });

  it.each([[`View_${code1900}`], ['a b'], ['x'.repeat(101)], [42], [null], [undefined], ['{"a":1}']])('refuses %j', (name) => {
    expect(safeOperationName(name)).toBeNull();
  });
});

describe("the caller's operation name in the access log", () => {
  it("is the caller's name, not the query planner's name of the fetch; any other name as it is", () => {
    expect(callersOperationName('Caseload__joint__0')).toBe('Caseload');
    expect(callersOperationName('Full_view__kela__12')).toBe('Full_view');
    expect(callersOperationName('Caseload__other__0')).toBe('Caseload__other__0');
    expect(callersOperationName('Caseload')).toBe('Caseload');
    expect(safeOperationName(callersOperationName(`View_${code2000}__joint__1`))).toBe(`View_${MASK}`);
    expect(callersOperationName(42)).toBe(42);
  });
});

describe('free text', () => {
  it('never stores an identity code typed into free text', () => {
    expect(requireText('agreed', `Asiakas ${code1900} soitti`)).toBe(`Asiakas ${MASK} soitti`);
    expect(optionalText('note', `ref_${code2000}`)).toBe(`ref_${MASK}`);
  });

  it('refuses an organisation id that carries a code, naming the field', () => {
    expect(requireOrganisationId('recipientOrganisationId', 'employer-acme')).toBe('employer-acme');
    expect(() => requireOrganisationId('recipientOrganisationId', `employer-${code1900}`)).toThrow('Invalid recipientOrganisationId: must not contain a personal identity code');
  });
});

describe('codes typed with spaces, other dashes or full-width digits', () => {
  // Found by an outside test: these were stored unmasked in free text.
  const { maskIdentityCodes: mask } = jest.requireActual('../src/log') as typeof import('../src/log');
  it.each([
    ['050468 - 975E', 'spaces around the sign'],
    ['050468—975E', 'an em dash'],
    ['050468–975E', 'an en dash'],
    ['０５０４６８-975E', 'full-width digits'],
  ])('masks %s (%s)', (code) => {
    expect(mask(`agreed: ${code} called`)).toBe('agreed: [identity code] called');
  });
  // Found by an outsider (session 28): without the century sign, and with the date's dots.
  it.each([
    [code1900.replace('-', ''), 'without its century sign'],
    [code2000.replace('A', '').toLowerCase(), 'without its century sign, in lower case'],
    ['14.03.99-977H', "with the date's dots"],
    ['1.3.99 - 977H', "with the date's dots, one digit each, spaced"],
  ])('masks %s (%s)', (code) => {
    expect(mask(`agreed: ${code} called`)).toBe('agreed: [identity code] called');
  });
  // Found by an outsider (session 29): `_` where the century sign goes, as a GraphQL operation name must write it,
  // was stored unmasked in the access log; so `.`, `/` or spaces alone there, where the code could be real.
  it.each([
    [`Q_${code1900.replace('-', '_')}`, 'Q_[identity code]', 'in an operation name, `_` for the sign'],
    [`req.${code1900.replace('-', '_')}.x`, 'req.[identity code].x', 'in a request id'],
    [`ref ${code1900.replace('-', '/')} ok`, 'ref [identity code] ok', '`/` for the sign'],
    [`ref ${code1900.replace('-', '.')} ok`, 'ref [identity code] ok', '`.` for the sign'],
    [`ref ${code1900.replace('-', ' ')} ok`, 'ref [identity code] ok', 'a space for the sign'],
    // Found by a second outsider (session 29): separators around or doubled at the sign, in the date, a letter after.
    [`Q_${code1900.replace('-', '_A_')}`.replace('_A_', '_A_'), 'Q_[identity code]', 'the sign between underscores'],
    [`Q_${code1900.replace('-', 'A_')}`, 'Q_[identity code]', 'an underscore after the sign'],
    [`Q_${code1900.replace('-', '_A')}`, 'Q_[identity code]', 'an underscore before the sign'],
    [`Q_${code1900.replace('-', '__')}`, 'Q_[identity code]', 'a doubled underscore'],
    [`Q_${code1900.replace('-', '_')}x`, 'Q_[identity code]x', 'a letter after the code'],
    [`Q_${code1900.replace('-', '')}x`, 'Q_[identity code]x', 'no sign, a letter after'],
    [`Q_${code1900.slice(0, 2)}_${code1900.slice(2, 4)}_${code1900.slice(4, 6)}_${code1900.slice(7)}`, 'Q_[identity code]', 'the date split by underscores'],
    [`req-${code1900.replace('-', '--')}`, 'req-[identity code]', 'a doubled dash'],
    [`req.${code1900.slice(0, 4)}.${code1900.slice(4)}`, 'req.[identity code]', 'a dot in the date'],
    // Found by a third outsider: digit pairs in front made a longer shape match first, which hid the code.
    [`Q_22_33_${code1900.replace('-', '_')}`, 'Q_22_33_[identity code]', 'digit pairs in front, `_` for the sign'],
    [`ref 22 33 ${code1900} ok`, 'ref 22 33 [identity code] ok', 'digit pairs in front, with the sign'],
    [`22-33-${code1900}x`, '22-33-[identity code]x', 'digit pairs in front in a request id'],
    // Found by an outsider (session 32): a separator between any two digits, or before the check character.
    [`${code1900.slice(0, 10)}-${code1900.slice(10)}`, '[identity code]', 'a dash before the check character'],
    [`${code1900.slice(0, 2)}_${code1900.slice(2, 4)}_${code1900.slice(4, 6)}_${code1900.slice(7, 10)}_${code1900.slice(10)}`, '[identity code]', 'underscores throughout, no sign'],
    [`${code1900.slice(0, 6)}${code1900.slice(7, 8)}_${code1900.slice(8)}`, '[identity code]', 'no sign, an underscore in the individual number'],
    [`${code1900.slice(0, 5)}-${code1900.slice(5, 6)}${code1900.slice(7)}`, '[identity code]', 'a dash inside a pair of the date, no sign'],
    [`V_${code1900.slice(0, 2)}_${code1900.slice(2, 4)}_${code1900.slice(4, 6)}_Y_${code1900.slice(7, 10)}_${code1900.slice(10)}`, 'V_[identity code]', 'an operation name, underscores throughout'],
    [`V${code1900.slice(0, 5)}_${code1900.slice(5, 6)}Y${code1900.slice(7)}`, 'V[identity code]', 'an operation name, an underscore inside the date'],
  ])('masks %s (%s)', (text, masked) => {
    expect(mask(text)).toBe(masked);
  });
  it('masks a code written with its sign even where it could not be real (a mistyped one)', () => {
    const mistyped = `${code1900.slice(0, 10)}${code1900.endsWith('0') ? '1' : '0'}`;
    expect(mask(`ref ${mistyped} ok`)).toBe('ref [identity code] ok');
  });
  it('keeps such a shape where it could not be a code: an impossible date or a wrong check character', () => {
    const wrongCheck = `${code1900.slice(0, 10)}${code1900.endsWith('0') ? '1' : '0'}`.replace('-', '_');
    for (const text of ['Q_123456_7890', `Q_${wrongCheck}`, 'page 123456 7890', 'v1.123456.789a']) expect(mask(text)).toBe(text);
  });
  it('keeps ten digits that are no code: a phone number, a wrong check character, an impossible date', () => {
    const wrongCheck = code1900.replace('-', '').slice(0, 9) + (code1900.endsWith('0') ? '1' : '0');
    for (const text of ['call 0401234567', `ref ${wrongCheck}`, 'ref 3213999770', 'account 12345678901234', 'on 14.03.2024 at 10']) {
      expect(mask(text)).toBe(text);
    }
  });
  it('keeps ordinary numbers and ids', () => {
    expect(mask('room 123456, 42 people')).toBe('room 123456, 42 people');
    expect(mask('0027f332-6150-4e28-ac04-7981689b2ab3')).toBe('0027f332-6150-4e28-ac04-7981689b2ab3');
  });
});
