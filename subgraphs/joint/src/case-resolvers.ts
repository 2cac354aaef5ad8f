// The case from referral to end as writes of the joint register (issue 10; 381/2023 § 11; seeds 000 § 5,
// 003 Liite 1-2). Authorization is the shield's (the mutation field's category; a write that also touches
// another category asks `ctx.law.requireWrite` for it, which logs it before the write). Every write goes
// through `ctx.idempotency.transaction` (shared/src/graphql/idempotency.ts): validation and reads first,
// then one transaction that holds the write and its outcome. Every row names the authority and official
// that stored it (seed 003 Liite 7 § 1: each joint controller answers for what it stored).
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { forbidden, invalidInput, rowOfCustomer } from '@cg/shared/src/graphql/errors';
import { areaOfMunicipality } from '@cg/shared/src/law/areas';
import { decide } from '@cg/shared/src/law/rules';
import { FollowUp, MutationContext, withFollowUp } from '@cg/shared/src/graphql/idempotency';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { loadedOrLoad, thenOrNow } from '@cg/shared/src/graphql/json-rows';
import { MAX_NAME, requireId, requireText, requireWithinYears } from '@cg/shared/src/validation';
import {
  AdmissionInput, Authority, ContactInput, OfficialInput, ParticipantInput, StepInput, day, deviationOf, firstMeetingAimMet,
  pastDay, requireGoalAttainment, requireTransition, validateAdmission, validateAssessmentBase, validateContactChange, validateEnd,
  validateMeetingPlan, validateOfficial, validateParticipants, validatePlan,
} from './case-validation';
import { deliverFinalReports, queueFinalReport } from './final-report';
import { spendIdentityCodeLookup } from './identity-code-lookups';
import { passOnRectification } from './rights';
import { deliverHomeMunicipalityNotices, queueHomeMunicipalityNotices } from './home-municipality-notices';
import type { PrismaClient, Customer, EmploymentPlan, EmploymentPlanVersion, Meeting, CustomerService } from './generated/prisma/client';
import type { Loaders } from './loaders';

type Ctx = SubgraphContext<PrismaClient, Loaders>;
type MCtx = MutationContext<Ctx>;

/** Who stores a row: the caller's authority and id (the shield lets only officials of the three write). */
const stored = (ctx: Ctx) => ({ storedByAuthority: ctx.actor.organisationKind as Authority, storedBy: ctx.actor.id });
/** Who ended a responsible official's period, in the same terms. */
const endedBy = (ctx: Ctx) => ({ endedByAuthority: stored(ctx).storedByAuthority, endedBy: ctx.actor.id });
/** Who recorded a planned meeting as held or cancelled, in the same terms. */
const closedBy = (ctx: Ctx) => ({ closedByAuthority: stored(ctx).storedByAuthority, closedBy: ctx.actor.id });

const notACustomer = () => invalidInput('customerId', 'is not a customer of the joint service');

async function customerOf(ctx: Ctx, customerId: string) {
  const id = requireId('customerId', customerId);
  const customer = await ctx.db.customer.findUnique({ where: { id } });
  if (!customer) throw notACustomer();
  return customer;
}

/**
 * A customership that has ended takes no new case writes until a new admission reopens it: its data is then
 * kept only for the retention period (DOMAIN.md rule 8; seed 003 Liite 7 § 9), and the joint register holds
 * data of the joint service's customers (381/2023 § 11), so nothing new is recorded of a former customer, nor
 * a consent given that would disclose what is kept. Found by an outsider: assessments, health and social data,
 * special arrangements and a consent were all recorded for a person whose customership ended years before, and
 * the consent then disclosed their identity code to an employer. What stays open after the end: ending what is
 * still open (a special arrangement, a planned meeting's cancellation), the person's rights (withdrawing a
 * consent, rectification of contact details, restriction, requests) and the controllers' holds. Throws
 * BAD_USER_INPUT naming `customerId`.
 */
export function requireOpen(customer: Pick<Customer, 'customershipEndedOn'>) {
  if (customer.customershipEndedOn) {
    throw invalidInput('customerId', `the customership ended on ${day(customer.customershipEndedOn)}; a new admission reopens it`);
  }
}

/** The joint customer `customerId` whose customership is in force (requireOpen); BAD_USER_INPUT naming `customerId` otherwise. */
export async function openCustomerOf(ctx: Ctx, customerId: string) {
  const customer = await customerOf(ctx, customerId);
  requireOpen(customer);
  return customer;
}

/**
 * In a write's transaction `tx`: locks the customer's row and refuses (requireOpen) if the customership has ended
 * meanwhile. The check before the transaction (openCustomerOf) answers early; this one holds against an ending
 * that commits between that check and the write (found by an outsider: a health write sent within ~50 ms of
 * endCustomership was recorded). On PostgreSQL the lock puts the write and an ending (whose update locks the same
 * row) one after the other; PGlite runs one transaction at a time. Throws BAD_USER_INPUT naming `customerId`.
 */
export async function lockOpenCustomer(tx: PrismaClient, customerId: string): Promise<void> {
  const [row] = await tx.$queryRaw<Pick<Customer, 'customershipEndedOn'>[]>`SELECT "customershipEndedOn" FROM "Customer" WHERE id = ${customerId} FOR UPDATE`;
  if (!row) throw notACustomer();
  requireOpen(row);
}

/**
 * `write` in the mutation's one transaction, on a customership still in force when its row is locked (lockOpenCustomer).
 * A write whose transaction follows its validation directly needs no check before it; one that reads more first
 * checks before too (openCustomerOf), so that an ended customership is the answer rather than what those reads find.
 */
