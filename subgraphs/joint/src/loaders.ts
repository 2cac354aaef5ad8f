// Per-request loaders of the joint register: one batched query per kind of row, whatever the number of customers.
import DataLoader from 'dataloader';
import { OperationSelection } from '@cg/shared/src/graphql/loaders';
import { jsonListLoader, jsonRowLoader } from '@cg/shared/src/graphql/json-rows';
import { Prisma, PrismaClient } from './generated/prisma/client';

/**
 * The Customer fields with their own resolver and the columns of the customer's row each reads: the
 * lists and rows of other tables need only the id (added anyway). A Customer field not named here that
 * has a resolver makes the customer loader read all columns (../../../shared/src/graphql/loaders.ts).
 */
const CUSTOMER_FIELD_COLUMNS: Record<string, string[]> = {
  customership: ['customershipStartedOn', 'customershipEndedOn', 'customershipEndReason', 'youthService'],
  customershipPeriods: ['customershipStartedOn', 'customershipEndedOn', 'customershipEndReason'],
  ...Object.fromEntries([
    'referralNotes', 'meetings', 'consents', 'sensitiveConsents', 'substanceAbuseConsents', 'socialSituationConsents', 'education', 'workHistory', 'situationAssessments', 'employmentPlan',
    'services', 'disclosures', 'responsibleOfficialPeriods', 'specialArrangementHistory', 'contactDetailsChanges', 'socialSituationHistory',
    'healthAndWorkCapacityHistory', 'serviceNeedAssessmentHistory', 'socialSituation', 'healthAndWorkCapacity', 'serviceNeedAssessment',
    'responsibleOfficials', 'specialArrangements', 'dataSubjectRequests', 'processingRestrictions', 'processingRestricted',
    'lawBasedDisclosures', 'rectificationNotifications', 'accessReports', 'legalHolds',
  ].map((field) => [field, []])),
};

/**
 * `selection`: what the request's operation asks (set by the subgraph frame); the loaders of the
 * caseload's rows read only those columns (issue 11). Without it every loader reads all columns.
 */
