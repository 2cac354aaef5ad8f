// The README's table of what a consent may cover is printed from the law that enforces it (issue 9).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consentTable } from '../scripts/law-tables';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const between = (marker: string) => readme.split(`<!-- ${marker} -->\n`)[1]?.split(`\n<!-- /${marker} -->`)[0];

it('documents what a consent may cover as the law applies it (npx tsx scripts/law-tables.ts)', () => {
  expect(between('consent-table')).toBe(consentTable());
});
