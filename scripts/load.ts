// Load test of the gateway: a bounded number of concurrent clients, for a bounded time, act as the
// people who use the customer graph (officials of the three authorities, customers, an employer) with
// real development tokens, and write as well as read. At the end it prints throughput, latency per kind
// of operation, the errors, and checks that nothing acknowledged was lost.
//
//   npm run load                                  starts its own system (fresh demo data, ports 4600-4604), loads it, stops it
//   npm run load -- --duration 60 --clients 16
//   npm run load -- --url http://127.0.0.1:4000/graphql    loads a running system instead (it WRITES to it:
//                                                 consents to organisations named load-test-*, meetings, situation assessments,
//                                                 admissions of artificial persons born 1935-1956 and their job searches)
// Options: --duration SECONDS (30, at most 300), --clients N (12, at most 64), --url (loopback 127.0.0.1 only).
// Exit code 1 when any request failed, anything acknowledged was not found afterwards, or anything was stored
// twice. Every write carries an idempotency key and is retried with the same key after a timeout or a
// register that was briefly away (shared/src/graphql/idempotency.ts); each stored text carries its key, so
// the check finds a write stored twice.
//
// An outcome is an error when the HTTP status is not 200, or the answer has any error other than a
// FORBIDDEN that the law expects for that caller and that field (e.g. a Kela official reading the caseload
// is denied the activation plan); the expectation is computed per field with shared/src/law's `decide`, as
// the access-matrix test does, so a FORBIDDEN where the law allows the data counts as an error too.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GraphQLObjectType, getNamedType, isObjectType } from 'graphql';
import type { JWTPayload } from 'jose';
import { Actor, RECIPIENT_TYPES } from '../shared/src/auth/actor';
import { USUAL_PURPOSE, kebab, presetClaims } from '../shared/src/auth/presets';
import { TokenClaims, actorFromClaims, authConfigFromEnv, signDevToken } from '../shared/src/auth/tokens';
import { DEMO_OFFICIALS, addDays, demoPopulation } from '../shared/src/demo/population';
import { demoCustomerships } from '../subgraphs/joint/src/seed';
import { artificialPersonalIdentityCode } from '../shared/src/hetu';
import { CONSENT_SCOPE } from '../shared/src/law/consents';
import type { Authority, CategoryName } from '../shared/src/law/categories';
import { ConsentTerms, decide } from '../shared/src/law/rules';
import { SUBGRAPHS, subgraphTypeDefs } from '../shared/src/subgraphs';
import { CASELOAD_QUERY } from '../tests/support/queries';
import { apiSchema } from '../tests/support/selection';
import { startSystem, SystemProcess } from './system-process';

// ---- Options ---------------------------------------------------------------------------------

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] ?? '' : fallback;
};
function boundedInteger(name: string, fallback: number, min: number, max: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < min || value > max) fail(`--${name} must be a whole number from ${min} to ${max}`);
  return value;
}
function fail(message: string): never {
  console.error(`load: ${message}`);
  process.exit(2);
}

const DURATION_S = boundedInteger('duration', 30, 1, 300);
const CLIENTS = boundedInteger('clients', 12, 1, 64);
/** A request that takes longer than this counts as an error (the gateway gives each subgraph 5 s). */
const REQUEST_TIMEOUT_MS = 30_000;
/** Everything after the start of the load (the load, in-flight requests, the check) must end within this. */
const WATCHDOG_MS = DURATION_S * 1000 + 2 * REQUEST_TIMEOUT_MS + 120_000;

/** Only the loopback address: a load test must never be pointed at another machine by a typo. */
function loopbackUrl(raw: string): string {
  let url: URL;
  try { url = new URL(raw); } catch { fail(`--url ${raw} is not a URL`); }
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1') fail(`--url must be http://127.0.0.1:PORT/...; ${raw} is not on the loopback address`);
  return url.toString();
}
const EXTERNAL_URL = args.includes('--url') ? loopbackUrl(option('url', '')) : undefined;

// ---- The law's expectation of FORBIDDEN ------------------------------------------------------

const classification = new Map<string, CategoryName>();
for (const subgraph of SUBGRAPHS) for (const [field, category] of subgraphTypeDefs(subgraph).classification) classification.set(field, category);

interface GraphQLError { message: string; path?: (string | number)[]; extensions?: { code?: string } }
interface GraphQLAnswer { data?: Record<string, unknown> | null; errors?: GraphQLError[] }

/**
 * Does the law deny `actor` the field at `path` of this answer? Walks the API schema along the path
 * (list indexes skipped) to the field's `Type.field`, takes the customer from the nearest Customer object
 * of the answer, and asks `decide` with that field's category, as the subgraph's shield does.
 */
export function lawDenies(actor: Actor, consents: readonly ConsentTerms[], data: unknown, path: readonly (string | number)[]): boolean {
  let type = apiSchema().getQueryType() as GraphQLObjectType;
  let value = data;
  let customerId: string | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (typeof segment === 'number') { value = (value as unknown[] | null)?.[segment]; continue; }
    const field = type.getFields()[segment];
    if (!field) return false;
    if (i === path.length - 1) {
      const category = classification.get(`${type.name}.${segment}`);
      return category !== undefined && !decide(actor, category, customerId, 'read', consents).allowed;
    }
    value = (value as Record<string, unknown> | null)?.[segment];
    const named = getNamedType(field.type);
    if (!isObjectType(named)) return false;
    type = named;
    if (type.name === 'Customer' && value && !Array.isArray(value)) customerId = (value as { id?: string }).id ?? customerId;
  }
  return false;
}

