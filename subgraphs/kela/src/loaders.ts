// Per-request loaders of Kela's register: one batched query per kind of row, whatever the number of customers.
import DataLoader from 'dataloader';
import { OperationSelection } from '@cg/shared/src/graphql/loaders';
import { jsonListLoader, jsonRowLoader } from '@cg/shared/src/graphql/json-rows';
import { Prisma, PrismaClient } from './generated/prisma/client';

/**
 * `selection`: what the request's operation asks (set by the subgraph frame); the loaders of the
 * caseload's rows read only those columns (issue 11, ../../../shared/src/graphql/loaders.ts LeanRows).
 * Without it every loader reads all columns.
 */
export function createLoaders(db: PrismaClient, selection = new OperationSelection()) {
  return {
    kelaCustomer: jsonRowLoader(db.kelaCustomer, { db, model: 'KelaCustomer' }),
    // The caseload's kinds of rows (benefits, rehabilitation decisions) come as one JSON text per batch (issue 11;
    // shared/src/graphql/json-rows.ts), whole rows through Prisma when the selection is not known.
    // The register's fields split the benefits by `kind` (those that reveal illness or rehabilitative work activity
    // apart: ./resolvers.ts), so
    // `kind` is always read, asked or not (a benefit read without it would be listed among the others).
    benefits: jsonListLoader(db.benefitDecision, { db, model: 'BenefitDecision', lean: {
      selection, types: ['KelaBenefitDecision', 'KelaHealthBenefitDecision', 'KelaActivationBenefitDecision'], columns: Prisma.BenefitDecisionScalarFieldEnum, always: ['kind'],
      needs: { dailyAmount: ['dailyAmountCents'], monthlyAmount: ['monthlyAmountCents'] },
    } }, 'customerId', [['appliedOn', 'desc'], ['id', 'asc']]),
    payments: jsonListLoader(db.benefitPayment, { db, model: 'BenefitPayment' }, 'customerId', [['paidOn', 'desc'], ['id', 'asc']]),
    rehabilitationDecisions: jsonListLoader(db.rehabilitationDecision, { db, model: 'RehabilitationDecision', lean: {
      selection, types: ['KelaRehabilitationDecision'], columns: Prisma.RehabilitationDecisionScalarFieldEnum,
    } }, 'customerId', [['appliedOn', 'desc'], ['id', 'asc']]),
    primaryBenefitClarifications: jsonListLoader(db.primaryBenefitClarification, { db, model: 'PrimaryBenefitClarification' }, 'customerId', [['startedOn', 'desc'], ['id', 'asc']]),
  } satisfies Record<string, DataLoader<string, unknown>>;
}

export type Loaders = ReturnType<typeof createLoaders>;
