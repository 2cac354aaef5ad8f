// Every use and every attempt logged (906/2019 § 17; seed 004 § 10.2: logs of use and attempted use),
// end to end with real servers, real tokens and real databases: refused reads and writes are logged with
// outcome DENIED in the register that was asked; a look-up by identity code and an id-only read are uses;
// auditors filter and page the logs but cannot confirm that a person is a customer; and nothing a caller
// chooses (operation name, request id, variable names, free text) brings an identity code into a log line,
// a stored row or an answer.
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { containsIdentityCode } from '../../shared/src/log';
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';
import { captureServiceLogs } from '../support/logs';
import { keyed } from '../support/keys';
import { todayInFinland } from '../../shared/src/law/today';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

// The law's day is Finland's (shared/src/law/today.ts): from 22:00 or 21:00 UTC it is already tomorrow there.
const today = () => todayInFinland();
const employer = (org: string): TokenClaims => ({ sub: `${org}:hr-1`, org_kind: 'EMPLOYER', org_id: org, purpose: 'JOB_PLACEMENT' });
const EXPERT = 'employment-employment-expert-1';
const nobodyCode = artificialPersonalIdentityCode('1950-01-01', 999);
// Through the gateway, a subgraph sees the operation under the name the query planner gives it (`Name__joint__0`);
// the access log keeps the caller's own name (found by an outsider: auditors read the planner's).
const named = (name: string) => name;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ENTRY = 'id at actorId customerId categories operation operationName outcome';

type Entry = { id: string; at: string; actorId: string; customerId: string | null; categories: string[]; operation: string; operationName: string | null; outcome: string };

