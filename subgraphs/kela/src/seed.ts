// Demo data of Kela's register, derived from the shared deterministic population (DOMAIN.md "Kela":
// benefits, rehabilitation decisions, clarification of the primary benefit). The mix follows the joint
// service's customers: most live on an unemployment benefit, some are on sick leave or in rehabilitation,
// and long sickness allowance periods lead to a primary-benefit clarification.
import { seedHomeMunicipalities } from '@cg/shared/src/graphql/home-municipalities';
import { hasRows, insertInChunks } from '@cg/shared/src/demo/insert';
import { DEMO_FORMER_CUSTOMERS, FORMER_OFFICIALS } from '@cg/shared/src/demo/former-customers';
import { DEMO_TODAY, addDays, demoPopulation, randomFor, DemoCustomer, Random } from '@cg/shared/src/demo/population';
import type { Logger } from '@cg/shared/src/log';
import type {
  BenefitKind, BenefitStatus, PrimaryBenefitOutcome, PrimaryBenefitReason, PrismaClient, RehabilitationKind, RehabilitationOutcome,
} from './generated/prisma/client';

/** A calendar day, YYYY-MM-DD: the seed computes with these and stores them as dates. */
type Day = string;

const date = (d: Day) => new Date(`${d}T00:00:00Z`);
const dateOrNull = (d: Day | null) => (d === null ? null : date(d));
const daysBetween = (from: Day, to: Day) => Math.round((date(to).getTime() - date(from).getTime()) / 86_400_000);
const earlier = (a: Day, b: Day) => (a < b ? a : b);
const later = (a: Day, b: Day) => (a > b ? a : b);
/** The first day of the month `monthsBack` months before the month of `day`. */
function monthStart(day: Day, monthsBack = 0): Day {
  const d = date(day);
  d.setUTCMonth(d.getUTCMonth() - monthsBack, 1);
  return d.toISOString().slice(0, 10);
}

// Demo amounts near Kela's 2025 levels (index increases frozen 2024-2027), in cents.
/** Basic daily amount of the labour-market subsidy and the basic unemployment allowance. */
const UNEMPLOYMENT_DAILY = 3721;
/** Minimum sickness allowance; most get an income-related amount above it. */
const SICKNESS_MIN_DAILY = 3199;
/** Expense allowance of rehabilitative work activity, per day of participation. */
const EXPENSE_ALLOWANCE_DAILY = 900;

/** Maximum periods in payment days: 400 (300 with under three years of work history); sickness allowance 300. */
const BASIC_ALLOWANCE_MAX_DAYS = 400;
const SHORT_HISTORY_MAX_DAYS = 300;
const SICKNESS_MAX_DAYS = 300;
/** Demo rule: from this many sickness allowance days on, the primary benefit is clarified. */
const LONG_SICKNESS_DAYS = 150;

const UNEMPLOYMENT_KINDS: BenefitKind[] = ['LABOUR_MARKET_SUBSIDY', 'BASIC_UNEMPLOYMENT_ALLOWANCE'];
/** Benefits that replace the unemployment benefit for the days they cover. */
const REPLACING_KINDS: BenefitKind[] = ['SICKNESS_ALLOWANCE', 'REHABILITATION_ALLOWANCE'];

// The employment areas (työllisyysalueet, since 2025) that give the labour-policy statements, and Kela's
// service points, by the demo municipalities (shared/src/demo/population.ts).
const EMPLOYMENT_AREAS: Record<string, string> = {
  Helsinki: 'Helsinki employment area', Espoo: 'Espoo region employment area', Vantaa: 'Vantaa-Kerava employment area',
  Kerava: 'Vantaa-Kerava employment area', Järvenpää: 'Central Uusimaa employment area', Tuusula: 'Central Uusimaa employment area',
  Porvoo: 'Eastern Uusimaa employment area', Mäntsälä: 'Central Uusimaa employment area', Pornainen: 'Central Uusimaa employment area',
  Rovaniemi: 'Rovaniemi employment area', Kemi: 'Kemi-Tornio employment area',
};
const SERVICE_OFFICES: Record<string, string[]> = {
  Helsinki: ['Kela Helsinki, Itäkeskus', 'Kela Helsinki, Kamppi', 'Kela Helsinki, Malmi'],
  Espoo: ['Kela Espoo, Leppävaara', 'Kela Espoo, Espoon keskus'],
  Vantaa: ['Kela Vantaa, Tikkurila', 'Kela Vantaa, Myyrmäki'],
  Kerava: ['Kela Kerava'], Järvenpää: ['Kela Järvenpää'], Tuusula: ['Kela Järvenpää'], Porvoo: ['Kela Porvoo'],
  Mäntsälä: ['Kela Mäntsälä'], Pornainen: ['Kela Järvenpää'], Rovaniemi: ['Kela Rovaniemi'], Kemi: ['Kela Kemi'],
};

