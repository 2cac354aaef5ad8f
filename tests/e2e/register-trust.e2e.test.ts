// Trust between the registers, attacked from outside over real HTTP with real tokens: the joint
// register's internal routes (consent look-ups, disclosure records) answer only the other registers'
// services; a disclosure record is stored only when it is true; a record names every field whose value
// left; and `_service { sdl }` is not served in production.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JWK, KeyLike, SignJWT, importJWK } from 'jose';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import {
  JOINT_INTERNAL_AUDIENCE, SERVICE_AUTHORIZATION_HEADER, ServiceTokenSigner, createServiceTokenSigner, generateServiceKeyPair, serviceIssuer,
} from '../../shared/src/auth/service-tokens';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { INTERNAL_CONSENTS_PATH, INTERNAL_DISCLOSURES_PATH } from '../../shared/src/graphql/joint-client';
import type { Register } from '../../shared/src/law/categories';
import { REQUEST_ID_HEADER } from '../../shared/src/log';
import { todayInFinland } from '../../shared/src/validation';
import { startSystem, System, tokenFor } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
let signAsEmployment: ServiceTokenSigner;
beforeAll(async () => {
  system = await startSystem();
  // The employment register's own development key, as its running subgraph uses it.
  signAsEmployment = await createServiceTokenSigner('EMPLOYMENT');
});
afterAll(() => system?.stop());

const today = () => todayInFinland();
const keysDir = () => process.env.AUTH_DEV_KEYS_DIR!;
const devServiceKey = (register: Register) => JSON.parse(readFileSync(join(keysDir(), `service-${register.toLowerCase()}-signing-key.jwk.json`), 'utf8')) as JWK;
const employer = (org: string, purpose: TokenClaims['purpose'] = 'JOB_PLACEMENT'): TokenClaims =>
  ({ sub: `${org}:hr-1`, org_kind: 'EMPLOYER', org_id: org, purpose });
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');

interface Call { path: string; body: string; requestId: string; user?: string }

/** A service token bound to `call`, with any part of it changed for an attack. */
async function serviceToken(call: Call, o: {
  register?: Register; key?: JWK; kid?: string; iss?: string; aud?: string; iat?: number; exp?: number; typ?: string; claims?: Record<string, unknown>;
} = {}) {
  const register = o.register ?? 'EMPLOYMENT';
  const jwk = o.key ?? devServiceKey(register);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ htm: 'POST', htu: call.path, rid: call.requestId, bsh: sha256(call.body), ath: sha256(call.user ?? ''), ...o.claims })
    .setProtectedHeader({ alg: 'ES256', kid: o.kid ?? jwk.kid, typ: o.typ ?? 'service+jwt' })
    .setIssuer(o.iss ?? serviceIssuer(register)).setSubject(o.iss ?? serviceIssuer(register))
    .setAudience(o.aud ?? JOINT_INTERNAL_AUDIENCE).setJti(randomUUID())
    .setIssuedAt(o.iat ?? now).setExpirationTime(o.exp ?? now + 30)
    .sign((await importJWK(jwk, 'ES256')) as KeyLike);
}

/** POSTs to the joint register's internal route, as a service would or as an attacker does. */
async function post(path: string, payload: unknown, options: { user?: string; service?: string | ((call: Call) => Promise<string>); requestId?: string; rawBody?: string } = {}) {
  const call: Call = { path, body: options.rawBody ?? JSON.stringify(payload), requestId: options.requestId ?? `test-${randomUUID()}`, user: options.user };
  const service = typeof options.service === 'function' ? await options.service(call) : options.service;
  const response = await fetch(new URL(path, system.subgraphs.joint.listening.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json', [REQUEST_ID_HEADER]: call.requestId,
      ...(call.user ? { authorization: `Bearer ${call.user}` } : {}),
      ...(service ? { [SERVICE_AUTHORIZATION_HEADER]: `Bearer ${service}` } : {}),
    },
    body: call.body,
  });
  return { status: response.status, text: await response.text() };
}

/** A genuine call of the employment register's service, forwarding `user`'s token. */
const asEmployment = (call: Call) => signAsEmployment({ method: 'POST', path: call.path, requestId: call.requestId, body: call.body, authorization: `Bearer ${call.user ?? ''}` });

