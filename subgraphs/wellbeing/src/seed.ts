// Demo data of the wellbeing services county's registers, derived from the shared deterministic
// population: social situation, social-welfare services, health and substance-abuse services, work-ability
// assessments (DOMAIN.md "Wellbeing services county") and rehabilitative work activity with its
// activation plan (./activation.ts, the recipe shared with the employment register).
// The first demo customer (the `customer` preset, who has consents for the third-party presets) has a bit
// of everything, so that every preset has something to see.
import { seedHomeMunicipalities } from '@cg/shared/src/graphql/home-municipalities';
import { hasRows, insertInChunks } from '@cg/shared/src/demo/insert';
import { DEMO_FORMER_CUSTOMERS, FORMER_OFFICIALS } from '@cg/shared/src/demo/former-customers';
import { DEMO_TODAY, DemoCustomer, Random, addDays, demoPopulation, officialsOf, randomFor } from '@cg/shared/src/demo/population';
import type { Logger } from '@cg/shared/src/log';
import { DemoActivationPlan, demoActivationPlan } from '@cg/shared/src/demo/activation';
import type { PrismaClient } from './generated/prisma/client';
import type {
  Attendance, Profession, ServiceState, SocialWelfareServiceKind, SubstanceAbuseTreatmentKind, WorkAbilityResult,
} from './generated/prisma/enums';

const date = (d: string) => new Date(`${d}T00:00:00Z`);
const daysFrom = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** The county (or Helsinki, which organises its own services) and its units, by home municipality. */
const AREAS: Record<string, { area: string; healthStation: string; socialOffice: string; substanceUnit: string }> = {
  Helsinki: { area: 'Helsingin kaupunki', healthStation: 'Kalasataman terveysasema', socialOffice: 'Aikuissosiaalityö, Sörnäinen', substanceUnit: 'Helsingin A-klinikka' },
  Espoo: { area: 'Länsi-Uudenmaan hyvinvointialue', healthStation: 'Leppävaaran terveysasema', socialOffice: 'Aikuissosiaalityö, Leppävaara', substanceUnit: 'Espoon A-klinikka' },
  Vantaa: { area: 'Vantaan ja Keravan hyvinvointialue', healthStation: 'Tikkurilan terveysasema', socialOffice: 'Aikuissosiaalityö, Tikkurila', substanceUnit: 'Vantaan A-klinikka' },
  Kerava: { area: 'Vantaan ja Keravan hyvinvointialue', healthStation: 'Keravan terveysasema', socialOffice: 'Aikuissosiaalityö, Kerava', substanceUnit: 'Keravan päihdepoliklinikka' },
  Järvenpää: { area: 'Keski-Uudenmaan hyvinvointialue', healthStation: 'Järvenpään terveysasema', socialOffice: 'Aikuisten sosiaalipalvelut, Järvenpää', substanceUnit: 'Järvenpään A-klinikka' },
  Tuusula: { area: 'Keski-Uudenmaan hyvinvointialue', healthStation: 'Hyrylän terveysasema', socialOffice: 'Aikuisten sosiaalipalvelut, Tuusula', substanceUnit: 'Keski-Uudenmaan päihdepalvelut, Hyrylä' },
  Porvoo: { area: 'Itä-Uudenmaan hyvinvointialue', healthStation: 'Porvoon terveyskeskus', socialOffice: 'Aikuissosiaalityö, Porvoo', substanceUnit: 'Porvoon A-klinikka' },
  Mäntsälä: { area: 'Keski-Uudenmaan hyvinvointialue', healthStation: 'Mäntsälän terveysasema', socialOffice: 'Aikuisten sosiaalipalvelut, Mäntsälä', substanceUnit: 'Keski-Uudenmaan päihdepalvelut, Järvenpää' },
  Pornainen: { area: 'Keski-Uudenmaan hyvinvointialue', healthStation: 'Pornaisten terveysasema', socialOffice: 'Aikuisten sosiaalipalvelut, Järvenpää', substanceUnit: 'Keski-Uudenmaan päihdepalvelut, Järvenpää' },
  Rovaniemi: { area: 'Lapin hyvinvointialue', healthStation: 'Rovaniemen terveyskeskus', socialOffice: 'Aikuissosiaalityö, Rovaniemi', substanceUnit: 'Rovaniemen A-klinikka' },
  Kemi: { area: 'Lapin hyvinvointialue', healthStation: 'Kemin terveyskeskus', socialOffice: 'Aikuissosiaalityö, Kemi', substanceUnit: 'Kemin päihdepalvelut' },
};

