// Validation of Kela's writes: starting and concluding a primary-benefit clarification.
import { invalidInput } from '@cg/shared/src/graphql/errors';
import { optionalText, requireId, requireNotAfter, requireText, todayInFinland } from '@cg/shared/src/validation';
import type { PrimaryBenefitOutcome, PrimaryBenefitReason } from './generated/prisma/client';

const MAX_NOTE = 2000;
/** A clarification may be recorded afterwards, but not one that started over a year ago. */
const MAX_DAYS_BACK = 366;

/** Today in Finland as a Date scalar value (midnight UTC of that calendar day). */
export const todayAsDate = (now = new Date()): Date => new Date(`${todayInFinland(now)}T00:00:00Z`);

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export interface NewClarificationInput {
  customerId: string;
  startedOn: Date;
  reason: PrimaryBenefitReason;
  note: string;
}

export function validateNewClarification(input: NewClarificationInput) {
  const today = todayAsDate();
  requireNotAfter('startedOn', input.startedOn, today, 'today');
  if (today.getTime() - input.startedOn.getTime() > MAX_DAYS_BACK * 24 * 3600 * 1000) {
    throw invalidInput('startedOn', 'must be within the past year');
  }
  return {
    customerId: requireId('customerId', input.customerId),
    startedOn: input.startedOn,
    reason: input.reason,
    note: requireText('note', input.note, MAX_NOTE),
  };
}

export interface ConclusionInput {
  customerId: string;
  clarificationId: string;
  concludedOn: Date;
  outcome: PrimaryBenefitOutcome;
  outcomeNote?: string | null;
}

/** Checks what can be checked without the stored clarification (the ids, the date against today, the note). */
export function validateConclusion(input: ConclusionInput) {
  requireNotAfter('concludedOn', input.concludedOn, todayAsDate(), 'today');
  return {
    customerId: requireId('customerId', input.customerId),
    clarificationId: requireId('clarificationId', input.clarificationId),
    concludedOn: input.concludedOn,
    outcome: input.outcome,
    outcomeNote: optionalText('outcomeNote', input.outcomeNote, MAX_NOTE),
  };
}

/** A clarification is concluded on or after the day it started. */
export function requireConcludedAfterStart(startedOn: Date, concludedOn: Date) {
  if (concludedOn.getTime() < startedOn.getTime()) {
    throw invalidInput('concludedOn', `must not be before the clarification started (${isoDay(startedOn)})`);
  }
}