export function openCustomerTransaction<T>(ctx: MCtx, customerId: string, write: (tx: PrismaClient) => Promise<T>): Promise<T> {
  return ctx.idempotency.transaction(async (tx) => {
    await lockOpenCustomer(tx, customerId);
    return write(tx);
  });
}

/**
 * A home municipality that no cooperation area lists (shared/src/law/areas.ts), said to be so: found by an outsider,
 * "Atlantis" was answered as being in another area (a move) or outside the caller's (an admission).
 */
const noSuchMunicipality = () => invalidInput('homeMunicipality', 'is no municipality of any cooperation area (shared/src/law/areas.ts)');

const UNIQUE = (error: unknown) => (error as { code?: string })?.code === 'P2002';

/** Rows of one customer carry its id, which the shield reads for each field. */
const withCustomer = <T extends object>(customerId: string, items: T[] | null | undefined) => (items ?? []).map((item) => ({ ...item, customerId }));

/**
 * After an admission's commit the home-municipality notices are sent (awaited, bounded by
 * REGISTER_NOTICE_TIMEOUT_MS, so that the own registers serve the new customer at once); the answer does
 * not depend on them: a register that is down gets its notice on a later round.
 */
async function noticesDelivered<T extends { customerId: string }>(outcome: T): Promise<T> {
  await deliverHomeMunicipalityNotices(outcome.customerId);
  return outcome;
}

/** After an ending's commit its final report is sent (awaited, bounded; the answer does not depend on it). */
async function finalReportDelivered<T extends { customerId: string }>(outcome: T): Promise<T> {
  await deliverFinalReports(outcome.customerId);
  return outcome;
}

/** A repeat of an ending answers at once; a report still pending is sent again beside it. */
async function finalReportSentAgain<T extends { customerId: string }>(outcome: T): Promise<T> {
  void deliverFinalReports(outcome.customerId);
  return outcome;
}

/** A repeat of an admission answers at once; any notice still pending is sent again beside it. */
async function noticesSentAgain<T extends { customerId: string }>(outcome: T): Promise<T> {
  void deliverHomeMunicipalityNotices(outcome.customerId);
  return outcome;
}