const REHABILITATION: Record<RehabilitationKind, { services: string[]; providers: string[]; days: [number, number] }> = {
  VOCATIONAL_REHABILITATION: {
    services: ['Vocational rehabilitation assessment (ammatillinen kuntoutusselvitys)', 'Job coaching (työhönvalmennus)', 'Work trial (työkokeilu)', 'Vocational training: further qualification in logistics'],
    providers: ['Verve, Helsinki', 'Validia Kuntoutus, Helsinki', 'Kiipula, Janakkala', 'Keuda, Järvenpää', 'Omnia, Espoo'],
    days: [45, 240],
  },
  REHABILITATIVE_PSYCHOTHERAPY: {
    services: ['Rehabilitative psychotherapy for adults, first year', 'Rehabilitative psychotherapy for adults, second year'],
    providers: ['Psychotherapist in private practice, Helsinki', 'Psychotherapist in private practice, Espoo', 'Terapiapalvelut Ilo Oy, Vantaa'],
    days: [300, 365],
  },
  REHABILITATION_COURSE: {
    services: ['Rehabilitation course: depression', 'Rehabilitation course: musculoskeletal disorders', 'Adaptation training course: diabetes'],
    providers: ['Kuntoutus Orton, Helsinki', 'Kankaanpää Rehabilitation Centre', 'Kuntoutuskeskus Petrea, Turku'],
    days: [30, 180],
  },
};
const REHABILITATION_REJECTIONS = [
  'The illness does not threaten work ability in a way that calls for vocational rehabilitation',
  'Medical rehabilitation of the wellbeing services county comes first',
  'The application lacks a medical statement of the rehabilitation need',
];

interface DecisionRow {
  id: string; customerId: string; kind: BenefitKind; status: BenefitStatus; appliedOn: Day; decidedOn: Day | null;
  startsOn: Day | null; endsOn: Day | null; dailyAmountCents: number | null; monthlyAmountCents: number | null;
  paymentDaysUsed: number | null; maximumPaymentDays: number | null; labourPolicyStatement: string | null;
  reasoning: string | null; decidedBy: string | null;
}

interface ClarificationRow {
  id: string; customerId: string; openForCustomer: string | null; startedOn: Day; reason: PrimaryBenefitReason; note: string;
  startedBy: string; outcome: PrimaryBenefitOutcome | null; outcomeNote: string | null; concludedOn: Day | null; concludedBy: string | null;
}

const OUTCOME_NOTES: Record<PrimaryBenefitOutcome, string> = {
  SICKNESS_ALLOWANCE: 'Incapable of work according to the medical statement; sickness allowance applied for instead of the unemployment benefit',
  REHABILITATION: 'Vocational rehabilitation applied for; rehabilitation allowance comes before the unemployment benefit',
  DISABILITY_PENSION: 'Advised to apply for a disability pension (Kela and the earnings-related pension provider)',
  UNEMPLOYMENT_BENEFIT_CONTINUES: 'Able to work according to the medical statement; the unemployment benefit continues',
};

