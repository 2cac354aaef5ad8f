// "Today" for every rule of the law is Finland's date: the officials, the customers and the consents live
// in Finland, and a consent that ended yesterday covers nothing from 00:00 Finnish time, not from 00:00 UTC
// (which is 02:00 or 03:00 in Finland). One place, so that no rule asks the UTC calendar by mistake.

const FINNISH_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' });

/**
 * Today's date in Finland as `YYYY-MM-DD` (Europe/Helsinki, summer time included).
 * @param now the moment to read the date of; defaults to the current time.
 */
export const todayInFinland = (now: Date = new Date()): string => FINNISH_DATE.format(now);

/**
 * The calendar day a stored date stands for, as `YYYY-MM-DD`. `@db.Date` columns come back as midnight
 * UTC of that day, so their UTC date is the day itself; a string is taken to start with the day.
 */
export const calendarDay = (value: Date | string): string =>
  (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);