// Health-care staff are not officials of the joint service (seed 003 Liite 2), so they are named here.
const STAFF: Record<Exclude<Profession, 'SOCIAL_WORKER' | 'SOCIAL_INSTRUCTOR' | 'PUBLIC_HEALTH_NURSE'>, string[]> = {
  PHYSICIAN: ['Heikki Aalto', 'Katja Mustonen', 'Olli Räsänen'],
  OCCUPATIONAL_HEALTH_PHYSICIAN: ['Marjut Lindqvist'],
  PSYCHIATRIST: ['Jussi Kiviniemi'],
  PSYCHOLOGIST: ['Tiina Vainio', 'Eveliina Hirvonen'],
  PSYCHIATRIC_NURSE: ['Sini Hakala', 'Mari Österberg'],
  PHYSIOTHERAPIST: ['Jenni Koivisto'],
  OCCUPATIONAL_THERAPIST: ['Paula Honkanen'],
  SUBSTANCE_ABUSE_WORKER: ['Marko Rinne', 'Heidi Saari'],
  PEER_SUPPORTER: ['Raimo Lund'],
};
const SOCIAL_WORKERS = officialsOf('WELLBEING', 'KESKI_UUSIMAA').filter((o) => o.role === 'SOCIAL_WORKER' || o.role === 'SOCIAL_INSTRUCTOR');
const NURSE = officialsOf('WELLBEING', 'KESKI_UUSIMAA').find((o) => o.role === 'PUBLIC_HEALTH_NURSE')!;
const WORK_ABILITY_COORDINATOR = officialsOf('WELLBEING', 'KESKI_UUSIMAA').find((o) => o.role === 'WORK_ABILITY_COORDINATOR')!;

const HOUSING = ['Rental flat', 'Rental flat, rent in arrears', 'Owner-occupied flat', 'Lives with parents', 'Supported housing', 'Sublet room', 'Homeless, temporary accommodation at a shelter'];
const LIVELIHOOD = ['Labour-market subsidy and housing allowance', 'Basic unemployment allowance', 'Labour-market subsidy and supplementary social assistance', 'Sickness allowance', 'No regular income'];
const FAMILY = ['Single', 'Single parent of two children', 'Married, three children', 'Cohabiting, no children', 'Divorced, the children live with the other parent'];
const DEBTS = ['No debts', 'Consumer credit debts of about 8,000 €', 'Payment default entries; enforcement ongoing', 'Rent arrears of two months', 'Debt adjustment (velkajärjestely) ongoing', 'Student loan only'];
const EVERYDAY_SKILLS = ['Manages independently', 'Needs support with managing money', 'Irregular daily rhythm', 'Needs help with errands and applications', 'Manages with the support of a family member'];

const SOCIAL_SERVICES: [SocialWelfareServiceKind, string][] = [
  ['SOCIAL_WORK', 'Adult social work: client plan and follow-up'],
  ['SOCIAL_GUIDANCE', 'Social guidance: help with applications and errands'],
  ['SOCIAL_REHABILITATION', 'Social rehabilitation group, two days a week'],
  ['HOUSING_SERVICES', 'Housing advice on rent arrears'],
  ['HOUSING_SERVICES', 'Supported housing'],
  ['DEBT_COUNSELLING', 'Financial and debt counselling'],
  ['FAMILY_SERVICES', 'Family work (perhetyö)'],
];
const ASSISTANCE_PURPOSES: [string, 'SUPPLEMENTARY' | 'PREVENTIVE', number][] = [
  ['Rent deposit', 'SUPPLEMENTARY', 900], ['Medicine costs', 'SUPPLEMENTARY', 120], ['Dental care costs', 'SUPPLEMENTARY', 350],
  ['Furniture for a new home', 'SUPPLEMENTARY', 600], ['Spectacles', 'SUPPLEMENTARY', 250],
  ['Rent arrears, to prevent eviction', 'PREVENTIVE', 1100], ['Electricity bill arrears', 'PREVENTIVE', 300],
];

