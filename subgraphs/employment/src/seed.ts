// Demo data of the employment authority's registers, derived from the shared deterministic population:
// URA job-seeker data (seed 001 § 10), municipal employment services (seed 004 § 6), the employer
// customers, and the authority's copy of the activation plan (189/2001 § 12).
import { seedHomeMunicipalities } from '@cg/shared/src/graphql/home-municipalities';
import { hasRows, insertInChunks } from '@cg/shared/src/demo/insert';
import { DEMO_FORMER_CUSTOMERS, FORMER_OFFICIALS } from '@cg/shared/src/demo/former-customers';
import { demoActivationPlan } from '@cg/shared/src/demo/activation';
import {
  DEMO_TODAY, DemoCustomer, MUNICIPALITIES, Random, addDays, demoPopulation, officialsOf, randomFor,
} from '@cg/shared/src/demo/population';
import type { Logger } from '@cg/shared/src/log';
import type { Prisma, PrismaClient } from './generated/prisma/client';

const date = (d: string) => new Date(`${d}T00:00:00Z`);
const earlier = (a: string, b: string) => (a < b ? a : b);
/** A random day from `from` to `to`, never after the demo world's today. */
const between = (r: Random, from: string, to: string = DEMO_TODAY) => {
  const last = earlier(to, DEMO_TODAY);
  if (from >= last) return last;
  return addDays(from, r.int(0, Math.round((date(last).getTime() - date(from).getTime()) / 86_400_000)));
};
const at = (day: string, r: Random) => new Date(`${day}T${String(r.int(8, 15)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45'])}:00Z`);

// ---- The activation plan, shared with the wellbeing services county -----------------------------

/**
 * The activation plan of rehabilitative work activity is kept both in the wellbeing services county's
 * social-welfare register and in the employment authority's register (189/2001 § 12): both seeds take
 * it from the one recipe in shared/src/demo/activation.ts.
 */
function activationPlanRow(customer: DemoCustomer): Prisma.ActivationPlanCreateManyInput | null {
  const plan = demoActivationPlan(customer);
  if (!plan) return null;
  return {
    id: plan.id, customerId: customer.id, drawnUpOn: date(plan.drawnUpOn), goals: plan.goals, placeName: plan.placeName,
    daysPerWeek: plan.daysPerWeek, hoursPerDay: plan.hoursPerDay, periodStart: date(plan.periodStart),
    periodEnd: date(plan.periodEnd), nextReviewOn: date(plan.nextReviewOn),
  };
}

// ---- Employer customers (seed 004 § 6) ----------------------------------------------------------

const GENITIVE: Record<string, string> = {
  Helsinki: 'Helsingin', Espoo: 'Espoon', Vantaa: 'Vantaan', Kerava: 'Keravan', Järvenpää: 'Järvenpään', Tuusula: 'Tuusulan', Porvoo: 'Porvoon',
  Mäntsälä: 'Mäntsälän', Pornainen: 'Pornaisten', Rovaniemi: 'Rovaniemen', Kemi: 'Kemin',
};

interface Sector { sector: string; name: string; skills: string[]; tasks: string[]; thirdSector?: boolean }
const SECTORS: Sector[] = [
  { sector: 'Logistics', name: 'Logistiikka Oy', skills: ['forklift licence', 'warehouse management systems', 'driving licence C'], tasks: ['Warehouse worker', 'Order picker', 'Delivery driver'] },
  { sector: 'Property services', name: 'Kiinteistöpalvelut Oy', skills: ['cleaning', 'property maintenance', 'occupational safety card'], tasks: ['Cleaner', 'Property maintenance worker'] },
  { sector: 'Construction', name: 'Rakennus Oy', skills: ['occupational safety card', 'hot work licence', 'carpentry'], tasks: ['Construction worker', "Carpenter's assistant"] },
  { sector: 'Care services', name: 'Hoivapalvelut Oy', skills: ['practical nursing', 'medication administration', 'Finnish B1'], tasks: ['Care assistant', 'Practical nurse'] },
  { sector: 'Restaurants and catering', name: 'Ravintolapalvelut Oy', skills: ['hygiene passport', 'alcohol passport', 'cooking'], tasks: ['Kitchen assistant', 'Cook', 'Waiter'] },
  { sector: 'Retail', name: 'Kauppa Oy', skills: ['customer service', 'cash register', 'stock management'], tasks: ['Shop assistant', 'Stock handler'] },
  { sector: 'Metal industry', name: 'Konepaja Oy', skills: ['welding', 'CNC machining', 'technical drawing'], tasks: ['Welder', 'Machinist'] },
  { sector: 'Information technology', name: 'Digipalvelut Oy', skills: ['software testing', 'IT support', 'English'], tasks: ['IT support specialist', 'Software tester'] },
  { sector: 'Recycling (third sector)', name: 'Kierrätyskeskus ry', skills: ['customer service', 'repair work', 'sorting'], tasks: ['Recycling worker', 'Repair assistant'], thirdSector: true },
  { sector: 'Early childhood education', name: 'Päiväkodit Oy', skills: ['childcare', 'Finnish B1', 'first aid'], tasks: ['Childcare assistant'] },
];
const CONTACT_FIRST = ['Outi', 'Jarmo', 'Heidi', 'Kari', 'Merja', 'Tommi', 'Riitta', 'Marko', 'Satu', 'Harri'];
const CONTACT_LAST = ['Lindqvist', 'Kettunen', 'Pesonen', 'Hakala', 'Rautio', 'Manninen', 'Sirola', 'Vesterinen', 'Aalto', 'Ikonen'];

interface Employer { row: Prisma.EmployerCustomerCreateManyInput; sector: Sector; municipality: string }

