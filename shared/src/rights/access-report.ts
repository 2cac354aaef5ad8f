// The access report (GDPR art. 15; DOMAIN.md rule 11; seed 003 Liite 7 § 10 "Tarkastusoikeus"): one
// document of everything the four registers hold about the person, each category with its purpose, source
// and retention (../law/data-categories.ts), the recipients (every disclosure to a third party, on a consent
// or a legal basis, and every labour-policy statement given to a benefit payer) and a summary of who has
// used the data (the four access logs). Headings in Finnish and English.
//
// What is asked is derived, not listed: every field of `Customer` in the committed supergraph, followed
// through object types, whose category the law lets the data subject read (`decide` for the customer
// themselves). A field added to any register appears in the report without a change here.
import { readFileSync } from 'node:fs';
import {
  GraphQLObjectType, GraphQLSchema, buildSchema, getNamedType, isLeafType, isListType, isNonNullType, isObjectType,
} from 'graphql';
import type { Actor } from '../auth/actor';
import { escapeHtml } from '../cooperation/documents';
import { CATEGORIES, CategoryName, Register } from '../law/categories';
import { DATA_CATEGORY_NOTICES, REGISTER_TITLES } from '../law/data-categories';
import { decide } from '../law/rules';
import { CATEGORY_TITLES_FI, fieldLabel, finnishDay, formatValue, nameInWords, partyLabel } from './report-labels';
import { SUPERGRAPH_FILE, registerClassifications } from '../law/register-classification';

const REGISTERS: readonly Register[] = ['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'];
/** Most levels followed below `Customer` (the gateway's depth limit is 9 with `customer` itself). */
const MAX_LEVELS = 6;
/** Most tokens one query of the report may have (the gateway refuses over 3000 by default). */
const MAX_TOKENS_PER_QUERY = 2200;
/** How many access-log entries per register one query of the report reads; the rest are read page by page (accessLogPageQueries). */
export const LOG_ENTRIES = 1000;

let supergraph: GraphQLSchema | undefined;
const schema = () => (supergraph ??= buildSchema(readFileSync(SUPERGRAPH_FILE, 'utf8'), { assumeValidSDL: true }));

/** `Type.field` → [register, category] over the four registers' classifications. */
function fieldCategories(): Map<string, [Register, CategoryName]> {
  const out = new Map<string, [Register, CategoryName]>();
  for (const register of REGISTERS) for (const [field, category] of registerClassifications().get(register)!) if (!out.has(field)) out.set(field, [register, category]);
  return out;
}

/** `Type.field` → the register that keeps it (to name a register whose part of an answer failed). */
export function fieldRegisters(): Map<string, Register> {
  return new Map([...fieldCategories()].map(([field, [register]]) => [field, register]));
}

/** One top-level field of `Customer` with its selection text. */
interface Part { field: string; text: string; tokens: number }

/**
 * The selection of `Customer` the data subject may read: every field whose category `decide` allows the
 * customer to read for themselves, followed through object types (no cycles, at most MAX_LEVELS), without
 * fields that need arguments; the access logs with LOG_ENTRIES entries. Returns one part per top-level field.
 */
export function accessReportSelection(customerId: string): Part[] {
  const subject: Actor = { id: `customer:${customerId}`, organisationKind: 'CUSTOMER', organisationId: 'citizen', roles: [], customerId };
  const categories = fieldCategories();
  const readable = (typeField: string) => {
    const found = categories.get(typeField);
    return found !== undefined && decide(subject, found[1], customerId, 'read').allowed;
  };
  const walk = (type: GraphQLObjectType, level: number, seen: ReadonlySet<string>): string[] => {
    const out: string[] = [];
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith('_') || !readable(`${type.name}.${field.name}`)) continue;
      if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
      const named = getNamedType(field.type);
      const args = field.name.endsWith('AccessLog') ? `(first: ${LOG_ENTRIES})` : '';
      if (isLeafType(named)) out.push(`${field.name}${args}`);
      else if (isObjectType(named) && level < MAX_LEVELS && !seen.has(named.name)) {
        const inner = walk(named, level + 1, new Set([...seen, named.name]));
        if (inner.length > 0) out.push(`${field.name}${args} { ${inner.join(' ')} }`);
      }
    }
    return out;
  };
  const customer = schema().getType('Customer') as GraphQLObjectType;
  return walk(customer, 1, new Set(['Customer'])).map((text) => ({ field: text.split(/[ ({]/)[0], text, tokens: text.split(/\s+|(?=[{}()])/).filter(Boolean).length }));
}

/** The report's selection as queries of `customer(id: $id)`, each within the gateway's token limit. */
export function accessReportQueries(customerId: string): string[] {
  const queries: string[] = [];
  let current: Part[] = [];
  let tokens = 0;
  const flush = () => {
    if (current.length) queries.push(`query AccessReport($id: ID!) { customer(id: $id) { ${current.map((p) => p.text).join(' ')} } }`);
    current = [];
    tokens = 0;
  };
  for (const part of accessReportSelection(customerId)) {
    if (tokens + part.tokens > MAX_TOKENS_PER_QUERY) flush();
    current.push(part);
    tokens += part.tokens;
  }
  flush();
  return queries;
}

/**
 * For each register's access log in the report's selection, the query of its next page after an entry
 * (variables `id`, `after`): the report reads a log to its oldest entry, not only the newest LOG_ENTRIES
 * (GDPR art. 15; found by an outsider: 1000 reads by one official pushed an earlier read of the person's health
 * data out of the report). `{ field → query }`, e.g. `jointAccessLog` →
 * `query AccessReportLog($id: ID!, $after: ID!) { customer(id: $id) { jointAccessLog(first: 1000, after: $after) { … } } }`.
 */
export function accessLogPageQueries(customerId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of accessReportSelection(customerId)) {
    if (!LOG_FIELDS.has(part.field)) continue;
    const text = part.text.replace(`(first: ${LOG_ENTRIES})`, `(first: ${LOG_ENTRIES}, after: $after)`);
    out.set(part.field, `query AccessReportLog($id: ID!, $after: ID!) { customer(id: $id) { ${text} } }`);
  }
  return out;
}