const HEALTH_VISITS: [string, string, Profession][] = [
  ['Fatigue and low mood', 'Depression screening done; referred to the psychiatric nurse', 'PHYSICIAN'],
  ['Back pain', 'Lumbar pain without radiation; physiotherapy guidance', 'PHYSICIAN'],
  ['Health examination for the unemployed', 'Työttömien terveystarkastus; no acute findings, blood pressure to be followed', 'PUBLIC_HEALTH_NURSE'],
  ['Sleep problems', 'Sleep hygiene advice; follow-up in a month', 'PUBLIC_HEALTH_NURSE'],
  ['Blood pressure check', 'Blood pressure elevated; home monitoring for two weeks', 'PUBLIC_HEALTH_NURSE'],
  ['Diabetes follow-up', 'Blood sugar balance moderate; medication continues', 'PHYSICIAN'],
  ['Shoulder pain', 'Strain of the shoulder; no lifting above shoulder height for four weeks', 'PHYSIOTHERAPIST'],
  ['Anxiety', 'Panic symptoms; short therapy with the psychiatric nurse agreed', 'PSYCHIATRIC_NURSE'],
];
const DIAGNOSES: [string, boolean][] = [
  ['Moderate depressive episode', false], ['Type 2 diabetes', true], ['Chronic low back pain', true], ['Hypertension', true],
  ['Generalised anxiety disorder', true], ['Insomnia', false], ['Asthma', true], ['Attention deficit disorder (ADHD) in an adult', true],
];
const CARE_PLAN_NOTES = [
  'Goal: regular daily rhythm and sleep; follow-up visit with the nurse in four weeks',
  'Medication reviewed; continues unchanged',
  'Physiotherapy exercises at home three times a week',
  'Short therapy of ten sessions; work ability to be assessed afterwards',
  'Home blood-pressure values to the nurse; laboratory tests before the next visit',
];
const REFERRALS: [string, string][] = [
  ['Psychiatric outpatient clinic', 'Depression not responding to first-line treatment'],
  ['Physiotherapy', 'Recurring back pain limiting work'],
  ['Occupational therapy assessment', 'Functional capacity in everyday tasks to be assessed'],
  ['Psychological assessment', 'Cognitive difficulties affecting training'],
  ['Internal medicine outpatient clinic', 'Diabetes balance poor despite medication'],
];
const SUBSTANCE_VISITS = [
  'Alcohol use reduced; AUDIT score 14',
  'Relapse last weekend; plan reviewed',
  'Discussion of cannabis use and sleep',
  'Motivational interview; goal to drink only at weekends',
  'Urine screen negative; treatment continues',
];
const TREATMENTS: [SubstanceAbuseTreatmentKind, (unit: string) => string, string][] = [
  ['OUTPATIENT_TREATMENT', (unit) => unit, 'Weekly visits, goal to reduce alcohol use'],
  ['DETOXIFICATION', () => 'Katkaisuhoitoasema, Järvenpää', 'Five-day detoxification'],
  ['INPATIENT_REHABILITATION', () => 'Päihdekuntoutusyksikkö Tervala', 'Four-week inpatient rehabilitation'],
  ['OPIOID_SUBSTITUTION', () => 'Korvaushoitopoliklinikka', 'Buprenorphine-naloxone substitution treatment'],
  ['PEER_SUPPORT', () => 'A-kilta peer-support group', 'Weekly peer-support group'],
];
const RESULTS: WorkAbilityResult[] = ['FIT', 'PARTIALLY_FIT', 'PARTIALLY_FIT', 'UNFIT_TEMPORARILY', 'UNFIT'];
const RECOMMENDATIONS: Record<WorkAbilityResult, string[]> = {
  FIT: ['Suited to work on the open labour market', 'Job search and training as planned'],
  PARTIALLY_FIT: ['Part-time work or a work trial; consider vocational rehabilitation (Kela)', 'Rehabilitative work activity to build stamina'],
  UNFIT_TEMPORARILY: ['Treatment of depression first; reassess in six months', 'Sickness allowance; a rehabilitation plan to be made'],
  UNFIT: ['Apply for a disability pension; pension assessment by the pension institution', 'Clarify the primary benefit with Kela'],
};
const RESTRICTIONS = ['No lifting over 10 kg', 'No night shifts', 'At most four hours a day', 'No work at heights', 'No work requiring long standing'];
const ASSESSORS: Profession[] = ['PHYSICIAN', 'OCCUPATIONAL_HEALTH_PHYSICIAN', 'PSYCHOLOGIST', 'PHYSIOTHERAPIST', 'OCCUPATIONAL_THERAPIST'];
const REVIEW_OUTCOMES = ['Attendance regular; continues as planned', 'Some absences; transport arranged', 'Motivated; tasks widened to customer service', 'Continues as planned; work-ability assessment to be booked'];

