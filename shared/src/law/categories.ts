// The legal data categories. Every field of every subgraph names one of these in its SDL with
// `@category(is: "...")`; the access rules (./rules.ts) are derived from this table, never written
// per field. Sources are in shared DOMAIN.md and the seeds it cites.

export const AUTHORITIES = ['EMPLOYMENT', 'WELLBEING', 'KELA'] as const;
export type Authority = (typeof AUTHORITIES)[number];
export type Register = 'JOINT' | Authority;

/**
 * The kinds of sensitive content that only role certificates entitle to (roolivarmenne, seed 001 § 8;
 * seed 002 § 8: rights "by title and task"; 381/2023 § 11 (4)-(5)). Which role of which authority may
 * read which restricted category is the table ROLE_CERTIFICATES in ./rules.ts.
 * SENSITIVE_SERVICES: names of the services of a plan, which reveal health, social-welfare or substance-abuse
 * services without saying which. Consents take the kind of what their recipient reveals (a consent to an A-clinic:
 * SUBSTANCE_ABUSE).
 */
export type Restriction = 'HEALTH_AND_WORK_CAPACITY' | 'SUBSTANCE_ABUSE' | 'VOCATIONAL_GUIDANCE' | 'SOCIAL_SITUATION' | 'SENSITIVE_SERVICES';

export type CategoryKind =
  /** Personal data of a customer, kept in `registers`. */
  | 'customer-data'
  /** The opaque customer id and the shapes around it (connections, page info): reveal nothing alone. */
  | 'structure'
  /** Logs of use and of disclosures: for auditors, and for the customer about themselves. */
  | 'log'
  /** Data about an authority's partners (e.g. employer customers), not about a customer. */
  | 'partner'
  /** Anonymised aggregates for planning and development: never about one person (seed 004 § 5). */
  | 'statistics'
  /** How the cooperation model is run: governance, staffing, costs (seed 003 Liite 2-6); about no customer. */
  | 'cooperation';

export interface CategoryDefinition {
  title: string;
  /** Where the law or the register's privacy notice puts this data. */
  basis: string;
  kind: CategoryKind;
  /** The registers that keep the data: the joint register, or an authority's own (two for the activation plan). */
  registers: Register[];
  restriction?: Restriction;
  /**
   * Own-register data that the other two authorities may read for the joint service, because the
   * joint register's statutory content covers it (381/2023 § 11, categories 1-7) and the cooperation
   * needs it: e.g. Kela pays on the employment authority's labour-policy statements, and the
   * employment authority must know who pays the customer's benefit. Everything not marked stays with
   * the authority that keeps it (381/2023 § 14; 1369/2014 § 10).
   */
  exchangeable?: boolean;
  /** May a customer's specific consent cover this for a third party (DOMAIN.md rule 3)? */
  consentable: boolean;
  /**
   * The data protection officer's oversight (GDPR art. 38-39): 'also' reads this besides those the other
   * rules allow, 'only' is for the data protection officer alone (./data-subject-rights.ts).
   */
  dataProtectionOfficer?: 'also' | 'only';
}

const joint = (title: string, basis: string, extra: Partial<CategoryDefinition> = {}): CategoryDefinition => ({
  title, basis, kind: 'customer-data', registers: ['JOINT'], consentable: true, ...extra,
});
const own = (register: Authority, title: string, basis: string, extra: Partial<CategoryDefinition> = {}): CategoryDefinition => ({
  title, basis, kind: 'customer-data', registers: [register], consentable: true, ...extra,
});