/** About 40 employer customers in the demo municipalities, the same on every start. */
function demoEmployers(): { employers: Employer[]; assignments: Prisma.EmployerAssignmentCreateManyInput[] } {
  const r = new Random('employment:employers');
  const employers: Employer[] = [];
  const assignments: Prisma.EmployerAssignmentCreateManyInput[] = [];
  for (const municipality of MUNICIPALITIES) {
    for (const sector of r.some(SECTORS, 5, 7)) {
      const name = `${GENITIVE[municipality.name]} ${sector.name}`;
      const slug = name.toLowerCase().replace(/[äå]/g, 'a').replace(/ö/g, 'o').replace(/[^a-z]+/g, '-').replace(/-(oy|ry)$/, '');
      const contact = `${r.pick(CONTACT_FIRST)} ${r.pick(CONTACT_LAST)}`;
      const row = {
        id: r.id(), name, sector: sector.sector, municipality: municipality.name,
        streetAddress: `${r.pick(municipality.streets)} ${r.int(1, 90)}, ${municipality.postalCode} ${municipality.name}`,
        contactPerson: contact, contactPhone: `+358 9 ${r.int(100, 999)} ${r.int(1000, 9999)}`,
        contactEmail: `${contact.split(' ')[0].toLowerCase()}@${slug}.example.fi`,
        skillNeeds: r.some(sector.skills, 1, 3), customerSince: date(addDays(DEMO_TODAY, -r.int(60, 3000))),
      };
      employers.push({ row, sector, municipality: municipality.name });
      for (let i = r.int(0, 3); i > 0; i--) {
        const receivedOn = addDays(DEMO_TODAY, -r.int(5, 400));
        const state = r.pick(['OPEN', 'FILLED', 'FILLED', 'CANCELLED'] as const);
        const openings = r.int(1, 4);
        const events = [
          { on: receivedOn, event: 'Assignment received from the employer' },
          { on: addDays(receivedOn, r.int(1, 5)), event: 'Vacancy published on Job Market Finland (Työmarkkinatori)' },
        ];
        if (state !== 'CANCELLED') events.push({ on: addDays(receivedOn, r.int(10, 25)), event: `${r.int(2, 8)} job seekers presented to the employer` });
        if (state === 'FILLED') events.push({ on: addDays(receivedOn, r.int(30, 60)), event: `${openings} position(s) filled` });
        if (state === 'CANCELLED') events.push({ on: addDays(receivedOn, r.int(10, 40)), event: 'Employer cancelled the assignment' });
        assignments.push({
          id: r.id(), employerCustomerId: row.id,
          kind: r.pick(['RECRUITMENT', 'RECRUITMENT', 'PAY_SUBSIDY_PLACEMENT', 'WORK_TRIAL_PLACEMENT', 'APPRENTICESHIP'] as const),
          title: r.pick(sector.tasks), receivedOn: date(receivedOn), openings, state, events,
        });
      }
    }
  }
  return { employers, assignments };
}

// ---- Customer data ------------------------------------------------------------------------------

const UNEMPLOYMENT_FUNDS = ['Työttömyyskassa Finka', 'Palvelualojen työttömyyskassa PAM', 'Rakennusalan työttömyyskassa', 'Julkis- ja yksityisalojen työttömyyskassa JYTK', 'Yleinen työttömyyskassa YTK', 'Teollisuuden työttömyyskassa TYJ'];
const OCCUPATIONS = ['Warehouse worker', 'Cleaner', 'Shop assistant', 'Bus driver', 'Practical nurse', 'Cook', 'Construction worker', 'Customer service agent', 'Software tester', 'Office assistant', 'Welder', 'Childcare assistant'];
const FORMER_JOBS: [string, string[]][] = [
  // [employer, occupations there]
  ['Kesko Oyj', ['Shop assistant', 'Warehouse worker']], ['ISS Palvelut Oy', ['Cleaner']], ['Posti Oy', ['Warehouse worker', 'Delivery driver']],
  ['HUS', ['Practical nurse', 'Office assistant']], ['Lidl Suomi', ['Shop assistant']], ['SOL Palvelut', ['Cleaner']], ['YIT', ['Construction worker']],
  ['Elisa Oyj', ['Customer service agent', 'Software tester']], ['Fazer', ['Cook', 'Warehouse worker']], ['Sodexo', ['Cook']],
  ['Helsingin kaupunki', ['Childcare assistant', 'Office assistant']], ['Vantaan kaupunki', ['Practical nurse', 'Bus driver']],
];
const SKILLS = ['forklift licence', 'hygiene passport', 'first aid', 'customer service', 'Excel', 'Swedish', 'English', 'driving licence C', 'occupational safety card', 'cash register', 'welding', 'cleaning'];
const EDUCATION = [
  // [level, field, qualification, usual age at completion, institutions]
  ['Basic education', 'General', null, 16, [null]],
  ['Upper secondary', 'General', 'Matriculation examination', 19, ['Tikkurilan lukio', 'Keravan lukio', 'Linnajoen lukio']],
  ['Vocational upper secondary', 'Logistics', 'Vocational qualification in logistics', 20, ['Keuda', 'Careeria']],
  ['Vocational upper secondary', 'Social and health care', 'Practical nurse', 21, ['Stadin AO', 'Omnia']],
  ['Vocational upper secondary', 'Construction', 'Vocational qualification in construction', 20, ['Stadin AO', 'Keuda']],
  ['Vocational upper secondary', 'Hospitality', 'Vocational qualification in hospitality', 20, ['Omnia', 'Careeria']],
  ['Bachelor (UAS)', 'Business', 'Bachelor of Business Administration', 24, ['Laurea', 'Haaga-Helia']],
  ['Bachelor (UAS)', 'Information technology', 'Bachelor of Engineering', 25, ['Metropolia', 'Laurea']],
  ['Master', 'Social sciences', 'Master of Social Sciences', 27, ['Helsingin yliopisto']],
] as const;
const INSTITUTIONS = ['Omnia', 'Stadin AO', 'Keuda', 'Careeria'];
const TRAININGS: [string, string, string][] = [
  // [target occupation, content, provider of the labour-market training]
  ['Warehouse worker', 'Vocational qualification in logistics, warehouse services', 'Keuda'],
  ['Practical nurse', 'Practical nurse qualification, care of older people', 'Stadin AO'],
  ['Software tester', 'Software testing and ISTQB certification', 'Metropolia'],
  ['Bus driver', 'Professional driving licence D and initial qualification', 'Careeria'],
  ['Cook', 'Vocational qualification in hospitality, kitchen services', 'Omnia'],
  ['Office assistant', 'Finnish for working life and office skills', 'Omnia'],
];
const PLAN_STEPS = ['Apply for five jobs a month', 'Update the CV on Job Market Finland', 'Apply for labour-market training', 'Work trial in retail', 'Finnish language course', 'Job search coaching', 'Apply for apprenticeship training', 'Apply for pay-subsidised work'];
const CUSTOMER_SUBJECTS = ['Job search review', 'Updating the employment plan', 'Question about labour-market training', 'Notification of a change in circumstances', 'Appointment booked', 'Job search obligation explained'];
// Partners named in contacts (EMPLOYMENT_CONTACTS_AND_PERMITS, unrestricted): none whose name alone tells of health care,
// rehabilitation or social welfare (found by an outsider, session 33).
const PARTNERS = ['Kela', 'Wellbeing services county', 'Omnia', 'Adult education centre', 'Työttömyyskassa', 'Training provider'];
const COACHES = ['Tiina Aalto', 'Markus Hietala', 'Sanna Väisänen', 'Jussi Räsänen'];
const UNITS: [string, string[]][] = [
  // [workshop or unit, the tasks done there]
  ['Helsingin työpaja, kiinteistöhuolto', ['Yard maintenance', 'Cleaning of stairwells', 'Snow clearing', 'Small repairs']],
  ['Espoon työkeskus, ruokapalvelu', ['Kitchen preparation', 'Dishwashing', 'Serving lunch', 'Cleaning the kitchen']],
  ['Vantaan kierrätyskeskus, myymälä', ['Sorting donations', 'Pricing goods', 'Customer service in the shop', 'Furniture repair']],
  ['Keravan nuorten työpaja, puutyö', ['Carpentry', 'Sanding and painting', 'Tool maintenance', 'Workshop cleaning']],
  ['Järvenpään työpaja, logistiikka', ['Goods receipt', 'Order picking', 'Forklift practice', 'Inventory']],
  ['Porvoon työtoimintakeskus, tekstiili', ['Sewing repairs', 'Textile sorting', 'Ironing', 'Shop display']],
];
const DIARY_NOTES = ['Arrived on time, worked independently', 'Left early: doctor\'s appointment', 'Practised new tasks with the instructor', 'Good day, took initiative', 'Tired, needed more breaks'];
const COACHING_GOALS = ['Regular daily rhythm', 'Clarify career goals', 'Find a work trial place', 'Improve Finnish for working life', 'Apply for vocational studies', 'Find pay-subsidised work'];
const NATIONALITY: Record<string, string[]> = {
  fi: ['Finnish'], sv: ['Finnish'], ru: ['Russian', 'Finnish'], et: ['Estonian'], ar: ['Iraqi', 'Syrian', 'Finnish'], so: ['Somali', 'Finnish'], en: ['British', 'American', 'Irish'],
};
const HEALTH: [string, string][] = [
  ['Back problems: no lifting over 10 kg', 'Job search directed to light work'],
  ['Depression, in treatment', 'Part-time work or a gradual return recommended'],
  ['Hearing impairment', 'Needs a workplace without constant noise'],
  ['Asthma', 'Dusty and chemical environments to be avoided'],
  ['Knee injury', 'No work standing all day'],
  ['ADHD diagnosis', 'Benefits from clear structure and written instructions'],
];
const PRIMARY_BENEFIT_CASES = [
  // [why the primary benefit is clarified, the benefit in question, the outcome when completed]
  ['Long sick-leave history; incapacity for work suspected', 'SICKNESS_ALLOWANCE', 'Sickness allowance granted; job search paused during sick leave'],
  ['Sickness allowance days (300) used up', 'DISABILITY_PENSION', 'Disability pension rejected; found fit for work, unemployment benefit continues'],
  ['Occupational physician recommends assessing pension entitlement', 'PARTIAL_DISABILITY_PENSION', 'Partial disability pension granted; job search continues for part-time work'],
  ['Work ability reduced; vocational rehabilitation considered', 'REHABILITATION_ALLOWANCE', 'Rehabilitation allowance granted for vocational rehabilitation'],
  ['Repeated short sick leaves during services', 'UNEMPLOYMENT_BENEFIT', 'Found fit for work; unemployment benefit continues'],
] as const;
const CAREER_OPTIONS = ['Practical nurse', 'Logistics', 'IT support', 'Youth and leisure instructor', 'Cook', 'Property maintenance', 'Bookkeeping', 'Early childhood education'];

