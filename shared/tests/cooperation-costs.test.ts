// The cost rules of Liite 6 with worked examples, in integer cents.
import { formatEuros, quarterDates, quarterInvoices, shareOfCost, splitCents } from '../src/cooperation/costs';

describe('splitting money in whole cents', () => {
  it('adds up to the amount exactly, the odd cent to the employment authority first', () => {
    expect(splitCents(100_001, [1, 1])).toEqual([50_001, 50_000]);
    expect(splitCents(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitCents(345_000, [9, 12, 3])).toEqual([129_375, 172_500, 43_125]);
    for (const [amount, weights] of [[1, [1, 1]], [999_999_999, [7, 11, 13]], [2, [1, 1, 1]]] as const) {
      expect(splitCents(amount, weights).reduce((a, b) => a + b, 0)).toBe(amount);
    }
  });

  it('refuses fractions of a cent and empty weights', () => {
    expect(() => splitCents(10.5, [1, 1])).toThrow(RangeError);
    expect(() => splitCents(10, [0, 0])).toThrow(RangeError);
    expect(() => splitCents(10, [-1, 2])).toThrow(RangeError);
  });

  it('formats euros from cents without floating point', () => {
    expect(formatEuros(123_456_789)).toBe('1\u00a0234\u00a0567,89\u00a0€');
    expect(formatEuros(5)).toBe('0,05\u00a0€');
  });
});

describe('Liite 6 worked examples', () => {
  it("(a) the leader's pay is split 50/50 between the employment authority and the wellbeing county; Kela pays none", () => {
    const share = shareOfCost({ id: 'c1', kind: 'LEADER_PAY', incurredOn: '2026-01-28', amountCents: 349_999, description: 'pay' });
    expect(share.lines.EMPLOYMENT).toMatchObject({ numerator: 1, denominator: 2, shareCents: 175_000 });
    expect(share.lines.WELLBEING).toMatchObject({ numerator: 1, denominator: 2, shareCents: 174_999 });
    expect(share.lines.KELA).toBeUndefined();
    expect(share.lines.EMPLOYMENT!.rule).toContain('3\u00a0499,99\u00a0€ × 1/2 = 1\u00a0750,00\u00a0€');
  });

  it("(a) the deputy's costs are shared only for a continuous substitution of over two weeks", () => {
    const fifteenDays = shareOfCost({ id: 'c2', kind: 'DEPUTY_SUBSTITUTION', incurredOn: '2026-07-31', amountCents: 410_000, description: 'summer', substitutionStartsOn: '2026-07-06', substitutionEndsOn: '2026-07-20' });
    expect(fifteenDays.notShared).toBeUndefined();
    expect(fifteenDays.lines.EMPLOYMENT!.shareCents + fifteenDays.lines.WELLBEING!.shareCents).toBe(410_000);
    const exactlyTwoWeeks = shareOfCost({ id: 'c3', kind: 'DEPUTY_SUBSTITUTION', incurredOn: '2026-05-15', amountCents: 90_000, description: 'sick leave', substitutionStartsOn: '2026-05-02', substitutionEndsOn: '2026-05-15' });
    expect(exactlyTwoWeeks.notShared).toMatch(/14 days is not over two weeks/);
    expect(exactlyTwoWeeks.lines.EMPLOYMENT).toBeUndefined();
  });

  it('(a) the interim deputy between two leaders is shared like the leader', () => {
    const share = shareOfCost({ id: 'c4', kind: 'INTERIM_DEPUTY', incurredOn: '2026-04-30', amountCents: 300_000, description: 'interim' });
    expect([share.lines.EMPLOYMENT!.shareCents, share.lines.WELLBEING!.shareCents]).toEqual([150_000, 150_000]);
  });

  it('(b) a development day is split by the registered participants of each party, Kela included', () => {
    const share = shareOfCost({ id: 'c5', kind: 'DEVELOPMENT_DAY', incurredOn: '2026-03-12', amountCents: 345_000, description: 'spring day', participants: { EMPLOYMENT: 9, WELLBEING: 12, KELA: 3 } });
    expect(share.lines.EMPLOYMENT).toMatchObject({ numerator: 9, denominator: 24, shareCents: 129_375 });
    expect(share.lines.WELLBEING).toMatchObject({ numerator: 12, denominator: 24, shareCents: 172_500 });
    expect(share.lines.KELA).toMatchObject({ numerator: 3, denominator: 24, shareCents: 43_125 });
    expect(share.lines.KELA!.rule).toContain('3\u00a0450,00\u00a0€ × 3/24 = 431,25\u00a0€');
  });

  it("a quarter's invoices: each party's lines and total; costs not shared listed apart", () => {
    const { invoices, notShared } = quarterInvoices([
      { id: 'p1', kind: 'LEADER_PAY', incurredOn: '2026-01-28', amountCents: 349_999, description: 'pay 1' },
      { id: 'p2', kind: 'LEADER_PAY', incurredOn: '2026-02-28', amountCents: 349_999, description: 'pay 2' },
      { id: 'd1', kind: 'DEVELOPMENT_DAY', incurredOn: '2026-03-12', amountCents: 345_000, description: 'day', participants: { EMPLOYMENT: 9, WELLBEING: 12, KELA: 3 } },
      { id: 's1', kind: 'DEPUTY_SUBSTITUTION', incurredOn: '2026-03-20', amountCents: 50_000, description: 'short', substitutionStartsOn: '2026-03-16', substitutionEndsOn: '2026-03-20' },
    ]);
    expect(invoices.map((i) => [i.party, i.totalCents])).toEqual([['EMPLOYMENT', 479_375], ['WELLBEING', 522_498], ['KELA', 43_125]]);
    expect(invoices.reduce((s, i) => s + i.totalCents, 0)).toBe(349_999 * 2 + 345_000);
    expect(notShared.map((n) => n.costId)).toEqual(['s1']);
  });

  it('knows the quarters', () => {
    expect(quarterDates(2026, 1)).toEqual({ startsOn: '2026-01-01', endsOn: '2026-03-31' });
    expect(quarterDates(2024, 4)).toEqual({ startsOn: '2024-10-01', endsOn: '2024-12-31' });
  });
});
