// Finding a person by their personal identity code, bounded per caller (README: Limits; IDENTITY_CODE_LOOKUP_LIMIT
// per IDENTITY_CODE_LOOKUP_WINDOW_SECONDS): a list of codes is not to be checked against the register at will.
// Two operations find a person by code: the look-up (`customerByPersonalIdentityCode`) and an admission
// (`admitCustomer`), which answers ALREADY_CUSTOMER with the customer's id for a customer of the caller's area.
// Found by an outsider (session 28): 35 admissions of one code in a minute all answered, none counted.
import { callerKey, type Actor } from '@cg/shared/src/auth/actor';
import { identityCodeLookupLimiter, identityCodeLookupRateFromEnv } from '@cg/shared/src/graphql/limits';

/** One limiter per process, made on first use from the environment. */
let lookups: ((callerId: string) => Promise<void>) | undefined;

/**
 * Spends one of the caller's look-ups by identity code (counted per organisation and user, `callerKey`), before
 * the register is read: every attempt to find a person counts. Rejects with a GraphQL error RATE_LIMITED (its
 * `retryAfterSeconds`) once the caller's budget for the window is spent.
 */
export function spendIdentityCodeLookup(actor: Pick<Actor, 'organisationId' | 'id'>): Promise<void> {
  return (lookups ??= identityCodeLookupLimiter(identityCodeLookupRateFromEnv()))(callerKey(actor));
}
