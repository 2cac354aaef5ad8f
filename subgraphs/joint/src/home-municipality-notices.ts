// The joint register tells the three authorities' registers the home municipality of a customer it admits,
// or whose home municipality changes (issue 10). Their area rule (shared/src/law/rules.ts
// jointServiceOfCustomersArea) reads the municipality each keeps itself (shared/src/graphql/
// home-municipalities.ts), so without the notice a new customer's officials could not use their own register
// for them. The home municipality is joint identification data (381/2023 § 11 (1)), which flows between the
// three authorities; nothing else of the customer is sent.
//
// An outbox: the notices are written in the same transaction as the admission, and delivered after the
// commit, each register in one call as the joint register's service (a service token for that register's
// internal API, bound to the request: shared/src/auth/service-tokens.ts). A register that is down, or
// refuses, keeps its notices pending: they go with a repeat of the admission and with a delivery round
// every REGISTER_NOTICE_RETRY_MS (default 30 s). The registers are told in parallel, and one customer's
// delivery never waits behind another's (the load test of 2026-12-01 found admissions queued for ~20 s). Storing a notice twice changes nothing there (an upsert), so
// a notice sent again after a lost answer is harmless. The admission's answer never depends on delivery.
import { randomUUID } from 'node:crypto';
import type { ServiceTokenSigner } from '@cg/shared/src/auth/service-tokens';
import { deliveryOutcome, postAsService } from '@cg/shared/src/auth/joint-service-calls';
import { HomeMunicipalityNotice, INTERNAL_HOME_MUNICIPALITIES_PATH, MAX_HOME_MUNICIPALITY_NOTICES } from '@cg/shared/src/graphql/home-municipalities';
import { AUTHORITIES, Authority } from '@cg/shared/src/law/categories';
import type { Logger } from '@cg/shared/src/log';
import { subgraphUrlByName } from '@cg/shared/src/subgraphs';
import { wholeNumberSetting } from '@cg/shared/src/settings';
import type { PrismaClient } from './generated/prisma/client';


/** How the joint register's outboxes deliver (this file's notices and ./final-report.ts's reports), in ms. */
export interface NoticeTiming {
  /** The longest wait for a register's answer to one delivery (REGISTER_NOTICE_TIMEOUT_MS, default 2,000). */
  timeoutMs: number;
  /** The time between two rounds of all pending deliveries (REGISTER_NOTICE_RETRY_MS, default 30,000). */
  retryMs: number;
}

/** How long after an outbox starts (the register listening) its first round runs, at most: see {@link startRounds}. */
export const FIRST_ROUND_DELAY_MS = 1000;

/**
 * Runs `sweep` (one round of all pending deliveries) {@link FIRST_ROUND_DELAY_MS} after it is called (or
 * `timing.retryMs`, if shorter), then every `timing.retryMs`; returns the stop function. Not at once, as before:
 * a round's statement goes through Prisma, and the first one loads Prisma's query compiler (its WASM, some 0.2
 * CPU s), which then fell inside the register's start, before its first answer (issue 11, cold start;
 * BENCHMARKS.md change 40). The log sealer's first tick is as late (../../../shared/src/logs/chain.ts).
 */
export function startRounds(sweep: () => void, timing: NoticeTiming): () => void {
  const first = setTimeout(sweep, Math.min(timing.retryMs, FIRST_ROUND_DELAY_MS));
  const timer = setInterval(sweep, timing.retryMs);
  first.unref();
  timer.unref();
  return () => { clearTimeout(first); clearInterval(timer); };
}

/** The outboxes' timing from `env`; throws naming the variable when one is set but not a whole number of at least 1. */
export function noticeTimingFromEnv(env: NodeJS.ProcessEnv): NoticeTiming {
  return {
    timeoutMs: wholeNumberSetting(env, 'REGISTER_NOTICE_TIMEOUT_MS', 2000, { min: 1 }),
    retryMs: wholeNumberSetting(env, 'REGISTER_NOTICE_RETRY_MS', 30_000, { min: 1 }),
  };
}
const SUBGRAPH_OF: Record<Authority, string> = { EMPLOYMENT: 'employment', WELLBEING: 'wellbeing', KELA: 'kela' };

