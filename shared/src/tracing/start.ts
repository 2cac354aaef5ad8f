// Imported FIRST by each service's entry (gateway/src/index.ts, subgraphs/*/src/index.ts): starts tracing
// when the OTLP settings ask for it (./index.ts), before anything it instruments is loaded.
import { serviceNameFor, startTracing } from './index';

startTracing(serviceNameFor(process.argv[1]));
