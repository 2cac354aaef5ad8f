// Issue 11, cold start: the gateway validates a supergraph at its first start and skips only what passed
// before (gateway/src/supergraph-validation.ts). An invalid supergraph still stops a start and is never
// remembered; production skips validation as Apollo does.
import { existsSync, rmSync } from 'node:fs';
import { authConfigFromEnv, createTokenVerifier } from '../shared/src/auth/tokens';
import { createLogger } from '../shared/src/log';
import { createGateway, loadSupergraphSdl } from '../gateway/src/server';
import { supergraphNeedsValidation, validationMarker } from '../gateway/src/supergraph-validation';

// A different SDL (hence its own marker) per test run, so that a marker from an earlier run cannot answer.
const runTag = `# validation test ${process.pid} ${Date.now()}\n`;
const committed = runTag + loadSupergraphSdl();
// Builds, but is not a valid schema: an argument's default of the wrong type (graphql-js's checks of the schema
// that the gateway serves refuse it too, so the start fails with validation on or off; what is tested here is
// that a supergraph that did not load is never remembered as valid).
const invalid = committed.replace(/type Query([^{]*)\{/, 'type Query$1{\n  brokenField(limit: Int = "many"): String @join__field(graph: JOINT)');
afterAll(() => { for (const sdl of [committed, invalid]) rmSync(validationMarker(sdl), { force: true }); });

const start = async (supergraphSdl: string) => createGateway({
  verifyToken: await createTokenVerifier(authConfigFromEnv()), log: createLogger({ service: 'gateway' }), supergraphSdl,
});

it('validates a supergraph at its first start, remembers it once loaded, and skips validation at the next start', async () => {
  expect(supergraphNeedsValidation(committed, {})).toBe(true);
  const gateway = await start(committed);
  await gateway.server.stop();
  expect(existsSync(validationMarker(committed))).toBe(true);
  expect(supergraphNeedsValidation(committed, {})).toBe(false);
  // Another SDL is another marker: one edited character is validated again.
  expect(supergraphNeedsValidation(committed.replace('validation test', 'validation  test'), {})).toBe(true);
}, 60_000);

it('stops the start on an invalid supergraph, naming what is wrong, and never remembers it', async () => {
  expect(invalid).not.toBe(committed);
  expect(supergraphNeedsValidation(invalid, {})).toBe(true);
  await expect(start(invalid)).rejects.toThrow(/Invalid default value \(got: "many"\)/);
  expect(existsSync(validationMarker(invalid))).toBe(false);
  expect(supergraphNeedsValidation(invalid, {})).toBe(true);
}, 60_000);

it('does not validate in production, as Apollo does not', () => {
  expect(supergraphNeedsValidation(invalid, { NODE_ENV: 'production' })).toBe(false);
});
