// Suppression of the anonymised statistics (seed 004 § 5): primary (cells under the minimum) and
// complementary (nothing recoverable from a total and the cells shown), and the periods.
import {
  StatisticsCell, ageOn, birthDateOfIdentityCode, dueForDeletion, lastCompleteMonth, overlappingTable, statisticsMinimum,
  statisticsPeriod, suppressTable,
} from '../src/cooperation/statistics';

/** What a reader can recover from the cells shown: for each sum, the hidden parts' total when the total shows. */
function recoverableGroups(cells: StatisticsCell[]) {
  const groups: { total: string; hidden: string[]; sum: number }[] = [];
  for (const total of cells) {
    const parts = cells.filter((c) => c.parent === total.key);
    if (parts.length === 0 || total.suppressed) continue;
    const hidden = parts.filter((p) => p.suppressed);
    if (hidden.length === 0) continue;
    groups.push({ total: total.key, hidden: hidden.map((h) => h.key), sum: total.count! - parts.filter((p) => !p.suppressed).reduce((s, p) => s + p.count!, 0) });
  }
  return groups;
}

describe('suppression of a table of counts', () => {
  it('hides a cell under the minimum and the next-smallest cell, so subtraction from the total recovers neither', () => {
    const cells = suppressTable({ key: 'TOTAL', label: 'all', count: 60, children: [
      { key: 'A', label: 'A', count: 30 }, { key: 'B', label: 'B', count: 22 }, { key: 'C', label: 'C', count: 2 }, { key: 'D', label: 'D', count: 6 },
    ] }, 5);
    expect(cells.map((c) => [c.key, c.count])).toEqual([['TOTAL', 60], ['A', 30], ['B', 22], ['C', null], ['D', null]]);
    // The attack: total minus the cells shown gives C + D = 8, not C.
    expect(recoverableGroups(cells)).toEqual([{ total: 'TOTAL', hidden: ['C', 'D'], sum: 8 }]);
  });

  it('keeps hiding until the hidden cells count at least the minimum together', () => {
    const cells = suppressTable({ key: 'TOTAL', label: 'all', count: 43, children: [
      { key: 'A', label: 'A', count: 30 }, { key: 'B', label: 'B', count: 1 }, { key: 'C', label: 'C', count: 2 }, { key: 'D', label: 'D', count: 10 },
    ] }, 5);
    // B and C are both under 5 but together only 3: one more (D, the smallest shown) is hidden.
    expect(cells.filter((c) => c.suppressed).map((c) => c.key)).toEqual(['B', 'C', 'D']);
    for (const g of recoverableGroups(cells)) expect(g.sum).toBeGreaterThanOrEqual(5);
  });

  it('hides everything when the total itself is under the minimum', () => {
    const cells = suppressTable({ key: 'TOTAL', label: 'all', count: 4, children: [{ key: 'A', label: 'A', count: 3 }, { key: 'B', label: 'B', count: 1 }] }, 5);
    expect(cells.every((c) => c.suppressed && c.count === null)).toBe(true);
  });

  it('hides the total when a lone small part has no other part to hide with it', () => {
    const cells = suppressTable({ key: 'TOTAL', label: 'all', count: 2, children: [{ key: 'A', label: 'A', count: 2 }] }, 5);
    expect(cells.map((c) => c.suppressed)).toEqual([true, true]);
  });

  it('protects a municipality through its area and the areas through the total (hierarchy)', () => {
    const cells = suppressTable({ key: 'TOTAL', label: 'all', count: 101, children: [
      { key: 'North', label: 'North', count: 50, children: [{ key: 'North/A', label: 'A', count: 25 }, { key: 'North/B', label: 'B', count: 25 }] },
      { key: 'South', label: 'South', count: 40, children: [{ key: 'South/C', label: 'C', count: 40 }] },
      { key: 'Other', label: 'Other', count: 11, children: [{ key: 'Other/P', label: 'P', count: 1 }, { key: 'Other/Q', label: 'Q', count: 10 }] },
    ] }, 5);
    const hidden = cells.filter((c) => c.suppressed).map((c) => c.key);
    expect(hidden).toEqual(expect.arrayContaining(['Other/P', 'Other/Q']));
    // No sum anywhere leaves exactly one hidden part or a hidden group under the minimum.
    for (const g of recoverableGroups(cells)) {
      expect(g.hidden.length).toBeGreaterThanOrEqual(2);
      expect(g.sum).toBeGreaterThanOrEqual(5);
    }
    // A hidden area total with every municipality shown would be their sum: never so.
    for (const area of cells.filter((c) => c.level === 1 && c.suppressed)) {
      expect(cells.filter((c) => c.parent === area.key).some((c) => c.suppressed)).toBe(true);
    }
  });

  it('in a table whose cells overlap, hides a cell when it or its complement is small', () => {
    const table = overlappingTable('t', 'd', 'all', 100, [
      { key: 'FEW', label: 'few', count: 3 }, { key: 'ALMOST_ALL', label: 'almost all', count: 98 }, { key: 'HALF', label: 'half', count: 50 },
    ], 5);
    expect(table.cells.map((c) => [c.key, c.count])).toEqual([['TOTAL', 100], ['FEW', null], ['ALMOST_ALL', null], ['HALF', 50]]);
  });
});

describe('periods, ages and retention', () => {
  it('gives figures for whole months that have ended only', () => {
    expect(lastCompleteMonth('2026-12-01')).toBe('2026-11');
    expect(lastCompleteMonth('2026-01-15')).toBe('2025-12');
    expect(statisticsPeriod(undefined, '2026-12-01')).toEqual({ period: '2026-11', referenceDate: '2026-11-30', yearStart: '2025-12-01' });
    expect(statisticsPeriod('2024-02', '2026-12-01').referenceDate).toBe('2024-02-29');
    expect(() => statisticsPeriod('2026-12', '2026-12-01')).toThrow(/period: must be a month that has ended/);
    expect(() => statisticsPeriod('2026-11-03', '2026-12-01')).toThrow(/period: must be a calendar month/);
    expect(() => statisticsPeriod('2026-13', '2026-12-01')).toThrow(/period/);
  });

  it('reads the birth date from an identity code, century sign included', () => {
    expect(birthDateOfIdentityCode('131052-908T')).toBe('1952-10-13');
    expect(birthDateOfIdentityCode('010101A9013')).toBe('2001-01-01');
    expect(ageOn('1990-06-15', '2026-06-14')).toBe(35);
    expect(ageOn('1990-06-15', '2026-06-15')).toBe(36);
  });

  it('leaves out customers due for deletion four years after the customership ended (Liite 7 § 9)', () => {
    expect(dueForDeletion('2022-11-30', '2026-11-30')).toBe(true);
    expect(dueForDeletion('2022-12-01', '2026-11-30')).toBe(false);
    expect(dueForDeletion(null, '2026-11-30')).toBe(false);
  });

  it('takes the minimum from STATISTICS_MIN_COUNT and refuses a meaningless one', () => {
    expect(statisticsMinimum({})).toBe(5);
    expect(statisticsMinimum({ STATISTICS_MIN_COUNT: '10' })).toBe(10);
    expect(() => statisticsMinimum({ STATISTICS_MIN_COUNT: '1' })).toThrow(/STATISTICS_MIN_COUNT/);
    expect(() => statisticsMinimum({ STATISTICS_MIN_COUNT: 'five' })).toThrow(/STATISTICS_MIN_COUNT/);
  });
});
