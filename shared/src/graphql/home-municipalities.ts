// How each register answers "in which municipality does this customer live?" for the area rule
// (../law/areas.ts; ../law/rules.ts jointServiceOfCustomersArea): from its own data, one batched query
// per request. The joint register reads its customers' home municipality (381/2023 § 11 (1)); the three
// authorities' registers keep it in their CustomerHomeMunicipality table.
import { randomUUID } from 'node:crypto';
import { jointServiceCalled } from '../auth/joint-service-calls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { demoPopulation } from '../demo/population';
import { hasRows, insertInChunks } from '../demo/insert';
import { ServiceRequest, serviceIssuer } from '../auth/service-tokens';
import type { Authority, Register } from '../law/categories';
import { Logger, REQUEST_ID_HEADER } from '../log';
import { sendJson } from '../http';
import type { AccessLogStore } from './audit';
import type { MunicipalityAndRestrictionBatchLoader, MunicipalityBatchLoader } from './request-law';
import type { RestrictionTerms } from '../law/data-subject-rights';
import { restrictionInForceSql, restrictionTermsOf } from '../rights/restrictions';
import { rawRows, rawTransaction, type RawClient, type RawTransactor } from '../db/database';
import { groupCalls } from '../db/group-commit';

interface HomeMunicipalityModel {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  findMany(args: any): PromiseLike<{ customerId: string; municipality: string }[]>;
  count(): PromiseLike<number>;
  createMany(args: { data: { customerId: string; municipality: string }[] }): PromiseLike<unknown>;
}

/** The home municipalities of a batch of customers (null for a customer the register does not keep). */
export function homeMunicipalitiesFrom(model: Pick<HomeMunicipalityModel, 'findMany'>): MunicipalityBatchLoader {
  return async (customerIds) => {
    const rows = await model.findMany({ where: { customerId: { in: [...customerIds] } }, select: { customerId: true, municipality: true } });
    const byId = new Map(rows.map((row) => [row.customerId, row.municipality]));
    return customerIds.map((id) => byId.get(id) ?? null);
  };
}

/** Where a register keeps the home municipality: table, its customer-id column, the municipality column. */
export interface HomeMunicipalityColumns { table: string; customerId: string; municipality: string }
/** The authorities' registers: their CustomerHomeMunicipality table. */
export const OWN_HOME_MUNICIPALITIES: HomeMunicipalityColumns = { table: 'CustomerHomeMunicipality', customerId: 'customerId', municipality: 'municipality' };
/** The joint register: the customer's row (381/2023 § 11 (1)). */
export const JOINT_HOME_MUNICIPALITIES: HomeMunicipalityColumns = { table: 'Customer', customerId: 'id', municipality: 'homeMunicipality' };

/**
 * The home municipality (null when the register keeps none) and the restrictions of processing in force
 * (GDPR art. 18: ../rights/restrictions.ts RESTRICTION_IN_FORCE) of each
 * customer of a batch, in one statement: an official's decisions read both, and in the embedded database
 * every statement costs 0.3-0.7 ms however small (issue 11). The statement answers one row of two JSON
 * texts (the municipalities as `[{c, m}]`, the restrictions in force as rows), so that the embedded
 * database hands over two values instead of five fields per customer and Prisma maps no rows (issue 11,
 * as ./json-rows.ts: for a caseload of 500 the look-up is on every customer's path). `where`: see
 * HomeMunicipalityColumns (fixed names, never input); the ids are bound as one array parameter. Per request
 * only, like every look-up of the law: nothing is kept. The batches of requests that ask together share one
 * statement (group commit, ../db/group-commit.ts: each waits for a statement that started after it asked,
 * so a restriction placed before the request is seen), up to MAX_GROUPED_IDS ids.
 */
