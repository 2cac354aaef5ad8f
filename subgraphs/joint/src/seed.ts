// Demo data of the joint register, derived from the shared deterministic population.
import { CONSENT_SCOPE } from '@cg/shared/src/law/consents';
import { hasRows, insertInChunks } from '@cg/shared/src/demo/insert';
import { RECIPIENT_TYPES } from '@cg/shared/src/auth/actor';
import { USUAL_PURPOSE, demoRecipientOrganisation } from '@cg/shared/src/auth/presets';
import { DEMO_TODAY, addDays, demoPopulation, randomFor, DemoCustomer } from '@cg/shared/src/demo/population';
import { AUTHORITIES } from '@cg/shared/src/law/categories';
import { DEMO_FORMER_CUSTOMERS, FORMER_OFFICIALS } from '@cg/shared/src/demo/former-customers';
import { areaOfMunicipality } from '@cg/shared/src/law/areas';
import type { Logger } from '@cg/shared/src/log';
import type { PrismaClient } from './generated/prisma/client';

const date = (d: string) => new Date(`${d}T00:00:00Z`);
const EDUCATION = [
  ['Basic education', 'General'], ['Upper secondary', 'General'], ['Vocational upper secondary', 'Logistics'],
  ['Vocational upper secondary', 'Practical nursing'], ['Vocational upper secondary', 'Construction'],
  ['Bachelor (UAS)', 'Business'], ['Bachelor (UAS)', 'Information technology'], ['Master', 'Social sciences'],
] as const;
const OCCUPATIONS = ['Warehouse worker', 'Cleaner', 'Shop assistant', 'Bus driver', 'Practical nurse', 'Cook', 'Construction worker', 'Customer service agent', 'Software tester', 'Office assistant'];
const EMPLOYERS = ['Kesko Oyj', 'ISS Palvelut Oy', 'Posti Oy', 'HUS', 'Lidl Suomi', 'SOL Palvelut', 'YIT', 'Elisa Oyj', 'Fazer', 'Sodexo'];
const SKILLS = ['forklift licence', 'hygiene passport', 'first aid', 'customer service', 'Excel', 'Swedish', 'English', 'driving licence C', 'occupational safety card', 'cash register'];
const SERVICES: [string, 'EMPLOYMENT' | 'WELLBEING' | 'KELA'][] = [
  ['Job search coaching', 'EMPLOYMENT'], ['Labour-market training: logistics', 'EMPLOYMENT'], ['Work trial', 'EMPLOYMENT'],
  ['Pay-subsidised work', 'EMPLOYMENT'], ['Career coaching', 'EMPLOYMENT'], ['Rehabilitative work activity', 'WELLBEING'],
  ['Social rehabilitation', 'WELLBEING'], ['Work-ability assessment', 'WELLBEING'], ['Debt counselling', 'WELLBEING'],
  ['Vocational rehabilitation (Kela)', 'KELA'], ['Rehabilitative psychotherapy', 'KELA'],
];
// The plan's steps, the service-need summaries and what meetings agreed are read by every official of the joint service
// and by third parties the customer consented to give them: the demo keeps health, rehabilitation and social-welfare
// matters where they belong, among the services (their names restricted) and the restricted categories (found by an
// outsider, session 33: the demo's texts showed them to those the restrictions keep them from).
const STEPS = ['Job search 5 applications a month', 'Labour-market training in logistics', 'Work trial in retail', 'Job-search coaching', 'Work trial in the public sector 3 days a week', 'Finnish language course', 'Apprenticeship training search', 'Apply for pay-subsidised work'];
const SITUATIONS = ['Long-term unemployment, motivated to work', 'Returning to work after a long break', 'Young person without vocational qualification', 'Immigrant, language skills developing', 'Career change ahead, goals still open'];
const HOUSING = ['Rental flat', 'Owner-occupied flat', 'Lives with parents', 'Supported housing', 'Temporary accommodation'];
const LIVELIHOOD = ['Labour-market subsidy', 'Basic unemployment allowance', 'Labour-market subsidy and housing allowance', 'Social assistance supplements income'];
const FAMILY = ['Single', 'Married, two children', 'Single parent, one child', 'Cohabiting, no children'];

