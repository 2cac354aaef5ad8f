// The request desk of the data subject's rights (GDPR art. 12, 15-21; DOMAIN.md rule 11; seed 003 Liite 7
// §§ 10-11), kept by the joint register for all four registers. The shield decides who may call each field
// (the categories DATA_SUBJECT_*, PROCESSING_RESTRICTIONS, LAW_BASED_DISCLOSURES, JOINT_CONTACT_SELF_SERVICE
// and the rules of shared/src/law/data-subject-rights.ts); what else the law asks of a request (the
// competent authority answers; due dates; what may be restricted or disclosed) is checked here, before the
// write, which goes through `ctx.idempotency.transaction` with everything that belongs to it.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { isAuthority, isCustomer } from '@cg/shared/src/auth/actor';
import { forbidden, invalidInput, rowOfCustomer } from '@cg/shared/src/graphql/errors';
import type { MutationContext } from '@cg/shared/src/graphql/idempotency';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import type { CategoryName, Register } from '@cg/shared/src/law/categories';
import { ownRestrictionsInForce, requireDataCategories, requireJudgesRestrictedData, RESTRICTION_IN_FORCE, restrictionInForceSql, restrictionsShownTo, restrictionTermsOf } from '@cg/shared/src/rights/restrictions';
import {
  LEGAL_BASES, LEGAL_BASIS_REQUESTERS, lawBasedDisclosureNeeds, rectificationNoticeNeeds, RESTRICTION_LIFT_NOTICES, isLegalBasis, REQUEST_KINDS, RestrictionTerms, accessReportChargeable, competentAuthority, competentToHandle, dueDateOf, latestExtendedDueDate, restrictionLiftedByItsAuthority,
} from '@cg/shared/src/law/data-subject-rights';
import { calendarDay, todayInFinland } from '@cg/shared/src/law/today';
import { recipientRestrictions } from '@cg/shared/src/law/consents';
import { MAX_NAME, optionalText, requireId, requireOneOf, requireText } from '@cg/shared/src/validation';
import { ContactInput, validateContactChange } from './case-validation';
import { rawRows } from '@cg/shared/src/db/database';
import type { PrismaClient, DataSubjectRequest, ProcessingRestriction, Customer } from './generated/prisma/client';
import type { Authority } from './generated/prisma/enums';
import type { Loaders } from './loaders';
import { lawBasedDisclosureRecord } from './records';

type Ctx = SubgraphContext<PrismaClient, Loaders>;
type MCtx = MutationContext<Ctx>;
type Tx = Parameters<Parameters<MCtx['idempotency']['transaction']>[0]>[0] & PrismaClient;

async function customerOf(ctx: Ctx, customerId: string): Promise<Customer> {
  const customer = await ctx.db.customer.findUnique({ where: { id: requireId('customerId', customerId) } });
  if (!customer) throw invalidInput('customerId', 'is not a customer of the joint service');
  return customer;
}

/**
 * The data-subject requests of a list that the caller sees: the customer and the data protection officer every
 * one; an official one that names categories only if they may read every one of them (restrictionsShownTo), and one
 * that names none, which is about its register as a whole and whose details are the customer's own words, only if
 * their authority is competent to handle it (its register's controller; the joint register's, any of the three).
 * Found by an outsider: a request to the county's register naming no category, its details about substance-abuse
 * treatment, was shown to every official of the area, Kela's and the employment authority's too.
 */
async function requestsShownTo(ctx: Ctx, customerId: string, rows: DataSubjectRequest[]): Promise<DataSubjectRequest[]> {
  const shown = await restrictionsShownTo(ctx, customerId, rows);
  if (!isAuthority(ctx.actor)) return shown;
  return shown.filter((r) => r.categories.length > 0 || competentToHandle(ctx.actor, r.register as Register));
}

/**
 * The request `requestId` of the customer `customerId`, for handling it (`category`: the caller's operation, for the
 * access log). Throws BAD_USER_INPUT naming requestId, one answer alike for no such request, another customer's
 * request, and (logged as a refused attempt of `category`) an official's request naming a category their role
 * certificates and area do not let them read: the list does not show them such a request (dataSubjectRequests), and
 * handling it means judging that data, as for a restriction (found by outsiders: every official of the area saw
 * requests naming substance-abuse data, and a hidden request's id named with another customer answered otherwise).
 */
