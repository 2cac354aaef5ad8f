// The access report (GDPR art. 15; issue 12) fetched by the customer through the gateway with their own
// token, rendered in headless Chromium (Debian's `chromium`, driven by playwright-core) and read as a
// person reads it: their data from all four registers with each category's purpose, source and retention,
// the recipients (a disclosure under a consent, one on a legal basis, the statements to the benefit payer)
// and who has used the data. With UPDATE_DOCS_SCREENSHOT=yes the first page is saved as docs/access-report.png.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { areaOfMunicipality } from '../../shared/src/law/areas';
import { todayInFinland } from '../../shared/src/law/today';
import { startSystem, System, tokenFor } from '../support/system';
import { keyed } from '../support/keys';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let system: System;
let browser: Browser;
let customer: ReturnType<typeof demoPopulation>[number];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  system = await startSystem();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  // A demo customer of Keski-Uusimaa with data in all four registers and a statement to the benefit payer.
  const HAS = 'query($id: ID!) { customer(id: $id) { lastName employment { statements { id } } wellbeing { __typename } kela { __typename } } }';
  for (const candidate of demoPopulation().filter((p) => areaOfMunicipality(p.homeMunicipality) === 'KESKI_UUSIMAA').slice(0, 80)) {
    const seen = await system.query(`customer:${candidate.id}`, HAS, { id: candidate.id });
    const c = seen.data?.customer;
    if (c?.lastName && c.employment?.statements?.length && c.wellbeing && c.kela) { customer = candidate; break; }
  }
  expect(customer).toBeDefined();
  // A disclosure under a consent: an employer reads the customer's identification.
  const today = todayInFinland();
  const consent = await system.query('employment-expert', 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }', { input: keyed({
    customerId: customer.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-acme', recipientOrganisationName: 'Acme Oy',
    categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: today, validUntil: addDays(today, 30), method: 'IN_WRITING',
  }) });
  expect(consent.errors).toBeUndefined();
  const employer: TokenClaims = { sub: 'employer-acme:hr-1', org_kind: 'EMPLOYER', org_id: 'employer-acme', purpose: 'JOB_PLACEMENT' };
  expect((await system.query(employer, 'query($id: ID!) { customer(id: $id) { lastName email } }', { id: customer.id })).errors).toBeUndefined();
  // A disclosure on a legal basis.
  const lawBased = await system.query('wellbeing-social-worker', 'mutation($input: LawBasedDisclosureInput!) { decideLawBasedDisclosure(input: $input) { id } }', { input: keyed({
    customerId: customer.id, requesterType: 'SOCIAL_WELFARE_AUTHORITY', requesterOrganisationId: 'wellbeing-county-vantaa-kerava', requesterName: 'Social worker on duty',
    requestReference: 'VAKE/77/2026', requestedOn: today, legalBasis: '812/2000 § 17', categories: ['JOINT_IDENTIFICATION'], decision: 'DISCLOSED', reason: 'Emergency housing',
  }) });
  expect(lawBased.errors).toBeUndefined();
  // A rectification of their own e-mail: the old value is kept (shown in the report as a person reads it).
  const rectified = await system.query(`customer:${customer.id}`, 'mutation($input: RectifyOwnContactDetailsInput!) { rectifyOwnContactDetails(input: $input) { id } }',
    { input: keyed({ customerId: customer.id, reason: 'My e-mail address was misspelt', email: 'report.reader@example.org' }) });
  expect(rectified.errors).toBeUndefined();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const base = () => system.gatewayUrl.replace(/\/graphql$/, '');

async function open(preset: string | TokenClaims, viewport = { width: 1000, height: 1400 }) {
  const context = await browser.newContext({ viewport, extraHTTPHeaders: { authorization: `Bearer ${await tokenFor(preset)}` } });
  const page = await context.newPage();
  const response = await page.goto(`${base()}/documents/access-report`);
  return { page, context, status: response?.status() };
}

