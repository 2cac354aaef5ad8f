// The data subject's access report at the gateway (GDPR art. 15; DOMAIN.md rule 11): the customer fetches
// their own with their own token. Everything the law lets the customer read of themselves is asked of the
// graph with their token, in as few queries as the gateway's limits allow (shared/src/rights/access-report.ts),
// and each register's access log to its oldest entry, page by page; every register decides and logs as for any query. Only when every register answered is the report counted
// (the joint register's issueAccessReport: the first of a year is free, GDPR art. 15(3)) and given; otherwise
// the answer is 503 naming the registers that did not answer, and nothing is counted.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCustomer } from '@cg/shared/src/auth/actor';
import { AuthenticationError, TokenVerifier } from '@cg/shared/src/auth/tokens';
import type { Route } from '@cg/shared/src/http';
import { Logger, REQUEST_ID_HEADER, requestIdFrom } from '@cg/shared/src/log';
import type { Register } from '@cg/shared/src/law/categories';
import {
  AccessReport, Disclosure, LOG_ENTRIES, LogEntry, accessLogPageQueries, accessReportHtml, accessReportQueries, fieldRegisters, reportRows,
} from '@cg/shared/src/rights/access-report';

type Errors = readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] | undefined;
type Ask = (req: IncomingMessage, res: ServerResponse, query: string, variables: Record<string, unknown>) =>
  Promise<{ data: Record<string, any> | null | undefined; errors: Errors } | undefined>;
interface Pages {
  sendHtml(res: ServerResponse, status: number, html: string): void;
  message(title: string, text: string): string;
  refusal(errors: Errors): [number, string] | undefined;
}

const ISSUE = 'mutation IssueAccessReport($input: IssueAccessReportInput!) { issueAccessReport(input: $input) { ordinal chargeable issuedAt } }';

let fieldRegistersOnce: Map<string, string> | undefined;

/**
 * The registers named by the errors of the report's queries: the register an error names (REGISTER_UNAVAILABLE,
 * DATABASE_UNAVAILABLE), else the register of the `Customer` field on its path; in upper case, sorted.
 */
function registersOf(errors: NonNullable<Errors>[number][]): string[] {
  const out = new Set<string>();
  for (const e of errors) {
    const named = e.extensions?.register;
    const field = e.path?.[0] === 'customer' && typeof e.path[1] === 'string' ? (fieldRegistersOnce ??= fieldRegisters()).get(`Customer.${e.path[1]}`) : undefined;
    out.add(typeof named === 'string' ? named.toUpperCase() : field ?? 'UNKNOWN');
  }
  return [...out].sort();
}

/** Merges the answers of several queries of the same customer (each selects other top-level fields). */
const merge = (parts: Record<string, unknown>[]) => Object.assign({}, ...parts) as Record<string, any>;