/** What the URA statement says, and what the request for clarification before it asked. */
const STATEMENTS = {
  JOB_REFUSAL: ['The customer refused a full-time job offered by the employment authority without a valid reason.', 'Reason for refusing the job offer'],
  RESIGNATION: ['The customer resigned from employment without a valid reason given in the Unemployment Security Act.', 'Reason for resigning'],
  FULL_TIME_STUDIES: ['The customer studies full-time and is not entitled to unemployment benefit during the studies.', 'Scope of the studies'],
  SELF_EMPLOYMENT: ['The customer\'s self-employment is part-time; it does not prevent receiving unemployment benefit.', 'Working time in self-employment'],
  EMPLOYMENT_PLAN_NEGLECT: ['The customer did not take part in drawing up the employment plan without a valid reason.', 'Reason for missing the planning meeting'],
  SERVICE_PARTICIPATION: ['The customer takes part in an employment-promoting service agreed in the employment plan and is entitled to an expense allowance.', 'Start of the service'],
  AVAILABILITY_FOR_WORK: ['The customer is available for full-time work in the job-search area.', 'Availability for work during the travel abroad'],
} as const;
type StatementKind = keyof typeof STATEMENTS;

interface Rows {
  jobSeeker: Prisma.JobSeekerCreateManyInput[];
  workHistoryEntry: Prisma.WorkHistoryEntryCreateManyInput[];
  education: Prisma.EducationCreateManyInput[];
  trainingNeed: Prisma.TrainingNeedCreateManyInput[];
  jobSearchPlan: Prisma.JobSearchPlanCreateManyInput[];
  serviceNeed: Prisma.ServiceNeedCreateManyInput[];
  trainingApplication: Prisma.TrainingApplicationCreateManyInput[];
  offer: Prisma.OfferCreateManyInput[];
  decision: Prisma.DecisionCreateManyInput[];
  statement: Prisma.StatementCreateManyInput[];
  clarificationRequest: Prisma.ClarificationRequestCreateManyInput[];
  mobilityGrant: Prisma.MobilityGrantCreateManyInput[];
  serviceMeasure: Prisma.ServiceMeasureCreateManyInput[];
  contact: Prisma.ContactCreateManyInput[];
  permit: Prisma.PermitCreateManyInput[];
  healthNote: Prisma.HealthNoteCreateManyInput[];
  vocationalGuidance: Prisma.VocationalGuidanceCreateManyInput[];
  guidanceSession: Prisma.GuidanceSessionCreateManyInput[];
  unemployment: Prisma.UnemploymentCreateManyInput[];
  paySubsidy: Prisma.PaySubsidyCreateManyInput[];
  coaching: Prisma.CoachingCreateManyInput[];
  contractPeriod: Prisma.ContractPeriodCreateManyInput[];
  coachingPeriod: Prisma.CoachingPeriodCreateManyInput[];
  workDiaryEntry: Prisma.WorkDiaryEntryCreateManyInput[];
  placement: Prisma.PlacementCreateManyInput[];
  primaryBenefitClarification: Prisma.PrimaryBenefitClarificationCreateManyInput[];
  workCapacityAssessment: Prisma.WorkCapacityAssessmentCreateManyInput[];
  functionalCapacityAssessment: Prisma.FunctionalCapacityAssessmentCreateManyInput[];
  activationPlan: Prisma.ActivationPlanCreateManyInput[];
}

