// The README's retention table is the data the retention run acts on (shared/src/law/retention.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RETENTION, customerDataRetention, dueOn, isDue, retentionTable } from '../shared/src/law/retention';

it('documents each register\'s retention as the run applies it', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const table = /<!-- retention-table -->\n([\s\S]*?)\n<!-- \/retention-table -->/.exec(readme)?.[1];
  expect(table).toBe(retentionTable());
});

it('gives every register a retention of its customer data and of its access log, each with a source', () => {
  for (const register of ['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'] as const) {
    expect(customerDataRetention(register).years).toBeGreaterThan(0);
    expect(RETENTION.some((r) => r.register === register && r.categories.includes('ACCESS_LOG'))).toBe(true);
  }
  expect(RETENTION.some((r) => r.categories.includes('DISCLOSURE_LOG'))).toBe(true);
  for (const rule of RETENTION) expect(rule.source).toMatch(/seed|\d+\/\d{4}|GDPR/);
  expect(customerDataRetention('JOINT').years).toBe(4);
  expect(customerDataRetention('EMPLOYMENT').years).toBe(10);
});

it('counts whole years from the end, 29 February included', () => {
  expect(dueOn('2022-11-30', 4)).toBe('2026-11-30');
  expect(dueOn('2020-02-29', 4)).toBe('2024-02-29');
  expect(dueOn('2020-02-29', 10)).toBe('2030-03-01');
  expect(isDue('2022-11-30', 4, '2026-11-30')).toBe(true);
  expect(isDue('2022-12-01', 4, '2026-11-30')).toBe(false);
  expect(isDue(null, 4, '2099-01-01')).toBe(false);
});
