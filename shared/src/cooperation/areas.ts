// The statistics' areas: the cooperation area of each home municipality, as the law's areas name it
// (shared/src/law/areas.ts). The statistics count the model's area only (./statistics.ts statisticsPopulation).
import { COOPERATION_AREAS, areaOfMunicipality as lawArea } from '../law/areas';

/** The title of the cooperation area of a home municipality. */
export const areaOfMunicipality = (municipality: string) => {
  const area = lawArea(municipality);
  return area ? COOPERATION_AREAS[area].title : 'No cooperation area';
};

/**
 * The area whose cooperation agreement the staffing, governance and cost data describe: the demo model is
 * Keski-Uusimaa's (seed 003). The caseload per FTE compares its staffing with its own customers.
 */
export const STAFFING_AREA = 'KESKI_UUSIMAA' as const;