/** Consents of the first demo customer, one per recipient type, so that every third-party preset sees something. */
function presetConsents(customer: DemoCustomer) {
  return RECIPIENT_TYPES.map((type, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    customerId: customer.id,
    recipientType: type,
    // Each names the organisation of the type's demo preset (a specific consent names its recipient).
    recipientOrganisationId: demoRecipientOrganisation(type),
    recipientOrganisationName: i % 2 === 0 ? `${demoRecipientOrganisation(type)} (demo)` : null,
    // Everything the purpose may need (shared/src/law/consents.ts), so that each preset sees the most a
    // lawful consent can give it.
    categories: [...CONSENT_SCOPE[USUAL_PURPOSE[type]]],
    purpose: USUAL_PURPOSE[type],
    validFrom: date(addDays(DEMO_TODAY, -60)),
    validUntil: date(addDays(DEMO_TODAY, 700)),
    status: 'GIVEN' as const,
    method: 'IN_WRITING' as const,
    givenAt: date(addDays(DEMO_TODAY, -60)),
    recordedBy: customer.responsibleOfficials.EMPLOYMENT.id,
    storedByAuthority: 'EMPLOYMENT' as const,
  }));
}

/** Days from `from` to `to` (YYYY-MM-DD each); negative when `to` is earlier. */
const daysBetween = (from: string, to: string) => Math.round((date(to).getTime() - date(from).getTime()) / 86_400_000);

/**
 * The end (YYYY-MM-DD) of a demo customership that began on `started` and lasted `length` days; an end
 * after the demo's today would be no end yet (an ended customership ended on or before today), so such an
 * end falls instead within the last 90 days up to the demo's today, spread by `length`, never before
 * `started`. Those ends are due for deletion four years later (seed 003 Liite 7 § 9), after every date the
 * retention tests ask about for the demo population.
 */
export function pastEnd(started: string, length: number): string {
  const end = addDays(started, length);
  if (end <= DEMO_TODAY) return end;
  return addDays(DEMO_TODAY, -(length % (Math.min(daysBetween(started, DEMO_TODAY), 90) + 1)));
}

