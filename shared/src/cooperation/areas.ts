// The statistics' areas: each home municipality belongs to one employment area (työllisyysalue, from
// 2025). A demo mapping of the demo population's municipalities; when the cooperation areas of the law
// (shared/src/law) name a customer's area, `areaOfMunicipality` should ask them instead.
export const EMPLOYMENT_AREAS: Record<string, string> = {
  Helsinki: 'Helsinki employment area',
  Espoo: 'Espoo region employment area',
  Vantaa: 'Vantaa employment area',
  Kerava: 'Keski-Uusimaa employment area',
  Järvenpää: 'Keski-Uusimaa employment area',
  Tuusula: 'Keski-Uusimaa employment area',
  Porvoo: 'Itä-Uusimaa employment area',
};

/** The area of a home municipality; municipalities outside the mapping count under "Other areas". */
export const areaOfMunicipality = (municipality: string) => EMPLOYMENT_AREAS[municipality] ?? 'Other areas';