const PSYCHOLOGIST = officialsOf('EMPLOYMENT', 'KESKI_UUSIMAA').find((o) => o.role === 'PSYCHOLOGIST')!;
const WORK_ABILITY_COORDINATOR = officialsOf('EMPLOYMENT', 'KESKI_UUSIMAA').find((o) => o.role === 'WORK_ABILITY_COORDINATOR')!;

/** Adds one customer's rows in every register table; `r` draws in a fixed order, so the data is the same on every start. */
function addCustomer(rows: Rows, customer: DemoCustomer, employers: Employer[]) {
  const r = randomFor(customer, 'employment');
  const id = () => r.id();
  const customerId = customer.id;
  const official = customer.responsibleOfficials.EMPLOYMENT;
  const started = customer.customershipStartedOn;
  const foreign = customer.motherTongue !== 'fi' && customer.motherTongue !== 'sv';
  const nearby = employers.filter((e) => e.municipality === customer.homeMunicipality);
  const employerNearby = () => r.pick(nearby.length > 0 ? nearby : employers);

  const activationPlan = activationPlanRow(customer);
  if (activationPlan) rows.activationPlan.push(activationPlan);

  // Nearly every customer of the joint service is a registered job seeker; the few others are known
  // here only through the activation plan, if at all.
  if (!r.chance(0.97)) return;

  // -- Job seeker (URA) --
  const jobSearchStartedOn = addDays(started, -r.int(60, 1200));
  const endedCandidate = r.chance(0.08) ? addDays(started, r.int(90, 700)) : null;
  const jobSearchEndedOn = endedCandidate && endedCandidate < DEMO_TODAY ? endedCandidate : null;
  const employedAtEnd = r.chance(0.7);
  const employmentStatus = jobSearchEndedOn
    ? (employedAtEnd ? 'EMPLOYED' as const : 'STUDENT' as const)
    : activationPlan ? 'IN_SERVICES' as const
      : r.pick(['UNEMPLOYED', 'UNEMPLOYED', 'UNEMPLOYED', 'UNEMPLOYED', 'LAID_OFF', 'PART_TIME_EMPLOYED', 'IN_SERVICES', 'IN_SERVICES'] as const);
  // Earnings-related allowance from a fund for some; most long-term unemployed are paid by Kela.
  const fund = r.chance(0.2) ? r.pick(UNEMPLOYMENT_FUNDS) : null;
  const consent = r.chance(0.7);
  const otherAreas = MUNICIPALITIES.map((m) => m.name).filter((m) => m !== customer.homeMunicipality);

  // Work before the job search, from the age of 18 on.
  const workingLifeFrom = addDays(customer.birthDate, 18 * 365);
  const occupations: string[] = [];
  for (let i = r.int(0, 4); i > 0 && workingLifeFrom < addDays(jobSearchStartedOn, -90); i--) {
    const start = between(r, workingLifeFrom, addDays(jobSearchStartedOn, -90));
    const [employer, jobs] = r.pick(FORMER_JOBS);
    const occupation = r.pick(jobs);
    occupations.push(occupation);
    rows.workHistoryEntry.push({
      id: id(), customerId, employer, occupation,
      employmentType: r.pick(['Full-time, permanent', 'Full-time, fixed-term', 'Part-time', 'Temporary agency work']),
      startedOn: date(start), endedOn: date(earlier(addDays(start, r.int(60, 1500)), jobSearchStartedOn)),
    });
  }
  const educations = r.some(EDUCATION, 1, 2);
  for (const [level, field, qualification, age, institutions] of educations) {
    const completedOn = addDays(customer.birthDate, age * 365 + r.int(120, 900));
    rows.education.push({
      id: id(), customerId, level, field, qualification, institution: r.pick(institutions),
      // Null while the studies are still going on.
      completedOn: completedOn < DEMO_TODAY ? date(completedOn) : null,
    });
  }
  // Customers mostly look for work in what they have done before.
  const desiredOccupations = [...new Set([...occupations.slice(0, 1), ...r.some(OCCUPATIONS, 1, 2)])].slice(0, 2);
  rows.jobSeeker.push({
    customerId, responsibleOfficialId: official.id, responsibleOfficialName: official.name,
    benefitPayer: fund ? 'UNEMPLOYMENT_FUND' : 'KELA', unemploymentFundName: fund,
    jobSearchStartedOn: date(jobSearchStartedOn), jobSearchEndedOn: jobSearchEndedOn ? date(jobSearchEndedOn) : null,
    jobSearchEndReason: jobSearchEndedOn ? (employedAtEnd ? 'Employed on the open labour market' : 'Started full-time studies') : null,
    employmentStatus, employerDisclosureConsent: consent,
    employerDisclosureConsentOn: consent ? date(addDays(jobSearchStartedOn, r.int(0, 30))) : null,
    skills: r.some(SKILLS, 1, 4), jobSearchAreas: [customer.homeMunicipality, ...r.some(otherAreas, 0, 2)], desiredOccupations,
  });

  const training = r.chance(0.4) ? r.pick(TRAININGS) : null;
  if (training) {
    rows.trainingNeed.push({
      customerId, targetOccupation: training[0], content: training[1],
      searchAreas: [customer.homeMunicipality, ...r.some(otherAreas, 0, 1)], identifiedOn: date(between(r, jobSearchStartedOn, addDays(started, 60))),
    });
  }
  if (r.chance(0.9)) {
    const kinds = [
      'JOB_SEARCH_PLAN' as const,
      ...(training ? ['TRAINING_PLAN' as const] : []),
      ...(foreign && r.chance(0.6) ? ['INTEGRATION_PLAN' as const] : []),
    ];
    for (const kind of kinds) {
      const drawnUpOn = between(r, started, addDays(started, 90));
      rows.jobSearchPlan.push({
        id: id(), customerId, kind, drawnUpOn: date(drawnUpOn), steps: r.some(PLAN_STEPS, 2, 4),
        nextReviewOn: jobSearchEndedOn ? null : date(addDays(DEMO_TODAY, r.int(7, 90))), recordedBy: official.id,
      });
    }
  }
  if (r.chance(0.95)) {
    rows.serviceNeed.push({
      customerId, assessedOn: date(between(r, jobSearchStartedOn, started)),
      serviceLine: r.pick(['SKILLS_DEVELOPMENT', 'SUPPORTED_EMPLOYMENT', 'SUPPORTED_EMPLOYMENT'] as const),
      summary: r.pick(['Needs support with job search and skills development', 'Long unemployment; needs multi-agency services', 'Job search goals unclear; needs career guidance first', 'Language skills limit job search; needs integration services']),
      multiAgencyReferral: true,
    });
  }

  // -- Services and decisions (URA) --
  const decide = (kind: Prisma.DecisionCreateManyInput['kind'], decidedOn: string, summary: string, validFrom?: string, validUntil?: string, outcome: Prisma.DecisionCreateManyInput['outcome'] = 'GRANTED') => {
    const decisionId = id();
    rows.decision.push({
      id: decisionId, customerId, kind, decidedOn: date(decidedOn), outcome, summary, decidedBy: official.id,
      validFrom: validFrom ? date(validFrom) : null, validUntil: validUntil ? date(validUntil) : null,
    });
    return decisionId;
  };
  if (training || r.chance(0.1)) {
    const [, content, provider] = training ?? r.pick(TRAININGS);
    const appliedOn = between(r, started, addDays(started, 300));
    const result = appliedOn > addDays(DEMO_TODAY, -30) ? 'PENDING' as const : r.pick(['SELECTED', 'SELECTED', 'NOT_SELECTED', 'WITHDRAWN'] as const);
    const decidedOn = result === 'PENDING' ? null : addDays(appliedOn, r.int(14, 30));
    const startsOn = result === 'SELECTED' ? addDays(decidedOn!, r.int(14, 45)) : null;
    rows.trainingApplication.push({
      id: id(), customerId, trainingName: content, provider, appliedOn: date(appliedOn), result,
      decidedOn: decidedOn ? date(decidedOn) : null, startsOn: startsOn ? date(startsOn) : null,
    });
    if (result === 'SELECTED') decide('LABOUR_MARKET_TRAINING', decidedOn!, `Selected for labour-market training: ${content} (${provider})`, startsOn!, addDays(startsOn!, r.int(120, 300)));
  }
  for (let i = r.int(0, 4); i > 0; i--) {
    const kind = r.pick(['PRESENTATION_TO_EMPLOYER', 'JOB_OFFER', 'JOB_OFFER', 'TRAINING_OFFER', 'SERVICE_OFFER'] as const);
    const offeredOn = between(r, started);
    const recent = offeredOn > addDays(DEMO_TODAY, -21);
    const employer = kind === 'PRESENTATION_TO_EMPLOYER' || kind === 'JOB_OFFER' ? employerNearby() : null;
    const title = employer ? r.pick(employer.sector.tasks)
      : kind === 'TRAINING_OFFER' ? r.pick(TRAININGS)[1] : r.pick(['Job search coaching', 'Career coaching', 'Work trial', 'Expert assessment']);
    const result = recent ? 'PENDING' as const
      : kind === 'PRESENTATION_TO_EMPLOYER' ? r.pick(['HIRED', 'NOT_HIRED', 'NOT_HIRED'] as const)
        : kind === 'JOB_OFFER' ? r.pick(['APPLIED', 'APPLIED', 'HIRED', 'NOT_HIRED', 'DID_NOT_APPLY', 'REFUSED'] as const)
          : r.pick(['STARTED', 'STARTED', 'APPLIED', 'REFUSED'] as const);
    rows.offer.push({
      id: id(), customerId, kind, offeredOn: date(offeredOn), title, employerCustomerId: employer?.row.id ?? null, employerName: employer?.row.name ?? null,
      result, resultRecordedOn: recent ? null : date(addDays(offeredOn, r.int(7, 28))),
    });
  }
  if (r.chance(0.05)) decide('SELF_MOTIVATED_STUDIES', between(r, started), 'Self-motivated studies supported by unemployment benefit', between(r, started), addDays(DEMO_TODAY, r.int(60, 300)));
  if (r.chance(0.05)) decide('TRAVEL_AND_ACCOMMODATION_COMPENSATION', between(r, started), 'Travel costs to a job interview in another municipality compensated');
  if (r.chance(0.02)) decide('START_UP_GRANT', between(r, started), 'Start-up grant for a sole trader in cleaning services', between(r, started), addDays(DEMO_TODAY, 180), r.pick(['GRANTED', 'REJECTED'] as const));

  const payer = fund ?? 'Kela';
  if (r.chance(0.25)) {
    for (let i = r.int(1, 2); i > 0; i--) {
      const kind = r.pick(Object.keys(STATEMENTS) as StatementKind[]);
      const givenOn = between(r, addDays(started, 14));
      const statementId = id();
      rows.statement.push({
        id: statementId, customerId, kind, givenOn: date(givenOn), recipient: fund ? 'UNEMPLOYMENT_FUND' : 'KELA',
        content: STATEMENTS[kind][0], givenBy: official.id, createdAt: at(givenOn, r),
      });
      if (r.chance(0.5)) {
        const sentOn = addDays(givenOn, -r.int(10, 21));
        const answered = r.chance(0.85);
        rows.clarificationRequest.push({
          id: id(), customerId, statementId, sentOn: date(sentOn), subject: STATEMENTS[kind][1], answerDueOn: date(addDays(sentOn, 14)),
          answeredOn: answered ? date(addDays(sentOn, r.int(2, 12))) : null,
          answer: answered ? r.pick(['Account given through the online service', 'Explained by phone; attachment sent', 'Medical certificate sent as the reason']) : null,
        });
      }
      rows.contact.push({
        id: id(), customerId, contactedAt: at(givenOn, r), direction: 'OUTGOING', party: 'PARTNER', partnerName: payer,
        channel: 'ELECTRONIC_INTERFACE', subject: 'Labour-policy statement sent', summary: `Labour-policy statement (${kind}) of ${givenOn} sent to ${payer}`,
        statementId, recordedBy: official.id,
      });
    }
  }
  if (r.chance(0.03)) {
    const decidedOn = between(r, started);
    const granted = r.chance(0.8);
    rows.mobilityGrant.push({
      id: id(), customerId, decidedOn: date(decidedOn), outcome: granted ? 'GRANTED' : 'REJECTED',
      jobStartsOn: date(addDays(decidedOn, r.int(3, 20))), dailyCommuteHours: r.pick([3, 3.25, 3.5, 4]), grantedDays: granted ? r.pick([30, 45, 60]) : null,
    });
  }
  for (let i = r.int(0, 2); i > 0; i--) {
    const kind = r.pick(['JOB_SEARCH_COACHING', 'CAREER_COACHING', 'EXPERT_ASSESSMENT', 'WORK_TRIAL', 'TRAINING_TRIAL'] as const);
    const startsOn = between(r, started, addDays(DEMO_TODAY, 30));
    const employer = kind === 'WORK_TRIAL' ? employerNearby() : null;
    const [name, provider] = {
      JOB_SEARCH_COACHING: ['Job search coaching (työnhakuvalmennus)', 'Uudenmaan Työvalmennus Oy'],
      CAREER_COACHING: ['Career coaching (uravalmennus)', 'Urapolku Oy'],
      EXPERT_ASSESSMENT: ['Expert assessment (asiantuntija-arviointi)', 'Arviointipalvelut Uusimaa Oy'],
      WORK_TRIAL: [`Work trial: ${employer?.sector.tasks[0]}`, employer?.row.name ?? ''],
      TRAINING_TRIAL: ['Training trial in vocational studies', r.pick(INSTITUTIONS)],
    }[kind];
    const state = startsOn > DEMO_TODAY ? 'PLANNED' as const : r.pick(['ONGOING', 'COMPLETED', 'COMPLETED', 'INTERRUPTED'] as const);
    const endsOn = addDays(startsOn, r.int(20, 120));
    rows.serviceMeasure.push({
      id: id(), customerId, kind, name, provider, startsOn: date(startsOn), endsOn: date(endsOn), state,
      // What a service gave, not the customer's health: a finding on work ability is EMPLOYMENT_WORK_CAPACITY's, a health
      // reason EMPLOYMENT_HEALTH's (both restricted), while this is read with the category by Kela, the county and a
      // third party the customer consented to give it (found by an outsider, session 33: 'Illness', 'Work ability
      // assessed as partial' and a rehabilitation centre as provider, read by a work-trial provider).
      outcome: state === 'COMPLETED' ? r.pick(['Goals reached', 'Suitable field found', 'Recommended further training', 'Assessment completed'])
        : state === 'INTERRUPTED' ? r.pick(['Customer found a job', 'Did not attend', 'Moved away']) : null,
    });
    if (kind === 'WORK_TRIAL') decide('WORK_TRIAL', addDays(startsOn, -r.int(3, 10)), `Work trial at ${provider}`, startsOn, endsOn);
  }

  // -- Contacts and permits (URA) --
  for (let i = r.int(1, 6); i > 0; i--) {
    const partner = r.chance(0.25);
    const day = between(r, started);
    rows.contact.push({
      id: id(), customerId, contactedAt: at(day, r), direction: partner || r.chance(0.4) ? 'INCOMING' : 'OUTGOING',
      party: partner ? 'PARTNER' : 'CUSTOMER', partnerName: partner ? r.pick(PARTNERS) : null,
      channel: r.pick(['IN_PERSON', 'PHONE', 'PHONE', 'EMAIL', 'ONLINE_SERVICE', 'LETTER'] as const),
      subject: partner ? 'Enquiry about the customer\'s services' : r.pick(CUSTOMER_SUBJECTS),
      summary: partner ? r.pick(['Asked about the state of the employment plan', 'Informed of a rehabilitation decision', 'Informed that the training has started']) : r.pick(['Next steps agreed', 'Customer informed of available training', 'CV reviewed together', 'Change of address recorded']),
      statementId: null, recordedBy: official.id,
    });
  }
  if (foreign && r.chance(0.85)) {
    const kind = customer.motherTongue === 'et' ? 'EU_REGISTRATION' as const
      : customer.motherTongue === 'en' ? r.pick(['RESIDENCE_PERMIT_WORK', 'EU_REGISTRATION'] as const)
        : r.pick(['RESIDENCE_PERMIT_FAMILY', 'INTERNATIONAL_PROTECTION', 'PERMANENT_RESIDENCE', 'RESIDENCE_PERMIT_WORK', 'RESIDENCE_PERMIT_STUDY'] as const);
    const restricted = kind === 'RESIDENCE_PERMIT_WORK' || kind === 'RESIDENCE_PERMIT_STUDY';
    const permanent = kind === 'PERMANENT_RESIDENCE' || kind === 'EU_REGISTRATION';
    const validFrom = addDays(started, -r.int(100, 2000));
    rows.permit.push({
      id: id(), customerId, kind, rightToWork: restricted ? 'RESTRICTED' : 'UNRESTRICTED',
      restriction: kind === 'RESIDENCE_PERMIT_WORK' ? 'Work in one occupational field' : kind === 'RESIDENCE_PERMIT_STUDY' ? 'At most 30 hours a week on average' : null,
      validFrom: date(validFrom), validUntil: permanent ? null : date(addDays(DEMO_TODAY, r.int(-30, 900))),
    });
  }

  // -- Restricted: health data affecting the job search, vocational guidance (URA) --
  const health = r.chance(0.25) ? r.some(HEALTH, 1, 2) : [];
  for (const [limitation, effectOnJobSearch] of health) {
    rows.healthNote.push({
      id: id(), customerId, recordedOn: date(between(r, started)), limitation, effectOnJobSearch,
      source: r.pick(['Medical certificate B', 'Occupational health statement', "Customer's own account", 'Statement from the wellbeing services county (with consent)']),
      recordedBy: r.pick([PSYCHOLOGIST.id, WORK_ABILITY_COORDINATOR.id]),
    });
  }
  if (r.chance(0.12)) {
    const guidanceId = id();
    const startedOn = between(r, started);
    rows.vocationalGuidance.push({
      id: guidanceId, customerId, startedOn: date(startedOn), psychologistName: PSYCHOLOGIST.name,
      background: `${educations.map((e) => e[2] ?? e[0]).join(', ')}; ${occupations.length > 0 ? `has worked as ${[...new Set(occupations)].join(', ').toLowerCase()}` : 'no work experience'}`,
      previousGuidance: r.pick([null, 'Study guidance in upper secondary school', 'Career coaching two years ago']),
      careerOptions: r.some(CAREER_OPTIONS, 2, 3), healthRestrictions: health.length > 0 ? health[0][1] : null,
    });
    for (let i = 0, n = r.int(1, 4); i < n; i++) {
      rows.guidanceSession.push({
        id: id(), customerId, guidanceId, heldOn: date(between(r, addDays(startedOn, i * 21), addDays(startedOn, i * 21 + 7))),
        mode: r.pick(['IN_PERSON', 'IN_PERSON', 'PHONE', 'VIDEO'] as const),
        summary: r.pick(['Interests and strengths mapped', 'Aptitude tests reviewed', 'Study options compared', 'Career plan drawn up', 'Health restrictions discussed with the options']),
      });
    }
  }

  // -- Municipal employment services --
  rows.unemployment.push({
    customerId, unemployedSince: date(addDays(jobSearchStartedOn, r.int(0, 20))),
    unemployedUntil: jobSearchEndedOn ? date(jobSearchEndedOn) : null,
  });
  if (r.chance(0.12)) {
    const employer = employerNearby();
    const startsOn = between(r, addDays(started, 60));
    const months = r.int(6, 12);
    const monthlyWage = r.int(2100, 2900);
    const subsidyPercent = employer.sector.thirdSector ? 100 : health.length > 0 ? 70 : 50;
    const endsOn = addDays(startsOn, months * 30);
    const decisionId = decide('PAY_SUBSIDY', addDays(startsOn, -r.int(7, 21)), `Pay subsidy ${subsidyPercent} % for ${months} months to ${employer.row.name}`, startsOn, endsOn);
    rows.paySubsidy.push({
      id: id(), customerId, decisionId, employerCustomerId: employer.row.id, employerName: employer.row.name,
      workplace: `${employer.row.name}, ${employer.municipality}`, sector: employer.sector.sector, task: r.pick(employer.sector.tasks),
      startsOn: date(startsOn), endsOn: date(endsOn),
      // Wages for the whole period plus the employer's statutory costs (about 22 %), to the nearest ten euros.
      estimatedWageCosts: Math.round((monthlyWage * months * 1.22) / 10) * 10,
      subsidyPercent, contactPerson: official.name,
    });
  }
  if (r.chance(0.2)) addCoaching(rows, r, customer, employerNearby);

  // -- Work capacity (restricted) --
  if (r.chance(health.length > 0 ? 0.3 : 0.05)) {
    const startedOn = between(r, started);
    const completed = startedOn < addDays(DEMO_TODAY, -60) && r.chance(0.7);
    const [reason, benefit, outcome] = r.pick(PRIMARY_BENEFIT_CASES);
    rows.primaryBenefitClarification.push({
      id: id(), customerId, startedOn: date(startedOn), reason, benefit,
      state: completed ? 'COMPLETED' : 'ONGOING', completedOn: completed ? date(addDays(startedOn, r.int(30, 60))) : null,
      outcome: completed ? outcome : null,
    });
  }
  if (r.chance(health.length > 0 ? 0.5 : 0.1)) {
    rows.workCapacityAssessment.push({
      id: id(), customerId, assessedOn: date(between(r, started)),
      assessor: r.pick(['Occupational physician (purchased service)', 'Work-ability coordinator', 'Multidisciplinary assessment team']),
      ...r.pick([
        { workCapacity: 'FULL' as const, summary: 'No restrictions found', recommendations: 'Job search continues without restrictions' },
        { workCapacity: 'PARTIAL' as const, summary: 'Able to work part-time in light tasks', recommendations: 'Work trial with gradually increasing hours' },
        { workCapacity: 'PARTIAL' as const, summary: 'Mental health limits full-time work for now', recommendations: 'Part-time work; re-assessment in six months' },
        { workCapacity: 'REDUCED' as const, summary: 'Work capacity reduced by musculoskeletal problems', recommendations: 'Vocational rehabilitation through Kela' },
        { workCapacity: 'UNCLEAR' as const, summary: 'Symptoms not yet examined', recommendations: 'Referral to a work-ability assessment in health care' },
      ]),
    });
  }
}