/** One customer's rows: decisions first, then what follows from them (payments, clarifications). */
function customerRows(customer: DemoCustomer) {
  const r = randomFor(customer, 'kela');
  const expert = customer.responsibleOfficials.KELA.id;
  const area = EMPLOYMENT_AREAS[customer.homeMunicipality] ?? 'Helsinki employment area';
  const benefits: DecisionRow[] = [];
  const clarifications: ClarificationRow[] = [];
  const rehabilitation = [];

  const decide = (row: Pick<DecisionRow, 'kind' | 'status' | 'appliedOn'> & Partial<DecisionRow>): DecisionRow => {
    const full: DecisionRow = {
      id: r.id(), customerId: customer.id, decidedOn: null, startsOn: null, endsOn: null, dailyAmountCents: null,
      monthlyAmountCents: null, paymentDaysUsed: null, maximumPaymentDays: null, labourPolicyStatement: null,
      reasoning: null, decidedBy: row.status === 'APPLIED' ? null : expert, ...row,
    };
    benefits.push(full);
    return full;
  };
  // Kela's handling time: a decision some days after the application, never after the demo's today.
  const decidedAfter = (applied: Day, min = 5, max = 25) => earlier(addDays(applied, r.int(min, max)), DEMO_TODAY);
  // The employment authority's labour-policy statement (työvoimapoliittinen lausunto) that binds Kela.
  const statement = (on: Day, gist: string) => `TP-${on.slice(0, 4)}-${String(r.int(1, 999_999)).padStart(6, '0')} (${area}, ${on}): ${gist}`;
  const open = (row: Pick<ClarificationRow, 'startedOn' | 'reason' | 'note'>) => {
    const created: ClarificationRow = {
      id: r.id(), customerId: customer.id, openForCustomer: customer.id, startedBy: expert,
      outcome: null, outcomeNote: null, concludedOn: null, concludedBy: null, ...row,
    };
    clarifications.push(created);
    return created;
  };
  const conclude = (c: ClarificationRow, on: Day, outcome: PrimaryBenefitOutcome) => {
    if (on > DEMO_TODAY) return; // still open on the demo's today
    Object.assign(c, { openForCustomer: null, outcome, outcomeNote: OUTCOME_NOTES[outcome], concludedOn: on, concludedBy: expert });
  };

  // Unemployment benefit: Kela pays the labour-market subsidy and the basic allowance; members of an
  // unemployment fund get the earnings-related allowance from their fund, so Kela has none for them.
  let unemploymentBenefit = false;
  const u = r.next();
  if (u < 0.42) {
    const starts = addDays(customer.customershipStartedOn, -r.int(30, 500));
    const applied = addDays(starts, r.int(0, 14));
    decide({
      kind: 'LABOUR_MARKET_SUBSIDY', status: 'GRANTED', appliedOn: applied, decidedOn: decidedAfter(applied), startsOn: starts,
      dailyAmountCents: UNEMPLOYMENT_DAILY, labourPolicyStatement: statement(applied, `right to unemployment benefit from ${starts}, registered as a full-time job seeker`),
    });
    unemploymentBenefit = true;
  } else if (u < 0.67) {
    const maximum = r.chance(0.8) ? BASIC_ALLOWANCE_MAX_DAYS : SHORT_HISTORY_MAX_DAYS;
    const starts = addDays(DEMO_TODAY, -r.int(40, 640));
    const applied = addDays(starts, r.int(0, 14));
    const paymentDays = Math.floor((daysBetween(starts, DEMO_TODAY) * 5) / 7); // paid for five days a week
    const basic = decide({
      kind: 'BASIC_UNEMPLOYMENT_ALLOWANCE', status: 'GRANTED', appliedOn: applied, decidedOn: decidedAfter(applied), startsOn: starts,
      dailyAmountCents: UNEMPLOYMENT_DAILY, paymentDaysUsed: Math.min(paymentDays, maximum), maximumPaymentDays: maximum,
      labourPolicyStatement: statement(applied, `right to unemployment benefit from ${starts}, registered as a full-time job seeker`),
    });
    if (paymentDays >= maximum) {
      // The maximum period is used up: the basic allowance ends and the labour-market subsidy follows.
      basic.status = 'ENDED';
      basic.endsOn = addDays(starts, Math.ceil((maximum * 7) / 5) - 1);
      basic.reasoning = `Maximum period of ${maximum} payment days reached`;
      const next = addDays(basic.endsOn, 1);
      const nextApplied = addDays(basic.endsOn, -r.int(5, 30));
      decide({ kind: 'LABOUR_MARKET_SUBSIDY', status: 'GRANTED', appliedOn: nextApplied, decidedOn: decidedAfter(nextApplied), startsOn: next, dailyAmountCents: UNEMPLOYMENT_DAILY });
    }
    unemploymentBenefit = true;
  } else if (u < 0.77) {
    const applied = addDays(DEMO_TODAY, -r.int(1, 20));
    decide({ kind: 'LABOUR_MARKET_SUBSIDY', status: 'APPLIED', appliedOn: applied, startsOn: addDays(applied, -r.int(0, 7)) });
  } else if (u < 0.83) {
    const applied = addDays(DEMO_TODAY, -r.int(30, 300));
    const gist = r.pick(['full-time studies, no right to unemployment benefit', 'not registered as a job seeker, no right to unemployment benefit', 'works full time as an entrepreneur, no right to unemployment benefit']);
    decide({
      kind: 'LABOUR_MARKET_SUBSIDY', status: 'REJECTED', appliedOn: applied, decidedOn: decidedAfter(applied), startsOn: applied,
      labourPolicyStatement: statement(applied, gist), reasoning: 'The labour-policy statement gives no right to unemployment benefit',
    });
  }

  // Sickness allowance: paid for six days a week (Monday to Saturday), at most 300 payment days.
  if (r.chance(0.18)) {
    const starts = addDays(DEMO_TODAY, -r.int(20, 420));
    const applied = earlier(addDays(starts, r.int(3, 30)), DEMO_TODAY);
    const sick = decide({
      kind: 'SICKNESS_ALLOWANCE', status: 'GRANTED', appliedOn: applied, decidedOn: decidedAfter(applied), startsOn: starts,
      dailyAmountCents: SICKNESS_MIN_DAILY + r.int(0, 4500), maximumPaymentDays: SICKNESS_MAX_DAYS,
    });
    const sickDays = Math.floor((daysBetween(starts, DEMO_TODAY) * 6) / 7);
    if (r.chance(0.35)) {
      const length = r.int(14, Math.max(14, Math.min(200, daysBetween(starts, DEMO_TODAY))));
      Object.assign(sick, { status: 'ENDED', endsOn: addDays(starts, length), paymentDaysUsed: Math.floor((length * 6) / 7), reasoning: 'Able to work again according to the medical certificate' });
    } else if (sickDays >= SICKNESS_MAX_DAYS) {
      Object.assign(sick, { status: 'ENDED', endsOn: addDays(starts, Math.ceil((SICKNESS_MAX_DAYS * 7) / 6) - 1), paymentDaysUsed: SICKNESS_MAX_DAYS, reasoning: `Maximum period of ${SICKNESS_MAX_DAYS} payment days reached` });
      const clarification = open({
        startedOn: addDays(sick.endsOn!, -r.int(20, 60)), reason: 'POSSIBLE_DISABILITY_PENSION',
        note: 'The sickness allowance period is ending and work ability has not returned; the right to a disability pension is clarified',
      });
      if (r.chance(0.6)) conclude(clarification, addDays(clarification.startedOn, r.int(30, 120)), r.pick(['DISABILITY_PENSION', 'DISABILITY_PENSION', 'REHABILITATION'] as const));
    } else {
      // Ongoing until the end of the current medical certificate.
      Object.assign(sick, { endsOn: addDays(DEMO_TODAY, r.int(7, 60)), paymentDaysUsed: sickDays });
      if (sickDays >= LONG_SICKNESS_DAYS) {
        open({
          startedOn: earlier(addDays(starts, Math.ceil((LONG_SICKNESS_DAYS * 7) / 6) + r.int(0, 10)), DEMO_TODAY), reason: 'LONG_SICKNESS_ALLOWANCE_PERIOD',
          note: `Sickness allowance paid for over ${LONG_SICKNESS_DAYS} days; statement on remaining work ability requested from occupational health, need for vocational rehabilitation assessed`,
        });
      }
    }
  }

  // Rehabilitation: vocational rehabilitation comes with a rehabilitation allowance for its period.
  if (r.chance(0.22)) {
    const kind = r.pick(['VOCATIONAL_REHABILITATION', 'VOCATIONAL_REHABILITATION', 'VOCATIONAL_REHABILITATION', 'REHABILITATIVE_PSYCHOTHERAPY', 'REHABILITATIVE_PSYCHOTHERAPY', 'REHABILITATION_COURSE'] as const);
    const options = REHABILITATION[kind];
    const roll = r.next();
    const decision: RehabilitationOutcome = roll < 0.15 ? 'PENDING' : roll < 0.3 ? 'REJECTED' : 'GRANTED';
    const applied = decision === 'PENDING' ? addDays(DEMO_TODAY, -r.int(5, 40)) : addDays(DEMO_TODAY, -r.int(45, 600));
    const decidedOn = decision === 'PENDING' ? null : decidedAfter(applied, 14, 45);
    const starts = addDays(decidedOn ?? applied, r.int(14, 60));
    const ends = addDays(starts, r.int(...options.days));
    rehabilitation.push({
      id: r.id(), customerId: customer.id, kind, service: r.pick(options.services), appliedOn: date(applied), decidedOn: dateOrNull(decidedOn),
      decision, reasoning: decision === 'REJECTED' ? r.pick(REHABILITATION_REJECTIONS) : null, provider: r.pick(options.providers),
      startsOn: date(starts), endsOn: date(ends), decidedBy: decidedOn ? expert : null,
    });
    if (decision === 'GRANTED' && kind === 'VOCATIONAL_REHABILITATION') {
      const allowanceDecided = decidedAfter(decidedOn!, 0, 14);
      decide({
        kind: 'REHABILITATION_ALLOWANCE', status: ends < DEMO_TODAY ? 'ENDED' : 'GRANTED', appliedOn: decidedOn!, decidedOn: allowanceDecided,
        startsOn: starts, endsOn: ends, dailyAmountCents: UNEMPLOYMENT_DAILY + r.int(0, 2500),
        reasoning: ends < DEMO_TODAY ? 'The rehabilitation period ended' : null,
      });
    }
  }

  // General housing allowance: a monthly amount from the first day of a month, until further notice.
  const h = r.next();
  if (h < 0.38) {
    const starts = monthStart(addDays(DEMO_TODAY, -r.int(30, 900)));
    const applied = addDays(starts, r.int(-20, 10));
    decide({ kind: 'HOUSING_ALLOWANCE', status: 'GRANTED', appliedOn: applied, decidedOn: decidedAfter(applied, 10, 30), startsOn: starts, monthlyAmountCents: r.int(150, 560) * 100 + r.int(0, 99) });
  } else if (h < 0.42) {
    const applied = addDays(DEMO_TODAY, -r.int(1, 25));
    decide({ kind: 'HOUSING_ALLOWANCE', status: 'APPLIED', appliedOn: applied, startsOn: monthStart(applied) });
  } else if (h < 0.45) {
    const applied = addDays(DEMO_TODAY, -r.int(30, 400));
    decide({ kind: 'HOUSING_ALLOWANCE', status: 'REJECTED', appliedOn: applied, decidedOn: decidedAfter(applied, 10, 30), startsOn: monthStart(applied), reasoning: "The household's income exceeds the income limit" });
  }

  // Expense allowance of rehabilitative work activity: for those on an unemployment benefit who take part.
  if (unemploymentBenefit && r.chance(0.2)) {
    const starts = addDays(DEMO_TODAY, -r.int(10, 300));
    const ends = addDays(starts, r.int(90, 270));
    const applied = earlier(addDays(starts, r.int(0, 30)), DEMO_TODAY);
    decide({
      kind: 'REHABILITATIVE_WORK_EXPENSE_ALLOWANCE', status: ends < DEMO_TODAY ? 'ENDED' : 'GRANTED', appliedOn: applied,
      decidedOn: decidedAfter(applied), startsOn: starts, endsOn: ends, dailyAmountCents: EXPENSE_ALLOWANCE_DAILY,
      reasoning: ends < DEMO_TODAY ? 'The period of rehabilitative work activity ended' : null,
    });
  }

  // Other clarifications, started by the joint service (e.g. repeated sick leaves, rehabilitation need);
  // at most one open at a time.
  if (r.chance(0.08)) {
    const reason = r.pick(['INCAPACITY_FOR_WORK', 'REHABILITATION_NEED', 'POSSIBLE_DISABILITY_PENSION'] as const);
    const clarification = open({
      startedOn: addDays(DEMO_TODAY, -r.int(10, 600)), reason,
      note: r.pick([
        'Repeated sick leaves during the job search; work ability to be assessed before the next service',
        'Work-ability assessment of the wellbeing services county suggests vocational rehabilitation',
        'Customer reports being unable to work full time; medical statement requested',
      ]),
    });
    // Concluded within the demo's today when another clarification is open: never two open at once.
    const anotherOpen = clarifications.some((c) => c !== clarification && c.openForCustomer !== null);
    if (anotherOpen || r.chance(0.65)) {
      const on = addDays(clarification.startedOn, r.int(20, 150));
      conclude(clarification, anotherOpen ? earlier(on, DEMO_TODAY) : on, r.pick(['UNEMPLOYMENT_BENEFIT_CONTINUES', 'UNEMPLOYMENT_BENEFIT_CONTINUES', 'REHABILITATION', 'SICKNESS_ALLOWANCE', 'DISABILITY_PENSION'] as const));
    }
  }

  return {
    kelaCustomer: { customerId: customer.id, serviceOffice: r.pick(SERVICE_OFFICES[customer.homeMunicipality] ?? SERVICE_OFFICES.Helsinki) },
    benefits: benefits.map((b) => ({
      ...b, appliedOn: date(b.appliedOn), decidedOn: dateOrNull(b.decidedOn), startsOn: dateOrNull(b.startsOn), endsOn: dateOrNull(b.endsOn),
    })),
    payments: payments(r, customer.id, benefits),
    rehabilitation,
    clarifications: clarifications.map((c) => ({ ...c, startedOn: date(c.startedOn), concludedOn: dateOrNull(c.concludedOn) })),
  };
}

