// The cooperation model in the joint register's subgraph (seed 003 Liite 2-6; seed 004 § 5): anonymised
// statistics of the joint register, staffing against the caseload, governance, and the joint costs with
// their quarterly billing. Authorization is not here: the shield asks shared/src/law/cooperation-rules.ts
// for every field; these resolvers validate input and keep the rules of the annexes.
import { randomUUID } from 'node:crypto';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { invalidInput } from '@cg/shared/src/graphql/errors';
import { optionalText, requireId, requireText } from '@cg/shared/src/validation';
import { todayInFinland } from '@cg/shared/src/law/today';
import type { Authority } from '@cg/shared/src/law/categories';
import { areaOfMunicipality } from '@cg/shared/src/cooperation/areas';
import {
  AGE_BANDS, CUSTOMERSHIP_LENGTHS, EXIT_REASONS, StatisticsPeriod, additiveTable, ageBandOf, ageOn, birthDateOfIdentityCode, countBy,
  customershipLengthOf, dueForDeletion, exitReasonOf, isoDay, lastCompleteMonth, inTheModelsArea, overlappingTable, registerStatistics, restrictedCustomers,
  statisticsMinimum, statisticsPeriod, suppressTable,
} from '@cg/shared/src/cooperation/statistics';
import {
  BILLED_PARTY, BILLER, CostForBilling, DEVELOPMENT_HALF_DAYS_WITHOUT_APPROVAL, InvoiceLine, PARTIES, halfDays, quarterDates, quarterInvoices,
} from '@cg/shared/src/cooperation/costs';
import { invoiceHtml } from '@cg/shared/src/cooperation/documents';
import { fteOf, parseFte } from '@cg/shared/src/cooperation/staffing';
import type { PrismaClient } from './generated/prisma/client';
import type { MutationContext } from '@cg/shared/src/graphql/idempotency';
import type { Loaders } from './loaders';

type Ctx = SubgraphContext<PrismaClient, Loaders>;

/**
 * A write's transaction: the mutation's idempotent one (the outcome stored with the write, so a repeat
 * with the same key answers it: shared/src/graphql/idempotency.ts), else a plain one.
 */
function writeTx<T>(ctx: Ctx, write: (tx: PrismaClient) => Promise<T>): Promise<T> {
  const idempotency = (ctx as Partial<MutationContext<Ctx>>).idempotency;
  return idempotency ? idempotency.transaction(write as never) as Promise<T> : ctx.db.$transaction(write as never) as Promise<T>;
}
type Db = PrismaClient;

const day = (value: string) => new Date(`${value}T00:00:00Z`);
const iso = (value: Date | null | undefined) => isoDay(value);

// ---- Anonymised statistics of the joint register ------------------------------------------------

interface CountedCustomer { id: string; birthDate: string; municipality: string; startedOn: string; endedOn: string | null; endReason: string | null }

/**
 * Customers who may be counted on the reference date: of the model's area (inTheModelsArea: the statistics are
 * that agreement's), known by then, not restricted, not due for deletion.
 */
async function countableCustomers(db: Db, p: StatisticsPeriod): Promise<CountedCustomer[]> {
  const restricted = await restrictedCustomers(db);
  const rows = await db.customer.findMany({
    where: { customershipStartedOn: { lte: day(p.referenceDate) } },
    select: { id: true, personalIdentityCode: true, homeMunicipality: true, customershipStartedOn: true, customershipEndedOn: true, customershipEndReason: true },
  });
  return rows
    .filter((r) => inTheModelsArea(r.homeMunicipality) && !restricted.has(r.id) && !dueForDeletion(iso(r.customershipEndedOn), p.referenceDate))
    .map((r) => ({
      id: r.id, birthDate: birthDateOfIdentityCode(r.personalIdentityCode), municipality: r.homeMunicipality,
      startedOn: iso(r.customershipStartedOn)!, endedOn: iso(r.customershipEndedOn), endReason: r.customershipEndReason,
    }));
}

const activeOn = (c: CountedCustomer, date: string) => c.startedOn <= date && (!c.endedOn || c.endedOn > date);

/** The staffing period in force on a date: the latest period that starts on or before it. */
async function staffingPeriodOn(db: Db, date: string) {
  const latest = await db.staffingAllocation.findFirst({ where: { periodStartsOn: { lte: day(date) } }, orderBy: { periodStartsOn: 'desc' }, select: { periodStartsOn: true } });
  if (!latest) return null;
  const allocations = await db.staffingAllocation.findMany({ where: { periodStartsOn: latest.periodStartsOn }, orderBy: [{ party: 'asc' }, { title: 'asc' }] });
  return { startsOn: iso(latest.periodStartsOn)!, allocations };
}

async function estimateOn(db: Db, date: string) {
  return db.caseloadEstimate.findFirst({ where: { appliesOn: { lte: day(date) } }, orderBy: { appliesOn: 'desc' } });
}

const ratio = (customers: number | null, fteHundredths: number) =>
  customers === null || fteHundredths <= 0 ? null : Math.round((customers * 100 * 10) / fteHundredths) / 10;

/**
 * Customers per full-time equivalent of each title on the reference date: the customers whose responsible
 * official holds the title's role certificate, against the title's FTE counted in the period in force
 * (Liite 2). Counts are suppressed per party (the party's customers, then its titles).
 */