// ---- Actors ----------------------------------------------------------------------------------

/** `label` names the caller in error reports: the preset, or just "customer" for any customer. */
interface Caller { label: string; claims: TokenClaims; actor: Actor; token: string }

export async function caller(preset: string): Promise<Caller> {
  const claims = presetClaims(preset);
  // The token outlives the longest run with its check, so no request fails for an expired token.
  return { label: preset.split(':')[0], claims, actor: actorFromClaims(claims as unknown as JWTPayload), token: await signDevToken(authConfigFromEnv(), claims, '2h') };
}

/** The officials of the three authorities, each with the customers they are responsible for. */
const OFFICIAL_PRESETS = [
  'employment-expert', 'employment-psychologist', 'employment-work-ability-coordinator',
  'wellbeing-social-worker', 'wellbeing-social-instructor', 'wellbeing-nurse', 'kela-benefit-expert',
];
/** Customers who read their own data (the first is the customer of the `customer` preset). */
const CUSTOMERS_READING = 40;

interface Official extends Caller { caseload: string[] }

// ---- Operations ------------------------------------------------------------------------------

const OFFICIAL_VIEW = `query OfficialView($id: ID!) { customer(id: $id) {
  id firstNames lastName homeMunicipality phoneNumbers
  customership { startedOn youthService }
  serviceNeedAssessment { needsFrom summary }
  employmentPlan { goal nextReviewOn }
  services { name state startsOn }
  meetings { heldAt mode agreed }
  consents { recipientType status validUntil }
  socialSituation { housing effectOnEmployment }
  healthAndWorkCapacity { workCapacity limitations }
  employment { jobSeeker { employmentStatus benefitPayer } statements { kind givenOn } }
  wellbeing { activationPlan { placeName daysPerWeek } workAbilityAssessments { assessedOn result } }
  kela { benefits { kind status dailyAmount } rehabilitationDecisions { kind decision } }
} }`;

const OWN_DATA = `query OwnData($id: ID!) { customer(id: $id) {
  id firstNames lastName email
  employmentPlan { goal steps nextReviewOn reviews { reviewedOn outcome } }
  services { name provider state }
  meetings { heldAt mode agreed }
  consents { recipientType categories purpose status validUntil }
  employment { jobSeeker { employmentStatus jobSearchStartedOn } offers { kind title result } }
  wellbeing { activationPlan { placeName daysPerWeek nextReviewOn } }
  kela { benefits { kind status dailyAmount paymentDaysUsed } }
  jointAccessLog(first: 10) { at actorOrganisationKind categories }
} }`;

/** What the first demo customer's consent to employers covers: identification, education and work, job seeking. */
const EMPLOYER_VIEW = `query EmployerView($id: ID!) { customer(id: $id) {
  id firstNames lastName email
  education { level field completedOn }
  workHistory { employer occupation startedOn endedOn }
  professionalSkills
  employment { jobSeeker { employmentStatus jobSearchStartedOn desiredOccupations skills } }
} }`;