function stateOf(r: Random, startsOn: string, endsOn: string): ServiceState {
  if (startsOn > DEMO_TODAY) return r.pick(['APPLIED', 'PLANNED'] as const);
  if (endsOn > DEMO_TODAY) return 'ONGOING';
  return r.chance(0.2) ? 'INTERRUPTED' : 'COMPLETED';
}

/** The attendance days of the work activity up to the demo day: the agreed weekdays of each week. */
function attendanceDays(r: Random, customerId: string, planId: string, plan: DemoActivationPlan) {
  const weekdays = r.some([1, 2, 3, 4, 5], plan.daysPerWeek, plan.daysPerWeek);
  const reliability = r.pick([0.95, 0.88, 0.75]);
  const days = [];
  for (let day = plan.periodStart; day <= earlier(plan.periodEnd, addDays(DEMO_TODAY, -1)); day = addDays(day, 1)) {
    if (!weekdays.includes(date(day).getUTCDay())) continue;
    const roll = r.next();
    const attendance: Attendance = roll < reliability ? 'PRESENT'
      : roll < reliability + (1 - reliability) / 2 ? 'ABSENT_SICK'
        : roll < reliability + (1 - reliability) * 0.8 ? 'ABSENT_NOTIFIED' : 'ABSENT_WITHOUT_NOTICE';
    days.push({
      id: r.id(), customerId, planId, date: date(day), attendance,
      hours: attendance === 'PRESENT' ? plan.hoursPerDay : 0,
      note: attendance === 'ABSENT_SICK' ? r.pick(['Flu', 'Migraine', 'Stomach flu'])
        : attendance === 'ABSENT_NOTIFIED' ? r.pick(["Doctor's appointment", 'Appointment at the social office', 'Child ill'])
          : attendance === 'ABSENT_WITHOUT_NOTICE' ? 'Did not arrive; no contact' : null,
    });
  }
  return days;
}