/** Coaching in the VAT register (seed 004 § 6): contract and coaching periods, a work diary for each day, placements. */
function addCoaching(rows: Rows, r: Random, customer: DemoCustomer, employerNearby: () => Employer) {
  const customerId = customer.id;
  const coachingId = r.id();
  let startsOn = addDays(customer.customershipStartedOn, r.int(14, 200));
  if (startsOn > addDays(DEMO_TODAY, -21)) startsOn = addDays(DEMO_TODAY, -r.int(21, 90));
  const coach = r.pick(COACHES);
  const coachId = `employment-coach-${COACHES.indexOf(coach) + 1}`;
  const [unit, tasks] = r.pick(UNITS);
  const daysPerWeek = r.int(2, 5);
  rows.coaching.push({
    id: coachingId, customerId, nationality: r.pick(NATIONALITY[customer.motherTongue] ?? ['Finnish']), motherTongue: customer.motherTongue,
    gender: customer.gender, coach, startedOn: date(startsOn), goals: r.some(COACHING_GOALS, 1, 3),
    coachingPlan: `Coaching at ${unit}, ${daysPerWeek} days a week; monthly review with the coach; ${r.pick(['work trial after the first period', 'study guidance in the second period', 'job search with the coach towards the end'])}.`,
  });
  let periodStart = startsOn;
  let lastEnd = startsOn;
  for (let n = 0, count = r.int(1, 2); n < count && periodStart < addDays(DEMO_TODAY, -7); n++) {
    const periodId = r.id();
    const endsOn = addDays(periodStart, r.int(6, 14) * 7 - 1);
    rows.contractPeriod.push({
      id: r.id(), customerId, coachingId, kind: n === 0 ? 'Coaching agreement' : 'Extension of the coaching agreement',
      startsOn: date(periodStart), endsOn: date(endsOn),
    });
    rows.coachingPeriod.push({ id: periodId, customerId, coachingId, unit, startsOn: date(periodStart), endsOn: date(endsOn), daysPerWeek });
    // One diary entry for each day of work activity so far: the period's weekdays, less absences.
    const weekdays = new Set(r.some([1, 2, 3, 4, 5], daysPerWeek, daysPerWeek));
    const baseHours = r.int(4, 6);
    for (let day = periodStart; day <= endsOn && day < DEMO_TODAY; day = addDays(day, 1)) {
      if (!weekdays.has(date(day).getUTCDay()) || r.chance(0.06)) continue;
      rows.workDiaryEntry.push({
        id: r.id(), customerId, coachingPeriodId: periodId, date: date(day), hours: r.pick([baseHours, baseHours, baseHours, baseHours - 0.5, baseHours - 1]),
        tasks: r.some(tasks, 1, 2).join('; '), note: r.chance(0.1) ? r.pick(DIARY_NOTES) : null, recordedBy: coachId, createdAt: at(day, r),
      });
    }
    lastEnd = endsOn;
    periodStart = addDays(endsOn, r.int(1, 30));
  }
  if (lastEnd < DEMO_TODAY && r.chance(0.7)) {
    const outcome = r.pick(['OPEN_LABOUR_MARKET', 'PAY_SUBSIDISED_WORK', 'APPRENTICESHIP', 'STUDIES', 'WORK_TRIAL', 'OTHER_SERVICE', 'REHABILITATION', 'NOT_PLACED'] as const);
    const employer = ['OPEN_LABOUR_MARKET', 'PAY_SUBSIDISED_WORK', 'APPRENTICESHIP', 'WORK_TRIAL'].includes(outcome) ? employerNearby() : null;
    rows.placement.push({
      id: r.id(), customerId, coachingId, placedOn: date(between(r, lastEnd, addDays(lastEnd, 30))), outcome, employerCustomerId: employer?.row.id ?? null,
      description: employer ? `${r.pick(employer.sector.tasks)} at ${employer.row.name}`
        : { STUDIES: 'Started vocational studies', OTHER_SERVICE: 'Moved to job search coaching', REHABILITATION: 'Referred to vocational rehabilitation (Kela)', NOT_PLACED: 'No placement yet; job search continues' }[outcome as string] ?? 'Placed',
    });
  }
  if (r.chance(0.4)) {
    rows.functionalCapacityAssessment.push({
      id: r.id(), customerId, coachingId, assessedOn: date(between(r, startsOn, addDays(startsOn, 60))),
      method: r.pick(['Observation in work activity (ICF-based)', 'Structured self-assessment with the coach', 'Occupational therapist assessment']),
      physical: r.pick(['No limitations', 'Tires in physical work after four hours', 'Cannot lift heavy loads']),
      mental: r.pick(['Learns new tasks well', 'Needs written instructions', 'Concentration varies']),
      social: r.pick(['Works well in a team', 'Prefers working alone', 'Shy at first, then active']),
      summary: r.pick(['Ready for a work trial', 'Needs a longer coaching period', 'Suited to part-time work']),
      assessedBy: coach,
    });
  }
}

