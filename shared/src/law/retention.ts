// The life span of data (DOMAIN.md rule 8): how long each register keeps each category of a person's data,
// counted from what, and on which source. This table is the data the retention run (shared/src/retention/)
// acts on and the README's retention section documents; the access report names each category's retention
// from here too. Periods are whole years from the end of the customer relationship *as that register
// itself records it* (each controller counts its own retention on its own data, seed 003 Liite 7 § 9:
// "säilytetään jokaisen viranomaisen omassa arkistossa ... arkistonmuodostussuunnitelmassa määritellyn ajan").
import type { CategoryName, Register } from './categories';

/** From which moment a period is counted. */
export type RetentionStart =
  /** The end of the customership of the joint service (Customer.customershipEndedOn). */
  | 'END_OF_JOINT_CUSTOMERSHIP'
  /** The end of the customer relationship recorded in the authority's own register (see `relationshipEnd`). */
  | 'END_OF_OWN_CUSTOMER_RELATIONSHIP'
  /** The moment the entry was written (logs). */
  | 'ENTRY_WRITTEN';

export interface RetentionRule {
  register: Register;
  /** The categories this period applies to in that register. */
  categories: CategoryName[];
  years: number;
  from: RetentionStart;
  /** What the register takes as the end of the relationship (for the own registers: its own record of it). */
  relationshipEnd: string;
  /** The provision or seed section the period comes from. */
  source: string;
  /** True where the seeds give no period and this project chose one (always the longer, see `note`). */
  chosen: boolean;
  /** Why this period, in one or two sentences. */
  note: string;
  /**
   * Who deletes the data: the retention run; the log chain pruning (the front of a hash chain, by the
   * entry's age); or the retention run redacting the entries in their hash chain with the person's data.
   */
  deletedBy: 'RETENTION_RUN' | 'LOG_CHAIN_PRUNING' | 'RETENTION_RUN_REDACTION';
}

const EMPLOYMENT_CATEGORIES: CategoryName[] = [
  'EMPLOYMENT_JOB_SEEKER', 'EMPLOYMENT_BENEFIT_PAYER', 'EMPLOYMENT_SERVICES_AND_DECISIONS', 'EMPLOYMENT_LABOUR_POLICY_STATEMENTS', 'EMPLOYMENT_CONTACTS_AND_PERMITS', 'EMPLOYMENT_HEALTH',
  'EMPLOYMENT_VOCATIONAL_GUIDANCE', 'EMPLOYMENT_MUNICIPAL_SERVICES', 'EMPLOYMENT_WORK_CAPACITY', 'EMPLOYMENT_SENSITIVE_NOTES',
  'ACTIVATION_PLAN', 'ACTIVATION_ATTENDANCE',
];

/**
 * Each register's retention, per category. Sources: DOMAIN.md rule 8; seed 003 Liite 7 § 9 (joint register,
 * four years); seed 004 § 10.6 (municipal employment services, ten years); 916/2012 ch. 13 § 4 (URA, as
 * DOMAIN.md and seeds 000 § 9 and 002 § 8 name it; the seeds do not give its period); seed 003 Liite 7 § 9
 * for the wellbeing county and Kela (their own archive formation plans; the seeds give no period).
 */
