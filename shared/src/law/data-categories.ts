// What the privacy notices say of each category of a customer's data: why it is processed (purpose),
// where it comes from (source) and how long it is kept (retention). The access report (GDPR art. 15(1)
// (a), (d), (g); the data subject's right of access) prints these beside the data, and the retention run
// (issue 12, life span) may read the same table: one place, so that the report and the deletion agree.
// Sources: seed 000 §§ 5-8, 10-11; seed 001 §§ 5-6, 8; seed 002 §§ 6-8; seed 003 Liite 7 §§ 6-9;
// seed 004 §§ 3, 7, 10.2, 10.6. Other helpers may add fields to DataCategoryNotice; keep the texts.
import type { CategoryName, Register } from './categories';

/** One category's notice: purpose, sources and retention, in English with the Finnish terms of the seeds. */
export interface DataCategoryNotice {
  /** Why the register processes this data (käsittelyn tarkoitus). */
  purpose: string;
  /** Where the data comes from (säännönmukaiset tietolähteet). */
  source: string;
  /** How long it is kept (säilytysaika), as the register's notice states it. */
  retention: string;
  /** The provision or seed section the retention comes from. */
  retentionBasis: string;
}

/** The joint register: deleted four years after the customership ends (seed 003 Liite 7 § 9). */
const JOINT_RETENTION = {
  retention: 'Deleted when four years have passed since the end of the customership of the joint service, unless needed for a statutory task or a pending matter (poistetaan, kun asiakkuuden päättymisestä on kulunut neljä vuotta).',
  retentionBasis: 'seed 003 Liite 7 § 9; 381/2023',
};
const JOINT_SOURCE = 'The customer and what they tell; the employment authority, the wellbeing services county and Kela (381/2023 § 11); the Digital and Population Data Services Agency; others only with the customer\'s specific consent (seed 003 Liite 7 § 6).';
const JOINT_PURPOSE = 'Assessing the need for multi-agency services, planning the service package and following the employment process (381/2023 § 2; seed 003 Liite 7 § 3).';

/** URA, the employment authority's personal customer register: 916/2012 ch. 13 § 4. */
const URA_RETENTION = {
  retention: 'Kept, archived and deleted as the Act on Public Employment and Business Services lays down for the customer register (916/2012 ch. 13 § 4; since 2025 380/2023).',
  retentionBasis: 'seed 001 § 6; seed 002 § 8; 916/2012 ch. 13 § 4',
};
const URA_SOURCE = 'The person and what they tell; employers (results of job offers); training providers; Kela and unemployment funds (seed 001 § 5).';
/** Municipal employment services (ForeAmmatti and the like): ten years after the customer relationship ends. */
const MUNICIPAL_RETENTION = {
  retention: 'Generally ten years after the customer relationship ends; then destroyed (yleisin säilytysaika on kymmenen vuotta asiakassuhteen päättymisestä).',
  retentionBasis: 'seed 004 § 10.6',
};
const WELLBEING_RETENTION = {
  retention: 'Kept as the laws on patient documents and social-welfare customer documents lay down (785/1992; 703/2023 and its decree); the documents of rehabilitative work activity as the social-welfare register\'s.',
  retentionBasis: '785/1992 § 12; 703/2023; 189/2001 § 12',
};
const WELLBEING_SOURCE = 'The customer; the county\'s own social and health services; with the customer\'s consent others such as health-care professionals and substance-abuse services.';
const KELA_RETENTION = {
  retention: 'Kept as Kela\'s archive formation plan lays down for benefit and rehabilitation decisions.',
  retentionBasis: 'Kela\'s benefit and rehabilitation registers (seed 003 Liite 7 § 10: each authority\'s own register)',
};
const KELA_SOURCE = 'The customer\'s applications; the employment authority\'s labour-policy statements (1369/2014 § 11); health-care certificates.';

const joint = (purpose = JOINT_PURPOSE): DataCategoryNotice => ({ purpose, source: JOINT_SOURCE, ...JOINT_RETENTION });

/**
 * The notice of every category of customer data and of the logs, per category name. A category kept in
 * two registers (the activation plan) has one notice, of the register of record.
 */