export const caseMutations = {
  admitCustomer: withFollowUp(async (_: unknown, { input }: { input: AdmissionInput }, ctx: MCtx) => {
    const data = validateAdmission(input);
    // The joint service of the area of the home municipality admits the person (seed 002 §§ 7-8; seed 004
    // § 10.1; shared/src/law/areas.ts), and only that area's customership of the person is ever looked at.
    // A customership in another area (a person who moved) is not read at all: the answer and the work are
    // those for a person who is nobody's customer (621/1999 § 24), and the new area's customership begins
    // beside the old one, each invisible to the other area's officials. One customership per person and
    // area at a time: the unique (personalIdentityCode, cooperationArea).
    const area = areaOfMunicipality(data.homeMunicipality);
    const candidateId = randomUUID();
    const notHere = () => invalidInput('homeMunicipality', "is not in the caller's cooperation area: the joint service of the customer's home municipality admits them");
    if (!area) throw noSuchMunicipality();
    for (const category of ['JOINT_IDENTIFICATION', 'JOINT_CUSTOMERSHIP'] as const) {
      if (!decide(ctx.actor, category, candidateId, 'write', [], area).allowed) throw notHere();
    }
    // Here the person is found by identity code (ALREADY_CUSTOMER answers with their id): a look-up, counted as one;
    // an input refused above looked nobody up.
    await spendIdentityCodeLookup(ctx.actor);
    const inArea = { personalIdentityCode_cooperationArea: { personalIdentityCode: data.personalIdentityCode, cooperationArea: area } };
    const existing = await ctx.db.customer.findUnique({ where: inArea });
    const answer = (customer: Customer, outcome: 'ADMITTED' | 'REOPENED' | 'ALREADY_CUSTOMER') => ({ customerId: customer.id, customer, outcome });
    if (existing && !existing.customershipEndedOn) {
      // Already a customer of this area: the existing customer, no second row (the caller may know them:
      // an official of the joint service of their area; deny by default all the same).
      if (!(await ctx.law.mayKnow(existing.id))) throw forbidden();
      return answer(existing, 'ALREADY_CUSTOMER');
    }
    const id = existing?.id ?? candidateId;
    if (existing && day(data.startedOn) <= day(existing.customershipEndedOn!)) {
      throw invalidInput('startedOn', `must be after the end of the previous customership (${day(existing.customershipEndedOn!)})`);
    }
    // The mutation names no customer yet: the writes are decided (above, or for a known one under the area
    // kept) and logged here, before they are made.
    for (const category of ['JOINT_IDENTIFICATION', 'JOINT_CUSTOMERSHIP'] as const) {
      if (existing) await ctx.law.requireWrite(category, id);
      else await ctx.law.logWriteBeforehand(category, id);
    }
    const { referral, officials, startedOn, youthService, ...person } = data;
    let outcome: ReturnType<typeof answer>;
    try {
      outcome = await ctx.idempotency.transaction(async (tx) => {
        let customer: Customer;
        if (existing) {
          // Reopened: the old period is kept (written at its end; also for customerships ended before periods were kept).
          const kept = await tx.customershipPeriod.findFirst({ where: { customerId: id, startedOn: existing.customershipStartedOn } });
          if (!kept) {
            await tx.customershipPeriod.create({ data: {
              id: randomUUID(), customerId: id, startedOn: existing.customershipStartedOn, endedOn: existing.customershipEndedOn!,
              endReason: existing.customershipEndReason ?? 'Not recorded', ...stored(ctx),
            } });
          }
          customer = await tx.customer.update({
            where: { id },
            data: { ...person, customershipStartedOn: startedOn, customershipEndedOn: null, customershipEndReason: null, youthService, updatedAt: new Date(), ...stored(ctx) },
          });
        } else {
          customer = await tx.customer.create({ data: {
            id, ...person, cooperationArea: area, phoneNumbers: ((person as { phoneNumbers?: string[] }).phoneNumbers) ?? [], professionalSkills: [],
            customershipStartedOn: startedOn, youthService, ...stored(ctx),
          } as Parameters<typeof tx.customer.create>[0]['data'] });
        }
        await tx.referralNote.create({ data: { id: randomUUID(), customerId: id, ...referral, ...stored(ctx) } });
        await tx.responsibleOfficial.createMany({ data: officials.map((o) => ({ id: randomUUID(), customerId: id, ...o, since: startedOn, ...stored(ctx) })) });
        // The three authorities' registers learn the home municipality with the admission (an outbox: sent below).
        await queueHomeMunicipalityNotices(tx, id, customer.homeMunicipality, stored(ctx));
        return answer(customer, existing ? 'REOPENED' : 'ADMITTED');
      });
    } catch (error) {
      // Another official admitted the same person in this area at the same moment: the unique key decided.
      if (UNIQUE(error)) {
        const now = await ctx.db.customer.findUnique({ where: inArea });
        if (now) return answer(now, 'ALREADY_CUSTOMER');
      }
      throw error;
    }
    return noticesDelivered(outcome);
  }, noticesSentAgain as FollowUp),

  assignResponsibleOfficial: async (_: unknown, { input }: { input: { customerId: string; official: OfficialInput; since: Date } }, ctx: MCtx) => {
    const customer = await openCustomerOf(ctx, input.customerId);
    requireOwnAuthority(ctx, 'official.authority', input.official.authority);
    const official = validateOfficial('official.', input.official);
    pastDay('since', input.since);
    const current = await ctx.db.responsibleOfficial.findFirst({ where: { customerId: customer.id, authority: official.authority, officialId: official.officialId, until: null } });
    if (current) throw invalidInput('official.officialId', `is already a responsible official of this customer for ${official.authority}`);
    return openCustomerTransaction(ctx, customer.id, (tx) => tx.responsibleOfficial.create({
      data: { id: randomUUID(), customerId: customer.id, ...official, since: input.since, ...stored(ctx) },
    }));
  },

  changeResponsibleOfficial: async (_: unknown, { input }: { input: {
    customerId: string; responsibleOfficialId: string; officialId: string; name: string; role: string; changedOn: Date;
  } }, ctx: MCtx) => {
    const customer = await openCustomerOf(ctx, input.customerId);
    const old = await currentOfficial(ctx, customer.id, input.responsibleOfficialId, 'changedOn', input.changedOn);
    requireOwnAuthority(ctx, 'responsibleOfficialId', old.authority as Authority);
    const next = validateOfficial('', { authority: old.authority, officialId: input.officialId, name: input.name, role: input.role });
    if (next.officialId === old.officialId) throw invalidInput('officialId', 'is the official whose period ends');
    // The one period ends and the other begins together.
    return openCustomerTransaction(ctx, customer.id, async (tx) => {
      const ended = await tx.responsibleOfficial.updateMany({ where: { id: old.id, until: null }, data: { until: input.changedOn, ...endedBy(ctx) } });
      if (ended.count !== 1) throw invalidInput('responsibleOfficialId', 'the period was ended by another request');
      return tx.responsibleOfficial.create({ data: { id: randomUUID(), customerId: customer.id, ...next, since: input.changedOn, ...stored(ctx) } });
    });
  },

  endResponsibleOfficial: async (_: unknown, { input }: { input: { customerId: string; responsibleOfficialId: string; endedOn: Date } }, ctx: MCtx) => {
    const customer = await customerOf(ctx, input.customerId);
    const old = await currentOfficial(ctx, customer.id, input.responsibleOfficialId, 'endedOn', input.endedOn);
    requireOwnAuthority(ctx, 'responsibleOfficialId', old.authority as Authority);
    return ctx.idempotency.transaction(async (tx) => {
      const ended = await tx.responsibleOfficial.updateMany({ where: { id: old.id, until: null }, data: { until: input.endedOn, ...endedBy(ctx) } });
      if (ended.count !== 1) throw invalidInput('responsibleOfficialId', 'the period was ended by another request');
      return tx.responsibleOfficial.findUniqueOrThrow({ where: { id: old.id } });
    });
  },

  changeContactDetails: async (_: unknown, { input }: { input: ContactInput & { customerId: string; reason: string; firstNames?: string | null; lastName?: string | null } }, ctx: MCtx) => {
    const { customerId, reason, changes } = validateContactChange(input);
    const customer = await customerOf(ctx, customerId);
    const fields = Object.keys(changes).filter((f) => JSON.stringify(customer[f as keyof Customer]) !== JSON.stringify(changes[f]));
    if (fields.length === 0) throw invalidInput('input', 'changes nothing: the contact details are already these');
    const previousValues = Object.fromEntries(fields.map((f) => [f, customer[f as keyof Customer] ?? null]));
    const newValues = Object.fromEntries(fields.map((f) => [f, changes[f]]));
    const moved = fields.includes('homeMunicipality') ? String(changes.homeMunicipality) : null;
    // A customership belongs to the joint service of one area: a move to another area is not a change of
    // address here (it would hand this area's record to the other area), but a new admission there.
    // A name of no municipality the areas list knows is said to be so (found by an outsider: "Atlantis" was
    // answered as being in another cooperation area).
    // After the end a correction of what is kept is still the person's right (GDPR art. 16), but a move is no
    // correction: it would notify the registers of a person who is no longer a customer (found by an outsider).
    if (moved) requireOpen(customer);
    const movedTo = moved ? areaOfMunicipality(moved) : undefined;
    if (movedTo === null) throw noSuchMunicipality();
    if (movedTo !== undefined && movedTo !== customer.cooperationArea) {
      throw invalidInput('homeMunicipality', "is in another cooperation area than the customership: the joint service of the new home municipality admits the person, and this area's customership is ended here");
    }
    // The change and the record of the previous values belong together.
    const change = await ctx.idempotency.transaction(async (tx) => {
      if (moved) await lockOpenCustomer(tx, customer.id);
      await tx.customer.update({ where: { id: customer.id }, data: { ...newValues, updatedAt: new Date() } });
      if (moved) await queueHomeMunicipalityNotices(tx, customer.id, moved, stored(ctx));
      const change = await tx.contactDetailsChange.create({ data: { id: randomUUID(), customerId: customer.id, reason, fields, previousValues: previousValues as object, newValues: newValues as object, ...stored(ctx) } });
      // GDPR art. 19: passed on to the recipients of the old values, in the same transaction (./rights.ts).
      await passOnRectification(tx, change, ctx.actor.id);
      return change;
    });
    if (moved) await deliverHomeMunicipalityNotices(customer.id);
    return change;
  },

  addSpecialArrangement: async (_: unknown, { input }: { input: { customerId: string; kind: string; description: string } }, ctx: MCtx) => {
    const customerId = requireId('customerId', input.customerId);
    const description = requireText('description', input.description, MAX_NAME);
    return openCustomerTransaction(ctx, customerId, (tx) => tx.specialArrangement.create({
      data: { id: randomUUID(), customerId, kind: input.kind as never, description, since: new Date(), ...stored(ctx) },
    }));
  },

  endSpecialArrangement: async (_: unknown, { input }: { input: { customerId: string; specialArrangementId: string; reason: string } }, ctx: MCtx) => {
    const customer = await customerOf(ctx, input.customerId);
    const found = rowOfCustomer(
      await ctx.db.specialArrangement.findUnique({ where: { id: requireId('specialArrangementId', input.specialArrangementId) } }), customer.id, 'specialArrangementId', 'a special arrangement',
    );
    if (found.until) throw invalidInput('specialArrangementId', `the arrangement ended on ${day(found.until)}`);
    const endReason = requireText('reason', input.reason, MAX_NAME);
    return ctx.idempotency.transaction((tx) => tx.specialArrangement.update({
      where: { id: found.id }, data: { until: new Date(), endReason, endedByAuthority: stored(ctx).storedByAuthority, endedBy: ctx.actor.id },
    }));
  },

  recordSituationAssessment: async (_: unknown, { input }: { input: {
    customerId: string; phase: 'START' | 'DURING' | 'END'; assessedOn: Date; situation: string; goalAttainment: number; assessorName: string;
  } }, ctx: MCtx) => {
    const base = validateAssessmentBase(input);
    const data = { ...base, phase: input.phase, situation: requireText('situation', input.situation), goalAttainment: requireGoalAttainment('goalAttainment', input.goalAttainment) };
    return openCustomerTransaction(ctx, base.customerId, (tx) => tx.situationAssessment.create({ data: { id: randomUUID(), ...data, ...stored(ctx) } }));
  },

  recordServiceNeedAssessment: async (_: unknown, { input }: { input: {
    customerId: string; assessedOn: Date; needsFrom: Authority[]; multiAgencyNeed: boolean; summary: string; assessorName: string;
  } }, ctx: MCtx) => {
    const base = validateAssessmentBase(input);
    if (input.needsFrom.length === 0) throw invalidInput('needsFrom', 'must name at least one authority');
    const data = { ...base, needsFrom: [...new Set(input.needsFrom)], multiAgencyNeed: input.multiAgencyNeed, summary: requireText('summary', input.summary) };
    return openCustomerTransaction(ctx, base.customerId, (tx) => tx.serviceNeedAssessment.create({ data: { id: randomUUID(), ...data, ...stored(ctx) } }));
  },

  recordSocialSituation: async (_: unknown, { input }: { input: {
    customerId: string; assessedOn: Date; housing: string; livelihood: string; familySituation: string; effectOnEmployment: string; assessorName: string;
  } }, ctx: MCtx) => {
    const base = validateAssessmentBase(input);
    const data = {
      ...base, housing: requireText('housing', input.housing, MAX_NAME), livelihood: requireText('livelihood', input.livelihood, MAX_NAME),
      familySituation: requireText('familySituation', input.familySituation, MAX_NAME), effectOnEmployment: requireText('effectOnEmployment', input.effectOnEmployment),
    };
    return openCustomerTransaction(ctx, base.customerId, (tx) => tx.socialSituation.create({ data: { id: randomUUID(), ...data, ...stored(ctx) } }));
  },

  recordHealthAndWorkCapacity: async (_: unknown, { input }: { input: {
    customerId: string; assessedOn: Date; workCapacity: 'FULL' | 'PARTIAL' | 'REDUCED' | 'UNDER_ASSESSMENT'; functionalCapacity: string; limitations: string; assessorName: string;
  } }, ctx: MCtx) => {
    const base = validateAssessmentBase(input);
    const data = {
      ...base, workCapacity: input.workCapacity, functionalCapacity: requireText('functionalCapacity', input.functionalCapacity),
      limitations: requireText('limitations', input.limitations),
    };
    return openCustomerTransaction(ctx, base.customerId, (tx) => tx.healthAndWorkCapacity.create({ data: { id: randomUUID(), ...data, ...stored(ctx) } }));
  },

  draftEmploymentPlan: async (_: unknown, { input }: { input: { customerId: string; drawnUpOn: Date; goal: string; steps: StepInput[]; nextReviewOn: Date } }, ctx: MCtx) => {
    const plan = validatePlan(input, 'drawnUpOn', input.drawnUpOn);
    const customer = await openCustomerOf(ctx, plan.customerId);
    if (await ctx.db.employmentPlan.findUnique({ where: { customerId: customer.id } })) {
      throw invalidInput('customerId', 'the customer already has an employment plan; revise it instead');
    }
    const planId = randomUUID();
    try {
      return await openCustomerTransaction(ctx, customer.id, async (tx) => {
        const created = await tx.employmentPlan.create({ data: {
          id: planId, customerId: customer.id, drawnUpOn: plan.drawnUpOn, goal: plan.goal, steps: plan.steps.map((s) => s.description),
          stepDetails: plan.steps, nextReviewOn: plan.nextReviewOn, version: 1, ...stored(ctx),
        } });
        await tx.employmentPlanVersion.create({ data: {
          id: randomUUID(), customerId: customer.id, planId, version: 1, drawnUpOn: plan.drawnUpOn, goal: plan.goal, steps: plan.steps,
          nextReviewOn: plan.nextReviewOn, ...stored(ctx),
        } });
        return created;
      });
    } catch (error) {
      if (UNIQUE(error)) throw invalidInput('customerId', 'the customer already has an employment plan; revise it instead');
      throw error;
    }
  },

  reviseEmploymentPlan: async (_: unknown, { input }: { input: {
    customerId: string; revisedOn: Date; goal: string; steps: StepInput[]; nextReviewOn: Date; reason: string;
  } }, ctx: MCtx) => {
    const plan = validatePlan(input, 'revisedOn', input.revisedOn);
    const reason = requireText('reason', input.reason, MAX_NAME * 2);
    const customer = await openCustomerOf(ctx, plan.customerId);
    const current = await ctx.db.employmentPlan.findUnique({ where: { customerId: customer.id } });
    if (!current) throw invalidInput('customerId', 'the customer has no employment plan; draft one first');
    if (day(plan.drawnUpOn) < day(current.drawnUpOn)) throw invalidInput('revisedOn', `must not be before the current version (${day(current.drawnUpOn)})`);
    return openCustomerTransaction(ctx, customer.id, async (tx) => {
      // Only on the version read above: two revisions at once cannot both become version n + 1.
      const version = current.version + 1;
      const updated = await tx.employmentPlan.updateMany({
        where: { id: current.id, version: current.version },
        data: {
          drawnUpOn: plan.drawnUpOn, goal: plan.goal, steps: plan.steps.map((s) => s.description), stepDetails: plan.steps,
          nextReviewOn: plan.nextReviewOn, version, acceptedOn: null, updatedAt: new Date(), ...stored(ctx),
        },
      });
      if (updated.count !== 1) throw invalidInput('customerId', 'the plan was revised by another request; read it and revise again');
      if (current.version === 1 && !(await tx.employmentPlanVersion.findFirst({ where: { planId: current.id } }))) {
        // A plan drawn up before versions were kept: its first version is kept now, as it was.
        await tx.employmentPlanVersion.create({ data: {
          id: randomUUID(), customerId: customer.id, planId: current.id, version: 1, drawnUpOn: current.drawnUpOn, goal: current.goal,
          steps: current.steps.map((description) => ({ description, owner: null, ownerName: null, dueOn: null })), nextReviewOn: current.nextReviewOn,
          storedByAuthority: current.storedByAuthority, storedBy: current.storedBy,
        } });
      }
      await tx.employmentPlanVersion.create({ data: {
        id: randomUUID(), customerId: customer.id, planId: current.id, version, drawnUpOn: plan.drawnUpOn, goal: plan.goal, steps: plan.steps,
        nextReviewOn: plan.nextReviewOn, revisionReason: reason, ...stored(ctx),
      } });
      return tx.employmentPlan.findUniqueOrThrow({ where: { id: current.id } });
    });
  },

  recordEmploymentPlanAcceptance: async (_: unknown, { input }: { input: {
    customerId: string; version: number; acceptedOn: Date; method: 'IN_PERSON' | 'IN_WRITING' | 'ELECTRONIC';
  } }, ctx: MCtx) => {
    const customer = await openCustomerOf(ctx, input.customerId);
    pastDay('acceptedOn', input.acceptedOn);
    const plan = await ctx.db.employmentPlan.findUnique({ where: { customerId: customer.id } });
    if (!plan) throw invalidInput('customerId', 'the customer has no employment plan');
    if (input.version !== plan.version) throw invalidInput('version', `the current version of the plan is ${plan.version}; the customer accepts the current version`);
    if (plan.acceptedOn) throw invalidInput('version', `version ${plan.version} was accepted on ${day(plan.acceptedOn)}`);
    if (day(input.acceptedOn) < day(plan.drawnUpOn)) throw invalidInput('acceptedOn', `must not be before the version was drawn up (${day(plan.drawnUpOn)})`);
    return openCustomerTransaction(ctx, customer.id, async (tx) => {
      const accepted = await tx.employmentPlan.updateMany({ where: { id: plan.id, version: plan.version, acceptedOn: null }, data: { acceptedOn: input.acceptedOn } });
      if (accepted.count !== 1) throw invalidInput('version', 'the plan changed meanwhile; read it again');
      await tx.employmentPlanVersion.updateMany({ where: { planId: plan.id, version: plan.version }, data: {
        acceptedOn: input.acceptedOn, acceptanceMethod: input.method, acceptanceRecordedByAuthority: stored(ctx).storedByAuthority, acceptanceRecordedBy: ctx.actor.id,
      } });
      return tx.employmentPlan.findUniqueOrThrow({ where: { id: plan.id } });
    });
  },

  addCustomerService: async (_: unknown, { input }: { input: { customerId: string; name: string; provider: Authority; startsOn?: Date | null; endsOn?: Date | null } }, ctx: MCtx) => {
    const customer = await openCustomerOf(ctx, input.customerId);
    const name = requireText('name', input.name, MAX_NAME);
    // The service's name may reveal health or social services: allowed and logged for that category too.
    await ctx.law.requireWrite('JOINT_SERVICE_DETAILS', customer.id);
    if (input.startsOn) pastDayOrPlan('startsOn', input.startsOn);
    if (input.endsOn) pastDayOrPlan('endsOn', input.endsOn);
    if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) throw invalidInput('endsOn', 'must not be before startsOn');
    const id = randomUUID();
    return openCustomerTransaction(ctx, customer.id, async (tx) => {
      const service = await tx.customerService.create({ data: {
        id, customerId: customer.id, name, provider: input.provider, state: 'PLANNED', startsOn: input.startsOn ?? null, endsOn: input.endsOn ?? null, ...stored(ctx),
      } });
      await tx.serviceStateChange.create({ data: { id: randomUUID(), customerId: customer.id, serviceId: id, from: null, to: 'PLANNED', on: new Date(), ...stored(ctx) } });
      return service;
    });
  },

  changeCustomerServiceState: async (_: unknown, { input }: { input: {
    customerId: string; serviceId: string; state: 'PLANNED' | 'ONGOING' | 'COMPLETED' | 'INTERRUPTED'; on: Date; reason?: string | null;
  } }, ctx: MCtx) => {
    const customer = await openCustomerOf(ctx, input.customerId);
    const service = rowOfCustomer(await ctx.db.customerService.findUnique({ where: { id: requireId('serviceId', input.serviceId) } }), customer.id, 'serviceId', "a service of the process");
    requireTransition(service.state, input.state);
    pastDay('on', input.on);
    const reason = input.reason === null || input.reason === undefined || input.reason.trim() === '' ? null : requireText('reason', input.reason, MAX_NAME);
    if (input.state === 'INTERRUPTED' && !reason) throw invalidInput('reason', 'an interrupted service needs the reason for the interruption');
    // A reason may reveal health or social services: allowed and logged for that category too.
    if (reason) await ctx.law.requireWrite('JOINT_SERVICE_DETAILS', customer.id);
    const dates = input.state === 'ONGOING' ? { startsOn: input.on } : { endsOn: input.on };
    return openCustomerTransaction(ctx, customer.id, async (tx) => {
      // Only from the state read above: two moves at once cannot both succeed.
      const moved = await tx.customerService.updateMany({
        where: { id: service.id, state: service.state },
        data: { state: input.state, ...dates, ...(input.state === 'INTERRUPTED' ? { interruptionReason: reason } : {}) },
      });
      if (moved.count !== 1) throw invalidInput('state', 'the service was moved by another request; read it again');
      await tx.serviceStateChange.create({ data: {
        id: randomUUID(), customerId: customer.id, serviceId: service.id, from: service.state, to: input.state, on: input.on, reason, ...stored(ctx),
      } });
      return tx.customerService.findUniqueOrThrow({ where: { id: service.id } });
    });
  },

  planMeeting: async (_: unknown, { input }: { input: Parameters<typeof validateMeetingPlan>[0] }, ctx: MCtx) => {
    const data = validateMeetingPlan(input);
    const customerId = requireId('customerId', data.customerId);
    return openCustomerTransaction(ctx, customerId, (tx) => tx.meeting.create({ data: {
      id: randomUUID(), customerId, status: 'PLANNED', scheduledAt: data.scheduledAt, mode: data.mode as never,
      location: data.location, remoteTool: data.remoteTool, convener: data.convener, participants: data.participants,
      firstMeeting: data.firstMeeting, firstMeetingAimMet: data.firstMeetingAimMet, deviationReason: data.deviationReason,
      recordedBy: ctx.actor.id, storedByAuthority: stored(ctx).storedByAuthority,
    } }));
  },

  recordMeetingHeld: async (_: unknown, { input }: { input: {
    customerId: string; meetingId: string; heldAt: Date; participants?: ParticipantInput[] | null; agreed: string; deviationReason?: string | null;
  } }, ctx: MCtx) => {
    const meeting = await plannedMeeting(ctx, input.customerId, input.meetingId, { open: true });
    // Up to now: today's meeting is recorded right after it; a minute's leeway for the caller's clock.
    if (input.heldAt.getTime() > Date.now() + 60_000) throw invalidInput('heldAt', 'must not be in the future');
    requireWithinYears('heldAt', input.heldAt, 1);
    const participants = input.participants ? validateParticipants('participants', input.participants) : meeting.participants as { authority: string | null; remote: boolean }[];
    const agreed = requireText('agreed', input.agreed);
    // The aim is judged again by who actually took part.
    const deviation = deviationOf(meeting.firstMeeting, firstMeetingAimMet(meeting.mode, participants, meeting.convener as { authority: string | null; remote: boolean } | null), input.deviationReason ?? meeting.deviationReason);
    return openCustomerTransaction(ctx, meeting.customerId, async (tx) => {
      const held = await tx.meeting.updateMany({
        where: { id: meeting.id, status: 'PLANNED' },
        data: { status: 'HELD', heldAt: input.heldAt, participants, agreed, ...deviation, ...closedBy(ctx) },
      });
      if (held.count !== 1) throw invalidInput('meetingId', 'the meeting was recorded or cancelled by another request');
      return tx.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    });
  },

  cancelMeeting: async (_: unknown, { input }: { input: { customerId: string; meetingId: string; reason: string } }, ctx: MCtx) => {
    // A cancellation closes what the customership left open: allowed after its end too.
    const meeting = await plannedMeeting(ctx, input.customerId, input.meetingId, { open: false });
    const reason = requireText('reason', input.reason, MAX_NAME);
    return ctx.idempotency.transaction(async (tx) => {
      const cancelled = await tx.meeting.updateMany({ where: { id: meeting.id, status: 'PLANNED' }, data: { status: 'CANCELLED', cancellationReason: reason, ...closedBy(ctx) } });
      if (cancelled.count !== 1) throw invalidInput('meetingId', 'the meeting was recorded or cancelled by another request');
      return tx.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    });
  },

  endCustomership: withFollowUp(async (_: unknown, { input }: { input: Parameters<typeof validateEnd>[0] }, ctx: MCtx) => {
    // The final report is the employment authority's own register's data (seed 001 § 5; 381/2023 § 14):
    // its official ends the customership and answers for the report.
    if (ctx.actor.organisationKind !== 'EMPLOYMENT') {
      throw new GraphQLError("Forbidden: the final report is written to the employment authority's own register, so an official of the employment authority ends the customership", { extensions: { code: 'FORBIDDEN' } });
    }
    const data = validateEnd(input);
    const customer = await openCustomerOf(ctx, data.customerId);
    if (day(data.endedOn) < day(customer.customershipStartedOn)) throw invalidInput('endedOn', `must not be before the customership started (${day(customer.customershipStartedOn)})`);
    // The end situation assessment is service-need data: allowed and logged for it too, before any write.
    await ctx.law.requireWrite('JOINT_SERVICE_NEED', customer.id);
    const services = await ctx.db.customerService.findMany({ where: { customerId: customer.id } });
    const report = {
      customerId: customer.id,
      reportedOn: day(data.endedOn),
      customershipStartedOn: day(customer.customershipStartedOn),
      customershipEndedOn: day(data.endedOn),
      endReason: data.reason,
      endSituation: data.endSituation.situation,
      goalAttainment: data.endSituation.goalAttainment,
      summary: data.finalReport.summary,
      recommendations: data.finalReport.recommendations,
      servicesCompleted: services.filter((s) => s.state === 'COMPLETED').map((s) => s.name),
      servicesInterrupted: services.filter((s) => s.state === 'INTERRUPTED').map((s) => s.name),
      reportedBy: ctx.actor.id,
    };
    let outcome;
    try {
      // The end and its final report commit together (the report in the outbox, ./final-report.ts); the
      // report reaches the employment register after the commit, retried until it is there.
      outcome = await ctx.idempotency.transaction(async (tx) => {
        const ended = await tx.customer.updateMany({
          where: { id: customer.id, customershipEndedOn: null },
          data: { customershipEndedOn: data.endedOn, customershipEndReason: data.reason, updatedAt: new Date() },
        });
        if (ended.count !== 1) throw invalidInput('customerId', 'the customership was ended by another request');
        await tx.situationAssessment.create({ data: {
          id: randomUUID(), customerId: customer.id, phase: 'END', assessedOn: data.endSituation.assessedOn, situation: data.endSituation.situation,
          goalAttainment: data.endSituation.goalAttainment, assessorName: data.endSituation.assessorName, ...stored(ctx),
        } });
        const finalReportId = await queueFinalReport(tx, report, stored(ctx));
        await tx.customershipPeriod.create({ data: {
          id: randomUUID(), customerId: customer.id, startedOn: customer.customershipStartedOn, endedOn: data.endedOn, endReason: data.reason,
          finalReportId, ...stored(ctx),
        } });
        // The responsible officials' periods end with the customership.
        await tx.responsibleOfficial.updateMany({ where: { customerId: customer.id, until: null }, data: { until: data.endedOn, ...endedBy(ctx) } });
        return {
          customerId: customer.id, startedOn: customer.customershipStartedOn, endedOn: data.endedOn, endReason: data.reason,
          youthService: customer.youthService, finalReportId,
        };
      });
    } catch (error) {
      // The period's report is there already: another ending of the same period committed first.
      if (UNIQUE(error)) throw invalidInput('customerId', 'the customership was ended by another request');
      throw error;
    }
    return finalReportDelivered(outcome);
  }, finalReportSentAgain as FollowUp),
};