export async function seedEmployment(db: PrismaClient, log: Logger): Promise<boolean> {
  await seedHomeMunicipalities(db, db.customerHomeMunicipality);
  if (await hasRows(db, 'EmployerCustomer')) return false;
  const { employers, assignments } = demoEmployers();
  const rows: Rows = {
    jobSeeker: [], workHistoryEntry: [], education: [], trainingNeed: [], jobSearchPlan: [], serviceNeed: [], trainingApplication: [],
    offer: [], decision: [], statement: [], clarificationRequest: [], mobilityGrant: [], serviceMeasure: [], contact: [], permit: [],
    healthNote: [], vocationalGuidance: [], guidanceSession: [], unemployment: [], paySubsidy: [], coaching: [], contractPeriod: [],
    coachingPeriod: [], workDiaryEntry: [], placement: [], primaryBenefitClarification: [], workCapacityAssessment: [],
    functionalCapacityAssessment: [], activationPlan: [],
  };
  const population = demoPopulation();
  for (const customer of population) addCustomer(rows, customer, employers);

  // One transaction: a seed interrupted half-way leaves an empty register, and the next start seeds again.
  await db.$transaction(async (tx) => {
    await insertInChunks(tx.employerCustomer, employers.map((e) => e.row));
    await insertInChunks(tx.employerAssignment, assignments);
    await insertInChunks(tx.jobSeeker, rows.jobSeeker);
    await insertInChunks(tx.workHistoryEntry, rows.workHistoryEntry);
    await insertInChunks(tx.education, rows.education);
    await insertInChunks(tx.trainingNeed, rows.trainingNeed);
    await insertInChunks(tx.jobSearchPlan, rows.jobSearchPlan);
    await insertInChunks(tx.serviceNeed, rows.serviceNeed);
    await insertInChunks(tx.trainingApplication, rows.trainingApplication);
    await insertInChunks(tx.offer, rows.offer);
    await insertInChunks(tx.decision, rows.decision);
    await insertInChunks(tx.statement, rows.statement);
    await insertInChunks(tx.clarificationRequest, rows.clarificationRequest);
    await insertInChunks(tx.mobilityGrant, rows.mobilityGrant);
    await insertInChunks(tx.serviceMeasure, rows.serviceMeasure);
    await insertInChunks(tx.contact, rows.contact);
    await insertInChunks(tx.permit, rows.permit);
    await insertInChunks(tx.healthNote, rows.healthNote);
    await insertInChunks(tx.vocationalGuidance, rows.vocationalGuidance);
    await insertInChunks(tx.guidanceSession, rows.guidanceSession);
    await insertInChunks(tx.unemployment, rows.unemployment);
    await insertInChunks(tx.paySubsidy, rows.paySubsidy);
    await insertInChunks(tx.coaching, rows.coaching);
    await insertInChunks(tx.contractPeriod, rows.contractPeriod);
    await insertInChunks(tx.coachingPeriod, rows.coachingPeriod);
    await insertInChunks(tx.workDiaryEntry, rows.workDiaryEntry);
    await insertInChunks(tx.placement, rows.placement);
    await insertInChunks(tx.primaryBenefitClarification, rows.primaryBenefitClarification);
    await insertInChunks(tx.workCapacityAssessment, rows.workCapacityAssessment);
    await insertInChunks(tx.functionalCapacityAssessment, rows.functionalCapacityAssessment);
    await insertInChunks(tx.activationPlan, rows.activationPlan);
    await seedFormerCustomers(tx as unknown as PrismaClient);
  }, { timeout: 120_000, maxWait: 10_000 });
  log.info('employment registers seeded', {
    customers: population.length, employers: employers.length, workDiaryEntries: rows.workDiaryEntry.length, activationPlans: rows.activationPlan.length,
  });
  return true;
}

