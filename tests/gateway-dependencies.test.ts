// How the gateway process loads its large dependencies (gateway/src/dependencies.ts): Apollo's packages
// without their source maps, our own modules with theirs, and @apollo/federation-internals' exports as
// plain values rather than getters, and the gateway's own result shaping in place of @apollo/gateway's.
// Checked in a separate process started as `npm start` starts the gateway (`--require tsx/cjs`), since
// jest has a module registry of its own.
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../shared/src/subgraphs';

const probe = `
require('./gateway/src/server');
const { findSourceMap } = require('node:module');
const internals = require('@apollo/federation-internals');
const descriptor = Object.getOwnPropertyDescriptor(internals, 'isListType');
process.stdout.write(JSON.stringify({
  dataProperty: 'value' in descriptor && !('get' in descriptor),
  works: internals.isListType(new internals.ListType(new internals.Schema().intType())),
  esModule: internals.__esModule === true,
  exports: Object.keys(internals).length,
  sourceMapsAfter: process.sourceMapsEnabled,
  apolloGatewayMap: Boolean(findSourceMap(require.resolve('@apollo/gateway'))),
  apolloServerMap: Boolean(findSourceMap(require.resolve('@apollo/server'))),
  ownMap: Boolean(findSourceMap(require.resolve('./shared/src/http.ts'))),
  ownResultShaping: require('@apollo/gateway/dist/resultShaping').computeResponse === require('./gateway/src/result-shaping').computeResponse,
}));
`;

it('loads Apollo\'s packages without source maps, keeps ours, and hands the gateway plain federation-internals exports', () => {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', probe], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
  const seen = JSON.parse(out);
  expect(seen).toEqual({
    dataProperty: true,
    works: true,
    esModule: true,
    exports: expect.any(Number),
    sourceMapsAfter: true,
    apolloGatewayMap: false,
    apolloServerMap: false,
    ownMap: true,
    // gateway/src/result-shaping.ts in place of @apollo/gateway's: false after an upgrade of @apollo/gateway
    // past the version it was ported from (PORTED_GATEWAY_VERSION), until the port is checked against it.
    ownResultShaping: true,
  });
  // Every export is there (the package has about 300).
  expect(seen.exports).toBeGreaterThan(250);
});

it('refuses to start with a GATEWAY_HEAP_GROWING_PERCENT that is neither a whole number of percent nor v8, naming it', () => {
  for (const value of ['fifty', '-5', '2.5', '0']) {
    let failure: { status: number | null; stdout: string } | undefined;
    try {
      execFileSync(process.execPath, ['--require', 'tsx/cjs', 'gateway/src/index.ts'], {
        cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000,
        env: { ...process.env, GATEWAY_HEAP_GROWING_PERCENT: value, GATEWAY_PORT: '0', LOG_LEVEL: 'info' },
      });
    } catch (error) {
      failure = error as { status: number | null; stdout: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stdout).toContain(`GATEWAY_HEAP_GROWING_PERCENT must be a whole number of percent from 1 to 1000 or \\"v8\\", not \\"${value}\\"`);
  }
});

it('holds the heap at 50 % growth unless told otherwise, and leaves it to V8 when told v8', async () => {
  // The module itself: setting the flag in this process only changes how this test process collects garbage.
  const { applyHeapGrowingPercent, DEFAULT_HEAP_GROWING_PERCENT } = await import('../gateway/src/heap');
  expect(DEFAULT_HEAP_GROWING_PERCENT).toBe(50);
  expect(applyHeapGrowingPercent(undefined)).toBe(50);
  expect(applyHeapGrowingPercent('')).toBe(50);
  expect(applyHeapGrowingPercent('120')).toBe(120);
  expect(applyHeapGrowingPercent('v8')).toBeUndefined();
});