export function accessReportRoute(verifyToken: TokenVerifier, ask: Ask, pages: Pages, log: Logger): Route {
  return async (req, res) => {
    if (req.method !== 'GET') return pages.sendHtml(res, 405, pages.message('Method not allowed', 'Use GET.'));
    let actor;
    try {
      actor = await verifyToken(req.headers.authorization ?? '');
    } catch (error) {
      return pages.sendHtml(res, 401, pages.message('Authentication required', error instanceof AuthenticationError ? error.message : 'the token is not valid'));
    }
    // The report is the data subject's own: the law lets only them read all of it (an official's would be partial).
    if (!isCustomer(actor) || !actor.customerId) {
      return pages.sendHtml(res, 403, pages.message('Forbidden', 'The access report is given to the data subject themselves, signed in with their own identification.'));
    }
    const customerId = actor.customerId;
    // Every register is asked first: a report that could not read all four is not issued as complete, nor
    // counted (GDPR art. 15(3) counts reports given, and a partial one would tell the person a register holds nothing).
    const parts: Record<string, unknown>[] = [];
    const failed: NonNullable<Errors>[number][] = [];
    for (const query of accessReportQueries(customerId)) {
      const answer = await ask(req, res, query, { id: customerId });
      if (!answer) return undefined;
      if (answer.data?.customer) parts.push(answer.data.customer);
      failed.push(...(answer.errors ?? []));
    }
    // Each register's access log to its oldest entry, a page after the last one read while a page comes back full.
    const firstPages = merge(parts);
    const olderEntries: Record<string, unknown> = {};
    for (const [field, query] of accessLogPageQueries(customerId)) {
      const entries = [...((firstPages[field] ?? []) as { id: string }[])];
      for (let page = entries; page.length === LOG_ENTRIES;) {
        const answer = await ask(req, res, query, { id: customerId, after: page.at(-1)!.id });
        if (!answer) return undefined;
        failed.push(...(answer.errors ?? []));
        page = (answer.data?.customer?.[field] ?? []) as { id: string }[];
        entries.push(...page);
      }
      olderEntries[field] = entries;
    }
    parts.push(olderEntries);
    if (failed.length > 0) {
      const registers = registersOf(failed);
      log.warn('access report not issued: registers did not answer', { requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]), registers });
      return pages.sendHtml(res, 503, pages.message('Tarkastusote ei ole nyt saatavilla / Access report not available',
        `Kaikki rekisterit eivät vastanneet, joten otetta ei annettu eikä sitä laskettu; yritä hetken päästä uudelleen. / Not every register answered, so no report was issued or counted; try again shortly. Did not answer: ${registers.join(', ')}.`));
    }
    const issued = await ask(req, res, ISSUE, { input: { idempotencyKey: randomUUID(), customerId } });
    if (!issued) return undefined;
    const issue = issued.data?.issueAccessReport;
    if (!issue) return pages.sendHtml(res, ...(pages.refusal(issued.errors) ?? [404, pages.message('Not found', 'No such customer.')]));
    const errors: string[] = [];
    const customer = merge(parts);
    const logs = Object.fromEntries((['JOINT', 'EMPLOYMENT', 'WELLBEING', 'KELA'] as Register[])
      .map((r) => [r, (customer[`${r.toLowerCase()}AccessLog`] ?? []) as LogEntry[]])) as Record<Register, LogEntry[]>;
    // A recipient is named as the person's consents name it: the consent of the disclosure, else another consent
    // to the same organisation (a consent to any employer names none; the disclosure record keeps the id only).
    const consents = ([...(customer.consents ?? []), ...(customer.sensitiveConsents ?? []), ...(customer.substanceAbuseConsents ?? []), ...(customer.socialSituationConsents ?? [])] as { id?: string; recipientOrganisationId?: string | null; recipientOrganisationName?: string | null }[])
      .filter((c) => c.recipientOrganisationName);
    const nameById = new Map(consents.map((c) => [c.id, c.recipientOrganisationName!]));
    const nameByOrganisation = new Map(consents.filter((c) => c.recipientOrganisationId).map((c) => [c.recipientOrganisationId, c.recipientOrganisationName!]));
    const recipientName = (d: Disclosure) => (d.consentId && nameById.get(d.consentId)) || nameByOrganisation.get(d.recipientOrganisationId) || null;
    const report: AccessReport = {
      name: [customer.firstNames, customer.lastName].filter(Boolean).join(' '),
      issuedAt: issue.issuedAt, ordinal: issue.ordinal, chargeable: issue.chargeable,
      rows: reportRows(customer),
      disclosures: (customer.disclosures ?? []).map((d: Disclosure) => ({ ...d, recipientOrganisationName: recipientName(d) })),
      statements: (customer.employment?.statements ?? []).map((s: { givenOn: string; kind: string; recipient: string }) => ({ givenOn: s.givenOn, kind: s.kind, recipient: s.recipient })),
      logs,
      errors,
    };
    log.info('document served', { document: 'access-report', requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]), chargeable: issue.chargeable });
    pages.sendHtml(res, 200, accessReportHtml(report));
    return undefined;
  };
}