function customerRows(customer: DemoCustomer) {
  const r = randomFor(customer, 'wellbeing');
  const rich = customer.index === 0;
  const has = (p: number) => r.chance(p) || rich;
  const started = customer.customershipStartedOn;
  /** A day between `from` and `to` (at most the demo day). */
  const between = (from: string, to: string) => {
    const last = earlier(to, DEMO_TODAY);
    return from >= last ? last : addDays(from, r.int(0, daysFrom(from, last)));
  };
  const units = AREAS[customer.homeMunicipality];
  const responsible = customer.responsibleOfficials.WELLBEING;
  const socialWorker = SOCIAL_WORKERS.some((o) => o.id === responsible.id) ? responsible : r.pick(SOCIAL_WORKERS);
  const staff = (profession: Profession) =>
    profession === 'PUBLIC_HEALTH_NURSE' ? NURSE.name
      : profession === 'SOCIAL_WORKER' || profession === 'SOCIAL_INSTRUCTOR' ? socialWorker.name : r.pick(STAFF[profession]);
  const id = customer.id;

  const activation = demoActivationPlan(customer);
  const planId = activation?.id ?? r.id();
  const plan = activation && {
    id: planId, customerId: id, drawnUpOn: date(activation.drawnUpOn), placeName: activation.placeName,
    daysPerWeek: activation.daysPerWeek, hoursPerDay: activation.hoursPerDay, goals: activation.goals,
    periodStart: date(activation.periodStart), periodEnd: date(activation.periodEnd), nextReviewOn: date(activation.nextReviewOn),
  };
  // A follow-up before the first review date, so that the plan still has the recipe's values.
  const followUpOn = activation && addDays(activation.drawnUpOn, r.int(30, 60));
  const reviews = activation && followUpOn! < DEMO_TODAY && r.chance(0.6) ? [{
    id: r.id(), customerId: id, planId, reviewedOn: date(followUpOn!), outcome: r.pick(REVIEW_OUTCOMES),
    goals: null, nextReviewOn: null, periodEnd: null, reviewedBy: responsible.id,
  }] : [];

  const diagnoses = has(0.45) ? r.some(DIAGNOSES, 1, 2).map(([description, longTerm]) => {
    const diagnosedOn = between(addDays(started, -r.int(0, 1500)), DEMO_TODAY);
    return {
      id: r.id(), customerId: id, description, diagnosedOn: date(diagnosedOn), longTerm,
      resolvedOn: !longTerm && r.chance(0.5) ? date(between(addDays(diagnosedOn, 60), addDays(diagnosedOn, 300))) : null,
    };
  }) : [];

  const socialServices = has(0.6) ? r.some(SOCIAL_SERVICES, 1, 3).map(([kind, description]) => {
    const startsOn = addDays(started, r.int(-200, 400));
    const endsOn = addDays(startsOn, r.int(60, 400));
    const state = stateOf(r, startsOn, endsOn);
    return {
      id: r.id(), customerId: id, kind, description, unit: units.socialOffice, state,
      decidedOn: state === 'APPLIED' ? null : date(earlier(addDays(startsOn, -r.int(3, 20)), DEMO_TODAY)),
      startsOn: date(startsOn),
      endsOn: state === 'COMPLETED' || state === 'INTERRUPTED' ? date(endsOn) : null,
      responsibleWorker: socialWorker.name,
      interruptionReason: state === 'INTERRUPTED' ? r.pick(['Customer did not attend', 'Moved to another municipality', 'Started inpatient treatment']) : null,
    };
  }) : [];

  return {
    client: [{
      customerId: id, serviceArea: units.area,
      // Many were clients of the social services before the joint service; the rest became clients through it.
      clientSince: date(r.chance(0.6) ? addDays(started, -r.int(30, 1500)) : between(started, addDays(started, 30))),
    }],
    socialSituation: has(0.7) ? [{
      customerId: id, housing: r.pick(HOUSING), livelihood: r.pick(LIVELIHOOD), familySituation: r.pick(FAMILY),
      debts: r.pick(DEBTS), everydayLifeSkills: r.pick(EVERYDAY_SKILLS), assessedOn: date(between(started, addDays(started, 90))),
      assessedBy: socialWorker.name, assessorProfession: socialWorker.role as Profession,
    }] : [],
    socialWelfareServices: socialServices,
    socialAssistanceDecisions: has(0.35) ? Array.from({ length: r.int(1, 4) }, () => {
      const [purpose, kind, typical] = r.pick(ASSISTANCE_PURPOSES);
      const appliedOn = between(addDays(started, -300), DEMO_TODAY);
      const outcome = r.pick(['GRANTED', 'GRANTED', 'GRANTED', 'PARTLY_GRANTED', 'REJECTED'] as const);
      return {
        id: r.id(), customerId: id, kind, purpose, appliedOn: date(appliedOn),
        // The decision is due within seven working days of the application.
        decidedOn: date(earlier(addDays(appliedOn, r.int(1, 9)), DEMO_TODAY)), outcome,
        amountEur: outcome === 'REJECTED' ? null : Math.round(typical * (outcome === 'PARTLY_GRANTED' ? 0.5 : r.int(80, 120) / 100)),
        decidedBy: r.pick(SOCIAL_WORKERS).name,
      };
    }) : [],
    healthVisits: has(0.65) ? Array.from({ length: r.int(1, 5) }, () => {
      const [reason, summary, profession] = r.pick(HEALTH_VISITS);
      return {
        id: r.id(), customerId: id, visitedOn: date(between(addDays(started, -365), DEMO_TODAY)), unit: units.healthStation,
        professional: staff(profession), profession, mode: r.pick(['IN_PERSON', 'IN_PERSON', 'IN_PERSON', 'PHONE', 'VIDEO', 'HOME_VISIT'] as const),
        reason, summary,
      };
    }) : [],
    diagnoses,
    carePlanNotes: diagnoses.length > 0 ? Array.from({ length: r.int(rich ? 1 : 0, 2) }, () => {
      const profession = r.pick(['PHYSICIAN', 'PUBLIC_HEALTH_NURSE', 'PSYCHIATRIC_NURSE'] as const);
      return { id: r.id(), customerId: id, writtenOn: date(between(addDays(started, -200), DEMO_TODAY)), writtenBy: staff(profession), profession, note: r.pick(CARE_PLAN_NOTES) };
    }) : [],
    healthReferrals: has(0.25) ? [(() => {
      const [referredTo, reason] = r.pick(REFERRALS);
      return {
        id: r.id(), customerId: id, referredOn: date(between(started, DEMO_TODAY)), referredTo, reason,
        referredBy: staff('PHYSICIAN'), state: r.pick(['SENT', 'ACCEPTED', 'COMPLETED', 'COMPLETED', 'DECLINED'] as const),
      };
    })()] : [],
    ...substanceAbuse(r, has(0.12), id, started, units.substanceUnit, between, staff),
    // A second assessment only when there has been time for one after the first.
    workAbilityAssessments: has(activation ? 0.6 : 0.3) ? Array.from({ length: addDays(started, 230) < DEMO_TODAY ? r.int(1, 2) : 1 }, (_, i) => {
      const result = r.pick(RESULTS);
      const profession = r.pick(ASSESSORS);
      return {
        id: r.id(), customerId: id, assessedOn: date(between(addDays(started, 30 + i * 200), addDays(started, 200 + i * 200))),
        assessorName: staff(profession), assessorProfession: profession, result,
        recommendations: r.pick(RECOMMENDATIONS[result]),
        restrictions: result === 'FIT' ? null : r.some(RESTRICTIONS, 1, 2).join('; '),
        recordedBy: r.chance(0.5) ? WORK_ABILITY_COORDINATOR.id : responsible.id,
      };
    }) : [],
    activationPlans: plan ? [plan] : [],
    activationPlanReviews: reviews,
    attendanceDays: activation ? attendanceDays(r, id, planId, activation) : [],
  };
}