const RECORD_CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
async function recordConsent(customerId: string, overrides: Record<string, unknown> = {}) {
  const result = await system.query('employment-expert', RECORD_CONSENT, { input: keyed({
    customerId, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-trust', recipientOrganisationName: 'Trust Oy',
    categories: ['EMPLOYMENT_JOB_SEEKER'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30),
    method: 'IN_WRITING', ...overrides,
  }) });
  expect(result.errors).toBeUndefined();
  return result.data!.recordConsent.id as string;
}

const disclosureCount = () => system.subgraphs.joint.db.disclosureRecord.count() as Promise<number>;

describe("the joint register's internal routes answer only the registers' services", () => {
  const customer = () => demoPopulation()[30];
  let consentId: string;
  let refusal: { status: number; text: string };
  beforeAll(async () => {
    consentId = await recordConsent(customer().id);
    refusal = await post(INTERNAL_CONSENTS_PATH, { customerIds: [customer().id] });
  });

  const trueRecord = () => ({ register: 'EMPLOYMENT', customerId: customer().id, consentId, categories: ['CUSTOMER_KEY', 'EMPLOYMENT_JOB_SEEKER'],
    fields: ['Customer.employment', 'EmploymentRegister.jobSeeker', 'EmploymentJobSeeker.employmentStatus'] });
  const payloads = () => [
    [INTERNAL_CONSENTS_PATH, { customerIds: [customer().id] }],
    [INTERNAL_DISCLOSURES_PATH, { records: [trueRecord()] }],
  ] as const;

  it('answer a register\'s service that forwards its caller\'s token, and refuse every user token alone, whatever its claims, with 401 and one body that tells nothing', async () => {
    const trusted = await tokenFor(employer('employer-trust'));
    const consents = await post(INTERNAL_CONSENTS_PATH, { customerIds: [customer().id] }, { user: trusted, service: asEmployment });
    expect(consents.status).toBe(200);
    expect(JSON.parse(consents.text).consents[0].map((c: { id: string }) => c.id)).toEqual([consentId]);
    const filedBefore = await disclosureCount();
    const filed = await post(INTERNAL_DISCLOSURES_PATH, { records: [trueRecord()] }, { user: trusted, service: asEmployment });
    expect(filed).toEqual({ status: 200, text: JSON.stringify({ recorded: 1 }) });
    expect(await disclosureCount()).toBe(filedBefore + 1);

    expect(refusal.status).toBe(401);
    const callers: (string | TokenClaims | undefined)[] = [
      undefined, `customer:${customer().id}`, 'employment-expert', 'wellbeing-social-worker', 'kela-benefit-expert', 'auditor',
      employer('employer-trust'), employer('employer-none'), 'educational-institution',
    ];
    for (const [path, payload] of payloads()) {
      const before = await disclosureCount();
      for (const caller of callers) {
        const user = caller ? await tokenFor(caller) : undefined;
        // A user token alone, and a user token also offered as the service token.
        for (const service of [undefined, user]) {
          const answer = await post(path, payload, { user, service });
          expect({ path, caller, service: !!service, ...answer }).toEqual({ path, caller, service: !!service, ...refusal });
        }
      }
      expect(await disclosureCount()).toBe(before);
    }
  });

  it("give a register only the consents that could cover its caller, never another organisation's", async () => {
    const others = await recordConsent(customer().id, { recipientOrganisationId: 'employer-other' });
    const answer = await post(INTERNAL_CONSENTS_PATH, { customerIds: [customer().id] }, { user: await tokenFor(employer('employer-trust')), service: asEmployment });
    const ids = JSON.parse(answer.text).consents[0].map((c: { id: string }) => c.id);
    expect(ids).toContain(consentId);
    expect(ids).not.toContain(others);
  });

  it('refuse forged, expired, misbound and replayed service tokens the same way', async () => {
    const user = await tokenFor(employer('employer-trust'));
    const stranger = (await generateServiceKeyPair('EMPLOYMENT')).privateJwk;
    const userTokenKey = JSON.parse(readFileSync(join(keysDir(), 'dev-signing-key.jwk.json'), 'utf8')) as JWK;
    const now = Math.floor(Date.now() / 1000);
    const attacks: [string, (call: Call) => Promise<string>][] = [
      ['signed by a key nobody trusts, naming the employment key', (c) => serviceToken(c, { key: stranger, kid: devServiceKey('EMPLOYMENT').kid })],
      ['signed by a key nobody trusts', (c) => serviceToken(c, { key: stranger })],
      ['signed with the development user-token key', (c) => serviceToken(c, { key: userTokenKey })],
      ['of Kela, signed with the employment register\'s key', (c) => serviceToken(c, { iss: serviceIssuer('KELA') })],
      ['of Kela, signed with the employment key under Kela\'s kid', (c) => serviceToken(c, { iss: serviceIssuer('KELA'), kid: devServiceKey('KELA').kid })],
      ['of the joint register itself', (c) => serviceToken(c, { iss: serviceIssuer('JOINT') })],
      ['expired', (c) => serviceToken(c, { iat: now - 120, exp: now - 60 })],
      ['living longer than 60 s', (c) => serviceToken(c, { exp: now + 600 })],
      ['issued in the future', (c) => serviceToken(c, { iat: now + 300, exp: now + 320 })],
      ['for another audience', (c) => serviceToken(c, { aud: 'customer-graph' })],
      ['of another type', (c) => serviceToken(c, { typ: 'JWT' })],
      ['bound to another body', (c) => serviceToken({ ...c, body: '{}' })],
      ['bound to another route', (c) => serviceToken({ ...c, path: '/internal/other' })],
      ['bound to another request id', (c) => serviceToken({ ...c, requestId: 'test-another-request' })],
      ['bound to another user token', (c) => serviceToken({ ...c, user: 'another' })],
      ['garbage', async () => 'not.a.token'],
    ];
    for (const [path, payload] of payloads()) {
      const before = await disclosureCount();
      for (const [attack, service] of attacks) {
        const answer = await post(path, payload, { user, service });
        expect({ path, attack, ...answer }).toEqual({ path, attack, ...refusal });
      }
      // A genuine service token without a valid user token: refused the same way.
      for (const forwarded of [undefined, await tokenFor(employer('employer-trust'), '-1s')]) {
        expect(await post(path, payload, { user: forwarded, service: asEmployment })).toEqual(refusal);
      }
      expect(await disclosureCount()).toBe(before);
    }
    // A genuine token is good for its one request only.
    const requestId = `test-${randomUUID()}`;
    const body = JSON.stringify({ customerIds: [customer().id] });
    const once = await asEmployment({ path: INTERNAL_CONSENTS_PATH, body, requestId, user });
    expect((await post(INTERNAL_CONSENTS_PATH, undefined, { user, requestId, rawBody: body, service: once })).status).toBe(200);
    expect(await post(INTERNAL_CONSENTS_PATH, undefined, { user, requestId, rawBody: body, service: once })).toEqual(refusal);
  });
});

describe('a disclosure record is accepted only when it is true', () => {
  const customer = () => demoPopulation()[31];
  const other = () => demoPopulation()[32];
  const consents: Record<string, string> = {};
  beforeAll(async () => {
    // One consent at a time for a recipient and purpose: the withdrawn one before the good one, the future one after it.
    consents.withdrawn = await recordConsent(customer().id);
    const withdrawn = await system.query('employment-expert', 'mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }',
      { input: keyed({ customerId: customer().id, consentId: consents.withdrawn }) });
    expect(withdrawn.errors).toBeUndefined();
    consents.good = await recordConsent(customer().id);
    consents.ofAnother = await recordConsent(other().id);
    consents.expired = await recordConsent(customer().id, { validFrom: addDays(today(), -20), validUntil: addDays(today(), -1) });
    consents.future = await recordConsent(customer().id, { validFrom: addDays(today(), 31), validUntil: addDays(today(), 50) });
    consents.workTrialProvider = await recordConsent(customer().id, { recipientType: 'WORK_TRIAL_PROVIDER', purpose: 'WORK_TRIAL' });
    consents.otherOrganisation = await recordConsent(customer().id, { recipientOrganisationId: 'employer-elsewhere' });
    consents.otherPurpose = await recordConsent(customer().id, { purpose: 'WORK_TRIAL' });
  });

  const record = (overrides: Record<string, unknown> = {}) => ({
    register: 'EMPLOYMENT', customerId: customer().id, consentId: consents.good, categories: ['CUSTOMER_KEY', 'EMPLOYMENT_JOB_SEEKER'],
    fields: ['Customer.employment', 'EmploymentRegister.jobSeeker', 'EmploymentJobSeeker.employmentStatus'], ...overrides,
  });

  it('refuses each false record naming what is wrong, and stores nothing of its batch', async () => {
    const user = await tokenFor(employer('employer-trust'));
    const cases: [string, unknown, string][] = [
      ['another register\'s name', record({ register: 'KELA' }), 'records[1].register: must be EMPLOYMENT, the register whose service files it'],
      ['the joint register\'s name', record({ register: 'JOINT' }), 'records[1].register: must be EMPLOYMENT, the register whose service files it'],
      ['a consent that does not exist', record({ consentId: randomUUID() }), 'records[1].consentId: no such consent'],
      ['a consent of another customer', record({ consentId: consents.ofAnother }), 'records[1].consentId: is not a consent of that customer'],
      ['another customer under this consent', record({ customerId: other().id }), 'records[1].consentId: is not a consent of that customer'],
      ['an expired consent', record({ consentId: consents.expired }), `records[1].consentId: is not in force on ${today()}`],
      ['a consent not yet valid', record({ consentId: consents.future }), `records[1].consentId: is not in force on ${today()}`],
      ['a withdrawn consent', record({ consentId: consents.withdrawn }), `records[1].consentId: is not in force on ${today()}`],
      ['a consent given to another recipient type', record({ consentId: consents.workTrialProvider }), 'records[1].consentId: was not given to EMPLOYER'],
      ['a consent given to another organisation', record({ consentId: consents.otherOrganisation }), 'records[1].consentId: was given to another organisation'],
      ['a consent given for another purpose', record({ consentId: consents.otherPurpose }), 'records[1].consentId: was not given for JOB_PLACEMENT'],
      ['a category the consent does not cover', record({ categories: ['CUSTOMER_KEY', 'EMPLOYMENT_JOB_SEEKER', 'EMPLOYMENT_HEALTH'], fields: [...record().fields, 'EmploymentRegister.healthAffectingJobSearch'] }),
        'records[1].categories: the consent does not cover EMPLOYMENT_HEALTH'],
      ['a category of another register', record({ categories: ['CUSTOMER_KEY', 'EMPLOYMENT_JOB_SEEKER', 'JOINT_IDENTIFICATION'] }), 'records[1].categories[2]: JOINT_IDENTIFICATION is not kept in the EMPLOYMENT register'],
      ['an unknown category', record({ categories: ['CUSTOMER_KEY', 'GOSSIP'] }), 'records[1].categories[1]: GOSSIP is not a category'],
      ['a category without any field', record({ categories: ['CUSTOMER_KEY', 'EMPLOYMENT_JOB_SEEKER', 'EMPLOYMENT_SERVICES_AND_DECISIONS'] }), 'records[1].categories: EMPLOYMENT_SERVICES_AND_DECISIONS recorded without any field'],
      ['a field the classification does not know', record({ fields: ['Customer.employment', 'EmploymentJobSeeker.secrets'] }), 'records[1].fields[1]: EmploymentJobSeeker.secrets is not a field of the EMPLOYMENT register\'s schema'],
      ['a field of another register', record({ fields: ['Customer.employment', 'Customer.lastName'] }), 'records[1].fields[1]: Customer.lastName is not a field of the EMPLOYMENT register\'s schema'],
      ['a field of a category not recorded', record({ fields: [...record().fields, 'EmploymentRegister.offers'] }), 'records[1].fields[3]: EmploymentRegister.offers is of EMPLOYMENT_SERVICES_AND_DECISIONS, which the record does not name'],
      ['a field twice', record({ fields: ['Customer.employment', 'Customer.employment'] }), 'records[1].fields: must name each at most once'],
      ['no fields', record({ fields: [] }), 'records[1].fields: must be a non-empty list'],
      ['a customer id that is no id', record({ customerId: 'x' }), 'records[1].customerId: must be an id'],
    ];
    const before = await disclosureCount();
    for (const [what, falseRecord, error] of cases) {
      // A true record first: the batch is all or nothing.
      const answer = await post(INTERNAL_DISCLOSURES_PATH, { records: [record(), falseRecord] }, { user, service: asEmployment });
      expect({ what, status: answer.status, error: JSON.parse(answer.text).error }).toEqual({ what, status: 400, error });
    }
    const batches: [string, unknown, string][] = [
      ['an empty batch', { records: [] }, 'records: must be a non-empty list'],
      ['a batch over the bound', { records: Array.from({ length: 1001 }, () => record()) }, 'records: must hold at most 1000 records'],
      ['no batch', {}, 'records: must be a non-empty list'],
    ];
    for (const [what, payload, error] of batches) {
      const answer = await post(INTERNAL_DISCLOSURES_PATH, payload, { user, service: asEmployment });
      expect({ what, status: answer.status, error: JSON.parse(answer.text).error }).toEqual({ what, status: 400, error });
    }
    // The same true record for a caller of another purpose, or for an official: not a disclosure it received.
    for (const [caller, error] of [
      [employer('employer-trust', 'WORK_TRIAL'), 'records[0].consentId: was not given for WORK_TRIAL'],
      ['employment-expert', 'authorization: disclosures are recorded only for a third party that states a purpose'],
    ] as const) {
      const answer = await post(INTERNAL_DISCLOSURES_PATH, { records: [record()] }, { user: await tokenFor(caller), service: asEmployment });
      expect({ status: answer.status, error: JSON.parse(answer.text).error }).toEqual({ status: 400, error });
    }
    expect(await disclosureCount()).toBe(before);
  });
});