type NoticeDb = Pick<PrismaClient, 'homeMunicipalityNotice'>;

/** Queues a notice of `municipality` for each of the three registers, naming who stored it; call it inside the write's transaction. */
export async function queueHomeMunicipalityNotices(
  tx: NoticeDb, customerId: string, municipality: string, stored: { storedByAuthority: Authority; storedBy: string },
): Promise<void> {
  await tx.homeMunicipalityNotice.createMany({ data: AUTHORITIES.map((register) => ({ id: randomUUID(), customerId, register, municipality, ...stored })) });
}

let deliverer: ((customerId?: string) => Promise<void>) | undefined;

/**
 * Delivers the pending notices (of one customer, or all) now, the three registers in parallel, each call
 * bounded by REGISTER_NOTICE_TIMEOUT_MS; never throws: what is not delivered stays pending for the next
 * round. Does nothing until `startHomeMunicipalityNotices` has run.
 */
export async function deliverHomeMunicipalityNotices(customerId?: string): Promise<void> {
  await deliverer?.(customerId).catch(() => undefined);
}

/** Sends one register's notices; the HTTP status answered (2xx: it stored them). */
const send = (register: Authority, notices: HomeMunicipalityNotice[], sign: ServiceTokenSigner, timeoutMs: number) =>
  postAsService(register, subgraphUrlByName(SUBGRAPH_OF[register]), INTERNAL_HOME_MUNICIPALITIES_PATH, { notices }, sign, timeoutMs, 'notice');

/**
 * Starts delivering the joint register's notices with `sign` (the joint register's service key): after each
 * admission at once, and all pending ones in rounds ({@link startRounds}). Returns the stop function.
 */
export function startHomeMunicipalityNotices(db: NoticeDb, sign: ServiceTokenSigner, log: Logger, timing: NoticeTiming): () => void {
  const round = async (customerId?: string) => {
    const pending = await db.homeMunicipalityNotice.findMany({
      where: { deliveredAt: null, ...(customerId ? { customerId } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: MAX_HOME_MUNICIPALITY_NOTICES * AUTHORITIES.length,
    });
    // The registers in parallel: one that is slow or down holds up neither the others nor the admission.
    await Promise.all(AUTHORITIES.map(async (register) => {
      const mine = pending.filter((n) => n.register === register).slice(0, MAX_HOME_MUNICIPALITY_NOTICES);
      if (mine.length === 0) return;
      // One call for the batch, its notices marked delivered or tried once more.
      const deliver = async (batch: typeof mine) => {
        const outcome = await deliveryOutcome(() => send(register, batch.map((n) => ({ customerId: n.customerId, municipality: n.municipality, noticedAt: n.createdAt.toISOString() })), sign, timing.timeoutMs));
        await db.homeMunicipalityNotice.updateMany({
          where: { id: { in: batch.map((n) => n.id) }, deliveredAt: null }, data: { attempts: { increment: 1 }, ...(outcome.kind === 'delivered' ? { deliveredAt: new Date() } : {}) },
        });
        return outcome;
      };
      const outcome = await deliver(mine);
      if (outcome.kind === 'delivered') return;
      if (outcome.kind === 'refused') {
        // Refused, not the register away: one by one (a lone notice is that one already), so that one refused
        // notice holds back no other.
        for (const notice of mine) {
          const single = mine.length === 1 ? outcome : await deliver([notice]);
          if (single.kind === 'refused') log.error('home municipality notice refused; pending', { register, notice: notice.id, status: single.status });
          if (single.kind === 'away') break; // now away: the next round
        }
        return;
      }
      log.warn('home municipality notices not delivered; pending for the next round', { register, notices: mine.length, status: outcome.status ?? 'no answer' });
    }));
  };
  // A customer's own delivery runs at once (no queue behind other customers' rounds); the periodic round
  // of all pending notices runs one at a time. A notice sent twice by both is stored once (an upsert), and an
  // older one arriving after a later one is not applied (its noticedAt: shared/src/graphql/home-municipalities.ts).
  let sweeping = false;
  deliverer = (customerId) => round(customerId).catch((error) => {
    log.error('home municipality notice round failed', { error: (error as Error).name });
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