async function jointLog(args: string, variables: Record<string, unknown> = {}, fields = ENTRY): Promise<Entry[]> {
  const defs = Object.keys(variables).map((name) => `$${name}: ${name === 'after' || name === 'customerId' ? 'ID' : name === 'from' || name === 'to' ? 'DateTime' : 'String'}`);
  const result = await system.query('auditor', `query Audit${defs.length ? `(${defs.join(', ')})` : ''} { jointAccessLog(${args}) { ${fields} } }`, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.jointAccessLog;
}

describe('refused attempts are logged with outcome DENIED in the register that was asked', () => {
  it('a third party without consent reading a customer: listed for the auditor with the categories asked for', async () => {
    const customer = demoPopulation()[30];
    const peek = await system.query(employer('employer-h2-none'), 'query Peek($id: ID!) { customer(id: $id) { lastName healthAndWorkCapacity { functionalCapacity } } }', { id: customer.id });
    expect(peek).toEqual({ status: 200, data: { customer: null } });
    const denied = await jointLog('customerId: $customerId, outcome: DENIED', { customerId: customer.id });
    expect(denied).toEqual(expect.arrayContaining([expect.objectContaining({
      actorId: 'employer-h2-none:hr-1', customerId: customer.id, operation: 'READ', operationName: named('Peek'), outcome: 'DENIED',
      categories: expect.arrayContaining(['CUSTOMER_KEY', 'JOINT_IDENTIFICATION', 'JOINT_HEALTH_AND_WORK_CAPACITY']),
    })]));
    // The allowed entries of the same customer are not in a DENIED listing.
    expect(denied.every((e) => e.outcome === 'DENIED')).toBe(true);
  });

  it("an official whose role gives no access at all, naming a customer by id (aliases too): each attempt names its customer", async () => {
    // The caller's role refuses before any customer is looked at; before, the entry named nobody (outsider, session 20).
    const [first, second] = [demoPopulation()[32], demoPopulation()[33]];
    const noRole: TokenClaims = { sub: 'kela-advisor-no-joint-role', org_kind: 'KELA', org_id: 'kela', org_unit: 'kela-keski-uusimaa', roles: ['CUSTOMER_SERVICE_ADVISOR'] };
    const asked = await postGraphQL(system.subgraphs.joint.listening.url,
      { query: 'query Probe($a: ID!, $b: ID!) { one: customer(id: $a) { id } two: customer(id: $b) { id } }', variables: { a: first.id, b: second.id.toUpperCase() } },
      await tokenFor(noRole));
    expect(asked.data).toEqual({ one: null, two: null });
    for (const customer of [first, second]) {
      expect(await jointLog('customerId: $customerId, outcome: DENIED', { customerId: customer.id })).toEqual([expect.objectContaining({
        actorId: 'kela-advisor-no-joint-role', customerId: customer.id, operation: 'READ', operationName: 'Probe', categories: ['CUSTOMER_KEY'], outcome: 'DENIED',
      })]);
    }
    // And no use of them was logged (the refusal named them, it did not let them be known).
    expect(await jointLog('customerId: $customerId, outcome: ALLOWED', { customerId: first.id }).then((entries) => entries.filter((e) => e.actorId === 'kela-advisor-no-joint-role'))).toEqual([]);
  });

  it('a denied write, through the gateway and straight to a subgraph', async () => {
    const customer = demoPopulation()[31];
    const meeting = await system.query(employer('employer-h2-none'), 'mutation Sneak($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }', { input: keyed({
      customerId: customer.id, heldAt: new Date().toISOString(), mode: 'PHONE', firstMeeting: false, participants: [], agreed: 'x',
    }) });
    expect(meeting.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await jointLog('customerId: $customerId, outcome: DENIED', { customerId: customer.id })).toEqual(expect.arrayContaining([
      expect.objectContaining({ actorId: 'employer-h2-none:hr-1', operation: 'WRITE', categories: ['JOINT_CUSTOMERSHIP'], outcome: 'DENIED', operationName: named('Sneak') }),
    ]));

    const kela = system.subgraphs.kela.listening.url;
    const direct = await postGraphQL(kela, {
      query: 'mutation Direct($input: KelaRecordPrimaryBenefitClarificationInput!) { recordKelaPrimaryBenefitClarification(input: $input) { id } }',
      variables: { input: keyed({ customerId: customer.id, startedOn: today(), reason: 'POSSIBLE_DISABILITY_PENSION', note: 'x' }) },
    }, await tokenFor(employer('employer-h2-none')));
    expect(direct.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const log = await system.query('auditor', 'query($id: ID) { kelaAccessLog(customerId: $id, outcome: DENIED) { actorId operation categories outcome } }', { id: customer.id });
    expect(log.data!.kelaAccessLog).toContainEqual({ actorId: 'employer-h2-none:hr-1', operation: 'WRITE', categories: ['KELA_PRIMARY_BENEFIT'], outcome: 'DENIED' });
  });

  it('a denied root list straight to a subgraph: logged without a customer', async () => {
    const direct = await postGraphQL(system.subgraphs.wellbeing.listening.url, { query: 'query Snoop { wellbeingAccessLog(first: 5) { id } }' }, await tokenFor(employer('employer-h2-snoop')));
    expect(direct.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const log = await system.query('auditor', 'query { wellbeingAccessLog(actorId: "employer-h2-snoop:hr-1") { customerId categories operationName outcome } }');
    expect(log.data!.wellbeingAccessLog).toEqual([{ customerId: null, categories: ['ACCESS_LOG'], operationName: 'Snoop', outcome: 'DENIED' }]);
  });

  it("a third party's look-up of an identity code nobody has: logged without an id, and without the code", async () => {
    const result = await system.query(employer('employer-h2-codes'), 'query Probe($code: String!) { customerByPersonalIdentityCode(personalIdentityCode: $code) { id } }', { code: nobodyCode });
    expect(result).toEqual({ status: 200, data: { customerByPersonalIdentityCode: null } });
    expect(await jointLog('actorId: "employer-h2-codes:hr-1"')).toEqual([expect.objectContaining({
      customerId: null, categories: ['CUSTOMER_KEY'], operation: 'READ', operationName: named('Probe'), outcome: 'DENIED',
    })]);
    const rows = await system.subgraphs.joint.database.query('SELECT * FROM "AccessLogEntry"');
    expect(JSON.stringify(rows)).not.toContain(nobodyCode);
  });
});

describe('a write allowed and logged beforehand, then not made, is logged NOT_MADE', () => {
  // Noticed since session 32: a change refused for its input, or a retry answered from the first request, stood in the
  // log as an allowed write, nothing more.
  const CHANGE = 'mutation Move($input: ChangeContactDetailsInput!) { changeContactDetails(input: $input) { id } }';
  const writes = async (customerId: string, actorId: string) => (await jointLog(`customerId: $customerId, actorId: "${actorId}"`, { customerId }))
    .filter((e) => e.operation === 'WRITE').map((e) => [e.operationName, e.categories.join(), e.outcome]);

  it('refused for its input: ALLOWED, then NOT_MADE; made: ALLOWED alone; repeated: ALLOWED, then NOT_MADE; refused by the law: DENIED alone', async () => {
    const customer = demoPopulation()[45];
    const first = keyed({ customerId: customer.id, reason: 'Moved', streetAddress: 'Lokikatu 1' });
    const made = await system.query('employment-expert', CHANGE, { input: first });
    expect(made.errors).toBeUndefined();
    expect(await writes(customer.id, EXPERT)).toEqual([['Move', 'JOINT_IDENTIFICATION', 'ALLOWED']]);
    // The client's retry with the same key answers the first outcome and writes nothing.
    const retried = await system.query('employment-expert', CHANGE, { input: first });
    expect(retried).toEqual(made);
    // The same change under a new key changes nothing: refused for its input.
    const same = await system.query('employment-expert', CHANGE, { input: keyed({ customerId: customer.id, reason: 'Moved', streetAddress: 'Lokikatu 1' }) });
    expect(same.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    expect(await writes(customer.id, EXPERT)).toEqual([
      ['Move', 'JOINT_IDENTIFICATION', 'NOT_MADE'], ['Move', 'JOINT_IDENTIFICATION', 'ALLOWED'],
      ['Move', 'JOINT_IDENTIFICATION', 'NOT_MADE'], ['Move', 'JOINT_IDENTIFICATION', 'ALLOWED'],
      ['Move', 'JOINT_IDENTIFICATION', 'ALLOWED'],
    ]);
    // Straight to the register too; and a write the law refuses is an attempt (DENIED), nothing more.
    const direct = await postGraphQL(system.subgraphs.joint.listening.url, { query: CHANGE, variables: { input: keyed({ customerId: customer.id, reason: 'Moved', streetAddress: 'Lokikatu 1' }) } }, await tokenFor('employment-expert'));
    expect(direct.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const refused = await system.query(employer('employer-h2-move'), CHANGE, { input: keyed({ customerId: customer.id, reason: 'Moved', streetAddress: 'Lokikatu 2' }) });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await writes(customer.id, 'employer-h2-move:hr-1')).toEqual([['Move', 'JOINT_IDENTIFICATION', 'DENIED']]);
    expect((await jointLog('customerId: $customerId, outcome: NOT_MADE', { customerId: customer.id })).map((e) => e.actorId)).toEqual([EXPERT, EXPERT, EXPERT]);
    // The customer sees the writes not made among the uses of their data (not the refused attempt, which is the auditors').
    const own = await system.query(`customer:${customer.id}`, 'query($id: ID!) { customer(id: $id) { jointAccessLog { actorId operation outcome } } }', { id: customer.id });
    const ownWrites = own.data!.customer.jointAccessLog.filter((e: { operation: string }) => e.operation === 'WRITE');
    expect(ownWrites.map((e: { outcome: string }) => e.outcome).sort()).toEqual(['ALLOWED', 'ALLOWED', 'ALLOWED', 'ALLOWED', 'NOT_MADE', 'NOT_MADE', 'NOT_MADE']);
  });

  it('refused for a malformed idempotency key, before anything else: ALLOWED, then NOT_MADE', async () => {
    // Found by an outsider (session 34): the key's check comes first, and its refusal left the ALLOWED entry alone.
    const customer = demoPopulation()[46];
    const refused = await system.query('employment-expert', CHANGE, { input: { idempotencyKey: 'short', customerId: customer.id, reason: 'Moved', streetAddress: 'Lokikatu 3' } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(await writes(customer.id, EXPERT)).toEqual([['Move', 'JOINT_IDENTIFICATION', 'NOT_MADE'], ['Move', 'JOINT_IDENTIFICATION', 'ALLOWED']]);
  });
});

describe('a write refused by the law inside its resolver is logged DENIED too (found by an outsider, session 36)', () => {
  // The field's own rule allowed it and logged it beforehand; the resolver then refused it (FORBIDDEN). It stood in the
  // log as a write allowed and then not made, which an auditor listing the refused attempts did not find.
  const ago = (days: number) => addDays(today(), -days);
  const entries = async (customerId: string, operationName: string) => (await jointLog('customerId: $customerId', { customerId }))
    .filter((e) => e.operationName === operationName).map((e) => [e.categories.join(), e.outcome]).sort();

  it("an ending of the customership by an official whose authority does not keep the final report: ALLOWED, NOT_MADE and DENIED", async () => {
    const customer = demoPopulation()[47];
    const END = 'mutation End($input: EndCustomershipInput!) { endCustomership(input: $input) { endedOn } }';
    const input = keyed({
      customerId: customer.id, endedOn: ago(1), reason: 'Employed',
      endSituation: { assessedOn: ago(1), situation: 'Employed full-time', goalAttainment: 90, assessorName: 'Aino Laine' },
      finalReport: { summary: 'Goals reached', recommendations: 'None' },
    });
    const refused = await system.query('wellbeing-social-worker', END, { input });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await entries(customer.id, 'End')).toEqual([['JOINT_CUSTOMERSHIP', 'ALLOWED'], ['JOINT_CUSTOMERSHIP', 'DENIED'], ['JOINT_CUSTOMERSHIP', 'NOT_MADE']]);
    expect((await jointLog('customerId: $customerId, outcome: DENIED', { customerId: customer.id })).map((e) => e.operationName)).toContain('End');
  });

  it("a consent over another authority's register: DENIED names the category asked for; a write refused for its input is not DENIED", async () => {
    const customer = demoPopulation()[48];
    const RECORD = 'mutation Consent($input: RecordConsentInput!) { recordConsent(input: $input) { id } }';
    const terms = (categories: string[], validUntil = addDays(today(), 30)) => keyed({
      customerId: customer.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-h2-consent', categories,
      purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil, method: 'IN_WRITING',
    });
    const kela = await system.query('kela-benefit-expert', RECORD, { input: terms(['JOINT_IDENTIFICATION', 'EMPLOYMENT_JOB_SEEKER']) });
    expect(kela.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'categories' });
    expect(await entries(customer.id, 'Consent')).toEqual([
      ['EMPLOYMENT_JOB_SEEKER,JOINT_CONSENTS', 'DENIED'], ['JOINT_CONSENTS', 'ALLOWED'], ['JOINT_CONSENTS', 'NOT_MADE'],
    ]);
    // Refused for its input (a validity ending before it starts): allowed and not made, no attempt refused by the law.
    const bad = await system.query('employment-expert', RECORD, { input: terms(['JOINT_IDENTIFICATION'], addDays(today(), -1)) });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await entries(customer.id, 'Consent')).filter(([, outcome]) => outcome === 'DENIED')).toHaveLength(1);
  });
});

describe("the data subject's own log", () => {
  it('shows who used their data, not the refused attempts (which would name another customer)', async () => {
    const [prober, target] = [demoPopulation()[37], demoPopulation()[38]];
    const probe = await system.query(`customer:${prober.id}`, 'query($id: ID!) { customer(id: $id) { lastName } }', { id: target.id });
    expect(probe).toEqual({ status: 200, data: { customer: null } });
    expect(await jointLog('customerId: $customerId, outcome: DENIED', { customerId: target.id })).toEqual([
      expect.objectContaining({ actorId: `customer:${prober.id}`, outcome: 'DENIED' }),
    ]);
    const own = await system.query(`customer:${target.id}`, `query($id: ID!) {
      customer(id: $id) { jointAccessLog { actorId outcome } }
      jointAccessLog(customerId: $id) { actorId outcome }
      denied: jointAccessLog(customerId: $id, outcome: DENIED) { actorId } }`, { id: target.id });
    expect(own.errors).toBeUndefined();
    expect(JSON.stringify(own.data)).not.toContain(prober.id);
    expect(own.data!.denied).toEqual([]);
  });
});

describe('learning that a person is a customer is a use (or a disclosure)', () => {
  it("an official's look-up by identity code is logged, also when nobody has the code", async () => {
    const customer = demoPopulation()[32];
    const found = await system.query('employment-expert', 'query ByCode($code: String!) { customerByPersonalIdentityCode(personalIdentityCode: $code) { id } }', { code: customer.personalIdentityCode });
    expect(found.data!.customerByPersonalIdentityCode).toEqual({ id: customer.id });
    expect(await jointLog('customerId: $customerId, actorId: "' + EXPERT + '"', { customerId: customer.id })).toEqual(expect.arrayContaining([
      expect.objectContaining({ customerId: customer.id, categories: ['CUSTOMER_KEY'], operation: 'READ', operationName: named('ByCode'), outcome: 'ALLOWED' }),
    ]));
    await system.query('employment-expert', 'query ByCodeOfNobody($code: String!) { customerByPersonalIdentityCode(personalIdentityCode: $code) { id } }', { code: nobodyCode });
    const mine = await jointLog(`actorId: "${EXPERT}", first: 5`);
    expect(mine).toEqual(expect.arrayContaining([
      // Nobody has the code, so there is no area in which the official may know them: an attempt that found nobody.
      expect.objectContaining({ customerId: null, categories: ['CUSTOMER_KEY'], operationName: named('ByCodeOfNobody'), outcome: 'DENIED' }),
    ]));
  });

  it("an official's id-only read is logged: `{ id }` and even `{ __typename }`", async () => {
    const customer = demoPopulation()[33];
    for (const [name, selection] of [['IdOnly', 'id'], ['TypenameOnly', '__typename']]) {
      const result = await system.query('employment-expert', `query ${name}($id: ID!) { customer(id: $id) { ${selection} } }`, { id: customer.id });
      expect(result.errors).toBeUndefined();
      expect(result.data!.customer).not.toBeNull();
    }
    const log = await jointLog(`customerId: $customerId, actorId: "${EXPERT}"`, { customerId: customer.id });
    for (const name of ['IdOnly', 'TypenameOnly']) {
      expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ categories: ['CUSTOMER_KEY'], operationName: named(name), outcome: 'ALLOWED' })]));
    }
  });

  it("a third party's id-only read under a consent is recorded as a disclosure of customership", async () => {
    const customer = demoPopulation()[34];
    const consent = await system.query('employment-expert', 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }', { input: keyed({
      customerId: customer.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-h2-acme', recipientOrganisationName: 'Acme Oy',
      categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
    }) });
    expect(consent.errors).toBeUndefined();
    const seen = await system.query(employer('employer-h2-acme'), 'query Exists($id: ID!) { customer(id: $id) { __typename } }', { id: customer.id });
    expect(seen.data).toEqual({ customer: { __typename: 'Customer' } });
    const records = await system.query('auditor', 'query($id: ID) { disclosureLog(customerId: $id, recipientId: "employer-h2-acme:hr-1") { customerId consentId categories fields } }', { id: customer.id });
    expect(records.errors).toBeUndefined();
    expect(records.data!.disclosureLog).toEqual([{
      customerId: customer.id, consentId: expect.any(String), categories: ['CUSTOMER_KEY'], fields: ['Query.customer'],
    }]);
    expect(await jointLog('customerId: $customerId, actorId: "employer-h2-acme:hr-1"', { customerId: customer.id })).toEqual([
      expect.objectContaining({ categories: ['CUSTOMER_KEY'], operationName: named('Exists'), outcome: 'ALLOWED' }),
    ]);
  });
});

