// Validation of the case writes of the joint register (issue 10): admission, responsible officials,
// contact details, special arrangements, assessments, the plan, services, meetings and the end of the
// customership. Each failure names the field (shared/src/validation.ts, shared/src/graphql/errors.ts).
import { checkPersonalIdentityCode } from '@cg/shared/src/hetu';
import { invalidInput } from '@cg/shared/src/graphql/errors';
import { ROLE_CERTIFICATES } from '@cg/shared/src/law/rules';
import { canonicalMunicipality } from '@cg/shared/src/law/areas';
import { containsIdentityCode } from '@cg/shared/src/log';
import {
  MAX_NAME, optionalText, requireId, requireNotInFuture, requireOrganisationId, requireText, requireWithinYears,
} from '@cg/shared/src/validation';

export type Authority = 'EMPLOYMENT' | 'WELLBEING' | 'KELA';
const day = (date: Date) => date.toISOString().slice(0, 10);

/** A day that has happened: within the last years and not after today in Finland. */
function pastDay(field: string, date: Date, years = 1) {
  requireWithinYears(field, date, years);
  requireNotInFuture(field, date);
  return date;
}

/** An official's id as the tokens carry it (the `sub` of a role-certificate holder). */
const requireOfficialId = (field: string, value: string) => requireOrganisationId(field, value.trim());

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const LANGUAGE = /^[a-z]{2}$/;
const POSTAL_CODE = /^\d{5}$/;

export interface ContactInput {
  streetAddress?: string | null; postalCode?: string | null; postOffice?: string | null; homeMunicipality?: string | null;
  phoneNumbers?: string[] | null; email?: string | null; motherTongue?: string | null;
}

/** Contact details given (absent ones stay absent): each checked for its form. */
export function validateContact(input: ContactInput) {
  const out: Record<string, unknown> = {};
  if (input.streetAddress !== undefined && input.streetAddress !== null) out.streetAddress = requireText('streetAddress', input.streetAddress, MAX_NAME);
  if (input.postalCode !== undefined && input.postalCode !== null) {
    if (!POSTAL_CODE.test(input.postalCode)) throw invalidInput('postalCode', 'must be five digits');
    out.postalCode = input.postalCode;
  }
  if (input.postOffice !== undefined && input.postOffice !== null) out.postOffice = requireText('postOffice', input.postOffice, MAX_NAME);
  if (input.homeMunicipality !== undefined && input.homeMunicipality !== null) out.homeMunicipality = canonicalMunicipality(requireText('homeMunicipality', input.homeMunicipality, MAX_NAME));
  if (input.phoneNumbers !== undefined && input.phoneNumbers !== null) {
    if (input.phoneNumbers.length === 0) throw invalidInput('phoneNumbers', 'must have at least one number (leave it out when there is none)');
    if (input.phoneNumbers.length > 5) throw invalidInput('phoneNumbers', 'must have at most 5 numbers');
    out.phoneNumbers = input.phoneNumbers.map((p, i) => {
      const phone = p.trim();
      if (!PHONE.test(phone)) throw invalidInput(`phoneNumbers[${i}]`, 'must be a phone number (digits, spaces, dashes, an optional leading +)');
      return phone;
    });
  }
  if (input.email !== undefined && input.email !== null) {
    // Text like any other first (no control, bidirectional or invisible characters: an address that reads
    // reversed to the next official; NUL once reached PostgreSQL as an internal error: review 8, L1), and no
    // identity code: it would go to every recipient of the contact details (DOMAIN.md rule 7).
    if (containsIdentityCode(input.email)) throw invalidInput('email', 'must not contain a personal identity code');
    const email = requireText('email', input.email, 254);
    if (!EMAIL.test(email)) throw invalidInput('email', 'must be an e-mail address');
    out.email = email;
  }
  if (input.motherTongue !== undefined && input.motherTongue !== null) {
    if (!LANGUAGE.test(input.motherTongue)) throw invalidInput('motherTongue', 'must be an ISO 639-1 language code in lower case (e.g. fi, sv, so)');
    out.motherTongue = input.motherTongue;
  }
  return out;
}