async function requestOf(ctx: Ctx, customerId: string, requestId: string, category: CategoryName): Promise<DataSubjectRequest> {
  const customer = requireId('customerId', customerId);
  const request = await ctx.db.dataSubjectRequest.findUnique({ where: { id: requireId('requestId', requestId) } });
  const notOne = () => invalidInput('requestId', 'is not a request at the desk of the customer that customerId names');
  if (!request || request.customerId !== customer) throw notOne();
  if ((await requestsShownTo(ctx, request.customerId, [request])).length === 0) {
    ctx.law.refused(category, request.customerId);
    throw notOne();
  }
  return request;
}

const OPEN = ['RECEIVED', 'EXTENDED'];
/** GDPR art. 18(3): how the customer was informed before a restriction was lifted (enum RestrictionLiftNotice). */
const LIFT_NOTICES = RESTRICTION_LIFT_NOTICES;
const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
const dueOf = (r: DataSubjectRequest) => calendarDay(r.extendedDueOn ?? r.dueOn);

/**
 * GDPR art. 19: passes a rectification of contact details on to every recipient who received one of the
 * old values, found from the disclosure records (a record names the fields whose values left, e.g.
 * `Customer.email`); one notification per recipient organisation, recorded in the same transaction, naming
 * the official and the authority of the change (none for the customer's own rectification).
 * Returns the notifications written.
 */
export async function passOnRectification(
  tx: Pick<PrismaClient, 'disclosureRecord' | 'rectificationNotification'>,
  change: { id: string; customerId: string; fields: string[]; changedAt: Date; storedByAuthority: Authority | null }, notifiedBy: string,
) {
  const changed = new Set(change.fields.map((f) => `Customer.${f}`));
  const records = await tx.disclosureRecord.findMany({
    where: { customerId: change.customerId, disclosedAt: { lte: change.changedAt }, fields: { hasSome: [...changed] } },
    orderBy: { disclosedAt: 'asc' },
  });
  const byRecipient = new Map<string, { recipientType: string; recipientOrganisationId: string; fields: Set<string>; ids: string[] }>();
  for (const record of records) {
    const key = `${record.recipientType}|${record.recipientOrganisationId}`;
    let entry = byRecipient.get(key);
    if (!entry) byRecipient.set(key, (entry = { recipientType: record.recipientType, recipientOrganisationId: record.recipientOrganisationId, fields: new Set(), ids: [] }));
    for (const field of record.fields) if (changed.has(field)) entry.fields.add(field);
    entry.ids.push(record.id);
  }
  const rows = [...byRecipient.values()].map((r) => ({
    id: randomUUID(), customerId: change.customerId, contactDetailsChangeId: change.id, recipientType: r.recipientType,
    recipientOrganisationId: r.recipientOrganisationId, fields: [...r.fields].sort(), disclosureRecordIds: r.ids, notifiedBy,
    notifiedByAuthority: change.storedByAuthority,
  }));
  if (rows.length > 0) await tx.rectificationNotification.createMany({ data: rows });
  return rows;
}

/** The restrictions in force the joint register keeps for each customer of a batch (for the rules, GDPR art. 18). */
/** The joint register's restrictions in force, for the rules (the same rule as the own registers'). */
export const restrictionsInForce = (db: PrismaClient) => ownRestrictionsInForce(db.processingRestriction);

// The official's current rows in ResponsibleOfficial `o` ($1 the official, $2 their authority).
const OFFICIALS_CURRENT = `o."officialId" = $1 AND o."authority"::text = $2 AND o."until" IS NULL`;

/**
 * An official's current caseload (the customers whose responsible official they are, the period going on:
 * `until` null), in customer-id order, with each customer's home municipality and restrictions of processing
 * in force (GDPR art. 18): one statement for what the caseload and the rules would otherwise read in two
 * (issue 11). `ids` holds one entry per responsible-official row, as the caseload always did; `restrictions`
 * every caseload customer's, also an empty list (per request only: the caller hands them to this request's law).
 *
 * The restrictions are read apart from the caseload rows, for the customers of an array the statement makes
 * once (an InitPlan): joined to each caseload row, the planner scanned the (small, usually empty)
 * ProcessingRestriction table once per row, and in the embedded database each scan asks the file system for
 * the table's size: 500 scans and 500 `fstat`s for an official of 500 customers, on every caseload page
 * (BENCHMARKS.md change 29).
 */
