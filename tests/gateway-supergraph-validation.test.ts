// Issue 11, cold start: the gateway validates a supergraph at its first start and skips only what passed
// before (gateway/src/supergraph-validation.ts). An invalid supergraph still stops a start and is never
// remembered; production skips validation as Apollo does.
import { existsSync, rmSync } from 'node:fs';
import { authConfigFromEnv, createTokenVerifier } from '../shared/src/auth/tokens';
import { createLogger } from '../shared/src/log';
import { createGateway, loadSupergraphSdl } from '../gateway/src/server';
import { assertComposedFromSubgraphs, supergraphNeedsValidation, validationMarker } from '../gateway/src/supergraph-validation';

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

describe("the committed supergraph, checked against the subgraphs' schemas where it is validated", () => {
  it('passes as committed, and is refused naming the first line that differs where a field is moved to another register', () => {
    const sdl = loadSupergraphSdl();
    expect(() => assertComposedFromSubgraphs(sdl)).not.toThrow();
    // What an outsider tried: a joint field said to come from Kela, which the gateway would then ask Kela for.
    const lines = sdl.split('\n');
    const at = lines.findIndex((line) => /^\s+lastName: String @join__field\(graph: JOINT\)/.test(line));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at].replace('graph: JOINT', 'graph: KELA');
    expect(() => assertComposedFromSubgraphs(lines.join('\n'))).toThrow(
      `schema/supergraph.graphql is not what the subgraphs' schemas (subgraphs/<name>/schema.graphql) compose to (first difference at line ${at + 1})`);
    // One character added at the end is a difference too.
    expect(() => assertComposedFromSubgraphs(`${sdl}\n`)).toThrow('run `npm run compose`');
  }, 60_000);

  it("is validated again when a subgraph's schema changes, though the supergraph did not", () => {
    const schemas = ['type A', 'type B', 'type C', 'type D'];
    const marker = validationMarker(committed, schemas);
    expect(validationMarker(committed, [...schemas])).toBe(marker);
    expect(validationMarker(committed, ['type A', 'type B', 'type C', 'type D2'])).not.toBe(marker);
    expect(validationMarker(committed, ['type A', 'type B', 'type Ctype D', ''])).not.toBe(marker); // not a plain concatenation
    expect(validationMarker(committed)).not.toBe(marker); // the files as they are
  });
});
