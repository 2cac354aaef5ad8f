// Numeric settings (shared/src/settings.ts): a value set but not a whole number in range stops the start,
// naming the variable. Before, `Number("nine")` was NaN and every comparison with NaN false, so a typo
// switched a limit off: MAX_QUERY_DEPTH=nine admitted any depth, AUTH_MAX_TOKEN_LIFETIME_SECONDS=8h tokens of
// any lifetime, REGISTER_NOTICE_RETRY_MS=30s ran the joint register's outbox rounds every millisecond.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { authConfigFromEnv } from '../shared/src/auth/config';
import { startSubgraph } from '../shared/src/graphql/run';
import { identityCodeLookupRateFromEnv, operationLimitsFromEnv } from '../shared/src/graphql/limits';
import { checkNodeEnv, introspectionWanted, MAX_TIMER_MS, onOffSetting, wholeNumberSetting } from '../shared/src/settings';
import { checkLogLevel } from '../shared/src/log';
import { statisticsMinimum } from '../shared/src/cooperation/statistics';
import { admissionOptionsFromEnv } from '../gateway/src/admission';
import { noticeTimingFromEnv } from '../subgraphs/joint/src/home-municipality-notices';
import { postGraphQL, subgraphModule, tokenFor } from './support/system';
import { registerDataLocation, subgraphUrlByName } from '../shared/src/subgraphs';

const REPO_ROOT = join(__dirname, '..');

describe('a whole-number setting', () => {
  it('is its default when unset or empty, and the number when it is a whole number in range', () => {
    expect(wholeNumberSetting({}, 'X', 7)).toBe(7);
    expect(wholeNumberSetting({ X: '' }, 'X', 7)).toBe(7);
    expect(wholeNumberSetting({ X: '  ' }, 'X', 7)).toBe(7);
    expect(wholeNumberSetting({ X: '12' }, 'X', 7)).toBe(12);
    expect(wholeNumberSetting({ X: '0' }, 'X', 7)).toBe(0);
    expect(wholeNumberSetting({ X: '65535' }, 'X', 7, { min: 0, max: 65_535 })).toBe(65_535);
  });

  it('is refused, naming the variable, the range and the value, when it is anything else', () => {
    for (const value of ['nine', '8h', '1.5', '1e3', '0x10', ' 12', '12 ', '-1', 'NaN', 'Infinity']) {
      expect(() => wholeNumberSetting({ X: value }, 'X', 7)).toThrow(`X must be a whole number of at least 0, not "${value}"`);
    }
    expect(() => wholeNumberSetting({ X: '0' }, 'X', 7, { min: 1 })).toThrow('X must be a whole number of at least 1, not "0"');
    expect(() => wholeNumberSetting({ X: '65536' }, 'X', 7, { min: 0, max: 65_535 })).toThrow('X must be a whole number from 0 to 65535, not "65536"');
  });
});

describe('an on/off setting and NODE_ENV', () => {
  it('take on, off, unset and empty; the known NODE_ENVs', () => {
    expect(onOffSetting({}, 'X', true)).toBe(true);
    expect(onOffSetting({ X: '' }, 'X', false)).toBe(false);
    expect(onOffSetting({ X: 'on' }, 'X', false)).toBe(true);
    expect(onOffSetting({ X: 'off' }, 'X', true)).toBe(false);
    expect(introspectionWanted({})).toBe(true);
    expect(introspectionWanted({ NODE_ENV: 'production' })).toBe(false);
    expect(introspectionWanted({ NODE_ENV: 'production', INTROSPECTION: 'on' })).toBe(true);
    for (const value of [undefined, '', 'development', 'test', 'production']) expect(() => checkNodeEnv({ NODE_ENV: value })).not.toThrow();
  });

  it('refuse anything else, naming the variable: a typo of production ran with its protections off', () => {
    for (const value of ['true', 'yes', 'ON', ' on']) expect(() => onOffSetting({ X: value }, 'X', true)).toThrow(`X must be "on" or "off" (or unset), not "${value}"`);
    for (const value of ['prod', 'Production', 'production ', 'staging']) {
      expect(() => checkNodeEnv({ NODE_ENV: value })).toThrow(`NODE_ENV must be "production", "development" or "test" (or unset: development), not "${value}"`);
    }
  });

  it("LOG_LEVEL: pino's levels or unset; a typo stops the start (it ran at info without a word)", () => {
    for (const value of [undefined, '', 'trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']) expect(() => checkLogLevel({ LOG_LEVEL: value })).not.toThrow();
    for (const value of ['warning', 'DEBUG', 'verbose', 'info ']) {
      expect(() => checkLogLevel({ LOG_LEVEL: value })).toThrow(`LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (or unset: info), not "${value}"`);
    }
  });
});