describe('auditors read logs only', () => {
  const customer = () => demoPopulation()[35];
  const BY_CODE = 'query AuditorByCode($code: String!) { customerByPersonalIdentityCode(personalIdentityCode: $code) { id } }';

  it('cannot turn an identity code into a customer id or confirm a customer, through the gateway or the joint register', async () => {
    const token = await tokenFor('auditor');
    for (const url of [system.gatewayUrl, system.subgraphs.joint.listening.url]) {
      const byCode = await postGraphQL(url, { query: BY_CODE, variables: { code: customer().personalIdentityCode } }, token);
      const byNobody = await postGraphQL(url, { query: BY_CODE, variables: { code: nobodyCode } }, token);
      expect(byCode).toEqual({ status: 200, data: { customerByPersonalIdentityCode: null } });
      expect(byCode).toEqual(byNobody);
      const byId = await postGraphQL(url, { query: 'query($id: ID!) { customer(id: $id) { id } }', variables: { id: customer().id } }, token);
      expect(byId).toEqual({ status: 200, data: { customer: null } });
    }
    // The attempts are themselves logged, as refused.
    expect(await jointLog('actorId: "auditor-1", outcome: DENIED, customerId: $customerId', { customerId: customer().id })).toEqual(expect.arrayContaining([
      expect.objectContaining({ customerId: customer().id, categories: ['CUSTOMER_KEY'], outcome: 'DENIED' }),
    ]));
    // A refused look-up by code names no customer, whether someone has the code or not: else the auditor read the
    // id in their own attempt's entry (found by an outsider, session 32). Two through each route, a customer's code
    // and nobody's, alike.
    const byCodeEntries = (await jointLog('actorId: "auditor-1", outcome: DENIED, first: 50')).filter((entry) => entry.operationName === named('AuditorByCode'));
    expect(byCodeEntries.map(({ customerId, categories, outcome }) => ({ customerId, categories, outcome }))).toEqual(
      Array(4).fill({ customerId: null, categories: ['CUSTOMER_KEY'], outcome: 'DENIED' }),
    );
    expect(JSON.stringify(await jointLog('actorId: "auditor-1", first: 50'))).not.toContain(customer().personalIdentityCode);
    // The allowed path: officials still find the customer by code, and the auditor still reads the logs.
    const official = await system.query('employment-expert', BY_CODE, { code: customer().personalIdentityCode });
    expect(official.data!.customerByPersonalIdentityCode).toEqual({ id: customer().id });
    const logs = await system.query('auditor', '{ jointAccessLog(first: 1) { id } employmentAccessLog(first: 1) { id } disclosureLog(first: 1) { id } }');
    expect(logs.errors).toBeUndefined();
  });

  it("the logs are for the audit organisation's auditors and data protection officer, not for any token of its kind", async () => {
    const LOGS = '{ jointAccessLog(first: 1) { id } disclosureLog(first: 1) { id } }';
    const unentitled: TokenClaims = { sub: 'audit-intern-1', org_kind: 'AUDIT', org_id: 'keha-data-protection', roles: ['SUPERVISOR'] };
    const token = await tokenFor(unentitled);
    for (const url of [system.gatewayUrl, system.subgraphs.joint.listening.url]) {
      const result = await postGraphQL(url, { query: LOGS }, token);
      expect({ url, entries: Object.values(result.data ?? {}).filter((v) => v !== null), codes: result.errors?.map((e) => e.extensions?.code) })
        .toEqual({ url, entries: [], codes: ['FORBIDDEN', 'FORBIDDEN'] });
    }
    for (const preset of ['auditor', 'data-protection-officer']) {
      expect({ preset, errors: (await system.query(preset, LOGS)).errors }).toEqual({ preset, errors: undefined });
    }
  });

  it('the disclosure log is for auditors (and a customer about themselves), not for officials or third parties', async () => {
    for (const preset of ['employment-expert', 'employer', `customer:${customer().id}`]) {
      const result = await system.query(preset, '{ disclosureLog(first: 1) { id } }');
      expect({ preset, code: result.errors?.[0].extensions?.code }).toEqual({ preset, code: 'FORBIDDEN' });
    }
  });

  it('filter the logs by customer, actor, outcome and time, and page through them', async () => {
    // An official of Keski-Uusimaa's joint service, where customers 40-42 live.
    const official: TokenClaims = { sub: 'kela-h2-paging-1', org_kind: 'KELA', org_id: 'kela', org_unit: 'kela-keski-uusimaa', roles: ['SERVICE_EXPERT'] };
    const [a, b, c] = [demoPopulation()[40], demoPopulation()[41], demoPopulation()[42]];
    const start = new Date(Date.now() - 1).toISOString();
    for (const who of [a, b, c]) {
      expect((await system.query(official, 'query Page($id: ID!) { customer(id: $id) { lastName } }', { id: who.id })).errors).toBeUndefined();
    }
    await system.query(employer('employer-h2-paging'), 'query Page($id: ID!) { customer(id: $id) { lastName } }', { id: a.id });
    const end = new Date(Date.now() + 1).toISOString();

    const byActor = await jointLog('actorId: "kela-h2-paging-1", from: $from', { from: start });
    expect(byActor.map((e) => e.customerId)).toEqual([c.id, b.id, a.id]);
    expect(byActor.every((e) => e.outcome === 'ALLOWED' && e.categories.join() === 'JOINT_IDENTIFICATION')).toBe(true);

    const ofA = await jointLog('customerId: $customerId, from: $from, to: $to', { customerId: a.id, from: start, to: end });
    expect(ofA.map((e) => [e.actorId, e.outcome])).toEqual([['employer-h2-paging:hr-1', 'DENIED'], ['kela-h2-paging-1', 'ALLOWED']]);
    expect((await jointLog('customerId: $customerId, outcome: DENIED, from: $from, to: $to', { customerId: a.id, from: start, to: end }))
      .map((e) => e.actorId)).toEqual(['employer-h2-paging:hr-1']);
    expect(await jointLog('actorId: "kela-h2-paging-1", to: $to', { to: start })).toEqual([]);

    // Pages of two: after the last entry of one page comes the next, with nothing skipped or repeated.
    const first = await jointLog('actorId: "kela-h2-paging-1", first: 2');
    const second = await jointLog('actorId: "kela-h2-paging-1", first: 2, after: $after', { after: first[1].id });
    expect([...first, ...second].map((e) => e.customerId)).toEqual([c.id, b.id, a.id]);

    // One stored entry names a whole caseload page: paging walks through its customers too.
    const before = new Date(Date.now() - 1).toISOString();
    const caseload = await system.query('employment-expert', '{ caseload(first: 5) { edges { node { id } } } }');
    const ids = caseload.data!.caseload.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids.length).toBe(5);
    const paged: Entry[] = [];
    for (let after: string | undefined, page: Entry[]; ; after = page.at(-1)!.id) {
      page = await jointLog(`actorId: "${EXPERT}", from: $from, first: 2${after ? ', after: $after' : ''}`, after ? { from: before, after } : { from: before });
      paged.push(...page);
      if (page.length < 2) break;
    }
    expect(paged.map((e) => e.customerId).sort()).toEqual([...ids].sort());
    expect(new Set(paged.map((e) => e.id)).size).toBe(5);
  });

  it('a read of a log is itself logged, as a use of ACCESS_LOG of each customer its answer names', async () => {
    // Found in session 34: a read by actor (or by time) named customers and left no trace at all.
    const official: TokenClaims = { sub: 'kela-h2-log-read-1', org_kind: 'KELA', org_id: 'kela', org_unit: 'kela-keski-uusimaa', roles: ['SERVICE_EXPERT'] };
    const [a, b] = [demoPopulation()[43], demoPopulation()[44]];
    for (const who of [a, b]) {
      expect((await system.query(official, 'query Look($id: ID!) { customer(id: $id) { lastName } }', { id: who.id })).errors).toBeUndefined();
    }
    const read = await system.query('data-protection-officer', 'query LogByActor { jointAccessLog(actorId: "kela-h2-log-read-1") { customerId } }');
    expect(read.data!.jointAccessLog.map((e: { customerId: string }) => e.customerId).sort()).toEqual([a.id, b.id].sort());
    for (const who of [a, b]) {
      expect(await jointLog('customerId: $customerId, actorId: "dpo-1"', { customerId: who.id })).toEqual([expect.objectContaining({
        customerId: who.id, categories: ['ACCESS_LOG'], operation: 'READ', operationName: named('LogByActor'), outcome: 'ALLOWED',
      })]);
    }
    // Straight to the register too, and a read whose answer names nobody is logged without a customer.
    const direct = await postGraphQL(system.subgraphs.joint.listening.url, { query: 'query LogOfNobody { jointAccessLog(actorId: "nobody-at-all") { customerId } }' }, await tokenFor('data-protection-officer'));
    expect(direct).toEqual({ status: 200, data: { jointAccessLog: [] } });
    expect((await jointLog('actorId: "dpo-1"')).filter((e) => e.operationName === 'LogOfNobody')).toEqual([expect.objectContaining({
      customerId: null, categories: ['ACCESS_LOG'], outcome: 'ALLOWED',
    })]);
    // The disclosure records the same: read by recipient, logged under the customer they name.
    const consent = await system.query('employment-expert', 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }', { input: keyed({
      customerId: a.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-h2-log-read', recipientOrganisationName: 'Loki Oy',
      categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
    }) });
    expect(consent.errors).toBeUndefined();
    expect((await system.query(employer('employer-h2-log-read'), 'query($id: ID!) { customer(id: $id) { lastName } }', { id: a.id })).data!.customer).not.toBeNull();
    const records = await system.query('data-protection-officer', 'query RecordsByRecipient { disclosureLog(recipientId: "employer-h2-log-read:hr-1") { customerId } }');
    expect(records.data!.disclosureLog).toEqual([{ customerId: a.id }]);
    expect(await jointLog('customerId: $customerId, actorId: "dpo-1"', { customerId: a.id })).toEqual(expect.arrayContaining([expect.objectContaining({
      customerId: a.id, categories: ['DISCLOSURE_LOG'], operationName: named('RecordsByRecipient'), outcome: 'ALLOWED',
    })]));
    // Verifying the chains reads the log too; its report names nobody (found by an outsider, session 34: not logged).
    expect((await system.query('auditor', 'query Chains { jointLogChains { chain intact } }')).errors).toBeUndefined();
    expect((await jointLog('actorId: "auditor-1"', {}, 'customerId categories operationName outcome')).filter((e) => e.operationName === 'Chains'))
      .toEqual([{ customerId: null, categories: ['ACCESS_LOG'], operationName: 'Chains', outcome: 'ALLOWED' }]);
    // The denied path: an official may not read the log; the attempt names no customer, and nobody's log was read.
    const refused = await system.query(official, 'query LogSnoop { jointAccessLog(actorId: "kela-h2-log-read-1") { customerId } }');
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await jointLog('actorId: "kela-h2-log-read-1"', {}, 'customerId categories operationName outcome')).filter((e) => e.operationName === 'LogSnoop'))
      .toEqual([{ customerId: null, categories: ['ACCESS_LOG'], operationName: 'LogSnoop', outcome: 'DENIED' }]);
  });

  it('refuses a malformed filter with an error naming the argument', async () => {
    const badAfter = await system.query('auditor', '{ jointAccessLog(after: "not-an-entry") { id } }');
    expect(badAfter.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const backwards = await system.query('auditor', '{ jointAccessLog(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { id } }');
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});

describe('what a caller chooses never brings an identity code into a log line, a stored row or an answer', () => {
  const code1900 = artificialPersonalIdentityCode('1950-01-10', 956);
  const code2000 = artificialPersonalIdentityCode('2001-05-10', 950);
  const logLines = captureServiceLogs();

  it('masks codes in operation names, request ids, variable names, variable values and free text, via the gateway and directly', async () => {
    const customer = demoPopulation()[36];
    const token = await tokenFor('employment-expert');
    const answers: unknown[] = [];
    const VIEW = `query View_${code2000}($id: ID!) { customer(id: $id) { id lastName } }`;
    for (const url of [system.gatewayUrl, system.subgraphs.joint.listening.url]) {
      const view = await postGraphQL(url, { query: VIEW, variables: { id: customer.id } }, token, { 'x-request-id': `trace-${code1900}` });
      expect(view.data!.customer.lastName).toBe(customer.lastName);
      answers.push(view);
      // A variable named after a code (refused: unused) and a code given where a number belongs: the errors echo neither.
      const unused = await postGraphQL(url, { query: `query Q($v_${code2000}: String) { caseload(first: 1) { totalCount } }` }, token, { 'x-request-id': `req_${code2000}` });
      expect(unused.errors?.length).toBeGreaterThan(0);
      const typed = await postGraphQL(url, { query: 'query Typed($n: Int) { caseload(first: $n) { totalCount } }', variables: { n: code1900 } }, token);
      expect(typed.errors?.length).toBeGreaterThan(0);
      answers.push(unused, typed);
    }
    const agreed = `Soitettu, asiakas ${code1900} (ks. ref_${code2000})`;
    const meeting = await system.query('employment-expert', `mutation Note_${code2000}($input: RecordMeetingInput!) { recordMeeting(input: $input) { id agreed } }`, { input: keyed({
      customerId: customer.id, heldAt: new Date().toISOString(), mode: 'PHONE', firstMeeting: false, agreed,
      participants: [{ name: `Aino ${code1900}`, authority: 'EMPLOYMENT', role: 'EMPLOYMENT_EXPERT', remote: true }],
    }) });
    expect(meeting.errors).toBeUndefined();
    answers.push(meeting);

    const printed = logLines().join('');
    expect(logLines().length).toBeGreaterThan(4);
    const stored: Record<string, unknown>[] = [];
    for (const subgraph of Object.values(system.subgraphs)) stored.push(...await subgraph.database.query<Record<string, unknown>>('SELECT * FROM "AccessLogEntry"'));
    stored.push(...await system.subgraphs.joint.database.query<Record<string, unknown>>('SELECT * FROM "Meeting"'));
    stored.push(...await system.subgraphs.joint.database.query<Record<string, unknown>>('SELECT * FROM "DisclosureRecord"'));
    for (const [what, text] of [['log lines', printed], ['stored rows', JSON.stringify(stored)], ['answers', JSON.stringify(answers.map((a) => (a as { errors?: unknown }).errors ?? []))]]) {
      for (const code of [code1900, code2000, code2000.toLowerCase()]) expect({ what, leaks: text.includes(code) }).toEqual({ what, leaks: false });
      // Any other code outside the ids (thousands of random UUIDs hold a code's shape by chance, rarely a plausible one).
      expect({ what, leaks: containsIdentityCode(text.replace(UUID, ' ')) }).toEqual({ what, leaks: false });
    }
    // What was masked is still there, recognisably: the operation names and the free text, with the code replaced.
    expect(JSON.stringify(stored)).toContain('View_[identity code]');
    expect(JSON.stringify(stored)).toContain('Note_[identity code]');
    expect(meeting.data!.recordMeeting.agreed).toBe('Soitettu, asiakas [identity code] (ks. ref_[identity code])');
    expect(printed).toContain('View_[identity code]');
    // The request ids that held a code were replaced, not stored.
    expect(JSON.stringify(stored)).not.toContain('trace-[identity code]');
  });
});