export function createLoaders(db: PrismaClient, selection = new OperationSelection()) {
  return {
    // The caseload reads the home municipality of the rows it loaded (the area rule, ./resolvers.ts).
    // The caseload's kinds of rows come as one JSON text per batch (issue 11; shared/src/graphql/json-rows.ts).
    customer: jsonRowLoader(db.customer, { db, model: 'Customer', lean: {
      selection, types: ['Customer'], columns: Prisma.CustomerScalarFieldEnum, needs: CUSTOMER_FIELD_COLUMNS, always: ['homeMunicipality'],
    } }, 'id'),
    specialArrangements: jsonListLoader(db.specialArrangement, { db, model: 'SpecialArrangement' }),
    referralNotes: jsonListLoader(db.referralNote, { db, model: 'ReferralNote' }, 'customerId', [['referredOn', 'asc']]),
    // Customer.responsibleOfficials keeps the rows whose period goes on (`until`).
    responsibleOfficials: jsonListLoader(db.responsibleOfficial, { db, model: 'ResponsibleOfficial', lean: {
      selection, types: ['ResponsibleOfficial'], columns: Prisma.ResponsibleOfficialScalarFieldEnum, always: ['until'],
    } }, 'customerId', [['authority', 'asc']]),
    meetings: jsonListLoader(db.meeting, { db, model: 'Meeting', lean: {
      selection, types: ['Meeting'], columns: Prisma.MeetingScalarFieldEnum,
      needs: { participants: ['participants'], convener: ['convener'], storedBy: ['recordedBy'] },
    } }, 'customerId', [['heldAt', 'desc']]),
    consents: jsonListLoader(db.consent, { db, model: 'Consent' }, 'customerId', [['givenAt', 'desc']]),
    consentVersions: jsonListLoader(db.consentVersion, { db, model: 'ConsentVersion' }, 'consentId', [['version', 'asc']]),
    education: jsonListLoader(db.education, { db, model: 'Education' }),
    workHistory: jsonListLoader(db.workHistoryEntry, { db, model: 'WorkHistoryEntry' }, 'customerId', [['startedOn', 'desc']]),
    socialSituation: jsonRowLoader(db.socialSituation, { db, model: 'SocialSituation' }),
    healthAndWorkCapacity: jsonRowLoader(db.healthAndWorkCapacity, { db, model: 'HealthAndWorkCapacity' }),
    serviceNeedAssessment: jsonRowLoader(db.serviceNeedAssessment, { db, model: 'ServiceNeedAssessment' }),
    situationAssessments: jsonListLoader(db.situationAssessment, { db, model: 'SituationAssessment' }, 'customerId', [['assessedOn', 'asc']]),
    employmentPlan: jsonRowLoader(db.employmentPlan, { db, model: 'EmploymentPlan', lean: {
      selection, types: ['EmploymentPlan'], columns: Prisma.EmploymentPlanScalarFieldEnum,
      needs: { stepDetails: ['stepDetails'], versions: [], reviews: [] },
    } }),
    planReviews: jsonListLoader(db.planReview, { db, model: 'PlanReview', lean: {
      selection, types: ['PlanReview'], columns: Prisma.PlanReviewScalarFieldEnum,
    } }, 'customerId', [['reviewedOn', 'asc']]),
    services: jsonListLoader(db.customerService, { db, model: 'CustomerService', lean: {
      selection, types: ['CustomerService'], columns: Prisma.CustomerServiceScalarFieldEnum, needs: { stateChanges: ['id'] },
    } }, 'customerId', [['startsOn', 'asc']]),
    disclosures: jsonListLoader(db.disclosureRecord, { db, model: 'DisclosureRecord' }, 'customerId', [['disclosedAt', 'desc']]),
    // The case's versions and histories (issue 10), newest first.
    customershipPeriods: jsonListLoader(db.customershipPeriod, { db, model: 'CustomershipPeriod' }, 'customerId', [['endedOn', 'desc']]),
    contactDetailsChanges: jsonListLoader(db.contactDetailsChange, { db, model: 'ContactDetailsChange' }, 'customerId', [['changedAt', 'desc']]),
    socialSituationVersions: jsonListLoader(db.socialSituation, { db, model: 'SocialSituation' }, 'customerId', [['assessedOn', 'desc'], ['recordedAt', 'desc']]),
    healthAndWorkCapacityVersions: jsonListLoader(db.healthAndWorkCapacity, { db, model: 'HealthAndWorkCapacity' }, 'customerId', [['assessedOn', 'desc'], ['recordedAt', 'desc']]),
    // The current assessment is the first row (the newest): the order needs no column in the answer.
    serviceNeedAssessmentVersions: jsonListLoader(db.serviceNeedAssessment, { db, model: 'ServiceNeedAssessment', lean: {
      selection, types: ['ServiceNeedAssessment'], columns: Prisma.ServiceNeedAssessmentScalarFieldEnum,
    } }, 'customerId', [['assessedOn', 'desc'], ['recordedAt', 'desc']]),
    planVersions: jsonListLoader(db.employmentPlanVersion, { db, model: 'EmploymentPlanVersion' }, 'customerId', [['version', 'desc']]),
    serviceStateChanges: jsonListLoader(db.serviceStateChange, { db, model: 'ServiceStateChange' }, 'serviceId', [['createdAt', 'asc']]),
    // The requests of the data subject (issue 12; ./rights.ts), newest first.
    dataSubjectRequests: jsonListLoader(db.dataSubjectRequest, { db, model: 'DataSubjectRequest' }, 'customerId', [['createdAt', 'desc']]),
    processingRestrictions: jsonListLoader(db.processingRestriction, { db, model: 'ProcessingRestriction' }, 'customerId', [['since', 'desc']]),
    lawBasedDisclosures: jsonListLoader(db.lawBasedDisclosure, { db, model: 'LawBasedDisclosure' }, 'customerId', [['decidedAt', 'desc']]),
    rectificationNotifications: jsonListLoader(db.rectificationNotification, { db, model: 'RectificationNotification' }, 'customerId', [['notifiedAt', 'desc']]),
    accessReports: jsonListLoader(db.accessReportIssue, { db, model: 'AccessReportIssue' }, 'customerId', [['issuedAt', 'desc']]),
    // Legal holds (issue 12), newest first.
    legalHolds: jsonListLoader(db.legalHold, { db, model: 'LegalHold' }, 'customerId', [['placedAt', 'desc']]),
  } satisfies Record<string, DataLoader<string, unknown>>;
}

export type Loaders = ReturnType<typeof createLoaders>;
