// The final report (loppuraportti) of a multi-agency process goes to the employment authority's own
// register (seed 001 § 5: a source of URA is "the final report of the service process"). The joint
// register never touches that register's database: it calls the employment subgraph's own mutation as a
// client, with the caller's token, so that the employment register's law, validation, access log and
// idempotency apply there as to any other write.
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER } from '@cg/shared/src/log';

const TIMEOUT_MS = Number(process.env.EMPLOYMENT_TIMEOUT_MS ?? 4000);

/** Where the employment subgraph answers: EMPLOYMENT_URL (read at each call, so a test system can set it once it listens). */
export const employmentUrl = () => process.env.EMPLOYMENT_URL ?? 'http://127.0.0.1:4102/graphql';

const MUTATION = `mutation RecordEmploymentFinalReport($input: EmploymentFinalReportInput!) {
  recordEmploymentFinalReport(input: $input) { id }
}`;

export interface FinalReport {
  idempotencyKey: string;
  customerId: string;
  reportedOn: string;
  customershipStartedOn: string;
  customershipEndedOn: string;
  endReason: string;
  endSituation: string;
  goalAttainment: number;
  summary: string;
  recommendations: string;
  servicesCompleted: string[];
  servicesInterrupted: string[];
}

/**
 * Writes the final report to the employment authority's register and returns its id. The key is derived
 * from the ending's own key, so a retried ending sends the same report once. Errors keep the employment
 * register's code (FORBIDDEN for a caller who may not write there); an unreachable register is named.
 */
export async function sendFinalReport(ctx: { authorization: string; requestId: string }, report: FinalReport): Promise<string> {
  let body: { data?: { recordEmploymentFinalReport?: { id: string } | null }; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  try {
    const response = await fetch(employmentUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: ctx.authorization, [REQUEST_ID_HEADER]: ctx.requestId },
      body: JSON.stringify({ query: MUTATION, variables: { input: report }, operationName: 'RecordEmploymentFinalReport' }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    body = await response.json() as typeof body;
  } catch {
    throw new GraphQLError("The final report could not be sent to the employment authority's register (unavailable); nothing was ended. Try again with the same idempotency key.", {
      extensions: { code: 'REGISTER_UNAVAILABLE', register: 'employment' },
    });
  }
  const id = body.data?.recordEmploymentFinalReport?.id;
  if (id) return id;
  const error = body.errors?.[0];
  const code = error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  if (code === 'FORBIDDEN') {
    throw new GraphQLError("Forbidden: the final report is written to the employment authority's own register, so an official of the employment authority ends the customership", { extensions: { code: 'FORBIDDEN' } });
  }
  if (code === 'BAD_USER_INPUT') {
    throw new GraphQLError(`Invalid finalReport: the employment register refused it (${error?.message ?? 'bad input'})`, { extensions: { code, field: 'finalReport' } });
  }
  throw new GraphQLError("The final report could not be recorded in the employment authority's register; nothing was ended. Try again with the same idempotency key.", {
    extensions: { code: code === 'DATABASE_UNAVAILABLE' ? code : 'REGISTER_UNAVAILABLE', register: 'employment' },
  });
}
