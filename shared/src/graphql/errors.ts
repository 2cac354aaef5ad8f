// Errors a caller may see. Messages say what is wrong and never echo personal data or internals.
import { GraphQLError } from 'graphql';

/** A denied field: the message reveals nothing about the data or whether it exists. */
export const forbidden = () => new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } });

export const unauthenticated = (reason: string) =>
  new GraphQLError(`Authentication required: ${reason}`, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/** Bad input: names the field and what is wrong with it. */
export const invalidInput = (field: string, problem: string) =>
  new GraphQLError(`Invalid ${field}: ${problem}`, { extensions: { code: 'BAD_USER_INPUT', field } });

export const notFound = (what: string) => new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
