// The OpenTelemetry SDK, loaded only when tracing is on (./index.ts). Spans of one service: incoming and
// outgoing HTTP (node:http server, fetch client; the W3C `traceparent` header carries the trace from the
// gateway to each register and from register to register), GraphQL parse/validate/execute (values replaced
// by `*` in the recorded document), the gateway's own query-plan and fetch spans (@apollo/gateway), and each
// SQL statement: Prisma's client and db_query spans on both database paths, and the pg driver's on
// PostgreSQL. Before a span leaves the process every string it carries is masked for identity codes and
// query strings are cut from URLs (a GET request may carry variables there).
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import { maskIdentityCodes } from '../log';

/** Attributes that would carry request values: never exported. */
const DROPPED_ATTRIBUTE = /^(url\.query|graphql\.variables\.|db\.query\.parameter\.|http\.request\.header\.|http\.response\.header\.)/;
/** Attributes holding a URL or a path: exported without their query string. */
const URL_ATTRIBUTES = new Set(['url.full', 'http.url', 'http.target', 'url.original']);

type AttributeValue = string | number | boolean | (string | number | boolean | null | undefined)[] | undefined;

function maskAttributes(attributes: Record<string, AttributeValue>) {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (DROPPED_ATTRIBUTE.test(key)) delete attributes[key];
    else if (typeof value === 'string') attributes[key] = maskIdentityCodes(URL_ATTRIBUTES.has(key) ? value.replace(/\?.*$/s, '') : value);
    else if (Array.isArray(value)) attributes[key] = value.map((item) => (typeof item === 'string' ? maskIdentityCodes(item) : item));
  }
}

/**
 * Masks identity codes in a span's name, attributes, event attributes and status message while it is
 * still open (onEnding), so that the exporters after it never see a code.
 */
export class MaskingSpanProcessor implements SpanProcessor {
  onStart(): void {}
  onEnding(span: Span): void {
    const name = maskIdentityCodes(span.name);
    if (name !== span.name) span.updateName(name);
    maskAttributes(span.attributes as Record<string, AttributeValue>);
    for (const event of span.events) if (event.attributes) maskAttributes(event.attributes as Record<string, AttributeValue>);
    if (span.status.message) span.status.message = maskIdentityCodes(span.status.message);
  }
  onEnd(): void {}
  forceFlush(): Promise<void> { return Promise.resolve(); }
  shutdown(): Promise<void> { return Promise.resolve(); }
}

let provider: NodeTracerProvider | undefined;

/**
 * Registers the tracer provider (W3C trace context, AsyncLocalStorage context) and the instrumentations for
 * `serviceName`, exporting over OTLP/HTTP JSON to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT (default
 * http://localhost:4318) in batches (OTEL_BSP_* settings); sampling by OTEL_TRACES_SAMPLER (default: every
 * request, or as the caller's trace context says).
 */
export function startTracingSdk(serviceName: string): void {
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'customer-graph' }),
    spanProcessors: [new MaskingSpanProcessor(), new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Health probes are not requests anyone waits on.
        ignoreIncomingRequestHook: (request) => (request.url ?? '').startsWith('/health'),
      }),
      new UndiciInstrumentation(),
      // One span per operation phase, none per field: a caseload resolves thousands of fields.
      new GraphQLInstrumentation({ ignoreResolveSpans: true, allowValues: false, mergeItems: true }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new PrismaInstrumentation(),
    ],
  });
  // Spans still in the batch are sent before the process ends on a signal (best effort, at most 1 s).
  const flush = () => { void Promise.race([provider?.forceFlush(), new Promise((r) => setTimeout(r, 1000).unref())]); };
  process.once('SIGTERM', flush);
  process.once('SIGINT', flush);
}