const CASELOAD_WITH_RESTRICTIONS_SQL = `
    SELECT (SELECT json_build_array(coalesce(json_agg(o."customerId"), '[]'), coalesce(json_agg(c."homeMunicipality"), '[]'))
      FROM "ResponsibleOfficial" o
      JOIN "Customer" c ON c."id" = o."customerId"
      WHERE ${OFFICIALS_CURRENT})::text AS "caseload",
      (SELECT coalesce(json_agg(r), '[]') FROM (
      SELECT r."customerId", r."id", r."categories", r."allowedUses"
      FROM "ProcessingRestriction" r
      WHERE ${restrictionInForceSql('r')} AND r."customerId" = ANY(ARRAY(SELECT o."customerId" FROM "ResponsibleOfficial" o WHERE ${OFFICIALS_CURRENT}))) r)::text AS "restrictions"`;

/**
 * The official's caseload: the customers whose responsible official they are (a period that goes on), with
 * each one's home municipality and restrictions in force. An official is their subject AND their authority:
 * a Kela token whose subject is an employment official's id is not that official (review 8, L3).
 */
export async function caseloadWithRestrictions(db: PrismaClient, officialId: string, authority: string): Promise<{ ids: string[]; restrictions: Map<string, RestrictionTerms[]>; homeMunicipalities: Map<string, string | null> }> {
  // The rows as JSON text (issue 11: decoding a few hundred rows field by field cost more than the
  // statement; shared/src/graphql/json-rows.ts).
  // Straight to the driver (rawRows; every official's caseload runs it), the official's id bound as $1.
  const [result] = await rawRows<{ caseload: string; restrictions: string }>(db, CASELOAD_WITH_RESTRICTIONS_SQL, [officialId, authority]);
  // Two aligned arrays (one aggregate pass over the same rows): the customer of each responsible-official
  // row and that customer's home municipality. As JSON arrays of values, not of records, and put in order
  // here: PostgreSQL's record-to-JSON and its sort of the rows cost about twice as much CPU in the embedded
  // database (BENCHMARKS.md change 29). Customer ids are lower-case UUIDs of one shape, whose order in
  // JavaScript is the database's in any collation; rows of one customer are alike, so their order is moot.
  const [customerIds, municipalities] = JSON.parse(result?.caseload ?? '[[], []]') as [string[], (string | null)[]];
  const order = customerIds.map((_, i) => i).sort((a, b) => (customerIds[a] < customerIds[b] ? -1 : customerIds[a] > customerIds[b] ? 1 : 0));
  const inForce = JSON.parse(result?.restrictions ?? '[]') as { customerId: string; id: string; categories: string[] | null; allowedUses: string[] | null }[];
  const ids: string[] = [];
  const restrictions = new Map<string, RestrictionTerms[]>();
  const homeMunicipalities = new Map<string, string | null>();
  for (const i of order) {
    const customerId = customerIds[i];
    ids.push(customerId);
    homeMunicipalities.set(customerId, municipalities[i]);
    if (!restrictions.has(customerId)) restrictions.set(customerId, []);
  }
  for (const row of inForce) restrictions.get(row.customerId)?.push(restrictionTermsOf(row));
  return { ids, restrictions, homeMunicipalities };
}

/**
 * `rows` without those naming a category the caller may not read about `customerId` (`needs` gives each row's
 * categories): each category decided once, only when a row needs it, a refusal logged as an attempt.
 */
export async function readableOnly<Row>(ctx: Ctx, customerId: string, rows: Row[], needs: (row: Row) => readonly string[]): Promise<Row[]> {
  const refused = new Set<string>();
  for (const category of new Set(rows.flatMap(needs))) {
    if (!(await ctx.law.decide(category as CategoryName, customerId, 'read')).allowed) refused.add(category);
  }
  return refused.size === 0 ? rows : rows.filter((row) => !needs(row).some((category) => refused.has(category)));
}

