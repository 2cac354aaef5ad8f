// Input checks shared by every mutation: each failure names the field and what is wrong with it.
import { invalidInput } from './graphql/errors';
import { todayInFinland } from './law/today';
import { containsIdentityCode, maskIdentityCodes } from './log';

export const MAX_TEXT = 4000;
export const MAX_NAME = 200;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORGANISATION_ID = /^[a-z0-9][a-z0-9._-]{1,79}$/;

export function requireId(field: string, value: string): string {
  if (!ID.test(value)) throw invalidInput(field, 'must be an id of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx');
  return value.toLowerCase();
}

export function requireText(field: string, value: string, max = MAX_TEXT): string {
  // PostgreSQL text cannot hold NUL, and no human text needs other control characters but line breaks and tabs.
  // DEL and the C1 controls (U+007F-U+009F, NEL among them) no more than the C0 ones.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(value)) throw invalidInput(field, 'must not contain control characters');
  // A lone surrogate is no character: it was stored as U+FFFD, so the text kept was not the text sent.
  if (/\p{Surrogate}/u.test(value)) throw invalidInput(field, 'must be valid Unicode (a lone surrogate is not a character)');
  // Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) make stored text read differently from
  // what it holds (a name or a reason shown reversed to the next official): no human text needs them.
  if (/[\u202A-\u202E\u2066-\u2069]/.test(value)) throw invalidInput(field, 'must not contain bidirectional control characters (U+202A-U+202E, U+2066-U+2069)');
  // Invisible characters (zero-width space, joiners and marks, word joiner, byte-order mark) make two names
  // that look the same differ ("Matti" and "Ma\u200Btti"): a look-alike of another person's record.
  if (/[\u200B-\u200F\u2060\uFEFF]/.test(value)) throw invalidInput(field, 'must not contain invisible characters (U+200B-U+200F, U+2060, U+FEFF)');
  const text = value.trim();
  if (!text) throw invalidInput(field, 'must not be empty');
  if (text.length > max) throw invalidInput(field, `must be at most ${max} characters`);
  // A personal identity code belongs in the identification data only, never in free text (DOMAIN.md rule 7).
  const masked = maskIdentityCodes(text);
  // What is stored is the masked text, and it is what other registers check against the same limit (a final
  // report's end reason in the employment register): "[identity code]" is 4 characters longer than a code.
  if (masked.length > max) throw invalidInput(field, `must be at most ${max} characters once each personal identity code in it is replaced by "[identity code]"`);
  return masked;
}

export function optionalText(field: string, value: string | null | undefined, max = MAX_TEXT): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : requireText(field, value, max);
}

export function requireOrganisationId(field: string, value: string): string {
  if (!ORGANISATION_ID.test(value)) throw invalidInput(field, 'must be 2-80 characters of a-z, 0-9, ".", "_" or "-"');
  // An organisation id is stored and printed as it is: it must not carry a person's identity code.
  if (containsIdentityCode(value)) throw invalidInput(field, 'must not contain a personal identity code');
  return value;
}

export function requireOneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw invalidInput(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function requireNotAfter(field: string, earlier: Date, later: Date, laterName: string) {
  if (earlier.getTime() > later.getTime()) throw invalidInput(field, `must not be after ${laterName}`);
}

export function requireWithinYears(field: string, date: Date, years: number) {
  const limit = Date.now() + years * 366 * 24 * 3600 * 1000;
  if (date.getTime() > limit || date.getTime() < Date.UTC(1990, 0, 1)) throw invalidInput(field, `must be between 1990 and ${years === 1 ? 'one year' : `${years} years`} from now`);
}

/**
 * Today's date (YYYY-MM-DD) in Finland, where officials enter the dates: after 22:00 UTC (21:00 in summer)
 * it is already tomorrow there, and a record made then is not "in the future". Defined with the law's
 * other notion of today in ./law/today.ts.
 */
export { todayInFinland };

/** Records describe what has happened: a date after today in Finland is a typing error, not a plan. */
export function requireNotInFuture(field: string, date: Date) {
  if (date.toISOString().slice(0, 10) > todayInFinland()) throw invalidInput(field, 'must not be in the future');
}