export interface OfficialInput { authority: Authority; officialId: string; name: string; role: string }

/**
 * A responsible official: the id as tokens carry it, the name, and a role that is a role certificate of
 * their own authority (shared/src/law/rules.ts ROLE_CERTIFICATES: the roles seed 003 Liite 2 lists for
 * each party); an unknown role is refused naming `<prefix>role` and the allowed values.
 */
export function validateOfficial(prefix: string, o: OfficialInput) {
  const role = requireText(`${prefix}role`, o.role, MAX_NAME).trim();
  const roles = Object.keys(ROLE_CERTIFICATES[o.authority] ?? {});
  if (!roles.includes(role)) throw invalidInput(`${prefix}role`, `must be a role of the ${o.authority} authority: one of ${roles.join(', ')}`);
  return {
    authority: o.authority,
    officialId: requireOfficialId(`${prefix}officialId`, o.officialId),
    name: requireText(`${prefix}name`, o.name, MAX_NAME),
    role,
  };
}

export interface AdmissionInput extends ContactInput {
  personalIdentityCode: string; firstNames: string; lastName: string; homeMunicipality: string; startedOn: Date;
  referral: { referredOn: Date; fromAuthority?: Authority | null; referredBy: string; note: string };
  responsibleOfficials: OfficialInput[];
}

/**
 * Admission (seed 003 Liite 2): nothing limits entry by age, nationality or length of unemployment, so
 * nothing here asks for them; the identity code must be valid and the referral and officials named.
 */
export function validateAdmission(input: AdmissionInput) {
  const code = input.personalIdentityCode.trim().toUpperCase();
  const check = checkPersonalIdentityCode(code);
  if (!check.valid) throw invalidInput('personalIdentityCode', check.reason);
  pastDay('startedOn', input.startedOn);
  pastDay('referral.referredOn', input.referral.referredOn);
  if (input.referral.referredOn > input.startedOn) throw invalidInput('referral.referredOn', 'must not be after startedOn');
  if (input.responsibleOfficials.length === 0) throw invalidInput('responsibleOfficials', 'must name at least one responsible official');
  if (input.responsibleOfficials.length > 12) throw invalidInput('responsibleOfficials', 'must name at most 12 responsible officials');
  const officials = input.responsibleOfficials.map((o, i) => validateOfficial(`responsibleOfficials[${i}].`, o));
  // An official id names one person (of one authority): named twice is a mistake, whatever the authority.
  const seen = new Set<string>();
  officials.forEach((o, i) => {
    if (seen.has(o.officialId)) throw invalidInput(`responsibleOfficials[${i}].officialId`, 'names the same official twice');
    seen.add(o.officialId);
  });
  const birth = new Date(`${check.birthDate}T00:00:00Z`);
  // Nobody is referred or admitted before they are born (the date of birth the code gives; not echoed).
  if (day(input.startedOn) < check.birthDate) throw invalidInput('startedOn', 'must not be before the date of birth the personalIdentityCode gives');
  if (day(input.referral.referredOn) < check.birthDate) throw invalidInput('referral.referredOn', 'must not be before the date of birth the personalIdentityCode gives');
  const thirtieth = new Date(Date.UTC(birth.getUTCFullYear() + 30, birth.getUTCMonth(), birth.getUTCDate()));
  return {
    personalIdentityCode: code,
    firstNames: requireText('firstNames', input.firstNames, MAX_NAME),
    lastName: requireText('lastName', input.lastName, MAX_NAME),
    ...validateContact(input),
    homeMunicipality: canonicalMunicipality(requireText('homeMunicipality', input.homeMunicipality, MAX_NAME)),
    startedOn: input.startedOn,
    // Under-30s may be served in the youth joint service (seed 003 Liite 1).
    youthService: input.startedOn < thirtieth,
    referral: {
      referredOn: input.referral.referredOn,
      fromAuthority: input.referral.fromAuthority ?? null,
      referredBy: requireText('referral.referredBy', input.referral.referredBy, MAX_NAME),
      note: requireText('referral.note', input.referral.note),
    },
    officials,
  };
}

export const validateOfficialPeriodDay = (field: string, date: Date) => pastDay(field, date);