export const rightsMutations = {
  recordDataSubjectRequest: async (_: unknown, { input }: { input: {
    customerId: string; kind: string; channel: string; identityVerification: string; register: Register; details: string;
    categories?: string[] | null; receivedOn?: Date | null; grounds?: string | null;
  } }, ctx: MCtx) => {
    const customer = await customerOf(ctx, input.customerId);
    if (!(REQUEST_KINDS as readonly string[]).includes(input.kind)) throw invalidInput('kind', 'is not a kind of request');
    // The customer's own request comes through the e-service, where they are strongly identified.
    if (isCustomer(ctx.actor) && (input.channel !== 'ELECTRONIC' || input.identityVerification !== 'STRONG_ELECTRONIC_IDENTIFICATION')) {
      throw invalidInput('channel', 'a request the customer files themselves is ELECTRONIC, with STRONG_ELECTRONIC_IDENTIFICATION');
    }
    const today = todayInFinland();
    const receivedOn = input.receivedOn ? calendarDay(input.receivedOn) : today;
    if (receivedOn > today) throw invalidInput('receivedOn', 'must not be in the future');
    if (receivedOn < calendarDay(new Date(Date.now() - 366 * 86_400_000))) throw invalidInput('receivedOn', 'must be within the past year');
    const grounds = optionalText('grounds', input.grounds);
    if (input.kind === 'OBJECTION' && !grounds) throw invalidInput('grounds', 'an objection states its grounds relating to the customer\'s particular situation (GDPR art. 21(1))');
    const data = {
      id: randomUUID(), customerId: customer.id, kind: input.kind, channel: input.channel, identityVerification: input.identityVerification,
      register: input.register, details: requireText('details', input.details), categories: requireDataCategories('categories', input.categories ?? [], input.register, { atLeastOne: false }),
      receivedOn: asDate(receivedOn), dueOn: asDate(dueDateOf(receivedOn)), status: 'RECEIVED', grounds,
      recordedBy: ctx.actor.id, recordedByKind: ctx.actor.organisationKind,
    };
    return ctx.idempotency.transaction((tx) => (tx as Tx).dataSubjectRequest.create({ data }));
  },

  extendDataSubjectRequest: async (_: unknown, { input }: { input: { customerId: string; requestId: string; extendedDueOn: Date; reason: string } }, ctx: MCtx) => {
    const request = await requestOf(ctx, input.customerId, input.requestId, 'DATA_SUBJECT_REQUESTS');
    if (!competentToHandle(ctx.actor, request.register as Register)) throw forbidden();
    // One extension, kept as it was given (GDPR art. 12(3): "extended by two further months"): a second would
    // overwrite the first and its reason.
    if (request.status !== 'RECEIVED') throw invalidInput('requestId', `is ${request.status.toLowerCase()} already`);
    // GDPR art. 12(3): the person is informed of an extension "within one month of receipt of the request", i.e.
    // by the original due date; a request already overdue is answered, not extended after the fact.
    if (todayInFinland() > calendarDay(request.dueOn)) {
      throw invalidInput('requestId', `was due on ${calendarDay(request.dueOn)}: an extension is decided and the person informed within one month of receipt, before the due date (GDPR art. 12(3)); answer the overdue request instead`);
    }
    const extended = calendarDay(input.extendedDueOn);
    if (extended <= calendarDay(request.dueOn)) throw invalidInput('extendedDueOn', `must be after the due date ${calendarDay(request.dueOn)}`);
    const latest = latestExtendedDueDate(calendarDay(request.receivedOn));
    if (extended > latest) throw invalidInput('extendedDueOn', `must be at most two further months, by ${latest} (GDPR art. 12(3))`);
    const reason = requireText('reason', input.reason, MAX_NAME);
    return ctx.idempotency.transaction(async (tx) => {
      const done = await (tx as Tx).dataSubjectRequest.updateMany({ where: { id: request.id, status: 'RECEIVED' }, data: { extendedDueOn: asDate(extended), extensionReason: reason, status: 'EXTENDED', extendedBy: ctx.actor.id, extendedByAuthority: ctx.actor.organisationKind } });
      if (done.count !== 1) throw invalidInput('requestId', 'was extended or answered by another request');
      return (tx as Tx).dataSubjectRequest.findUniqueOrThrow({ where: { id: request.id } });
    });
  },

  answerDataSubjectRequest: async (_: unknown, { input }: { input: { customerId: string; requestId: string; status: string; answer: string; objectionDecision?: string | null } }, ctx: MCtx) => {
    const request = await requestOf(ctx, input.customerId, input.requestId, 'DATA_SUBJECT_REQUESTS');
    if (!competentToHandle(ctx.actor, request.register as Register)) throw forbidden();
    if (!OPEN.includes(request.status)) throw invalidInput('requestId', `is ${request.status.toLowerCase()} already`);
    if (input.status !== 'ANSWERED' && input.status !== 'REFUSED') throw invalidInput('status', 'must be ANSWERED or REFUSED');
    if (request.kind === 'OBJECTION' && !input.objectionDecision) throw invalidInput('objectionDecision', 'an objection is answered with the decision on it: UPHELD or REJECTED');
    if (request.kind !== 'OBJECTION' && input.objectionDecision) throw invalidInput('objectionDecision', 'only an objection has one');
    const answer = requireText('answer', input.answer);
    return ctx.idempotency.transaction(async (tx) => {
      const done = await (tx as Tx).dataSubjectRequest.updateMany({
        where: { id: request.id, status: { in: OPEN } },
        data: {
          status: input.status, answer, objectionDecision: input.objectionDecision ?? null, answeredOn: asDate(todayInFinland()),
          answeredBy: ctx.actor.id, answeredByAuthority: ctx.actor.organisationKind,
        },
      });
      if (done.count !== 1) throw invalidInput('requestId', 'was answered by another request');
      return (tx as Tx).dataSubjectRequest.findUniqueOrThrow({ where: { id: request.id } });
    });
  },

  restrictProcessing: async (_: unknown, { input }: { input: { customerId: string; requestId?: string | null; categories: string[]; ground: string; allowedUses?: string[] | null } }, ctx: MCtx) => {
    const customer = await customerOf(ctx, input.customerId);
    const categories = requireDataCategories('categories', input.categories, 'JOINT');
    await requireJudgesRestrictedData(ctx, { customerId: customer.id, categories }, 'PROCESSING_RESTRICTIONS', 'categories');
    if (input.requestId != null) {
      const request = await requestOf(ctx, customer.id, input.requestId, 'PROCESSING_RESTRICTIONS');
      if (request.kind !== 'RESTRICTION' && request.kind !== 'OBJECTION') throw invalidInput('requestId', 'is not a request of restriction or an objection');
    }
    const allowedUses = [...new Set(input.allowedUses ?? [])];
    return ctx.idempotency.transaction((tx) => (tx as Tx).processingRestriction.create({
      data: {
        id: randomUUID(), customerId: customer.id, requestId: input.requestId?.toLowerCase() ?? null, categories, ground: input.ground, allowedUses,
        recordedBy: ctx.actor.id, recordedByAuthority: ctx.actor.organisationKind,
      },
    }));
  },

  /**
   * Lifts a restriction in force (GDPR art. 18(3)): only an official of the authority that placed it, or the data
   * protection officer (`restrictionLiftedByItsAuthority`); the customer who obtained it is informed before it is
   * lifted: `customerInformedOn` (a day not in the future, not before the restriction) and `customerInformedBy`
   * are stored with it. Errors: FORBIDDEN naming `restrictionId` (logged as a DENIED write), BAD_USER_INPUT naming the field.
   */
  liftProcessingRestriction: async (_: unknown, { input }: { input: {
    customerId: string; restrictionId: string; reason: string; customerInformedOn: Date; customerInformedBy: string;
  } }, ctx: MCtx) => {
    const customer = await customerOf(ctx, input.customerId);
    // Another customer's restriction gets the answer of no restriction at all: its id is not confirmed (found by an outsider).
    const found = rowOfCustomer(
      await ctx.db.processingRestriction.findUnique({ where: { id: requireId('restrictionId', input.restrictionId) } }), customer.id, 'restrictionId', 'a restriction', 'in the joint register',
    );
    if (!restrictionLiftedByItsAuthority(ctx.actor, found)) {
      ctx.law.refused('PROCESSING_RESTRICTION_LIFTING', customer.id);
      throw new GraphQLError(`Only an official of ${found.recordedByAuthority}, which placed the restriction, or the data protection officer may lift it`,
        { extensions: { code: 'FORBIDDEN', field: 'restrictionId' } });
    }
    await requireJudgesRestrictedData(ctx, found, 'PROCESSING_RESTRICTION_LIFTING');
    const reason = requireText('reason', input.reason, MAX_NAME);
    const informedOn = calendarDay(input.customerInformedOn);
    if (informedOn > todayInFinland()) throw invalidInput('customerInformedOn', 'must not be in the future: the customer is informed before the restriction is lifted (GDPR art. 18(3))');
    if (informedOn < calendarDay(found.since)) throw invalidInput('customerInformedOn', `must not be before the restriction was placed on ${calendarDay(found.since)}`);
    const informedBy = requireOneOf('customerInformedBy', input.customerInformedBy, LIFT_NOTICES);
    return ctx.idempotency.transaction(async (tx) => {
      const done = await (tx as Tx).processingRestriction.updateMany({
        where: { id: found.id, ...RESTRICTION_IN_FORCE },
        data: {
          liftedAt: new Date(), liftReason: reason, liftedBy: ctx.actor.id, liftedByAuthority: ctx.actor.organisationKind,
          customerInformedOn: asDate(informedOn), customerInformedBy: informedBy,
        },
      });
      if (done.count !== 1) throw invalidInput('restrictionId', 'is lifted already');
      return (tx as Tx).processingRestriction.findUniqueOrThrow({ where: { id: found.id } });
    });
  },

  decideLawBasedDisclosure: async (_: unknown, { input }: { input: {
    customerId: string; requesterType: string; requesterOrganisationId: string; requesterName: string; requestReference: string;
    requestedOn: Date; legalBasis: string; categories: string[]; decision: string; reason: string;
  } }, ctx: MCtx) => {
    const customer = await customerOf(ctx, input.customerId);
    const categories = requireDataCategories('categories', input.categories, 'JOINT');
    // The basis first: a name like "constructor" must not reach the table below through its prototype.
    if (!isLegalBasis(input.legalBasis)) throw invalidInput('legalBasis', `must be one of: ${Object.keys(LEGAL_BASES).join('; ')}`);
    // The provision names its recipient: anyone else (an employer, a school...) needs the customer's consent.
    const requesters = Object.hasOwn(LEGAL_BASIS_REQUESTERS, input.legalBasis) ? LEGAL_BASIS_REQUESTERS[input.legalBasis] : undefined;
    if (requesters && !requesters.includes(input.requesterType)) {
      throw invalidInput('requesterType', `must be ${requesters.join(' or ')} for the legal basis ${input.legalBasis}: a disclosure without consent goes only to the authority the provision names; anyone else needs the customer's specific consent`);
    }
    if (calendarDay(input.requestedOn) > todayInFinland()) throw invalidInput('requestedOn', 'must not be in the future');
    if (calendarDay(input.requestedOn) < calendarDay(new Date(Date.now() - 366 * 86_400_000))) throw invalidInput('requestedOn', 'must be within the past year: a specific request is decided when it is made');
    // Only what the deciding official may use themselves: their role certificate, and no restriction in force.
    for (const [i, category] of categories.entries()) {
      if (input.decision === 'DISCLOSED' && !(await ctx.law.allows(category, customer.id, 'read'))) {
        throw invalidInput(`categories[${i}]`, `${category} is not yours to disclose: your role certificate does not entitle you to it, or its processing is restricted`);
      }
    }
    const id = randomUUID();
    const decision = {
      id, customerId: customer.id, requesterType: requireText('requesterType', input.requesterType, MAX_NAME),
      requesterOrganisationId: requireText('requesterOrganisationId', input.requesterOrganisationId, MAX_NAME),
      requesterName: requireText('requesterName', input.requesterName, MAX_NAME), requestReference: requireText('requestReference', input.requestReference, MAX_NAME),
      requestedOn: input.requestedOn, legalBasis: input.legalBasis, categories, decision: input.decision, reason: requireText('reason', input.reason),
      decidedBy: ctx.actor.id, decidedByAuthority: ctx.actor.organisationKind,
    };
    // The record names the legal basis instead of a consent (validated in ./records.ts), written with the decision.
    const record = input.decision === 'DISCLOSED' ? lawBasedDisclosureRecord({ ...decision, lawBasedDisclosureId: id, requestId: ctx.requestId }) : null;
    if (input.decision !== 'DISCLOSED') lawBasedDisclosureRecord({ ...decision, lawBasedDisclosureId: id, requestId: ctx.requestId }, { validateOnly: true });
    return ctx.idempotency.transaction(async (tx) => {
      if (record) await (tx as Tx).disclosureRecord.create({ data: record });
      return (tx as Tx).lawBasedDisclosure.create({ data: { ...decision, disclosureRecordId: record?.id ?? null } });
    });
  },

  rectifyOwnContactDetails: async (_: unknown, { input }: { input: ContactInput & { customerId: string; reason: string } }, ctx: MCtx) => {
    const { customerId, reason, changes } = validateContactChange(input);
    const customer = await customerOf(ctx, customerId);
    const fields = Object.keys(changes).filter((f) => JSON.stringify(customer[f as keyof Customer]) !== JSON.stringify(changes[f]));
    if (fields.length === 0) throw invalidInput('input', 'changes nothing: the contact details are already these');
    const previousValues = Object.fromEntries(fields.map((f) => [f, customer[f as keyof Customer] ?? null]));
    const newValues = Object.fromEntries(fields.map((f) => [f, changes[f]]));
    // The correction, the previous values and the notifications to the recipients belong together.
    return ctx.idempotency.transaction(async (tx) => {
      await (tx as Tx).customer.update({ where: { id: customer.id }, data: { ...newValues, updatedAt: new Date() } });
      const change = await (tx as Tx).contactDetailsChange.create({
        data: { id: randomUUID(), customerId: customer.id, reason, fields, previousValues: previousValues as object, newValues: newValues as object, storedByAuthority: null, storedBy: ctx.actor.id },
      });
      await passOnRectification(tx as Tx, change, ctx.actor.id);
      return change;
    });
  },

  // GDPR art. 15(3): the customer issues their own report; an official only answers the customer's ACCESS request
  // that their authority is competent to handle, one report a request. Found by an outsider: any official of the area
  // issued reports with no request behind them, each counted among the year's, so that the customer's own first one
  // could already be chargeable.
  issueAccessReport: async (_: unknown, { input }: { input: { customerId: string; requestId?: string | null } }, ctx: MCtx) => {
    const customer = await customerOf(ctx, input.customerId);
    let requestId: string | null = null;
    if (isAuthority(ctx.actor)) {
      if (!input.requestId) throw invalidInput('requestId', "is required: an official issues an access report for the customer's ACCESS request (recordDataSubjectRequest)");
      const request = await requestOf(ctx, customer.id, input.requestId, 'DATA_SUBJECT_REQUEST_FILING');
      if (request.kind !== 'ACCESS') throw invalidInput('requestId', `is a ${request.kind} request; an access report answers an ACCESS request`);
      if (!competentToHandle(ctx.actor, request.register as Register)) throw forbidden();
      requestId = request.id;
    } else if (input.requestId) {
      throw invalidInput('requestId', "is for an official's report; the customer's own names none");
    }
    const year = Number(todayInFinland().slice(0, 4));
    return ctx.idempotency.transaction(async (tx) => {
      if (requestId && await (tx as Tx).accessReportIssue.findUnique({ where: { requestId } })) {
        throw invalidInput('requestId', 'has its access report already: one report a request');
      }
      const earlier = await (tx as Tx).accessReportIssue.count({ where: { customerId: customer.id, year } });
      return (tx as Tx).accessReportIssue.create({
        data: { id: randomUUID(), customerId: customer.id, year, ordinal: earlier + 1, chargeable: accessReportChargeable(earlier), issuedTo: ctx.actor.id, requestId },
      });
    });
  },
};

