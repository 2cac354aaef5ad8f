// Per-request loaders of Kela's register: one batched query per kind of row, whatever the number of customers.
import DataLoader from 'dataloader';
import { listLoader, rowLoader } from '@cg/shared/src/graphql/loaders';
import type { PrismaClient } from './generated/prisma/client';

export function createLoaders(db: PrismaClient) {
  return {
    kelaCustomer: rowLoader(db.kelaCustomer),
    benefits: listLoader(db.benefitDecision, 'customerId', [{ appliedOn: 'desc' }, { id: 'asc' }]),
    payments: listLoader(db.benefitPayment, 'customerId', [{ paidOn: 'desc' }, { id: 'asc' }]),
    rehabilitationDecisions: listLoader(db.rehabilitationDecision, 'customerId', [{ appliedOn: 'desc' }, { id: 'asc' }]),
    primaryBenefitClarifications: listLoader(db.primaryBenefitClarification, 'customerId', [{ startedOn: 'desc' }, { id: 'asc' }]),
  } satisfies Record<string, DataLoader<string, unknown>>;
}

export type Loaders = ReturnType<typeof createLoaders>;
