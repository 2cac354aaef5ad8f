// The joint register keeps the consents and the record of every disclosure (seed 002 § 7), for
// itself and, through internal endpoints, for the three authority subgraphs.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isThirdParty, Actor } from '@cg/shared/src/auth/actor';
import type { TokenVerifier } from '@cg/shared/src/auth/tokens';
import { sendJson } from '@cg/shared/src/http';
import {
  DisclosureRecordInput, INTERNAL_CONSENTS_PATH, INTERNAL_DISCLOSURES_PATH, disclosureInputs,
} from '@cg/shared/src/graphql/joint-client';
import { Logger, REQUEST_ID_HEADER, requestIdFrom } from '@cg/shared/src/log';
import type { ConsentTerms } from '@cg/shared/src/law/rules';
import { isCategoryName } from '@cg/shared/src/law/categories';
import type { PrismaClient } from './generated/prisma/client';

const MAX_BATCH = 1000;

/** The consents of these customers that name the caller's recipient type, in the order of the ids. */
export async function consentsConcerning(db: PrismaClient, actor: Actor, customerIds: readonly string[]): Promise<ConsentTerms[][]> {
  if (!isThirdParty(actor)) return customerIds.map(() => []);
  const rows = await db.consent.findMany({
    where: { customerId: { in: [...customerIds] }, recipientType: actor.organisationKind },
    select: {
      id: true, customerId: true, recipientType: true, recipientOrganisationId: true, categories: true,
      purpose: true, validFrom: true, validUntil: true, status: true,
    },
  });
  return customerIds.map((id) => rows.filter((row) => row.customerId === id));
}

/** Writes the records of one response in one statement: all of them or none. */
export async function writeDisclosureRecords(db: PrismaClient, actor: Actor, requestId: string, records: DisclosureRecordInput[]) {
  if (!isThirdParty(actor) || !actor.purpose) throw new Error('only third parties receive disclosures');
  await db.disclosureRecord.createMany({
    data: records.map((r) => ({
      id: randomUUID(),
      customerId: r.customerId,
      register: r.register,
      recipientId: actor.id,
      recipientType: actor.organisationKind,
      recipientOrganisationId: actor.organisationId,
      consentId: r.consentId,
      purpose: actor.purpose!,
      categories: r.categories,
      fields: r.fields,
      requestId,
    })),
  });
}

function internalRoute(verifyToken: TokenVerifier, log: Logger, handle: (actor: Actor, body: Record<string, unknown>, requestId: string) => Promise<unknown>) {
  return async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
    let actor: Actor;
    try {
      actor = await verifyToken(req.headers.authorization);
    } catch {
      return sendJson(res, 401, { error: 'a valid bearer token is required' });
    }
    let body: Record<string, unknown>;
    try { body = JSON.parse(raw); } catch { return sendJson(res, 400, { error: 'body is not JSON' }); }
    try {
      sendJson(res, 200, await handle(actor, body, requestIdFrom(req.headers[REQUEST_ID_HEADER])));
    } catch (error) {
      log.error('internal request failed', { path: req.url, error: (error as Error).name });
      sendJson(res, 400, { error: 'request refused' });
    }
  };
}

const isIdList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length <= MAX_BATCH && value.every((v) => typeof v === 'string' && v.length <= 100);

const isShortStringList = (value: unknown) =>
  Array.isArray(value) && value.length <= 500 && value.every((v) => typeof v === 'string' && v.length <= 200);

/**
 * A disclosure record sent by another register must name a real register, known categories, and a
 * consent of that customer given to the calling recipient: nobody can file records in another's name or
 * about consents that do not exist.
 */
async function validRecords(db: PrismaClient, actor: Actor, value: unknown): Promise<DisclosureRecordInput[]> {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_BATCH) throw new Error('records');
  for (const r of value as DisclosureRecordInput[]) {
    if (!(['EMPLOYMENT', 'WELLBEING', 'KELA'] as string[]).includes(r?.register) || typeof r.customerId !== 'string' || typeof r.consentId !== 'string'
      || !isShortStringList(r.categories) || !r.categories.every(isCategoryName) || !isShortStringList(r.fields)) throw new Error('records');
  }
  const records = value as DisclosureRecordInput[];
  const consents = await db.consent.findMany({
    where: { id: { in: [...new Set(records.map((r) => r.consentId))] }, recipientType: actor.organisationKind },
    select: { id: true, customerId: true },
  });
  const owner = new Map(consents.map((c) => [c.id, c.customerId]));
  if (records.some((r) => owner.get(r.consentId) !== r.customerId)) throw new Error('records name a consent that is not the caller\'s');
  return records;
}

export function jointRecords(db: PrismaClient, verifyToken: TokenVerifier, log: Logger) {
  return {
    consentsFor: (ctx: { actor: Actor }) => (ids: readonly string[]) => consentsConcerning(db, ctx.actor, ids),
    recordDisclosures: async (disclosures: Parameters<typeof disclosureInputs>[1], ctx: { actor: Actor; requestId: string }) =>
      writeDisclosureRecords(db, ctx.actor, ctx.requestId, disclosureInputs('JOINT', disclosures)),
    routes: {
      [INTERNAL_CONSENTS_PATH]: internalRoute(verifyToken, log, async (actor, body) => {
        if (!isIdList(body.customerIds)) throw new Error('customerIds');
        return { consents: await consentsConcerning(db, actor, body.customerIds) };
      }),
      [INTERNAL_DISCLOSURES_PATH]: internalRoute(verifyToken, log, async (actor, body, requestId) => {
        const records = await validRecords(db, actor, body.records);
        await writeDisclosureRecords(db, actor, requestId, records);
        return { recorded: records.length };
      }),
    },
  };
}