describe('the settings that guard the law and the limits', () => {
  it('take a well-formed value', () => {
    expect(operationLimitsFromEnv({ MAX_QUERY_DEPTH: '5', MAX_QUERY_COST: '1000' })).toEqual(expect.objectContaining({ maxDepth: 5, maxCost: 1000 }));
    expect(authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).maxTokenLifetimeSeconds).toBe(3600);
    expect(identityCodeLookupRateFromEnv({ IDENTITY_CODE_LOOKUP_LIMIT: '5' })).toEqual({ lookups: 5, windowSeconds: 60 });
    expect(noticeTimingFromEnv({ REGISTER_NOTICE_RETRY_MS: '400' })).toEqual({ timeoutMs: 2000, retryMs: 400 });
    // Blank is unset: the default bound, not 0 ("no bound"); 0 written out still means no bound.
    expect(admissionOptionsFromEnv({ GATEWAY_MAX_OPERATIONS_PER_CALLER: ' ' }).maxPerCaller).toBe(32);
    expect(admissionOptionsFromEnv({ GATEWAY_MAX_OPERATIONS_PER_CALLER: '0' }).maxPerCaller).toBe(0);
    expect(statisticsMinimum({ STATISTICS_MIN_COUNT: '' })).toBe(5);
    expect(statisticsMinimum({ STATISTICS_MIN_COUNT: '10' })).toBe(10);
  });

  it('refuse a typo instead of switching the limit off', () => {
    expect(() => operationLimitsFromEnv({ MAX_QUERY_DEPTH: 'nine' })).toThrow('MAX_QUERY_DEPTH must be a whole number of at least 1, not "nine"');
    expect(() => operationLimitsFromEnv({ MAX_QUERY_DEPTH: '0' })).toThrow('MAX_QUERY_DEPTH must be');
    expect(() => operationLimitsFromEnv({ MAX_QUERY_COST: '500k' })).toThrow('MAX_QUERY_COST must be');
    expect(() => operationLimitsFromEnv({ MAX_ENTITY_REPRESENTATIONS: 'all' })).toThrow('MAX_ENTITY_REPRESENTATIONS must be');
    expect(() => authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '8h' })).toThrow('AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a whole number of at least 1, not "8h"');
    expect(() => identityCodeLookupRateFromEnv({ IDENTITY_CODE_LOOKUP_LIMIT: 'thirty' })).toThrow('IDENTITY_CODE_LOOKUP_LIMIT must be');
    expect(() => noticeTimingFromEnv({ REGISTER_NOTICE_RETRY_MS: '30s' })).toThrow('REGISTER_NOTICE_RETRY_MS must be a whole number from 1 to 2147483647, not "30s"');
    expect(() => noticeTimingFromEnv({ REGISTER_NOTICE_TIMEOUT_MS: '0' })).toThrow('REGISTER_NOTICE_TIMEOUT_MS must be');
    // Found by an outsider (session 24): Node runs a timer of more than 2^31-1 ms after 1 ms, so a timeout set
    // huge to mean "never" timed out at once. Every *_MS setting stops at Node's limit, naming it.
    expect(noticeTimingFromEnv({ REGISTER_NOTICE_TIMEOUT_MS: String(MAX_TIMER_MS) }).timeoutMs).toBe(2_147_483_647);
    for (const name of ['REGISTER_NOTICE_TIMEOUT_MS', 'REGISTER_NOTICE_RETRY_MS']) {
      expect(() => noticeTimingFromEnv({ [name]: '3000000000' })).toThrow(`${name} must be a whole number from 1 to 2147483647, not "3000000000"`);
    }
    expect(() => wholeNumberSetting({ SUBGRAPH_TIMEOUT_MS: '2147483648' }, 'SUBGRAPH_TIMEOUT_MS', 10_000, { min: 1 })).toThrow('SUBGRAPH_TIMEOUT_MS must be a whole number from 1 to 2147483647');
    expect(wholeNumberSetting({ MAX_QUERY_COST: '3000000000' }, 'MAX_QUERY_COST', 1, { min: 1 })).toBe(3_000_000_000); // not a timer
    // The look-up window in seconds is the rate limiter's timer too: a 30-day window switched the limit off.
    expect(identityCodeLookupRateFromEnv({ IDENTITY_CODE_LOOKUP_WINDOW_SECONDS: '2147483' }).windowSeconds).toBe(2_147_483);
    expect(() => identityCodeLookupRateFromEnv({ IDENTITY_CODE_LOOKUP_WINDOW_SECONDS: '2592000' })).toThrow('IDENTITY_CODE_LOOKUP_WINDOW_SECONDS must be a whole number from 1 to 2147483, not "2592000"');
    for (const value of ['1e3', '0x20', '8.0', '-0']) {
      expect(() => admissionOptionsFromEnv({ GATEWAY_MAX_CONCURRENT_OPERATIONS: value })).toThrow(`GATEWAY_MAX_CONCURRENT_OPERATIONS must be a whole number of at least 0, not "${value}"`);
    }
    expect(() => statisticsMinimum({ STATISTICS_MIN_COUNT: '1' })).toThrow('STATISTICS_MIN_COUNT must be a whole number from 2 to 100, not "1"');
  });
});