export function validateContactChange(input: ContactInput & { customerId: string; reason: string; firstNames?: string | null; lastName?: string | null }) {
  const changes = validateContact(input);
  // A wrong name is rectified like any other identification data (GDPR art. 16), kept and passed on alike.
  if (input.firstNames !== undefined && input.firstNames !== null) changes.firstNames = requireText('firstNames', input.firstNames, MAX_NAME);
  if (input.lastName !== undefined && input.lastName !== null) changes.lastName = requireText('lastName', input.lastName, MAX_NAME);
  if (Object.keys(changes).length === 0) throw invalidInput('input', 'must change at least one contact detail');
  return { customerId: requireId('customerId', input.customerId), reason: requireText('reason', input.reason, MAX_NAME), changes };
}

export function validateAssessmentBase(input: { customerId: string; assessedOn: Date; assessorName: string }) {
  pastDay('assessedOn', input.assessedOn);
  return { customerId: requireId('customerId', input.customerId), assessedOn: input.assessedOn, assessorName: requireText('assessorName', input.assessorName, MAX_NAME) };
}

export function requireGoalAttainment(field: string, value: number) {
  if (!Number.isInteger(value) || value < 0 || value > 100) throw invalidInput(field, 'must be a whole percentage from 0 to 100');
  return value;
}

export interface StepInput { description: string; owner: Authority; ownerName?: string | null; dueOn: Date }

/** The plan's steps: each with a description, an owner authority, and a due date within two years. */
export function validateSteps(steps: StepInput[], from: Date) {
  if (steps.length === 0) throw invalidInput('steps', 'must have at least one step');
  if (steps.length > 30) throw invalidInput('steps', 'must have at most 30 steps');
  return steps.map((s, i) => {
    requireWithinYears(`steps[${i}].dueOn`, s.dueOn, 2);
    if (day(s.dueOn) < day(from)) throw invalidInput(`steps[${i}].dueOn`, 'must not be before the plan is drawn up');
    return {
      description: requireText(`steps[${i}].description`, s.description, MAX_NAME * 2),
      owner: s.owner,
      ownerName: optionalText(`steps[${i}].ownerName`, s.ownerName, MAX_NAME),
      dueOn: day(s.dueOn),
    };
  });
}

export function validatePlan(input: { customerId: string; goal: string; steps: StepInput[]; nextReviewOn: Date }, drawnUpField: string, drawnUpOn: Date) {
  pastDay(drawnUpField, drawnUpOn);
  requireWithinYears('nextReviewOn', input.nextReviewOn, 2);
  if (input.nextReviewOn < drawnUpOn) throw invalidInput('nextReviewOn', `must not be before ${drawnUpField}`);
  return {
    customerId: requireId('customerId', input.customerId),
    drawnUpOn,
    goal: requireText('goal', input.goal),
    steps: validateSteps(input.steps, drawnUpOn),
    nextReviewOn: input.nextReviewOn,
  };
}

/** The services' states (DOMAIN.md): planned, ongoing, completed, interrupted; the allowed moves only. */
export const SERVICE_TRANSITIONS: Record<string, readonly string[]> = {
  PLANNED: ['ONGOING', 'INTERRUPTED'],
  ONGOING: ['COMPLETED', 'INTERRUPTED'],
  COMPLETED: [],
  INTERRUPTED: [],
};

export function requireTransition(from: string, to: string) {
  const allowed = SERVICE_TRANSITIONS[from] ?? [];
  if (!allowed.includes(to)) {
    throw invalidInput('state', `a service cannot move from ${from} to ${to}; from ${from} it can move to ${allowed.length ? allowed.join(' or ') : 'no other state (it has ended)'}`);
  }
}

export interface ParticipantInput { name: string; authority?: Authority | null; role: string; remote: boolean }

export function validateParticipants(field: string, participants: ParticipantInput[]) {
  if (participants.length === 0) throw invalidInput(field, 'must name at least one participant');
  if (participants.length > 30) throw invalidInput(field, 'must name at most 30 participants');
  return participants.map((p, i) => validateParticipant(`${field}[${i}]`, p));
}

