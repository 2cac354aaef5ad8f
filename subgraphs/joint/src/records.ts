// The joint register keeps the consents and the record of every disclosure (seed 002 § 7), for
// itself and, through internal endpoints, for the three authority subgraphs.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isThirdParty, Actor } from '@cg/shared/src/auth/actor';
import { SERVICE_AUTHORIZATION_HEADER, ServiceAuthenticationError, ServiceTokenVerifier } from '@cg/shared/src/auth/service-tokens';
import type { TokenVerifier } from '@cg/shared/src/auth/tokens';
import { sendJson } from '@cg/shared/src/http';
import {
  DisclosureRecordInput, INTERNAL_CONSENTS_PATH, INTERNAL_DISCLOSURES_PATH, disclosureInputs,
} from '@cg/shared/src/graphql/joint-client';
import { Logger, REQUEST_ID_HEADER, requestIdFrom } from '@cg/shared/src/log';
import { ConsentTerms, consentInForce } from '@cg/shared/src/law/rules';
import { LEGAL_BASES, isLegalBasis } from '@cg/shared/src/law/data-subject-rights';
import { invalidInput } from '@cg/shared/src/graphql/errors';
import { Authority, CATEGORIES, CategoryName, isCategoryName } from '@cg/shared/src/law/categories';
import type { Classification } from '@cg/shared/src/law/classification';
import { registerClassifications } from '@cg/shared/src/law/register-classification';
import { todayInFinland } from '@cg/shared/src/validation';
import { groupCalls } from '@cg/shared/src/db/group-commit';
import type { PrismaClient } from './generated/prisma/client';

/** Most customers one consent look-up, and most records one filing, may carry: one response's worth. */
const MAX_BATCH = 1000;
/** Most records one group of filings writes in one INSERT (about 12 columns each: well under the 65 535 bind parameters of one statement). */
const MAX_GROUP_RECORDS = 2000;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The consents of these customers that name the caller's recipient type, in the order of the ids. */
export async function consentsConcerning(db: PrismaClient, actor: Actor, customerIds: readonly string[]): Promise<ConsentTerms[][]> {
  return (await consentsConcerningEach(db, [{ actor, customerIds }]))[0];
}

/** One consent look-up: whose consents (`customerIds`) concern which caller (`actor`). */
export interface ConsentLookup { actor: Actor; customerIds: readonly string[] }

const CONSENT_COLUMNS = {
  id: true, customerId: true, recipientType: true, recipientOrganisationId: true, categories: true,
  purpose: true, validFrom: true, validUntil: true, status: true,
} as const;

/**
 * Several consent look-ups in one statement (a group of concurrent calls, ../../../shared/src/db/group-commit.ts):
 * for each, the consents of its customers that name its caller, in the order of its ids, exactly as
 * `consentsConcerning` answers it alone. The statement asks only for what could cover one of the callers:
 * one condition per caller (its customers, recipient type and organisation), never the consents of the
 * customers at large; each look-up is then answered from the rows of its own condition only.
 */
export async function consentsConcerningEach(db: PrismaClient, lookups: readonly ConsentLookup[]): Promise<ConsentTerms[][][]> {
  // A third party without an organisation id can be named by no specific consent (and an undefined filter
  // value would mean "any" to Prisma).
  const asked = lookups.map(({ actor, customerIds }) => (isThirdParty(actor) && actor.organisationId
    ? { recipientType: actor.organisationKind, recipientOrganisationId: actor.organisationId, ids: customerIds.filter((id) => ID.test(id)) }
    : undefined));
  const conditions = new Map<string, { recipientType: string; recipientOrganisationId: string; ids: Set<string> }>();
  for (const a of asked) {
    if (!a || a.ids.length === 0) continue;
    const key = JSON.stringify([a.recipientType, a.recipientOrganisationId]);
    const condition = conditions.get(key) ?? { recipientType: a.recipientType, recipientOrganisationId: a.recipientOrganisationId, ids: new Set<string>() };
    for (const id of a.ids) condition.ids.add(id);
    conditions.set(key, condition);
  }
  const rows = conditions.size === 0 ? [] : await db.consent.findMany({
    // Only what could cover these callers: given (not withdrawn) to a caller's recipient type and named
    // organisation (a specific consent names its recipient, DOMAIN.md rule 3). Another organisation's consents
    // are none of its business, even through a register's trusted call (data minimisation, GDPR art. 5(1)(c)).
    where: {
      status: 'GIVEN',
      OR: [...conditions.values()].map((c) => ({ customerId: { in: [...c.ids] }, recipientType: c.recipientType, recipientOrganisationId: c.recipientOrganisationId })),
    },
    select: CONSENT_COLUMNS,
  });
  return lookups.map(({ customerIds }, i) => {
    const a = asked[i];
    if (!a) return customerIds.map(() => []);
    const mine = rows.filter((row) => row.recipientType === a.recipientType && row.recipientOrganisationId === a.recipientOrganisationId);
    return customerIds.map((id) => mine.filter((row) => row.customerId === id));
  });
}

