// Printable documents of the cooperation model served by the gateway, from the same graph and under the
// same law as any query: the caller's bearer token is verified, the graph is asked with it (the subgraphs
// decide and log as always), and the answer is a self-contained HTML page (no scripts, nothing loaded
// from elsewhere; a Content-Security-Policy says so).
//   GET /documents/invoice?id=<invoice id>     an invoice of the quarterly billing run (Liite 6)
//   GET /documents/statistics?period=YYYY-MM    the anonymised statistics with a chart of six months
//   GET /documents/access-report                the data subject's own access report (GDPR art. 15; ./access-report.ts)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { TokenVerifier } from '@cg/shared/src/auth/tokens';
import { AuthenticationError } from '@cg/shared/src/auth/tokens';
import type { Route } from '@cg/shared/src/http';
import { Logger, REQUEST_ID_HEADER, requestIdFrom } from '@cg/shared/src/log';
import { escapeHtml, statisticsHtml, StatisticsSeries, StatisticsTableView } from '@cg/shared/src/cooperation/documents';
import { lastCompleteMonth } from '@cg/shared/src/cooperation/statistics';
import type { GatewayContext } from './server';
import { accessReportRoute } from './access-report';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  res.end(html);
}

const message = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;

type Errors = readonly { message: string; extensions?: Record<string, unknown> }[] | undefined;

/** The HTTP status and page for the graph's errors, or undefined when there were none. */
function refusal(errors: Errors): [number, string] | undefined {
  if (!errors?.length) return undefined;
  const codes = errors.map((e) => e.extensions?.code);
  if (codes.includes('FORBIDDEN')) return [403, message('Forbidden', 'Your role certificate does not entitle you to this document.')];
  const down = errors.filter((e) => e.extensions?.code === 'REGISTER_UNAVAILABLE' || e.extensions?.code === 'DATABASE_UNAVAILABLE');
  if (down.length > 0) {
    const registers = [...new Set(down.map((e) => String(e.extensions?.register ?? 'unknown').toUpperCase()))].sort().join(', ');
    return [503, message('Not available', `A register did not answer (${registers}); try again shortly.`)];
  }
  if (codes.includes('BAD_USER_INPUT')) return [400, message('Bad request', errors.find((e) => e.extensions?.code === 'BAD_USER_INPUT')!.message)];
  return [502, message('Not available', 'A register could not answer right now; try again shortly.')];
}

export function documentRoutes(server: ApolloServer<GatewayContext>, verifyToken: TokenVerifier, log: Logger): Record<string, Route> {
  /** Verifies the caller and asks the graph with their token; answers the refusal itself when there is one. */
  async function ask(req: IncomingMessage, res: ServerResponse, query: string, variables: Record<string, unknown>) {
    if (req.method !== 'GET') { sendHtml(res, 405, message('Method not allowed', 'Use GET.')); return undefined; }
    const authorization = req.headers.authorization ?? '';
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    let actor;
    try {
      actor = await verifyToken(authorization);
    } catch (error) {
      sendHtml(res, 401, message('Authentication required', error instanceof AuthenticationError ? error.message : 'the token is not valid'));
      return undefined;
    }
    const response = await server.executeOperation({ query, variables }, { contextValue: { actor, authorization, requestId } });
    if (response.body.kind !== 'single') { sendHtml(res, 500, message('Error', 'Unexpected answer.')); return undefined; }
    const { data, errors } = response.body.singleResult;
    const refused = refusal(errors as Errors);
    if (refused && !data) { sendHtml(res, ...refused); return undefined; }
    return { data: data as Record<string, any> | null | undefined, errors: errors as Errors };
  }

  return {
    '/documents/access-report': accessReportRoute(verifyToken, ask, { sendHtml, message, refusal }, log),

    '/documents/invoice': async (req, res) => {
      const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('id') ?? '';
      const answer = await ask(req, res, 'query Invoice($id: ID!) { jointCostInvoice(id: $id) { html } }', { id });
      if (!answer) return;
      const refused = refusal(answer.errors);
      if (refused) return sendHtml(res, ...refused);
      const html = answer.data?.jointCostInvoice?.html;
      if (!html) return sendHtml(res, 404, message('Not found', 'No such invoice.'));
      log.info('document served', { document: 'invoice', requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]) });
      sendHtml(res, 200, html);
    },

    '/documents/statistics': async (req, res) => {
      const period = new URL(req.url ?? '/', 'http://localhost').searchParams.get('period') ?? lastCompleteMonth();
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return sendHtml(res, 400, message('Bad request', 'Invalid period: must be a calendar month as YYYY-MM'));
      // The month asked for and the five before it, for the chart of the caseload over time.
      const [y, m] = period.split('-').map(Number);
      const months = Array.from({ length: 6 }, (_, i) => {
        const d = new Date(Date.UTC(y, m - 1 - (5 - i), 1));
        return d.toISOString().slice(0, 7);
      });
      const table = 'name description additive cells { key label parent level count suppressed }';
      const caseload = 'caseloadPerFte { party title fte customers customersPerFte estimatedCustomersPerFte }';
      const query = `query Statistics(${months.map((_, i) => `$p${i}: String`).join(', ')}) {
        ${months.slice(0, 5).map((_, i) => `m${i}: cooperationStatistics(period: $p${i}) { period joint { ${caseload} } }`).join('\n')}
        now: cooperationStatistics(period: $p5) {
          period referenceDate minimumCount
          joint { ${caseload} customersByAreaAndMunicipality { ${table} } customersByAgeBand { ${table} } customersByCustomershipLength { ${table} }
            customersByServiceState { ${table} } planReviewsOnTime { ${table} } goalAttainmentAtEnd { ${table} } exitReasons { ${table} } }
          employment { jobSeekersByEmploymentStatus { ${table} } jobSeekersByBenefitPayer { ${table} } jobSeekersByServiceMeasureInProgress { ${table} } }
          wellbeing { clientsInRehabilitativeWorkActivity { ${table} } clientsBySocialWelfareServiceInProgress { ${table} } }
          kela { benefitKindsInPayment { ${table} } }
        }
      }`;
      const answer = await ask(req, res, query, Object.fromEntries(months.map((p, i) => [`p${i}`, p])));
      if (!answer) return;
      const now = answer.data?.now;
      if (!now) return sendHtml(res, ...(refusal(answer.errors) ?? [404, message('Not found', 'No statistics.')]));
      const series: StatisticsSeries[] = [...months.slice(0, 5).map((_, i) => answer.data?.[`m${i}`]), now]
        .filter((s) => s?.joint)
        .map((s) => ({ period: s.period, caseload: s.joint.caseloadPerFte ?? [] }));
      const tables: { register: string; table: StatisticsTableView }[] = [];
      for (const register of ['joint', 'employment', 'wellbeing', 'kela']) {
        for (const value of Object.values((now[register] ?? {}) as Record<string, unknown>)) {
          if (value && typeof value === 'object' && 'cells' in value) tables.push({ register, table: value as StatisticsTableView });
        }
      }
      const errors = (answer.errors ?? []).map((e) => e.message);
      sendHtml(res, 200, statisticsHtml({ period: now.period, referenceDate: now.referenceDate, minimumCount: now.minimumCount, tables, series, errors }));
    },
  };
}
