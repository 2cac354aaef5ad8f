// OpenTelemetry traces, as an operator switches them on with one setting: the system runs as separate
// processes (as `npm start` runs it) exporting to a real OTLP/HTTP receiver on a free port. One caseload
// request is one trace through the gateway and all four registers, with each SQL statement of the joint
// register under it; no span carries an identity code. With the setting off the SDK is not even loaded.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoPopulation } from '../../shared/src/demo/population';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { containsIdentityCode } from '../../shared/src/log';
import { REPO_ROOT } from '../../shared/src/subgraphs';
import { tracingEnabled } from '../../shared/src/tracing';
import { ProcessSystem } from '../support/processes';
import { CASELOAD_QUERY } from '../support/queries';
import { postGraphQL, tokenFor } from '../support/system';

interface OtlpValue { stringValue?: string; intValue?: string | number; boolValue?: boolean; arrayValue?: { values: OtlpValue[] } }
interface OtlpAttribute { key: string; value: OtlpValue }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: OtlpAttribute[];
  events?: { name: string; attributes?: OtlpAttribute[] }[]; status?: { message?: string };
}
interface ExportedSpan extends OtlpSpan { service: string; attrs: Record<string, unknown> }

/** A minimal OTLP/HTTP JSON trace receiver (POST /v1/traces), keeping every span with its service's name. */
class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  readonly bodies: string[] = [];
  private server?: Server;
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/traces' && String(req.headers['content-type']).includes('json')) {
          this.bodies.push(body);
          const payload = JSON.parse(body) as { resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
          for (const resourceSpans of payload.resourceSpans) {
            const service = String(resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue);
            for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) {
              this.spans.push({ ...span, service, attrs: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, plain(a.value)])) });
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  stop() { return new Promise((resolve) => this.server?.close(resolve)); }
}

const plain = (value: OtlpValue): unknown => value.stringValue ?? value.intValue ?? value.boolValue ?? value.arrayValue?.values.map(plain);

async function until<T>(what: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = what();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for spans');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const OTEL_ON = (receiver: OtlpReceiver) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '200',
});

/**
 * One caseload request through `system`'s gateway is one trace through the gateway and all four registers,
 * with the joint register's SQL statements under its GraphQL operation: the assertions of both runs below.
 */