function customerRows(customer: DemoCustomer) {
  const r = randomFor(customer, 'joint');
  const started = customer.customershipStartedOn;
  const id = () => r.id();
  // The length is drawn as it always was, so that the rest of the demo data stays the same; the end is moved
  // back when it would fall after the demo's today (see pastEnd).
  const ended = r.chance(0.08) ? pastEnd(started, r.int(120, 600)) : null;
  const meetings = Array.from({ length: r.int(1, 6) }, (_, i) => {
    const first = i === 0;
    const others = r.some(['WELLBEING', 'KELA'] as const, 1, 2);
    return {
      id: id(), customerId: customer.id,
      heldAt: new Date(`${addDays(started, i * r.int(20, 60))}T${String(r.int(8, 15)).padStart(2, '0')}:00:00Z`),
      mode: first ? 'IN_PERSON' as const : r.pick(['IN_PERSON', 'PHONE', 'VIDEO', 'WEB_SERVICE'] as const),
      location: first ? `Joint service point, ${customer.homeMunicipality}` : null,
      firstMeeting: first,
      participants: [
        { name: `${customer.firstNames} ${customer.lastName}`, authority: null, role: 'customer', remote: false },
        { name: customer.responsibleOfficials.EMPLOYMENT.name, authority: 'EMPLOYMENT', role: customer.responsibleOfficials.EMPLOYMENT.role, remote: false },
        ...others.map((a, k) => ({ name: customer.responsibleOfficials[a].name, authority: a, role: customer.responsibleOfficials[a].role, remote: !first || k > 0 ? r.chance(0.5) : false })),
      ],
      agreed: r.pick(['Customer applies for two work trials', 'Job-search coaching to be booked', 'Plan reviewed, training starts next month', 'Visit to a training provider agreed', 'Follow-up meeting in six weeks']),
      recordedBy: customer.responsibleOfficials.EMPLOYMENT.id, storedByAuthority: 'EMPLOYMENT' as const,
    };
  });
  const plan = r.chance(0.85) ? {
    id: id(), customerId: customer.id, drawnUpOn: date(addDays(started, r.int(7, 40))),
    goal: r.pick(['Employment in logistics', 'Vocational qualification', 'Return to open labour market', 'Apprenticeship leading to a vocational qualification', 'Pay-subsidised work leading to permanent employment']),
    steps: r.some(STEPS, 2, 4), nextReviewOn: date(addDays(DEMO_TODAY, r.int(10, 120))),
  } : null;
  const randomConsents = Array.from({ length: r.int(0, 2) }, () => {
    const type = r.pick(RECIPIENT_TYPES);
    const withdrawn = r.chance(0.15);
    const from = addDays(DEMO_TODAY, -r.int(10, 500));
    // This draw once chose between a named organisation and "any organisation of the type"; every consent now
    // names its recipient (a specific consent), and the draw stays so that the rest of the demo data is unchanged.
    r.chance(0.5);
    return {
      id: id(), customerId: customer.id, recipientType: type,
      recipientOrganisationId: demoRecipientOrganisation(type), recipientOrganisationName: null,
      categories: r.some(CONSENT_SCOPE[USUAL_PURPOSE[type]], 1, 3),
      purpose: USUAL_PURPOSE[type], validFrom: date(from), validUntil: date(addDays(from, r.int(90, 730))),
      status: withdrawn ? 'WITHDRAWN' as const : 'GIVEN' as const, method: r.pick(['IN_WRITING', 'ELECTRONIC', 'ORAL_RECORDED'] as const),
      givenAt: date(from), recordedBy: customer.responsibleOfficials.EMPLOYMENT.id, storedByAuthority: 'EMPLOYMENT' as const,
      withdrawnAt: withdrawn ? date(addDays(from, 30)) : null, withdrawnBy: withdrawn ? customer.responsibleOfficials.EMPLOYMENT.id : null,
      withdrawnByAuthority: withdrawn ? 'EMPLOYMENT' as const : null,
      version: withdrawn ? 2 : 1,
    };
  });
  const serviceCount = r.int(2, 5);
  return {
    customer: {
      id: customer.id, personalIdentityCode: customer.personalIdentityCode, firstNames: customer.firstNames,
      lastName: customer.lastName, streetAddress: customer.streetAddress, postalCode: customer.postalCode,
      postOffice: customer.postOffice, homeMunicipality: customer.homeMunicipality, cooperationArea: areaOfMunicipality(customer.homeMunicipality) ?? 'NONE',
      phoneNumbers: [customer.phone],
      email: customer.email, motherTongue: customer.motherTongue, professionalSkills: r.some(SKILLS, 1, 4),
      customershipStartedOn: date(started), customershipEndedOn: ended ? date(ended) : null,
      customershipEndReason: ended ? r.pick(['Employed on the open labour market', 'Started studies', 'Moved to another municipality']) : null,
      youthService: customer.birthDate > '1996-11-01',
    },
    specialArrangements: customer.motherTongue !== 'fi' && customer.motherTongue !== 'sv' && r.chance(0.7)
      ? [{ id: id(), customerId: customer.id, kind: 'INTERPRETER' as const, description: `Interpreter (${customer.motherTongue}) in meetings` }]
      : r.chance(0.1) ? [{ id: id(), customerId: customer.id, kind: 'ACCESSIBLE_PREMISES' as const, description: 'Wheelchair-accessible premises' }] : [],
    referralNotes: [{
      id: id(), customerId: customer.id, referredOn: date(addDays(started, -r.int(1, 20))),
      fromAuthority: r.pick(AUTHORITIES), referredBy: r.pick(['Employment services', 'Wellbeing services county', 'Kela service point', 'Job-search coaching']),
      note: r.pick(['Unemployed over 12 months, multi-agency need assessed', 'Under 25 and unemployed over 6 months', 'Several services needed; referred for joint assessment']),
    }],
    responsibleOfficials: AUTHORITIES.map((authority) => ({
      id: id(), customerId: customer.id, authority, officialId: customer.responsibleOfficials[authority].id,
      name: customer.responsibleOfficials[authority].name, role: customer.responsibleOfficials[authority].role, since: date(started),
    })),
    meetings,
    consents: customer.index === 0 ? presetConsents(customer) : randomConsents,
    education: r.some(EDUCATION, 1, 2).map(([level, field]) => ({
      id: id(), customerId: customer.id, level, field, institution: r.pick(['Omnia', 'Stadin AO', 'Laurea', 'Metropolia', 'Keuda', null]), completedOn: date(addDays('2000-06-01', r.int(0, 8000))),
    })),
    workHistory: Array.from({ length: r.int(0, 4) }, () => {
      const start = addDays('2005-01-01', r.int(0, 6500));
      return { id: id(), customerId: customer.id, employer: r.pick(EMPLOYERS), occupation: r.pick(OCCUPATIONS), startedOn: date(start), endedOn: date(addDays(start, r.int(60, 1500))) };
    }),
    socialSituation: r.chance(0.6) ? [{
      customerId: customer.id, housing: r.pick(HOUSING), livelihood: r.pick(LIVELIHOOD), familySituation: r.pick(FAMILY),
      effectOnEmployment: r.pick(['Childcare arrangements needed for training', 'Housing situation unstable', 'Debts cause stress', 'No significant effect']),
      assessedOn: date(addDays(started, r.int(5, 60))),
    }] : [],
    healthAndWorkCapacity: r.chance(0.5) ? [{
      customerId: customer.id, workCapacity: r.pick(['FULL', 'PARTIAL', 'REDUCED', 'UNDER_ASSESSMENT'] as const),
      functionalCapacity: r.pick(['Good', 'Reduced stamina', 'Limited for heavy physical work', 'Concentration difficulties']),
      limitations: r.pick(['No lifting over 10 kg', 'Part-time work only', 'No night shifts', 'None known']),
      assessedOn: date(addDays(started, r.int(10, 120))),
    }] : [],
    serviceNeedAssessment: [{
      id: id(), customerId: customer.id, assessedOn: date(addDays(started, r.int(0, 30))),
      needsFrom: r.some(AUTHORITIES, 2, 3), multiAgencyNeed: true, summary: r.pick(SITUATIONS),
    }],
    situationAssessments: (['START', 'DURING', 'END'] as const).slice(0, ended ? 3 : r.int(1, 2)).map((phase, i) => ({
      // The end situation is assessed when the customership ends; nothing of an ended one is assessed after its end.
      id: id(), customerId: customer.id, phase, assessedOn: date(phase === 'END' ? ended! : ended && addDays(started, i * 120) > ended ? ended : addDays(started, i * 120)), situation: r.pick(SITUATIONS), goalAttainment: phase === 'START' ? 0 : r.int(10, 100),
    })),
    employmentPlan: plan ? [plan] : [],
    planReviews: plan ? Array.from({ length: r.int(0, 3) }, (_, i) => ({
      id: id(), customerId: customer.id, kind: r.pick(['FOLLOW_UP', 'REVIEW'] as const), reviewedOn: date(addDays(started, 60 * (i + 1))),
      outcome: r.pick(['On track', 'Training postponed', 'Goal revised', 'Work trial completed']), recordedBy: customer.responsibleOfficials.EMPLOYMENT.id,
      storedByAuthority: 'EMPLOYMENT' as const,
    })) : [],
    services: r.some(SERVICES, serviceCount, serviceCount).map(([name, provider]) => {
      const state = r.pick(['PLANNED', 'ONGOING', 'ONGOING', 'COMPLETED', 'INTERRUPTED'] as const);
      const starts = addDays(started, r.int(10, 300));
      return {
        id: id(), customerId: customer.id, name, provider, state, startsOn: date(starts),
        endsOn: state === 'COMPLETED' || state === 'INTERRUPTED' ? date(addDays(starts, r.int(20, 200))) : null,
        interruptionReason: state === 'INTERRUPTED' ? r.pick(['Illness', 'Customer moved', 'Did not attend']) : null,
      };
    }),
  };
}

