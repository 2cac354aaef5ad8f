// Demo data of the cooperation model (seed 003 Liite 2-6): Liite 2's staffing table and estimate as they
// stand in the annex (15.9 FTE in 2024, 22.7 on 1.1.2025, 1,000 customers), the steering group and
// leadership of Liite 3-5, the annexes' versions, and a year of joint costs under Liite 6.
import { randomUUID } from 'node:crypto';
import { DEMO_DEPUTY_LEADER, DEMO_LEADER, DEMO_STEERING_GROUP } from '@cg/shared/src/cooperation/demo-management';
import { LIITE_2, LIITE_2_ESTIMATE } from '@cg/shared/src/cooperation/staffing';
import type { Logger } from '@cg/shared/src/log';
import { hasRows } from '@cg/shared/src/demo/insert';
import type { PrismaClient } from './generated/prisma/client';

const day = (value: string) => new Date(`${value}T00:00:00Z`);
const SEEDER = 'demo-seed';

const ANNEXES = [
  [1, 'Ways of organising the services (Palvelujen järjestämisen tavat)', '2024-09-28'],
  [2, 'Staffing based on the estimated number of customers (Henkilöstömäärä asiakasmääräarvion perusteella)', '2024-09-28'],
  [3, "Decision setting up the steering group (Johtoryhmän asettamispäätös)", '2025-01-15'],
  [4, "The steering group's cooperation practices (Johtoryhmän yhteistyökäytännöt)", '2025-01-15'],
  [5, "The leading person's tasks (Johtavan henkilön tehtävät)", '2024-09-28'],
  [6, 'Sharing of costs (Kustannusten jako)', '2024-09-28'],
  [7, "The customer register's privacy notice (Asiakasrekisterin tietosuojaseloste)", '2024-09-28'],
] as const;

