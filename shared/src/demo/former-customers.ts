// Former customers of the demo: customerships that ended years ago, so that the retention run
// (`npm run retention -- --dry-run`, shared/src/retention/run.ts) has something to show: persons due for
// deletion, persons not yet due, persons under a legal hold, and own-register data that outlives the joint
// register's four years. They are kept apart from the demo population (./population.ts): they are in no
// official's caseload (their responsible officials' periods ended with the customership), were born before
// anybody of the population (so no identity code is shared), and ended before any statistics period of the
// last years. Identity codes are artificial (individual numbers 900-999).
import { artificialPersonalIdentityCode } from '../hetu';
import type { Register } from '../law/categories';
import { DEMO_OFFICIALS, DemoOfficial } from './population';

export interface DemoLegalHold {
  id: string;
  registers: Register[];
  basis: 'STATUTORY_TASK' | 'PENDING_MATTER';
  reason: string;
  placedAt: string;
  placedBy: DemoOfficial;
  released?: { at: string; by: DemoOfficial; reason: string };
}

export interface DemoFormerCustomer {
  /** What the demo shows with this person (for the README and the tests). */
  scenario: string;
  id: string;
  firstNames: string;
  lastName: string;
  personalIdentityCode: string;
  homeMunicipality: string;
  customershipStartedOn: string;
  customershipEndedOn: string;
  endReason: string;
  /** The employment register's job search (its own relationship end), with the final report of the joint customership. */
  employment?: { jobSearchStartedOn: string; jobSearchEndedOn: string; finalReport: boolean };
  /** The wellbeing county's client relationship. */
  wellbeing?: { clientSince: string; clientRelationshipEndedOn: string };
  /** Kela's customer relationship and one benefit of it. */
  kela?: { since: string; customerRelationshipEndedOn: string };
  holds: DemoLegalHold[];
}

const official = (id: string) => DEMO_OFFICIALS.find((o) => o.id === id)!;
const EXPERT = official('employment-employment-expert-1');
const SOCIAL_WORKER = official('wellbeing-social-worker-1');
const KELA_EXPERT = official('kela-benefit-decision-expert-1');
export const FORMER_OFFICIALS = { EMPLOYMENT: EXPERT, WELLBEING: SOCIAL_WORKER, KELA: KELA_EXPERT };

const id = (n: number) => `f0000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const holdId = (n: number) => `f1000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const code = (birthDate: string, n: number) => artificialPersonalIdentityCode(birthDate, n);

/** The former customers (dates as YYYY-MM-DD; "due" as of December 2026). */
export const DEMO_FORMER_CUSTOMERS: DemoFormerCustomer[] = [
  {
    scenario: 'joint due (ended 2019); employment and Kela keep theirs (ten years); the county\'s ended 2015: due there too',
    id: id(1), firstNames: 'Eino', lastName: 'Vanhanen', personalIdentityCode: code('1961-03-14', 901), homeMunicipality: 'Kerava',
    customershipStartedOn: '2017-09-01', customershipEndedOn: '2019-05-31', endReason: 'Employed on the open labour market',
    employment: { jobSearchStartedOn: '2017-06-01', jobSearchEndedOn: '2019-05-31', finalReport: true },
    wellbeing: { clientSince: '2013-02-01', clientRelationshipEndedOn: '2015-03-31' },
    kela: { since: '2017-06-01', customerRelationshipEndedOn: '2019-06-30' },
    holds: [],
  },
  {
    scenario: 'joint due (ended 29 February 2020); the employment register\'s job search ended 2014: due there',
    id: id(2), firstNames: 'Leena', lastName: 'Entinen', personalIdentityCode: code('1962-07-02', 912), homeMunicipality: 'Järvenpää',
    customershipStartedOn: '2018-01-15', customershipEndedOn: '2020-02-29', endReason: 'Started studies',
    employment: { jobSearchStartedOn: '2012-04-01', jobSearchEndedOn: '2014-08-31', finalReport: false },
    holds: [],
  },
  {
    scenario: 'joint due (ended 2021) but held: an appeal is pending',
    id: id(3), firstNames: 'Risto', lastName: 'Odottava', personalIdentityCode: code('1960-11-23', 923), homeMunicipality: 'Tuusula',
    customershipStartedOn: '2019-03-01', customershipEndedOn: '2021-10-15', endReason: 'Moved to another municipality',
    employment: { jobSearchStartedOn: '2019-01-10', jobSearchEndedOn: '2021-10-15', finalReport: true },
    holds: [{
      id: holdId(1), registers: ['JOINT'], basis: 'PENDING_MATTER', reason: 'Appeal to the administrative court pending (demo)',
      placedAt: '2025-09-01', placedBy: EXPERT,
    }],
  },
  {
    scenario: 'joint due (ended 2022); the employment register\'s job search ended 2016, due there, but held for a statutory task',
    id: id(4), firstNames: 'Sirkka', lastName: 'Pidetty', personalIdentityCode: code('1963-05-09', 934), homeMunicipality: 'Mäntsälä',
    customershipStartedOn: '2020-05-01', customershipEndedOn: '2022-03-31', endReason: 'Employed on the open labour market',
    employment: { jobSearchStartedOn: '2014-02-01', jobSearchEndedOn: '2016-01-31', finalReport: false },
    holds: [{
      id: holdId(2), registers: ['EMPLOYMENT'], basis: 'STATUTORY_TASK', reason: 'Recovery of a pay subsidy under way (demo)',
      placedAt: '2025-11-20', placedBy: EXPERT,
    }],
  },
  {
    scenario: 'joint due (ended 2022); a hold was placed and has been released',
    id: id(5), firstNames: 'Tapani', lastName: 'Vapautettu', personalIdentityCode: code('1964-01-30', 945), homeMunicipality: 'Kerava',
    customershipStartedOn: '2020-08-01', customershipEndedOn: '2022-01-31', endReason: 'Retired',
    kela: { since: '2020-06-01', customerRelationshipEndedOn: '2022-01-31' },
    holds: [{
      id: holdId(3), registers: ['JOINT'], basis: 'PENDING_MATTER', reason: 'Complaint to the Parliamentary Ombudsman (demo)',
      placedAt: '2024-02-01', placedBy: SOCIAL_WORKER,
      released: { at: '2025-06-15', by: SOCIAL_WORKER, reason: 'The Ombudsman decided the complaint (demo)' },
    }],
  },
  {
    scenario: 'joint not yet due (ended 2023: due 2027)',
    id: id(6), firstNames: 'Aili', lastName: 'Tuore', personalIdentityCode: code('1965-06-18', 956), homeMunicipality: 'Järvenpää',
    customershipStartedOn: '2021-04-01', customershipEndedOn: '2023-06-30', endReason: 'Employed on the open labour market',
    employment: { jobSearchStartedOn: '2021-02-01', jobSearchEndedOn: '2023-06-30', finalReport: true },
    wellbeing: { clientSince: '2021-04-01', clientRelationshipEndedOn: '2023-06-30' },
    holds: [],
  },
  {
    scenario: 'joint not yet due (ended 2024: due 2028)',
    id: id(7), firstNames: 'Veli', lastName: 'Äskettäinen', personalIdentityCode: code('1960-02-05', 967), homeMunicipality: 'Tuusula',
    customershipStartedOn: '2022-09-01', customershipEndedOn: '2024-09-30', endReason: 'Started studies',
    holds: [],
  },
];