/**
 * One value of the person's data: where it is (`path`, the fields' names, for machines), its category, the
 * labels of the path in Finnish and in English (`labelFi`, `labelEn`: "Yhteystietojen muutokset 1 › Aiemmat
 * arvot") and the value as a person reads it (./report-labels.ts `formatValue`).
 */
export interface ReportRow { register: Register; category: CategoryName; path: string; labelFi: string; labelEn: string; value: string }

const LOG_FIELDS = new Set(['jointAccessLog', 'employmentAccessLog', 'wellbeingAccessLog', 'kelaAccessLog']);
/** The own registers' entry fields of `Customer`: the register is the section's heading already. */
const REGISTER_FIELDS = new Set(['employment', 'wellbeing', 'kela']);

/** Flattens the answer into rows of the person's data by register and category (logs and disclosures apart). */
export function reportRows(customer: Record<string, unknown>): ReportRow[] {
  const categories = fieldCategories();
  const rows: ReportRow[] = [];
  type Step = { name: string; fi: string; en: string };
  const visit = (typeName: string, value: Record<string, unknown>, path: Step[]) => {
    const type = schema().getType(typeName) as GraphQLObjectType;
    for (const [name, v] of Object.entries(value)) {
      if (v === null || v === undefined || (typeName === 'Customer' && (LOG_FIELDS.has(name) || name === 'disclosures'))) continue;
      const field = type.getFields()[name];
      const found = categories.get(`${typeName}.${name}`);
      if (!field || !found) continue;
      const named = getNamedType(field.type);
      const [fi, en] = fieldLabel(name);
      const here = typeName === 'Customer' && REGISTER_FIELDS.has(name) ? path : [...path, { name, fi, en }];
      if (isObjectType(named)) {
        const items = Array.isArray(v) ? v : [v];
        const numbered = isListType(field.type) || (isNonNullType(field.type) && isListType(field.type.ofType));
        items.forEach((item, i) => visit(named.name, item as Record<string, unknown>, numbered && items.length > 1
          ? [...here.slice(0, -1), { name: `${name} ${i + 1}`, fi: `${fi} ${i + 1}`, en: `${en} ${i + 1}` }] : here));
      } else if (CATEGORIES[found[1]].kind === 'customer-data' && name !== 'id' && !name.endsWith('Id') && !name.endsWith('Ids')) {
        // `fields` of a change or a notification name fields: shown by their labels.
        const text = name === 'fields' && Array.isArray(v) ? v.map((f) => fieldLabel(String(f).replace(/^\w+\./, '')).join(' / ')).join(', ') : formatValue(v);
        if (text !== '') {
          rows.push({ register: found[0], category: found[1], path: here.map((p) => p.name).join(' › '), labelFi: here.map((p) => p.fi).join(' › '), labelEn: here.map((p) => p.en).join(' › '), value: text });
        }
      }
    }
  };
  visit('Customer', customer, []);
  return rows;
}

export interface Disclosure {
  disclosedAt: string; register?: string; recipientType: string; recipientOrganisationId: string; purpose: string;
  legalBasis?: string | null; consentId?: string | null; categories: string[];
  /** The recipient organisation's name as the consent names it, when it does. */
  recipientOrganisationName?: string | null;
}
export interface Statement { givenOn: string; kind: string; recipient: string }
export interface LogEntry { at: string; register?: string; actorOrganisationKind: string; actorOrganisationId: string; actorRoles?: string[]; categories?: string[]; operation?: string }

