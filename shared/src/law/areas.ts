// Cooperation areas of the multi-agency joint service (monialaisen tuen yhteistoimintamalli), as data.
//
// A customer is served by the joint service of the area of their home municipality: the employment
// area (työllisyysalue, 381/2023 § 4) with the wellbeing services county and Kela's office that take
// part in its cooperation agreement (seed 003, Keski-Uusimaa; seed 002, Lapland). An official works for
// one organisation unit of one authority, named in their token (`org_unit`); the unit belongs to one
// area. Access rights are given "by title and task" only to those who need the data (seed 002 § 8;
// seed 004 § 10.1), so an official sees the customers of their own area only: for an official of
// another area the person is as if not a customer at all (621/1999 § 24).
import type { Authority } from './categories';

export interface CooperationArea {
  title: string;
  /** Where the area and its parties come from. */
  source: string;
  /** The municipalities of the area (home municipality, kotikunta, as in the population register). */
  municipalities: readonly string[];
  /**
   * The organisations (token claim `org_id`) of each authority that are parties to this area's joint service: the
   * area's employment authority and wellbeing services county, and Kela, which is one organisation everywhere.
   */
  organisations: Readonly<Record<Authority, readonly string[]>>;
  /** The organisation units of each authority that staff this area's joint service. */
  organisationUnits: Readonly<Record<Authority, readonly string[]>>;
}

export const COOPERATION_AREAS = {
  KESKI_UUSIMAA: {
    title: 'Keski-Uusimaa',
    source: 'seed 003: the cooperation agreement of the Keski-Uusimaa employment area (Järvenpää bills the joint costs)',
    municipalities: ['Järvenpää', 'Kerava', 'Mäntsälä', 'Pornainen', 'Tuusula'],
    organisations: { EMPLOYMENT: ['employment-area-keski-uusimaa'], WELLBEING: ['wellbeing-county-keski-uusimaa'], KELA: ['kela'] },
    organisationUnits: {
      EMPLOYMENT: ['employment-area-keski-uusimaa'],
      WELLBEING: ['wellbeing-county-keski-uusimaa'],
      KELA: ['kela-keski-uusimaa'],
    },
  },
  LAPLAND: {
    title: 'Lapland',
    source: "seed 002: Lapland's joint service (the Lapland employment office, Lapland's municipalities, Kela's Lapland insurance district)",
    municipalities: ['Rovaniemi', 'Kemi', 'Tornio', 'Kemijärvi', 'Sodankylä', 'Inari', 'Kittilä'],
    organisations: { EMPLOYMENT: ['employment-area-lapland'], WELLBEING: ['wellbeing-county-lapland'], KELA: ['kela'] },
    organisationUnits: {
      EMPLOYMENT: ['employment-area-lapland'],
      WELLBEING: ['wellbeing-county-lapland'],
      KELA: ['kela-lapland-insurance-district'],
    },
  },
} satisfies Record<string, CooperationArea>;

export type AreaId = keyof typeof COOPERATION_AREAS;
export const AREA_IDS = Object.keys(COOPERATION_AREAS) as AreaId[];

/** A municipality's name as compared: trimmed, composed (NFC: "ä" typed as a + U+0308 is "ä") and in lower case. */
const municipalityKey = (name: string) => name.trim().normalize('NFC').toLocaleLowerCase('fi');

const AREA_OF_MUNICIPALITY = new Map<string, AreaId>(
  AREA_IDS.flatMap((area) => COOPERATION_AREAS[area].municipalities.map((m) => [municipalityKey(m), area] as const)),
);
const NAME_OF_MUNICIPALITY = new Map<string, string>(
  AREA_IDS.flatMap((area) => COOPERATION_AREAS[area].municipalities.map((m) => [municipalityKey(m), m] as const)),
);

/**
 * The cooperation area of a home municipality (in any letter case, composed or not), or null when the
 * municipality is in no area this service knows: then no official may see the customer (deny by default).
 */
export function areaOfMunicipality(municipality: string | null | undefined): AreaId | null {
  if (!municipality) return null;
  return AREA_OF_MUNICIPALITY.get(municipalityKey(municipality)) ?? null;
}

/**
 * The municipality's name as the areas list spells it ("KERAVA", " kerava" → "Kerava"), so that one
 * municipality is stored under one name (the statistics by municipality, notices and reports group by it);
 * a name of no known area is returned as given (its admission is refused by the area rule anyway).
 */
export function canonicalMunicipality(municipality: string): string {
  return NAME_OF_MUNICIPALITY.get(municipalityKey(municipality)) ?? municipality;
}

/**
 * The area an official's organisation unit serves, or null when the unit is unknown, belongs to another
 * authority than the token's (a Kela token naming an employment area's unit serves nowhere), or is not a unit of
 * the token's organisation's area (`org_id` of Lapland's employment area with a unit of Keski-Uusimaa's: found by
 * an outsider; only an identity provider's mistake could issue it, and then it serves nowhere).
 */
export function areaOfOrganisationUnit(authority: Authority, unit: string | undefined, organisationId: string | undefined): AreaId | null {
  if (!unit || !organisationId) return null;
  return AREA_IDS.find((area) => (COOPERATION_AREAS[area].organisationUnits[authority] as readonly string[]).includes(unit)
    && (COOPERATION_AREAS[area].organisations[authority] as readonly string[]).includes(organisationId)) ?? null;
}