/**
 * The employment register's data of the former customers (shared/src/demo/former-customers.ts): an ended job
 * search (this register's own relationship end, from which its ten years count) and, where the joint service
 * sent one, the final report of the customership.
 */
async function seedFormerCustomers(db: PrismaClient) {
  const official = FORMER_OFFICIALS.EMPLOYMENT;
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  for (const f of DEMO_FORMER_CUSTOMERS) {
    if (!f.employment) continue;
    await db.customerHomeMunicipality.create({ data: { customerId: f.id, municipality: f.homeMunicipality } });
    await db.jobSeeker.create({ data: {
      customerId: f.id, responsibleOfficialId: official.id, responsibleOfficialName: official.name, benefitPayer: 'KELA',
      jobSearchStartedOn: day(f.employment.jobSearchStartedOn), jobSearchEndedOn: day(f.employment.jobSearchEndedOn),
      jobSearchEndReason: f.endReason, employmentStatus: 'EMPLOYED', skills: ['customer service'], jobSearchAreas: [f.homeMunicipality], desiredOccupations: ['Shop assistant'],
    } });
    if (f.employment.finalReport) {
      await db.finalReport.create({ data: {
        id: `e1${f.id.slice(2)}`, customerId: f.id, reportedOn: day(f.customershipEndedOn), customershipStartedOn: day(f.customershipStartedOn),
        customershipEndedOn: day(f.customershipEndedOn), endReason: f.endReason, endSituation: f.endReason, goalAttainment: 80,
        summary: 'The multi-agency process ended (demo)', recommendations: 'None', servicesCompleted: ['Job search coaching'], servicesInterrupted: [],
        reportedBy: official.id,
      } });
    }
  }
}