async function assertCaseloadTrace(system: ProcessSystem, receiver: OtlpReceiver) {
  const result = await postGraphQL(system.gatewayUrl, { query: CASELOAD_QUERY, variables: { first: 20 } }, await tokenFor('employment-expert'));
  expect(result.data?.caseload.edges.length).toBeGreaterThan(0);
  const root = await until(() => receiver.spans.find((s) => s.service === 'gateway' && s.attrs['graphql.operation.name'] === 'Caseload'));
  const inTrace = () => receiver.spans.filter((s) => s.traceId === root.traceId);
  const services = await until(() => {
    const seen = new Set(inTrace().filter((s) => s.attrs['http.route'] !== undefined || s.name.startsWith('POST') || s.name.startsWith('graphql.')).map((s) => s.service));
    return seen.size === 5 ? seen : undefined;
  });
  expect([...services].sort()).toEqual(['gateway', 'subgraph-employment', 'subgraph-joint', 'subgraph-kela', 'subgraph-wellbeing']);
  // Every register's GraphQL operation is a span of graphql's instrumentation (it patches graphql when required).
  const operations = await until(() => {
    const seen = new Set(inTrace().filter((s) => s.service.startsWith('subgraph-') && s.attrs['graphql.operation.type'] === 'query').map((s) => s.service));
    return seen.size === 4 ? seen : undefined;
  });
  expect(operations.size).toBe(4);

  // Each register's work hangs under the gateway's request: once every span has arrived (each service sends
  // its own batches), the trace has one root, the gateway's, and every other span's parent is in it.
  const spans = await until(() => {
    const all = inTrace();
    const ids = new Set(all.map((s) => s.spanId));
    return all.every((s) => !s.parentSpanId || ids.has(s.parentSpanId)) ? all : undefined;
  });
  expect(spans.filter((s) => !s.parentSpanId).map((s) => s.service)).toEqual(['gateway']);

  // The joint register's statements: parameterised SQL under its GraphQL operation.
  const statements = await until(() => {
    const found = inTrace().filter((s) => s.service === 'subgraph-joint' && typeof (s.attrs['db.query.text'] ?? s.attrs['db.statement']) === 'string');
    return found.length ? found : undefined;
  });
  const sql = statements.map((s) => String(s.attrs['db.query.text'] ?? s.attrs['db.statement']));
  expect(sql.some((text) => /\bSELECT\b/i.test(text))).toBe(true);
  // Also the statements sent to the driver directly, not through Prisma (BENCHMARKS.md change 15): the
  // caseload's rows as JSON and the access-log entry, each a span of its own under the operation.
  const direct = await until(() => {
    const texts = inTrace().filter((s) => s.service === 'subgraph-joint').map((s) => String(s.attrs['db.query.text'] ?? s.attrs['db.statement'] ?? ''));
    return texts.some((text) => text.includes('json_agg')) && texts.some((text) => text.startsWith('INSERT INTO "AccessLogEntry"')) ? texts : undefined;
  });
  expect(direct).toBeDefined();
  const byId = new Map(inTrace().map((s) => [s.spanId, s]));
  const ancestors = (span: ExportedSpan) => { const chain: ExportedSpan[] = []; for (let p = byId.get(span.parentSpanId ?? ''); p; p = byId.get(p.parentSpanId ?? '')) chain.push(p); return chain; };
  expect(ancestors(statements[0]).some((s) => s.service === 'subgraph-joint' && s.attrs['graphql.operation.type'] === 'query')).toBe(true);
  expect(ancestors(statements[0]).at(-1)?.service).toBe('gateway');
}

/**
 * The five services with tracing on, exporting to a receiver of their own, started before the enclosing
 * describe's tests and stopped after them; `compiled`: their bundles, as `npm start` runs them, else their sources.
 */
function tracedSystem({ compiled = false } = {}) {
  const traced = { receiver: new OtlpReceiver(), system: undefined as unknown as ProcessSystem };
  let dataDir: string;
  beforeAll(async () => {
    await traced.receiver.start();
    dataDir = mkdtempSync(join(tmpdir(), 'cg-tracing-'));
    // Five processes start side by side; on a busy two-core machine that can take minutes.
    traced.system = await ProcessSystem.start({ DATA_DIR: dataDir, DEMO_CUSTOMERS: '10', ...OTEL_ON(traced.receiver) }, undefined, 240_000, { compiled });
  }, 300_000);
  afterAll(async () => {
    await traced.system?.stop();
    await traced.receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return traced;
}

describe('with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  const traced = tracedSystem();

  it('one caseload request is one trace through the gateway and all four registers, with the joint register\'s SQL statements in it', async () => {
    await assertCaseloadTrace(traced.system, traced.receiver);
  });

  it('carries the caller\'s W3C trace context on from register to register: a third party\'s read asks the joint register for consents in the same trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const query = 'query EmployerView($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { employment { jobSeeker { employmentStatus } } } } }';
    await postGraphQL(`${traced.system.url('employment')}/graphql`, { query, variables: { r: [{ __typename: 'Customer', id: demoPopulation()[1].id }] } },
      await tokenFor('employer'), { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    const lookup = await until(() => traced.receiver.spans.find((s) => s.traceId === traceId && s.service === 'subgraph-joint' && s.attrs['url.path'] === '/internal/consents'));
    const caller = await until(() => traced.receiver.spans.find((s) => s.spanId === lookup.parentSpanId));
    expect(caller).toMatchObject({ traceId, service: 'subgraph-employment' });
  });

  it('no span carries an identity code, however the caller sends it', async () => {
    const customer = demoPopulation()[2];
    const code = customer.personalIdentityCode;
    const token = await tokenFor('employment-expert');
    const field = 'customerByPersonalIdentityCode';
    const inName = artificialPersonalIdentityCode('2001-05-10', 950); // 100501A950C: a GraphQL name may hold it
    await postGraphQL(traced.system.gatewayUrl, { query: `query ByCode($code: String!) { ${field}(personalIdentityCode: $code) { lastName } }`, variables: { code } }, token);
    await postGraphQL(traced.system.gatewayUrl, { query: `query View_${inName} { ${field}(personalIdentityCode: "${code}") { lastName } }` }, token);
    await fetch(`${traced.system.gatewayUrl}?query=${encodeURIComponent(`{ ${field}(personalIdentityCode: "${code}") { lastName } }`)}`, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } });
    await until(() => traced.receiver.spans.some((s) => s.service === 'gateway' && String(s.attrs['graphql.operation.name'] ?? '').startsWith('View_')));
    await new Promise((r) => setTimeout(r, 1000)); // the registers' batches too
    const everything = traced.receiver.bodies.join('\n');
    for (const raw of [code, code.toLowerCase(), inName, customer.lastName]) expect(everything.includes(raw)).toBe(false);
    for (const span of traced.receiver.spans) {
      const strings = [span.name, span.status?.message, ...Object.values(span.attrs).flat(), ...(span.events ?? []).flatMap((e) => (e.attributes ?? []).map((a) => plain(a.value)))]
        .filter((v): v is string => typeof v === 'string');
      for (const text of strings) expect(containsIdentityCode(text)).toBe(false);
    }
    expect(traced.receiver.spans.some((s) => s.attrs['graphql.operation.name'] === 'View_[identity code]')).toBe(true);
  });
});