const RECORD_CONSENT = `mutation RecordConsent($input: RecordConsentInput!) { recordConsent(input: $input) { id status } }`;
const WITHDRAW_CONSENT = `mutation WithdrawConsent($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id status } }`;
const RECORD_MEETING = `mutation RecordMeeting($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const RECORD_ASSESSMENT = `mutation RecordSituationAssessment($input: RecordSituationAssessmentInput!) { recordSituationAssessment(input: $input) { id } }`;
const READ_BACK = `query ReadBack($id: ID!) { customer(id: $id) { id consents { id status recipientOrganisationName } meetings { id agreed } situationAssessments { id situation } } }`;
const ADMIT = `mutation AdmitCustomer($input: AdmitCustomerInput!) { admitCustomer(input: $input) { outcome customer { id } } }`;
const START_JOB_SEARCH = `mutation StartEmploymentJobSearch($input: EmploymentJobSearchStartInput!) { startEmploymentJobSearch(input: $input) { employmentStatus } }`;
const READ_ADMITTED = `query ReadAdmitted($id: ID!) { customer(id: $id) { id lastName referralNotes { note } employment { jobSeeker { jobSearchStartedOn desiredOccupations } } } }`;

/**
 * Marks what this run writes, so that the check can also find writes that were stored although their
 * answer was an error (a client that retries such a write would store it twice).
 */
const RUN_MARK = `load test ${Math.random().toString(36).slice(2, 8)}`;

type Kind = 'caseload' | 'customer (official)' | 'own data (customer)' | 'employer (consent)' | 'recordConsent' | 'withdrawConsent' | 'recordMeeting' | 'recordSituationAssessment'
  | 'admitCustomer + own register';
const KINDS: Kind[] = ['caseload', 'customer (official)', 'own data (customer)', 'employer (consent)', 'recordConsent', 'withdrawConsent', 'recordMeeting', 'recordSituationAssessment', 'admitCustomer + own register'];

/** The mix, in percent: 50 % officials reading, 10 % customers, 10 % an employer, 30 % officials writing. */
const MIX: [Kind, number][] = [
  ['caseload', 25], ['customer (official)', 25], ['own data (customer)', 10], ['employer (consent)', 10],
  ['recordConsent', 9], ['withdrawConsent', 6], ['recordMeeting', 6], ['recordSituationAssessment', 5], ['admitCustomer + own register', 4],
];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
function pickKind(): Kind {
  let roll = Math.random() * 100;
  for (const [kind, weight] of MIX) if ((roll -= weight) < 0) return kind;
  return MIX[0][0];
}

/** Categories a consent may cover (shared/src/law/categories.ts, consentable customer data). */
const CONSENT_CATEGORIES = ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK', 'JOINT_SERVICE_NEED', 'JOINT_EMPLOYMENT_PLAN'];
const today = () => new Date().toISOString().slice(0, 10);

// ---- Bookkeeping -----------------------------------------------------------------------------

/** `queueMs`: time the operation(s) waited in the gateway's admission queue (its Server-Timing `queue`), when it says. */
interface Outcome { kind: Kind; ms: number; error?: string; who?: string; queueMs?: number }
/** Adds up the gateway's admission-queue waits of one operation's requests (Server-Timing `queue;dur=`). */
interface QueueTiming { queueMs?: number }
const outcomes: Outcome[] = [];
/** Distinct errors (operation and message): how often, and which callers got them. */
const errorCounts = new Map<string, { count: number; who: Set<string> }>();
/** FORBIDDEN field errors the law expects (not errors): how many, and in how many answers. */
const expectedDenials = { fields: 0, answers: 0 };

/** What the load test was told was written, by customer: consent id -> the status it must have now. */
interface Ledger { consents: Map<string, 'GIVEN' | 'WITHDRAWN' | 'EITHER'>; meetings: Set<string>; assessments: Set<string> }
const ledger = new Map<string, Ledger>();
const ledgerOf = (customerId: string) => {
  let entry = ledger.get(customerId);
  if (!entry) ledger.set(customerId, entry = { consents: new Map(), meetings: new Set(), assessments: new Set() });
  return entry;
};
/**
 * Persons this run admitted (issue 10), by the customer id the admission acknowledged: the run's mark in the
 * referral note, and whether the employment register's own write for them (the job search) was acknowledged.
 */
const admitted = new Map<string, { key: string; jobSearch: boolean }>();
/** New persons: artificial identity codes (individual numbers 900-999) born before every demo customer, distinct in this run. */
let admissions = Math.floor(Math.random() * 3000);
const newPersonCode = () => { admissions++; return artificialPersonalIdentityCode(addDays('1935-01-01', admissions % 8000), 900 + (admissions % 100)); };

/** Consents this run recorded and has not yet tried to withdraw; each is withdrawn at most once. */
const withdrawable: { customerId: string; consentId: string }[] = [];

/** One request: the answer, or an error message that says what went wrong (distinct per kind of failure). */
async function post(url: string, token: string, query: string, variables: Record<string, unknown>, timing?: QueueTiming): Promise<{ answer?: GraphQLAnswer; failure?: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const queued = /(?:^|,)\s*queue;dur=(\d+(?:\.\d+)?)/.exec(response.headers.get('server-timing') ?? '');
    if (timing && queued) timing.queueMs = (timing.queueMs ?? 0) + Number(queued[1]);
    if (response.status !== 200) return { failure: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    return { answer: JSON.parse(text) as GraphQLAnswer };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return { failure: `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` };
    return { failure: `${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}` };
  }
}

/** A failure worth retrying with the same idempotency key: no answer, or a register that was briefly away. */
const RETRYABLE = /no answer within|fetch failed|ECONNRESET|socket|DATABASE_UNAVAILABLE|REGISTER_UNAVAILABLE|CONSENTS_UNAVAILABLE|RECORDING_FAILED|HTTP 50[234]/;
const MAX_ATTEMPTS = 4;
/** Write attempts that were retries of an earlier attempt with the same key. */
let retries = 0;

/**
 * One write, safe to retry: the input carries an idempotency key, and a failure that may have left the write
 * made or not (a timeout, a register away) is retried with the SAME key, so the write is made once at most
 * (shared/src/graphql/idempotency.ts). Returns the last attempt's answer.
 */
async function write(url: string, token: string, query: string, input: Record<string, unknown>, key: string, timing?: QueueTiming) {
  let last: { answer?: GraphQLAnswer; failure?: string } = {};
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (attempt > 1) { retries++; await new Promise((r) => setTimeout(r, 200 * attempt)); }
    last = await post(url, token, query, { input: { ...input, idempotencyKey: key } }, timing);
    const problem = last.failure ?? last.answer?.errors?.map((e) => `${e.extensions?.code} ${e.message}`).join(' ');
    if (!problem || !RETRYABLE.test(problem)) return last;
  }
  return last;
}

/** The errors of an answer the law does not explain, as distinct messages (list indexes replaced by #). */
function unexpectedErrors(answer: GraphQLAnswer, caller: Caller, consents: readonly ConsentTerms[], reading: boolean): string[] {
  const errors = answer.errors ?? [];
  const unexpected = errors.filter((e) => !(reading && e.extensions?.code === 'FORBIDDEN' && e.path && lawDenies(caller.actor, consents, answer.data, e.path)));
  if (unexpected.length < errors.length) {
    expectedDenials.fields += errors.length - unexpected.length;
    expectedDenials.answers++;
  }
  return unexpected
    .map((e) => `[${e.extensions?.code ?? 'no code'}] ${e.message}${e.path ? ` at ${e.path.map((p) => (typeof p === 'number' ? '#' : p)).join('.')}` : ''}`);
}

// ---- The clients -----------------------------------------------------------------------------

interface World {
  url: string;
  officials: Official[];
  customers: Caller[];
  employer: Caller;
  /** The first demo customer, whose consents cover every recipient type. */
  consentSubject: string;
  consentSubjectConsents: ConsentTerms[];
  /** Customers written to: every demo customer but the first, so the employer's view stays as its consent says. */
  writable: (official: Official) => string[];
}

/** Performs one operation of `kind`, returns its outcome and updates the ledger. */
async function perform(world: World, kind: Kind): Promise<Outcome> {
  const started = performance.now();
  const timing: QueueTiming = {};
  const done = (error?: string, who?: Caller): Outcome => ({ kind, ms: performance.now() - started, error, who: who?.label, queueMs: timing.queueMs });
  const read = async (who: Caller, query: string, variables: Record<string, unknown>, root: string, consents: readonly ConsentTerms[] = []) => {
    const { answer, failure } = await post(world.url, who.token, query, variables, timing);
    if (failure) return done(failure, who);
    const wrong = unexpectedErrors(answer!, who, consents, true);
    if (wrong.length) return done(wrong[0], who);
    // Denied customers answer null without errors (secrecy of customership); these callers may all see theirs.
    if (!answer!.data?.[root]) return done(`${root} answered null`, who);
    return done();
  };

  switch (kind) {
    case 'caseload': {
      const official = pick(world.officials);
      return read(official, CASELOAD_QUERY, { first: between(25, 100) }, 'caseload');
    }
    case 'customer (official)': {
      const official = pick(world.officials);
      return read(official, OFFICIAL_VIEW, { id: pick(official.caseload) }, 'customer');
    }
    case 'own data (customer)': {
      const customer = pick(world.customers);
      return read(customer, OWN_DATA, { id: customer.claims.customer_id }, 'customer');
    }
    case 'employer (consent)':
      return read(world.employer, EMPLOYER_VIEW, { id: world.consentSubject }, 'customer', world.consentSubjectConsents);
    case 'withdrawConsent': {
      const target = withdrawable.splice(Math.floor(Math.random() * withdrawable.length), 1)[0];
      if (!target) return perform(world, 'recordConsent'); // nothing recorded yet to withdraw
      const official = pick(world.officials);
      const { answer, failure } = await write(world.url, official.token, WITHDRAW_CONSENT, target, `load-${randomUUID()}`, timing);
      const entry = ledgerOf(target.customerId);
      const result = answer?.data?.withdrawConsent as { id?: string; status?: string } | null | undefined;
      const wrong = answer ? unexpectedErrors(answer, official, [], false) : [];
      if (failure || wrong.length || result?.id !== target.consentId || result.status !== 'WITHDRAWN') {
        // Not acknowledged: the withdrawal may or may not have been written; the consent must still exist.
        entry.consents.set(target.consentId, 'EITHER');
        return done(failure ?? wrong[0] ?? `withdrawConsent answered ${JSON.stringify(result)}`, official);
      }
      entry.consents.set(target.consentId, 'WITHDRAWN');
      return done();
    }
    case 'recordConsent': {
      const official = pick(world.officials);
      const customerId = pick(world.writable(official));
      // Recipients whose naming reveals nothing sensitive (any official of the joint service may record those),
      // and joint-register categories their purpose needs (shared/src/law/consents.ts), which any official may consent to.
      const type = pick(['EMPLOYER', 'WORK_TRIAL_PROVIDER', 'EDUCATIONAL_INSTITUTION', 'PURCHASED_SERVICE_PROVIDER'] as const);
      const needed = CONSENT_CATEGORIES.filter((c) => CONSENT_SCOPE[USUAL_PURPOSE[type]].includes(c as CategoryName));
      const categories = [...new Set(Array.from({ length: between(1, 3) }, () => pick(needed)))];
      const key = `load-${randomUUID()}`;
      const input = {
        customerId, recipientType: type,
        // Always a named organisation that does not exist: against a running system (--url) these consents
        // must not let any real recipient see anything.
        // One organisation per consent: a second consent in force to the same recipient for the same purpose is refused.
        recipientOrganisationId: `load-test-${kebab(type)}-${key.slice(5, 13)}`, recipientOrganisationName: `${RUN_MARK} ${key} (not a real organisation)`,
        categories, purpose: USUAL_PURPOSE[type], validFrom: today(), validUntil: addDays(today(), 90),
        method: pick(['IN_WRITING', 'ELECTRONIC', 'ORAL_RECORDED']),
      };
      const { answer, failure } = await write(world.url, official.token, RECORD_CONSENT, input, key, timing);
      const result = answer?.data?.recordConsent as { id?: string; status?: string } | null | undefined;
      const wrong = answer ? unexpectedErrors(answer, official, [], false) : [];
      if (failure || wrong.length || !result?.id || result.status !== 'GIVEN') {
        ledgerOf(customerId); // read back too: was it stored all the same?
        return done(failure ?? wrong[0] ?? `recordConsent answered ${JSON.stringify(result)}`, official);
      }
      ledgerOf(customerId).consents.set(result.id, 'GIVEN');
      withdrawable.push({ customerId, consentId: result.id });
      return done();
    }
    case 'recordMeeting': {
      const official = pick(world.officials);
      const customerId = pick(world.writable(official));
      const mode = pick(['IN_PERSON', 'PHONE', 'VIDEO', 'WEB_SERVICE'] as const);
      const me = DEMO_OFFICIALS.find((o) => o.id === official.claims.sub)!;
      const key = `load-${randomUUID()}`;
      const input = {
        customerId, heldAt: new Date().toISOString(), mode,
        location: mode === 'IN_PERSON' ? 'Joint service point' : null,
        // Not a first meeting: those must be in person with two authorities present (seed 003).
        firstMeeting: false,
        participants: [
          { name: 'The customer', authority: null, role: 'customer', remote: mode !== 'IN_PERSON' },
          { name: me.name, authority: me.authority as Authority, role: me.role, remote: false },
        ],
        agreed: `${pick(['Customer applies for two work trials', 'Follow-up meeting in six weeks', 'Job-search coaching to be booked'])} (${RUN_MARK} ${key})`,
      };
      const { answer, failure } = await write(world.url, official.token, RECORD_MEETING, input, key, timing);
      const result = answer?.data?.recordMeeting as { id?: string } | null | undefined;
      const wrong = answer ? unexpectedErrors(answer, official, [], false) : [];
      if (failure || wrong.length || !result?.id) {
        ledgerOf(customerId); // read back too: was it stored all the same?
        return done(failure ?? wrong[0] ?? `recordMeeting answered ${JSON.stringify(result)}`, official);
      }
      ledgerOf(customerId).meetings.add(result.id);
      return done();
    }
    case 'recordSituationAssessment': {
      // A case write of issue 10: a dated situation assessment during the customership, by a named official.
      const official = pick(world.officials);
      const customerId = pick(world.writable(official));
      const me = DEMO_OFFICIALS.find((o) => o.id === official.claims.sub)!;
      const key = `load-${randomUUID()}`;
      const input = {
        customerId, phase: 'DURING', assessedOn: today(), goalAttainment: between(0, 100), assessorName: me.name,
        situation: `${pick(['Work trial going well', 'Training started', 'Looking for part-time work'])} (${RUN_MARK} ${key})`,
      };
      const { answer, failure } = await write(world.url, official.token, RECORD_ASSESSMENT, input, key, timing);
      const result = answer?.data?.recordSituationAssessment as { id?: string } | null | undefined;
      const wrong = answer ? unexpectedErrors(answer, official, [], false) : [];
      if (failure || wrong.length || !result?.id) {
        ledgerOf(customerId);
        return done(failure ?? wrong[0] ?? `recordSituationAssessment answered ${JSON.stringify(result)}`, official);
      }
      ledgerOf(customerId).assessments.add(result.id);
      return done();
    }
    case 'admitCustomer + own register': {
      // Issue 10: an employment official admits a new person to the joint service of their area, and then
      // the employment register (which learns the home municipality from the joint register) serves them.
      const official = world.officials.find((o) => o.claims.org_kind === 'EMPLOYMENT' && o.claims.roles?.includes('EMPLOYMENT_EXPERT'))!;
      const me = DEMO_OFFICIALS.find((o) => o.id === official.claims.sub)!;
      const key = `load-${randomUUID()}`;
      const input = {
        personalIdentityCode: newPersonCode(), firstNames: 'Kuorma', lastName: 'Testi', homeMunicipality: pick(['Kerava', 'Järvenpää', 'Tuusula']),
        startedOn: today(), referral: { referredOn: today(), fromAuthority: 'KELA', referredBy: 'Kela service point', note: `${RUN_MARK} ${key}` },
        responsibleOfficials: [{ authority: 'EMPLOYMENT', officialId: me.id, name: me.name, role: 'EMPLOYMENT_EXPERT' }],
      };
      const { answer, failure } = await write(world.url, official.token, ADMIT, input, key, timing);
      const result = answer?.data?.admitCustomer as { outcome?: string; customer?: { id?: string } } | null | undefined;
      const wrong = answer ? unexpectedErrors(answer, official, [], false) : [];
      const id = result?.customer?.id;
      if (failure || wrong.length || !id || result?.outcome !== 'ADMITTED') return done(failure ?? wrong[0] ?? `admitCustomer answered ${JSON.stringify(result)}`, official);
      admitted.set(id, { key, jobSearch: false });
      const started = await write(world.url, official.token, START_JOB_SEARCH, {
        customerId: id, jobSearchStartedOn: today(), employmentStatus: 'UNEMPLOYED', benefitPayer: 'KELA', responsibleOfficialName: me.name,
        desiredOccupations: [key], skills: ['Customer service'], jobSearchAreas: [input.homeMunicipality],
      }, `${key}/job-search`, timing);
      const startedWrong = started.answer ? unexpectedErrors(started.answer, official, [], false) : [];
      if (started.failure || startedWrong.length || !started.answer?.data?.startEmploymentJobSearch) {
        return done(started.failure ?? startedWrong[0] ?? 'startEmploymentJobSearch answered null', official);
      }
      admitted.get(id)!.jobSearch = true;
      return done();
    }
  }
}

/** A closed loop: each client sends its next request when the previous one has answered, until the end. */
async function client(world: World, until: number) {
  while (performance.now() < until) {
    const outcome = await perform(world, pickKind());
    outcomes.push(outcome);
    if (outcome.error) {
      const key = `${outcome.kind}: ${outcome.error}`;
      const seen = errorCounts.get(key) ?? { count: 0, who: new Set<string>() };
      seen.count++;
      if (outcome.who) seen.who.add(outcome.who);
      errorCounts.set(key, seen);
    }
  }
}

/**
 * The services' warnings and errors (only when this script started the system), counted per distinct
 * event: the JSON log line without its time, ids and figures, which differ from one request to the next.
 */
const serviceLog = new Map<string, number>();
function noteServiceLog(line: string, stream: 'stdout' | 'stderr') {
  let key = line;
  try {
    const { time: _time, requestId: _requestId, ...rest } = JSON.parse(line) as Record<string, unknown>;
    for (const [name, value] of Object.entries(rest)) if (typeof value === 'number' || /Id$|Ids$/.test(name)) delete rest[name];
    key = JSON.stringify(rest);
  } catch {
    // Not a JSON log line: on stdout a banner (start.ts says where it listens), on stderr e.g. a stack trace.
    if (stream === 'stdout') return;
  }
  serviceLog.set(key, (serviceLog.get(key) ?? 0) + 1);
}

// ---- Nothing lost ----------------------------------------------------------------------------

interface Check { consents: number; withdrawals: number; meetings: number; assessments: number; admissions: number; lost: string[]; unreadable: string[]; storedUnacknowledged: number; doubled: string[] }

/** Reads every customer written to back through the gateway, as an official, and compares with the ledger. */
async function checkNothingLost(world: World): Promise<Check> {
  const check: Check = { consents: 0, withdrawals: 0, meetings: 0, assessments: 0, admissions: 0, lost: [], unreadable: [], storedUnacknowledged: 0, doubled: [] };
  const reader = world.officials[0];
  const queue = [...ledger.entries()];
  // A few readers at a time: the check should not itself become a load test.
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [customerId, written] = next;
      const { answer, failure } = await post(world.url, reader.token, READ_BACK, { id: customerId });
      const customer = answer?.data?.customer as {
        consents: { id: string; status: string; recipientOrganisationName: string | null }[] | null;
        meetings: { id: string; agreed: string | null }[] | null;
        situationAssessments: { id: string; situation: string | null }[] | null;
      } | null | undefined;
      if (failure || answer?.errors?.length || !customer?.consents || !customer.meetings || !customer.situationAssessments) {
        check.unreadable.push(`${customerId}: ${failure ?? JSON.stringify(answer?.errors ?? answer?.data).slice(0, 200)}`);
        continue;
      }
      const stored = new Map(customer.consents.map((c) => [c.id, c.status]));
      for (const [id, expected] of written.consents) {
        check.consents++;
        if (expected === 'WITHDRAWN') check.withdrawals++;
        const status = stored.get(id);
        if (status === undefined) check.lost.push(`consent ${id} of ${customerId} was acknowledged but is not there`);
        else if (expected === 'WITHDRAWN' && status !== 'WITHDRAWN') check.lost.push(`withdrawal of consent ${id} of ${customerId} was acknowledged but it is ${status}`);
        else if (expected === 'GIVEN' && status !== 'GIVEN') check.lost.push(`consent ${id} of ${customerId} was never withdrawn by this run but is ${status}`);
      }
      const meetings = new Set(customer.meetings.map((m) => m.id));
      for (const id of written.meetings) {
        check.meetings++;
        if (!meetings.has(id)) check.lost.push(`meeting ${id} of ${customerId} was acknowledged but is not there`);
      }
      const assessments = new Set(customer.situationAssessments.map((a) => a.id));
      for (const id of written.assessments) {
        check.assessments++;
        if (!assessments.has(id)) check.lost.push(`situation assessment ${id} of ${customerId} was acknowledged but is not there`);
      }
      // Each write's text carries its idempotency key: two rows with one key would be a write made twice.
      const keys = new Map<string, number>();
      for (const text of [...customer.consents.map((c) => c.recipientOrganisationName), ...customer.meetings.map((m) => m.agreed),
        ...customer.situationAssessments.map((a) => a.situation)]) {
        const key = text?.includes(RUN_MARK) ? /load-[0-9a-f-]{36}/.exec(text)?.[0] : undefined;
        if (key) keys.set(key, (keys.get(key) ?? 0) + 1);
      }
      for (const [key, count] of keys) if (count > 1) check.doubled.push(`${key} of ${customerId} is stored ${count} times`);
      check.storedUnacknowledged += customer.consents.filter((c) => c.recipientOrganisationName?.startsWith(RUN_MARK) && !written.consents.has(c.id)).length
        + customer.meetings.filter((m) => m.agreed?.includes(RUN_MARK) && !written.meetings.has(m.id)).length
        + customer.situationAssessments.filter((a) => a.situation?.includes(RUN_MARK) && !written.assessments.has(a.id)).length;
    }
  }));
  // Each admitted person: the acknowledged customer, with exactly one referral note of this run (a second
  // would be an admission made twice), and the employment register's job search when it was acknowledged.
  const admittedQueue = [...admitted.entries()];
  const employmentReader = world.officials.find((o) => o.claims.org_kind === 'EMPLOYMENT' && o.claims.roles?.includes('EMPLOYMENT_EXPERT'))!;
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let next = admittedQueue.shift(); next; next = admittedQueue.shift()) {
      const [id, { key, jobSearch }] = next;
      check.admissions++;
      const { answer, failure } = await post(world.url, employmentReader.token, READ_ADMITTED, { id });
      const customer = answer?.data?.customer as { referralNotes: { note: string | null }[] | null; employment: { jobSeeker: { desiredOccupations: string[] } | null } | null } | null | undefined;
      if (failure || answer?.errors?.length) { check.unreadable.push(`admitted ${id}: ${failure ?? JSON.stringify(answer?.errors).slice(0, 200)}`); continue; }
      if (!customer) { check.lost.push(`admission of ${id} was acknowledged but the customer is not there`); continue; }
      const notes = (customer.referralNotes ?? []).filter((n) => n.note?.includes(key)).length;
      if (notes !== 1) check.doubled.push(`admission ${key} of ${id} has ${notes} referral notes`);
      if (jobSearch && !customer.employment?.jobSeeker?.desiredOccupations.includes(key)) check.lost.push(`job search of admitted ${id} was acknowledged but is not there`);
    }
  }));
  return check;
}

// ---- Report ----------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (value: number) => (Number.isNaN(value) ? '-' : String(Math.round(value)));

function report(url: string, seconds: number, check: Check): boolean {
  const row = (name: string, rows: Outcome[]) => {
    const sorted = rows.map((o) => o.ms).sort((a, b) => a - b);
    const errors = rows.filter((o) => o.error).length;
    return `| ${name} | ${rows.length} | ${(rows.length / seconds).toFixed(1)} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 95))} | ${ms(percentile(sorted, 99))} | ${errors} |`;
  };
  const errors = outcomes.filter((o) => o.error).length;
  console.log(`\n${new Date().toISOString()}  node ${process.version}  ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}  ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`load test of ${url}: ${CLIENTS} clients, ${DURATION_S} s asked, ${seconds.toFixed(1)} s measured`);
  console.log(`requests ${outcomes.length}, throughput ${(outcomes.length / seconds).toFixed(1)} req/s, errors ${errors}\n`);
  console.log('| operation | requests | req/s | p50 ms | p95 ms | p99 ms | errors |');
  console.log('|---|---|---|---|---|---|---|');
  for (const kind of KINDS) console.log(row(kind, outcomes.filter((o) => o.kind === kind)));
  console.log(row('all', outcomes));

  // The gateway's admission control (gateway/src/admission.ts) says in Server-Timing how long each request
  // waited for its turn: the rest is the time inside the registers, which their timeouts bound.
  const timed = outcomes.filter((o) => o.queueMs !== undefined);
  if (timed.length) {
    const split = (name: string, rows: Outcome[]) => {
      const queue = rows.map((o) => o.queueMs!).sort((a, b) => a - b);
      const inside = rows.map((o) => o.ms - o.queueMs!).sort((a, b) => a - b);
      return `| ${name} | ${ms(percentile(queue, 50))} | ${ms(percentile(queue, 99))} | ${ms(percentile(inside, 50))} | ${ms(percentile(inside, 95))} | ${ms(percentile(inside, 99))} |`;
    };
    console.log(`\nwaiting in the gateway's queue and the rest (executing), by Server-Timing (${timed.length} of ${outcomes.length} operations said):`);
    console.log('| operation | queue p50 ms | queue p99 ms | rest p50 ms | rest p95 ms | rest p99 ms |');
    console.log('|---|---|---|---|---|---|');
    for (const kind of KINDS) { const rows = timed.filter((o) => o.kind === kind); if (rows.length) console.log(split(kind, rows)); }
    console.log(split('all', timed));
  }

  console.log(`\nFORBIDDEN as the law expects (not errors): ${expectedDenials.fields} denied fields in ${expectedDenials.answers} answers`);
  console.log(`errors: ${errors}${errors ? `, ${errorCounts.size} distinct; the most frequent:` : ''}`);
  for (const [message, { count, who }] of [...errorCounts].sort((a, b) => b[1].count - a[1].count).slice(0, 8)) {
    const callers = [...who];
    console.log(`  ${count} × ${message}${callers.length ? ` (as ${callers.slice(0, 3).join(', ')}${callers.length > 3 ? ', …' : ''})` : ''}`);
  }
  if (serviceLog.size) {
    const lines = [...serviceLog.values()].reduce((sum, n) => sum + n, 0);
    console.log(`\nthe services logged ${lines} warning/error line(s); the most frequent:`);
    for (const [line, count] of [...serviceLog].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`  ${count} × ${line.slice(0, 300)}`);
  }

  const ok = check.lost.length === 0 && check.unreadable.length === 0 && check.doubled.length === 0;
  console.log(`\nnothing lost: ${ok ? 'yes' : 'NO'} (${check.consents} consents recorded and acknowledged, ${check.withdrawals} of them withdrawn and acknowledged, ${check.meetings} meetings and ${check.assessments} situation assessments recorded and acknowledged, ${check.admissions} persons admitted with the employment register's job search; read back through the gateway for ${ledger.size} customers)`);
  for (const line of check.lost.slice(0, 10)) console.log(`  lost: ${line}`);
  console.log(`nothing doubled: ${check.doubled.length === 0 ? 'yes' : 'NO'} (${retries} write attempts were retries with the same idempotency key)`);
  for (const line of check.doubled.slice(0, 10)) console.log(`  doubled: ${line}`);
  if (check.storedUnacknowledged) console.log(`  stored although the answer was an error (not lost; every write is retried with its idempotency key, so a retry never stores it twice): ${check.storedUnacknowledged}`);
  for (const line of check.unreadable.slice(0, 5)) console.log(`  could not read back: ${line}`);
  return errors === 0 && ok;
}

