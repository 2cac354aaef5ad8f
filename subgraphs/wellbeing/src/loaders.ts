// Per-request loaders of the wellbeing register: one batched query per kind of row, whatever the number
// of customers. The activation plan's reviews and attendance days are keyed by customerId too: a customer
// has at most one plan.
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
    client: rowLoader(db.client),
    socialSituation: rowLoader(db.socialSituation),
    socialWelfareServices: listLoader(db.socialWelfareService, 'customerId', [{ startsOn: 'asc' }, { id: 'asc' }]),
    socialAssistanceDecisions: listLoader(db.socialAssistanceDecision, 'customerId', { decidedOn: 'desc' }),
    healthVisits: listLoader(db.healthVisit, 'customerId', { visitedOn: 'desc' }),
    diagnoses: listLoader(db.diagnosis, 'customerId', { diagnosedOn: 'asc' }),
    carePlanNotes: listLoader(db.carePlanNote, 'customerId', { writtenOn: 'desc' }),
    healthReferrals: listLoader(db.healthReferral, 'customerId', { referredOn: 'desc' }),
    substanceAbuseVisits: listLoader(db.substanceAbuseVisit, 'customerId', { visitedOn: 'desc' }),
    substanceAbuseTreatmentPeriods: listLoader(db.substanceAbuseTreatmentPeriod, 'customerId', { startsOn: 'asc' }),
    // The caseload's kinds of rows (work-ability assessments, the activation plan) come as one JSON text per
    // batch (issue 11; shared/src/graphql/json-rows.ts), whole rows through Prisma when the selection is not known.
    workAbilityAssessments: jsonListLoader(db.workAbilityAssessment, { db, model: 'WorkAbilityAssessment', lean: {
      selection, types: ['WellbeingWorkAbilityAssessment'], columns: Prisma.WorkAbilityAssessmentScalarFieldEnum,
    } }, 'customerId', [['assessedOn', 'desc'], ['createdAt', 'desc']]),
    // Its reviews and attendance days are loaded by the customer id (always read).
    activationPlan: jsonRowLoader(db.activationPlan, { db, model: 'ActivationPlan', lean: {
      selection, types: ['WellbeingActivationPlan'], columns: Prisma.ActivationPlanScalarFieldEnum, needs: { reviews: [], attendanceDays: [] },
    } }),
    activationPlanReviews: listLoader(db.activationPlanReview, 'customerId', [{ reviewedOn: 'asc' }, { createdAt: 'asc' }]),
    attendanceDays: listLoader(db.attendanceDay, 'customerId', { date: 'asc' }),
  } satisfies Record<string, DataLoader<string, unknown>>;
}

export type Loaders = ReturnType<typeof createLoaders>;