async function caseloadPerFte(db: Db, p: StatisticsPeriod, active: ReadonlySet<string>, minimum: number) {
  const [officials, period, estimate] = await Promise.all([
    db.responsibleOfficial.findMany({ select: { customerId: true, authority: true, role: true } }),
    staffingPeriodOn(db, p.referenceDate),
    estimateOn(db, p.referenceDate),
  ]);
  const out: Record<string, unknown>[] = [];
  for (const party of PARTIES) {
    // Supervisors lead the staff and carry no caseload of their own: they are staff, not a title with customers.
    const counted = (period?.allocations ?? []).filter((a) => a.party === party && a.countedInTotal && a.fteHundredths > 0 && a.roleCertificate !== 'SUPERVISOR');
    const roles = [...new Set([...counted.map((a) => a.roleCertificate ?? a.title)])];
    const served = officials.filter((o) => o.authority === party && active.has(o.customerId));
    const byRole = new Map<string, Set<string>>();
    for (const o of served) {
      if (!byRole.has(o.role)) byRole.set(o.role, new Set());
      byRole.get(o.role)!.add(o.customerId);
    }
    for (const role of byRole.keys()) if (!roles.includes(role)) roles.push(role);
    const cells = suppressTable({
      key: 'TOTAL', label: party, count: new Set(served.map((o) => o.customerId)).size,
      children: roles.map((role) => ({ key: role, label: role, count: byRole.get(role)?.size ?? 0 })),
    }, minimum);
    for (const role of roles) {
      const allocations = counted.filter((a) => (a.roleCertificate ?? a.title) === role);
      const fte = allocations.reduce((sum, a) => sum + a.fteHundredths, 0);
      const customers = cells.find((c) => c.key === role)!.count;
      out.push({
        party, title: allocations.map((a) => a.title).join(' / ') || role, roleCertificate: role,
        fte: fteOf(fte), customers, customersPerFte: ratio(customers, fte),
        estimatedCustomersPerFte: estimate ? ratio(estimate.customers, fte) : null,
      });
    }
  }
  return out;
}

const GOAL_BANDS = [
  { key: 'FROM_0_TO_24', label: '0-24 %' }, { key: 'FROM_25_TO_49', label: '25-49 %' },
  { key: 'FROM_50_TO_74', label: '50-74 %' }, { key: 'FROM_75_TO_100', label: '75-100 %' },
];
const goalBand = (attainment: number) => GOAL_BANDS[Math.min(3, Math.floor(Math.max(0, attainment) / 25))].key;

/** The joint register's statistics of one period: the use logged first (no log, no figures), then the kept snapshot. */
const jointStatistics = (ctx: Ctx, p: StatisticsPeriod) =>
  registerStatistics(ctx, p, (period, minimum) => computeJointStatistics(ctx.db, period, minimum));

async function computeJointStatistics(db: Db, p: StatisticsPeriod, minimum: number) {
  const known = await countableCustomers(db, p);
  const active = known.filter((c) => activeOn(c, p.referenceDate));
  const activeIds = new Set(active.map((c) => c.id));
  const knownIds = new Set(known.map((c) => c.id));
  const [services, plans, ends] = await Promise.all([
    db.customerService.findMany({ select: { customerId: true, state: true } }),
    db.employmentPlan.findMany({ select: { customerId: true, nextReviewOn: true } }),
    db.situationAssessment.findMany({
      where: { phase: 'END', assessedOn: { gte: day(p.yearStart), lte: day(p.referenceDate) } },
      select: { customerId: true, goalAttainment: true, assessedOn: true },
    }),
  ]);

  // Municipalities within areas: one hierarchical table, so that no area total recovers a hidden municipality.
  const areas = new Map<string, Map<string, number>>();
  for (const c of active) {
    const area = areaOfMunicipality(c.municipality);
    if (!areas.has(area)) areas.set(area, new Map());
    areas.get(area)!.set(c.municipality, (areas.get(area)!.get(c.municipality) ?? 0) + 1);
  }
  const byArea = {
    name: 'Customers by area and home municipality',
    description: 'Customers in service on the reference date by employment area and home municipality.',
    additive: true,
    cells: suppressTable({
      key: 'TOTAL', label: 'All customers', count: active.length,
      children: [...areas.keys()].sort().map((area) => {
        const municipalities = areas.get(area)!;
        return {
          key: area, label: area, count: [...municipalities.values()].reduce((a, b) => a + b, 0),
          children: [...municipalities.keys()].sort().map((m) => ({ key: `${area}/${m}`, label: m, count: municipalities.get(m)! })),
        };
      }),
    }, minimum),
  };

  const statesOf = new Map<string, Set<string>>();
  for (const s of services) {
    if (!activeIds.has(s.customerId)) continue;
    if (!statesOf.has(s.state)) statesOf.set(s.state, new Set());
    statesOf.get(s.state)!.add(s.customerId);
  }
  const withPlan = plans.filter((pl) => activeIds.has(pl.customerId));
  // Each customer's latest end assessment of the year.
  const latestEnd = new Map<string, { goalAttainment: number; assessedOn: Date }>();
  for (const e of ends) {
    if (!knownIds.has(e.customerId)) continue;
    const earlier = latestEnd.get(e.customerId);
    if (!earlier || earlier.assessedOn < e.assessedOn) latestEnd.set(e.customerId, e);
  }
  const exited = known.filter((c) => c.endedOn && c.endedOn >= p.yearStart && c.endedOn <= p.referenceDate);

  return {
    customersByAreaAndMunicipality: byArea,
    customersByAgeBand: additiveTable('Customers by age band', 'Age on the reference date of the customers in service.', 'All customers',
      countBy(active, (c) => ageBandOf(ageOn(c.birthDate, p.referenceDate)), AGE_BANDS), minimum),
    customersByCustomershipLength: additiveTable('Customers by length of customership', 'Time from the start of the customership to the reference date.', 'All customers',
      countBy(active, (c) => customershipLengthOf(c.startedOn, p.referenceDate), CUSTOMERSHIP_LENGTHS), minimum),
    customersByServiceState: overlappingTable('Customers by the state of their services',
      "Customers in service with at least one service of their process in each state (the services' current state).", 'All customers', active.length,
      ['PLANNED', 'ONGOING', 'COMPLETED', 'INTERRUPTED'].map((state) => ({ key: state, label: state.toLowerCase(), count: statesOf.get(state)?.size ?? 0 })), minimum),
    planReviewsOnTime: additiveTable('Plan reviews on time', 'Customers in service with an employment plan: the next review not overdue on the reference date, or overdue.', 'Customers with a plan',
      countBy(withPlan, (pl) => (!pl.nextReviewOn || iso(pl.nextReviewOn)! >= p.referenceDate ? 'ON_TIME' : 'OVERDUE'),
        [{ key: 'ON_TIME', label: 'on time' }, { key: 'OVERDUE', label: 'overdue' }]), minimum),
    goalAttainmentAtEnd: additiveTable('Goal attainment at the end', 'The latest end assessment of each customer in the twelve months up to the reference date.', 'End assessments',
      countBy([...latestEnd.values()], (e) => goalBand(e.goalAttainment), GOAL_BANDS), minimum),
    exitReasons: additiveTable('Exit reasons', 'Customerships that ended in the twelve months up to the reference date, by reason.', 'Customerships ended',
      countBy(exited, (c) => exitReasonOf(c.endReason), EXIT_REASONS), minimum),
    // The staffing is the Keski-Uusimaa agreement's (Liite 2), compared with its customers: those counted here.
    caseloadPerFte: await caseloadPerFte(db, p, activeIds, minimum),
  };
}