describe("a register's data location", () => {
  it('is <NAME>_DATABASE_URL, else DATABASE_URL, else the embedded database in <NAME>_DATA_DIR or <DATA_DIR>/<name>/pglite; empty is unset', () => {
    expect(registerDataLocation('kela', {})).toEqual({ databaseUrl: undefined, dataDir: resolve('.data', 'kela', 'pglite') });
    expect(registerDataLocation('kela', { DATA_DIR: '/tmp/cg', KELA_DATA_DIR: '' })).toEqual({ databaseUrl: undefined, dataDir: '/tmp/cg/kela/pglite' });
    expect(registerDataLocation('kela', { DATA_DIR: '' })).toEqual({ databaseUrl: undefined, dataDir: resolve('.data', 'kela', 'pglite') });
    expect(registerDataLocation('kela', { DATA_DIR: '/tmp/cg', KELA_DATA_DIR: '/tmp/kela' }).dataDir).toBe('/tmp/kela');
    expect(registerDataLocation('joint', { KELA_DATA_DIR: '/tmp/kela' }).dataDir).toBe(resolve('.data', 'joint', 'pglite'));
    expect(registerDataLocation('kela', { DATABASE_URL: 'postgresql://a/b', KELA_DATABASE_URL: '' }).databaseUrl).toBe('postgresql://a/b');
    expect(registerDataLocation('kela', { DATABASE_URL: 'postgresql://a/b', KELA_DATABASE_URL: 'postgresql://c/d' }).databaseUrl).toBe('postgresql://c/d');
    expect(registerDataLocation('kela', { DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});

describe("a subgraph's URL", () => {
  it('is <NAME>_URL, else <NAME>_PORT or the default port on loopback; empty is unset (found by an outsider: EMPLOYMENT_URL= gave an empty URL)', () => {
    expect(subgraphUrlByName('employment', {})).toBe('http://127.0.0.1:4102/graphql');
    expect(subgraphUrlByName('employment', { EMPLOYMENT_URL: '' })).toBe('http://127.0.0.1:4102/graphql');
    expect(subgraphUrlByName('employment', { EMPLOYMENT_URL: '', EMPLOYMENT_PORT: '4961' })).toBe('http://127.0.0.1:4961/graphql');
    expect(subgraphUrlByName('employment', { EMPLOYMENT_URL: 'http://employment.internal/graphql', EMPLOYMENT_PORT: '4961' })).toBe('http://employment.internal/graphql');
  });
});

describe('a service started with a bad setting', () => {
  it('a register does not start, and opens no database, naming the variable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-settings-'));
    try {
      const refusals: [string, Record<string, string>, string][] = [
        ['kela', { MAX_QUERY_DEPTH: 'nine' }, 'MAX_QUERY_DEPTH must be a whole number'],
        ['kela', { KELA_PORT: '80a' }, 'KELA_PORT must be a whole number'],
        ['kela', { LOG_SEAL_INTERVAL_MS: '1s' }, 'LOG_SEAL_INTERVAL_MS must be a whole number'],
        ['kela', { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '8h' }, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a whole number'],
        ['kela', { NODE_ENV: 'prod' }, 'NODE_ENV must be'],
        ['kela', { LOG_LEVEL: 'warning' }, 'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (or unset: info), not "warning"'],
        ['kela', { INTROSPECTION: 'true' }, 'INTROSPECTION must be "on" or "off"'],
        ['kela', { AUTH_JWKS_URL: 'notaurl' }, 'AUTH_JWKS_URL must be a URL'],
        // The joint register's own settings, read before its database opens (before, at each request).
        ['joint', { IDENTITY_CODE_LOOKUP_LIMIT: '0' }, 'IDENTITY_CODE_LOOKUP_LIMIT must be a whole number'],
        ['joint', { STATISTICS_MIN_COUNT: '1' }, 'STATISTICS_MIN_COUNT must be a whole number'],
        ['joint', { REGISTER_NOTICE_RETRY_MS: '30s' }, 'REGISTER_NOTICE_RETRY_MS must be a whole number'],
      ];
      for (const [name, env, message] of refusals) {
        await expect(startSubgraph(subgraphModule(name) as never, { ...process.env, DATA_DIR: dataDir, PORT: '0', ...env })).rejects.toThrow(message);
      }
      expect(existsSync(join(dataDir, 'kela', 'pglite'))).toBe(false);
      expect(existsSync(join(dataDir, 'joint', 'pglite'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the gateway does not start: it logs the variable and exits 1, without a stack trace', async () => {
    const run = promisify(execFile);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const busy = taken.address() as AddressInfo;
    const cases: [Record<string, string>, string][] = [
      [{ MAX_QUERY_DEPTH: 'nine' }, 'MAX_QUERY_DEPTH must be a whole number of at least 1, not \\"nine\\"'],
      [{ NODE_ENV: 'Production' }, 'NODE_ENV must be \\"production\\"'],
      [{ LOG_LEVEL: 'DEBUG' }, 'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (or unset: info), not \\"DEBUG\\"'],
      [{ GATEWAY_MAX_OPERATIONS_PER_CALLER: '1e3' }, 'GATEWAY_MAX_OPERATIONS_PER_CALLER must be a whole number'],
      [{ PLAYGROUND: 'yes' }, 'PLAYGROUND must be \\"on\\" or \\"off\\"'],
      // Not a number, but a setting all the same: before, an unhandled 'error' event and its stack trace.
      [{ HOST: '999.1.1.1' }, 'cannot listen on 999.1.1.1:0: no such address on this machine'],
      [{ GATEWAY_PORT: String(busy.port) }, `cannot listen on 127.0.0.1:${busy.port}: the port is in use`],
    ];
    for (const [env, message] of cases) {
      const failure = await run(process.execPath, ['--require', 'tsx/cjs', 'gateway/src/index.ts'], {
        cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'info', GATEWAY_PORT: '0', ...env }, timeout: 120_000,
      }).then(() => undefined, (error: { code: number; stdout: string; stderr: string }) => error);
      expect(failure?.code).toBe(1);
      const output = `${failure?.stdout}${failure?.stderr}`;
      expect(output).toContain('could not start');
      expect(output).toContain(message);
      expect(output).not.toMatch(/\n\s+at /);
    }
    taken.close();
  }, 300_000);

  it('a register with INTROSPECTION=off answers neither __schema nor _service { sdl }; unset in development, both', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-settings-'));
    const token = await tokenFor('employment-expert');
    const ask = async (url: string, query: string) => postGraphQL(url, { query }, token);
    for (const [env, served] of [[{}, true], [{ INTROSPECTION: 'off' }, false]] as const) {
      const kela = await startSubgraph(subgraphModule('kela') as never, { ...process.env, DATA_DIR: dataDir, PORT: '0', DEMO_SEED: 'off', ...env });
      try {
        const schema = await ask(kela.listening.url, '{ __schema { queryType { name } } }');
        const sdl = await ask(kela.listening.url, '{ _service { sdl } }');
        if (served) {
          expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
          expect(sdl.data?._service?.sdl).toContain('type Query');
        } else {
          expect(schema.data).toBeUndefined();
          expect(schema.errors?.[0]?.message).toMatch(/introspection/i);
          expect(sdl.data?._service ?? null).toBeNull();
        }
      } finally {
        await kela.stop();
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
