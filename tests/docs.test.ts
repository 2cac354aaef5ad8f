// The README's tables of the law are printed from the code that enforces it; they must not drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categoryTable, roleTable } from '../scripts/law-tables';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const between = (marker: string) => readme.split(`<!-- ${marker} -->\n`)[1]?.split(`\n<!-- /${marker} -->`)[0];

it('documents the role certificates as the rules apply them (npx tsx scripts/law-tables.ts)', () => {
  expect(between('role-table')).toBe(roleTable());
});

it('documents the categories as the rules apply them', () => {
  expect(between('category-table')).toBe(categoryTable());
});
