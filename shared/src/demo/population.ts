// The deterministic demo population that every subgraph seeds its own register from: about 1,000
// customers (the caseload estimate of seed 003), the officials who serve them, and a random source per
// customer and register so that each subgraph can seed independently and still agree on who is who.
// Identity codes are artificial (individual numbers 900-999), never a real person's.
import { createHash } from 'node:crypto';
import type { Authority } from '../law/categories';
import { artificialPersonalIdentityCode } from '../hetu';

/** How many demo customers to seed: DEMO_CUSTOMERS, default 1,000 (tests use fewer). */
export const demoCustomerCount = () => Number(process.env.DEMO_CUSTOMERS ?? 1000);

/** A small seeded random source (mulberry32): the same seed gives the same demo data everywhere. */
export class Random {
  private state: number;
  constructor(seed: string) {
    this.state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  }
  next(): number {
    let t = (this.state += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  some<T>(items: readonly T[], min: number, max: number): T[] {
    const count = Math.min(items.length, this.int(min, max));
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }
  /** A date `daysBack` days before the reference date at most, as YYYY-MM-DD. */
  dateWithin(daysBack: number, from = DEMO_TODAY): string {
    return addDays(from, -this.int(0, daysBack));
  }
  /** A stable UUID-shaped id. */
  id(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** The demo world's "today", so that seeded data does not depend on the day it was seeded. */
export const DEMO_TODAY = '2026-11-01';

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface DemoOfficial {
  id: string;
  authority: Authority;
  organisationId: string;
  role: string;
  name: string;
}

export const DEMO_ORGANISATIONS: Record<Authority, string> = {
  EMPLOYMENT: 'employment-area-uusimaa',
  WELLBEING: 'wellbeing-county-uusimaa',
  KELA: 'kela',
};

const official = (authority: Authority, role: string, n: number, name: string): DemoOfficial => ({
  id: `${authority.toLowerCase()}-${role.toLowerCase().replace(/_/g, '-')}-${n}`,
  authority, organisationId: DEMO_ORGANISATIONS[authority], role, name,
});

/** Staff of the joint service (roles from seed 003, Liite 2). */
export const DEMO_OFFICIALS: DemoOfficial[] = [
  ...[1, 2, 3, 4, 5, 6].map((n) => official('EMPLOYMENT', 'EMPLOYMENT_EXPERT', n, ['Aino Laine', 'Mikko Heinonen', 'Sari Koskinen', 'Jari Lehtonen', 'Hanna Salo', 'Timo Mäkelä'][n - 1])),
  official('EMPLOYMENT', 'PSYCHOLOGIST', 1, 'Laura Kallio'),
  official('EMPLOYMENT', 'WORK_ABILITY_COORDINATOR', 1, 'Pekka Virtanen'),
  ...[1, 2, 3, 4].map((n) => official('WELLBEING', 'SOCIAL_WORKER', n, ['Riikka Nieminen', 'Antti Hämäläinen', 'Kaisa Laaksonen', 'Ville Järvinen'][n - 1])),
  ...[1, 2].map((n) => official('WELLBEING', 'SOCIAL_INSTRUCTOR', n, ['Minna Lindholm', 'Juha Peltonen'][n - 1])),
  official('WELLBEING', 'PUBLIC_HEALTH_NURSE', 1, 'Elina Rantanen'),
  official('WELLBEING', 'WORK_ABILITY_COORDINATOR', 1, 'Tuomas Karjalainen'),
  ...[1, 2, 3, 4].map((n) => official('KELA', 'BENEFIT_DECISION_EXPERT', n, ['Satu Lehtinen', 'Markku Ojala', 'Johanna Aaltonen', 'Petri Saarinen'][n - 1])),
];

export const officialsOf = (authority: Authority) => DEMO_OFFICIALS.filter((o) => o.authority === authority);

export interface DemoCustomer {
  index: number;
  id: string;
  firstNames: string;
  lastName: string;
  birthDate: string;
  gender: 'FEMALE' | 'MALE' | 'OTHER';
  personalIdentityCode: string;
  homeMunicipality: string;
  streetAddress: string;
  postalCode: string;
  postOffice: string;
  phone: string;
  email: string;
  motherTongue: string;
  customershipStartedOn: string;
  /** The official of each authority who is responsible for this customer. */
  responsibleOfficials: Record<Authority, DemoOfficial>;
}

const FEMALE_NAMES = ['Anna', 'Maria', 'Helena', 'Johanna', 'Sanna', 'Kaisa', 'Laura', 'Emilia', 'Aino', 'Sofia', 'Elina', 'Tiina', 'Päivi', 'Minna', 'Noora', 'Venla'];
const MALE_NAMES = ['Juhani', 'Mikko', 'Antti', 'Matti', 'Ville', 'Jukka', 'Timo', 'Janne', 'Eero', 'Onni', 'Leevi', 'Petteri', 'Kalle', 'Sami', 'Tapio', 'Aleksi'];
const LAST_NAMES = ['Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen', 'Lehtonen', 'Lehtinen', 'Saarinen', 'Salminen', 'Heinonen', 'Niemi', 'Heikkilä', 'Kinnunen', 'Salonen', 'Turunen', 'Salo', 'Laitinen', 'Tuominen', 'Rantanen', 'Karjalainen', 'Jokinen', 'Mattila', 'Savolainen', 'Lahtinen', 'Ahonen'];
export const MUNICIPALITIES = [
  { name: 'Helsinki', postalCode: '00500', streets: ['Hämeentie', 'Mannerheimintie', 'Sturenkatu', 'Itäkatu'] },
  { name: 'Espoo', postalCode: '02100', streets: ['Tapiontori', 'Leppävaarankatu', 'Kirkkojärventie'] },
  { name: 'Vantaa', postalCode: '01300', streets: ['Tikkurilantie', 'Myyrmäenraitti', 'Korsontie'] },
  { name: 'Kerava', postalCode: '04200', streets: ['Kauppakaari', 'Sampolantie'] },
  { name: 'Järvenpää', postalCode: '04400', streets: ['Sibeliuksenkatu', 'Mannilantie'] },
  { name: 'Tuusula', postalCode: '04300', streets: ['Hyrylänkatu', 'Jokelantie'] },
  { name: 'Porvoo', postalCode: '06100', streets: ['Mannerheiminkatu', 'Runeberginkatu'] },
];
const MOTHER_TONGUES = ['fi', 'fi', 'fi', 'fi', 'fi', 'sv', 'ru', 'et', 'ar', 'so', 'en'];

function buildPopulation(count: number): DemoCustomer[] {
  const used = new Set<string>();
  const customers: DemoCustomer[] = [];
  const employment = officialsOf('EMPLOYMENT');
  const wellbeing = officialsOf('WELLBEING');
  const kela = officialsOf('KELA');
  for (let index = 0; index < count; index++) {
    const random = new Random(`customer:${index}`);
    const gender = random.chance(0.49) ? 'FEMALE' : random.chance(0.98) ? 'MALE' : 'OTHER';
    const firstNames = random.some(gender === 'FEMALE' ? FEMALE_NAMES : MALE_NAMES, 1, 2).join(' ');
    const lastName = random.pick(LAST_NAMES);
    let birthDate: string;
    let code: string;
    do {
      birthDate = addDays('1966-01-01', random.int(0, 365 * 40));
      code = artificialPersonalIdentityCode(birthDate, random.int(900, 999));
    } while (used.has(code));
    used.add(code);
    const municipality = random.pick(MUNICIPALITIES);
    customers.push({
      index,
      id: random.id(),
      firstNames,
      lastName,
      birthDate,
      gender,
      personalIdentityCode: code,
      homeMunicipality: municipality.name,
      streetAddress: `${random.pick(municipality.streets)} ${random.int(1, 60)} ${random.chance(0.6) ? `A ${random.int(1, 40)}` : ''}`.trim(),
      postalCode: municipality.postalCode,
      postOffice: municipality.name.toUpperCase(),
      phone: `+358 40 ${random.int(100, 999)} ${random.int(1000, 9999)}`,
      email: `${firstNames.split(' ')[0].toLowerCase()}.${lastName.toLowerCase()}@example.fi`.replace(/[äå]/g, 'a').replace(/ö/g, 'o'),
      motherTongue: random.pick(MOTHER_TONGUES),
      customershipStartedOn: random.dateWithin(900),
      // Round-robin, so every official has an equal caseload (seed 003: staffing against caseload).
      responsibleOfficials: {
        EMPLOYMENT: employment[index % employment.length],
        WELLBEING: wellbeing[index % wellbeing.length],
        KELA: kela[index % kela.length],
      },
    });
  }
  return customers;
}

let cached: DemoCustomer[] | undefined;
export function demoPopulation(): DemoCustomer[] {
  if (!cached || cached.length !== demoCustomerCount()) cached = buildPopulation(demoCustomerCount());
  return cached;
}

/** A random source for one customer's data in one register. */
export const randomFor = (customer: DemoCustomer, register: string) => new Random(`${register}:${customer.index}`);
