// The person sees every use of their data, not only the newest (GDPR art. 15; DOMAIN.md rules 6 and 11). Found by
// an outsider in session 37: `Customer.jointAccessLog` had no `after`, and the access report read the newest 1000
// entries of each register, so 1000 reads by one official pushed an earlier read of the person's health data out
// of both. Now the customer pages their own log to its oldest entry, and the report reads every page. Through the
// gateway, real tokens, real databases.
import { randomUUID } from 'node:crypto';
import { addDays } from '../../shared/src/demo/population';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { REGISTER_TITLES } from '../../shared/src/law/data-categories';
import { todayInFinland } from '../../shared/src/law/today';
import { LOG_ENTRIES } from '../../shared/src/rights/access-report';
import { startSystem, System, tokenFor } from '../support/system';

let system: System;
let customerId: string;
beforeAll(async () => {
  system = await startSystem();
  const today = todayInFinland();
  const admitted = await system.query('employment-expert', 'mutation($input: AdmitCustomerInput!) { admitCustomer(input: $input) { customer { id } } }', { input: {
    idempotencyKey: randomUUID(), personalIdentityCode: artificialPersonalIdentityCode(addDays('1975-01-01', Math.floor(Math.random() * 3000)), 958),
    firstNames: 'Testi', lastName: 'Lokinen', homeMunicipality: 'Kerava', startedOn: addDays(today, -10),
    referral: { referredOn: addDays(today, -11), fromAuthority: 'KELA', referredBy: 'Kela service point', note: 'Log paging test' },
    responsibleOfficials: [{ authority: 'EMPLOYMENT', officialId: 'employment-employment-expert-1', name: 'Aino Laine', role: 'EMPLOYMENT_EXPERT' }],
  } });
  customerId = admitted.data!.admitCustomer.customer.id;
  // The use to be kept in sight: the nurse reads the person's health and work capacity.
  const read = await system.query('wellbeing-nurse', 'query($id: ID!) { customer(id: $id) { healthAndWorkCapacity { workCapacity } } }', { id: customerId });
  expect(read.errors).toBeUndefined();
});
afterAll(() => system?.stop());

const LOG = 'query($id: ID!, $first: Int, $after: ID) { customer(id: $id) { jointAccessLog(first: $first, after: $after) { id actorId categories } } }';
type Entry = { id: string; actorId: string; categories: string[] };
const page = async (first: number, after?: string) => {
  const result = await system.query(`customer:${customerId}`, LOG, { id: customerId, first, after });
  expect(result.errors).toBeUndefined();
  return result.data!.customer.jointAccessLog as Entry[];
};

/** `n` reads of the customer's key by the employment expert, eight at a time. */
async function reads(n: number) {
  for (let done = 0; done < n; done += 8) {
    await Promise.all(Array.from({ length: Math.min(8, n - done) }, () => system.query('employment-expert', 'query($id: ID!) { customer(id: $id) { id } }', { id: customerId })));
  }
}

it('pages the customer’s own log to its oldest entry: the same entries, in the same order, as one page', async () => {
  await reads(12);
  // The customer's own reads of the log are uses of it too, logged as they read: left out of the comparison.
  const others = (entries: Entry[]) => entries.filter((e) => e.actorId !== `customer:${customerId}`);
  const whole = others(await page(100));
  expect(whole.length).toBeGreaterThan(12);
  const paged: Entry[] = [];
  for (let next = await page(5); next.length > 0; next = await page(5, next.at(-1)!.id)) paged.push(...next);
  expect(others(paged)).toEqual(whole);
  expect(paged.at(-1)!.actorId).not.toBe('wellbeing-public-health-nurse-1');
  expect(paged.some((e) => e.actorId === 'wellbeing-public-health-nurse-1' && e.categories.includes('JOINT_HEALTH_AND_WORK_CAPACITY'))).toBe(true);
  // Another customer's entry id as `after` names no entry of this log for this customer: refused, nothing shown.
  const bad = await system.query(`customer:${customerId}`, LOG, { id: customerId, first: 5, after: randomUUID() });
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  // Nor is a refused attempt on them, which only auditors see (another customer's look at them), an anchor of their own log.
  const other = (await system.query('employment-expert', 'query { caseload(first: 2) { edges { node { id } } } }', {})).data!.caseload.edges[0].node.id as string;
  await system.query(`customer:${other}`, 'query($id: ID!) { customer(id: $id) { lastName } }', { id: customerId });
  const denied = (await system.query('auditor', 'query($id: ID) { jointAccessLog(customerId: $id, outcome: DENIED, first: 1) { id } }', { id: customerId })).data!.jointAccessLog as { id: string }[];
  expect(denied).toHaveLength(1);
  const hidden = await system.query(`customer:${customerId}`, LOG, { id: customerId, first: 5, after: denied[0].id });
  expect(hidden.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
}, 60_000);

it(`the access report names a use older than the newest ${LOG_ENTRIES} entries of a register`, async () => {
  await reads(LOG_ENTRIES + 8);
  // The customer's own log: the nurse's read is past the first page, and on a later one.
  const first = await page(LOG_ENTRIES);
  expect(first.some((e) => e.actorId === 'wellbeing-public-health-nurse-1')).toBe(false);
  expect((await page(LOG_ENTRIES, first.at(-1)!.id)).some((e) => e.actorId === 'wellbeing-public-health-nurse-1')).toBe(true);

  const response = await fetch(`${system.gatewayUrl.replace(/\/graphql$/, '')}/documents/access-report`, { headers: { authorization: `Bearer ${await tokenFor(`customer:${customerId}`)}` } });
  expect(response.status).toBe(200);
  const html = await response.text();
  // The summary of use: a row per register, kind of party and organisation, with how many uses.
  const joint = `${REGISTER_TITLES.JOINT.fi} / ${REGISTER_TITLES.JOINT.en}`;
  const rows = [...html.matchAll(/<tr><td>([^<]*)<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>\s*<td class="num">(\d+)<\/td>/g)]
    .filter(([, register]) => register === joint.replace(/&/g, '&amp;')).map(([, , organisation, uses]) => [organisation, Number(uses)]);
  expect(rows).toContainEqual(['wellbeing-county-keski-uusimaa', 1]);
  const expert = rows.find(([organisation]) => organisation === 'employment-area-keski-uusimaa');
  expect(expert![1]).toBeGreaterThan(LOG_ENTRIES + 12);
}, 180_000);