/**
 * The customerships of the demo population as the seed writes them (one per customer, YYYY-MM-DD dates;
 * endedOn null while it goes on) with their situation assessments' phases and dates, for checks of the
 * demo data (subgraphs/joint/tests/demo-seed.test.ts).
 */
export function demoCustomerships() {
  return demoPopulation().map(customerRows).map(({ customer, situationAssessments }) => ({
    customerId: customer.id, startedOn: day(customer.customershipStartedOn), endedOn: customer.customershipEndedOn && day(customer.customershipEndedOn),
    assessments: situationAssessments.map((a) => ({ phase: a.phase, assessedOn: day(a.assessedOn) })),
  }));
}
const day = (d: Date) => d.toISOString().slice(0, 10);

type SeededConsent = ReturnType<typeof presetConsents>[number] & { withdrawnAt?: Date | null; withdrawnBy?: string | null; withdrawnByAuthority?: 'EMPLOYMENT' | null };

/** The history of a seeded consent: given, and withdrawn when it was (shared/src/law/consents.ts, issue 9). */
function versionsOf(c: SeededConsent) {
  const { id, customerId, recipientType, recipientOrganisationId, recipientOrganisationName, categories, purpose, validFrom, validUntil, method, storedByAuthority } = c;
  const terms = { consentId: id, customerId, recipientType, recipientOrganisationId, recipientOrganisationName, categories, purpose, validFrom, validUntil, method };
  return [
    { ...terms, id: `${id}-v1`, version: 1, change: 'GIVEN', status: 'GIVEN', recordedAt: c.givenAt, recordedBy: c.recordedBy, storedByAuthority },
    ...((c.status as string) === 'WITHDRAWN' ? [{
      ...terms, id: `${id}-v2`, version: 2, change: 'WITHDRAWN', status: 'WITHDRAWN', recordedAt: c.withdrawnAt ?? c.givenAt, recordedBy: c.withdrawnBy ?? c.recordedBy,
      storedByAuthority: c.withdrawnByAuthority ?? storedByAuthority,
    }] : []),
  ];
}

