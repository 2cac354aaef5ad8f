// The four registers and the ports each service listens on by default: its own module, with no imports, so that
// `npm start` (scripts/start.ts, ./launcher.ts) can check the ports before anything starts without loading what
// ./subgraphs.ts does (the subgraphs' SDL and its classification).
import type { Register } from './law/categories';

export interface SubgraphInfo {
  name: string;
  register: Register;
  defaultPort: number;
}

export const SUBGRAPHS: SubgraphInfo[] = [
  { name: 'joint', register: 'JOINT', defaultPort: 4101 },
  { name: 'employment', register: 'EMPLOYMENT', defaultPort: 4102 },
  { name: 'wellbeing', register: 'WELLBEING', defaultPort: 4103 },
  { name: 'kela', register: 'KELA', defaultPort: 4104 },
];

/** The gateway's port unless GATEWAY_PORT (or PORT) says otherwise. */
export const GATEWAY_DEFAULT_PORT = 4000;