export const DATA_CATEGORY_NOTICES: Partial<Record<CategoryName, DataCategoryNotice>> = {
  JOINT_IDENTIFICATION: joint('Identifying the customer and contacting them (381/2023 § 11 (1)).'),
  JOINT_IDENTIFICATION_HISTORY: joint('Knowing who changed the identification and contact details, when and why, and what they were before (381/2023 § 11 (1)).'),
  JOINT_CUSTOMERSHIP: joint('Arranging the customership, its meetings and special arrangements, and naming the responsible officials (381/2023 § 11 (2)).'),
  JOINT_CONSENTS: joint('Knowing what the customer has consented to disclose to third parties (381/2023 § 11 (2)).'),
  JOINT_SENSITIVE_CONSENTS: joint('As the other consents; restricted because the recipient reveals health care, rehabilitation or a disability assessment.'),
  JOINT_SUBSTANCE_ABUSE_CONSENTS: joint('As the other consents; restricted because the recipient reveals substance-abuse services.'),
  JOINT_SOCIAL_SITUATION_CONSENTS: joint('As the other consents; restricted because the recipient reveals the social situation (imprisonment).'),
  JOINT_CONSENT_WITHDRAWAL: joint('Honouring the withdrawal of a consent (GDPR art. 7(3)).'),
  JOINT_EDUCATION_AND_WORK: joint('Planning employment from the customer\'s education, work history and skills (381/2023 § 11 (3)).'),
  JOINT_SOCIAL_SITUATION: joint('Taking into account the social situation where it affects employment (381/2023 § 11 (4)).'),
  JOINT_HEALTH_AND_WORK_CAPACITY: joint('Taking into account health and work capacity where they affect employment (381/2023 § 11 (5)).'),
  JOINT_SERVICE_NEED: joint('Assessing the need for multi-agency services (381/2023 § 11 (6)).'),
  JOINT_EMPLOYMENT_PLAN: joint('Drawing up, following and reviewing the multi-agency employment plan (381/2023 § 11 (7)).'),
  JOINT_SERVICE_DETAILS: joint('Following the services of the customer\'s process (381/2023 § 11 (7)).'),

  // The request desk (GDPR art. 12, 15-21): kept with the joint register's data about the person.
  DATA_SUBJECT_REQUESTS: joint("Handling the customer's requests under the data protection rights and answering them within a month (GDPR art. 12)."),
  DATA_SUBJECT_REQUEST_FILING: joint('Receiving the customer\'s requests and giving access reports (GDPR art. 12(2), 15(3)).'),
  DATA_SUBJECT_REQUEST_OVERSIGHT: joint('The data protection officer\'s monitoring of requests past their due date (GDPR art. 39(1)(b)).'),
  PROCESSING_RESTRICTIONS: joint('Keeping restricted data unused while a restriction is in force (GDPR art. 18).'),
  PROCESSING_RESTRICTION_LIFTING: joint('Lifting a restriction only after informing the customer who obtained it (GDPR art. 18(3)).'),
  LAW_BASED_DISCLOSURES: joint('Deciding specific requests of authorities for data without consent, on a legal basis (e.g. 812/2000 § 17).'),
  JOINT_CONTACT_SELF_SERVICE: joint('The customer\'s own correction of their contact details (GDPR art. 16).'),
  LEGAL_HOLD: joint('Stopping the deletion of data a statutory task or a pending matter still needs (seed 003 Liite 7 § 9).'),

  EMPLOYMENT_JOB_SEEKER: { purpose: 'Public employment services: the job search, its start and end (seed 001 § 4).', source: URA_SOURCE, ...URA_RETENTION },
  EMPLOYMENT_BENEFIT_PAYER: { purpose: 'Sending labour-policy statements to whoever pays the unemployment benefit, Kela or an unemployment fund (seed 001 §§ 4, 8, 10).', source: URA_SOURCE, ...URA_RETENTION },
  EMPLOYMENT_SERVICES_AND_DECISIONS: { purpose: 'Public employment services: offers, the services the customer takes part in and the decisions on them (seed 001 §§ 4, 10).', source: URA_SOURCE, ...URA_RETENTION },
  EMPLOYMENT_LABOUR_POLICY_STATEMENTS: { purpose: 'Labour-policy statements, which Kela and unemployment funds apply in paying the unemployment benefit (seed 001 § 4; 1369/2014 § 11).', source: URA_SOURCE, ...URA_RETENTION },
  EMPLOYMENT_CONTACTS_AND_PERMITS: { purpose: 'Dealings with the office and its partners; the right to work (seed 001 § 10).', source: URA_SOURCE, ...URA_RETENTION },
  EMPLOYMENT_HEALTH: { purpose: 'Taking into account health where it affects the job search (seed 001 § 10); restricted (seed 001 § 8).', source: URA_SOURCE, ...URA_RETENTION },
  EMPLOYMENT_VOCATIONAL_GUIDANCE: { purpose: 'Vocational guidance and career planning (seed 001 § 10); restricted (seed 001 § 8).', source: URA_SOURCE, ...URA_RETENTION },
  EMPLOYMENT_MUNICIPAL_SERVICES: { purpose: 'The municipality\'s employment services: pay subsidy, coaching, work trials (seed 004 § 3).', source: 'The customer; employers and coaching providers; the employment authority (seed 004 § 7).', ...MUNICIPAL_RETENTION },
  EMPLOYMENT_WORK_CAPACITY: { purpose: 'Work-capacity assessment and clarifying the primary benefit (seed 004 § 6).', source: 'The customer; health-care professionals with consent (seed 004 § 7).', ...MUNICIPAL_RETENTION },
  EMPLOYMENT_SENSITIVE_NOTES: { purpose: 'Notes of contacts and coaching days (seed 001 § 10; seed 004 § 6).', source: URA_SOURCE, ...MUNICIPAL_RETENTION },
  ACTIVATION_PLAN: { purpose: 'Rehabilitative work activity and its activation plan, drawn up together by the employment authority and the municipality (189/2001 §§ 8, 12).', source: WELLBEING_SOURCE, ...WELLBEING_RETENTION },
  ACTIVATION_ATTENDANCE: { purpose: 'Following attendance in rehabilitative work activity (189/2001 § 12).', source: 'The organiser of the activity; the customer.', ...WELLBEING_RETENTION },

  WELLBEING_SOCIAL_SITUATION: { purpose: 'Social welfare: the customer\'s housing, livelihood and family situation (812/2000).', source: WELLBEING_SOURCE, ...WELLBEING_RETENTION },
  WELLBEING_SOCIAL_WELFARE_SERVICES: { purpose: 'Arranging social-welfare services (812/2000).', source: WELLBEING_SOURCE, ...WELLBEING_RETENTION },
  WELLBEING_HEALTH_SERVICES: { purpose: 'Arranging health services (785/1992).', source: WELLBEING_SOURCE, ...WELLBEING_RETENTION },
  WELLBEING_SUBSTANCE_ABUSE: { purpose: 'Arranging substance-abuse services.', source: WELLBEING_SOURCE, ...WELLBEING_RETENTION },
  WELLBEING_WORK_ABILITY: { purpose: 'Assessing work ability for the joint service (381/2023 § 11 (5)).', source: WELLBEING_SOURCE, ...WELLBEING_RETENTION },

  EMPLOYMENT_PROCESSING_RESTRICTIONS: { purpose: 'Keeping restricted data of the register unused while a restriction is in force (GDPR art. 18).', source: URA_SOURCE, ...URA_RETENTION },
  WELLBEING_PROCESSING_RESTRICTIONS: { purpose: 'Keeping restricted data of the register unused while a restriction is in force (GDPR art. 18).', source: WELLBEING_SOURCE, ...WELLBEING_RETENTION },
  KELA_PROCESSING_RESTRICTIONS: { purpose: 'Keeping restricted data of the register unused while a restriction is in force (GDPR art. 18).', source: KELA_SOURCE, ...KELA_RETENTION },
  KELA_BENEFITS: { purpose: 'Deciding and paying unemployment and housing benefits.', source: KELA_SOURCE, ...KELA_RETENTION },
  KELA_HEALTH_BENEFITS: { purpose: 'Deciding sickness and rehabilitation allowance.', source: KELA_SOURCE, ...KELA_RETENTION },
  KELA_LABOUR_POLICY_STATEMENTS: { purpose: 'Applying the employment authority\'s labour-policy statements, which bind Kela in paying the unemployment benefit (1369/2014 § 11).', source: 'The employment authority (seed 001 § 10).', ...KELA_RETENTION },
  KELA_ACTIVATION_BENEFITS: { purpose: 'Deciding and paying the expense allowance of rehabilitative work activity.', source: KELA_SOURCE, ...KELA_RETENTION },
  KELA_REHABILITATION: { purpose: 'Deciding vocational and medical rehabilitation.', source: KELA_SOURCE, ...KELA_RETENTION },
  KELA_PRIMARY_BENEFIT: { purpose: 'Clarifying the primary benefit together with the other authorities (seed 004 § 6).', source: KELA_SOURCE, ...KELA_RETENTION },

  ACCESS_LOG: {
    purpose: 'Monitoring proper use and producing reports of use (906/2019 § 17; seed 004 § 10.2).',
    source: 'Written by each register on every use and attempted use.',
    retention: 'Kept as long as the data it concerns, and at least five years, so that the customer and the auditors can see who used the data.',
    retentionBasis: '906/2019 § 17; seed 004 § 10.2',
  },
  DISCLOSURE_LOG: {
    purpose: 'Showing every disclosure to a third party (seed 002 § 7; GDPR art. 15(1)(c), art. 19).',
    source: 'Written by the register that discloses, before the data leaves.',
    retention: 'Kept as long as the joint register keeps the customer\'s data (four years after the customership ends), so that recipients can be told of rectifications.',
    retentionBasis: 'seed 002 § 7; seed 003 Liite 7 § 9',
  },
};

/** The notice of a category; throws for a category without one (a test checks every customer-data category has one). */
export function noticeOf(category: CategoryName): DataCategoryNotice {
  const notice = DATA_CATEGORY_NOTICES[category];
  if (!notice) throw new Error(`no privacy notice for category ${category}`);
  return notice;
}

/** The register's name in the access report, in Finnish and English. */
export const REGISTER_TITLES: Record<Register, { fi: string; en: string }> = {
  JOINT: { fi: 'Monialaisen yhteispalvelun asiakasrekisteri', en: 'Joint register of the multi-agency service' },
  EMPLOYMENT: { fi: 'Työvoimaviranomaisen asiakasrekisteri', en: "Employment authority's customer register" },
  WELLBEING: { fi: 'Hyvinvointialueen asiakas- ja potilasrekisterit', en: "Wellbeing services county's customer and patient registers" },
  KELA: { fi: 'Kelan etuus- ja kuntoutusrekisteri', en: "Kela's benefit and rehabilitation register" },
};
