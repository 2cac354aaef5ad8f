// Part of a case run in the playground as officials would, in a real headless Chromium (Debian's
// `chromium`, installed by .ci/run; driven with playwright-core): the employment expert admits a person,
// the preset bar switches to the social worker, who records the social situation, then to the auditor,
// who finds both writes in the access log. The test fails if any request leaves the machine (the
// playground must work in a closed network) or the page reaches any other origin than the gateway.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';
import { authConfigFromEnv, createTokenVerifier } from '../../shared/src/auth/tokens';
import { addDays } from '../../shared/src/demo/population';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { todayInFinland } from '../../shared/src/law/today';
import { createLogger } from '../../shared/src/log';
import { createGateway } from '../../gateway/src/server';
import { startSystem, System } from '../support/system';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let system: System;
let browser: Browser;
let playgroundUrl: string;
let stopPlayground = async () => undefined;
/** Every request the page made that was not to the gateway's own origin. */
const elsewhere: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  system = await startSystem();
  // The playground with the preset bar: a gateway with development tokens, over the same subgraphs.
  const gateway = await createGateway({
    verifyToken: await createTokenVerifier(authConfigFromEnv()), log: createLogger({ service: 'gateway-playground' }),
    urls: Object.fromEntries(Object.entries(system.subgraphs).map(([name, r]) => [name, r.listening.url])), devAuth: authConfigFromEnv(),
  });
  const listening = await gateway.listen(0);
  playgroundUrl = listening.url;
  stopPlayground = async () => { await listening.close(); await gateway.server.stop(); };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopPlayground();
  await system?.stop();
});

/** Types an operation into the playground's editor, runs it, and returns the gateway's answer. */
async function run(page: Page, operation: string, field: string) {
  // One line: the editor's own indentation would otherwise add to what is typed. The editor takes input
  // once it has loaded (after a preset switch the page is new): type until it shows the operation.
  const text = operation.replace(/\s*\n\s*/g, ' ');
  const shown = () => page.evaluate(() => (document.querySelector('.graphiql-query-editor .view-lines') as HTMLElement | null)?.innerText ?? '');
  for (let attempt = 0; attempt < 20 && !(await shown()).replace(/\s+/g, ' ').includes(text.slice(0, 40)); attempt++) {
    await page.waitForTimeout(250);
    await page.click('.graphiql-query-editor .monaco-editor .view-lines');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }
  // GraphiQL takes in an edit 100 ms after it (a debounced change handler, which also stores the query in
  // localStorage), while Execute sends the editor's text at once with the operation name it knew before:
  // clicked sooner, the previous operation's name (after a preset switch, the restored tab's) goes with the
  // new text and GraphiQL's fetcher fails with "Cannot infer operation <previous>", sending nothing. A short
  // operation typed on a loaded machine beat the 100 ms now and then: the auditor's step got no answer.
  await page.waitForFunction((typed) => (localStorage.getItem('graphiql:query') ?? '').replace(/\s+/g, ' ').includes(typed), text);
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && (r.request().postData() ?? '').includes(field));
  await page.click('.graphiql-execute-button');
  const body = await (await answer).json();
  // The answer is shown in the result window too.
  await page.waitForFunction((text) => (document.querySelector('.result-window')?.textContent ?? '').includes(text), field === 'jointAccessLog' ? 'WRITE' : field);
  return body as { data?: Record<string, any>; errors?: unknown[] };
}

/** Opens the playground as the preset chosen in the bar (the page then carries that preset's token). */
async function actAs(page: Page, preset: string) {
  await page.selectOption('select', preset);
  await page.waitForURL((url) => url.searchParams.get('as') === preset);
  await page.waitForSelector('.graphiql-query-editor .monaco-editor');
}

