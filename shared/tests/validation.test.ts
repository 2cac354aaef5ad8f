// Free text of every mutation (shared/src/validation.ts requireText): what no human text needs is refused,
// naming the field; names of every Nordic and Sámi spelling pass.
import { requireText } from '../src/validation';

describe('requireText', () => {
  it.each([
    ['a NUL', 'a\u0000b', 'must not contain control characters'],
    ['an escape', 'a\u001bb', 'must not contain control characters'],
    ['a DEL', 'a\u007fb', 'must not contain control characters'],
    ['a next line (NEL, C1)', 'a\u0085b', 'must not contain control characters'],
    ['a C1 control', 'a\u009fb', 'must not contain control characters'],
    ['a lone high surrogate', 'a\ud800b', 'must be valid Unicode'],
    ['a lone low surrogate', 'a\udc00', 'must be valid Unicode'],
  ])('refuses %s, naming the field', (_what, value, message) => {
    expect(() => requireText('reason', value)).toThrow(expect.objectContaining({
      message: expect.stringContaining(message), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'reason' }),
    }));
  });

  it('keeps tabs, line breaks and characters beyond the basic plane (a pair of surrogates)', () => {
    expect(requireText('reason', 'a\tb\nc\r\nd 😀 é')).toBe('a\tb\nc\r\nd 😀 é');
  });

  it.each([
    ['a right-to-left override', 'T\u202eevil'],
    ['a left-to-right embedding', 'a\u202ab'],
    ['a first-strong isolate', 'a\u2068b\u2069'],
  ])('refuses %s, naming the field', (_what, value) => {
    expect(() => requireText('firstNames', value)).toThrow(expect.objectContaining({
      message: expect.stringContaining('bidirectional control characters'),
      extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'firstNames' }),
    }));
  });

  it.each([
    ['a zero-width space', 'Ma\u200Btti'],
    ['a zero-width joiner', 'Ma\u200Dtti'],
    ['a byte-order mark', '\uFEFFMatti'],
    ['a word joiner', 'Mat\u2060ti'],
  ])('refuses %s, naming the field', (_what, value) => {
    expect(() => requireText('lastName', value)).toThrow(expect.objectContaining({
      message: expect.stringContaining('invisible characters'),
      extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'lastName' }),
    }));
  });

  it('accepts names in Finnish, Swedish, Sámi and Arabic script', () => {
    for (const name of ['Väinö Åke', 'Ánde Máret', 'Čeŋggá', 'محمد']) expect(requireText('firstNames', name)).toBe(name);
  });
});

describe('requireText and identity codes in free text', () => {
  // Found by an outsider (session 24): the limit was checked before masking, so 200 characters holding a code
  // were stored as 204, and the employment register then refused the final report carrying them, for good.
  const code = '140399-977H'; // an artificial code (individual number 977)
  it('keeps the limit for the masked text, which is what is stored, naming the field', () => {
    const fits = `${'x'.repeat(200 - code.length - 1 - 4)} ${code}`; // 196 characters, 200 once masked
    expect(requireText('reason', fits, 200)).toHaveLength(200);
    const over = `${'x'.repeat(200 - code.length - 1)} ${code}`; // 200 characters, 204 once masked
    expect(over).toHaveLength(200);
    expect(() => requireText('reason', over, 200)).toThrow(expect.objectContaining({
      message: expect.stringContaining('at most 200 characters once each personal identity code in it is replaced'),
      extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'reason' }),
    }));
  });
});