export async function seedJoint(db: PrismaClient, log: Logger): Promise<boolean> {
  if (await hasRows(db, 'Customer')) return false;
  const all = demoPopulation().map(customerRows);
  const collect = <K extends keyof ReturnType<typeof customerRows>>(key: K) => all.flatMap((c) => c[key] as unknown[]);
  // One transaction: a seed interrupted half-way leaves an empty register, and the next start seeds again.
  await db.$transaction(async (tx) => {
    await insertInChunks(tx.customer, all.map((c) => c.customer));
    await insertInChunks(tx.specialArrangement, collect('specialArrangements') as never[]);
    await insertInChunks(tx.referralNote, collect('referralNotes') as never[]);
    await insertInChunks(tx.responsibleOfficial, collect('responsibleOfficials') as never[]);
    await insertInChunks(tx.meeting, collect('meetings') as never[]);
    await insertInChunks(tx.consent, collect('consents') as never[]);
    await insertInChunks(tx.consentVersion, (collect('consents') as SeededConsent[]).flatMap(versionsOf) as never[]);
    await insertInChunks(tx.education, collect('education') as never[]);
    await insertInChunks(tx.workHistoryEntry, collect('workHistory') as never[]);
    await insertInChunks(tx.socialSituation, collect('socialSituation') as never[]);
    await insertInChunks(tx.healthAndWorkCapacity, collect('healthAndWorkCapacity') as never[]);
    await insertInChunks(tx.serviceNeedAssessment, collect('serviceNeedAssessment') as never[]);
    await insertInChunks(tx.situationAssessment, collect('situationAssessments') as never[]);
    await insertInChunks(tx.employmentPlan, collect('employmentPlan') as never[]);
    await insertInChunks(tx.planReview, collect('planReviews') as never[]);
    await insertInChunks(tx.customerService, collect('services') as never[]);
    await seedFormerCustomers(tx as unknown as PrismaClient);
    await nameWhoStoredTheDemoRows(tx as unknown as PrismaClient);
  }, { timeout: 120_000, maxWait: 10_000 });
  log.info('joint register seeded', { customers: all.length });
  return true;
}

/**
 * Every demo row of the joint register names the authority and the official who stored it, as a row written through
 * the graph does (README: seed 003 Liite 7 § 1): where a row's builder above names nobody, the customer's first
 * responsible employment official, who admitted them in the demo (found by an outsider: the demo's assessments,
 * plans, services and others named nobody). Every table with `storedByAuthority`, in the seed's transaction.
 */
