// Validation of the employment authority's writes: a day in a coaching work diary and a labour-policy
// statement. Each failure names the field and what is wrong with it.
import { invalidInput } from '@cg/shared/src/graphql/errors';
import { MAX_TEXT, optionalText, requireId, requireNotInFuture, requireText, requireWithinYears } from '@cg/shared/src/validation';

const MAX_DIARY_HOURS = 12;
const day = (date: Date) => date.toISOString().slice(0, 10);


export interface WorkDiaryEntryInput {
  customerId: string;
  coachingPeriodId: string;
  date: Date;
  hours: number;
  tasks: string;
  note?: string | null;
}

export function validateWorkDiaryEntry(input: WorkDiaryEntryInput) {
  requireWithinYears('date', input.date, 1);
  requireNotInFuture('date', input.date);
  if (!Number.isFinite(input.hours) || input.hours < 0 || input.hours > MAX_DIARY_HOURS) {
    throw invalidInput('hours', `must be between 0 and ${MAX_DIARY_HOURS}`);
  }
  return {
    customerId: requireId('customerId', input.customerId),
    coachingPeriodId: requireId('coachingPeriodId', input.coachingPeriodId),
    date: input.date,
    hours: input.hours,
    tasks: requireText('tasks', input.tasks, MAX_TEXT),
    note: optionalText('note', input.note, MAX_TEXT),
  };
}

/** Seed 004 § 6: the work diary has an entry for each day of work activity of the coaching period. */
export function requireWithinPeriod(date: Date, period: { startsOn: Date; endsOn: Date }) {
  if (day(date) < day(period.startsOn) || day(date) > day(period.endsOn)) {
    throw invalidInput('date', `must be within the coaching period ${day(period.startsOn)} - ${day(period.endsOn)}`);
  }
}

export interface StatementInput {
  customerId: string;
  kind: 'JOB_REFUSAL' | 'RESIGNATION' | 'FULL_TIME_STUDIES' | 'SELF_EMPLOYMENT' | 'EMPLOYMENT_PLAN_NEGLECT' | 'SERVICE_PARTICIPATION' | 'AVAILABILITY_FOR_WORK';
  givenOn: Date;
  content: string;
}

export function validateStatement(input: StatementInput) {
  requireWithinYears('givenOn', input.givenOn, 1);
  requireNotInFuture('givenOn', input.givenOn);
  return {
    customerId: requireId('customerId', input.customerId),
    kind: input.kind,
    givenOn: input.givenOn,
    content: requireText('content', input.content, MAX_TEXT),
  };
}

/** A statement concerns the benefit of a job seeker: it cannot predate the job search. */
export function requireDuringJobSearch(givenOn: Date, jobSeeker: { jobSearchStartedOn: Date }) {
  if (day(givenOn) < day(jobSeeker.jobSearchStartedOn)) {
    throw invalidInput('givenOn', `must not be before the job search started (${day(jobSeeker.jobSearchStartedOn)})`);
  }
}
