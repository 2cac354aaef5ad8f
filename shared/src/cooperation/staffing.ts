// Staffing against the caseload (seed 003 Liite 2): each party staffs the cooperation model in
// proportion to the number of customers who need it, reviewed at least once a year. Full-time
// equivalents (htv) are kept as integer hundredths, so that totals are exact.
import type { Authority } from '../law/categories';
import { invalidInput } from '../graphql/errors';

/** "2.5" or "2,5" → 250 hundredths. Errors: BAD_USER_INPUT naming `field` (0-1000 FTE, two decimals at most). */
export function parseFte(field: string, text: string): number {
  const match = /^(\d{1,4})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) throw invalidInput(field, 'must be a number of full-time equivalents with at most two decimals, e.g. "2.5"');
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  if (hundredths > 100_000) throw invalidInput(field, 'must be at most 1000');
  return hundredths;
}

export const fteOf = (hundredths: number) => hundredths / 100;

export interface Liite2Row {
  party: Authority;
  /** The annex's title (nimike), as written there. */
  title: string;
  roleCertificate: string | null;
  /** FTE in 2024 and on 1.1.2025, in hundredths; null where the annex's cell is empty. */
  fte2024: number | null;
  fte2025: number | null;
  note2024?: string;
  /** False where the annex says the resource is not counted in the 2024 total. */
  counted2024?: boolean;
}

/**
 * Liite 2's table "Henkilöstömäärä suhteessa asiakasmäärään (päivitetty 28.9.2024)", row by row.
 * Totals: 15.9 FTE in 2024 (the social instructor lent to the wellbeing county's work-ability network is
 * not counted), 22.7 FTE on 1.1.2025.
 */
export const LIITE_2: Liite2Row[] = [
  { party: 'EMPLOYMENT', title: 'TE-asiantuntija', roleCertificate: 'EMPLOYMENT_EXPERT', fte2024: 250, fte2025: 800, note2024: '¹ The number of TE experts grew by 0.5 FTE during 2024' },
  { party: 'EMPLOYMENT', title: 'TE-työkykykoordinaattori', roleCertificate: 'WORK_ABILITY_COORDINATOR', fte2024: 50, fte2025: 50 },
  { party: 'EMPLOYMENT', title: 'TE-psykologi', roleCertificate: 'PSYCHOLOGIST', fte2024: 50, fte2025: 100 },
  { party: 'EMPLOYMENT', title: 'TE-esihenkilö', roleCertificate: 'SUPERVISOR', fte2024: 20, fte2025: 50 },
  { party: 'WELLBEING', title: 'Sosiaaliohjaaja', roleCertificate: 'SOCIAL_INSTRUCTOR', fte2024: 500, fte2025: 500 },
  { party: 'WELLBEING', title: 'Sosiaalityöntekijä', roleCertificate: 'SOCIAL_WORKER', fte2024: 400, fte2025: 400 },
  { party: 'WELLBEING', title: 'Terveydenhoitaja', roleCertificate: 'PUBLIC_HEALTH_NURSE', fte2024: 200, fte2025: 200 },
  { party: 'WELLBEING', title: 'Työkykykoordinaattori, terveydenhoitaja (sos. ohjaaja)', roleCertificate: 'WORK_ABILITY_COORDINATOR', fte2024: 100, fte2025: 50,
    note2024: "² The joint service's resting social instructor resource, lent for 2024 to the wellbeing county's work-ability support network; not counted in the 2024 total", counted2024: false },
  { party: 'WELLBEING', title: 'HVA-esihenkilö', roleCertificate: 'SUPERVISOR', fte2024: 60, fte2025: 60 },
  { party: 'KELA', title: 'Ratkaisuasiantuntija', roleCertificate: 'BENEFIT_DECISION_EXPERT', fte2024: 60, fte2025: 60 },
  { party: 'KELA', title: 'Palveluasiantuntija', roleCertificate: 'SERVICE_EXPERT', fte2024: 0, fte2025: null },
  { party: 'KELA', title: 'Kela-esihenkilö', roleCertificate: 'SUPERVISOR', fte2024: null, fte2025: null },
];

/** Liite 2's caseload estimate: the steering group's estimate of 1,000 customers on 1.1.2025, and its sources. */
export const LIITE_2_ESTIMATE = {
  appliesOn: '2025-01-01',
  customers: 1000,
  updatedOn: '2024-09-28',
  sources: [
    'Act 381/2023 and Decree 388/2024',
    'Job seekers in May 2024 (Ministry of Economic Affairs and Employment, TEM)',
    'National Audit Office audit report 16/2023: employment services of the hard-to-employ (vtv.fi)',
    "Municipalities' information packages, TEM (tem.fi/kuntien-tietopaketit)",
  ],
};
