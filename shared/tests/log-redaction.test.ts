// Log lines go through pino: every string a line carries (message, field values, field keys, nested objects,
// arrays, errors, a logger's base fields) has its identity codes masked in every form a person may type
// them, and known sensitive fields are redacted whatever they hold.
import { artificialPersonalIdentityCode } from '../src/hetu';
import { createLogger, logLevelFromEnv, setLogDestination, setLogLevel } from '../src/log';

const code = artificialPersonalIdentityCode('1950-01-10', 956); // 100150-9560
const code2000 = artificialPersonalIdentityCode('2001-05-10', 950); // 100501A950C
const [head, tail] = [code.slice(0, 6), code.slice(7)];
const fullWidth = (text: string) => text.replace(/[0-9A-Z-]/g, (c) => String.fromCharCode(c === '-' ? 0xff0d : c.charCodeAt(0) + 0xfee0));

let lines: string[] = [];
let levelBefore: string;
beforeEach(() => {
  lines = [];
  levelBefore = setLogLevel('debug');
  setLogDestination({ write: (line: string) => lines.push(line) });
});
afterEach(() => {
  setLogDestination(undefined);
  setLogLevel(levelBefore);
});

const M = '[identity code]';
const forms: [string, string, string?][] = [
  ['plain', code],
  ['2000s century sign', code2000],
  ['lower case', code2000.toLowerCase()],
  ['spaces around the sign', `${head} - ${tail}`],
  ['a tab before the sign', `${head}\t-${tail}`],
  ['en dash', `${head}\u2013${tail}`],
  ['minus sign', `${head}\u2212${tail}`],
  ['full-width digits and dash', fullWidth(code)],
  ['glued to letters', `View_${code}Now`, `View_${M}Now`],
];

describe('every form of an identity code is masked wherever it stands in a line', () => {
  it.each(forms)('%s', (_form, text, masked = M) => {
    const log = createLogger({ service: `svc-${text}` }).child({ requestId: `req-${text}` });
    log.info(`message ${text}`, { value: text, [`key ${text}`]: 1, nested: { deeper: [text, { inArray: text }] }, error: new Error(`failed for ${text}`) });
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(line.endsWith('\n')).toBe(true);
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({
      level: 'info', service: `svc-${masked}`, requestId: `req-${masked}`, msg: `message ${masked}`,
      value: masked, [`key ${masked}`]: 1,
    });
    expect(entry.nested.deeper[0]).toContain('[identity code]');
    expect(entry.error).toEqual({ type: 'Error', message: `failed for ${masked}` });
    for (const raw of [text, code, code2000, `${head}`, tail]) expect(line).not.toContain(raw);
  });
});

it('redacts sensitive fields at the top level and one level down, whatever they hold', () => {
  createLogger({ service: 'gateway' }).warn('refused', {
    authorization: 'Bearer abc.def.ghi', variables: { note: 'diagnosis' }, lastName: 'Virtanen',
    request: { authorization: 'Bearer x', body: '{"secret":1}', personalIdentityCode: 'not even a code' },
    path: '/internal/consents',
  });
  const entry = JSON.parse(lines[0]);
  expect(entry).toMatchObject({
    level: 'warn', service: 'gateway', msg: 'refused', path: '/internal/consents',
    authorization: '[redacted]', variables: '[redacted]', lastName: '[redacted]',
    request: { authorization: '[redacted]', body: '[redacted]', personalIdentityCode: '[redacted]' },
  });
  for (const value of ['abc.def.ghi', 'diagnosis', 'Virtanen', 'Bearer x', 'not even a code']) expect(lines[0]).not.toContain(value);
});

it('keeps ids, numbers and the time as they are', () => {
  const id = '1e012345-6789-4abc-8def-0123456789ab';
  createLogger({ service: 'subgraph-joint' }).info('request', { customerId: id, ms: 12, ok: true });
  const entry = JSON.parse(lines[0]);
  expect(entry).toMatchObject({ customerId: id, ms: 12, ok: true });
  expect(new Date(entry.time).toISOString()).toBe(entry.time);
});

it('writes nothing below the level, and LOG_LEVEL names the level', () => {
  setLogLevel('warn');
  const log = createLogger({ service: 'gateway' });
  log.debug('d');
  log.info('i');
  log.warn('w');
  log.error('e');
  expect(lines.map((line) => JSON.parse(line).level)).toEqual(['warn', 'error']);
  setLogLevel('silent');
  log.error('nothing');
  expect(lines).toHaveLength(2);
  expect(logLevelFromEnv('debug')).toBe('debug');
  expect(logLevelFromEnv('silent')).toBe('silent');
  expect(logLevelFromEnv(undefined)).toBe('info');
  expect(logLevelFromEnv('verbose')).toBe('info');
});