export const RETENTION: RetentionRule[] = [
  {
    register: 'JOINT',
    categories: [
      'JOINT_IDENTIFICATION', 'JOINT_IDENTIFICATION_HISTORY', 'JOINT_CUSTOMERSHIP', 'JOINT_CONSENTS', 'JOINT_SENSITIVE_CONSENTS', 'JOINT_SUBSTANCE_ABUSE_CONSENTS', 'JOINT_SOCIAL_SITUATION_CONSENTS', 'JOINT_CONSENT_WITHDRAWAL',
      'JOINT_EDUCATION_AND_WORK', 'JOINT_SOCIAL_SITUATION', 'JOINT_HEALTH_AND_WORK_CAPACITY', 'JOINT_SERVICE_NEED',
      'JOINT_EMPLOYMENT_PLAN', 'JOINT_SERVICE_DETAILS', 'LEGAL_HOLD',
    ],
    years: 4, from: 'END_OF_JOINT_CUSTOMERSHIP', relationshipEnd: 'Customer.customershipEndedOn (the current period; a reopened customership is not ended)',
    source: 'seed 003 Liite 7 § 9; DOMAIN.md rule 8', chosen: false,
    note: '"Kehittämis- ja hallintokeskus poistaa kaikki työtöntä koskevat tiedot, kun ... asiakkuuden päättymisestä on kulunut neljä vuotta", unless needed for a statutory task or a pending matter (a legal hold).',
    deletedBy: 'RETENTION_RUN',
  },
  {
    register: 'EMPLOYMENT',
    categories: EMPLOYMENT_CATEGORIES,
    years: 10, from: 'END_OF_OWN_CUSTOMER_RELATIONSHIP',
    relationshipEnd: 'the later of JobSeeker.jobSearchEndedOn and the newest FinalReport.customershipEndedOn; open while a job search has no end; else the joint customership end handed over (RetainedIdentity)',
    source: 'seed 004 § 10.6 (municipal employment services); 916/2012 ch. 13 § 4 (URA, seed 001 § 6; DOMAIN.md rule 8)', chosen: true,
    note: 'Municipal services keep documents "yleisin säilytysaika on kymmenen vuotta asiakassuhteen päättymisestä" (seed 004 § 10.6). The register holds URA and municipal data together and the seeds do not give the period of 916/2012 ch. 13 § 4, so the longer known period, ten years, applies to all of it until the employment authority\'s archive formation plan says otherwise.',
    deletedBy: 'RETENTION_RUN',
  },
  {
    register: 'WELLBEING',
    categories: ['WELLBEING_SOCIAL_SITUATION', 'WELLBEING_SOCIAL_WELFARE_SERVICES', 'WELLBEING_HEALTH_SERVICES', 'WELLBEING_SUBSTANCE_ABUSE', 'WELLBEING_WORK_ABILITY', 'ACTIVATION_PLAN', 'ACTIVATION_ATTENDANCE'],
    years: 10, from: 'END_OF_OWN_CUSTOMER_RELATIONSHIP',
    relationshipEnd: 'Client.clientRelationshipEndedOn; else the joint customership end handed over (RetainedIdentity); no end recorded: kept',
    source: 'seed 003 Liite 7 § 9 (the county\'s own archive formation plan); the seeds give no period', chosen: true,
    note: 'The seeds say only that each authority keeps its documents for the time its archive formation plan sets. Chosen conservatively: the longest period the seeds name (ten years, seed 004 § 10.6), never shorter than a social-welfare or patient record may need; to be replaced by the county\'s plan.',
    deletedBy: 'RETENTION_RUN',
  },
  {
    register: 'KELA',
    categories: ['KELA_BENEFITS', 'KELA_HEALTH_BENEFITS', 'KELA_ACTIVATION_BENEFITS', 'KELA_LABOUR_POLICY_STATEMENTS', 'KELA_REHABILITATION', 'KELA_PRIMARY_BENEFIT'],
    years: 10, from: 'END_OF_OWN_CUSTOMER_RELATIONSHIP',
    relationshipEnd: 'KelaCustomer.customerRelationshipEndedOn; else the joint customership end handed over (RetainedIdentity); no end recorded: kept',
    source: "seed 003 Liite 7 § 9 (Kela's own archive formation plan); the seeds give no period", chosen: true,
    note: "As for the wellbeing county: the seeds give no period for Kela's registers; chosen conservatively the longest period the seeds name (ten years), to be replaced by Kela's plan.",
    deletedBy: 'RETENTION_RUN',
  },
  ...(['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'] as const).map((register): RetentionRule => ({
    register, categories: ['ACCESS_LOG'],
    years: register === 'JOINT' ? 4 : 10, from: 'ENTRY_WRITTEN', relationshipEnd: '-',
    source: '906/2019 § 17; seed 004 § 10.2 (logs of use are kept; the seeds give no period)', chosen: true,
    note: 'Kept as long as the register keeps the data whose use it logs (counted from the entry), so that a customer and an auditor can still see who used data that still exists; append-only and hash-chained, pruned only by the log chain pruning.',
    deletedBy: 'LOG_CHAIN_PRUNING',
  })),
  {
    register: 'JOINT', categories: ['DISCLOSURE_LOG'],
    years: 4, from: 'END_OF_JOINT_CUSTOMERSHIP', relationshipEnd: 'as the joint register\'s data of the person',
    source: 'seed 002 § 7 (a disclosure is recorded in the customer register); seed 003 Liite 7 § 9; GDPR art. 15 (1)(c)', chosen: false,
    note: 'A disclosure record is part of the customer register, so it lives as long as the person\'s joint data: append-only and hash-chained, it is redacted in its chain (personal columns emptied, their digest kept, so the chain still verifies) by the retention run in the same transaction as the person\'s deletion. Records sealed before chain version 2 (migration disclosure_record_redaction) bind their content and are kept until pruned.',
    deletedBy: 'RETENTION_RUN_REDACTION',
  },
];

