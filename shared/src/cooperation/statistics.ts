// Anonymised statistics for the cooperation model's planning, development and monitoring (seed 004 § 5:
// "the data is in anonymised form and contains no personal data"; seed 000 § 4). Every register computes
// its own aggregates in its own subgraph with these helpers, so the same rules hold everywhere:
// - counts of persons only, never an id or a name;
// - a cell that counts fewer than the minimum (STATISTICS_MIN_COUNT, default 5) is suppressed (primary
//   suppression), and further cells are suppressed until no suppressed cell can be recovered from a total
//   and the cells shown (complementary suppression: no sum with exactly one unknown, and no recoverable
//   group of suppressed cells that counts fewer than the minimum);
// - figures only for whole calendar months, so that two requests a day apart cannot be subtracted from
//   each other to single out the one person who came or left in between;
// - nobody whose data is under a restriction of processing or due for deletion is counted;
// - every use is written to the register's access log before the figures leave.
import { restrictionInForceSql } from '../rights/restrictions';
import { areaOfMunicipality as cooperationAreaOf } from '../law/areas';
import { STAFFING_AREA } from './areas';
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Actor } from '../auth/actor';
import type { AccessLogStore } from '../graphql/audit';
import { invalidInput } from '../graphql/errors';
import { todayInFinland } from '../law/today';
import { wholeNumberSetting } from '../settings';

/** The smallest count of persons a cell may show: STATISTICS_MIN_COUNT (integer 2-100), default 5. */
export function statisticsMinimum(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberSetting(env, 'STATISTICS_MIN_COUNT', 5, { min: 2, max: 100 });
}

// ---- Periods ---------------------------------------------------------------------------------

export interface StatisticsPeriod {
  /** `YYYY-MM`. */
  period: string;
  /** The last day of the month (`YYYY-MM-DD`): the figures describe the situation on this day. */
  referenceDate: string;
  /** The first day of the twelve months that end on the reference date (for exits and end assessments). */
  yearStart: string;
}