// ---- Main ------------------------------------------------------------------------------------

async function world(url: string): Promise<World> {
  const population = demoPopulation();
  const officials: Official[] = await Promise.all(OFFICIAL_PRESETS.map(async (preset) => {
    const c = await caller(preset);
    const authority = c.claims.org_kind as Authority;
    return { ...c, caseload: population.filter((p) => p.responsibleOfficials[authority].id === c.claims.sub).map((p) => p.id) };
  }));
  const customers = await Promise.all(population.slice(0, CUSTOMERS_READING).map((p, i) => caller(i === 0 ? 'customer' : `customer:${p.id}`)));
  const employer = await caller('employer');
  const consentSubject = population[0].id;
  const ended = new Set(demoCustomerships().filter((c) => c.endedOn).map((c) => c.customerId));
  // The law's expectation for the employer needs the consents it is judged by: read them as an official.
  const { answer, failure } = await post(url, officials[0].token,
    `query($id: ID!) { customer(id: $id) { consents { id recipientType recipientOrganisationId categories purpose validFrom validUntil status } } }`, { id: consentSubject });
  const consents = (answer?.data?.customer as { consents?: Omit<ConsentTerms, 'customerId'>[] } | null)?.consents;
  if (failure || !consents) throw new Error(`cannot read the consents of the first demo customer: ${failure ?? JSON.stringify(answer).slice(0, 300)}`);
  return {
    url, officials, customers, employer, consentSubject,
    consentSubjectConsents: consents.map((c) => ({ ...c, customerId: consentSubject })),
    // Nothing new is recorded of a customer whose customership has ended (subgraphs/joint/src/case-resolvers.ts requireOpen).
    writable: (official) => official.caseload.filter((id) => id !== consentSubject && !ended.has(id)),
  };
}