/**
 * How long a mutation's stored first outcome is kept for a repeat with the same idempotency key
 * (shared/src/graphql/idempotency.ts), in days. The outcome can hold personal data (e.g. an admitted customer's
 * name), so the retention run prunes older ones in every register: a client retries within minutes, not months.
 */
export const IDEMPOTENCY_RECORD_DAYS = 90;

/** The retention rule of a register's customer data (not its logs). */
export function customerDataRetention(register: Register): RetentionRule {
  return RETENTION.find((r) => r.register === register && r.deletedBy === 'RETENTION_RUN')!;
}

/** The retention rules that name a category (one per register that keeps it). */
export function retentionOf(category: CategoryName): RetentionRule[] {
  return RETENTION.filter((r) => r.categories.includes(category));
}

/**
 * The first day on which data whose relationship ended on `endedOn` (`YYYY-MM-DD`) is due for deletion
 * after `years` whole years: the same calendar day (29 February: 1 March in a common year).
 */
export function dueOn(endedOn: string, years: number): string {
  const [y, m, d] = endedOn.split('-').map(Number);
  const date = new Date(Date.UTC(y + years, m - 1, d));
  return date.toISOString().slice(0, 10);
}

/** Is data whose relationship ended on `endedOn` due for deletion on `today` (both `YYYY-MM-DD`)? */
export const isDue = (endedOn: string | null, years: number, today: string): boolean =>
  endedOn !== null && dueOn(endedOn, years) <= today;

// ---- Legal holds (seed 003 Liite 7 § 9: "Tietoa ei kuitenkaan poisteta, jos se on tarpeen säännöksiin
// perustuvan tehtävän hoitamiseksi tai vireillä olevan asian johdosta") ----

export const RETENTION_REGISTERS = ['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'] as const;

/**
 * `legalHoldCoversOwnRegister`: may this official hold the data of `register`? The joint register's data by
 * any official of the joint service (the shield has already checked the role certificate and the customer's
 * area); an authority's own register only by that authority's officials, since only its controller knows of
 * its pending matters and answers for keeping its data longer (seed 000 § 10; seed 003 Liite 7 § 1).
 */
export const legalHoldCoversOwnRegister = (actor: { organisationKind: string }, register: Register): boolean =>
  register === 'JOINT' || register === actor.organisationKind;

/**
 * `legalHoldReleasedByItsAuthority`: a hold is released only by an official of the authority that placed it,
 * which knows when its task or matter is over; a release by another authority is refused.
 */
export const legalHoldReleasedByItsAuthority = (actor: { organisationKind: string }, hold: { placedByAuthority: string }): boolean =>
  actor.organisationKind === hold.placedByAuthority;

const DELETED_BY: Record<RetentionRule['deletedBy'], string> = {
  RETENTION_RUN: 'retention run', LOG_CHAIN_PRUNING: 'log chain pruning', RETENTION_RUN_REDACTION: 'retention run (redacted in its hash chain)',
};

/** The README's retention table (tests/retention-docs.test.ts keeps it in step with `RETENTION`). */
export function retentionTable(): string {
  const from: Record<RetentionStart, string> = {
    END_OF_JOINT_CUSTOMERSHIP: 'end of the joint customership', END_OF_OWN_CUSTOMER_RELATIONSHIP: "end of the register's own customer relationship", ENTRY_WRITTEN: 'entry',
  };
  const rows = RETENTION.map((r) =>
    `| ${r.register} | ${r.categories.join(', ')} | ${r.years} years from the ${from[r.from]} | ${r.source}${r.chosen ? ' (period chosen: see note)' : ''} | ${DELETED_BY[r.deletedBy]} |`);
  return ['| register | categories | kept | source | deleted by |', '|---|---|---|---|---|', ...rows].join('\n');
}
