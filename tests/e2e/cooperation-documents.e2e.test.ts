// The cooperation model's documents rendered in headless Chromium (Debian's `chromium`, driven by
// playwright-core) and read as a person reads them: the text on the screen, the table of the invoice
// with its arithmetic and total, the statistics with their chart and suppressed cells. With
// UPDATE_DOCS_SCREENSHOT=yes the statistics page is saved as docs/statistics.png (the README shows it).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { lastCompleteMonth } from '../../shared/src/cooperation/statistics';
import { startSystem, System, tokenFor } from '../support/system';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let system: System;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  system = await startSystem();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const base = () => system.gatewayUrl.replace(/\/graphql$/, '');

async function open(path: string, preset: string, viewport = { width: 1000, height: 900 }) {
  const context = await browser.newContext({ viewport, extraHTTPHeaders: { authorization: `Bearer ${await tokenFor(preset)}` } });
  const page = await context.newPage();
  const response = await page.goto(`${base()}${path}`);
  return { page, context, status: response?.status() };
}

it("an invoice reads as an invoice: who bills whom, each cost's share with its arithmetic, the total due", async () => {
  const run = (await system.query('cooperation-leader', 'mutation { runQuarterlyBilling(input: { idempotencyKey: "__KEY__", year: 2026, quarter: 1 }) { invoices { id party } } }')).data!.runQuarterlyBilling;
  const kela = run.invoices.find((i: { party: string }) => i.party === 'KELA');
  const { page, context, status } = await open(`/documents/invoice?id=${kela.id}`, 'cooperation-leader');
  expect(status).toBe(200);
  expect(await page.title()).toBe('Invoice 2026-Q1-KELA');
  const text = await page.locator('body').innerText();
  expect(text).toContain('Invoice 2026-Q1-KELA');
  expect(text).toMatch(/Biller\s+Järvenpään kaupunki/);
  expect(text).toMatch(/Billed party\s+Kansaneläkelaitos \(Kela\)/);
  // One cost for Kela: the spring development day, 3 of 24 registered participants.
  const rows = page.locator('table').nth(1).locator('tbody tr');
  expect(await rows.count()).toBe(1);
  expect(await rows.first().innerText()).toMatch(/3\u00a0450,00\u00a0€\s+3\/24\s+431,25\u00a0€/);
  expect(await page.locator('tfoot').innerText()).toMatch(/Total due\s+431,25\u00a0€/);
  await context.close();
});

it('the statistics read as a person reads them: a chart of customers per FTE, tables, suppressed cells marked', async () => {
  const period = lastCompleteMonth();
  const { page, context, status } = await open(`/documents/statistics?period=${period}`, 'steering-group-member', { width: 1000, height: 1400 });
  expect(status).toBe(200);
  const text = await page.locator('body').innerText();
  expect(text).toContain(`Cooperation model: anonymised statistics ${period}`);
  expect(text).toContain('Customers per full-time equivalent by title');
  // The chart is on the screen, with a bar per title and month, and the estimate marked.
  const chart = page.locator('svg[role="img"]');
  await expect(chart.isVisible()).resolves.toBe(true);
  const box = await chart.boundingBox();
  expect(box!.width).toBeGreaterThan(500);
  expect(await chart.locator('rect').count()).toBeGreaterThan(6);
  expect(await chart.innerHTML()).toContain('estimate');
  expect(text).toMatch(/TE-asiantuntija\s+EMPLOYMENT\s+8\.00/);
  for (const heading of ['Customers by area and home municipality (joint)', 'Exit reasons (joint)', 'Job seekers by employment status (employment)',
    'Clients in rehabilitative work activity (wellbeing)', 'Benefit kinds in payment (kela)']) {
    await expect(page.getByRole('heading', { name: heading }).isVisible()).resolves.toBe(true);
  }
  // No small number is on the page as a count: suppressed cells read "<suppressed>".
  const counts = await page.locator('td.num').allInnerTexts();
  for (const c of counts.filter((t) => /^\d+$/.test(t))) expect(Number(c)).toBeGreaterThanOrEqual(5);
  if (process.env.UPDATE_DOCS_SCREENSHOT === 'yes') {
    mkdirSync(join(__dirname, '..', '..', 'docs'), { recursive: true });
    await page.screenshot({ path: join(__dirname, '..', '..', 'docs', 'statistics.png'), clip: { x: 0, y: 0, width: 1000, height: 1100 } });
  }
  await context.close();
});

it('an official opening the statistics page gets a refusal, not figures', async () => {
  const { page, context, status } = await open('/documents/statistics', 'employment-expert');
  expect(status).toBe(403);
  expect(await page.locator('body').innerText()).toMatch(/Forbidden/);
  await context.close();
});