export const CATEGORIES = {
  CUSTOMER_KEY: {
    title: 'Opaque customer id and list structure', basis: 'technical; reveals nothing without other data',
    kind: 'structure', registers: ['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'], consentable: true,
  },

  // The joint register's seven statutory categories (381/2023 § 11; 1369/2014 § 9).
  JOINT_IDENTIFICATION: joint('Identification and contact details', '381/2023 § 11 (1)'),
  // Their history: earlier addresses, when, by whom and why, the reason in the official's own words. For the joint
  // service's officials and the customer; never for a third party, whose purpose needs the current details at most
  // (GDPR art. 5(1)(c)). Found by an outsider: an employer with a job-placement consent read a change's reason that
  // named substance-abuse rehabilitation, and the customer's earlier address.
  JOINT_IDENTIFICATION_HISTORY: joint('Changes of the identification and contact details: earlier values, when, by whom and why', '381/2023 § 11 (1); GDPR art. 5(1)(c)', { consentable: false }),
  JOINT_CUSTOMERSHIP: joint('Customership and dealings: start and end, special arrangements, referral notes, responsible officials, contacts and meetings', '381/2023 § 11 (2)'),
  JOINT_CONSENTS: joint("The customer's consents to recipients whose type and purpose reveal nothing sensitive (e.g. an employer, an educational institution)", '381/2023 § 11 (2); consents are not themselves disclosed', { consentable: false }),
  // A consent to a health-care professional, a rehabilitation institution or a pension institution reveals
  // health care, rehabilitation or a disability assessment (621/1999 § 24 (1) 25): its terms are for the roles
  // that read health and work capacity. One to an A-clinic reveals substance-abuse treatment (§ 24 (1) 25, 32):
  // for the roles that read substance-abuse data alone (JOINT_SUBSTANCE_ABUSE_CONSENTS).
  JOINT_SENSITIVE_CONSENTS: joint("The customer's consents to recipients or for purposes that reveal health care, rehabilitation or a disability assessment", '381/2023 § 11 (2); 621/1999 § 24 (1) 25', { consentable: false, restriction: 'HEALTH_AND_WORK_CAPACITY' }),
  JOINT_SUBSTANCE_ABUSE_CONSENTS: joint("The customer's consents to recipients or for purposes that reveal substance-abuse services (substance-abuse services, an A-clinic, substance-abuse treatment)", '381/2023 § 11 (2); 621/1999 § 24 (1) 25, 32', { consentable: false, restriction: 'SUBSTANCE_ABUSE' }),
  // A consent to the prison services for release planning tells that the customer is imprisoned and being
  // prepared for release: their social situation (381/2023 § 11 (4)), and data on criminal sanctions (GDPR
  // art. 10; 621/1999 § 24 (1) documents about a prisoner's sentence are secret). Its terms are for the roles
  // that read the social situation (JOINT_SOCIAL_SITUATION), not for the health roles that read sensitive consents.
  JOINT_SOCIAL_SITUATION_CONSENTS: joint("The customer's consents to recipients or for purposes that reveal their social situation (imprisonment: prison services, release planning)", '381/2023 § 11 (2), (4); GDPR art. 10; 621/1999 § 24 (1)', { consentable: false, restriction: 'SOCIAL_SITUATION' }),
  // Withdrawing a consent (GDPR art. 7(3)): the customer themselves, or an official of the joint service.
  JOINT_CONSENT_WITHDRAWAL: joint('Withdrawal of a consent by the customer or on their instruction', 'GDPR art. 7(3); 381/2023 § 11 (2)', { consentable: false }),
  JOINT_EDUCATION_AND_WORK: joint('Education, work history and professional skills', '381/2023 § 11 (3)'),
  JOINT_SOCIAL_SITUATION: joint('Social situation affecting employment', '381/2023 § 11 (4)', { restriction: 'SOCIAL_SITUATION' }),
  JOINT_HEALTH_AND_WORK_CAPACITY: joint('Health, work and functional capacity affecting employment', '381/2023 § 11 (5)', { restriction: 'HEALTH_AND_WORK_CAPACITY' }),
  JOINT_SERVICE_NEED: joint('Service need assessment and situation assessments with goal attainment', '381/2023 § 11 (6)'),
  JOINT_EMPLOYMENT_PLAN: joint('Multi-agency employment plan, its services, follow-up and reviews', '381/2023 § 11 (7)'),
  // The services of the process name social, health and rehabilitation services ("Substance-abuse
  // rehabilitation"), and why one was interrupted: restricted, though part of the plan (category 7).
  JOINT_SERVICE_DETAILS: joint("Names of the services in the customer's process and why one was interrupted", '381/2023 § 11 (7); 621/1999 § 24 (1) 25, 32', { restriction: 'SENSITIVE_SERVICES' }),
  // A legal hold stops the deletion of a person's data while it is needed for a statutory task or a pending
  // matter (seed 003 Liite 7 § 9); officials of the joint service place and release it (shared/src/law/retention.ts).
  LEGAL_HOLD: joint('Legal holds: a statutory task or pending matter that stops deletion, who placed and released it and why', 'seed 003 Liite 7 § 9 ("Tietoa ei kuitenkaan poisteta, jos se on tarpeen säännöksiin perustuvan tehtävän hoitamiseksi tai vireillä olevan asian johdosta")', { consentable: false }),

  // Employment authority's own registers (URA, seed 001 § 10; municipal services, seed 004 § 6).
  EMPLOYMENT_JOB_SEEKER: own('EMPLOYMENT', 'Job seeker: job search, employment status, skills, education, training need, plans', 'seed 001 § 10', { exchangeable: true }),
  // Who pays the unemployment benefit: Kela and the employment authority need it (statements go to the
  // payer), a third party never does. An unemployment fund's name can reveal trade-union membership, a
  // special category (GDPR art. 9(1)), so no consent may give it away (data minimisation, art. 5(1)(c)).
  EMPLOYMENT_BENEFIT_PAYER: own('EMPLOYMENT', 'Payer of the unemployment benefit: Kela or an unemployment fund, whose name can reveal trade-union membership', 'seed 001 § 10 ("työttömyysetuuden maksaja"); GDPR art. 9(1), 5(1)(c)', { exchangeable: true, consentable: false }),
  EMPLOYMENT_SERVICES_AND_DECISIONS: own('EMPLOYMENT', 'Offers, presentations to employers, training applications, decisions, mobility grants, coachings, expert assessments and trials', 'seed 001 § 10', { exchangeable: true }),
  // What the office told the benefit payer of the customer's right to unemployment benefit (a job refused, a
  // resignation, the plan neglected...) and the customer's accounts before it: Kela and the unemployment funds apply
  // them (1369/2014 § 11), the joint service's officials work with them, no third party's purpose needs them (a fund
  // gets them as the payer, not by consent): listed apart from the services (seed 001 § 10 names them apart, and a
  // consent for a work trial gave them with the services; found by an outsider, session 33).
  EMPLOYMENT_LABOUR_POLICY_STATEMENTS: own('EMPLOYMENT', 'Labour-policy statements to the payer of the unemployment benefit, with the requests for clarification before them and the customer\'s accounts', 'seed 001 § 10 ("työvoimapoliittiset lausunnot mukaan lukien selvityspyynnöt, selvitykset"); 1369/2014 § 11; GDPR art. 5(1)(c)', { exchangeable: true, consentable: false }),
  EMPLOYMENT_CONTACTS_AND_PERMITS: own('EMPLOYMENT', 'Contacts with the office and partners; work and residence permits', 'seed 001 § 10'),
  EMPLOYMENT_HEALTH: own('EMPLOYMENT', 'Health data affecting the job search', 'seed 001 § 10 ("työn tai koulutuksen hakuun vaikuttavat terveystiedot"); restricted by seed 001 § 8', { restriction: 'HEALTH_AND_WORK_CAPACITY' }),
  EMPLOYMENT_VOCATIONAL_GUIDANCE: own('EMPLOYMENT', 'Vocational guidance and career planning', 'seed 001 § 10; restricted by seed 001 § 8', { restriction: 'VOCATIONAL_GUIDANCE' }),
  EMPLOYMENT_MUNICIPAL_SERVICES: own('EMPLOYMENT', 'Municipal employment services: unemployment duration, pay subsidy, coaching and its work diary', 'seed 004 § 6'),
  EMPLOYMENT_WORK_CAPACITY: own('EMPLOYMENT', 'Work-capacity and functional-capacity assessments, primary-benefit clarification', 'seed 004 § 6 (health data)', { restriction: 'HEALTH_AND_WORK_CAPACITY' }),
  // Free-text notes of the employment registers that tell why a job search ended, what a contact or a
  // coaching day was about, or where a coaching led: they name sickness, rehabilitation and social
  // services in the customers' own words (seed 004 § 6: "terveys- tai sosiaalihuollon palvelujen
  // järjestämiseen liittyvät tiedot"), so they are kept from those who need only the facts.
  EMPLOYMENT_SENSITIVE_NOTES: own('EMPLOYMENT', 'Free-text notes and reasons that can reveal health, rehabilitation or social-welfare matters', 'seed 001 § 10; seed 004 § 6', { restriction: 'HEALTH_AND_WORK_CAPACITY' }),
  EMPLOYER_CUSTOMERS: {
    title: 'Employer customers: name, contact, municipality, skill needs, assignments', basis: 'seed 004 § 6',
    kind: 'partner', registers: ['EMPLOYMENT'], consentable: false,
  },

  // Activation plan of rehabilitative work activity: kept in both registers (189/2001 § 12). Rehabilitative
  // work activity is a social-welfare service (189/2001 § 1), so the plan is restricted: the roles that
  // draw it up and follow it (see ROLE_CERTIFICATES) read it.
  // Decided (issue 9): the plan of record is the wellbeing county's, which organises the activity; the
  // employment register keeps a copy. The plan is changed only through the county's register
  // (reviewWellbeingActivationPlan), by the roles of either keeper entitled to ACTIVATION_PLAN (social
  // worker, social instructor, employment expert, employment work-ability coordinator: the employment
  // authority and the municipality draw the plan up together, 189/2001 § 8), in the customer's area. The
  // employment register has no mutation of its copy's content: after each change the county's register has
  // the employment register refresh its copy from the committed plan of record, in the same request, with
  // the caller's rights (refreshEmploymentActivationPlanCopy takes no content, so no caller can make the
  // copy differ); both carry the plan's version. If the refresh fails the change stands and the caller is
  // told (COPY_NOT_REFRESHED), and the refresh can be repeated.
  ACTIVATION_PLAN: {
    title: 'Rehabilitative work activity and its activation plan', basis: '189/2001 § 12; a social-welfare service (189/2001 § 1)',
    kind: 'customer-data', registers: ['WELLBEING', 'EMPLOYMENT'], consentable: true, restriction: 'SOCIAL_SITUATION',
  },
  // Attendance ("absent, sick") and its notes reveal sickness.
  ACTIVATION_ATTENDANCE: {
    title: 'Attendance in rehabilitative work activity and its notes', basis: '189/2001 § 12; health data',
    kind: 'customer-data', registers: ['WELLBEING', 'EMPLOYMENT'], consentable: true, restriction: 'HEALTH_AND_WORK_CAPACITY',
  },

  // Wellbeing services county's own registers.
  WELLBEING_SOCIAL_SITUATION: own('WELLBEING', 'Social situation (housing, livelihood, family)', 'social-welfare customer register (812/2000)', { restriction: 'SOCIAL_SITUATION' }),
  WELLBEING_SOCIAL_WELFARE_SERVICES: own('WELLBEING', 'Social-welfare services', 'social-welfare customer register (812/2000)', { restriction: 'SOCIAL_SITUATION' }),
  WELLBEING_HEALTH_SERVICES: own('WELLBEING', 'Health services', 'patient register (785/1992)', { restriction: 'HEALTH_AND_WORK_CAPACITY' }),
  WELLBEING_SUBSTANCE_ABUSE: own('WELLBEING', 'Substance-abuse services', 'patient and social-welfare registers', { restriction: 'SUBSTANCE_ABUSE' }),
  WELLBEING_WORK_ABILITY: own('WELLBEING', 'Work-ability assessments', 'patient register; joint category 5 (381/2023 § 11 (5))', { restriction: 'HEALTH_AND_WORK_CAPACITY', exchangeable: true }),

  // Kela's own register.
  KELA_BENEFITS: own('KELA', 'Unemployment and housing benefits: labour-market subsidy, basic unemployment allowance, housing allowance', "Kela's benefit register; payer of unemployment benefit (seed 001 § 10)", { exchangeable: true }),
  // Sickness and rehabilitation allowance reveal illness; the reasoning of any decision may too.
  KELA_HEALTH_BENEFITS: own('KELA', 'Benefits that reveal illness (sickness allowance, rehabilitation allowance) and the reasoning of benefit decisions', "Kela's benefit register; health data (621/1999 § 24 (1) 25)", { exchangeable: true, restriction: 'HEALTH_AND_WORK_CAPACITY' }),
  // Kela's copy of what a decision rests on (1369/2014 § 11: the statement binds Kela), on every kind of its decisions: as
  // the employment register's statements (EMPLOYMENT_LABOUR_POLICY_STATEMENTS), for the joint service's officials and no
  // third party, whatever the decision's own category lets a consent give (found by an outsider, session 34: the gist
  // was a field of the health benefits, which several consent purposes may name).
  KELA_LABOUR_POLICY_STATEMENTS: own('KELA', "The employment authority's labour-policy statements Kela's benefit decisions rest on: reference and gist", "Kela's benefit register; 1369/2014 § 11 (binding on Kela); seed 001 § 10; GDPR art. 5(1)(c)", { exchangeable: true, consentable: false }),
  // The expense allowance of rehabilitative work activity is paid for each day the customer takes part in that
  // social-welfare service (189/2001 § 1): who reads it learns what the activation plan's restriction keeps from
  // others (found by an outsider, session 32: listed among the unrestricted benefits).
  KELA_ACTIVATION_BENEFITS: own('KELA', 'Expense allowance of rehabilitative work activity: participation in a social-welfare service and its days', "Kela's benefit register; rehabilitative work activity, a social-welfare service (189/2001 § 1)", { exchangeable: true, consentable: false, restriction: 'SOCIAL_SITUATION' }),
  KELA_REHABILITATION: own('KELA', 'Rehabilitation decisions (vocational rehabilitation, rehabilitative psychotherapy, courses)', "Kela's rehabilitation register; rehabilitation for health reasons", { exchangeable: true, restriction: 'HEALTH_AND_WORK_CAPACITY' }),
  KELA_PRIMARY_BENEFIT: own('KELA', 'Clarification of the primary benefit (incapacity for work, sickness allowance, disability pension)', 'seed 004 § 6 ("ensisijaisen etuuden selvittäminen ... työkyvyttömyyden selvittämisessä"); done jointly', { exchangeable: true, restriction: 'HEALTH_AND_WORK_CAPACITY' }),

  // Requests of the data subject (GDPR art. 12, 15-21; DOMAIN.md rule 11), kept by the joint register's
  // request desk. Who may do what with them: ./data-subject-rights.ts.
  DATA_SUBJECT_REQUESTS: joint("The data subject's requests (access, rectification, erasure, restriction, objection), their handling and answers, and the notifications of rectifications to recipients", 'GDPR art. 12, 15-21; seed 003 Liite 7 § 10', { consentable: false, dataProtectionOfficer: 'also' }),
  DATA_SUBJECT_REQUEST_FILING: joint('Filing a request of the data subject, and issuing the access report: by an official or by the customer themselves', 'GDPR art. 12(2), 15(3)', { consentable: false }),
  DATA_SUBJECT_REQUEST_OVERSIGHT: joint("The data protection officer's list of requests past their due date", 'GDPR art. 12(3), 39(1)(b)', { consentable: false, dataProtectionOfficer: 'only' }),
  PROCESSING_RESTRICTIONS: joint('Restrictions of processing in force and lifted, with their grounds and allowed uses', 'GDPR art. 18', { consentable: false, dataProtectionOfficer: 'also' }),
  // Lifting a restriction: besides the officials (of the authority that placed it, checked by the request desk),
  // the data protection officer, who monitors that restrictions are kept and lifted lawfully (GDPR art. 18(3), 39).
  PROCESSING_RESTRICTION_LIFTING: joint('Lifting a restriction of processing after informing the customer who obtained it', 'GDPR art. 18(3)', { consentable: false, dataProtectionOfficer: 'also' }),
  LAW_BASED_DISCLOSURES: joint("Disclosures without the customer's consent on a specific request based on law: the request, its legal basis, who decided", 'DOMAIN.md rule 3; e.g. 812/2000 § 17', { consentable: false, dataProtectionOfficer: 'also' }),
  // An own register's restrictions (shared/src/rights/restrictions.ts): its own authority restricts and lifts
  // them (381/2023 § 14); the other two see that data is restricted (exchangeable, read only).
  EMPLOYMENT_PROCESSING_RESTRICTIONS: own('EMPLOYMENT', "Restrictions of processing in the employment authority's register", 'GDPR art. 18; 381/2023 § 14', { consentable: false, exchangeable: true, dataProtectionOfficer: 'also' }),
  WELLBEING_PROCESSING_RESTRICTIONS: own('WELLBEING', "Restrictions of processing in the wellbeing services county's registers", 'GDPR art. 18; 381/2023 § 14', { consentable: false, exchangeable: true, dataProtectionOfficer: 'also' }),
  KELA_PROCESSING_RESTRICTIONS: own('KELA', "Restrictions of processing in Kela's register", 'GDPR art. 18; 381/2023 § 14', { consentable: false, exchangeable: true, dataProtectionOfficer: 'also' }),
  JOINT_CONTACT_SELF_SERVICE: joint("The customer's own rectification of their contact details", 'GDPR art. 16; 381/2023 § 11 (1)', { consentable: false }),

  // Logs (906/2019 § 17; seed 002 § 7).
  ACCESS_LOG: {
    title: 'Log of use: who read or changed which categories of whose data', basis: '906/2019 § 17; seed 004 § 10.2',
    kind: 'log', registers: ['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'], consentable: false,
  },
  DISCLOSURE_LOG: {
    title: 'Record of disclosures to third parties', basis: 'seed 002 § 7; GDPR art. 15',
    kind: 'log', registers: ['JOINT'], consentable: false,
  },

  // The cooperation model itself (seed 003 Liite 2-6) and its anonymised statistics (seed 004 § 5).
  // Who may use them: ./cooperation-rules.ts.
  ANONYMISED_STATISTICS: {
    title: 'Anonymised statistics: aggregates of at least the configured minimum of persons, never an id or a name',
    basis: 'seed 004 § 5 (anonymised data only); seed 000 § 4 (monitoring of the operations)',
    kind: 'statistics', registers: ['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'], consentable: false,
  },
  COOPERATION_GOVERNANCE: {
    title: "The steering group, its members, deputies, meetings and decisions; the leader and deputy; the annexes' reviews",
    basis: '388/2024 § 1, § 4; seed 003 Liite 3-5',
    kind: 'cooperation', registers: ['JOINT'], consentable: false,
  },
  COOPERATION_STAFFING: {
    title: 'Staffing allocations per party and title, caseload estimates and their yearly review',
    basis: '381/2023; 388/2024; seed 003 Liite 2',
    kind: 'cooperation', registers: ['JOINT'], consentable: false,
  },
  COOPERATION_COSTS: {
    title: 'Budget of the joint costs, realised costs, quarterly billing runs and invoices',
    basis: '381/2023 § 10; seed 003 Liite 6',
    kind: 'cooperation', registers: ['JOINT'], consentable: false,
  },
} satisfies Record<string, CategoryDefinition>;

export type CategoryName = keyof typeof CATEGORIES;
export const CATEGORY_NAMES = Object.keys(CATEGORIES) as CategoryName[];

export function categoryDefinition(name: CategoryName): CategoryDefinition {
  return CATEGORIES[name];
}

export function isCategoryName(value: string): value is CategoryName {
  return Object.prototype.hasOwnProperty.call(CATEGORIES, value);
}