// ---- Staffing (Liite 2) -----------------------------------------------------------------------

function periodView(label: string, startsOn: string, allocations: Awaited<ReturnType<Db['staffingAllocation']['findMany']>>) {
  const counted = allocations.filter((a) => a.countedInTotal);
  return {
    label, startsOn,
    totalFte: fteOf(counted.reduce((sum, a) => sum + a.fteHundredths, 0)),
    totalFteByParty: PARTIES.map((party) => ({ party, fte: fteOf(counted.filter((a) => a.party === party).reduce((s, a) => s + a.fteHundredths, 0)) })),
    allocations,
  };
}

const allocationFields = {
  periodStartsOn: (a: { periodStartsOn: Date }) => iso(a.periodStartsOn),
  fte: (a: { fteHundredths: number }) => fteOf(a.fteHundredths),
};

function requireYear(field: string, year: number) {
  if (!Number.isInteger(year) || year < 2015 || year > 2100) throw invalidInput(field, 'must be a year from 2015 to 2100');
  return year;
}

/** A Date argument (the Date scalar has parsed it already) as `YYYY-MM-DD`, within 2015-2100. */
function requireDate(field: string, value: Date | string | null | undefined): string {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw invalidInput(field, 'must be a date YYYY-MM-DD');
  if (text < '2015-01-01' || text > '2100-12-31') throw invalidInput(field, 'must be from 2015 to 2100');
  return text;
}

async function requireDecision(db: Db, field: string, id: string | null | undefined) {
  if (!id) return null;
  const decision = await db.steeringGroupDecision.findUnique({ where: { id: requireId(field, id) } });
  if (!decision) throw invalidInput(field, 'names no recorded steering group decision');
  return decision.id;
}

/** Terms of office of the steering group's chair and vice-chair, and of the leader and deputy (388/2024 § 1, § 4). */
const TERM_YEARS = 5;

