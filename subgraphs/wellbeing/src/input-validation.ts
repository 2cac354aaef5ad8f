// Validation of the wellbeing register's writes: work-ability assessments and activation plan reviews.
// Each failure names the field and what is wrong with it.
import { invalidInput } from '@cg/shared/src/graphql/errors';
import { MAX_NAME, MAX_TEXT, optionalText, requireId, requireNotInFuture, requireOneOf, requireText, requireWithinYears } from '@cg/shared/src/validation';
import { Profession, WorkAbilityResult } from './generated/prisma/enums';

/** How far ahead a plan's period end or next review may be set. */
const MAX_YEARS_AHEAD = 2;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A date of something that has happened: not in the future, and not before 1990. */
function requirePastDate(field: string, date: Date) {
  requireNotInFuture(field, date);
  if (day(date) < '1990-01-01') throw invalidInput(field, 'must not be before 1990');
}

export interface WorkAbilityAssessmentInput {
  customerId: string;
  assessedOn: Date;
  assessorName: string;
  assessorProfession: string;
  result: string;
  recommendations?: string | null;
  restrictions?: string | null;
}

export function validateWorkAbilityAssessment(input: WorkAbilityAssessmentInput) {
  requirePastDate('assessedOn', input.assessedOn);
  return {
    customerId: requireId('customerId', input.customerId),
    assessedOn: input.assessedOn,
    assessorName: requireText('assessorName', input.assessorName, MAX_NAME),
    // The SDL's enums check these already; checked again so that no other caller of this function can store an unknown value.
    assessorProfession: requireOneOf('assessorProfession', input.assessorProfession, Object.values(Profession)),
    result: requireOneOf('result', input.result, Object.values(WorkAbilityResult)),
    recommendations: optionalText('recommendations', input.recommendations, MAX_TEXT),
    restrictions: optionalText('restrictions', input.restrictions, MAX_TEXT),
  };
}

export interface ActivationPlanReviewInput {
  customerId: string;
  reviewedOn: Date;
  outcome: string;
  goals?: string | null;
  nextReviewOn?: Date | null;
  periodEnd?: Date | null;
}

/** Checks that need no plan: run before touching the database. */
export function validateActivationPlanReview(input: ActivationPlanReviewInput) {
  requirePastDate('reviewedOn', input.reviewedOn);
  if (input.nextReviewOn) {
    requireWithinYears('nextReviewOn', input.nextReviewOn, MAX_YEARS_AHEAD);
    if (input.nextReviewOn < input.reviewedOn) throw invalidInput('nextReviewOn', 'must not be before reviewedOn');
  }
  if (input.periodEnd) requireWithinYears('periodEnd', input.periodEnd, MAX_YEARS_AHEAD);
  return {
    customerId: requireId('customerId', input.customerId),
    reviewedOn: input.reviewedOn,
    outcome: requireText('outcome', input.outcome),
    goals: optionalText('goals', input.goals, MAX_TEXT),
    nextReviewOn: input.nextReviewOn ?? null,
    periodEnd: input.periodEnd ?? null,
  };
}

export type ActivationPlanReview = ReturnType<typeof validateActivationPlanReview>;

/** Checks against the plan as it is, and the plan's new values: what the review changes, nothing else. */
export function reviewedPlan(
  plan: { drawnUpOn: Date; periodStart: Date; periodEnd: Date; nextReviewOn: Date },
  review: ActivationPlanReview,
) {
  if (review.reviewedOn < plan.drawnUpOn) throw invalidInput('reviewedOn', `must not be before the plan was drawn up (${day(plan.drawnUpOn)})`);
  if (review.periodEnd && review.periodEnd < plan.periodStart) throw invalidInput('periodEnd', `must not be before the start of the period (${day(plan.periodStart)})`);
  const periodEnd = review.periodEnd ?? plan.periodEnd;
  const nextReviewOn = review.nextReviewOn ?? plan.nextReviewOn;
  if (nextReviewOn > periodEnd) {
    throw invalidInput('nextReviewOn', review.nextReviewOn
      ? `must not be after the end of the period (${day(periodEnd)})`
      : `the current next review (${day(nextReviewOn)}) is after the new end of the period; give a new nextReviewOn`);
  }
  return {
    ...(review.goals ? { goals: review.goals } : {}),
    periodEnd,
    nextReviewOn,
  };
}
