// Per-request loaders of Kela's register: one batched query per kind of row, whatever the number of customers.
import DataLoader from 'dataloader';
import { listLoader, OperationSelection, rowLoader } from '@cg/shared/src/graphql/loaders';
import { Prisma, PrismaClient } from './generated/prisma/client';

/**
 * `selection`: what the request's operation asks (set by the subgraph frame); the loaders of the
 * caseload's rows read only those columns (issue 11, ../../../shared/src/graphql/loaders.ts LeanRows).
 * Without it every loader reads all columns.
 */
export function createLoaders(db: PrismaClient, selection = new OperationSelection()) {
  return {
    kelaCustomer: rowLoader(db.kelaCustomer),
    // The register's fields split the benefits by `kind` (those that reveal illness apart: ./resolvers.ts).
    benefits: listLoader(db.benefitDecision, 'customerId', [{ appliedOn: 'desc' }, { id: 'asc' }], false, {
      selection, types: ['KelaBenefitDecision'], columns: Prisma.BenefitDecisionScalarFieldEnum, always: ['kind'],
      needs: { dailyAmount: ['dailyAmountCents'], monthlyAmount: ['monthlyAmountCents'] },
    }),
    payments: listLoader(db.benefitPayment, 'customerId', [{ paidOn: 'desc' }, { id: 'asc' }]),
    rehabilitationDecisions: listLoader(db.rehabilitationDecision, 'customerId', [{ appliedOn: 'desc' }, { id: 'asc' }], false, {
      selection, types: ['KelaRehabilitationDecision'], columns: Prisma.RehabilitationDecisionScalarFieldEnum,
    }),
    primaryBenefitClarifications: listLoader(db.primaryBenefitClarification, 'customerId', [{ startedOn: 'desc' }, { id: 'asc' }]),
  } satisfies Record<string, DataLoader<string, unknown>>;
}

export type Loaders = ReturnType<typeof createLoaders>;
