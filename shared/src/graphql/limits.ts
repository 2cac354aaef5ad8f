// Operation limits for what callers may send the gateway (graphql-armor's rules): depth, aliases,
// directives, cost and tokens, each refused before execution with an error that says which limit and by
// how much. Every limit is an environment variable; the defaults admit the product's own heaviest views
// (the full view of one customer: depth 8, cost about 2,500) and refuse e.g. every field of a 100-customer
// caseload (depth 10, cost over 500,000). Introspection is not counted (GraphiQL's own query is deep).
import type { ValidationRule } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  maxTokens: number;
}

export function operationLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): OperationLimits {
  return {
    maxDepth: Number(env.MAX_QUERY_DEPTH ?? 9),
    maxAliases: Number(env.MAX_QUERY_ALIASES ?? 15),
    maxDirectives: Number(env.MAX_QUERY_DIRECTIVES ?? 20),
    maxCost: Number(env.MAX_QUERY_COST ?? 5000),
    maxTokens: Number(env.MAX_QUERY_TOKENS ?? 3000),
  };
}

// Report through the validation context (a 400 with the message), instead of throwing out of validation.
const report = {
  propagateOnRejection: false,
  onReject: [(context: { reportError(e: Error): void } | null, error: Error) => context?.reportError(error)],
};

export function limitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ...report }),
    maxAliasesRule({ n: limits.maxAliases, ...report }),
    maxDirectivesRule({ n: limits.maxDirectives, ...report }),
    costLimitRule({ maxCost: limits.maxCost, ...report }),
  ] as unknown as ValidationRule[];
}
