// Prints the README's tables of the law from the code that enforces it (a test keeps them in step):
//   npx tsx scripts/law-tables.ts
import { CATEGORIES, CategoryName } from '../shared/src/law/categories';
import { ROLE_CERTIFICATES } from '../shared/src/law/rules';

export function roleTable(): string {
  const restricted = [...new Set(Object.values(CATEGORIES).flatMap((c) => ('restriction' in c && c.restriction ? [c.restriction] : [])))].sort();
  const rows = Object.entries(ROLE_CERTIFICATES).map(([role, entitles]) =>
    `| ${role} | ${restricted.map((r) => (entitles.includes(r) ? 'yes' : '-')).join(' | ')} |`);
  return [`| role certificate | ${restricted.join(' | ')} |`, `|---|${restricted.map(() => '---').join('|')}|`, ...rows].join('\n');
}

export function categoryTable(): string {
  const rows = (Object.keys(CATEGORIES) as CategoryName[]).map((name) => {
    const c = CATEGORIES[name] as (typeof CATEGORIES)[CategoryName] & { restriction?: string; exchangeable?: boolean };
    return `| ${name} | ${c.registers.join(', ')} | ${c.restriction ?? '-'} | ${c.exchangeable ? 'yes' : '-'} | ${c.consentable ? 'yes' : '-'} | ${c.basis} |`;
  });
  return ['| category | kept in | restricted to role certificates for | own-register data the other two authorities may read | a consent may cover | basis |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

if (require.main === module) console.log(`${roleTable()}\n\n${categoryTable()}`);