/** The latest whole calendar month before today in Finland (`YYYY-MM`). */
export function lastCompleteMonth(today = todayInFinland()): string {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * Parses a statistics period: `YYYY-MM`, a month that has ended (default: the last complete month).
 * Errors: BAD_USER_INPUT naming `period` for another shape, a month not yet ended, or before 2015.
 */
export function statisticsPeriod(period: string | null | undefined, today = todayInFinland()): StatisticsPeriod {
  const latest = lastCompleteMonth(today);
  const value = period ?? latest;
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw invalidInput('period', 'must be a calendar month as YYYY-MM');
  if (value > latest) throw invalidInput('period', `must be a month that has ended (at latest ${latest})`);
  if (value < '2015-01') throw invalidInput('period', 'must be 2015-01 or later (the joint service began under 1369/2014)');
  const [y, m] = [Number(match[1]), Number(match[2])];
  const last = new Date(Date.UTC(y, m, 0));
  const referenceDate = last.toISOString().slice(0, 10);
  const yearStart = new Date(Date.UTC(y - 1, m, 1)).toISOString().slice(0, 10);
  return { period: value, referenceDate, yearStart };
}

// ---- Suppression -----------------------------------------------------------------------------

/** A count of persons, with the counts it is the sum of (e.g. an area and its municipalities). */
export interface CountNode {
  key: string;
  label: string;
  count: number;
  children?: CountNode[];
}

/** One cell as published: the count, or null when suppressed. */
export interface StatisticsCell {
  key: string;
  label: string;
  /** The key of the cell this one is part of (null for the total). */
  parent: string | null;
  /** 0 for the total, 1 for its parts, 2 for theirs. */
  level: number;
  count: number | null;
  suppressed: boolean;
}

export interface StatisticsTable {
  name: string;
  description: string;
  /** True when the parts add up to their total; false when a person may be counted in several cells. */
  additive: boolean;
  cells: StatisticsCell[];
}

interface Flat { node: CountNode; parent: number | null; level: number }

/**
 * Suppresses a hierarchical table of counts (a total, its parts, their parts). Primary suppression: every
 * cell under `minimum`. Complementary suppression, repeated until nothing changes, for each sum
 * (a cell = the sum of its parts):
 * - the total shown and some parts suppressed: the suppressed parts must be at least two and count at
 *   least `minimum` together, or else the smallest part still shown is suppressed too (the total when no
 *   part is left), so that subtraction recovers neither one cell nor a small group;
 * - the total suppressed but every part shown: the smallest part is suppressed, or the total would be
 *   their sum.
 * Returns the cells in order, total first.
 */
export function suppressTable(root: CountNode, minimum: number): StatisticsCell[] {
  const flat: Flat[] = [];
  const visit = (node: CountNode, parent: number | null, level: number) => {
    const index = flat.push({ node, parent, level }) - 1;
    for (const child of node.children ?? []) visit(child, index, level + 1);
  };
  visit(root, null, 0);
  const suppressed = flat.map((f) => f.node.count < minimum);
  const sums = flat.map((_, i) => i).filter((i) => (flat[i].node.children?.length ?? 0) > 0)
    .map((total) => ({ total, parts: flat.map((f, i) => (f.parent === total ? i : -1)).filter((i) => i >= 0) }));
  const smallestShown = (parts: number[]) => parts.filter((p) => !suppressed[p])
    .sort((a, b) => flat[a].node.count - flat[b].node.count || a - b)[0];
  for (let changed = true; changed;) {
    changed = false;
    for (const { total, parts } of sums) {
      const hidden = parts.filter((p) => suppressed[p]);
      const hiddenSum = hidden.reduce((sum, p) => sum + flat[p].node.count, 0);
      const needsMore = suppressed[total]
        ? hidden.length === 0
        : hidden.length > 0 && (hidden.length === 1 || hiddenSum < minimum);
      if (!needsMore) continue;
      const next = smallestShown(parts);
      if (next !== undefined) suppressed[next] = true;
      else if (!suppressed[total]) suppressed[total] = true;
      else continue;
      changed = true;
    }
  }
  return flat.map(({ node, parent, level }, i) => ({
    key: node.key, label: node.label, parent: parent === null ? null : flat[parent].node.key, level,
    count: suppressed[i] ? null : node.count, suppressed: suppressed[i],
  }));
}

/** An additive one-level table: a total and its parts (every person in exactly one part). */
export function additiveTable(name: string, description: string, totalLabel: string, parts: { key: string; label: string; count: number }[], minimum: number): StatisticsTable {
  const count = parts.reduce((sum, p) => sum + p.count, 0);
  return { name, description, additive: true, cells: suppressTable({ key: 'TOTAL', label: totalLabel, count, children: parts }, minimum) };
}

/**
 * A table whose cells overlap (a person may be counted in several, e.g. "customers with a service in
 * state X"), against a population that is published elsewhere: a cell is suppressed when it counts fewer
 * than `minimum`, and also when the persons NOT in it are fewer than `minimum` (population minus cell
 * would single them out). The population is the total row.
 */
export function overlappingTable(name: string, description: string, totalLabel: string, population: number, cells: { key: string; label: string; count: number }[], minimum: number): StatisticsTable {
  const totalHidden = population < minimum;
  return {
    name, description, additive: false,
    cells: [
      { key: 'TOTAL', label: totalLabel, parent: null, level: 0, count: totalHidden ? null : population, suppressed: totalHidden },
      ...cells.map((c) => {
        const hide = totalHidden || c.count < minimum || population - c.count < minimum;
        return { key: c.key, label: c.label, parent: 'TOTAL', level: 1, count: hide ? null : c.count, suppressed: hide };
      }),
    ],
  };
}

/** The part a value outside a table's fixed list counts under. */
export const OTHER = { key: 'OTHER', label: 'other' } as const;

/**
 * Counts items by a key into the parts of a table, in the order of `order`, a fixed list: a key outside it counts
 * under OTHER, so that no value of the data ever becomes a cell's key or label (found by an outsider: exit reasons,
 * free text an official types, showed whole as labels, a customer's id and "substance-abuse care" among them, with
 * only their counts suppressed). OTHER is added after `order` when something counted under it and `order` lacks it.
 */
export function countBy<T>(items: readonly T[], keyOf: (item: T) => string, order: readonly { key: string; label: string }[]) {
  const known = new Set(order.map((o) => o.key));
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = known.has(keyOf(item)) ? keyOf(item) : OTHER.key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts = counts.has(OTHER.key) && !known.has(OTHER.key) ? [...order, OTHER] : order;
  return parts.map(({ key, label }) => ({ key, label, count: counts.get(key) ?? 0 }));
}

/**
 * Why customerships end, as the statistics group them: the reasons the joint service records in its standard words
 * (`endCustomership`'s `reason`, compared trimmed and in any letter case); any other text, and none, counts as OTHER.
 * The reason itself is free text and stays in the customer's record only.
 */
export const EXIT_REASONS = [
  { key: 'EMPLOYED_OPEN_LABOUR_MARKET', label: 'employed on the open labour market', text: 'Employed on the open labour market' },
  { key: 'STARTED_STUDIES', label: 'started studies', text: 'Started studies' },
  { key: 'MOVED', label: 'moved to another municipality', text: 'Moved to another municipality' },
  { key: 'RETIRED', label: 'retired', text: 'Retired' },
  { ...OTHER, label: 'other or not recorded', text: null },
] as const;

const EXIT_REASON_BY_TEXT = new Map<string, string>(EXIT_REASONS.filter((r) => r.text).map((r) => [r.text!.toLowerCase(), r.key]));

/** The EXIT_REASONS key of a customership's recorded end reason. */
export const exitReasonOf = (reason: string | null | undefined) => EXIT_REASON_BY_TEXT.get((reason ?? '').trim().toLowerCase()) ?? OTHER.key;

// ---- Age bands and lengths -------------------------------------------------------------------

export const AGE_BANDS = [
  { key: 'UNDER_25', label: 'under 25', below: 25 },
  { key: 'FROM_25_TO_29', label: '25-29', below: 30 },
  { key: 'FROM_30_TO_39', label: '30-39', below: 40 },
  { key: 'FROM_40_TO_49', label: '40-49', below: 50 },
  { key: 'FROM_50_TO_59', label: '50-59', below: 60 },
  { key: 'FROM_60', label: '60 or over', below: Infinity },
] as const;

/** Whole years of age on `onDate` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export const ageBandOf = (age: number) => AGE_BANDS.find((b) => age < b.below)!.key;

/** The birth date a Finnish personal identity code states (DDMMYYCZZZQ; century sign, DOMAIN.md). */
export function birthDateOfIdentityCode(code: string): string {
  const century = code[6] === '+' ? 1800 : 'ABCDEF'.includes(code[6]) ? 2000 : 1900;
  return `${century + Number(code.slice(4, 6))}-${code.slice(2, 4)}-${code.slice(0, 2)}`;
}

export const CUSTOMERSHIP_LENGTHS = [
  { key: 'UNDER_6_MONTHS', label: 'under 6 months', belowDays: 183 },
  { key: 'FROM_6_TO_12_MONTHS', label: '6-12 months', belowDays: 366 },
  { key: 'FROM_1_TO_2_YEARS', label: '1-2 years', belowDays: 731 },
  { key: 'OVER_2_YEARS', label: 'over 2 years', belowDays: Infinity },
] as const;

export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const customershipLengthOf = (startedOn: string, onDate: string) =>
  CUSTOMERSHIP_LENGTHS.find((l) => daysBetween(startedOn, onDate) < l.belowDays)!.key;

// ---- Who is counted --------------------------------------------------------------------------

/**
 * Whom a register's statistics count: the customers of the model's area (those whose home municipality, as the
 * register keeps it, is in STAFFING_AREA) without a restriction of processing in force. The statistics serve the
 * planning and monitoring of one cooperation agreement, by its management (seed 004 § 5; ../law/cooperation-rules.ts),
 * whose task covers its own area's joint service: another area's customers are another joint service's, and a
 * customer of no known area is nobody's (found by an outsider: Keski-Uusimaa's leader read Lapland's figures).
 */
export interface StatisticsPopulation { ofTheArea: ReadonlySet<string>; restricted: ReadonlySet<string> }

/** The population of an authority's register (its `CustomerHomeMunicipality` and `ProcessingRestriction` tables). */
export async function statisticsPopulation(db: { $queryRawUnsafe<T>(query: string): Promise<T> }): Promise<StatisticsPopulation> {
  const [homes, restricted] = await Promise.all([
    db.$queryRawUnsafe<{ customerId: string; municipality: string }[]>('SELECT "customerId", "municipality" FROM "CustomerHomeMunicipality"'),
    restrictedCustomers(db),
  ]);
  return { ofTheArea: new Set(homes.filter((h) => inTheModelsArea(h.municipality)).map((h) => h.customerId)), restricted };
}

/** Whether a home municipality is in the model's area (STAFFING_AREA), whose statistics these are. */
export const inTheModelsArea = (municipality: string | null | undefined) => cooperationAreaOf(municipality) === STAFFING_AREA;

/** The rows of the persons `population` counts. */
export const countable = <T extends { customerId: string }>(rows: readonly T[], population: StatisticsPopulation) =>
  rows.filter((row) => population.ofTheArea.has(row.customerId) && !population.restricted.has(row.customerId));

/**
 * Retention of the joint register (seed 003 Liite 7 § 9): data is deleted four years after the
 * customership ended. A customer whose four years have passed on the reference date is due for
 * deletion and is counted nowhere.
 */
export function dueForDeletion(endedOn: string | null, referenceDate: string, years = 4): boolean {
  if (!endedOn) return false;
  const [y, m, d] = endedOn.split('-');
  return `${Number(y) + years}-${m}-${d}` <= referenceDate;
}

// ---- The log of use --------------------------------------------------------------------------

/**
 * Writes the use of a register's statistics to its access log before the figures leave (906/2019 § 17;
 * seed 004 § 10.2). The entry names no customer (the figures are about none) and the category
 * ANONYMISED_STATISTICS. If it cannot be written, no figures are released (RECORDING_FAILED).
 */
export async function logStatisticsUse(
  ctx: { actor: Actor; requestId: string; db: { accessLogEntry: AccessLogStore } }, period: string,
): Promise<void> {
  try {
    await ctx.db.accessLogEntry.createMany({
      data: [{
        id: randomUUID(), requestId: ctx.requestId, actorId: ctx.actor.id,
        actorOrganisationKind: ctx.actor.organisationKind, actorOrganisationId: ctx.actor.organisationId,
        actorRoles: ctx.actor.roles, customerIds: [], categories: ['ANONYMISED_STATISTICS'],
        operation: 'READ', operationName: `statistics ${period}`, outcome: 'ALLOWED',
      }],
    });
  } catch {
    throw new GraphQLError('The use of the statistics could not be logged, so no figures were released. Try again shortly.', { extensions: { code: 'RECORDING_FAILED' } });
  }
}

/** Day of a Prisma `@db.Date` value as `YYYY-MM-DD`. */
export const isoDay = (value: Date | string | null | undefined): string | null =>
  value == null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

// ---- Snapshots -------------------------------------------------------------------------------

/** Each register's Prisma delegate for its StatisticsSnapshot model. */
export interface SnapshotStore {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  findUnique(args: any): PromiseLike<{ figures: unknown } | null>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(args: any): PromiseLike<unknown>;
}

/**
 * The figures of a period, computed once and then kept (per period and minimum count). Data recorded
 * later for an ended month (a customership entered afterwards with an earlier start, an exit recorded
 * late) would otherwise change that month's figures, and the two answers subtracted from each other
 * would single out the person. Anonymised aggregates are no personal data, so a snapshot is not touched
 * by a later restriction or deletion of anyone's data. `compute` runs only for a new snapshot.
 */
export async function snapshotOf<T>(store: SnapshotStore, period: string, minimum: number, compute: () => Promise<T>): Promise<T> {
  // Keyed by the area too: figures kept before they were drawn to the model's area (which counted every area) are not answered.
  const id = `${period}|min${minimum}|${STAFFING_AREA}`;
  const kept = await store.findUnique({ where: { id } });
  if (kept) return kept.figures as T;
  const figures = await compute();
  try {
    await store.create({ data: { id, period, minimumCount: minimum, figures: figures as object } });
    return figures;
  } catch (error) {
    // Another request computed the same period at the same moment: both answer with the one kept.
    const winner = await store.findUnique({ where: { id } });
    if (winner) return winner.figures as T;
    throw error;
  }
}

// ---- One register's figures ------------------------------------------------------------------

/**
 * Restriction of processing (GDPR art. 18): restricted data is kept, not used, and counting it in statistics
 * is a use. Returns the ids of the customers with a restriction in force in this register (its own
 * `ProcessingRestriction` table: shared/src/rights/restrictions.ts, the joint register's in ./rights.ts), whom
 * every register's statistics leave out (through `countable`). A restriction of some categories leaves the
 * person out of all of the register's figures: simpler to reason about, and never counts restricted data.
 */
export async function restrictedCustomers(db: { $queryRawUnsafe<T>(query: string): Promise<T> }): Promise<Set<string>> {
  const rows = await db.$queryRawUnsafe<{ customerId: string }[]>(`SELECT DISTINCT "customerId" FROM "ProcessingRestriction" r WHERE ${restrictionInForceSql('r')}`);
  return new Set(rows.map((r) => r.customerId));
}

/**
 * A register's figures of `period` (`YYYY-MM`, or the last complete month): the use logged first (no log,
 * no figures; 906/2019 § 17), then the kept snapshot, which `compute` makes once per period and minimum.
 * Errors: BAD_USER_INPUT for a malformed or unfinished period; RECORDING_FAILED when the log fails.
 */
export async function registerStatistics<T>(
  ctx: Parameters<typeof logStatisticsUse>[0] & { db: { statisticsSnapshot: SnapshotStore } },
  period: string | StatisticsPeriod,
  compute: (p: StatisticsPeriod, minimum: number) => Promise<T>,
): Promise<T> {
  const p = typeof period === 'string' ? statisticsPeriod(period) : period;
  const minimum = statisticsMinimum();
  await logStatisticsUse(ctx, p.period);
  return snapshotOf(ctx.db.statisticsSnapshot, p.period, minimum, () => compute(p, minimum));
}

/** The distinct persons of each `kind` among `persons` (rows of persons outside it are not counted). */
export function personsByKind(rows: readonly { customerId: string; kind: string }[], persons: ReadonlySet<string>): Map<string, Set<string>> {
  const byKind = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!persons.has(row.customerId)) continue;
    let ofKind = byKind.get(row.kind);
    if (!ofKind) byKind.set(row.kind, (ofKind = new Set()));
    ofKind.add(row.customerId);
  }
  return byKind;
}
