// Who is in rehabilitative work activity (kuntouttava työtoiminta, 189/2001) in the demo world, and the
// activation plan agreed for it. The plan is kept both in the social-welfare register and in the
// employment authority's register (189/2001 § 12), so both seeds derive it from this one recipe.
import { DemoCustomer, Random, addDays } from './population';

export const ACTIVATION_PLACES = ['Työpaja Helsinki', 'Espoon työkeskus', 'Vantaan kierrätyskeskus', 'Keravan nuorten työpaja', 'Porvoon työtoimintakeskus'] as const;
export const ACTIVATION_GOALS = ['Daily rhythm and working-life skills', 'Return to training', 'Clarify work ability', 'Social inclusion and confidence'] as const;

/** Dates are YYYY-MM-DD. */
export interface DemoActivationPlan {
  /** The same plan id in both registers. */
  id: string;
  drawnUpOn: string;
  daysPerWeek: number;
  hoursPerDay: number;
  placeName: string;
  goals: string;
  periodStart: string;
  periodEnd: string;
  nextReviewOn: string;
}

/** The customer's activation plan, or null when the customer is not in rehabilitative work activity (15 %). */
export function demoActivationPlan(customer: DemoCustomer): DemoActivationPlan | null {
  const r = new Random(`activation:${customer.index}`);
  if (!r.chance(0.15)) return null;
  const drawnUpOn = addDays(customer.customershipStartedOn, r.int(20, 120));
  const daysPerWeek = r.int(1, 4);
  const hoursPerDay = r.int(4, 6);
  const placeName = r.pick(ACTIVATION_PLACES);
  const goals = r.pick(ACTIVATION_GOALS);
  const periodStart = drawnUpOn;
  const periodEnd = addDays(drawnUpOn, r.int(90, 365));
  // The first review three months after the start of the period.
  const nextReviewOn = addDays(periodStart, 90);
  return { id: r.id(), drawnUpOn, daysPerWeek, hoursPerDay, placeName, goals, periodStart, periodEnd, nextReviewOn };
}
