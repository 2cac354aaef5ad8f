// Errors a caller may see. Messages say what is wrong and never echo personal data or internals.
import { GraphQLError } from 'graphql';

// One shared instance: a caseload page can deny the same field a hundred times, and graphql-js wraps
// each denial in an error of its own anyway (copying this one's stack, which is formatted only once).
const FORBIDDEN = new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } });

/** A denied field: the message reveals nothing about the data or whether it exists. */
export const forbidden = () => FORBIDDEN;

/**
 * A write denied only because a restriction of processing is in force (GDPR art. 18): said only to a caller who
 * would be allowed without it (../law/rules.ts Decision.restricted), who may read the restrictions anyway. The
 * code stays FORBIDDEN; `reason` says why.
 */
const restrictedProcessing = () => new GraphQLError(
  'Forbidden: processing of this data of the customer is restricted (GDPR art. 18); it is kept, not changed, until the restriction is lifted.',
  { extensions: { code: 'FORBIDDEN', reason: 'PROCESSING_RESTRICTED' } },
);

export const unauthenticated = (reason: string) =>
  new GraphQLError(`Authentication required: ${reason}`, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/** Bad input: names the field and what is wrong with it. */
export const invalidInput = (field: string, problem: string) =>
  new GraphQLError(`Invalid ${field}: ${problem}`, { extensions: { code: 'BAD_USER_INPUT', field } });

/**
 * `row` when it is `customerId`'s, else BAD_USER_INPUT naming `field` (the argument that named the row): one answer
 * whether no such row exists or it is another customer's, perhaps of another area, so that a write names no row of
 * a customer the caller may not know of (621/1999 § 24; found by an outsider: "is not the customer of the meeting"
 * confirmed another area's meeting). `what`: the row's kind with its article ("a meeting"); `where`, if given, ends
 * the message ("in the joint register").
 */
export function rowOfCustomer<T extends { customerId: string }>(
  row: T | null | undefined, customerId: string, field: string, what: string, where?: string,
): T {
  if (!row || row.customerId !== customerId) throw invalidInput(field, `is not ${what} of this customer (customerId)${where ? ` ${where}` : ''}`);
  return row;
}

export const notFound = (what: string) => new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });

/** The joint register could not be asked about consents: no data, and no pretence that it was a denial. */
export const consentsUnavailable = () => new GraphQLError(
  "The customer's consents could not be checked right now (joint register unavailable); try again shortly.",
  { extensions: { code: 'CONSENTS_UNAVAILABLE', register: 'joint' } },
);

/** A change is logged before it is made; when the log entry cannot be stored, the change is not made. */
export const changeNotLogged = () => new GraphQLError(
  'The change could not be logged, so it was not made. Try again shortly.',
  { extensions: { code: 'RECORDING_FAILED' } },
);

/** The error of a refused write: restrictedProcessing() when `decision` says a restriction alone refused it, else forbidden(). */
export const refusedWrite = (decision: { restricted?: true }) => (decision.restricted ? restrictedProcessing() : forbidden());