export interface AccessReport {
  name: string;
  issuedAt: string;
  ordinal: number;
  chargeable: boolean;
  rows: ReportRow[];
  disclosures: Disclosure[];
  statements: Statement[];
  logs: Record<Register, LogEntry[]>;
  errors: string[];
}

/** The summary of use: per register, organisation kind and organisation, how many uses, first and last, which categories. */
export function useSummary(logs: Record<Register, LogEntry[]>) {
  const out: { register: Register; who: string; organisation: string; uses: number; first: string; last: string; categories: string[] }[] = [];
  for (const register of REGISTERS) {
    const groups = new Map<string, (typeof out)[number]>();
    for (const e of logs[register] ?? []) {
      const key = `${e.actorOrganisationKind}|${e.actorOrganisationId}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { register, who: e.actorOrganisationKind, organisation: e.actorOrganisationId, uses: 0, first: e.at, last: e.at, categories: [] }));
      g.uses += 1;
      if (e.at < g.first) g.first = e.at;
      if (e.at > g.last) g.last = e.at;
      for (const c of e.categories ?? []) if (!g.categories.includes(c)) g.categories.push(c);
    }
    out.push(...[...groups.values()].sort((a, b) => b.uses - a.uses));
  }
  return out;
}

const STYLE = `
  body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem; color: #111; max-width: 62rem; }
  h1 { font-size: 1.45rem; margin-bottom: .25rem; } h2 { font-size: 1.2rem; margin-top: 1.8rem; border-bottom: 2px solid #333; }
  h3 { font-size: 1rem; margin: 1.1rem 0 .2rem; } .en { color: #444; font-weight: normal; }
  table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .85rem; }
  th, td { border: 1px solid #999; padding: .25rem .45rem; text-align: left; vertical-align: top; }
  th { background: #eee; } td.path { width: 40%; color: #333; } .notice { font-size: .8rem; color: #333; margin: .1rem 0; }
  .muted { color: #555; font-size: .85rem; } .errors { color: #8a1c1c; }
  @media print { body { margin: 0; } h2 { break-after: avoid; } }`;

const day = (value: string) => escapeHtml(finnishDay(String(value)));
const heading = (level: 2 | 3, fi: string, en: string) => `<h${level}>${escapeHtml(fi)} <span class="en" lang="en">/ ${escapeHtml(en)}</span></h${level}>`;
/** A category as a person reads it: its Finnish and English title. */
const categoryTitle = (category: string) => {
  const en = (CATEGORIES as Record<string, { title: string } | undefined>)[category]?.title ?? nameInWords(category);
  const fi = CATEGORY_TITLES_FI[category as CategoryName];
  return fi ? `${fi} / ${en}` : en;
};
/** What a disclosure gave: its categories' titles, or that the person is a customer when it gave only that (an id). */
const disclosedCategories = (categories: string[]) => {
  const data = categories.filter((c) => c !== 'CUSTOMER_KEY');
  return data.length > 0 ? data.map(categoryTitle).join('; ') : 'Tieto siitä, että olet asiakas / The fact that you are a customer';
};

/** The access report as a self-contained, printable HTML page (no scripts, nothing loaded from elsewhere). */
export function accessReportHtml(report: AccessReport): string {
  const sections = REGISTERS.map((register) => {
    const rows = report.rows.filter((r) => r.register === register);
    const categories = [...new Set(rows.map((r) => r.category))];
    const body = categories.map((category) => {
      const notice = DATA_CATEGORY_NOTICES[category];
      const values = rows.filter((r) => r.category === category)
        .map((r) => `<tr><td class="path">${escapeHtml(r.labelFi)}<br><span class="en" lang="en">${escapeHtml(r.labelEn)}</span></td><td>${escapeHtml(r.value)}</td></tr>`).join('');
      return `${heading(3, CATEGORY_TITLES_FI[category] ?? CATEGORIES[category].title, CATEGORIES[category].title)}
${notice ? `<p class="notice"><b>Käyttötarkoitus / Purpose:</b> ${escapeHtml(notice.purpose)}</p>
<p class="notice"><b>Tietolähteet / Source:</b> ${escapeHtml(notice.source)}</p>
<p class="notice"><b>Säilytysaika / Retention:</b> ${escapeHtml(notice.retention)} (${escapeHtml(notice.retentionBasis)})</p>` : ''}
<table data-category="${escapeHtml(category)}"><thead><tr><th>Tieto / Data</th><th>Arvo / Value</th></tr></thead><tbody>${values}</tbody></table>`;
    }).join('\n');
    return `<section data-register="${register}">${heading(2, REGISTER_TITLES[register].fi, REGISTER_TITLES[register].en)}
${body || '<p class="muted">Ei tietoja / No data</p>'}</section>`;
  }).join('\n');

  const disclosures = report.disclosures.map((d) => `<tr><td>${day(d.disclosedAt)}</td><td>${escapeHtml(partyLabel(d.recipientType))}</td><td>${escapeHtml(d.recipientOrganisationName || d.recipientOrganisationId)}</td>
<td>${d.legalBasis ? `Lakiin perustuva pyyntö / Request based on law: ${escapeHtml(d.legalBasis)}` : `Suostumus / Consent: ${escapeHtml(nameInWords(d.purpose))}`}</td><td>${escapeHtml(disclosedCategories(d.categories))}</td></tr>`).join('');
  const statements = report.statements.map((s) => `<tr><td>${day(s.givenOn)}</td><td>${escapeHtml(partyLabel(s.recipient))}</td><td>${escapeHtml(nameInWords(s.kind))}</td></tr>`).join('');
  const use = useSummary(report.logs).map((u) => `<tr><td>${escapeHtml(REGISTER_TITLES[u.register].fi)} / ${escapeHtml(REGISTER_TITLES[u.register].en)}</td><td>${escapeHtml(partyLabel(u.who))}</td><td>${escapeHtml(u.organisation)}</td>
<td class="num">${u.uses}</td><td>${day(u.first)} – ${day(u.last)}</td><td>${escapeHtml(u.categories.filter((c) => c !== 'CUSTOMER_KEY').map(categoryTitle).join('; ') || 'Tieto siitä, että olet asiakas / The fact that you are a customer')}</td></tr>`).join('');

  return `<!doctype html>
<html lang="fi"><head><meta charset="utf-8"><title>Tarkastusoikeus / Access report</title><style>${STYLE}</style></head>
<body>
<h1>Rekisteröidyn tarkastusoikeus <span class="en" lang="en">/ Access report of the data subject</span></h1>
<p>${escapeHtml(report.name)} · ${day(report.issuedAt)} · EU:n tietosuoja-asetus 15 artikla / GDPR art. 15</p>
<p class="muted" data-charge>${report.chargeable
    ? `Tämän vuoden ${report.ordinal}. ote: siitä voidaan periä kohtuullinen maksu / This year's report no. ${report.ordinal}: a reasonable fee may be charged (GDPR art. 15(3)).`
    : 'Vuoden ensimmäinen ote on maksuton / The first report of the year is free of charge.'}</p>
<p class="muted">Oikaisua, käsittelyn rajoittamista tai vastustamista voi pyytää rekisterin asiointipisteestä tai sähköisesti; valituksen voi tehdä tietosuojavaltuutetulle.
<span lang="en">You may ask for rectification, restriction or objection at the register's service point or electronically, and complain to the Data Protection Ombudsman.</span></p>
${heading(2, 'Tiedot rekistereittäin', 'Your data by register')}
${sections}
${heading(2, 'Tietojen vastaanottajat', 'Recipients of your data')}
${heading(3, 'Luovutukset sivullisille', 'Disclosures to third parties')}
<table data-recipients><thead><tr><th>Päivä / Date</th><th>Vastaanottaja / Recipient</th><th>Organisaatio / Organisation</th><th>Peruste / Basis</th><th>Tiedot / Categories</th></tr></thead>
<tbody>${disclosures || '<tr><td colspan="5">Ei luovutuksia / No disclosures</td></tr>'}</tbody></table>
${heading(3, 'Työvoimapoliittiset lausunnot etuuden maksajalle', 'Labour-policy statements given to a benefit payer')}
<table data-statements><thead><tr><th>Päivä / Date</th><th>Etuuden maksaja / Benefit payer</th><th>Asia / About</th></tr></thead>
<tbody>${statements || '<tr><td colspan="3">Ei lausuntoja / No statements</td></tr>'}</tbody></table>
${heading(2, 'Kuka on käyttänyt tietojasi', 'Who has used your data')}
<table data-use><thead><tr><th>Rekisteri / Register</th><th>Käyttäjä / User</th><th>Organisaatio / Organisation</th><th>Kertoja / Uses</th><th>Aikaväli / Period</th><th>Tiedot / Categories</th></tr></thead>
<tbody>${use || '<tr><td colspan="6">Ei käyttöä / No use</td></tr>'}</tbody></table>
${report.errors.length ? `<p class="errors">Osa tiedoista ei ollut saatavilla / Some data could not be retrieved: ${escapeHtml(report.errors.join('; '))}</p>` : ''}
</body></html>`;
}