function substanceAbuse(
  r: Random, present: boolean, customerId: string, started: string, unit: string,
  between: (from: string, to: string) => string, staff: (p: Profession) => string,
) {
  if (!present) return { substanceAbuseVisits: [], substanceAbuseTreatmentPeriods: [] };
  const visits = Array.from({ length: r.int(1, 6) }, () => {
    const profession = r.pick(['SUBSTANCE_ABUSE_WORKER', 'SUBSTANCE_ABUSE_WORKER', 'PSYCHIATRIC_NURSE', 'PHYSICIAN'] as const);
    return { id: r.id(), customerId, visitedOn: date(between(addDays(started, -180), DEMO_TODAY)), unit, professional: staff(profession), profession, summary: r.pick(SUBSTANCE_VISITS) };
  });
  const periods = r.some(TREATMENTS, 1, 2).map(([kind, unitOf, notes]) => {
    const startsOn = between(addDays(started, -200), DEMO_TODAY);
    const endsOn = addDays(startsOn, kind === 'DETOXIFICATION' ? 5 : kind === 'INPATIENT_REHABILITATION' ? 28 : r.int(90, 400));
    const state = stateOf(r, startsOn, endsOn);
    return {
      id: r.id(), customerId, kind, unit: unitOf(unit), startsOn: date(startsOn),
      endsOn: state === 'COMPLETED' || state === 'INTERRUPTED' ? date(endsOn) : null, state, notes,
    };
  });
  return { substanceAbuseVisits: visits, substanceAbuseTreatmentPeriods: periods };
}

