// The wellbeing county's social-welfare services as writes (issue 10). The field's category
// (WELLBEING_SOCIAL_WELFARE_SERVICES) is the county's own and restricted to role certificates for
// social-situation data, so only the county's social workers and instructors write it (381/2023 § 14;
// seed 001 § 8). One transaction, through `ctx.idempotency.transaction`.
import { randomUUID } from 'node:crypto';
import { invalidInput } from '@cg/shared/src/graphql/errors';
import type { MutationContext } from '@cg/shared/src/graphql/idempotency';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { MAX_NAME, requireId, requireNotAfter, requireNotInFuture, requireText, requireWithinYears } from '@cg/shared/src/validation';
import type { PrismaClient } from './generated/prisma/client';
import type { Loaders } from './loaders';

type MCtx = MutationContext<SubgraphContext<PrismaClient, Loaders>>;

export const services = {
  recordWellbeingSocialWelfareService: async (_: unknown, { input }: { input: {
    customerId: string; kind: string; description: string; unit: string; state: string; decidedOn?: Date | null; startsOn?: Date | null; responsibleWorker: string;
  } }, ctx: MCtx) => {
    if (!['APPLIED', 'PLANNED', 'ONGOING'].includes(input.state)) throw invalidInput('state', 'a service is recorded as APPLIED, PLANNED or ONGOING; it is completed or interrupted later');
    if (input.decidedOn) {
      requireWithinYears('decidedOn', input.decidedOn, 1);
      requireNotInFuture('decidedOn', input.decidedOn);
    }
    if (input.state === 'ONGOING' && !input.decidedOn) throw invalidInput('decidedOn', 'an ongoing service has its decision');
    if (input.state === 'APPLIED' && input.decidedOn) throw invalidInput('decidedOn', 'an applied service has no decision yet');
    if (input.startsOn) {
      requireWithinYears('startsOn', input.startsOn, 1);
      if (input.decidedOn) requireNotAfter('decidedOn', input.decidedOn, input.startsOn, 'startsOn');
    }
    const customerId = requireId('customerId', input.customerId);
    if (!(await ctx.loaders.client.load(customerId))) throw invalidInput('customerId', 'is not a client of the wellbeing services county');
    const data = {
      customerId, kind: input.kind as never, state: input.state as never, description: requireText('description', input.description, MAX_NAME),
      unit: requireText('unit', input.unit, MAX_NAME), decidedOn: input.decidedOn ?? null, startsOn: input.startsOn ?? null,
      responsibleWorker: requireText('responsibleWorker', input.responsibleWorker, MAX_NAME),
    };
    return ctx.idempotency.transaction((tx) => tx.socialWelfareService.create({ data: { ...data, id: randomUUID() } }));
  },
};