/** Writes the records of one response in one statement: all of them or none. */
export async function writeDisclosureRecords(db: PrismaClient, actor: Actor, requestId: string, records: DisclosureRecordInput[]) {
  await db.disclosureRecord.createMany({ data: disclosureRows(actor, requestId, records) });
}

/** The rows of one response's records: each names its own recipient (the caller) and request. */
function disclosureRows(actor: Actor, requestId: string, records: DisclosureRecordInput[]) {
  if (!isThirdParty(actor) || !actor.purpose) throw new Error('only third parties receive disclosures');
  return records.map((r) => ({
    id: randomUUID(),
    customerId: r.customerId,
    register: r.register,
    recipientId: actor.id,
    recipientType: actor.organisationKind,
    recipientOrganisationId: actor.organisationId,
    consentId: r.consentId,
    purpose: actor.purpose!,
    categories: r.categories,
    fields: r.fields,
    requestId,
  }));
}

/** The purpose a disclosure record names for a disclosure on a legal basis (no consent, so no consent's purpose). */
export const LAW_BASED_PURPOSE = 'LAW_BASED_REQUEST';

/**
 * The disclosure record of a disclosure without consent on a specific request based on law (DOMAIN.md
 * rule 3; e.g. 812/2000 § 17): true only when it names a legal basis the desk accepts (LEGAL_BASES), a
 * named requester, and categories of the joint register; its fields are every field of the joint
 * register's schema of those categories (what the deciding official may hand over). No consent id: the
 * legal basis stands in its place. Throws BAD_USER_INPUT naming what is wrong.
 */
export function lawBasedDisclosureRecord(
  decision: { customerId: string; requesterType: string; requesterOrganisationId: string; requesterName: string; legalBasis: string; categories: string[]; lawBasedDisclosureId: string; requestId: string },
  { validateOnly = false } = {},
) {
  if (!isLegalBasis(decision.legalBasis)) throw invalidInput('legalBasis', `must be one of: ${Object.keys(LEGAL_BASES).join('; ')}`);
  const joint = registerClassifications().get('JOINT')!;
  const fields = [...joint].filter(([field, category]) => decision.categories.includes(category) && field.startsWith('Customer.')).map(([field]) => field).sort();
  decision.categories.forEach((c, i) => {
    if (!isCategoryName(c) || ![...joint.values()].includes(c)) throw invalidInput(`categories[${i}]`, `${c.slice(0, 60)} is not a category of the joint register`);
  });
  if (fields.length === 0 && !validateOnly) throw invalidInput('categories', 'name no field of the joint register');
  return {
    id: randomUUID(), customerId: decision.customerId, register: 'JOINT', recipientId: `${decision.requesterOrganisationId}:${decision.requesterName}`,
    recipientType: decision.requesterType, recipientOrganisationId: decision.requesterOrganisationId, consentId: null,
    purpose: LAW_BASED_PURPOSE, categories: decision.categories, fields, requestId: decision.requestId,
    legalBasis: decision.legalBasis, lawBasedDisclosureId: decision.lawBasedDisclosureId,
  };
}

/** The one answer to a request that is not from a register's service: whatever was wrong, it learns nothing. */
const NOT_A_SERVICE = { error: 'only the registers\' services, authenticated, may call this route' };

/** A request of an authenticated service that is refused: the message names what is wrong. */
class Refused extends Error {}
const refuse = (where: string, problem: string): never => { throw new Refused(`${where}: ${problem}`); };

interface InternalCaller { register: Authority; actor: Actor }