export function validateParticipant(field: string, p: ParticipantInput) {
  return { name: requireText(`${field}.name`, p.name, MAX_NAME), authority: p.authority ?? null, role: requireText(`${field}.role`, p.role, MAX_NAME), remote: p.remote };
}

/**
 * The first meeting's aim (seed 003 Liite 1): a new customer is met in person, the employment authority
 * and at least one other authority present (others may join remotely).
 */
export function firstMeetingAimMet(
  mode: string, participants: { authority: string | null; remote: boolean }[], convener?: { authority: string | null; remote: boolean } | null,
) {
  // The convener takes part too (seed 003 Liite 1), whether or not the participants list them again.
  const present = new Set([...participants, ...(convener ? [convener] : [])].filter((p) => !p.remote && p.authority).map((p) => p.authority));
  return mode === 'IN_PERSON' && present.has('EMPLOYMENT') && present.size >= 2;
}

/** A first meeting that deviates from its aim is not refused; it needs the reason recorded. */
export function deviationOf(firstMeeting: boolean, aimMet: boolean, reason: string | null | undefined) {
  if (!firstMeeting) return { firstMeetingAimMet: null, deviationReason: optionalText('deviationReason', reason, MAX_NAME * 2) };
  const deviationReason = optionalText('deviationReason', reason, MAX_NAME * 2);
  if (!aimMet && !deviationReason) {
    throw invalidInput('deviationReason', "the first meeting's mode or participants do not meet its aim (in person, the employment authority and at least one other authority present): record the reason for the deviation");
  }
  return { firstMeetingAimMet: aimMet, deviationReason: aimMet ? null : deviationReason };
}

export function validateMeetingPlan(input: {
  customerId: string; scheduledAt: Date; mode: string; location?: string | null; remoteTool?: string | null;
  convener: ParticipantInput; participants: ParticipantInput[]; firstMeeting: boolean; deviationReason?: string | null;
}) {
  requireWithinYears('scheduledAt', input.scheduledAt, 1);
  const location = optionalText('location', input.location, MAX_NAME);
  const remoteTool = optionalText('remoteTool', input.remoteTool, MAX_NAME);
  if (input.mode === 'IN_PERSON' && !location) throw invalidInput('location', 'an in-person meeting needs its venue (the convener arranges it)');
  if (input.mode !== 'IN_PERSON' && !remoteTool) throw invalidInput('remoteTool', `a meeting whose mode is ${input.mode} needs its remote tool (phone, video or web service)`);
  const convener = validateParticipant('convener', input.convener);
  if (!convener.authority) throw invalidInput('convener.authority', 'the convener is an official of one of the three authorities');
  const participants = validateParticipants('participants', input.participants);
  return {
    customerId: requireId('customerId', input.customerId),
    scheduledAt: input.scheduledAt, mode: input.mode, location, remoteTool, convener, participants, firstMeeting: input.firstMeeting,
    ...deviationOf(input.firstMeeting, firstMeetingAimMet(input.mode, participants, convener), input.deviationReason),
  };
}

export function validateEnd(input: {
  customerId: string; endedOn: Date; reason: string;
  endSituation: { assessedOn: Date; situation: string; goalAttainment: number; assessorName: string };
  finalReport: { summary: string; recommendations: string };
}) {
  pastDay('endedOn', input.endedOn);
  pastDay('endSituation.assessedOn', input.endSituation.assessedOn);
  return {
    customerId: requireId('customerId', input.customerId),
    endedOn: input.endedOn,
    reason: requireText('reason', input.reason, MAX_NAME),
    endSituation: {
      assessedOn: input.endSituation.assessedOn,
      situation: requireText('endSituation.situation', input.endSituation.situation),
      goalAttainment: requireGoalAttainment('endSituation.goalAttainment', input.endSituation.goalAttainment),
      assessorName: requireText('endSituation.assessorName', input.endSituation.assessorName, MAX_NAME),
    },
    finalReport: {
      summary: requireText('finalReport.summary', input.finalReport.summary),
      recommendations: requireText('finalReport.recommendations', input.finalReport.recommendations),
    },
  };
}

export { pastDay, day };
