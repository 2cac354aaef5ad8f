// Legal holds (seed 003 Liite 7 § 9): a statutory task or a pending matter stops the deletion of a person's data
// until the hold is released. The shield authorizes the fields and mutations by their category (LEGAL_HOLD: the
// officials of the joint service in the customer's area; the customer reads their own); the rules of who may
// hold which register and who may release are in shared/src/law/retention.ts. Every write is idempotent and
// records who, when and why; a released hold is kept with who released it and why.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { forbidden, invalidInput, rowOfCustomer } from '@cg/shared/src/graphql/errors';
import type { MutationContext } from '@cg/shared/src/graphql/idempotency';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { isAuthority } from '@cg/shared/src/auth/actor';
import type { Register } from '@cg/shared/src/law/categories';
import { RETENTION_REGISTERS, legalHoldCoversOwnRegister, legalHoldReleasedByItsAuthority } from '@cg/shared/src/law/retention';
import { MAX_TEXT, requireId, requireOneOf, requireText } from '@cg/shared/src/validation';
import type { LegalHold, PrismaClient } from './generated/prisma/client';
import type { Loaders } from './loaders';

type Ctx = SubgraphContext<PrismaClient, Loaders>;
type MCtx = MutationContext<Ctx>;

const BASES = ['STATUTORY_TASK', 'PENDING_MATTER'] as const;

interface PlaceInput { customerId: string; registers: string[]; basis: string; reason: string }
interface ReleaseInput { customerId: string; holdId: string; reason: string }

/** Checks a placement: a known customer, 1-4 distinct registers the caller may hold, a basis and a reason. */
async function validatePlacement(ctx: Ctx, input: PlaceInput) {
  const customerId = requireId('customerId', input.customerId);
  const customer = await ctx.db.customer.findUnique({ where: { id: customerId }, select: { id: true } });
  if (!customer) throw invalidInput('customerId', 'is not a customer of the joint service');
  if (!Array.isArray(input.registers) || input.registers.length === 0) throw invalidInput('registers', 'must name at least one register');
  const registers = [...new Set(input.registers.map((r) => requireOneOf('registers', r, RETENTION_REGISTERS)))] as Register[];
  const refused = registers.filter((r) => !legalHoldCoversOwnRegister(ctx.actor, r));
  if (refused.length > 0) {
    throw new GraphQLError(
      `Only an official of the authority that keeps it may place a legal hold on ${refused.join(', ')}`,
      { extensions: { code: 'FORBIDDEN', field: 'registers' } },
    );
  }
  return {
    customerId, registers, basis: requireOneOf('basis', input.basis, BASES), reason: requireText('reason', input.reason, MAX_TEXT),
  };
}

export const legalHoldMutations = {
  /** Places a hold. Errors: BAD_USER_INPUT naming the field; FORBIDDEN naming `registers` for another authority's register. */
  placeLegalHold: async (_: unknown, { input }: { input: PlaceInput }, ctx: MCtx) => {
    if (!isAuthority(ctx.actor)) throw forbidden();
    const data = await validatePlacement(ctx, input);
    return ctx.idempotency.transaction((tx) => tx.legalHold.create({ data: {
      id: randomUUID(), ...data, placedBy: ctx.actor.id, placedByAuthority: ctx.actor.organisationKind as LegalHold['placedByAuthority'],
    } }));
  },

  /** Releases a hold in force. Errors: BAD_USER_INPUT naming the field; FORBIDDEN naming `holdId` for another authority's hold. */
  releaseLegalHold: async (_: unknown, { input }: { input: ReleaseInput }, ctx: MCtx) => {
    if (!isAuthority(ctx.actor)) throw forbidden();
    const customerId = requireId('customerId', input.customerId);
    const hold = rowOfCustomer(await ctx.db.legalHold.findUnique({ where: { id: requireId('holdId', input.holdId) } }), customerId, 'holdId', 'a legal hold');
    if (!legalHoldReleasedByItsAuthority(ctx.actor, hold)) {
      throw new GraphQLError(`Only an official of ${hold.placedByAuthority}, which placed the hold, may release it`, { extensions: { code: 'FORBIDDEN', field: 'holdId' } });
    }
    if (hold.releasedAt) throw invalidInput('holdId', 'the hold has already been released');
    const reason = requireText('reason', input.reason, MAX_TEXT);
    return ctx.idempotency.transaction(async (tx) => {
      const released = await tx.legalHold.updateMany({
        where: { id: hold.id, releasedAt: null }, data: { releasedAt: new Date(), releasedBy: ctx.actor.id, releasedByAuthority: hold.placedByAuthority, releaseReason: reason },
      });
      if (released.count !== 1) throw invalidInput('holdId', 'the hold was released by another request');
      return tx.legalHold.findUniqueOrThrow({ where: { id: hold.id } });
    });
  },
};

export const legalHoldResolvers = {
  Customer: {
    legalHolds: (c: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.legalHolds.load(c.id),
  },
};