/** A planned date may lie ahead (within a year) or behind (within a year). */
function pastDayOrPlan(field: string, date: Date) {
  const year = 366 * 24 * 3600_000;
  if (Math.abs(date.getTime() - Date.now()) > year) throw invalidInput(field, 'must be within a year from today');
}

/**
 * Each joint controller answers for what it stores (seed 003 Liite 7 § 1): an official names, changes and
 * ends the responsible officials of their own authority only. Throws FORBIDDEN naming `field` otherwise.
 */
function requireOwnAuthority(ctx: Ctx, field: string, authority: Authority) {
  const own = ctx.actor.organisationKind;
  if (authority !== own) {
    throw new GraphQLError(`Forbidden: ${field}: an official names, changes and ends the responsible officials of their own authority (${own}) only, not of ${authority}`, {
      extensions: { code: 'FORBIDDEN', field },
    });
  }
}

async function currentOfficial(ctx: Ctx, customerId: string, responsibleOfficialId: string, dateField: string, date: Date) {
  const found = rowOfCustomer(
    await ctx.db.responsibleOfficial.findUnique({ where: { id: requireId('responsibleOfficialId', responsibleOfficialId) } }), customerId, 'responsibleOfficialId', 'a responsible official',
  );
  if (found.until) throw invalidInput('responsibleOfficialId', `the period ended on ${day(found.until)}`);
  pastDay(dateField, date);
  if (day(date) < day(found.since)) throw invalidInput(dateField, `must not be before the period began (${day(found.since)})`);
  return found;
}

