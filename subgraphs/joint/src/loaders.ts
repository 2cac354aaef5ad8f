// Per-request loaders of the joint register: one batched query per kind of row, whatever the number of customers.
import DataLoader from 'dataloader';
import { listLoader, rowLoader } from '@cg/shared/src/graphql/loaders';
import type { PrismaClient } from './generated/prisma/client';

export function createLoaders(db: PrismaClient) {
  return {
    customer: rowLoader(db.customer, 'id'),
    specialArrangements: listLoader(db.specialArrangement),
    referralNotes: listLoader(db.referralNote, 'customerId', { referredOn: 'asc' }),
    responsibleOfficials: listLoader(db.responsibleOfficial, 'customerId', { authority: 'asc' }),
    meetings: listLoader(db.meeting, 'customerId', { heldAt: 'desc' }),
    consents: listLoader(db.consent, 'customerId', { givenAt: 'desc' }),
    consentVersions: listLoader(db.consentVersion, 'consentId', { version: 'asc' }),
    education: listLoader(db.education),
    workHistory: listLoader(db.workHistoryEntry, 'customerId', { startedOn: 'desc' }),
    socialSituation: rowLoader(db.socialSituation),
    healthAndWorkCapacity: rowLoader(db.healthAndWorkCapacity),
    serviceNeedAssessment: rowLoader(db.serviceNeedAssessment),
    situationAssessments: listLoader(db.situationAssessment, 'customerId', { assessedOn: 'asc' }),
    employmentPlan: rowLoader(db.employmentPlan),
    planReviews: listLoader(db.planReview, 'customerId', { reviewedOn: 'asc' }),
    services: listLoader(db.customerService, 'customerId', { startsOn: 'asc' }),
    disclosures: listLoader(db.disclosureRecord, 'customerId', { disclosedAt: 'desc' }),
    // The case's versions and histories (issue 10), newest first.
    customershipPeriods: listLoader(db.customershipPeriod, 'customerId', { endedOn: 'desc' }),
    contactDetailsChanges: listLoader(db.contactDetailsChange, 'customerId', { changedAt: 'desc' }),
    socialSituationVersions: listLoader(db.socialSituation, 'customerId', [{ assessedOn: 'desc' }, { recordedAt: 'desc' }]),
    healthAndWorkCapacityVersions: listLoader(db.healthAndWorkCapacity, 'customerId', [{ assessedOn: 'desc' }, { recordedAt: 'desc' }]),
    serviceNeedAssessmentVersions: listLoader(db.serviceNeedAssessment, 'customerId', [{ assessedOn: 'desc' }, { recordedAt: 'desc' }]),
    planVersions: listLoader(db.employmentPlanVersion, 'customerId', { version: 'desc' }),
    serviceStateChanges: listLoader(db.serviceStateChange, 'serviceId', { createdAt: 'asc' }),
    // The requests of the data subject (issue 12; ./rights.ts), newest first.
    dataSubjectRequests: listLoader(db.dataSubjectRequest, 'customerId', { createdAt: 'desc' }),
    processingRestrictions: listLoader(db.processingRestriction, 'customerId', { since: 'desc' }),
    lawBasedDisclosures: listLoader(db.lawBasedDisclosure, 'customerId', { decidedAt: 'desc' }),
    rectificationNotifications: listLoader(db.rectificationNotification, 'customerId', { notifiedAt: 'desc' }),
    accessReports: listLoader(db.accessReportIssue, 'customerId', { issuedAt: 'desc' }),
    // Legal holds (issue 12), newest first.
    legalHolds: listLoader(db.legalHold, 'customerId', { placedAt: 'desc' }),
  } satisfies Record<string, DataLoader<string, unknown>>;
}

export type Loaders = ReturnType<typeof createLoaders>;
