// The final report (loppuraportti) of a multi-agency process in the employment authority's register (seed
// 001 § 5: a source of URA is "the final report of the service process"). It is written only as part of
// the joint register's end of the customership: the joint register keeps it in an outbox with the end and
// delivers it here as a service (subgraphs/joint/src/final-report.ts). No official files one directly:
// there is no GraphQL mutation for it (an outside review found an official could invent one for an open
// customership with made-up dates), only this internal route, which answers the joint register's service
// token alone (as the notices of home municipalities: shared/src/graphql/home-municipalities.ts).
import { randomUUID } from 'node:crypto';
import { jointServiceCalled } from '@cg/shared/src/auth/joint-service-calls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { ServiceRequest, serviceIssuer } from '@cg/shared/src/auth/service-tokens';
import { invalidInput } from '@cg/shared/src/graphql/errors';
import { DateScalar } from '@cg/shared/src/graphql/scalars';
import type { Register } from '@cg/shared/src/law/categories';
import { Logger, REQUEST_ID_HEADER } from '@cg/shared/src/log';
import { sendJson } from '@cg/shared/src/http';
import { MAX_NAME, MAX_TEXT, requireId, requireNotAfter, requireNotInFuture, requireText } from '@cg/shared/src/validation';
import type { PrismaClient } from './generated/prisma/client';

/** The route where the joint register delivers the final report of an ended customership. */
export const INTERNAL_FINAL_REPORTS_PATH = '/internal/final-reports';
/** Services listed in one report at most (a long process may have many; the body limit bounds it too). */
const MAX_SERVICES = 1000;

/** The report as the joint register sends it: dates YYYY-MM-DD; `id` chosen by the joint register at the end. */
export interface FinalReportNotice {
  id: string; customerId: string; reportedOn: string; customershipStartedOn: string; customershipEndedOn: string;
  endReason: string; endSituation: string; goalAttainment: number; summary: string; recommendations: string;
  servicesCompleted: string[]; servicesInterrupted: string[]; reportedBy: string;
}

const date = (field: string, value: unknown) => {
  try { return DateScalar.parseValue(value) as Date; } catch (error) { throw invalidInput(field, (error as Error).message); }
};
const texts = (field: string, value: unknown) => {
  if (!Array.isArray(value)) throw invalidInput(field, 'must be a list of names');
  if (value.length > MAX_SERVICES) throw invalidInput(field, `must have at most ${MAX_SERVICES} items`);
  return value.map((item, i) => requireText(`${field}[${i}]`, String(item), MAX_NAME));
};
const text = (field: string, value: unknown, max: number) => {
  if (typeof value !== 'string') throw invalidInput(field, 'must be text');
  return requireText(field, value, max);
};

/**
 * The row a notice stores, or throws `invalidInput` naming the field. The joint register validated the
 * end already; the checks here are the register's own (a date's form, the period's order, no report dated
 * ahead), not time windows that a notice delivered late could fail.
 */
export function validateFinalReport(body: unknown) {
  const n = (body ?? {}) as Partial<Record<keyof FinalReportNotice, unknown>>;
  const customershipStartedOn = date('customershipStartedOn', n.customershipStartedOn);
  const customershipEndedOn = date('customershipEndedOn', n.customershipEndedOn);
  const reportedOn = date('reportedOn', n.reportedOn);
  requireNotAfter('customershipStartedOn', customershipStartedOn, customershipEndedOn, 'customershipEndedOn');
  requireNotInFuture('customershipEndedOn', customershipEndedOn);
  requireNotInFuture('reportedOn', reportedOn);
  if (!Number.isInteger(n.goalAttainment) || (n.goalAttainment as number) < 0 || (n.goalAttainment as number) > 100) {
    throw invalidInput('goalAttainment', 'must be a whole percentage from 0 to 100');
  }
  return {
    id: requireId('id', String(n.id ?? '')), customerId: requireId('customerId', String(n.customerId ?? '')),
    reportedOn, customershipStartedOn, customershipEndedOn,
    endReason: text('endReason', n.endReason, MAX_NAME), endSituation: text('endSituation', n.endSituation, MAX_TEXT),
    goalAttainment: n.goalAttainment as number, summary: text('summary', n.summary, MAX_TEXT), recommendations: text('recommendations', n.recommendations, MAX_TEXT),
    servicesCompleted: texts('servicesCompleted', n.servicesCompleted), servicesInterrupted: texts('servicesInterrupted', n.servicesInterrupted),
    reportedBy: text('reportedBy', n.reportedBy, MAX_NAME),
  };
}

const UNIQUE = (error: unknown) => (error as { code?: string })?.code === 'P2002';

/**
 * The employment register's internal route for the joint register's final reports (POST
 * INTERNAL_FINAL_REPORTS_PATH, body: one `FinalReportNotice`). Answers only the joint register's service
 * (its service token for this register's internal API, bound to the request): anything else 401. The
 * write is logged in the register's access log as the joint register's (906/2019 § 17) before it is made.
 * At most one report per customership period (the unique customerId + customershipStartedOn): a report of a
 * period already reported stores nothing and answers the stored report's id, so a notice delivered again
 * after a lost answer, or a second ending of one period, never doubles it. Answers `{ id }`, 400 naming
 * the field, 500 when the database fails (the joint register tries again later).
 */
export function finalReportRoute(
  db: Pick<PrismaClient, 'finalReport' | 'accessLogEntry'>,
  verify: (header: string | string[] | undefined, request: ServiceRequest) => Promise<Register>,
  log: Logger,
) {
  return async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const requestId = req.headers[REQUEST_ID_HEADER];
    if (!(await jointServiceCalled(req, res, raw, INTERNAL_FINAL_REPORTS_PATH, verify, log))) return;
    let report: ReturnType<typeof validateFinalReport>;
    try {
      report = validateFinalReport(JSON.parse(raw));
    } catch (error) {
      if (error instanceof GraphQLError) return sendJson(res, 400, { error: error.message, field: error.extensions.field });
      return sendJson(res, 400, { error: 'body: not JSON' });
    }
    const period = { customerId_customershipStartedOn: { customerId: report.customerId, customershipStartedOn: report.customershipStartedOn } };
    try {
      const joint = serviceIssuer('JOINT');
      await db.accessLogEntry.createMany({ data: [{
        id: randomUUID(), requestId: typeof requestId === 'string' && /^[A-Za-z0-9._-]{8,80}$/.test(requestId) ? requestId : randomUUID(),
        actorId: joint, actorOrganisationKind: 'JOINT', actorOrganisationId: joint, actorRoles: [],
        customerIds: [report.customerId], categories: ['EMPLOYMENT_SERVICES_AND_DECISIONS'], operation: 'WRITE',
        operationName: 'FinalReportNotice', outcome: 'ALLOWED',
      }] });
      const existing = await db.finalReport.findUnique({ where: period, select: { id: true } });
      if (existing) return sendJson(res, 200, { id: existing.id });
      try {
        await db.finalReport.create({ data: report });
        return sendJson(res, 200, { id: report.id });
      } catch (error) {
        // The same period delivered twice at once: the unique key decided; the first one is the answer.
        if (!UNIQUE(error)) throw error;
        const first = await db.finalReport.findUnique({ where: period, select: { id: true } });
        if (!first) throw error;
        return sendJson(res, 200, { id: first.id });
      }
    } catch (error) {
      log.error('final report notice failed', { error: (error as Error).name });
      sendJson(res, 500, { error: 'internal error' });
    }
  };
}
