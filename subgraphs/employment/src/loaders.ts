// Per-request loaders of the employment authority's registers: one batched query per kind of row,
// whatever the number of customers. Nested rows are keyed by their parent (a coaching, a coaching
// period, a statement, a guidance, an employer customer).
import DataLoader from 'dataloader';
import { listLoader, OperationSelection, rowLoader } from '@cg/shared/src/graphql/loaders';
import { jsonListLoader, jsonRowLoader } from '@cg/shared/src/graphql/json-rows';
import { Prisma, PrismaClient } from './generated/prisma/client';

/**
 * `selection`: what the request's operation asks (set by the subgraph frame); the loaders of the
 * caseload's rows read only those columns (issue 11, ../../../shared/src/graphql/loaders.ts LeanRows).
 * Without it every loader reads all columns.
 */
export function createLoaders(db: PrismaClient, selection = new OperationSelection()) {
  return {
    // The caseload's kinds of rows (job seeker, offers, statements) come as one JSON text per batch (issue 11;
    // shared/src/graphql/json-rows.ts), whole rows through Prisma when the selection is not known.
    // Job seeker
    jobSeeker: jsonRowLoader(db.jobSeeker, { db, model: 'JobSeeker', lean: {
      selection, types: ['EmploymentJobSeeker'], columns: Prisma.JobSeekerScalarFieldEnum,
    } }),
    workHistory: listLoader(db.workHistoryEntry, 'customerId', { startedOn: 'desc' }),
    education: listLoader(db.education, 'customerId', { completedOn: 'desc' }),
    trainingNeed: rowLoader(db.trainingNeed),
    jobSearchPlans: listLoader(db.jobSearchPlan, 'customerId', { drawnUpOn: 'desc' }),
    serviceNeed: rowLoader(db.serviceNeed),
    // Services and decisions
    trainingApplications: listLoader(db.trainingApplication, 'customerId', { appliedOn: 'desc' }),
    offers: jsonListLoader(db.offer, { db, model: 'Offer', lean: {
      selection, types: ['EmploymentOffer'], columns: Prisma.OfferScalarFieldEnum, needs: { employerCustomer: ['employerCustomerId'] },
    } }, 'customerId', [['offeredOn', 'desc']]),
    decisions: listLoader(db.decision, 'customerId', { decidedOn: 'desc' }),
    // clarificationRequests are loaded by the statement's id: named, as the JSON rows carry it only when asked.
    statements: jsonListLoader(db.statement, { db, model: 'Statement', lean: {
      selection, types: ['EmploymentStatement'], columns: Prisma.StatementScalarFieldEnum, needs: { clarificationRequests: ['id'] },
    } }, 'customerId', [['givenOn', 'desc'], ['createdAt', 'desc']]),
    clarificationRequests: listLoader(db.clarificationRequest, 'statementId', { sentOn: 'asc' }),
    mobilityGrants: listLoader(db.mobilityGrant, 'customerId', { decidedOn: 'desc' }),
    serviceMeasures: listLoader(db.serviceMeasure, 'customerId', { startsOn: 'desc' }),
    // Contacts and permits
    contacts: listLoader(db.contact, 'customerId', { contactedAt: 'desc' }),
    permits: listLoader(db.permit, 'customerId', { validFrom: 'desc' }),
    // Restricted
    healthNotes: listLoader(db.healthNote, 'customerId', { recordedOn: 'desc' }),
    vocationalGuidance: rowLoader(db.vocationalGuidance),
    guidanceSessions: listLoader(db.guidanceSession, 'guidanceId', { heldOn: 'asc' }),
    // Municipal services
    unemployment: rowLoader(db.unemployment),
    paySubsidies: listLoader(db.paySubsidy, 'customerId', { startsOn: 'desc' }),
    coaching: rowLoader(db.coaching),
    contractPeriods: listLoader(db.contractPeriod, 'coachingId', { startsOn: 'asc' }),
    coachingPeriods: listLoader(db.coachingPeriod, 'coachingId', { startsOn: 'asc' }),
    workDiary: listLoader(db.workDiaryEntry, 'coachingPeriodId', { date: 'asc' }),
    placements: listLoader(db.placement, 'coachingId', { placedOn: 'asc' }),
    // Work capacity
    functionalCapacityAssessment: rowLoader(db.functionalCapacityAssessment, 'coachingId'),
    primaryBenefitClarifications: listLoader(db.primaryBenefitClarification, 'customerId', { startedOn: 'desc' }),
    workCapacityAssessments: listLoader(db.workCapacityAssessment, 'customerId', { assessedOn: 'desc' }),
    // Activation plan
    activationPlan: rowLoader(db.activationPlan),
    // Final reports of multi-agency processes (issue 10)
    finalReports: listLoader(db.finalReport, 'customerId', { reportedOn: 'desc' }),
    // Employer customers (partner data)
    employerCustomer: rowLoader(db.employerCustomer, 'id', true),
    employerAssignments: listLoader(db.employerAssignment, 'employerCustomerId', { receivedOn: 'desc' }, true),
  } satisfies Record<string, DataLoader<string, unknown>>;
}

export type Loaders = ReturnType<typeof createLoaders>;
