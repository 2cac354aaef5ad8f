// Validation of the joint register's other writes: meetings and plan reviews.
import { invalidInput } from '@cg/shared/src/graphql/errors';
import { MAX_NAME, optionalText, requireId, requireText, requireWithinYears } from '@cg/shared/src/validation';
import { deviationOf, firstMeetingAimMet } from './case-validation';

interface ParticipantInput { name: string; authority?: string | null; role: string; remote: boolean }

export function validateMeeting(input: {
  customerId: string; heldAt: Date; mode: 'IN_PERSON' | 'PHONE' | 'VIDEO' | 'WEB_SERVICE'; location?: string | null;
  firstMeeting: boolean; participants: ParticipantInput[]; agreed: string; deviationReason?: string | null;
}) {
  requireWithinYears('heldAt', input.heldAt, 1);
  if (input.participants.length === 0) throw invalidInput('participants', 'must name at least one participant');
  if (input.participants.length > 30) throw invalidInput('participants', 'must name at most 30 participants');
  const participants = input.participants.map((p, i) => ({
    name: requireText(`participants[${i}].name`, p.name, MAX_NAME),
    authority: p.authority ?? null,
    role: requireText(`participants[${i}].role`, p.role, MAX_NAME),
    remote: p.remote,
  }));
  // Seed 003 Liite 1: a new customer is met in person with the employment authority and at least one other
  // authority present; it is the aim, so a deviation needs its reason recorded rather than being refused.
  const deviation = deviationOf(input.firstMeeting, firstMeetingAimMet(input.mode, participants), input.deviationReason);
  return {
    customerId: requireId('customerId', input.customerId),
    heldAt: input.heldAt,
    mode: input.mode,
    location: optionalText('location', input.location, MAX_NAME),
    firstMeeting: input.firstMeeting,
    participants,
    agreed: requireText('agreed', input.agreed),
    ...deviation,
  };
}

export function validatePlanReview(input: {
  customerId: string; kind: 'FOLLOW_UP' | 'REVIEW'; reviewedOn: Date; outcome: string; nextReviewOn?: Date | null;
}) {
  requireWithinYears('reviewedOn', input.reviewedOn, 1);
  if (input.nextReviewOn) {
    requireWithinYears('nextReviewOn', input.nextReviewOn, 2);
    if (input.nextReviewOn < input.reviewedOn) throw invalidInput('nextReviewOn', 'must not be before reviewedOn');
  }
  return {
    review: { customerId: requireId('customerId', input.customerId), kind: input.kind, reviewedOn: input.reviewedOn, outcome: requireText('outcome', input.outcome) },
    nextReviewOn: input.nextReviewOn ?? null,
  };
}
