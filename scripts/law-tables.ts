// Prints the README's tables of the law from the code that enforces it (a test keeps them in step):
//   npx tsx scripts/law-tables.ts
import { CATEGORIES, CategoryName } from '../shared/src/law/categories';
import { ROLE_CERTIFICATES } from '../shared/src/law/rules';
import { CONSENT_PURPOSES, CONSENT_SCOPE } from '../shared/src/law/consents';

/** Role certificates per authority (seed 003 Liite 2) and the restricted categories each entitles to. */
export function roleTable(): string {
  const rows = (Object.keys(ROLE_CERTIFICATES) as (keyof typeof ROLE_CERTIFICATES)[]).flatMap((authority) =>
    Object.entries(ROLE_CERTIFICATES[authority]).map(([role, categories]) =>
      `| ${authority} | ${role} | ${categories.length ? categories.join(', ') : '- (unrestricted categories only)'} |`));
  return ['| authority | role certificate | restricted categories it entitles to |', '|---|---|---|', ...rows].join('\n');
}

export function categoryTable(): string {
  const rows = (Object.keys(CATEGORIES) as CategoryName[]).map((name) => {
    const c = CATEGORIES[name] as (typeof CATEGORIES)[CategoryName] & { restriction?: string; exchangeable?: boolean };
    return `| ${name} | ${c.registers.join(', ')} | ${c.restriction ?? '-'} | ${c.exchangeable ? 'yes' : '-'} | ${c.consentable ? 'yes' : '-'} | ${c.basis} |`;
  });
  return ['| category | kept in | restricted to role certificates for | own-register data the other two authorities may read | a consent may cover | basis |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** What a consent may cover: recipient type x purpose -> categories (shared/src/law/consents.ts). */
export function consentTable(): string {
  const rows = (Object.keys(CONSENT_PURPOSES) as (keyof typeof CONSENT_PURPOSES)[]).flatMap((type) =>
    CONSENT_PURPOSES[type].map((purpose) => `| ${type} | ${purpose} | ${CONSENT_SCOPE[purpose].join(', ')} |`));
  return ['| recipient type | purpose | categories a consent may cover, at most |', '|---|---|---|', ...rows].join('\n');
}

if (require.main === module) console.log(`${roleTable()}\n\n${categoryTable()}\n\n${consentTable()}`);
