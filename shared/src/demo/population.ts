// The deterministic demo population that every subgraph seeds its own register from: about 1,000
// customers (the caseload estimate of seed 003), the officials who serve them, and a random source per
// customer and register so that each subgraph can seed independently and still agree on who is who.
// Identity codes are artificial (individual numbers 900-999), never a real person's.
import { createHash } from 'node:crypto';
import { AreaId, COOPERATION_AREAS, areaOfMunicipality } from '../law/areas';
import type { Authority } from '../law/categories';
import { artificialPersonalIdentityCode } from '../hetu';
import { wholeNumberSetting } from '../settings';

/** How many demo customers to seed: DEMO_CUSTOMERS, default 1,000 (tests use fewer). */
export const demoCustomerCount = () => wholeNumberSetting(process.env, 'DEMO_CUSTOMERS', 1000, { min: 1 });

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
  /** The organisation unit of the joint service the official works for (token claim `org_unit`). */
  organisationUnit: string;
  area: AreaId;
  role: string;
  name: string;
}

const official = (authority: Authority, role: string, n: number, name: string, area: AreaId = 'KESKI_UUSIMAA'): DemoOfficial => ({
  id: `${authority.toLowerCase()}-${role.toLowerCase().replace(/_/g, '-')}-${area === 'KESKI_UUSIMAA' ? '' : `${area.toLowerCase().replace(/_/g, '-')}-`}${n}`,
  authority, organisationId: COOPERATION_AREAS[area].organisations[authority][0], organisationUnit: COOPERATION_AREAS[area].organisationUnits[authority][0],
  area, role, name,
});

/** Staff of the joint service of each area (roles from seed 003, Liite 2; Lapland's smaller, seed 002). */
export const DEMO_OFFICIALS: DemoOfficial[] = [
  ...[1, 2, 3, 4, 5, 6].map((n) => official('EMPLOYMENT', 'EMPLOYMENT_EXPERT', n, ['Aino Laine', 'Mikko Heinonen', 'Sari Koskinen', 'Jari Lehtonen', 'Hanna Salo', 'Timo Mäkelä'][n - 1])),
  official('EMPLOYMENT', 'PSYCHOLOGIST', 1, 'Laura Kallio'),
  official('EMPLOYMENT', 'WORK_ABILITY_COORDINATOR', 1, 'Pekka Virtanen'),
  official('EMPLOYMENT', 'SUPERVISOR', 1, 'Outi Kivelä'),
  ...[1, 2, 3, 4].map((n) => official('WELLBEING', 'SOCIAL_WORKER', n, ['Riikka Nieminen', 'Antti Hämäläinen', 'Kaisa Laaksonen', 'Ville Järvinen'][n - 1])),
  ...[1, 2].map((n) => official('WELLBEING', 'SOCIAL_INSTRUCTOR', n, ['Minna Lindholm', 'Juha Peltonen'][n - 1])),
  official('WELLBEING', 'PUBLIC_HEALTH_NURSE', 1, 'Elina Rantanen'),
  official('WELLBEING', 'WORK_ABILITY_COORDINATOR', 1, 'Tuomas Karjalainen'),
  ...[1, 2, 3, 4].map((n) => official('KELA', 'BENEFIT_DECISION_EXPERT', n, ['Satu Lehtinen', 'Markku Ojala', 'Johanna Aaltonen', 'Petri Saarinen'][n - 1])),
  official('KELA', 'SERVICE_EXPERT', 1, 'Heidi Mustonen'),
  // Lapland
  ...[1, 2].map((n) => official('EMPLOYMENT', 'EMPLOYMENT_EXPERT', n, ['Niilo Aikio', 'Kirsi Ylitalo'][n - 1], 'LAPLAND')),
  official('EMPLOYMENT', 'PSYCHOLOGIST', 1, 'Marja Palojärvi', 'LAPLAND'),
  official('WELLBEING', 'SOCIAL_WORKER', 1, 'Tiina Keskitalo', 'LAPLAND'),
  official('WELLBEING', 'PUBLIC_HEALTH_NURSE', 1, 'Jouni Magga', 'LAPLAND'),
  ...[1, 2].map((n) => official('KELA', 'BENEFIT_DECISION_EXPERT', n, ['Aila Rauhala', 'Esko Kangas'][n - 1], 'LAPLAND')),
];

