// The Finnish personal identity code (henkilötunnus): DDMMYYCZZZQ.
// C is the century sign (the letters Y-U and B-F have been in use since 2023), ZZZ the individual
// number (900-999 for artificial codes, the only ones demo and test data may use), Q the check
// character: DDMMYYZZZ modulo 31 looked up in CHECK_CHARACTERS. See shared DOMAIN.md.

import { todayInFinland } from './law/today';

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

const CENTURY_BY_SIGN: Record<string, number> = {
  '+': 1800,
  '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900,
  A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000,
};

const SHAPE = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/;

export type IdentityCodeCheck =
  | { valid: true; birthDate: string; individualNumber: number; artificial: boolean }
  | { valid: false; reason: string };

/** Checks shape, century sign, date and check character; the reason never echoes the code itself. */
export function checkPersonalIdentityCode(code: string): IdentityCodeCheck {
  const match = SHAPE.exec(code);
  if (!match) {
    return { valid: false, reason: 'must have the form DDMMYYCZZZQ (C one of + - Y X W V U A B C D E F)' };
  }
  const [, dd, mm, yy, sign, zzz, check] = match;
  const year = CENTURY_BY_SIGN[sign] + Number(yy);
  const day = Number(dd);
  const month = Number(mm);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { valid: false, reason: 'does not contain a valid date of birth' };
  }
  // Nobody is born after today (in Finland): a future date is as impossible as 30 February, and gets the
  // same answer (e.g. 010150A9500, or a 1900s code typed with a 2000s century sign).
  if (date.toISOString().slice(0, 10) > todayInFinland()) {
    return { valid: false, reason: 'does not contain a valid date of birth' };
  }
  const individualNumber = Number(zzz);
  if (individualNumber < 2) return { valid: false, reason: 'has an individual number below 002' };
  if (CHECK_CHARACTERS[Number(dd + mm + yy + zzz) % 31] !== check) {
    return { valid: false, reason: 'has a wrong check character' };
  }
  return {
    valid: true,
    birthDate: date.toISOString().slice(0, 10),
    individualNumber,
    artificial: individualNumber >= 900,
  };
}

/** Builds an artificial code (individual number 900-999) for demo and test data. */
export function artificialPersonalIdentityCode(birthDate: string, individualNumber: number): string {
  if (individualNumber < 900 || individualNumber > 999) {
    throw new Error('artificial identity codes use individual numbers 900-999 only');
  }
  const [year, month, day] = birthDate.split('-').map(Number);
  const yy = String(year % 100).padStart(2, '0');
  const sign = year < 1900 ? '+' : year < 2000 ? '-' : 'A';
  const dd = String(day).padStart(2, '0');
  const mm = String(month).padStart(2, '0');
  const zzz = String(individualNumber);
  return `${dd}${mm}${yy}${sign}${zzz}${CHECK_CHARACTERS[Number(dd + mm + yy + zzz) % 31]}`;
}