describe('a disclosure record names every field whose value left', () => {
  const customer = () => demoPopulation()[33];

  it('the leaf fields below an entry field too: the participants of a meeting and their names', async () => {
    const meeting = await system.query('employment-expert', 'mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }', { input: keyed({
      customerId: customer().id, heldAt: new Date().toISOString(), mode: 'PHONE', firstMeeting: false, agreed: 'Follow-up call',
      participants: [{ name: 'Aino Laine', authority: 'EMPLOYMENT', role: 'EMPLOYMENT_EXPERT', remote: true }],
    }) });
    expect(meeting.errors).toBeUndefined();
    // A purchased-service provider's consent may cover the customership (meetings); an employer's may not.
    // The participants' names are identification data (the customer's own among them).
    const consentId = await recordConsent(customer().id, {
      recipientType: 'PURCHASED_SERVICE_PROVIDER', recipientOrganisationId: 'provider-meetings', categories: ['JOINT_CUSTOMERSHIP', 'JOINT_IDENTIFICATION'], purpose: 'PURCHASED_SERVICE',
    });
    const provider: TokenClaims = { sub: 'provider-meetings:user-1', org_kind: 'PURCHASED_SERVICE_PROVIDER', org_id: 'provider-meetings', purpose: 'PURCHASED_SERVICE' };
    const read = await system.query(provider, `query($id: ID!) {
      customer(id: $id) { meetings { heldAt participants { name ...Role } } } }
      fragment Role on MeetingParticipant { role }`, { id: customer().id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.customer.meetings).toEqual(expect.arrayContaining([{ heldAt: expect.any(String), participants: [{ name: 'Aino Laine', role: 'EMPLOYMENT_EXPERT' }] }]));
    const records = await system.query(`customer:${customer().id}`, `query($id: ID!) { customer(id: $id) { disclosures { consentId register categories fields } } }`, { id: customer().id });
    const mine = records.data!.customer.disclosures.filter((d: { consentId: string }) => d.consentId === consentId);
    expect(mine).toHaveLength(1);
    expect(mine[0].register).toBe('JOINT');
    expect([...mine[0].fields].sort()).toEqual(['Customer.meetings', 'Meeting.heldAt', 'Meeting.participants', 'MeetingParticipant.name', 'MeetingParticipant.role', 'Query.customer']);
  });
});
