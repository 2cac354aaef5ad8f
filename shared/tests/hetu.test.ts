import { artificialPersonalIdentityCode, checkPersonalIdentityCode } from '../src/hetu';

describe('personal identity code', () => {
  it.each([
    ['010594Y9032', '1994-05-01'], // 1900s, new letter
    ['010594-9032', '1994-05-01'],
    ['020304A9027', '2004-03-02'],
    ['020304B9027', '2004-03-02'], // 2000s, new letter (2023)
    ['020304F9027', '2004-03-02'],
    ['030795U9999', '1995-07-03'],
    ['010180+9085', '1880-01-01'],
  ])('accepts %s with every century sign', (code, birthDate) => {
    const check = checkPersonalIdentityCode(artificialFixup(code));
    expect(check).toMatchObject({ valid: true, birthDate });
  });

  it.each([
    ['', 'form'],
    ['010594Z9032', 'form'], // unknown century sign
    ['320194-9032', 'date'],
    ['290223A9032', 'date'], // 2023 is not a leap year
    ['010594-9033', 'check character'],
    ['010594-0012', 'below 002'],
    ['010594-90321', 'form'],
  ])('rejects %s naming what is wrong (%s)', (code, reason) => {
    const check = checkPersonalIdentityCode(code);
    expect(check.valid).toBe(false);
    if (!check.valid) {
      expect(check.reason).toContain(reason === 'form' ? 'DDMMYYCZZZQ' : reason);
      expect(check.reason).not.toContain(code.slice(0, 6) || 'x');
    }
  });

  it.each([
    ['010150A9500', 'born 1 January 2050'],
    ['010594A9032', 'a 1994 birth typed with the 2000s century sign A: 2094'],
  ])('rejects a birth date in the future like an impossible date: %s (%s)', (code) => {
    const check = checkPersonalIdentityCode(artificialFixup(code));
    expect(check).toEqual({ valid: false, reason: 'does not contain a valid date of birth' });
  });

  it("judges 'in the future' by Finland's date: at 00:30 in Finland a child born that day has a valid code", () => {
    jest.useFakeTimers({ now: new Date('2026-11-30T22:30:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    try {
      expect(checkPersonalIdentityCode(artificialPersonalIdentityCode('2026-12-01', 950))).toMatchObject({ valid: true });
      expect(checkPersonalIdentityCode(artificialPersonalIdentityCode('2026-12-02', 950)).valid).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('builds only artificial codes (900-999) that validate', () => {
    const code = artificialPersonalIdentityCode('1988-12-24', 931);
    expect(checkPersonalIdentityCode(code)).toMatchObject({ valid: true, artificial: true, birthDate: '1988-12-24' });
    expect(() => artificialPersonalIdentityCode('1988-12-24', 123)).toThrow('900-999');
  });
});

/** The table above gives shapes; this puts the right check character on each (all individual numbers >= 900). */
function artificialFixup(code: string) {
  const table = '0123456789ABCDEFHJKLMNPRSTUVWXY';
  return code.slice(0, 10) + table[Number(code.slice(0, 6) + code.slice(7, 10)) % 31];
}