/**
 * The officials of an authority who carry a caseload in an area (supervisors and service experts do not:
 * they lead the work or are consulted). `area` omitted: every area.
 */
export const officialsOf = (authority: Authority, area?: AreaId) => DEMO_OFFICIALS.filter((o) =>
  o.authority === authority && (area === undefined || o.area === area) && o.role !== 'SUPERVISOR' && o.role !== 'SERVICE_EXPERT');

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
  /** The official of each authority who is responsible for this customer, of the customer's area. */
  responsibleOfficials: Record<Authority, DemoOfficial>;
}

const FEMALE_NAMES = ['Anna', 'Maria', 'Helena', 'Johanna', 'Sanna', 'Kaisa', 'Laura', 'Emilia', 'Aino', 'Sofia', 'Elina', 'Tiina', 'Päivi', 'Minna', 'Noora', 'Venla'];
const MALE_NAMES = ['Juhani', 'Mikko', 'Antti', 'Matti', 'Ville', 'Jukka', 'Timo', 'Janne', 'Eero', 'Onni', 'Leevi', 'Petteri', 'Kalle', 'Sami', 'Tapio', 'Aleksi'];
const LAST_NAMES = ['Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen', 'Lehtonen', 'Lehtinen', 'Saarinen', 'Salminen', 'Heinonen', 'Niemi', 'Heikkilä', 'Kinnunen', 'Salonen', 'Turunen', 'Salo', 'Laitinen', 'Tuominen', 'Rantanen', 'Karjalainen', 'Jokinen', 'Mattila', 'Savolainen', 'Lahtinen', 'Ahonen'];
// Seven municipalities of two cooperation areas (../law/areas.ts): five of Keski-Uusimaa, two of Lapland,
// where every tenth demo customer lives (customers 9, 19, 29, ...).
export const MUNICIPALITIES = [
  { name: 'Järvenpää', postalCode: '04400', streets: ['Sibeliuksenkatu', 'Mannilantie', 'Asematie'] },
  { name: 'Kerava', postalCode: '04200', streets: ['Kauppakaari', 'Sampolantie', 'Kullervonkatu'] },
  { name: 'Tuusula', postalCode: '04300', streets: ['Hyrylänkatu', 'Jokelantie', 'Rykmentintie'] },
  { name: 'Mäntsälä', postalCode: '04600', streets: ['Helsingintie', 'Keskuskatu'] },
  { name: 'Pornainen', postalCode: '07170', streets: ['Pornaistentie', 'Laukkoskentie'] },
  { name: 'Rovaniemi', postalCode: '96100', streets: ['Koskikatu', 'Rovakatu', 'Pohjolankatu'] },
  { name: 'Kemi', postalCode: '94100', streets: ['Valtakatu', 'Keskuspuistokatu'] },
];
const MOTHER_TONGUES = ['fi', 'fi', 'fi', 'fi', 'fi', 'sv', 'ru', 'et', 'ar', 'so', 'en'];

function buildPopulation(count: number): DemoCustomer[] {
  const used = new Set<string>();
  const customers: DemoCustomer[] = [];
  // Round-robin within each area, so every official of an area has an equal caseload (seed 003: staffing
  // against caseload) and serves only customers of their own area.
  const served = new Map<string, number>();
  const next = (authority: Authority, area: AreaId) => {
    const staff = officialsOf(authority, area);
    const key = `${authority}|${area}`;
    const n = served.get(key) ?? 0;
    served.set(key, n + 1);
    return staff[n % staff.length];
  };
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
    // Every tenth customer (index 9, 19, ...) lives in Lapland, the others in Keski-Uusimaa.
    const area: AreaId = index % 10 === 9 ? 'LAPLAND' : 'KESKI_UUSIMAA';
    const municipality = random.pick(MUNICIPALITIES.filter((m) => areaOfMunicipality(m.name) === area));
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
      responsibleOfficials: {
        EMPLOYMENT: next('EMPLOYMENT', area),
        WELLBEING: next('WELLBEING', area),
        KELA: next('KELA', area),
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