/** One request of every reading kind before the load: a load test of a system that answers errors measures nothing. */
async function preflight(w: World) {
  for (const kind of KINDS.filter((k) => !k.startsWith('record') && !k.startsWith('withdraw') && !k.startsWith('admit'))) {
    const outcome = await perform(w, kind);
    if (outcome.error) throw new Error(`${kind} does not answer cleanly before any load: ${outcome.error}`);
  }
  // The summary counts what happened under load only.
  expectedDenials.fields = expectedDenials.answers = 0;
}

async function run(url: string): Promise<boolean> {
  const w = await world(url);
  await preflight(w);
  console.log(`loading ${url} with ${CLIENTS} clients for ${DURATION_S} s ...`);
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, () => client(w, started + DURATION_S * 1000)));
  const seconds = (performance.now() - started) / 1000;
  const check = await checkNothingLost(w);
  return report(url, seconds, check);
}

async function main() {
  let system: SystemProcess | undefined;
  let dataDir: string | undefined;
  const cleanUp = async () => {
    await system?.stop();
    system = undefined;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  };
  // Ctrl-C, or a run that somehow does not end: stop the system we started and leave nothing behind.
  const abort = (why: string) => {
    console.error(`load: ${why}; stopping`);
    void cleanUp().finally(() => process.exit(1));
  };
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));

  let ok: boolean;
  try {
    let url = EXTERNAL_URL;
    if (!url) {
      dataDir = mkdtempSync(join(tmpdir(), 'cg-load-'));
      console.log('starting the system on 127.0.0.1:4600-4604 with fresh demo data ...');
      // The clients share seven officials' tokens (the demo's caseloads are theirs), so one token here stands
      // for up to all 64 clients at once; the gateway's bound per caller (GATEWAY_MAX_OPERATIONS_PER_CALLER, 32)
      // is for one person, and would refuse the shared tokens' operations with 429. The load gives it the
      // client count instead (admission control and its fair queue stay as they are). Likewise the joint register's
      // bound on look-ups by identity code, which admissions spend (IDENTITY_CODE_LOOKUP_LIMIT, 30 a minute per caller).
      system = await startSystem({ dataDir, onLogLine: noteServiceLog, env: { GATEWAY_MAX_OPERATIONS_PER_CALLER: String(Math.max(CLIENTS, 32)), IDENTITY_CODE_LOOKUP_LIMIT: '1000000' } });
      url = system.url;
    }
    setTimeout(() => abort(`still running ${WATCHDOG_MS / 1000} s after the start`), WATCHDOG_MS).unref();
    ok = await run(url);
  } finally {
    await cleanUp();
  }
  process.exit(ok ? 0 : 1);
}

// Run only as a script, so that the law's expectation (lawDenies) can be imported and checked on its own.
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