export const rightsResolvers = {
  Query: {
    overdueDataSubjectRequests: async (_: unknown, { asOf }: { asOf?: Date | null }, ctx: Ctx) => {
      const day = asDate(asOf ? calendarDay(asOf) : todayInFinland());
      return ctx.db.dataSubjectRequest.findMany({
        where: { status: { in: OPEN }, OR: [{ extendedDueOn: null, dueOn: { lt: day } }, { extendedDueOn: { lt: day } }] },
        orderBy: [{ dueOn: 'asc' }, { id: 'asc' }], take: 1000,
      });
    },
  },
  Mutation: rightsMutations,
  Customer: {
    // Batched per request (one query per kind, whatever the number of customers).
    // An official sees the requests naming only data they may read, as the restrictions (found by an outsider: a
    // request naming WELLBEING_SUBSTANCE_ABUSE told every official of the area of substance-abuse records).
    dataSubjectRequests: async (c: Customer, _: unknown, ctx: Ctx) => requestsShownTo(ctx, c.id, await ctx.loaders.dataSubjectRequests.load(c.id)),
    // An official sees the restrictions of data they may read (shared/src/rights/restrictions.ts restrictionsShownTo).
    processingRestrictions: async (c: Customer, _: unknown, ctx: Ctx) => restrictionsShownTo(ctx, c.id, await ctx.loaders.processingRestrictions.load(c.id)),
    processingRestricted: async (c: Customer, _: unknown, ctx: Ctx) => (await ctx.loaders.processingRestrictions.load(c.id)).some((r) => r.liftedAt === null),
    // A law-based disclosure tells what was given out and to whom: an official sees one only when entitled to
    // read every category it disclosed, and the social situation when its requester reveals it (the police,
    // enforcement, social welfare; lawBasedDisclosureNeeds; review 9, M2). Others' are left out, each refused
    // category logged as an attempt. The customer (GDPR art. 15) and the data protection officer (supervision)
    // see them all, as the category's rule lets them.
    lawBasedDisclosures: async (c: Customer, _: unknown, ctx: Ctx) => {
      const records = await ctx.loaders.lawBasedDisclosures.load(c.id);
      return isAuthority(ctx.actor) ? readableOnly(ctx, c.id, records, lawBasedDisclosureNeeds) : records;
    },
    // A notification names a recipient of the customer's data; a recipient that reveals health care or
    // rehabilitation (e.g. REHABILITATION_INSTITUTION) or substance-abuse services (e.g. A_CLINIC) is for the roles
    // that may read such consents (rules.ts, JOINT_SENSITIVE_CONSENTS, JOINT_SUBSTANCE_ABUSE_CONSENTS; 621/1999 § 24), one that reveals the social situation (PRISON_SERVICES: the
    // customer is imprisoned) for the roles that read it (JOINT_SOCIAL_SITUATION_CONSENTS; review 7 M3): for
    // others those notifications are left out and the attempt is logged, as for the consents themselves. A
    // notification to a requester under a law that reveals the social situation (the police, enforcement,
    // social welfare) is for the roles that read it, as the law-based disclosure itself (review 10, M1).
    // Each category is decided only when a notification needs it (rectificationNoticeNeeds).
    rectificationNotifications: async (c: Customer, _: unknown, ctx: Ctx) =>
      // The requester's part only for officials, as lawBasedDisclosures: the data protection officer sees the notices
      // passed on to the police as they see the disclosures themselves (supervision of GDPR art. 19; review 11, L1).
      readableOnly(ctx, c.id, await ctx.loaders.rectificationNotifications.load(c.id), (n) => (isAuthority(ctx.actor) ? rectificationNoticeNeeds(n.recipientType) : recipientRestrictions(n.recipientType))),
    accessReports: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.accessReports.load(c.id),
  },
  DataSubjectRequest: {
    // Kept as recordedByKind: an authority, or CUSTOMER for the customer's own request in the e-service.
    recordedByAuthority: (r: DataSubjectRequest) => r.recordedByKind,
    competentAuthority: (r: DataSubjectRequest) => competentAuthority(r.register as Register),
    overdue: (r: DataSubjectRequest) => OPEN.includes(r.status) && dueOf(r) < todayInFinland(),
  },
  ProcessingRestriction: {
    inForce: (r: ProcessingRestriction) => r.liftedAt === null,
  },
};