async function plannedMeeting(ctx: Ctx, customerId: string, meetingId: string, { open }: { open: boolean }) {
  const customer = open ? await openCustomerOf(ctx, customerId) : await customerOf(ctx, customerId);
  const meeting = rowOfCustomer(await ctx.db.meeting.findUnique({ where: { id: requireId('meetingId', meetingId) } }), customer.id, 'meetingId', 'a meeting');
  if (meeting.status !== 'PLANNED') throw invalidInput('meetingId', `the meeting is ${meeting.status.toLowerCase()}, not planned`);
  return meeting;
}

const latest = <T extends { assessedOn: Date; recordedAt: Date }>(rows: T[]) => rows[0] ?? null;

/** Field resolvers of the case's rows (each row carries customerId for the shield). */
export const caseResolvers = {
  Customer: {
    customershipPeriods: async (c: Customer, _: unknown, ctx: Ctx) => {
      const ended = await ctx.loaders.customershipPeriods.load(c.id);
      const current = c.customershipEndedOn ? [] : [{ customerId: c.id, startedOn: c.customershipStartedOn, endedOn: null, endReason: null, finalReportId: null }];
      const old = ended.some((p) => day(p.startedOn) === day(c.customershipStartedOn)) || !c.customershipEndedOn ? []
        // A customership ended before periods were kept.
        : [{ customerId: c.id, startedOn: c.customershipStartedOn, endedOn: c.customershipEndedOn, endReason: c.customershipEndReason, finalReportId: null }];
      return [...current, ...old, ...ended];
    },
    responsibleOfficialPeriods: (c: Customer, _: unknown, ctx: Ctx) => loadedOrLoad(ctx.loaders.responsibleOfficials, c.id),
    specialArrangementHistory: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.specialArrangements.load(c.id),
    contactDetailsChanges: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.contactDetailsChanges.load(c.id),
    socialSituationHistory: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.socialSituationVersions.load(c.id),
    healthAndWorkCapacityHistory: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.healthAndWorkCapacityVersions.load(c.id),
    serviceNeedAssessmentHistory: (c: Customer, _: unknown, ctx: Ctx) => loadedOrLoad(ctx.loaders.serviceNeedAssessmentVersions, c.id),
    // The current versions: the newest of each.
    socialSituation: async (c: Customer, _: unknown, ctx: Ctx) => latest(await ctx.loaders.socialSituationVersions.load(c.id)),
    healthAndWorkCapacity: async (c: Customer, _: unknown, ctx: Ctx) => latest(await ctx.loaders.healthAndWorkCapacityVersions.load(c.id)),
    serviceNeedAssessment: (c: Customer, _: unknown, ctx: Ctx) => thenOrNow(loadedOrLoad(ctx.loaders.serviceNeedAssessmentVersions, c.id), latest),
    // Current ones only; the ended are in the histories.
    responsibleOfficials: (c: Customer, _: unknown, ctx: Ctx) => thenOrNow(loadedOrLoad(ctx.loaders.responsibleOfficials, c.id), (rows) => rows.filter((o) => !o.until)),
    specialArrangements: async (c: Customer, _: unknown, ctx: Ctx) => (await ctx.loaders.specialArrangements.load(c.id)).filter((a) => !a.until),
  },
  Customership: {
    finalReportId: async (c: { customerId: string; startedOn: Date; endedOn: Date | null }, _: unknown, ctx: Ctx) => {
      if (!c.endedOn) return null;
      const periods = await ctx.loaders.customershipPeriods.load(c.customerId);
      return periods.find((p) => day(p.startedOn) === day(c.startedOn))?.finalReportId ?? null;
    },
  },
  ContactDetailsChange: {
    previousValues: (c: { previousValues: unknown }) => JSON.stringify(c.previousValues),
    newValues: (c: { newValues: unknown }) => JSON.stringify(c.newValues),
  },
  EmploymentPlan: {
    stepDetails: (p: EmploymentPlan) => withCustomer(p.customerId, p.stepDetails as object[] | null),
    versions: (p: EmploymentPlan, _: unknown, ctx: Ctx) => ctx.loaders.planVersions.load(p.customerId),
  },
  EmploymentPlanVersion: {
    steps: (v: EmploymentPlanVersion) => withCustomer(v.customerId, v.steps as object[]),
  },
  CustomerService: {
    stateChanges: (s: CustomerService, _: unknown, ctx: Ctx) => ctx.loaders.serviceStateChanges.load(s.id),
  },
  Meeting: {
    convener: (m: Meeting) => (m.convener ? { ...(m.convener as object), customerId: m.customerId } : null),
    storedBy: (m: Meeting) => m.recordedBy,
  },
};

