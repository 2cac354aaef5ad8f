// The auditor's view of a register's log chains (./chain.ts) in the customer graph: `<register>LogChains`
// verifies each chain of the register at the moment of asking (after sealing what is pending) and says
// whether it is intact, and if not, the first entry that fails and why. Category ACCESS_LOG at the root,
// about no customer: the law lets auditors only (../law/rules.ts auditorReadsLogs); officials, customers
// and third parties are refused.
import type { Register } from '../law/categories';
import { ChainReport, sealerOf, verifyRegisterChains } from './chain';
import { publishedLogKeys } from './signing';

const lower = (register: Register) => register.toLowerCase();

/** The SDL of `<register>LogChains` and its types (shared by the four registers, hence @shareable). */
export function logChainSdl(register: Register): string {
  const r = lower(register);
  const field = (name: string, type: string, doc: string) => `  "${doc}"\n  ${name}: ${type} @category(is: "ACCESS_LOG")`;
  return `
"One of a register's append-only logs, chained by hash with its head signed by the register: intact or where it is broken."
type LogChainStatus @shareable {
${field('register', 'String', 'The register that keeps the log.')}
${field('chain', 'String', 'ACCESS_LOG (uses and attempts, 906/2019 § 17) or DISCLOSURE_RECORDS (disclosures to third parties, seed 002 § 7).')}
${field('intact', 'Boolean', 'Whether every sealed entry verifies, from the pruning checkpoint to the signed head.')}
${field('entries', 'Int', 'Sealed entries kept and verified.')}
${field('redacted', 'Int', 'Of those, entries the retention run redacted with the person\'s data (personal columns emptied): verified by the digest their link commits to.')}
${field('sealedThrough', 'Float', 'The place (a whole number from 1) of the last sealed entry, as the signed head states it; 0 when nothing is sealed yet.')}
${field('headSealedAt', 'DateTime', 'When the head was signed.')}
${field('prunedThrough', 'Float', 'The place of the last entry deleted by retention pruning (0: none); the chain continues from its signed checkpoint.')}
${field('unsealed', 'Int', 'Entries written but not yet sealed (normal for about a second after a write).')}
${field('oldestUnsealedAt', 'DateTime', 'When the oldest entry not yet sealed was written: long ago means the sealer is not running.')}
${field('brokenAt', 'LogChainBreak', 'The first entry that does not verify; null when intact.')}
}

"Where a log chain is broken."
type LogChainBreak @shareable {
${field('seq', 'Float', 'The place of the entry (a whole number from 1).')}
${field('entryId', 'String', 'The id of the entry there, when it still exists.')}
${field('reason', 'String', 'Why it does not verify: changed, missing (deleted), inserted or moved, or a signature that is not the register\'s.')}
}

extend type Query {
  "Verifies the ${r} register's append-only logs now (auditors): each chain intact, or the first broken entry and why."
  ${r}LogChains: [LogChainStatus!] @category(is: "ACCESS_LOG")
}
`;
}

/**
 * The resolver of `<register>LogChains`: seals what is pending, then verifies with the register's keys. Logged as a read of
 * ACCESS_LOG without a customer (its report names none) by the law's wrapper of root log fields (../graphql/permissions.ts).
 */
export function logChainResolvers(register: Register) {
  return {
    Query: {
      [`${lower(register)}LogChains`]: async (_: unknown, __: unknown, ctx: { db: object }): Promise<ChainReport[]> => {
        const sealer = sealerOf(ctx.db);
        if (sealer) await sealer.sealNow();
        return verifyRegisterChains(ctx.db as Parameters<typeof verifyRegisterChains>[0], register, sealer?.keys ?? publishedLogKeys(register));
      },
    },
  };
}
