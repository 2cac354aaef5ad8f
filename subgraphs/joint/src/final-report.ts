// The final report (loppuraportti) of a multi-agency process goes to the employment authority's own
// register (seed 001 § 5: a source of URA is "the final report of the service process"), and only as part
// of the end of the customership. An outbox: the report is written here in the same transaction as the
// end (one per customership period: the unique customerId + customershipStartedOn), and delivered after
// the commit to the employment register's internal route as the joint register's service (a service token
// for that register's internal API, bound to the request: shared/src/auth/service-tokens.ts), as the
// notices of home municipalities are (./home-municipality-notices.ts). A register that is down, or does
// not answer in REGISTER_NOTICE_TIMEOUT_MS, keeps the report pending: it goes with a repeat of the ending
// and with a delivery round every REGISTER_NOTICE_RETRY_MS (default 30 s) until it is stored. The
// employment register stores one report per period (an insert or nothing), so a report delivered again
// after a lost answer is harmless. The end never depends on the employment register being up, and the
// report never exists there without the end (the outside review found both: a report orphaned by an end
// that timed out, and reports made up by officials calling the register's own mutation).
import { randomUUID } from 'node:crypto';
import type { ServiceTokenSigner } from '@cg/shared/src/auth/service-tokens';
import { deliveryOutcome, postAsService } from '@cg/shared/src/auth/joint-service-calls';
import type { Authority } from '@cg/shared/src/law/categories';
import type { Logger } from '@cg/shared/src/log';
import { subgraphUrlByName } from '@cg/shared/src/subgraphs';
import { type NoticeTiming, startRounds } from './home-municipality-notices';
import type { PrismaClient } from './generated/prisma/client';

/** The employment register's route for final reports (subgraphs/employment/src/final-reports.ts). */
export const INTERNAL_FINAL_REPORTS_PATH = '/internal/final-reports';
/** Pending reports sent per round at most (one call each). */
const ROUND_SIZE = 50;

type NoticeDb = Pick<PrismaClient, 'finalReportNotice'>;

/** The report as the employment register stores it; dates YYYY-MM-DD. */
export interface FinalReport {
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
  /** The official who ended the customership (an employment authority's official). */
  reportedBy: string;
}

/**
 * Queues the final report of an ending; call it inside the ending's transaction. Returns the report's id
 * (its id in the employment register too). Throws Prisma's unique violation (P2002) when the period
 * already has a report: the period was ended by another request.
 */
export async function queueFinalReport(tx: NoticeDb, report: FinalReport, stored: { storedByAuthority: Authority; storedBy: string }): Promise<string> {
  const id = randomUUID();
  await tx.finalReportNotice.create({ data: {
    id, customerId: report.customerId, customershipStartedOn: new Date(`${report.customershipStartedOn}T00:00:00Z`), report: { ...report }, ...stored,
  } });
  return id;
}

let deliverer: ((customerId?: string) => Promise<void>) | undefined;

/**
 * Delivers the pending final reports (of one customer, or all) now, each call bounded by
 * REGISTER_NOTICE_TIMEOUT_MS; never throws: what is not delivered stays pending for the next round. Does
 * nothing until `startFinalReportNotices` has run.
 */
export async function deliverFinalReports(customerId?: string): Promise<void> {
  await deliverer?.(customerId).catch(() => undefined);
}

/** Sends one report; the HTTP status answered (2xx: the employment register stored it, or already had the period's report). */
const send = (id: string, report: FinalReport, sign: ServiceTokenSigner, timeoutMs: number) =>
  postAsService('EMPLOYMENT', subgraphUrlByName('employment'), INTERNAL_FINAL_REPORTS_PATH, { ...report, id }, sign, timeoutMs, 'final-report');

/**
 * Starts delivering the joint register's final reports with `sign` (the joint register's service key):
 * after each ending at once, and all pending ones in rounds (startRounds). Returns the stop function.
 */
export function startFinalReportNotices(db: NoticeDb, sign: ServiceTokenSigner, log: Logger, timing: NoticeTiming): () => void {
  const round = async (customerId?: string) => {
    const pending = await db.finalReportNotice.findMany({
      where: { deliveredAt: null, ...(customerId ? { customerId } : {}) }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: ROUND_SIZE,
    });
    for (const notice of pending) {
      const { kind, status } = await deliveryOutcome(() => send(notice.id, notice.report as unknown as FinalReport, sign, timing.timeoutMs));
      await db.finalReportNotice.updateMany({
        where: { id: notice.id, deliveredAt: null }, data: { attempts: { increment: 1 }, ...(kind === 'delivered' ? { deliveredAt: new Date() } : {}) },
      });
      if (kind === 'delivered') continue;
      if (kind === 'refused') {
        // This report is refused, not the register away: it stays pending (and is tried again each round, in
        // case the refusal was the register's mistake), and the reports behind it go on.
        log.error('final report refused by the employment register; pending, the round goes on', { notice: notice.id, status, attempts: notice.attempts + 1 });
        continue;
      }
      log.warn('final report not delivered to the employment register; pending for the next round', { notice: notice.id, status: status ?? 'no answer', attempts: notice.attempts + 1 });
      // The register is away or not ready: the rest of this round would wait for it in vain.
      if (!customerId) return;
    }
  };
  // An ending's own delivery runs at once; the periodic round of all pending reports one at a time. A
  // report sent by both is stored once there (one per period).
  let sweeping = false;
  deliverer = (customerId) => round(customerId).catch((error) => {
    log.error('final report round failed', { error: (error as Error).name });
  });
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try { await deliverer?.(); } finally { sweeping = false; }
  };
  const stopRounds = startRounds(() => { void sweep(); }, timing);
  return () => {
    stopRounds();
    deliverer = undefined;
  };
}