/** Seeds the cooperation model once (when it has no staffing yet). */
export async function seedCooperation(db: PrismaClient, log?: Logger): Promise<boolean> {
  if (await hasRows(db, 'StaffingAllocation')) return false;
  await db.$transaction(async (tx) => {
    // Liite 2: two columns, 2024 and 1.1.2025.
    const allocations = LIITE_2.flatMap((row) => [
      row.fte2024 === null ? null : {
        id: randomUUID(), party: row.party, title: row.title, roleCertificate: row.roleCertificate, periodLabel: '2024', periodStartsOn: day('2024-01-01'),
        fteHundredths: row.fte2024, countedInTotal: row.counted2024 ?? true, note: row.note2024 ?? null, recordedBy: SEEDER,
      },
      row.fte2025 === null ? null : {
        id: randomUUID(), party: row.party, title: row.title, roleCertificate: row.roleCertificate, periodLabel: '1.1.2025', periodStartsOn: day('2025-01-01'),
        fteHundredths: row.fte2025, countedInTotal: true, note: null, recordedBy: SEEDER,
      },
    ]).filter((a): a is NonNullable<typeof a> => a !== null);
    await tx.staffingAllocation.createMany({ data: allocations });
    await tx.caseloadEstimate.create({
      data: { id: randomUUID(), appliesOn: day(LIITE_2_ESTIMATE.appliesOn), customers: LIITE_2_ESTIMATE.customers, sources: LIITE_2_ESTIMATE.sources, updatedOn: day(LIITE_2_ESTIMATE.updatedOn), recordedBy: SEEDER },
    });

    // Liite 3-5: the steering group for 2025-2029, its first meeting 1/2025 and its decisions.
    const term = { termStartsOn: day('2025-01-01'), termEndsOn: day('2029-12-31') };
    const memberIds: string[] = [];
    for (const { member, deputy } of DEMO_STEERING_GROUP) {
      const memberId = randomUUID();
      memberIds.push(memberId);
      await tx.steeringGroupMember.create({ data: { id: memberId, party: member.authority, seat: 'MEMBER', personId: member.id, name: member.name, title: member.title, ...term, recordedBy: SEEDER } });
      await tx.steeringGroupMember.create({ data: { id: randomUUID(), party: deputy.authority, seat: 'PERSONAL_DEPUTY', deputyOfId: memberId, personId: deputy.id, name: deputy.name, title: deputy.title, ...term, recordedBy: SEEDER } });
    }
    await tx.steeringGroupOffice.create({ data: { id: randomUUID(), office: 'CHAIR', memberId: memberIds[0], namedBy: 'EMPLOYMENT', ...term, recordedBy: SEEDER } });
    await tx.steeringGroupOffice.create({ data: { id: randomUUID(), office: 'VICE_CHAIR', memberId: memberIds[1], namedBy: 'WELLBEING', ...term, recordedBy: SEEDER } });
    const meetingId = randomUUID();
    await tx.steeringGroupMeeting.create({ data: { id: meetingId, number: '1/2025', heldOn: day('2025-01-15'), attendees: [...DEMO_STEERING_GROUP.map((g) => g.member.name), DEMO_LEADER.name], recordedBy: SEEDER } });
    const decision = (number: number, kind: 'LEADER_APPROVAL' | 'ANNEX_APPROVAL' | 'STAFFING_REVIEW' | 'BUDGET' | 'DEVELOPMENT_DAYS', subject: string, text: string) =>
      tx.steeringGroupDecision.create({ data: { id: randomUUID(), meetingId, number, kind, subject, decision: text, recordedBy: SEEDER } });
    const leaderApproval = await decision(1, 'LEADER_APPROVAL', 'The leading person and the deputy (Liite 5)', 'Approved the employment area\'s proposal: the head of multi-agency services leads the model (50 % of working time); the service manager of initial and basic services for adults is the deputy.');
    const annexApproval = await decision(2, 'ANNEX_APPROVAL', 'The annexes of the cooperation agreement', 'Approved the annexes 1-7 as presented; the meeting cycle (Liite 4) is four meetings a year.');
    const staffingApproval = await decision(3, 'STAFFING_REVIEW', 'Staffing against the caseload 2025 (Liite 2)', 'Approved 22.7 FTE on 1.1.2025 for an estimated 1,000 customers.');
    await decision(4, 'BUDGET', 'Budget of the joint costs 2026 (Liite 6)', 'Approved the budget of the joint costs as presented.');
    for (const [position, person, share] of [['LEADER', DEMO_LEADER, 50], ['DEPUTY', DEMO_DEPUTY_LEADER, 0]] as const) {
      await tx.cooperationLeaderAppointment.create({
        data: {
          id: randomUUID(), position, personId: person.id, name: person.name, title: person.title, appointedOn: day('2024-12-10'),
          ...term, shareOfWorkingTimePercent: share, approvedByDecisionId: leaderApproval.id, recordedBy: SEEDER,
        },
      });
    }
    for (const [annex, title, updatedOn] of ANNEXES) {
      await tx.annexVersion.create({
        data: { id: randomUUID(), annex, title, version: '2025.1', updatedOn: day(updatedOn), summary: `Liite ${annex} as approved in meeting 1/2025.`, approvedByDecisionId: annexApproval.id, recordedBy: SEEDER },
      });
    }
    await tx.staffingReview.create({ data: { id: randomUUID(), year: 2025, reviewedOn: day('2025-01-15'), conclusion: 'Staffing raised from 15.9 to 22.7 FTE for the estimated 1,000 customers (Liite 2).', approvedByDecisionId: staffingApproval.id, recordedBy: SEEDER } });

    // Liite 6: the budget of 2026 and realised costs of its first three quarters.
    const budget: [string, number][] = [['LEADER_PAY', 4_200_000], ['LEADER_OPERATING', 600_000], ['DEPUTY_SUBSTITUTION', 300_000], ['DEVELOPMENT_DAY', 800_000]];
    await tx.jointCostBudget.createMany({ data: budget.map(([kind, amountCents]) => ({ id: randomUUID(), year: 2026, kind: kind as never, amountCents, recordedBy: SEEDER })) });
    const spring = randomUUID();
    const autumn = randomUUID();
    await tx.developmentDay.createMany({ data: [
      { id: spring, heldOn: day('2026-03-12'), length: 'FULL_DAY', title: 'Spring development day: the new customer process', participantsEmployment: 9, participantsWellbeing: 12, participantsKela: 3, recordedBy: SEEDER },
      { id: autumn, heldOn: day('2026-09-17'), length: 'FULL_DAY', title: 'Autumn development day: youth joint service', participantsEmployment: 8, participantsWellbeing: 10, participantsKela: 2, recordedBy: SEEDER },
    ] });
    const costs = [
      ...['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((m) => ({ kind: 'LEADER_PAY', incurredOn: `2026-${m}-28`, amountCents: 349_999, description: `Leader's pay and personnel costs, 50 % share of working time, 2026-${m}` })),
      { kind: 'LEADER_OPERATING', incurredOn: '2026-02-15', amountCents: 45_000, description: "Leader's travel and training" },
      { kind: 'DEVELOPMENT_DAY', incurredOn: '2026-03-12', amountCents: 345_000, description: 'Spring development day: venue and catering', developmentDayId: spring },
      { kind: 'DEPUTY_SUBSTITUTION', incurredOn: '2026-07-31', amountCents: 410_000, description: "Deputy substituting for the leader's summer leave", substitutionStartsOn: '2026-07-06', substitutionEndsOn: '2026-07-31' },
      { kind: 'DEPUTY_SUBSTITUTION', incurredOn: '2026-05-15', amountCents: 90_000, description: 'Deputy substituting for a week of sick leave', substitutionStartsOn: '2026-05-11', substitutionEndsOn: '2026-05-15' },
      { kind: 'DEVELOPMENT_DAY', incurredOn: '2026-09-17', amountCents: 298_000, description: 'Autumn development day: venue and catering', developmentDayId: autumn },
    ];
    await tx.jointCost.createMany({
      data: costs.map((c) => ({
        id: randomUUID(), kind: c.kind as never, incurredOn: day(c.incurredOn), amountCents: c.amountCents, description: c.description,
        substitutionStartsOn: 'substitutionStartsOn' in c && c.substitutionStartsOn ? day(c.substitutionStartsOn) : null,
        substitutionEndsOn: 'substitutionEndsOn' in c && c.substitutionEndsOn ? day(c.substitutionEndsOn) : null,
        developmentDayId: 'developmentDayId' in c ? c.developmentDayId : null, recordedBy: SEEDER,
      })),
    });
  });
  log?.info('seeded the cooperation model');
  return true;
}