/** Adds `years` to a date and goes back one day: the last day of a term that starts on `from`. */
export function termEnd(from: string, years: number): string {
  const d = day(from);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

// ---- Billing (Liite 6) ------------------------------------------------------------------------

/** The last day of the latest quarter that has ended on `today`. */
function quarterHasEnded(year: number, quarter: number, today = todayInFinland()) {
  return quarterDates(year, quarter).endsOn < today;
}

/**
 * The quarterly billing run (Liite 6 "Laskutus"): every realised joint cost incurred by the end of the
 * quarter and not yet billed is billed now, each party's share on its invoice. One run per quarter (a
 * unique constraint): a rerun, also a concurrent one, returns the run that exists; costs carry the run
 * that billed them, so nothing is billed twice. Costs recorded late for an earlier quarter go to the
 * next run.
 */
async function runQuarterlyBilling(ctx: Ctx, year: number, quarter: number) {
  requireYear('year', year);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw invalidInput('quarter', 'must be 1, 2, 3 or 4');
  if (!quarterHasEnded(year, quarter)) throw invalidInput('quarter', 'has not ended yet: only realised costs of an ended quarter are billed');
  const existing = await ctx.db.billingRun.findUnique({ where: { year_quarter: { year, quarter } } });
  if (existing) return existing;
  const { endsOn } = quarterDates(year, quarter);
  try {
    return await writeTx(ctx, async (tx) => {
      const runId = randomUUID();
      const costs = await tx.jointCost.findMany({ where: { billingRunId: null, incurredOn: { lte: day(endsOn) } }, orderBy: [{ incurredOn: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] });
      const dayIds = [...new Set(costs.map((c) => c.developmentDayId).filter((id): id is string => !!id))];
      const days = await tx.developmentDay.findMany({ where: { id: { in: dayIds } } });
      const forBilling: CostForBilling[] = costs.map((c) => {
        const d = days.find((x) => x.id === c.developmentDayId);
        return {
          id: c.id, kind: c.kind, incurredOn: iso(c.incurredOn)!, amountCents: c.amountCents, description: c.description,
          substitutionStartsOn: iso(c.substitutionStartsOn), substitutionEndsOn: iso(c.substitutionEndsOn),
          participants: d ? { EMPLOYMENT: d.participantsEmployment, WELLBEING: d.participantsWellbeing, KELA: d.participantsKela } : null,
        };
      });
      const { invoices, notShared } = quarterInvoices(forBilling);
      const ranOn = todayInFinland();
      const run = await tx.billingRun.create({ data: { id: runId, year, quarter, ranOn: day(ranOn), ranBy: ctx.actor.id, notShared: notShared as never } });
      for (const invoice of invoices) {
        await tx.jointCostInvoice.create({
          data: {
            id: randomUUID(), billingRunId: runId, number: `${year}-Q${quarter}-${invoice.party}`, year, quarter, party: invoice.party,
            issuedOn: day(ranOn), totalCents: invoice.totalCents, lines: invoice.lines as never,
          },
        });
      }
      // Marks exactly the costs read above; a cost billed meanwhile by another run makes the count differ.
      const marked = await tx.jointCost.updateMany({ where: { id: { in: costs.map((c) => c.id) }, billingRunId: null }, data: { billingRunId: runId } });
      if (marked.count !== costs.length) throw new Error('costs changed during the billing run');
      return run;
    });
  } catch (error) {
    // Another run of the same quarter won the race: answer with it.
    const winner = await ctx.db.billingRun.findUnique({ where: { year_quarter: { year, quarter } } });
    if (winner) return winner;
    throw error;
  }
}

const invoiceFields = {
  issuedOn: (i: { issuedOn: Date }) => iso(i.issuedOn),
  billedParty: (i: { party: Authority }) => BILLED_PARTY[i.party],
  biller: () => BILLER,
  lines: (i: { lines: unknown }) => i.lines as InvoiceLine[],
  html: (i: { number: string; year: number; quarter: number; party: Authority; issuedOn: Date; totalCents: number; lines: unknown }) =>
    invoiceHtml({ ...i, issuedOn: iso(i.issuedOn)!, lines: i.lines as InvoiceLine[] }),
};

function requireCents(field: string, value: number) {
  if (!Number.isSafeInteger(value) || value < 0 || value > 1_000_000_000) throw invalidInput(field, 'must be whole cents from 0 to 1,000,000,000 (10 million euros)');
  return value;
}

function requireCount(field: string, value: number) {
  if (!Number.isInteger(value) || value < 0 || value > 10_000) throw invalidInput(field, 'must be a whole number from 0 to 10000');
  return value;
}

function requireIdempotencyKey(value: string | null | undefined) {
  if (value == null) return null;
  if (!/^[A-Za-z0-9._:-]{8,100}$/.test(value)) throw invalidInput('idempotencyKey', 'must be 8-100 letters, digits or . _ : -');
  return value;
}

// ---- Resolvers --------------------------------------------------------------------------------

const PARTY = (value: string, field: string): Authority => {
  if (!(PARTIES as readonly string[]).includes(value)) throw invalidInput(field, 'must be EMPLOYMENT, WELLBEING or KELA');
  return value as Authority;
};

export const cooperationResolvers = {
  Query: {
    cooperationStatistics: (_: unknown, args: { period?: string | null }) => ({ period: statisticsPeriod(args.period).period }),

    staffing: async (_: unknown, { year }: { year: number }, ctx: Ctx) => {
      requireYear('year', year);
      const period = await staffingPeriodOn(ctx.db, `${year}-12-31`);
      const estimate = await estimateOn(ctx.db, `${year}-12-31`);
      const review = await ctx.db.staffingReview.findUnique({ where: { year } });
      const view = period ? periodView(period.allocations[0]?.periodLabel ?? period.startsOn, period.startsOn, period.allocations) : null;
      const totalHundredths = view ? Math.round(view.totalFte * 100) : 0;
      return {
        year, period: view, estimate, review, reviewMissing: !review,
        estimatedCustomersPerFte: estimate ? ratio(estimate.customers, totalHundredths) : null,
      };
    },

    staffingPeriods: async (_: unknown, __: unknown, ctx: Ctx) => {
      const all = await ctx.db.staffingAllocation.findMany({ orderBy: [{ periodStartsOn: 'asc' }, { party: 'asc' }, { title: 'asc' }] });
      const starts = [...new Set(all.map((a) => iso(a.periodStartsOn)!))];
      return starts.map((s) => {
        const allocations = all.filter((a) => iso(a.periodStartsOn) === s);
        return periodView(allocations[0].periodLabel, s, allocations);
      });
    },

    governance: () => ({}),

    jointCosts: async (_: unknown, { year }: { year: number }, ctx: Ctx) => {
      requireYear('year', year);
      const range = { gte: day(`${year}-01-01`), lte: day(`${year}-12-31`) };
      const [budget, costs, developmentDays, billingRuns] = await Promise.all([
        ctx.db.jointCostBudget.findMany({ where: { year }, orderBy: { kind: 'asc' } }),
        ctx.db.jointCost.findMany({ where: { incurredOn: range }, orderBy: [{ incurredOn: 'asc' }, { id: 'asc' }] }),
        ctx.db.developmentDay.findMany({ where: { heldOn: range }, orderBy: { heldOn: 'asc' } }),
        ctx.db.billingRun.findMany({ where: { year }, orderBy: { quarter: 'asc' } }),
      ]);
      return {
        year, budget, costs, developmentDays, billingRuns,
        budgetTotalCents: budget.reduce((s, b) => s + b.amountCents, 0),
        realisedTotalCents: costs.reduce((s, c) => s + c.amountCents, 0),
        followUp: (['LEADER_PAY', 'LEADER_OPERATING', 'DEPUTY_SUBSTITUTION', 'INTERIM_DEPUTY', 'DEVELOPMENT_DAY'] as const).map((kind) => {
          const budgetCents = budget.filter((b) => b.kind === kind).reduce((s, b) => s + b.amountCents, 0);
          const realisedCents = costs.filter((c) => c.kind === kind).reduce((s, c) => s + c.amountCents, 0);
          return { kind, budgetCents, realisedCents, remainingCents: budgetCents - realisedCents };
        }),
        developmentHalfDays: developmentDays.reduce((s, d) => s + halfDays(d.length), 0),
      };
    },

    jointCostInvoice: async (_: unknown, { id }: { id: string }, ctx: Ctx) =>
      ctx.db.jointCostInvoice.findUnique({ where: { id: requireId('id', id) } }),
  },

  Mutation: {
    recordStaffingAllocation: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      const data = {
        party: PARTY(input.party, 'party'),
        title: requireText('title', input.title, 200),
        roleCertificate: optionalText('roleCertificate', input.roleCertificate, 100),
        periodLabel: requireText('periodLabel', input.periodLabel, 50),
        periodStartsOn: day(requireDate('periodStartsOn', input.periodStartsOn)),
        fteHundredths: parseFte('fte', String(input.fte)),
        countedInTotal: Boolean(input.countedInTotal),
        note: optionalText('note', input.note, 1000),
        recordedBy: ctx.actor.id,
      };
      return writeTx(ctx, (tx) => tx.staffingAllocation.upsert({
        where: { periodStartsOn_party_title: { periodStartsOn: data.periodStartsOn, party: data.party, title: data.title } },
        create: { id: randomUUID(), ...data }, update: data,
      }));
    },

    recordCaseloadEstimate: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      if (!Array.isArray(input.sources) || input.sources.length === 0 || input.sources.length > 20) throw invalidInput('sources', 'must name 1-20 sources');
      const data = {
        appliesOn: day(requireDate('appliesOn', input.appliesOn)),
        customers: requireCount('customers', input.customers),
        sources: input.sources.map((s: string, i: number) => requireText(`sources[${i}]`, s, 500)),
        updatedOn: day(requireDate('updatedOn', input.updatedOn)),
        recordedBy: ctx.actor.id,
      };
      return writeTx(ctx, (tx) => tx.caseloadEstimate.upsert({ where: { appliesOn: data.appliesOn }, create: { id: randomUUID(), ...data }, update: data }));
    },

    recordStaffingReview: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      const data = {
        year: requireYear('year', input.year),
        reviewedOn: day(requireDate('reviewedOn', input.reviewedOn)),
        conclusion: requireText('conclusion', input.conclusion),
        approvedByDecisionId: await requireDecision(ctx.db, 'approvedByDecisionId', input.approvedByDecisionId),
        recordedBy: ctx.actor.id,
      };
      return writeTx(ctx, (tx) => tx.staffingReview.upsert({ where: { year: data.year }, create: { id: randomUUID(), ...data }, update: data }));
    },

    recordSteeringGroupMember: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      const party = PARTY(input.party, 'party');
      const termStartsOn = requireDate('termStartsOn', input.termStartsOn);
      let deputyOfId: string | null = null;
      if (input.seat === 'PERSONAL_DEPUTY') {
        deputyOfId = requireId('deputyOfId', input.deputyOfId ?? '');
        const member = await ctx.db.steeringGroupMember.findUnique({ where: { id: deputyOfId } });
        if (!member || member.seat !== 'MEMBER') throw invalidInput('deputyOfId', 'names no member of the steering group');
        if (member.party !== party) throw invalidInput('party', 'a personal deputy stands in for a member of the same party (Liite 3)');
      } else if (input.deputyOfId) {
        throw invalidInput('deputyOfId', 'is only for a PERSONAL_DEPUTY');
      }
      const personId = requireText('personId', input.personId, 100);
      if (await ctx.db.steeringGroupMember.findUnique({ where: { personId_termStartsOn: { personId, termStartsOn: day(termStartsOn) } } })) {
        throw invalidInput('personId', 'already holds a seat for a term starting on this day');
      }
      return writeTx(ctx, (tx) => tx.steeringGroupMember.create({
        data: {
          id: randomUUID(), party, seat: input.seat, deputyOfId, personId,
          name: requireText('name', input.name, 200), title: requireText('title', input.title, 200),
          termStartsOn: day(termStartsOn), termEndsOn: day(termEnd(termStartsOn, TERM_YEARS)), recordedBy: ctx.actor.id,
        },
      }));
    },

    nameSteeringGroupOffice: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      // 388/2024 § 1 (Liite 3): the employment authority names the chair, the wellbeing county the vice-chair.
      const namer: Authority = input.office === 'CHAIR' ? 'EMPLOYMENT' : 'WELLBEING';
      if (input.namedBy !== namer) throw invalidInput('namedBy', `the ${input.office === 'CHAIR' ? 'chair' : 'vice-chair'} is named by ${namer} (388/2024 § 1)`);
      const memberId = requireId('memberId', input.memberId);
      const member = await ctx.db.steeringGroupMember.findUnique({ where: { id: memberId } });
      if (!member || member.seat !== 'MEMBER') throw invalidInput('memberId', 'names no member of the steering group');
      const termStartsOn = requireDate('termStartsOn', input.termStartsOn);
      if (await ctx.db.steeringGroupOffice.findUnique({ where: { office_termStartsOn: { office: input.office, termStartsOn: day(termStartsOn) } } })) {
        throw invalidInput('termStartsOn', 'this office already has a holder for a term starting on this day');
      }
      // The answer (with the holder's name) is what the transaction returns, so that a repeat answers it too.
      return writeTx(ctx, async (tx) => ({
        ...(await tx.steeringGroupOffice.create({
          data: { id: randomUUID(), office: input.office, memberId, namedBy: namer, termStartsOn: day(termStartsOn), termEndsOn: day(termEnd(termStartsOn, TERM_YEARS)), recordedBy: ctx.actor.id },
        })),
        name: member.name,
      }));
    },

    recordLeaderAppointment: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      const approvedByDecisionId = await requireDecision(ctx.db, 'approvedByDecisionId', input.approvedByDecisionId);
      if (!approvedByDecisionId) throw invalidInput('approvedByDecisionId', "is required: the choice needs the steering group's approval (Liite 5)");
      const share = input.shareOfWorkingTimePercent;
      if (!Number.isInteger(share) || share < 0 || share > 100) throw invalidInput('shareOfWorkingTimePercent', 'must be a whole per cent from 0 to 100');
      const termStartsOn = requireDate('termStartsOn', input.termStartsOn);
      if (await ctx.db.cooperationLeaderAppointment.findUnique({ where: { position_termStartsOn: { position: input.position, termStartsOn: day(termStartsOn) } } })) {
        throw invalidInput('termStartsOn', `a ${input.position === 'LEADER' ? 'leader' : 'deputy'} is already appointed for a term starting on this day`);
      }
      return writeTx(ctx, (tx) => tx.cooperationLeaderAppointment.create({
        data: {
          id: randomUUID(), position: input.position, personId: requireText('personId', input.personId, 100), name: requireText('name', input.name, 200),
          title: requireText('title', input.title, 200), appointedOn: day(requireDate('appointedOn', input.appointedOn)),
          termStartsOn: day(termStartsOn), termEndsOn: day(termEnd(termStartsOn, TERM_YEARS)), shareOfWorkingTimePercent: share, approvedByDecisionId, recordedBy: ctx.actor.id,
        },
      }));
    },

    recordSteeringGroupMeeting: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      const number = requireText('number', input.number, 20);
      if (!/^\d{1,3}\/\d{4}$/.test(number)) throw invalidInput('number', 'must be like 1/2025');
      if (!Array.isArray(input.attendees) || input.attendees.length === 0 || input.attendees.length > 50) throw invalidInput('attendees', 'must list 1-50 attendees');
      const existing = await ctx.db.steeringGroupMeeting.findUnique({ where: { number } });
      if (existing) throw invalidInput('number', `meeting ${number} is already recorded`);
      return writeTx(ctx, (tx) => tx.steeringGroupMeeting.create({
        data: {
          id: randomUUID(), number, heldOn: day(requireDate('heldOn', input.heldOn)),
          attendees: input.attendees.map((a: string, i: number) => requireText(`attendees[${i}]`, a, 200)), recordedBy: ctx.actor.id,
        },
      }));
    },

    recordSteeringGroupDecision: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      const meetingId = requireId('meetingId', input.meetingId);
      if (!(await ctx.db.steeringGroupMeeting.findUnique({ where: { id: meetingId } }))) throw invalidInput('meetingId', 'names no recorded meeting');
      const number = requireCount('number', input.number);
      if (await ctx.db.steeringGroupDecision.findUnique({ where: { meetingId_number: { meetingId, number } } })) throw invalidInput('number', 'this meeting already has a decision with this number');
      return writeTx(ctx, (tx) => tx.steeringGroupDecision.create({
        data: {
          id: randomUUID(), meetingId, number, kind: input.kind, subject: requireText('subject', input.subject, 500),
          decision: requireText('decision', input.decision), recordedBy: ctx.actor.id,
        },
      }));
    },

    recordAnnexVersion: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      if (!Number.isInteger(input.annex) || input.annex < 1 || input.annex > 7) throw invalidInput('annex', 'must be 1-7 (Liite 1-7)');
      const version = requireText('version', input.version, 20);
      if (await ctx.db.annexVersion.findUnique({ where: { annex_version: { annex: input.annex, version } } })) throw invalidInput('version', 'this version of the annex is already recorded');
      // Validated (and the decision read) before the write's transaction opens.
      const data = {
        id: randomUUID(), annex: input.annex, version, title: requireText('title', input.title, 200),
        updatedOn: day(requireDate('updatedOn', input.updatedOn)), summary: requireText('summary', input.summary),
        approvedByDecisionId: await requireDecision(ctx.db, 'approvedByDecisionId', input.approvedByDecisionId), recordedBy: ctx.actor.id,
      };
      return writeTx(ctx, (tx) => tx.annexVersion.create({ data }));
    },

    recordJointCostBudget: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      const data = {
        year: requireYear('year', input.year), kind: input.kind, amountCents: requireCents('amountCents', input.amountCents),
        note: optionalText('note', input.note, 1000), recordedBy: ctx.actor.id,
      };
      return writeTx(ctx, (tx) => tx.jointCostBudget.upsert({ where: { year_kind: { year: data.year, kind: data.kind } }, create: { id: randomUUID(), ...data }, update: data }));
    },

    recordDevelopmentDay: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      const idempotencyKey = requireIdempotencyKey(input.idempotencyKey);
      if (idempotencyKey) {
        const earlier = await ctx.db.developmentDay.findUnique({ where: { idempotencyKey } });
        if (earlier) return earlier;
      }
      const heldOn = requireDate('heldOn', input.heldOn);
      const year = Number(heldOn.slice(0, 4));
      const participants = ['participantsEmployment', 'participantsWellbeing', 'participantsKela'].map((f) => requireCount(`${f}`, input[f]));
      if (participants.every((n) => n === 0)) throw invalidInput('participantsEmployment', 'a development day needs registered participants: its cost is split by them (Liite 6 b)');
      const approvedByDecisionId = await requireDecision(ctx.db, 'approvedByDecisionId', input.approvedByDecisionId);
      const earlierDays = await ctx.db.developmentDay.findMany({ where: { heldOn: { gte: day(`${year}-01-01`), lte: day(`${year}-12-31`) } }, select: { length: true } });
      const after = earlierDays.reduce((s, d) => s + halfDays(d.length), 0) + halfDays(input.length);
      if (after > DEVELOPMENT_HALF_DAYS_WITHOUT_APPROVAL && !approvedByDecisionId) {
        throw invalidInput('approvedByDecisionId', `is required: this day makes ${after} half-days in ${year}, more than two full (four half) days need the steering group's approval (Liite 6 b)`);
      }
      return writeTx(ctx, (tx) => tx.developmentDay.create({
        data: {
          id: randomUUID(), heldOn: day(heldOn), length: input.length, title: requireText('title', input.title, 200),
          participantsEmployment: participants[0], participantsWellbeing: participants[1], participantsKela: participants[2],
          approvedByDecisionId, idempotencyKey, recordedBy: ctx.actor.id,
        },
      }));
    },

    recordJointCost: async (_: unknown, { input }: { input: Record<string, any> }, ctx: Ctx) => {
      const idempotencyKey = requireIdempotencyKey(input.idempotencyKey);
      if (idempotencyKey) {
        const earlier = await ctx.db.jointCost.findUnique({ where: { idempotencyKey } });
        if (earlier) return earlier;
      }
      const incurredOn = requireDate('incurredOn', input.incurredOn);
      let substitutionStartsOn: string | null = null;
      let substitutionEndsOn: string | null = null;
      let developmentDayId: string | null = null;
      if (input.kind === 'DEPUTY_SUBSTITUTION') {
        // Liite 6: the deputy's costs are shared only for one continuous substitution of over two weeks.
        if (!input.substitutionStartsOn) throw invalidInput('substitutionStartsOn', 'is required when kind is DEPUTY_SUBSTITUTION (shared only for a substitution of over two weeks)');
        if (!input.substitutionEndsOn) throw invalidInput('substitutionEndsOn', 'is required when kind is DEPUTY_SUBSTITUTION (shared only for a substitution of over two weeks)');
        substitutionStartsOn = requireDate('substitutionStartsOn', input.substitutionStartsOn);
        substitutionEndsOn = requireDate('substitutionEndsOn', input.substitutionEndsOn);
        if (substitutionEndsOn < substitutionStartsOn) throw invalidInput('substitutionEndsOn', 'must not be before substitutionStartsOn');
      } else {
        if (input.substitutionStartsOn) throw invalidInput('substitutionStartsOn', 'is only for DEPUTY_SUBSTITUTION');
        if (input.substitutionEndsOn) throw invalidInput('substitutionEndsOn', 'is only for DEPUTY_SUBSTITUTION');
      }
      if (input.kind === 'DEVELOPMENT_DAY') {
        if (!input.developmentDayId) throw invalidInput('developmentDayId', 'is required when kind is DEVELOPMENT_DAY (its participants split the cost)');
        developmentDayId = requireId('developmentDayId', input.developmentDayId);
        if (!(await ctx.db.developmentDay.findUnique({ where: { id: developmentDayId } }))) throw invalidInput('developmentDayId', 'names no recorded development day');
      } else if (input.developmentDayId) {
        throw invalidInput('developmentDayId', 'is only for DEVELOPMENT_DAY');
      }
      try {
        return await writeTx(ctx, (tx) => tx.jointCost.create({
          data: {
            id: randomUUID(), kind: input.kind, incurredOn: day(incurredOn), amountCents: requireCents('amountCents', input.amountCents),
            description: requireText('description', input.description, 500),
            substitutionStartsOn: substitutionStartsOn ? day(substitutionStartsOn) : null, substitutionEndsOn: substitutionEndsOn ? day(substitutionEndsOn) : null,
            developmentDayId, idempotencyKey, recordedBy: ctx.actor.id,
          },
        }));
      } catch (error) {
        // The same key sent twice at once: the first one stored wins, the second answers with it.
        if (idempotencyKey && (error as { code?: string }).code === 'P2002') return ctx.db.jointCost.findUnique({ where: { idempotencyKey } });
        throw error;
      }
    },

    runQuarterlyBilling: (_: unknown, { input }: { input: { year: number; quarter: number } }, ctx: Ctx) => runQuarterlyBilling(ctx, input.year, input.quarter),
  },

  CooperationStatistics: {
    __resolveReference: (ref: { period?: unknown }) => ({ period: statisticsPeriod(typeof ref.period === 'string' ? ref.period : '').period }),
    referenceDate: (s: { period: string }) => statisticsPeriod(s.period).referenceDate,
    minimumCount: () => statisticsMinimum(),
    joint: (s: { period: string }, _: unknown, ctx: Ctx) => jointStatistics(ctx, statisticsPeriod(s.period)),
  },

  StaffingView: {
    actualCaseload: async (view: { year: number }, _: unknown, ctx: Ctx) => {
      const latest = lastCompleteMonth();
      const p = statisticsPeriod(`${view.year}-12` < latest ? `${view.year}-12` : latest);
      if (Number(p.period.slice(0, 4)) !== view.year) return null;
      return (await jointStatistics(ctx, p)).caseloadPerFte;
    },
  },
  StaffingAllocation: allocationFields,
  CaseloadEstimate: {
    appliesOn: (e: { appliesOn: Date }) => iso(e.appliesOn),
    updatedOn: (e: { updatedOn: Date }) => iso(e.updatedOn),
  },
  StaffingReview: { reviewedOn: (r: { reviewedOn: Date }) => iso(r.reviewedOn) },

  Governance: {
    steeringGroup: (_: unknown, __: unknown, ctx: Ctx) => ctx.db.steeringGroupMember.findMany({ orderBy: [{ party: 'asc' }, { seat: 'asc' }, { name: 'asc' }] }),
    offices: async (_: unknown, __: unknown, ctx: Ctx) => {
      const offices = await ctx.db.steeringGroupOffice.findMany({ orderBy: [{ office: 'asc' }, { termStartsOn: 'desc' }] });
      const members = await ctx.db.steeringGroupMember.findMany({ where: { id: { in: offices.map((o) => o.memberId) } } });
      return offices.map((o) => ({ ...o, name: members.find((m) => m.id === o.memberId)?.name ?? null }));
    },
    leadership: (_: unknown, __: unknown, ctx: Ctx) => ctx.db.cooperationLeaderAppointment.findMany({ orderBy: [{ position: 'asc' }, { termStartsOn: 'desc' }] }),
    meetings: (_: unknown, __: unknown, ctx: Ctx) => ctx.db.steeringGroupMeeting.findMany({ orderBy: { heldOn: 'desc' } }),
    annexes: async (_: unknown, __: unknown, ctx: Ctx) => {
      const all = await ctx.db.annexVersion.findMany({ orderBy: [{ annex: 'asc' }, { updatedOn: 'desc' }, { createdAt: 'desc' }] });
      return [1, 2, 3, 4, 5, 6, 7].map((n) => all.find((a) => a.annex === n)).filter((a): a is NonNullable<typeof a> => !!a);
    },
  },
  SteeringGroupMember: { termStartsOn: (m: { termStartsOn: Date }) => iso(m.termStartsOn), termEndsOn: (m: { termEndsOn: Date }) => iso(m.termEndsOn) },
  SteeringGroupOffice: { termStartsOn: (m: { termStartsOn: Date }) => iso(m.termStartsOn), termEndsOn: (m: { termEndsOn: Date }) => iso(m.termEndsOn) },
  LeaderAppointment: {
    appointedOn: (m: { appointedOn: Date }) => iso(m.appointedOn),
    termStartsOn: (m: { termStartsOn: Date }) => iso(m.termStartsOn), termEndsOn: (m: { termEndsOn: Date }) => iso(m.termEndsOn),
  },
  SteeringGroupMeeting: {
    heldOn: (m: { heldOn: Date }) => iso(m.heldOn),
    decisions: (m: { id: string }, _: unknown, ctx: Ctx) => ctx.db.steeringGroupDecision.findMany({ where: { meetingId: m.id }, orderBy: { number: 'asc' } }),
  },
  AnnexVersion: {
    updatedOn: (a: { updatedOn: Date }) => iso(a.updatedOn),
    approved: (a: { approvedByDecisionId: string | null }) => !!a.approvedByDecisionId,
    // The annexes are reviewed at least yearly (the agreement's preamble): last updated over a year ago is due.
    reviewDue: (a: { updatedOn: Date }) => iso(a.updatedOn)! <= termEnd(todayInFinland(), -1),
  },
  JointCostBudgetLine: {},
  DevelopmentDay: { heldOn: (d: { heldOn: Date }) => iso(d.heldOn) },
  JointCost: {
    incurredOn: (c: { incurredOn: Date }) => iso(c.incurredOn),
    substitutionStartsOn: (c: { substitutionStartsOn: Date | null }) => iso(c.substitutionStartsOn),
    substitutionEndsOn: (c: { substitutionEndsOn: Date | null }) => iso(c.substitutionEndsOn),
  },
  BillingRun: {
    ranOn: (r: { ranOn: Date }) => iso(r.ranOn),
    invoices: (r: { id: string }, _: unknown, ctx: Ctx) => ctx.db.jointCostInvoice.findMany({ where: { billingRunId: r.id }, orderBy: { party: 'asc' } }),
    notShared: (r: { notShared: unknown }) => r.notShared as InvoiceLine[],
  },
  JointCostInvoice: invoiceFields,
};
