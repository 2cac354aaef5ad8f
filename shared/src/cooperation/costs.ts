// The cost rules of the cooperation agreement (seed 003 Liite 6; 381/2023 § 10), as pure functions over
// integer cents: no floating point touches money. The joint register's billing run applies them.
//
// Liite 6 in short:
// - each party pays its own staff (Liite 2); the joint costs are (a) the leader's pay, other personnel and
//   operating costs and (b) joint development costs;
// - (a) is split 50/50 between the employment authority and the wellbeing county; so are the deputy's
//   costs when substituting for the leader for over two weeks in one continuous period, and the interim
//   deputy's costs after a leader's service has ended and before the next one starts;
// - (b) development days are split by the number of registered participants of each party, Kela included;
//   more than two full (or four half) days a year need the steering group's approval;
// - the city of Järvenpää bills the parties' shares of the realised joint costs quarterly.
import type { Authority } from '../law/categories';

export const PARTIES: readonly Authority[] = ['EMPLOYMENT', 'WELLBEING', 'KELA'];

/** Who bills (Liite 6 "Laskutus"): the leader's administrative employer. */
export const BILLER = 'Järvenpään kaupunki (City of Järvenpää)';

/** The parties as billed (demo names of the Keski-Uusimaa model). */
export const BILLED_PARTY: Record<Authority, string> = {
  EMPLOYMENT: 'Keski-Uudenmaan työllisyysalue (employment authority)',
  WELLBEING: 'Keski-Uudenmaan hyvinvointialue (wellbeing services county)',
  KELA: 'Kansaneläkelaitos (Kela)',
};

export type JointCostKind = 'LEADER_PAY' | 'LEADER_OPERATING' | 'DEPUTY_SUBSTITUTION' | 'INTERIM_DEPUTY' | 'DEVELOPMENT_DAY';

/** Liite 6: a deputy's substitution is shared only when its one continuous period is over two weeks. */
export const SUBSTITUTION_SHARED_AFTER_DAYS = 14;
/** Liite 6 (b): half-days of development a year without the steering group's approval (two full days). */
export const DEVELOPMENT_HALF_DAYS_WITHOUT_APPROVAL = 4;

/**
 * Splits `amountCents` (an integer) in proportion to integer `weights`, in whole cents that add up to the
 * amount exactly (largest remainder method). Each share is floor(amount x weight / sum); the cents left
 * over go one each to the largest remainders, ties to the earlier party in `weights` (the employment
 * authority, then the wellbeing county, then Kela). Throws RangeError for a non-integer amount, negative
 * or non-integer weights, or weights that sum to zero.
 */
export function splitCents(amountCents: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError('amount must be whole cents');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) throw new RangeError('weights sum to zero');
  // BigInt: amount x weight stays exact however large either grows.
  const amount = BigInt(amountCents);
  const sum = BigInt(total);
  const base = weights.map((w) => (amount * BigInt(w)) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (amount * BigInt(w)) % sum }));
  let left = Number(amount - base.reduce((a, b) => a + b, 0n));
  const shares = base.map(Number);
  for (const { i } of remainders.filter((x) => weights[x.i] > 0).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))) {
    if (left <= 0) break;
    shares[i] += 1;
    left -= 1;
  }
  return shares;
}

export interface CostForBilling {
  id: string;
  kind: JointCostKind;
  incurredOn: string;
  amountCents: number;
  description: string;
  substitutionStartsOn?: string | null;
  substitutionEndsOn?: string | null;
  /** For DEVELOPMENT_DAY: the registered participants of the day, per party. */
  participants?: Record<Authority, number> | null;
}

export interface InvoiceLine {
  costId: string;
  kind: JointCostKind;
  incurredOn: string;
  description: string;
  amountCents: number;
  numerator: number;
  denominator: number;
  shareCents: number;
  rule: string;
}

/** Whole days of a continuous period, both ends included. */
export const periodDays = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** Euros from cents for people: "1 234,56 €" (Finnish style), by integer arithmetic. */
export function formatEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')}\u00a0€`;
}

/**
 * Each party's share of one realised joint cost under Liite 6, or the reason it is not shared.
 * Returns `{ lines }` with one line per party that pays a share (numerator/denominator and the rule in
 * words), or `{ notShared }` with the reason.
 */
