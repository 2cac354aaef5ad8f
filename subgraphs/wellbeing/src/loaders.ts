// Per-request loaders of the wellbeing register: one batched query per kind of row, whatever the number
// of customers. The activation plan's reviews and attendance days are keyed by customerId too: a customer
// has at most one plan.
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
    client: jsonRowLoader(db.client, { db, model: 'Client' }),
    socialSituation: jsonRowLoader(db.socialSituation, { db, model: 'SocialSituation' }),
    socialWelfareServices: jsonListLoader(db.socialWelfareService, { db, model: 'SocialWelfareService' }, 'customerId', [['startsOn', 'asc'], ['id', 'asc']]),
    socialAssistanceDecisions: jsonListLoader(db.socialAssistanceDecision, { db, model: 'SocialAssistanceDecision' }, 'customerId', [['decidedOn', 'desc']]),
    healthVisits: jsonListLoader(db.healthVisit, { db, model: 'HealthVisit' }, 'customerId', [['visitedOn', 'desc']]),
    diagnoses: jsonListLoader(db.diagnosis, { db, model: 'Diagnosis' }, 'customerId', [['diagnosedOn', 'asc']]),
    carePlanNotes: jsonListLoader(db.carePlanNote, { db, model: 'CarePlanNote' }, 'customerId', [['writtenOn', 'desc']]),
    healthReferrals: jsonListLoader(db.healthReferral, { db, model: 'HealthReferral' }, 'customerId', [['referredOn', 'desc']]),
    substanceAbuseVisits: jsonListLoader(db.substanceAbuseVisit, { db, model: 'SubstanceAbuseVisit' }, 'customerId', [['visitedOn', 'desc']]),
    substanceAbuseTreatmentPeriods: jsonListLoader(db.substanceAbuseTreatmentPeriod, { db, model: 'SubstanceAbuseTreatmentPeriod' }, 'customerId', [['startsOn', 'asc']]),
    // The caseload's kinds of rows (work-ability assessments, the activation plan) come as one JSON text per
    // batch (issue 11; shared/src/graphql/json-rows.ts), whole rows through Prisma when the selection is not known.
    workAbilityAssessments: jsonListLoader(db.workAbilityAssessment, { db, model: 'WorkAbilityAssessment', lean: {
      selection, types: ['WellbeingWorkAbilityAssessment'], columns: Prisma.WorkAbilityAssessmentScalarFieldEnum,
    } }, 'customerId', [['assessedOn', 'desc'], ['createdAt', 'desc']]),
    // Its reviews and attendance days are loaded by the customer id (always read).
    activationPlan: jsonRowLoader(db.activationPlan, { db, model: 'ActivationPlan', lean: {
      selection, types: ['WellbeingActivationPlan'], columns: Prisma.ActivationPlanScalarFieldEnum, needs: { reviews: [], attendanceDays: [] },
    } }),
    activationPlanReviews: jsonListLoader(db.activationPlanReview, { db, model: 'ActivationPlanReview' }, 'customerId', [['reviewedOn', 'asc'], ['createdAt', 'asc']]),
    attendanceDays: jsonListLoader(db.attendanceDay, { db, model: 'AttendanceDay' }, 'customerId', [['date', 'asc']]),
  } satisfies Record<string, DataLoader<string, unknown>>;
}

export type Loaders = ReturnType<typeof createLoaders>;
