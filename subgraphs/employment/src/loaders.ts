// Per-request loaders of the employment authority's registers: one batched query per kind of row,
// whatever the number of customers. Nested rows are keyed by their parent (a coaching, a coaching
// period, a statement, a guidance, an employer customer).
import DataLoader from 'dataloader';
import { OperationSelection } from '@cg/shared/src/graphql/loaders';
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
    workHistory: jsonListLoader(db.workHistoryEntry, { db, model: 'WorkHistoryEntry' }, 'customerId', [['startedOn', 'desc']]),
    education: jsonListLoader(db.education, { db, model: 'Education' }, 'customerId', [['completedOn', 'desc']]),
    trainingNeed: jsonRowLoader(db.trainingNeed, { db, model: 'TrainingNeed' }),
    jobSearchPlans: jsonListLoader(db.jobSearchPlan, { db, model: 'JobSearchPlan' }, 'customerId', [['drawnUpOn', 'desc']]),
    serviceNeed: jsonRowLoader(db.serviceNeed, { db, model: 'ServiceNeed' }),
    // Services and decisions
    trainingApplications: jsonListLoader(db.trainingApplication, { db, model: 'TrainingApplication' }, 'customerId', [['appliedOn', 'desc']]),
    offers: jsonListLoader(db.offer, { db, model: 'Offer', lean: {
      selection, types: ['EmploymentOffer'], columns: Prisma.OfferScalarFieldEnum, needs: { employerCustomer: ['employerCustomerId'] },
    } }, 'customerId', [['offeredOn', 'desc']]),
    decisions: jsonListLoader(db.decision, { db, model: 'Decision' }, 'customerId', [['decidedOn', 'desc']]),
    // clarificationRequests are loaded by the statement's id: named, as the JSON rows carry it only when asked.
    statements: jsonListLoader(db.statement, { db, model: 'Statement', lean: {
      selection, types: ['EmploymentStatement'], columns: Prisma.StatementScalarFieldEnum, needs: { clarificationRequests: ['id'] },
    } }, 'customerId', [['givenOn', 'desc'], ['createdAt', 'desc']]),
    clarificationRequests: jsonListLoader(db.clarificationRequest, { db, model: 'ClarificationRequest' }, 'statementId', [['sentOn', 'asc']]),
    mobilityGrants: jsonListLoader(db.mobilityGrant, { db, model: 'MobilityGrant' }, 'customerId', [['decidedOn', 'desc']]),
    serviceMeasures: jsonListLoader(db.serviceMeasure, { db, model: 'ServiceMeasure' }, 'customerId', [['startsOn', 'desc']]),
    // Contacts and permits
    contacts: jsonListLoader(db.contact, { db, model: 'Contact' }, 'customerId', [['contactedAt', 'desc']]),
    permits: jsonListLoader(db.permit, { db, model: 'Permit' }, 'customerId', [['validFrom', 'desc']]),
    // Restricted
    healthNotes: jsonListLoader(db.healthNote, { db, model: 'HealthNote' }, 'customerId', [['recordedOn', 'desc']]),
    vocationalGuidance: jsonRowLoader(db.vocationalGuidance, { db, model: 'VocationalGuidance' }),
    guidanceSessions: jsonListLoader(db.guidanceSession, { db, model: 'GuidanceSession' }, 'guidanceId', [['heldOn', 'asc']]),
    // Municipal services
    unemployment: jsonRowLoader(db.unemployment, { db, model: 'Unemployment' }),
    paySubsidies: jsonListLoader(db.paySubsidy, { db, model: 'PaySubsidy' }, 'customerId', [['startsOn', 'desc']]),
    coaching: jsonRowLoader(db.coaching, { db, model: 'Coaching' }),
    contractPeriods: jsonListLoader(db.contractPeriod, { db, model: 'ContractPeriod' }, 'coachingId', [['startsOn', 'asc']]),
    coachingPeriods: jsonListLoader(db.coachingPeriod, { db, model: 'CoachingPeriod' }, 'coachingId', [['startsOn', 'asc']]),
    workDiary: jsonListLoader(db.workDiaryEntry, { db, model: 'WorkDiaryEntry' }, 'coachingPeriodId', [['date', 'asc']]),
    placements: jsonListLoader(db.placement, { db, model: 'Placement' }, 'coachingId', [['placedOn', 'asc']]),
    // Work capacity
    functionalCapacityAssessment: jsonRowLoader(db.functionalCapacityAssessment, { db, model: 'FunctionalCapacityAssessment' }, 'coachingId'),
    primaryBenefitClarifications: jsonListLoader(db.primaryBenefitClarification, { db, model: 'PrimaryBenefitClarification' }, 'customerId', [['startedOn', 'desc']]),
    workCapacityAssessments: jsonListLoader(db.workCapacityAssessment, { db, model: 'WorkCapacityAssessment' }, 'customerId', [['assessedOn', 'desc']]),
    // Activation plan
    activationPlan: jsonRowLoader(db.activationPlan, { db, model: 'ActivationPlan' }),
    // Final reports of multi-agency processes (issue 10)
    finalReports: jsonListLoader(db.finalReport, { db, model: 'FinalReport' }, 'customerId', [['reportedOn', 'desc']]),
    // Employer customers (partner data): whole rows, for the partner rule reads each row's municipality (permissions.ts
    // partnerAreaOf; a row without it is refused).
    employerCustomer: jsonRowLoader(db.employerCustomer, { db, model: 'EmployerCustomer' }, 'id', true),
    employerAssignments: jsonListLoader(db.employerAssignment, { db, model: 'EmployerAssignment' }, 'employerCustomerId', [['receivedOn', 'desc']], true),
  } satisfies Record<string, DataLoader<string, unknown>>;
}

export type Loaders = ReturnType<typeof createLoaders>;