export function shareOfCost(cost: CostForBilling): { lines: Record<Authority, InvoiceLine | undefined>; notShared?: string } {
  const none = { EMPLOYMENT: undefined, WELLBEING: undefined, KELA: undefined };
  const line = (party: Authority, numerator: number, denominator: number, shareCents: number, rule: string): InvoiceLine => ({
    costId: cost.id, kind: cost.kind, incurredOn: cost.incurredOn, description: cost.description,
    amountCents: cost.amountCents, numerator, denominator, shareCents, rule,
  });
  const fiftyFifty = (why: string) => {
    const [employment, wellbeing] = splitCents(cost.amountCents, [1, 1]);
    const rule = (share: number) => `${why}: ${formatEuros(cost.amountCents)} × 1/2 = ${formatEuros(share)}`;
    return { lines: { ...none, EMPLOYMENT: line('EMPLOYMENT', 1, 2, employment, rule(employment)), WELLBEING: line('WELLBEING', 1, 2, wellbeing, rule(wellbeing)) } };
  };
  switch (cost.kind) {
    case 'LEADER_PAY':
    case 'LEADER_OPERATING':
      return fiftyFifty("Leader's costs, 50/50 employment authority and wellbeing county (Liite 6 a)");
    case 'INTERIM_DEPUTY':
      return fiftyFifty("Interim deputy between leaders, shared as the leader's costs (Liite 6 a)");
    case 'DEPUTY_SUBSTITUTION': {
      if (!cost.substitutionStartsOn || !cost.substitutionEndsOn) return { lines: none, notShared: 'substitution period missing' };
      const days = periodDays(cost.substitutionStartsOn, cost.substitutionEndsOn);
      if (days <= SUBSTITUTION_SHARED_AFTER_DAYS) {
        return { lines: none, notShared: `substitution of ${days} days is not over two weeks: the deputy's employer bears it (Liite 6 a)` };
      }
      return fiftyFifty(`Deputy substituting for ${days} days (over two weeks), shared as the leader's costs (Liite 6 a)`);
    }
    case 'DEVELOPMENT_DAY': {
      const p = cost.participants;
      if (!p) return { lines: none, notShared: 'development day not found' };
      const weights = PARTIES.map((party) => p[party]);
      const total = weights.reduce((a, b) => a + b, 0);
      if (total === 0) return { lines: none, notShared: 'no registered participants' };
      const shares = splitCents(cost.amountCents, weights);
      const lines = { ...none } as Record<Authority, InvoiceLine | undefined>;
      PARTIES.forEach((party, i) => {
        if (weights[i] === 0) return;
        lines[party] = line(party, weights[i], total, shares[i],
          `Development day by registered participants (Liite 6 b): ${formatEuros(cost.amountCents)} × ${weights[i]}/${total} = ${formatEuros(shares[i])}`);
      });
      return { lines };
    }
    default:
      return { lines: none, notShared: 'not a joint cost of Liite 6' };
  }
}

export interface QuarterInvoices {
  invoices: { party: Authority; totalCents: number; lines: InvoiceLine[] }[];
  notShared: (Omit<InvoiceLine, 'numerator' | 'denominator' | 'shareCents'> & { numerator: 0; denominator: 0; shareCents: 0 })[];
}

/**
 * The invoices of a billing run: each party's lines and total over `costs` (in the order given). A party
 * with no share gets no invoice. Every cost's shares add up to the cost exactly.
 */
export function quarterInvoices(costs: readonly CostForBilling[]): QuarterInvoices {
  const byParty = new Map<Authority, InvoiceLine[]>(PARTIES.map((p) => [p, []]));
  const notShared: QuarterInvoices['notShared'] = [];
  for (const cost of costs) {
    const share = shareOfCost(cost);
    if (share.notShared) {
      notShared.push({ costId: cost.id, kind: cost.kind, incurredOn: cost.incurredOn, description: cost.description, amountCents: cost.amountCents, numerator: 0, denominator: 0, shareCents: 0, rule: `Not shared: ${share.notShared}` });
      continue;
    }
    for (const party of PARTIES) if (share.lines[party]) byParty.get(party)!.push(share.lines[party]!);
  }
  return {
    invoices: PARTIES.filter((p) => byParty.get(p)!.length > 0).map((party) => ({
      party, lines: byParty.get(party)!, totalCents: byParty.get(party)!.reduce((sum, l) => sum + l.shareCents, 0),
    })),
    notShared,
  };
}

/** The first and last day of a quarter (`YYYY-MM-DD`). */
export function quarterDates(year: number, quarter: number): { startsOn: string; endsOn: string } {
  const startMonth = (quarter - 1) * 3;
  return {
    startsOn: new Date(Date.UTC(year, startMonth, 1)).toISOString().slice(0, 10),
    endsOn: new Date(Date.UTC(year, startMonth + 3, 0)).toISOString().slice(0, 10),
  };
}

/** Half-days of a development day: a full day is two (Liite 6 b: two full or four half days a year). */
export const halfDays = (length: 'FULL_DAY' | 'HALF_DAY') => (length === 'FULL_DAY' ? 2 : 1);