export async function seedWellbeing(db: PrismaClient, log: Logger): Promise<boolean> {
  await seedHomeMunicipalities(db, db.customerHomeMunicipality);
  if (await hasRows(db, 'Client')) return false;
  const all = demoPopulation().map(customerRows);
  const collect = <K extends keyof ReturnType<typeof customerRows>>(key: K) => all.flatMap((c) => c[key] as unknown[]) as never[];
  // One transaction: a seed interrupted half-way leaves an empty register, and the next start seeds again.
  await db.$transaction(async (tx) => {
    await insertInChunks(tx.client, collect('client'));
    await insertInChunks(tx.socialSituation, collect('socialSituation'));
    await insertInChunks(tx.socialWelfareService, collect('socialWelfareServices'));
    await insertInChunks(tx.socialAssistanceDecision, collect('socialAssistanceDecisions'));
    await insertInChunks(tx.healthVisit, collect('healthVisits'));
    await insertInChunks(tx.diagnosis, collect('diagnoses'));
    await insertInChunks(tx.carePlanNote, collect('carePlanNotes'));
    await insertInChunks(tx.healthReferral, collect('healthReferrals'));
    await insertInChunks(tx.substanceAbuseVisit, collect('substanceAbuseVisits'));
    await insertInChunks(tx.substanceAbuseTreatmentPeriod, collect('substanceAbuseTreatmentPeriods'));
    await insertInChunks(tx.workAbilityAssessment, collect('workAbilityAssessments'));
    await insertInChunks(tx.activationPlan, collect('activationPlans'));
    await insertInChunks(tx.activationPlanReview, collect('activationPlanReviews'));
    await insertInChunks(tx.attendanceDay, collect('attendanceDays'));
    await seedFormerCustomers(tx as unknown as PrismaClient);
  }, { timeout: 120_000, maxWait: 10_000 });
  log.info('wellbeing register seeded', { customers: all.length, activationPlans: collect('activationPlans').length, attendanceDays: collect('attendanceDays').length });
  return true;
}

/** The county's data of the former customers (shared/src/demo/former-customers.ts): an ended client relationship and one service. */
async function seedFormerCustomers(db: PrismaClient) {
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  for (const f of DEMO_FORMER_CUSTOMERS) {
    if (!f.wellbeing) continue;
    await db.customerHomeMunicipality.create({ data: { customerId: f.id, municipality: f.homeMunicipality } });
    await db.client.create({ data: {
      customerId: f.id, clientSince: day(f.wellbeing.clientSince), serviceArea: f.homeMunicipality, clientRelationshipEndedOn: day(f.wellbeing.clientRelationshipEndedOn),
    } });
    await db.socialWelfareService.create({ data: {
      id: `e2${f.id.slice(2)}`, customerId: f.id, kind: 'DEBT_COUNSELLING', description: 'Debt counselling (demo)', unit: 'Social services',
      state: 'COMPLETED', decidedOn: day(f.wellbeing.clientSince), startsOn: day(f.wellbeing.clientSince), endsOn: day(f.wellbeing.clientRelationshipEndedOn),
      responsibleWorker: FORMER_OFFICIALS.WELLBEING.name,
    } });
  }
}