async function nameWhoStoredTheDemoRows(db: PrismaClient) {
  const tables = await db.$queryRawUnsafe<{ table: string; key: string; official: boolean }[]>(`
    SELECT s.table_name AS "table", CASE WHEN s.table_name = 'Customer' THEN 'id' ELSE 'customerId' END AS key,
      EXISTS (SELECT 1 FROM information_schema.columns c
        WHERE c.table_schema = s.table_schema AND c.table_name = s.table_name AND c.column_name = 'storedBy') AS official
    FROM information_schema.columns s
    WHERE s.table_schema = current_schema() AND s.column_name = 'storedByAuthority'
      AND (s.table_name = 'Customer' OR EXISTS (SELECT 1 FROM information_schema.columns c
        WHERE c.table_schema = s.table_schema AND c.table_name = s.table_name AND c.column_name = 'customerId'))`);
  // A table without `storedBy` (e.g. Meeting) names its official in a column of its own (who booked it).
  for (const { table, key, official } of tables) {
    await db.$executeRawUnsafe(`UPDATE "${table}" t SET "storedByAuthority" = 'EMPLOYMENT'${official ? ', "storedBy" = o."officialId"' : ''}
      FROM (SELECT DISTINCT ON ("customerId") "customerId", "officialId" FROM "ResponsibleOfficial"
            WHERE authority = 'EMPLOYMENT' ORDER BY "customerId", since, id) o
      WHERE o."customerId" = t."${key}" AND t."storedByAuthority" IS NULL`);
  }
}

/**
 * Former customers whose customerships ended years ago, and their legal holds (shared/src/demo/former-customers.ts),
 * so that the retention run has persons due, not yet due and held. In no caseload: their officials' periods ended.
 */
async function seedFormerCustomers(db: PrismaClient) {
  // The rows' ids: the person's id with its first two hex digits replaced.
  const sub = (id: string, prefix: string) => `${prefix}${id.slice(2)}`;
  for (const f of DEMO_FORMER_CUSTOMERS) {
    const stored = { storedByAuthority: 'EMPLOYMENT' as const, storedBy: FORMER_OFFICIALS.EMPLOYMENT.id };
    await db.customer.create({ data: {
      id: f.id, personalIdentityCode: f.personalIdentityCode, firstNames: f.firstNames, lastName: f.lastName, homeMunicipality: f.homeMunicipality,
      phoneNumbers: [], professionalSkills: ['customer service'], customershipStartedOn: date(f.customershipStartedOn),
      customershipEndedOn: date(f.customershipEndedOn), customershipEndReason: f.endReason,
    } });
    await db.customershipPeriod.create({ data: {
      id: sub(f.id, 'a1'), customerId: f.id, startedOn: date(f.customershipStartedOn), endedOn: date(f.customershipEndedOn), endReason: f.endReason, ...stored,
    } });
    await db.responsibleOfficial.createMany({ data: AUTHORITIES.map((authority, i) => ({
      id: sub(f.id, `b${i}`), customerId: f.id, authority, officialId: FORMER_OFFICIALS[authority].id,
      name: FORMER_OFFICIALS[authority].name, role: FORMER_OFFICIALS[authority].role,
      since: date(f.customershipStartedOn), until: date(f.customershipEndedOn),
    })) });
    await db.situationAssessment.createMany({ data: (['START', 'END'] as const).map((phase, i) => ({
      id: sub(f.id, `c${i}`), customerId: f.id, phase, assessedOn: date(phase === 'START' ? f.customershipStartedOn : f.customershipEndedOn),
      situation: phase === 'START' ? 'Long-term unemployment, motivated to work' : f.endReason, goalAttainment: phase === 'START' ? 0 : 80, ...stored,
    })) });
    await db.referralNote.create({ data: {
      id: sub(f.id, 'd1'), customerId: f.id, referredOn: date(f.customershipStartedOn), fromAuthority: 'EMPLOYMENT',
      referredBy: 'Employment services', note: 'Unemployed over 12 months, multi-agency need assessed',
    } });
    for (const h of f.holds) {
      await db.legalHold.create({ data: {
        id: h.id, customerId: f.id, registers: h.registers, basis: h.basis, reason: h.reason, placedAt: date(h.placedAt),
        placedBy: h.placedBy.id, placedByAuthority: h.placedBy.authority,
        releasedAt: h.released ? date(h.released.at) : null, releasedBy: h.released?.by.id ?? null,
        releasedByAuthority: h.released?.by.authority ?? null, releaseReason: h.released?.reason ?? null,
      } });
    }
  }
}