/** Days of [from, to] that the decision's period covers. */
function overlap(d: DecisionRow, from: Day, to: Day): number {
  const first = later(d.startsOn!, from);
  const last = earlier(d.endsOn ?? to, to);
  return last < first ? 0 : daysBetween(first, last) + 1;
}

/** A payment falls due on its day, or is paid retroactively a few days after a later decision. */
const paymentDay = (r: Random, due: Day, d: DecisionRow) => later(due, addDays(d.decidedOn!, r.int(1, 5)));

/**
 * The payments of the last four four-week periods (the unemployment benefits are paid in arrears every four
 * weeks) and of the last four months (the housing allowance, on the first day of the month it is for).
 * Days covered by a sickness or rehabilitation allowance are not paid as unemployment benefit.
 */
function payments(r: Random, customerId: string, decisions: DecisionRow[]) {
  const paid = decisions.filter((d) => (d.status === 'GRANTED' || d.status === 'ENDED') && d.startsOn !== null);
  const replacing = paid.filter((d) => REPLACING_KINDS.includes(d.kind));
  const rows = [];
  const offset = r.int(0, 13);
  for (let k = 0; k < 4; k++) {
    const ends = addDays(DEMO_TODAY, -7 - offset - 28 * k);
    const starts = addDays(ends, -27);
    const due = addDays(ends, r.int(2, 6));
    for (const d of paid) {
      if (d.dailyAmountCents === null) continue;
      const days = overlap(d, starts, ends);
      if (days === 0) continue;
      let paymentDays: number;
      if (REPLACING_KINDS.includes(d.kind)) paymentDays = Math.round((days * 6) / 7);
      else if (UNEMPLOYMENT_KINDS.includes(d.kind)) {
        const from = later(d.startsOn!, starts);
        const to = earlier(d.endsOn ?? ends, ends);
        const replaced = replacing.reduce((sum, x) => sum + overlap(x, from, to), 0);
        paymentDays = Math.round((Math.max(0, days - replaced) * 5) / 7);
      } else paymentDays = Math.round((days / 7) * r.int(3, 4)); // days of participation, three or four a week
      if (paymentDays === 0) continue;
      let gross = paymentDays * d.dailyAmountCents;
      // Adjusted (soviteltu) unemployment benefit: part-time earnings reduce the payment.
      if (UNEMPLOYMENT_KINDS.includes(d.kind) && r.chance(0.15)) gross = Math.round((gross * r.int(40, 90)) / 100);
      const paidOn = paymentDay(r, due, d);
      if (paidOn > DEMO_TODAY) continue;
      rows.push({
        id: r.id(), customerId, decisionId: d.id, kind: d.kind, paidOn: date(paidOn),
        startsOn: date(later(d.startsOn!, starts)), endsOn: date(earlier(d.endsOn ?? ends, ends)), grossAmountCents: gross,
      });
    }
  }
  for (const d of paid.filter((x) => x.kind === 'HOUSING_ALLOWANCE' && x.monthlyAmountCents !== null)) {
    for (let k = 0; k < 4; k++) {
      const month = monthStart(DEMO_TODAY, k);
      const paidOn = paymentDay(r, month, d);
      if (month < d.startsOn! || (d.endsOn !== null && d.endsOn < month) || paidOn > DEMO_TODAY) continue;
      rows.push({
        id: r.id(), customerId, decisionId: d.id, kind: d.kind, paidOn: date(paidOn),
        startsOn: date(month), endsOn: date(addDays(monthStart(DEMO_TODAY, k - 1), -1)), grossAmountCents: d.monthlyAmountCents!,
      });
    }
  }
  return rows;
}