it('runs part of a case in the playground with the preset bar, and no request leaves the machine', async () => {
  const page = await browser.newPage();
  // A write through the gateway on a loaded 2-core CI machine can take longer than Playwright's 30 s default.
  page.setDefaultTimeout(45_000);
  const origin = new URL(playgroundUrl).origin;
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin) return route.continue();
    elsewhere.push(url.href);
    return route.abort();
  });
  // The page's Content-Security-Policy (gateway/src/playground.ts) must leave all of it working: any refusal
  // the browser reports fails the test.
  const refusedByPolicy: string[] = [];
  page.on('console', (message) => { if (/Content Security Policy|Refused to|blocked/i.test(message.text())) refusedByPolicy.push(message.text().slice(0, 300)); });
  const response = await page.goto(`${playgroundUrl}?as=employment-expert`);
  expect(response!.headers()['content-security-policy']).toMatch(/^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}' blob:;.* frame-ancestors 'none'$/);
  await page.waitForSelector('.graphiql-query-editor .monaco-editor');

  const today = todayInFinland();
  const code = artificialPersonalIdentityCode('1975-08-30', 900 + Math.floor(Math.random() * 100));
  const admitted = await run(page, `mutation BrowserAdmit { admitCustomer(input: {
    idempotencyKey: "${randomUUID()}", personalIdentityCode: "${code}", firstNames: "Selain", lastName: "Testi", homeMunicipality: "Kerava",
    startedOn: "${today}", referral: { referredOn: "${addDays(today, -2)}", fromAuthority: WELLBEING, referredBy: "Social services", note: "Multi-agency need" },
    responsibleOfficials: [{ authority: EMPLOYMENT, officialId: "employment-employment-expert-1", name: "Aino Laine", role: "EMPLOYMENT_EXPERT" }]
  }) { outcome customer { id } } }`, 'admitCustomer');
  expect(admitted.errors).toBeUndefined();
  expect(admitted.data!.admitCustomer.outcome).toBe('ADMITTED');
  const id = admitted.data!.admitCustomer.customer.id as string;

  await actAs(page, 'wellbeing-social-worker');
  const recorded = await run(page, `mutation BrowserSocialSituation { recordSocialSituation(input: {
    idempotencyKey: "${randomUUID()}", customerId: "${id}", assessedOn: "${today}", housing: "Rented flat", livelihood: "Social assistance",
    familySituation: "Single", effectOnEmployment: "No significant effect", assessorName: "Riikka Nieminen"
  }) { storedByAuthority storedBy } }`, 'recordSocialSituation');
  expect(recorded.data!.recordSocialSituation).toEqual({ storedByAuthority: 'WELLBEING', storedBy: 'wellbeing-social-worker-1' });

  await actAs(page, 'auditor');
  const log = await run(page, `query BrowserAudit { jointAccessLog(customerId: "${id}", first: 20) { actorId operation categories } }`, 'jointAccessLog');
  expect(log.errors).toBeUndefined();
  expect(log.data!.jointAccessLog).toEqual(expect.arrayContaining([
    { actorId: 'employment-employment-expert-1', operation: 'WRITE', categories: ['JOINT_IDENTIFICATION'] },
    { actorId: 'wellbeing-social-worker-1', operation: 'WRITE', categories: ['JOINT_SOCIAL_SITUATION'] },
  ]));
  await page.close();
  expect(elsewhere).toEqual([]);
  expect(refusedByPolicy).toEqual([]);
}, 120_000);

it("runs no script the page did not bring: an injected inline script is refused by the page's policy", async () => {
  const page = await browser.newPage();
  try {
    const refused: string[] = [];
    page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) refused.push(message.text()); });
    await page.goto(`${playgroundUrl}?as=employment-expert`);
    await page.waitForSelector('.graphiql-query-editor .monaco-editor');
    // As an injection into the page would: an inline script without the response's nonce.
    const ran = await page.evaluate(() => {
      (window as unknown as { injected?: boolean }).injected = false;
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.appendChild(script);
      return (window as unknown as { injected?: boolean }).injected;
    });
    expect(ran).toBe(false);
    await page.waitForTimeout(200);
    expect(refused.join('\n')).toMatch(/Executing inline script violates the following Content Security Policy directive 'script-src 'nonce-/);
  } finally {
    await page.close();
  }
}, 60_000);