/**
 * An internal route of the joint register: answers only another register's service (a service token
 * signed with that register's key, bound to this request; ../../../shared/src/auth/service-tokens.ts)
 * that also forwards a valid token of its own caller. Anything else gets 401 and the same body.
 */
function internalRoute(
  verifyService: ServiceTokenVerifier, verifyToken: TokenVerifier, log: Logger,
  handle: (caller: InternalCaller, body: Record<string, unknown>, requestId: string) => Promise<unknown>,
) {
  return async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const requestIdHeader = req.headers[REQUEST_ID_HEADER];
    let caller: InternalCaller;
    try {
      // Both tokens at once: each signature check is a round trip through the thread pool, and under load
      // every round trip waits for a whole turn of the event loop (issue 11: the look-ups spent most of their
      // time there). Both must hold; a refused service token is what the log names when both are refused.
      const [service, user] = await Promise.allSettled([
        verifyService(req.headers[SERVICE_AUTHORIZATION_HEADER], {
          method: req.method ?? '', path, requestId: typeof requestIdHeader === 'string' ? requestIdHeader : '', body: raw,
          authorization: req.headers.authorization ?? '',
        }),
        verifyToken(req.headers.authorization),
      ]);
      if (service.status === 'rejected') throw service.reason;
      if (user.status === 'rejected') throw user.reason;
      caller = { register: service.value, actor: user.value };
    } catch (error) {
      log.warn('internal request refused', { path, reason: error instanceof ServiceAuthenticationError ? error.message : 'forwarded user token not valid' });
      return sendJson(res, 401, NOT_A_SERVICE);
    }
    let body: Record<string, unknown>;
    try { body = JSON.parse(raw); } catch { return sendJson(res, 400, { error: 'body: not JSON' }); }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return sendJson(res, 400, { error: 'body: must be a JSON object' });
    try {
      sendJson(res, 200, await handle(caller, body, requestIdFrom(requestIdHeader)));
    } catch (error) {
      if (error instanceof Refused) {
        log.warn('internal request refused', { path, register: caller.register, reason: error.message });
        return sendJson(res, 400, { error: error.message });
      }
      log.error('internal request failed', { path, error: (error as Error).name });
      sendJson(res, 500, { error: 'internal error' });
    }
  };
}

/** The customer ids of a consent look-up: strings, at most MAX_BATCH; one that is no id has no consents. */
function idList(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) return refuse(where, 'must be a list of ids');
  if (value.length > MAX_BATCH) return refuse(where, `must hold at most ${MAX_BATCH} ids`);
  return value.map((v, i) => (typeof v === 'string' && v.length <= 200 ? v.toLowerCase() : refuse(`${where}[${i}]`, 'must be an id')));
}

/** A list of distinct short strings, 1 to `max` of them. */
function nameList(value: unknown, where: string, max: number): string[] {
  if (!Array.isArray(value) || value.length === 0) return refuse(where, 'must be a non-empty list');
  if (value.length > max) return refuse(where, `must hold at most ${max} names`);
  value.forEach((v, i) => { if (typeof v !== 'string' || v.length > 200) refuse(`${where}[${i}]`, 'must be a name'); });
  if (new Set(value).size !== value.length) refuse(where, 'must name each at most once');
  return value as string[];
}

/**
 * The shape of one record filed by `register`'s service: its own register, a customer id, a consent id,
 * the categories recorded, and the fields whose values left: each a `Type.field` of that register's
 * schema whose category is recorded, and each recorded category carried by a field.
 */