// The compiled services, as `npm start` runs them (scripts/build.ts): a register's bundle holds its packages,
// but graphql (and pg) stay ordinary requires, which is what OpenTelemetry's instrumentations patch.
describe('with OTEL_EXPORTER_OTLP_ENDPOINT set, the services compiled', () => {
  const traced = tracedSystem({ compiled: true });

  it('one caseload request is one trace through the gateway and all four registers, the registers\' GraphQL operations and SQL statements in it', async () => {
    await assertCaseloadTrace(traced.system, traced.receiver);
  });
});

describe('with the setting off', () => {
  const loadedTelemetry = async (env: NodeJS.ProcessEnv) => {
    // A service's modules as its entry loads them; then which of tracing's modules are in memory. (@apollo/gateway
    // loads OpenTelemetry's API and its own metrics packages whatever the setting; they send nothing unless Apollo's
    // usage reporting is configured.)
    const script = [
      "require('./shared/src/tracing/start');",
      "require('./gateway/src/server');",
      "require('./shared/src/graphql/run');",
      "const loaded = Object.keys(require.cache).filter((p) => /@opentelemetry[\\\\/](sdk-trace|exporter-trace|instrumentation|context-async-hooks)|@prisma[\\\\/]instrumentation/.test(p));",
      'process.stdout.write(JSON.stringify(loaded.length));',
    ].join('\n');
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, env: { ...clean, ...env } });
    return Number(stdout);
  };

  it('loads no OpenTelemetry SDK at all, and sends nothing', async () => {
    const receiver = new OtlpReceiver();
    await receiver.start();
    try {
      expect(await loadedTelemetry({})).toBe(0);
      expect(await loadedTelemetry({ ...OTEL_ON(receiver), OTEL_SDK_DISABLED: 'true' })).toBe(0);
      expect(await loadedTelemetry({ ...OTEL_ON(receiver), OTEL_TRACES_EXPORTER: 'none' })).toBe(0);
      // The same check sees the SDK when the setting is on.
      expect(await loadedTelemetry({ OTEL_TRACES_EXPORTER: 'otlp' })).toBeGreaterThan(0);
      expect(receiver.spans).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });

  it('is switched on by the standard settings only', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(tracingEnabled({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
  });
});