export function homeMunicipalitiesAndRestrictionsFrom(db: RawClient, where: HomeMunicipalityColumns = OWN_HOME_MUNICIPALITIES): MunicipalityAndRestrictionBatchLoader {
  // The home municipalities as two aligned columns (ids, municipalities: one aggregate pass over the same
  // rows), cheaper than records (json-rows.ts jsonRowsStatement; 0.74 against 0.61 ms for 100 customers);
  // the restrictions as records (the rows' aliases named apart from their columns, which a bare name in
  // json_agg would otherwise mean).
  const sql = `SELECT (SELECT json_build_array(coalesce(json_agg(t."${where.customerId}"), '[]'), coalesce(json_agg(t."${where.municipality}"), '[]'))
       FROM "${where.table}" t WHERE t."${where.customerId}" = ANY($1::text[]))::text AS "municipalities",
     (SELECT coalesce(json_agg(restrictions), '[]') FROM (SELECT r."customerId", r."id", r."categories", r."allowedUses"
       FROM "ProcessingRestriction" r WHERE r."customerId" = ANY($1::text[]) AND ${restrictionInForceSql('r')}) restrictions)::text AS "restrictions"`;
  const lookUp: MunicipalityAndRestrictionBatchLoader = async (customerIds) => {
    // Straight to the driver (rawRows): this statement runs in every official's request (issue 11).
    const [row] = await rawRows<{ municipalities: string; restrictions: string }>(db, sql, [[...new Set(customerIds)]]);
    const byId = new Map<string, { municipality: string | null; restrictions: RestrictionTerms[] }>();
    const [ids, municipalities] = JSON.parse(row?.municipalities ?? '[[], []]') as [string[], (string | null)[]];
    for (let i = 0; i < ids.length; i++) byId.set(ids[i], { municipality: municipalities[i], restrictions: [] });
    const restrictions = JSON.parse(row?.restrictions ?? '[]') as { customerId: string; id: string; categories: string[] | null; allowedUses: string[] | null }[];
    for (const restriction of restrictions) {
      let terms = byId.get(restriction.customerId);
      // A restriction of a customer whose home municipality the register does not keep (still in force).
      if (!terms) byId.set(restriction.customerId, (terms = { municipality: null, restrictions: [] }));
      terms.restrictions.push(restrictionTermsOf(restriction));
    }
    return customerIds.map((id) => byId.get(id) ?? { municipality: null, restrictions: [] });
  };
  const grouped = groupCalls(async (batches: (readonly string[])[]) => {
    const answers = await lookUp(batches.flat());
    let at = 0;
    return batches.map((batch) => answers.slice(at, (at += batch.length)));
  }, { maxItems: MAX_GROUPED_IDS, sizeOf: (batch) => batch.length });
  return (customerIds) => grouped(customerIds);
}

/** Most customer ids one grouped look-up carries (two caseload pages of 1,000). */
const MAX_GROUPED_IDS = 2000;

/**
 * Demo data: the home municipality of every demo customer, once (also into a register seeded before the
 * table existed, so that its officials see their customers again). `db` is the register's client and
 * `model` its `customerHomeMunicipality`.
 */
export async function seedHomeMunicipalities(db: RawClient, model: HomeMunicipalityModel): Promise<void> {
  // Through the driver, not Prisma's count(): no query compiler before ready (../demo/insert.ts hasRows).
  if (await hasRows(db, 'CustomerHomeMunicipality')) return;
  await insertInChunks(model, demoPopulation().map((c) => ({ customerId: c.id, municipality: c.homeMunicipality })));
}

/** The route of an authority's register where the joint register tells it a customer's home municipality. */
export const INTERNAL_HOME_MUNICIPALITIES_PATH = '/internal/home-municipalities';
/** At most this many notices per call. */
export const MAX_HOME_MUNICIPALITY_NOTICES = 100;

/**
 * One notice: the customer's id in the joint register, their home municipality (381/2023 § 11 (1)), and when
 * the joint register made the notice (`noticedAt`, ISO 8601 UTC to the millisecond): the order in which the
 * joint register stored the changes, whatever order their deliveries arrive in.
 */
export interface HomeMunicipalityNotice { customerId: string; municipality: string; noticedAt: string }

const NOTICED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** How far ahead of this register's clock a notice's time may be (the two registers' clocks differ a little). */
const NOTICE_CLOCK_SKEW_MS = 5 * 60_000;

const CUSTOMER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The notices of a body, or the name of what is wrong with it. */
function noticesOf(body: unknown): HomeMunicipalityNotice[] | string {
  const notices = (body as { notices?: unknown } | null)?.notices;
  if (!Array.isArray(notices) || notices.length === 0) return 'notices: must be a non-empty list';
  if (notices.length > MAX_HOME_MUNICIPALITY_NOTICES) return `notices: must hold at most ${MAX_HOME_MUNICIPALITY_NOTICES}`;
  for (const [i, n] of notices.entries()) {
    if (typeof n?.customerId !== 'string' || !CUSTOMER_ID.test(n.customerId)) return `notices[${i}].customerId: must be a customer id`;
    // eslint-disable-next-line no-control-regex
    if (typeof n.municipality !== 'string' || n.municipality.trim() === '' || n.municipality.length > 100 || /[\u0000-\u001f]/.test(n.municipality)) return `notices[${i}].municipality: must be a municipality`;
    // A real time (2026-02-30 is none: Date.parse takes it, the database would not), and none later than a little
    // past now: a notice from the future would keep every later change out (found by an outsider, session 25).
    const time = typeof n.noticedAt === 'string' && NOTICED_AT.test(n.noticedAt) ? new Date(n.noticedAt) : undefined;
    if (!time || Number.isNaN(time.getTime()) || time.toISOString() !== n.noticedAt || time.getUTCFullYear() < 2000) return `notices[${i}].noticedAt: must be a time as YYYY-MM-DDTHH:MM:SS.sssZ`;
    if (time.getTime() > Date.now() + NOTICE_CLOCK_SKEW_MS) return `notices[${i}].noticedAt: must not be in the future`;
  }
  return notices as HomeMunicipalityNotice[];
}

/**
 * One notice applied: inserted, or stored over a municipality set by a notice no later than this one (or by the
 * register's own seed, which carries no time). Returns the row when applied, none when a later notice stays.
 * Times in UTC, as Prisma keeps them (its DateTime columns are timestamps without a zone).
 */
const APPLY_NOTICE = `INSERT INTO "CustomerHomeMunicipality" ("customerId", "municipality", "noticedAt", "updatedAt")
  VALUES ($1, $2, $3::timestamp, now() AT TIME ZONE 'UTC')
  ON CONFLICT ("customerId") DO UPDATE SET "municipality" = EXCLUDED."municipality", "noticedAt" = EXCLUDED."noticedAt", "updatedAt" = EXCLUDED."updatedAt"
  WHERE "CustomerHomeMunicipality"."noticedAt" IS NULL OR "CustomerHomeMunicipality"."noticedAt" <= EXCLUDED."noticedAt"
  RETURNING "customerId"`;

/**
 * An authority register's internal route for the joint register's notices (POST
 * INTERNAL_HOME_MUNICIPALITIES_PATH, body `{ notices: [{ customerId, municipality, noticedAt }] }`): when the joint
 * service of an area admits a customer, the joint register tells the three registers the home municipality,
 * so that their area rule (../law/rules.ts jointServiceOfCustomersArea) serves the new customer's officials.
 * Answers only the joint register's service (a service token of the joint register for this register's
 * internal API, bound to the request; ../auth/service-tokens.ts): anything else gets 401 and one body. Each
 * notice is stored (insert or update: a repeated notice changes nothing) unless the municipality stored was
 * set by a later notice (`noticedAt`): two changes of one customer's municipality can arrive in either order
 * (a round and an admission's own delivery in flight at once, a delivery that timed out at the joint register
 * but was stored here and is sent again), and the later change must stay. The change is logged in the
 * register's access log as the joint register's (906/2019 § 17) before it is made. Answers `{ recorded,
 * superseded }` (superseded: notices older than what was stored, not applied), 400 naming what is wrong, 500
 * when the database fails (the joint register tries again later).
 */
export function homeMunicipalityNoticeRoute(
  register: Authority,
  db: RawTransactor & { accessLogEntry: AccessLogStore },
  verify: (header: string | string[] | undefined, request: ServiceRequest) => Promise<Register>,
  log: Logger,
) {
  return async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const requestId = req.headers[REQUEST_ID_HEADER];
    if (!(await jointServiceCalled(req, res, raw, INTERNAL_HOME_MUNICIPALITIES_PATH, verify, log))) return;
    let body: unknown;
    try { body = JSON.parse(raw); } catch { return sendJson(res, 400, { error: 'body: not JSON' }); }
    const notices = noticesOf(body);
    if (typeof notices === 'string') return sendJson(res, 400, { error: notices });
    try {
      const joint = serviceIssuer('JOINT');
      await db.accessLogEntry.createMany({ data: [{
        id: randomUUID(), requestId: typeof requestId === 'string' && /^[A-Za-z0-9._-]{8,80}$/.test(requestId) ? requestId : randomUUID(),
        actorId: joint, actorOrganisationKind: 'JOINT', actorOrganisationId: joint, actorRoles: [],
        customerIds: [...new Set(notices.map((n) => n.customerId))], categories: ['CUSTOMER_KEY'], operation: 'WRITE',
        operationName: 'HomeMunicipalityNotice', outcome: 'ALLOWED',
      }] });
      let superseded = 0;
      // In the order sent (one customer may appear twice in a batch); each applied only over an older notice.
      // One transaction: a batch is stored whole or not at all (a 500 leaves nothing half-written; found by an outsider).
      await rawTransaction(db, async (tx) => {
        for (const { customerId, municipality, noticedAt } of notices) {
          const applied = await tx.$queryRawUnsafe<unknown[]>(APPLY_NOTICE, customerId, municipality, noticedAt);
          if (applied.length === 0) superseded++;
        }
      }, { maxWait: 15_000, timeout: 30_000 });
      sendJson(res, 200, { recorded: notices.length - superseded, superseded });
    } catch (error) {
      log.error('home municipality notice failed', { register, error: (error as Error).name });
      sendJson(res, 500, { error: 'internal error' });
    }
  };
}