function recordShape(value: unknown, at: string, register: Authority, classification: Classification): DisclosureRecordInput {
  if (!value || typeof value !== 'object') return refuse(at, 'must be an object');
  const r = value as Record<string, unknown>;
  if (r.register !== register) refuse(`${at}.register`, `must be ${register}, the register whose service files it`);
  const customerId = typeof r.customerId === 'string' && ID.test(r.customerId) ? r.customerId.toLowerCase() : refuse(`${at}.customerId`, 'must be an id');
  const consentId = typeof r.consentId === 'string' && ID.test(r.consentId) ? r.consentId.toLowerCase() : refuse(`${at}.consentId`, 'must be an id');
  const registerCategories = new Set(classification.values());
  const categories = nameList(r.categories, `${at}.categories`, registerCategories.size);
  categories.forEach((c, i) => {
    if (!isCategoryName(c)) refuse(`${at}.categories[${i}]`, `${c.slice(0, 60)} is not a category`);
    if (!registerCategories.has(c as CategoryName)) refuse(`${at}.categories[${i}]`, `${c} is not kept in the ${register} register`);
  });
  const fields = nameList(r.fields, `${at}.fields`, classification.size);
  const carried = new Set<string>();
  fields.forEach((f, i) => {
    const category = classification.get(f);
    if (!category) refuse(`${at}.fields[${i}]`, `${f.slice(0, 100)} is not a field of the ${register} register's schema`);
    if (!categories.includes(category!)) refuse(`${at}.fields[${i}]`, `${f} is of ${category}, which the record does not name`);
    carried.add(category!);
  });
  const bare = categories.filter((c) => !carried.has(c));
  if (bare.length > 0) refuse(`${at}.categories`, `${bare.join(', ')} recorded without any field`);
  return { register, customerId, consentId, categories, fields };
}

/**
 * The shape of a filing's records (`recordShape` for each), checked before it joins a group: a third
 * party that states a purpose, 1 to MAX_BATCH records. Throws Refused naming what is wrong.
 */
function recordShapes(caller: InternalCaller, value: unknown, classification: Classification): DisclosureRecordInput[] {
  const { actor, register } = caller;
  if (!isThirdParty(actor) || !actor.purpose) refuse('authorization', 'disclosures are recorded only for a third party that states a purpose');
  if (!Array.isArray(value) || value.length === 0) return refuse('records', 'must be a non-empty list');
  if (value.length > MAX_BATCH) return refuse('records', `must hold at most ${MAX_BATCH} records`);
  return value.map((r, i) => recordShape(r, `records[${i}]`, register, classification));
}

type ConsentRow = Pick<ConsentTerms, 'id' | 'customerId' | 'recipientType' | 'recipientOrganisationId' | 'categories' | 'purpose' | 'validFrom' | 'validUntil' | 'status'>;

/**
 * A disclosure record is accepted only when it is true (seed 002 § 7; DOMAIN.md rule 3): filed by the
 * register it names, about fields of that register's schema, for a third party that states a purpose,
 * under a consent of that customer in force today (Finland's date), given to the caller's recipient type,
 * named organisation and purpose, that covers every category recorded (the
 * customer key is covered by any such consent, as in rules.ts). The first record that is not refuses
 * the whole batch, naming what is wrong. `byId`: the consents the records name, as read for this filing.
 */
function checkRecords(actor: Actor, records: DisclosureRecordInput[], byId: Map<string, ConsentRow>, today: string): void {
  if (!isThirdParty(actor) || !actor.purpose) refuse('authorization', 'disclosures are recorded only for a third party that states a purpose');
  records.forEach((r, i) => {
    const at = `records[${i}].consentId`;
    const consent = byId.get(r.consentId) ?? refuse(at, 'no such consent');
    if (consent.customerId !== r.customerId) refuse(at, 'is not a consent of that customer');
    if (consent.recipientType !== actor.organisationKind) refuse(at, `was not given to ${actor.organisationKind}`);
    if (consent.recipientOrganisationId === null) refuse(at, 'names no organisation: a specific consent names its recipient');
    if (consent.recipientOrganisationId !== actor.organisationId) refuse(at, 'was given to another organisation');
    if (consent.purpose !== actor.purpose) refuse(at, `was not given for ${actor.purpose}`);
    if (!consentInForce(consent, today)) refuse(at, `is not in force on ${today}`);
    const uncovered = r.categories.filter((c) => CATEGORIES[c as CategoryName].kind !== 'structure' && !consent.categories.includes(c));
    if (uncovered.length > 0) refuse(`records[${i}].categories`, `the consent does not cover ${uncovered.join(', ')}`);
  });
}

/**
 * One response's disclosure records, to be filed: for whom (`actor`, the recipient every record names),
 * for which request, and whether they are to be checked against the consents first (a filing by another
 * register's service is; the joint register's own, decided by its own law in this process, is not, as before).
 */
export interface DisclosureFiling { actor: Actor; requestId: string; records: DisclosureRecordInput[]; check: boolean }

/** The outcome of one filing in its group: recorded, refused (400, names what is wrong), or failed (its records could not be made). */
type FilingOutcome = { recorded: number } | { refused: Refused } | { failed: unknown };

