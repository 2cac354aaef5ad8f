// The SDL every subgraph serves beside its own fields, and its classification (../law/classification.ts):
// its own module so that a reader of the registers' classifications (../subgraphs.ts) does not load the
// subgraphs' server stack.
import type { Register } from '../law/categories';
import { classifySdl } from '../law/classification';
import { auditSdl } from './audit';
import { logChainSdl } from '../logs/graphql';
import { restrictionSdl } from '../rights/restrictions';

/** Classifies the SDL (own fields plus the register's access log) into typeDefs and classification. */
export function classifySubgraphSdl(register: Register, sdl: string) {
  // The register's access log, the verification of its log chains (../logs/graphql.ts) and its
  // restrictions of processing (../rights/restrictions.ts).
  return classifySdl(`${sdl}\n${auditSdl(register)}\n${logChainSdl(register)}${restrictionSdl(register)}`);
}