it("reads as the customer's access report: their data from all four registers, each category's purpose, source and retention", async () => {
  const { page, context, status } = await open(`customer:${customer.id}`);
  expect(status).toBe(200);
  expect(await page.title()).toBe('Tarkastusoikeus / Access report');
  const text = await page.locator('body').innerText();
  expect(text).toContain('Rekisteröidyn tarkastusoikeus / Access report of the data subject');
  expect(text).toContain(`${customer.firstNames} ${customer.lastName}`);
  for (const [register, heading] of ['Monialaisen yhteispalvelun asiakasrekisteri / Joint register of the multi-agency service',
    "Työvoimaviranomaisen asiakasrekisteri / Employment authority's customer register",
    "Hyvinvointialueen asiakas- ja potilasrekisterit / Wellbeing services county's customer and patient registers",
    "Kelan etuus- ja kuntoutusrekisteri / Kela's benefit and rehabilitation register"].map((h, i) => [['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'][i], h])) {
    await expect(page.getByRole('heading', { name: heading }).isVisible()).resolves.toBe(true);
    // Each register's section holds some of the person's data.
    expect([register, await page.locator(`section[data-register="${register}"] td.path`).count() > 0]).toEqual([register, true]);
  }
  // Values of the person themselves, with their category's notice.
  expect(text).toContain(customer.lastName);
  expect(text).toMatch(/Säilytysaika \/ Retention: Deleted when four years have passed since the end of the customership/);
  expect(text).toMatch(/Käyttötarkoitus \/ Purpose: Public employment services/);
  expect(text).toMatch(/Tietolähteet \/ Source: /);
  expect(await page.locator('[data-category="KELA_BENEFITS"] tr').count()).toBeGreaterThan(0);
  expect(text).toContain('Vuoden ensimmäinen ote on maksuton / The first report of the year is free of charge.');
  expect(text).not.toMatch(/Some data could not be retrieved/);
  // Labelled as a person reads it, in Finnish and English: no GraphQL field names, codes or JSON.
  await expect(page.getByRole('heading', { name: 'Tunniste- ja yhteystiedot / Identification and contact details' }).isVisible()).resolves.toBe(true);
  const identification = await page.locator('[data-category="JOINT_IDENTIFICATION"] tbody').innerText();
  expect(identification).toMatch(/Sukunimi\s+Last name\s+/);
  expect(identification).toMatch(/Henkilötunnus\s+Personal identity code/);
  // Their history is a category of its own (never given to a third party), in the report beside them.
  const history = await page.locator('[data-category="JOINT_IDENTIFICATION_HISTORY"] tbody').innerText();
  expect(history).toMatch(/Yhteystietojen muutokset( \d+)? › Aiemmat arvot\s+Contact details changes( \d+)? › Previous values\s+Sähköposti \/ E-mail: /);
  expect(history).toMatch(/Uudet arvot\s+Contact details changes( \d+)? › New values\s+Sähköposti \/ E-mail: report\.reader@example\.org/);
  expect(identification).not.toMatch(/Yhteystietojen muutokset/);
  // Each with what surrounds it, so that a failure shows where.
  for (const raw of [/contactDetailsChanges/, /previousValues/, /\{"/, /lastName/, /\bfalse\b/, /\btrue\b/, /\d{4}-\d{2}-\d{2}T/]) {
    expect([String(raw), text.match(new RegExp(`.{0,60}${raw.source}.{0,20}`, 'g')) ?? []]).toEqual([String(raw), []]);
  }
  // No code as a label anywhere, nor as a value where the register keeps a code (free text is shown as written).
  const labels = (await page.locator('td.path').allInnerTexts()).join('\n');
  expect(labels.match(/.{0,40}\b[A-Z]+_[A-Z_]+\b/g) ?? []).toEqual([]);
  expect((await page.locator('[data-category="KELA_BENEFITS"] tbody').innerText()).match(/.{0,40}\b[A-Z]+_[A-Z_]+\b/g) ?? []).toEqual([]);
  // Dates as Finns write them; restrictions flags as yes/no.
  expect(text).toMatch(/Käsittelyä rajoitettu \(Kela\)\s+Processing restricted \(Kela\)\s+ei \/ no/);
  if (process.env.UPDATE_DOCS_SCREENSHOT === 'yes') {
    mkdirSync(join(__dirname, '..', '..', 'docs'), { recursive: true });
    await page.screenshot({ path: join(__dirname, '..', '..', 'docs', 'access-report.png'), clip: { x: 0, y: 0, width: 1000, height: 1400 } });
  }
  await context.close();
});

it('names the recipients: the employer under a consent, the authority on a legal basis, the benefit payer of each statement; and who used the data', async () => {
  const { page, context } = await open(`customer:${customer.id}`);
  const recipients = await page.locator('[data-recipients] tbody').innerText();
  // The employer by the name the person's consent to it gives and its kind in words; the authority on a legal basis by its kind.
  expect(recipients).toMatch(/Työnantaja \/ Employer\s+Acme Oy\s+Suostumus \/ Consent: Job placement\s+Tunniste- ja yhteystiedot \/ Identification and contact details/);
  expect(recipients).toMatch(/Sosiaaliviranomainen \/ Social welfare authority\s+wellbeing-county-vantaa-kerava\s+Lakiin perustuva pyyntö \/ Request based on law: 812\/2000 § 17\s+Tunniste- ja yhteystiedot/);
  // No row without what was given, no codes.
  for (const row of await page.locator('[data-recipients] tbody tr').allInnerTexts()) expect(row.split('\t').map((cell) => cell.trim()).filter(Boolean)).toHaveLength(5);
  expect(recipients).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
  const statements = await page.locator('[data-statements] tbody tr').allInnerTexts();
  expect(statements.length).toBeGreaterThan(0);
  expect(statements[0]).toMatch(/^\d{1,2}\.\d{1,2}\.\d{4}\s+(Kela|Työttömyyskassa \/ Unemployment fund)\s+[A-Z][a-z]/);
  const use = await page.locator('[data-use] tbody').innerText();
  // The employment expert and the employer used the joint register; the customer's own reads are there too.
  expect(use).toMatch(/Joint register of the multi-agency service\s+Työvoimaviranomainen \/ Employment authority\s+employment-area-keski-uusimaa/);
  expect(use).toMatch(/Työnantaja \/ Employer\s+employer-acme/);
  expect(use).toMatch(/Sinä itse \/ You yourself\s+citizen/);
  expect(use).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
  expect(await page.locator('body').innerText()).not.toMatch(/\bfalse\b/);
  // The second report of the year is counted: a fee may be charged.
  expect(await page.locator('[data-charge]').innerText()).toMatch(/report no\. 2: a reasonable fee may be charged/);
  await context.close();
});

it("is the data subject's own: an official, an employer and an auditor are refused, and nothing is counted for them", async () => {
  for (const preset of ['employment-expert', 'auditor', 'data-protection-officer', 'employer']) {
    const { status, page, context } = await open(preset);
    expect([preset, status]).toEqual([preset, 403]);
    expect(await page.locator('body').innerText()).toMatch(/given to the data subject themselves/);
    await context.close();
  }
  const res = await fetch(`${base()}/documents/access-report`);
  expect(res.status).toBe(401);
  const counted = await system.query(`customer:${customer.id}`, 'query($id: ID!) { customer(id: $id) { accessReports { ordinal chargeable } } }', { id: customer.id });
  expect(counted.data!.customer.accessReports).toEqual([{ ordinal: 2, chargeable: true }, { ordinal: 1, chargeable: false }]);
});