/**
 * Files a group of responses' disclosure records (group commit, ../../../shared/src/db/group-commit.ts):
 * one look-up of every consent the checked filings name, each filing checked on its own (one refused
 * filing refuses only itself), then every accepted filing's records in one INSERT (one statement: all of
 * them or none). Each record keeps its own recipient and request; when the INSERT fails this throws, and
 * groupCalls runs each filing again alone: a filing whose own INSERT fails fails (fail closed: its answer
 * does not leave), without failing the others.
 */
export async function fileDisclosureGroup(db: PrismaClient, filings: readonly DisclosureFiling[]): Promise<FilingOutcome[]> {
  const named = [...new Set(filings.filter((f) => f.check).flatMap((f) => f.records.map((r) => r.consentId)))];
  const consents = named.length === 0 ? [] : await db.consent.findMany({ where: { id: { in: named } }, select: CONSENT_COLUMNS });
  const byId = new Map(consents.map((c) => [c.id, c]));
  const today = todayInFinland();
  const rows: ReturnType<typeof disclosureRows>[] = [];
  const outcomes: FilingOutcome[] = filings.map((f) => {
    try {
      if (f.check) checkRecords(f.actor, f.records, byId, today);
      // Each filing's own rows, made apart: one that cannot be made (not a third party) fails only itself.
      rows.push(disclosureRows(f.actor, f.requestId, f.records));
      return { recorded: f.records.length };
    } catch (error) {
      return error instanceof Refused ? { refused: error } : { failed: error };
    }
  });
  if (rows.length === 0) return outcomes;
  // One statement: all of the group's records or none. When it fails, groupCalls runs each filing of the
  // group again alone, so a value one filing holds that the database refuses fails only that filing's read.
  await db.disclosureRecord.createMany({ data: rows.flat() });
  return outcomes;
}

/**
 * Files one response's records through a group (`fileDisclosureGroup`) and resolves when they are
 * committed; rejects with Refused, or with the group's database error. At most MAX_GROUP_RECORDS records
 * share one INSERT (a single larger filing goes alone).
 */
export function disclosureFiler(db: PrismaClient): (filing: DisclosureFiling) => Promise<number> {
  const file = groupCalls((filings: DisclosureFiling[]) => fileDisclosureGroup(db, filings), { maxItems: MAX_GROUP_RECORDS, sizeOf: (f) => f.records.length });
  return async (filing) => {
    const outcome = await file(filing);
    if ('refused' in outcome) throw outcome.refused;
    if ('failed' in outcome) throw outcome.failed;
    return outcome.recorded;
  };
}

/**
 * The joint register's consents and disclosure records, for itself and, through the internal routes, for
 * the other registers' services. Reads the registers' classifications from the committed supergraph.
 */
export function jointRecords(db: PrismaClient, verifyToken: TokenVerifier, log: Logger, verifyService: ServiceTokenVerifier) {
  const classifications = registerClassifications();
  // Concurrent calls share statements (group commit); each still gets its own answer from a statement that
  // started after it arrived: no consent is remembered from one request to the next.
  const lookUp = groupCalls((lookups: ConsentLookup[]) => consentsConcerningEach(db, lookups), { maxItems: MAX_BATCH, sizeOf: (l) => l.customerIds.length });
  const file = disclosureFiler(db);
  return {
    consentsFor: (ctx: { actor: Actor }) => (ids: readonly string[]) => lookUp({ actor: ctx.actor, customerIds: ids }),
    recordDisclosures: async (disclosures: Parameters<typeof disclosureInputs>[1], ctx: { actor: Actor; requestId: string }) => {
      await file({ actor: ctx.actor, requestId: ctx.requestId, records: disclosureInputs('JOINT', disclosures), check: false });
    },
    routes: {
      [INTERNAL_CONSENTS_PATH]: internalRoute(verifyService, verifyToken, log, async ({ actor }, body) => {
        return { consents: await lookUp({ actor, customerIds: idList(body.customerIds, 'customerIds') }) };
      }),
      [INTERNAL_DISCLOSURES_PATH]: internalRoute(verifyService, verifyToken, log, async (caller, body, requestId) => {
        const records = recordShapes(caller, body.records, classifications.get(caller.register)!);
        return { recorded: await file({ actor: caller.actor, requestId, records, check: true }) };
      }),
    },
  };
}
