// Date (YYYY-MM-DD) and DateTime (ISO 8601) scalars. Invalid input is rejected at validation time with
// a message that names the problem, before any resolver runs.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || !DATE.test(value)) throw new GraphQLError('Date must be a string of the form YYYY-MM-DD');
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw new GraphQLError(`Date ${value} is not a calendar date`);
  return date;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new GraphQLError('DateTime must be an ISO 8601 string with a time zone, e.g. 2026-03-01T09:30:00Z');
  }
  const date = new Date(value);
  const [, hour, minute] = /T(\d{2}):(\d{2})/.exec(value)!;
  // Date would quietly roll 2026-02-30 over to March and 24:00 into the next day: refuse both.
  if (Number.isNaN(date.getTime()) || Number(hour) > 23 || Number(minute) > 59) throw new GraphQLError(`DateTime ${value} is not a valid instant`);
  parseDate(value.slice(0, 10));
  return date;
}

// The text of Date.prototype.toISOString(), as the JSON loaders hand timestamps over (./json-rows.ts; dates
// come as YYYY-MM-DD).
const ISO_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const serialize = (length?: number) => (value: unknown) => {
  // Already the answer's text: no Date to build and format again (issue 11: one per date of every row).
  if (typeof value === 'string') {
    if (ISO_TEXT.test(value)) return length ? value.slice(0, length) : value;
    if (length === 10 && DATE.test(value)) return value;
  }
  const date = value instanceof Date ? value : new Date(String(value));
  const iso = date.toISOString();
  return length ? iso.slice(0, length) : iso;
};

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: serialize(10),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with a time zone.',
  serialize: serialize(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar };
