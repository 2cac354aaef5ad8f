// Numeric settings (shared/src/settings.ts): a value set but not a whole number in range stops the start,
// naming the variable. Before, `Number("nine")` was NaN and every comparison with NaN false, so a typo
// switched a limit off: MAX_QUERY_DEPTH=nine admitted any depth, AUTH_MAX_TOKEN_LIFETIME_SECONDS=8h tokens of
// any lifetime, REGISTER_NOTICE_RETRY_MS=30s ran the joint register's outbox rounds every millisecond.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { authConfigFromEnv } from '../shared/src/auth/config';
import { startSubgraph } from '../shared/src/graphql/run';
import { identityCodeLookupRateFromEnv, operationLimitsFromEnv } from '../shared/src/graphql/limits';
import { wholeNumberSetting } from '../shared/src/settings';
import { noticeTimingFromEnv } from '../subgraphs/joint/src/home-municipality-notices';
import { subgraphModule } from './support/system';

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

describe('the settings that guard the law and the limits', () => {
  it('take a well-formed value', () => {
    expect(operationLimitsFromEnv({ MAX_QUERY_DEPTH: '5', MAX_QUERY_COST: '1000' })).toEqual(expect.objectContaining({ maxDepth: 5, maxCost: 1000 }));
    expect(authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).maxTokenLifetimeSeconds).toBe(3600);
    expect(identityCodeLookupRateFromEnv({ IDENTITY_CODE_LOOKUP_LIMIT: '5' })).toEqual({ lookups: 5, windowSeconds: 60 });
    expect(noticeTimingFromEnv({ REGISTER_NOTICE_RETRY_MS: '400' })).toEqual({ timeoutMs: 2000, retryMs: 400 });
  });

  it('refuse a typo instead of switching the limit off', () => {
    expect(() => operationLimitsFromEnv({ MAX_QUERY_DEPTH: 'nine' })).toThrow('MAX_QUERY_DEPTH must be a whole number of at least 1, not "nine"');
    expect(() => operationLimitsFromEnv({ MAX_QUERY_DEPTH: '0' })).toThrow('MAX_QUERY_DEPTH must be');
    expect(() => operationLimitsFromEnv({ MAX_QUERY_COST: '500k' })).toThrow('MAX_QUERY_COST must be');
    expect(() => operationLimitsFromEnv({ MAX_ENTITY_REPRESENTATIONS: 'all' })).toThrow('MAX_ENTITY_REPRESENTATIONS must be');
    expect(() => authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '8h' })).toThrow('AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a whole number of at least 1, not "8h"');
    expect(() => identityCodeLookupRateFromEnv({ IDENTITY_CODE_LOOKUP_LIMIT: 'thirty' })).toThrow('IDENTITY_CODE_LOOKUP_LIMIT must be');
    expect(() => noticeTimingFromEnv({ REGISTER_NOTICE_RETRY_MS: '30s' })).toThrow('REGISTER_NOTICE_RETRY_MS must be a whole number of at least 1, not "30s"');
    expect(() => noticeTimingFromEnv({ REGISTER_NOTICE_TIMEOUT_MS: '0' })).toThrow('REGISTER_NOTICE_TIMEOUT_MS must be');
  });
});

describe('a service started with a bad setting', () => {
  it('a register does not start, and opens no database, naming the variable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-settings-'));
    try {
      for (const env of [{ MAX_QUERY_DEPTH: 'nine' }, { KELA_PORT: '80a' }, { LOG_SEAL_INTERVAL_MS: '1s' }, { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '8h' }]) {
        const [name, value] = Object.entries(env)[0];
        await expect(startSubgraph(subgraphModule('kela') as never, { ...process.env, DATA_DIR: dataDir, PORT: '0', ...env }))
          .rejects.toThrow(`${name} must be a whole number`);
        expect(value).not.toMatch(/^\d+$/);
      }
      expect(existsSync(join(dataDir, 'kela', 'pglite'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the gateway does not start: it logs the variable and exits 1, without a stack trace', async () => {
    const run = promisify(execFile);
    const failure = await run(process.execPath, ['--require', 'tsx/cjs', 'gateway/src/index.ts'], {
      cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'info', GATEWAY_PORT: '0', MAX_QUERY_DEPTH: 'nine' }, timeout: 120_000,
    }).then(() => undefined, (error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure?.code).toBe(1);
    const output = `${failure?.stdout}${failure?.stderr}`;
    expect(output).toContain('could not start');
    expect(output).toContain('MAX_QUERY_DEPTH must be a whole number of at least 1, not \\"nine\\"');
    expect(output).not.toMatch(/\n\s+at /);
  }, 150_000);
});