export async function seedKela(db: PrismaClient, log: Logger): Promise<boolean> {
  await seedHomeMunicipalities(db, db.customerHomeMunicipality);
  if (await hasRows(db, 'KelaCustomer')) return false;
  const all = demoPopulation().map(customerRows);
  // One transaction: a seed interrupted half-way leaves an empty register, and the next start seeds again.
  await db.$transaction(async (tx) => {
    await insertInChunks(tx.kelaCustomer, all.map((c) => c.kelaCustomer));
    await insertInChunks(tx.benefitDecision, all.flatMap((c) => c.benefits));
    await insertInChunks(tx.benefitPayment, all.flatMap((c) => c.payments));
    await insertInChunks(tx.rehabilitationDecision, all.flatMap((c) => c.rehabilitation));
    await insertInChunks(tx.primaryBenefitClarification, all.flatMap((c) => c.clarifications));
    await seedFormerCustomers(tx as unknown as PrismaClient);
  }, { timeout: 120_000, maxWait: 10_000 });
  log.info('kela register seeded', { customers: all.length });
  return true;
}

/** Kela's data of the former customers (shared/src/demo/former-customers.ts): an ended customer relationship and one ended benefit. */
async function seedFormerCustomers(db: PrismaClient) {
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  for (const f of DEMO_FORMER_CUSTOMERS) {
    if (!f.kela) continue;
    await db.customerHomeMunicipality.create({ data: { customerId: f.id, municipality: f.homeMunicipality } });
    await db.kelaCustomer.create({ data: { customerId: f.id, serviceOffice: 'Kela Kerava', customerRelationshipEndedOn: day(f.kela.customerRelationshipEndedOn) } });
    await db.benefitDecision.create({ data: {
      id: `e3${f.id.slice(2)}`, customerId: f.id, kind: 'LABOUR_MARKET_SUBSIDY', status: 'ENDED', appliedOn: day(f.kela.since), decidedOn: day(f.kela.since),
      startsOn: day(f.kela.since), endsOn: day(f.kela.customerRelationshipEndedOn), dailyAmountCents: 3767, decidedBy: FORMER_OFFICIALS.KELA.id,
    } });
  }
}
